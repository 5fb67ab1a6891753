/**
 * The body extractor's tuned thresholds: the numbers a fixed rule cannot settle from first principles (how much
 * prose around the best container makes it part of the article, how link-heavy a block inside the body may be).
 * `npm run train:bodies` picks them on the labelled page sets and writes `data/body-tuning.json`, read here; every
 * field has a default, so the parser runs with or without that file being retrained. See docs/article-bodies.md.
 */
import { readFileSync } from 'node:fs';

export interface BodyTuning {
  /** Ancestor levels the chosen container may widen to when the text around it reads as more of the article. */
  widenLevels: number;
  /** Widening stops when the added text's link density exceeds this. */
  widenMaxLinkDensity: number;
  /** ... or when less than this share of the added text sits in prose blocks (paragraph-length, few links). */
  widenMinProseShare: number;
  /** ... or when the ancestor holds more than this many times the container's text beyond it. */
  widenMaxGrowth: number;
  /** Link density above which a block inside the body with no content name is dropped as a link list. */
  blockMaxLinkDensity: number;
  /**
   * Below this much body text the strict pass probably removed the article with the chrome (or scored a teaser or a
   * widget): retry leniently, then with the whole page.
   */
  minBodyChars: number;
  /** Lead blocks (the standfirst between headline and body) added before the body; 0 adds none. */
  leadMaxBlocks: number;
  /** ... only when at most this many characters of text stand between the headline and the body. */
  leadMaxGap: number;
}

export const DEFAULT_BODY_TUNING: BodyTuning = {
  widenLevels: 0,
  widenMaxLinkDensity: 0.2,
  widenMinProseShare: 0.5,
  widenMaxGrowth: 1,
  blockMaxLinkDensity: 0.2,
  minBodyChars: 250,
  leadMaxBlocks: 0,
  leadMaxGap: 600,
};

/** Reads the committed tuning, falling back to the defaults field by field. */
function loadTuning(): BodyTuning {
  try {
    const raw = JSON.parse(readFileSync(new URL('./data/body-tuning.json', import.meta.url), 'utf8')) as {
      tuning?: Partial<BodyTuning>;
    };
    return { ...DEFAULT_BODY_TUNING, ...pickNumbers(raw.tuning ?? {}) };
  } catch {
    return DEFAULT_BODY_TUNING;
  }
}

function pickNumbers(t: Partial<BodyTuning>): Partial<BodyTuning> {
  const out: Partial<BodyTuning> = {};
  for (const k of Object.keys(DEFAULT_BODY_TUNING) as (keyof BodyTuning)[]) {
    const v = t[k];
    if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  }
  return out;
}

export const BODY_TUNING: BodyTuning = loadTuning();
