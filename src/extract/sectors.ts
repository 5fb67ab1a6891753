/**
 * Victim sectors from the closed taxonomy. A sector word counts only where the sentence is about an attack and the
 * word names victims: not the sponsor ("the Chinese government"), not a source ("U.S. officials said"), not the trade
 * of a vendor ("semiconductor maker Broadcom").
 */
import type { Mention, SectorEntity } from '../claims/types.ts';
import type { ExtractionCatalog } from './catalog/index.ts';
import type { SectorRecord } from './catalog/types.ts';
import type { CountryMention } from './countries.ts';
import { TARGETING } from './cues.ts';
import type { Doc } from './document.ts';
import type { VendorMention } from './vendors.ts';

export interface SectorMention extends Mention {
  sectorId: string;
}

const STATE_AFTER =
  /^[-\s]?(?:linked|backed|sponsored|affiliated|aligned|supported|support|backing|run|controlled|directed|funded|officials said|said|says|has (?:consistently )?denied|denied|denies)\b/i;
const SOURCE_AFTER =
  /^\s+(?:[\p{L}-]+\s+){0,4}?(?:said|say|says|told|accused|alleged|allege|warned|believe|believes|announced|noted|reported|confirmed|investigat\w+|sanctioned|indicted|charged|urged|issued|attributed|blamed)\b/iu;
const DESCRIBES_ORG =
  /^\s+(?:maker|provider|giant|firm|company|vendor|manufacturer|supplier|specialist|outfit)\s+(?:\p{Lu}[\p{L}-]*)/u;

export function extractSectors(
  doc: Doc,
  catalog: ExtractionCatalog,
  countries: readonly CountryMention[],
  vendors: readonly VendorMention[],
): { entities: SectorEntity[]; mentions: SectorMention[] } {
  const { text } = doc;
  const mentions: SectorMention[] = [];
  // Per sentence, not per mention: a sentence full of sector words is tested once.
  const targeting = new Map<number, boolean>();
  const byEnd = [...countries].sort((a, b) => a.end - b.end);
  for (const m of catalog.sectorMatcher.match(text, doc.tokens)) {
    const sector = m.entries[0]?.payload as SectorRecord;
    const sentence = doc.sentenceAt(m.start);
    let isTargeting = targeting.get(sentence.index);
    if (isTargeting === undefined) {
      isTargeting = TARGETING.test(doc.sentenceText(sentence));
      targeting.set(sentence.index, isTargeting);
    }
    if (!isTargeting) continue;
    const after = text.slice(m.end, Math.min(sentence.end, m.end + 60));
    if (SOURCE_AFTER.test(after) || STATE_AFTER.test(after)) continue;
    const describes = DESCRIBES_ORG.exec(after);
    if (describes && vendors.some((v) => v.start >= m.end && v.start <= m.end + describes[0].length + 1)) continue;
    if (isStateItself(text, m.start, byEnd)) continue;
    if (insideProperName(text, m.start, m.text, sentence.start)) continue;
    mentions.push({ text: m.text, start: m.start, end: m.end, sectorId: sector.id });
  }
  const byId = new Map<string, SectorEntity>();
  for (const m of mentions) {
    let entity = byId.get(m.sectorId);
    if (!entity) {
      entity = { id: m.sectorId, mentions: [] };
      byId.set(m.sectorId, entity);
    }
    entity.mentions.push({ text: m.text, start: m.start, end: m.end });
  }
  return { entities: [...byId.values()], mentions };
}

/** "Sony Pictures Entertainment": a capitalised sector word after a capitalised word is part of a name. */
function insideProperName(text: string, start: number, surface: string, sentenceStart: number): boolean {
  if (!/^\p{Lu}/u.test(surface) || start === sentenceStart) return false;
  return /\p{Lu}[\p{L}&.-]*\s+$/u.test(text.slice(Math.max(sentenceStart, start - 30), start));
}

/**
 * "the Chinese government", "China's government" when China is the origin, not the victim. `byEnd` is sorted by
 * `end`, so only the countries ending in the 40 characters before `start` are looked at (a scan of all of them per
 * sector word was quadratic on a page full of both).
 */
function isStateItself(text: string, start: number, byEnd: readonly CountryMention[]): boolean {
  let lo = 0;
  let hi = byEnd.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((byEnd[mid] as CountryMention).end <= start - 40) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < byEnd.length; i++) {
    const c = byEnd[i] as CountryMention;
    if (c.end > start) break;
    // Proper names may stand between: "Russia's GRU military intelligence agency".
    if (/^(?:['’]s)?(?:\s+\p{Lu}[\p{L}-]*)*\s*(?:central\s+|federal\s+|communist\s+)?$/u.test(text.slice(c.end, start)))
      return c.role !== 'victim';
  }
  return false;
}
