/**
 * Vendors and agencies cited as the source of findings or attribution. A vendor named only as a victim, a parent
 * company or a product maker is not a source: each mention is read in its sentence for the signs of citation
 * ("according to researchers from Symantec", "FireEye's Tim Wellsmore said", "Mandiant Threat Intelligence",
 * "the U.S. Justice Department announced").
 */
import nlp from 'compromise';
import type { Mention, VendorEntity } from '../claims/types.ts';
import type { ExtractionCatalog } from './catalog/index.ts';
import type { VendorRecord } from './catalog/types.ts';
import type { Doc } from './document.ts';
import type { Sentence } from './text/sentences.ts';

export interface VendorMention extends Mention {
  vendorId: string;
  /** True when this mention cites the vendor as a source. */
  cited: boolean;
}

export interface VendorExtraction {
  entities: VendorEntity[];
  mentions: VendorMention[];
  /** People the article ties to a vendor ("Wellsmore" → fireeye), by lower-case surname and full name. */
  affiliations: Map<string, string>;
}

const REPORTING_VERB =
  /(?:said|says|say|told|tells|reported|reports|report|found|finds|discovered|discovers|observed|observes|warned|warns|noted|notes|tracks|tracked|tracking|attributed|attributes|believes|believe|assessed|assesses|assess|concluded|concludes|determined|determines|confirmed|confirms|identified|identifies|detected|detects|uncovered|spotted|linked|links|tied|ties|disclosed|discloses|published|publishes|announced|announces|revealed|reveals|wrote|writes|added|adds|explained|explains|stated|states|estimated|estimates|dubbed|dubs|calls|called|named|labell?ed|sanctioned|sanctions|indicted|indicts|charged|charges|dismantled|dismantles|disrupted|disrupts|seized|seizes|issued|issues|urged|urges|alleged|alleges|accused|accuses|blamed|blames|traced|traces|exposed|exposes|shared|shares|agreed|agrees|emphasized|emphasizes|pointed out|points out|asserts|asserted|speculated|warned|cautioned|documented|analy[sz]ed|researched|investigated|monitors|monitored|has seen|saw|notified|alerted|released|recommended|advised)/;

const SOURCE_AFTER = new RegExp(
  [
    "^(?:['’]s?(?:\\s+(?:\\p{Lu}[\\p{L}-]*|of|for|and)){0,6})?", // 's Criminal Division, 's Office of Foreign Assets Control
    '(?:\\s*\\([^)]{1,20}\\))?', // (OFAC)
    '(?:\\s*,[^,.;]{1,60},)?', // , a division of …,
    '(?:\\s+and\\s+(?:[\\p{L}.-]+\\s+){0,5}?[\\p{L}.-]+)?', // and Japanese police
    '(?:\\s+(?:researchers?|analysts?|experts?|investigators?|scientists?|team|teams|officials?|report|reports|research|analysis|blog|advisory|data|telemetry|intelligence|threat intelligence))?',
    '(?:\\s*,[^,.;]{1,60},)?', // researchers, who helped CERT-UA respond,
    '(?:\\s+(?:has|have|had|also|jointly|previously|recently|first|publicly|later|separately|itself|in\\s+[^.;,]{1,25}?|on\\s+\\p{Lu}\\w+|last\\s+\\w+|this\\s+\\w+))*',
    `\\s+${REPORTING_VERB.source}\\b`,
  ].join(''),
  'u',
);

const SOURCE_BEFORE =
  /(?:according to|came from|comes from|come from|researchers?|analysts?|experts?|investigators?|scientists?|report(?:s|ed)?|research|findings|analysis|data|telemetry|attributed|tracked|identified|discovered|observed|spotted|uncovered|named|dubbed|published|released|issued|warned|disclosed|reported|confirmed|(?:said|says|told|added|noted|according to)\s+[\p{Lu}][\p{L}'’.-]*(?:\s+[\p{Lu}][\p{L}'’.-]*){0,2},?\s+(?:a\s+|the\s+)?[\p{L}\s-]{0,60}?)\s+(?:by|from|at|of|with|for|to)?\s*(?:the\s+|a\s+|an\s+)?(?:[\p{L}-]+\s+){0,3}$/iu;

