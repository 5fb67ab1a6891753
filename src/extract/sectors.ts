/**
 * Sector mentions from the closed taxonomy: every phrase the catalog knows is a candidate. Whether a mention names a
 * victim, and whose, is a learned decision over its context (src/extract/relations.ts); only what can never be a
 * victim is dropped here: a sector word inside a proper name ("Sony Pictures Entertainment") and the trade of a
 * vendor ("semiconductor maker Broadcom").
 */
import type { Mention, SectorEntity } from '../claims/types.ts';
import type { ExtractionCatalog } from './catalog/index.ts';
import type { SectorRecord } from './catalog/types.ts';
import type { Doc } from './document.ts';
import type { VendorMention } from './vendors.ts';

export interface SectorMention extends Mention {
  sectorId: string;
}

const DESCRIBES_ORG =
  /^\s+(?:maker|provider|giant|firm|company|vendor|manufacturer|supplier|specialist|outfit)\s+(?:\p{Lu}[\p{L}-]*)/u;

export function sectorCandidates(
  doc: Doc,
  catalog: ExtractionCatalog,
  vendors: readonly VendorMention[],
): SectorMention[] {
  const { text } = doc;
  const mentions: SectorMention[] = [];
  for (const m of catalog.sectorMatcher.match(text, doc.tokens)) {
    const sector = m.entries[0]?.payload as SectorRecord;
    const sentence = doc.sentenceAt(m.start);
    const describes = DESCRIBES_ORG.exec(text.slice(m.end, Math.min(sentence.end, m.end + 60)));
    if (describes && vendors.some((v) => v.start >= m.end && v.start <= m.end + describes[0].length + 1)) continue;
    if (insideProperName(text, m.start, m.text, sentence.start)) continue;
    mentions.push({ text: m.text, start: m.start, end: m.end, sectorId: sector.id });
  }
  return mentions;
}

/** The article's victim sectors, from the mentions the model accepted. */
export function sectorEntities(mentions: readonly SectorMention[]): SectorEntity[] {
  const byId = new Map<string, SectorEntity>();
  for (const m of mentions) {
    let entity = byId.get(m.sectorId);
    if (!entity) {
      entity = { id: m.sectorId, mentions: [] };
      byId.set(m.sectorId, entity);
    }
    entity.mentions.push({ text: m.text, start: m.start, end: m.end });
  }
  return [...byId.values()];
}

/** "Sony Pictures Entertainment": a capitalised sector word after a capitalised word is part of a name. */
function insideProperName(text: string, start: number, surface: string, sentenceStart: number): boolean {
  if (!/^\p{Lu}/u.test(surface) || start === sentenceStart) return false;
  return /\p{Lu}[\p{L}&.-]*\s+$/u.test(text.slice(Math.max(sentenceStart, start - 30), start));
}
