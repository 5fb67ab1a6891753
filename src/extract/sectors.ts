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
  for (const m of catalog.sectorMatcher.match(text, doc.tokens)) {
    const sector = m.entries[0]?.payload as SectorRecord;
    const sentence = doc.sentenceAt(m.start);
    if (!TARGETING.test(doc.sentenceText(sentence))) continue;
    const after = text.slice(m.end, Math.min(sentence.end, m.end + 60));
    if (SOURCE_AFTER.test(after) || STATE_AFTER.test(after)) continue;
    const describes = DESCRIBES_ORG.exec(after);
    if (describes && vendors.some((v) => v.start >= m.end && v.start <= m.end + describes[0].length + 1)) continue;
    if (isStateItself(text, m.start, countries)) continue;
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

/** "the Chinese government", "China's government" when China is the origin, not the victim. */
function isStateItself(text: string, start: number, countries: readonly CountryMention[]): boolean {
  // Proper names may stand between: "Russia's GRU military intelligence agency".
  const country = countries.find(
    (c) =>
      c.end <= start &&
      start - c.end < 40 &&
      /^(?:['’]s)?(?:\s+\p{Lu}[\p{L}-]*)*\s*(?:central\s+|federal\s+|communist\s+)?$/u.test(text.slice(c.end, start)),
  );
  return country !== undefined && country.role !== 'victim';
}