const TITLE_BEFORE =
  /\b(?:analyst|researcher|director|officer|manager|chief|head|lead|leader|president|vp|engineer|expert|scientist|fellow|architect|strategist|spokes(?:person|man|woman)|founder|ceo|cto|ciso|partner|consultant|investigator|principal)\b[^.,;]{0,40}\b(?:at|of|with|for)\s+(?:the\s+)?(?:[\p{L}-]+\s+){0,3}$/iu;

/** Vendor named as someone's owner or parent, not as a source. */
const PARENT_BEFORE =
  /\b(?:division|subsidiary|unit|arm|part|owner|parent(?: company)?)\s+of\s+(?:[\p{L}-]+\s+){0,3}$|\b(?:owned|acquired|bought)\s+by\s+$/iu;

/** "the company said", "researchers found": credit goes to the vendor named last. */
const DEFINITE_SOURCE =
  /\b(?:the (?:company|firm|vendor|researchers|analysts|agency|bureau|department|team|report)|its researchers|researchers)\s+(?:also\s+)?(?:said|says|found|reported|warned|noted|added|believes|assessed|observed|wrote|stated)\b/i;

const SPEECH =
  /\b(?:said|says|told|added|noted|explained|warned|asserts?|asserted|emphasi[sz]ed|speculated|admitted|points? out|pointed out|according to)\b/i;

/** Research-team names ("Mandiant Threat Intelligence", "Symantec Threat Hunter Team") cite by themselves. */
const TEAM_NAME =
  /\b(?:intelligence|research|labs?|team|unit|group|threatlabz|x-force|talos|tag|insikt|spiderlabs|center|centre)\b/i;

export function extractVendors(doc: Doc, catalog: ExtractionCatalog): VendorExtraction {
  const { text } = doc;
  const matches = catalog.vendorMatcher.match(text, doc.tokens);
  const affiliations = new Map<string, string>();
  const mentions: VendorMention[] = [];

  for (const m of matches) {
    const vendor = m.entries[0]?.payload as VendorRecord;
    if (vendor.commonWord && !isProperUse(text, m.start, m.text)) continue;
    const sentence = doc.sentenceAt(m.start);
    const before = text.slice(Math.max(sentence.start, m.start - 140), m.start);
    const after = text.slice(m.end, Math.min(sentence.end, m.end + 140));
    learnAffiliation(doc, sentence, m.start, after, vendor.id, affiliations);
    const cited =
      !PARENT_BEFORE.test(before) &&
      (SOURCE_AFTER.test(after) ||
        SOURCE_BEFORE.test(before) ||
        TITLE_BEFORE.test(before) ||
        (TEAM_NAME.test(m.text) && m.text !== vendor.name && !/\b(?:of|by)\s+$/.test(before)));
    mentions.push({ text: m.text, start: m.start, end: m.end, vendorId: vendor.id, cited });
  }

  // "NSA, FBI and CISA warned": names joined in a list share the citation of the list's verb.
  for (let i = mentions.length - 2; i >= 0; i--) {
    const m = mentions[i] as VendorMention;
    const next = mentions[i + 1] as VendorMention;
    if (!m.cited && next.cited && /^(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?$/.test(text.slice(m.end, next.start)))
      m.cited = true;
  }

  // "the company said …" in the same or the next sentence credits the vendor named last.
  for (const sentence of doc.sentences) {
    const s = doc.sentenceText(sentence);
    if (!DEFINITE_SOURCE.test(s)) continue;
    const previous = mentions.filter(
      (m) => m.start < sentence.end && doc.sentenceAt(m.start).index >= sentence.index - 1,
    );
    const last = previous.at(-1);
    if (last) last.cited = true;
  }

  // A person tied to a vendor and quoted anywhere cites that vendor.
  if (affiliations.size > 0) {
    for (const sentence of doc.sentences) {
      const s = doc.sentenceText(sentence);
      if (!SPEECH.test(s)) continue;
      for (const [person, vendorId] of affiliations) {
        if (!new RegExp(`\\b${escapeRe(person)}\\b`).test(s)) continue;
        for (const m of mentions) if (m.vendorId === vendorId) m.cited = true;
      }
    }
  }

  const byId = new Map<string, VendorEntity>();
  const citedIds = new Set(mentions.filter((m) => m.cited).map((m) => m.vendorId));
  for (const m of mentions) {
    if (!citedIds.has(m.vendorId)) continue;
    const vendor = catalog.vendors.get(m.vendorId) as VendorRecord;
    let entity = byId.get(vendor.id);
    if (!entity) {
      entity = { id: vendor.id, name: vendor.name, mentions: [] };
      byId.set(vendor.id, entity);
    }
    entity.mentions.push({ text: m.text, start: m.start, end: m.end });
  }
  return { entities: [...byId.values()], mentions, affiliations };
}

/** A vendor name that is also a word counts only when capitalised away from the start of a sentence. */
function isProperUse(text: string, start: number, surface: string): boolean {
  if (!/^\p{Lu}/u.test(surface)) return false;
  const before = text.slice(Math.max(0, start - 3), start);
  return !/(?:^|[.!?]\s+|\n)$/.test(before) || start === 0;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const POSSESSIVE_PERSON = /^['’]s\s+((?:[\p{L}-]+\s+){0,5}?)(\p{Lu}[\p{L}'-]+(?:\s+\p{Lu}\.)?\s+\p{Lu}[\p{L}'-]+)/u;
/** "FireEye analyst Tim Wellsmore", "Symantec technical director Vikram Thakur". */
const TITLE_PERSON = /^\s+((?:\p{Ll}[\p{L}-]*\s+){1,4})(\p{Lu}[\p{L}'-]+(?:\s+\p{Lu}\.)?\s+\p{Lu}[\p{L}'-]+)/u;
const TITLE_WORD =
  /\b(?:analyst|researcher|director|officer|manager|chief|head|lead|leader|president|engineer|expert|scientist|fellow|architect|strategist|spokes(?:person|man|woman)|founder|ceo|cto|ciso|partner|consultant|investigator|principal|vp)\b/i;

/** How far before a vendor mention "Ben Read, senior manager of analysis at" is looked for. */
const PERSON_TITLE_REACH = 200;

const PERSON_TITLE_AT =
  /(\p{Lu}[\p{L}'-]+(?:\s+\p{Lu}\.)?\s+\p{Lu}[\p{L}'-]+),\s+(?:a\s+|the\s+)?[\p{L}\s-]{0,60}?\b(?:at|of|with|for)\s+(?:the\s+)?(?:[\p{L}-]+\s+){0,3}$/u;

/**
 * Learns "FireEye's Tim Wellsmore" and "Ben Read, senior manager of analysis at Mandiant". compromise confirms the
 * candidate is a person's name, so "Microsoft's Exchange Server" is not taken for one.
 */
function learnAffiliation(
  doc: Doc,
  sentence: Sentence,
  start: number,
  after: string,
  vendorId: string,
  affiliations: Map<string, string>,
): void {
  const candidates: string[] = [];
  const poss = POSSESSIVE_PERSON.exec(after);
  if (poss?.[2]) candidates.push(poss[2]);
  const titled = TITLE_PERSON.exec(after);
  if (titled?.[2] && TITLE_WORD.test(titled[1] ?? '')) candidates.push(titled[2]);
  // Bounded look-back: the pattern spans at most ~170 characters, and a whole-sentence slice made a page that is one
  // endless "sentence" of vendor names quadratic (each mention re-scanned everything before it).
  const before = doc.text.slice(Math.max(sentence.start, start - PERSON_TITLE_REACH), start);
  const titledBefore = PERSON_TITLE_AT.exec(before);
  if (titledBefore?.[1]) candidates.push(titledBefore[1]);
  for (const name of candidates) {
    if (!isPersonName(name)) continue;
    const parts = name.split(/\s+/);
    affiliations.set(name, vendorId);
    const surname = parts.at(-1);
    if (surname && surname.length > 2) affiliations.set(surname, vendorId);
  }
}

const personCache = new Map<string, boolean>();

/** compromise's people tagger, asked only about short candidate names. */
function isPersonName(name: string): boolean {
  let known = personCache.get(name);
  if (known === undefined) {
    known = nlp(`${name} said.`).people().found || nlp(name).has('#Person');
    personCache.set(name, known);
  }
  return known;
}
