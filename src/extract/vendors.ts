/**
 * Vendors and agencies cited as the source of findings or attribution.
 *
 * Candidates first: every catalog vendor mention, plus every organisation-like capitalised name the catalog lacks that
 * stands in a citation frame ("Kestrel Labs, a Lisbon-based security firm, said", "documented by X", "the US
 * government says"). Each mention is read for the cues of `vendor-cues.ts` (named patterns of citation and of other
 * roles: victim, parent company, product maker). Then one learned decision per organisation, 'vendor-cited', over
 * generic features (which cues fired, verb class, catalog kind, name shape, mention count, is it the publisher);
 * never the organisation's name, so the weights carry over to organisations no labelled article names.
 *
 * The decision is taken per organisation, not per mention: the labels say which organisations an article cites, and
 * a mention-level label would call "Microsoft Exchange" a citation whenever Microsoft is quoted elsewhere.
 */
import type { Mention, VendorEntity } from '../claims/types.ts';
import type { ExtractionCatalog } from './catalog/index.ts';
import type { VendorRecord } from './catalog/types.ts';
import { isOrdinaryWord, isPersonName } from './compromise-lazy.ts';
import type { Doc } from './document.ts';
import type { Decider } from './model/models.ts';
import { features } from './model/models.ts';
import type { Sentence } from './text/sentences.ts';
import { nameKey, tokenize } from './text/tokens.ts';
import { AGENCY_WORD, CUES, NEWS_OUTLETS, ORG_SUFFIX, VERB_AFTER, verbClass } from './vendor-cues.ts';

export interface VendorMention extends Mention {
  /** Catalog id, or `new:<slug>` for an organisation the catalog lacks. */
  vendorId: string;
  /** The organisation's name: the catalog name, or the name as the article writes it. */
  name: string;
  /** True when this mention cites the vendor as a source. */
  cited: boolean;
  /** Ids of the cues that fired on this mention ('vendor:according-to', 'vendor:victim' …). */
  rules: string[];
  /** The model's probability that the organisation is cited in this article. */
  score?: number;
}

export interface VendorExtraction {
  entities: VendorEntity[];
  mentions: VendorMention[];
  /** People the article ties to a vendor ("Wellsmore" → fireeye), by lower-case surname and full name. */
  affiliations: Map<string, string>;
}

/** How much of the sentence on each side of a mention the cues read (the longest cue, "said Tim Wellsmore, a senior
 * analyst at", spans about 80 characters). */
const REACH = 120;

/** "the company said", "researchers found": credit goes to the vendor named last. */
const DEFINITE_SOURCE =
  /\b(?:the (?:company|firm|vendor|researchers|analysts|agency|bureau|department|ministry|office|team|report|government)|its researchers|researchers)\s+(?:also\s+)?(?:said|says|found|reported|warned|noted|added|believes|assessed|observed|wrote|stated|claimed)\b/i;

const SPEECH =
  /\b(?:said|says|told|added|noted|explained|explains|warned|asserts?|asserted|emphasi[sz]ed|speculated|admitted|points? out|pointed out|according to|wrote|writes)\b/i;

/** Research-team names ("Mandiant Threat Intelligence", "Symantec Threat Hunter Team") cite by themselves. */
const TEAM_NAME =
  /\b(?:intelligence|research|labs?|team|unit|group|threatlabz|x-force|talos|tag|insikt|spiderlabs|center|centre)\b/i;

/**
 * A capitalised name: capitalised words, joined by "of/for/on/de (the)", optionally ending in "government"
 * ("US government"). Candidates for organisations the catalog lacks.
 */
const CAP_WORD = '(?:(?:\\p{Lu}\\.){2,}|\\p{Lu}(?:[\\p{L}\\p{N}&-]|\\.(?=[\\p{L}\\p{N}]))*)';
const ORG_NAME = new RegExp(
  `(?<![\\p{L}\\p{N}])${CAP_WORD}(?:(?:\\s+(?:of|for|on|de|du|der)(?:\\s+the)?)?\\s+${CAP_WORD}){0,6}(?:\\s+government)?`,
  'gu',
);

/** Words that start a sentence or a clause and are not part of a name after them. */
const LEADING = new Set(
  'the a an this that these those but and however meanwhile in on at for from by as according if when while after before since its their his her our last next earlier later also both some many most other such now then still yet even only so thus today yesterday separately researchers officials analysts experts'.split(
    ' ',
  ),
);

/** Capitalised words that never name an organisation on their own. */
const NOT_A_NAME = new Set(
  'i he she it we they you there here who what which where why how not no yes mr mrs ms dr monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december twitter x linkedin telegram facebook'.split(
    ' ',
  ),
);

interface CueHit {
  id: string;
  polarity: 1 | -1;
  /** For 'vendor:verb-after': the verb's class, whether it was denied, and how far the verb stood. */
  verb?: { cls: string; denied: boolean; distance: number };
}

export function extractVendors(
  doc: Doc,
  catalog: ExtractionCatalog,
  decider: Decider,
  publisher: string | null = null,
): VendorExtraction {
  const { text } = doc;
  const affiliations = new Map<string, string>();
  const mentions: VendorMention[] = [];
  const catalogMatches = catalog.vendorMatcher.match(text, doc.tokens);
  const catalogSpans: { start: number; end: number }[] = [];

  for (const m of catalogMatches) {
    const vendor = m.entries[0]?.payload as VendorRecord;
    catalogSpans.push({ start: m.start, end: m.end });
    if (vendor.commonWord && !isProperUse(text, m.start, m.text)) continue;
    mentions.push(newMention(m.text, m.start, m.end, vendor.id, vendor.name));
  }
  mentions.push(...uncataloguedMentions(doc, catalog, catalogSpans));
  mentions.sort((a, b) => a.start - b.start);

  const hits = new Map<VendorMention, CueHit[]>();
  for (const m of mentions) {
    const sentence = doc.sentenceAt(m.start);
    const found = readCues(doc, sentence, m);
    const vendor = catalog.vendors.get(m.vendorId);
    // A team's own name ("Mandiant Threat Intelligence") cites by itself.
    if (
      vendor &&
      TEAM_NAME.test(m.text) &&
      m.text !== vendor.name &&
      m.text.includes(vendor.name) &&
      !/\b(?:of|by)\s+$/.test(before(doc, sentence, m))
    )
      found.push({ id: 'vendor:team-name', polarity: 1 });
    hits.set(m, found);
    learnAffiliation(doc, sentence, m.start, m.end, m.vendorId, affiliations);
  }
  const cue = (m: VendorMention, id: string) => (hits.get(m) as CueHit[]).push({ id, polarity: 1 });
  const positive = (m: VendorMention) => isCitedHere(hits.get(m) as CueHit[]);

  // "NSA, FBI and CISA warned": names joined in a list share the citation of the list's verb.
  for (let i = mentions.length - 2; i >= 0; i--) {
    const m = mentions[i] as VendorMention;
    const next = mentions[i + 1] as VendorMention;
    if (
      !positive(m) &&
      positive(next) &&
      /^(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?$/.test(text.slice(m.end, next.start))
    )
      cue(m, 'vendor:list');
  }

  // "the company said …" in the same or the next sentence credits the vendor named last.
  for (const sentence of doc.sentences) {
    if (!DEFINITE_SOURCE.test(doc.sentenceText(sentence))) continue;
    const last = mentions
      .filter((m) => m.start < sentence.end && doc.sentenceAt(m.start).index >= sentence.index - 1)
      .at(-1);
    if (last) cue(last, 'vendor:the-company-said');
  }

  // A person tied to a vendor and quoted anywhere cites that vendor.
  if (affiliations.size > 0) {
    const quoted = new Set<string>();
    for (const sentence of doc.sentences) {
      const s = doc.sentenceText(sentence);
      if (!SPEECH.test(s)) continue;
      for (const [person, vendorId] of affiliations)
        if (new RegExp(`\\b${escapeRe(person)}\\b`).test(s)) quoted.add(vendorId);
    }
    for (const m of mentions) if (quoted.has(m.vendorId)) cue(m, 'vendor:affiliate-quoted');
  }

  // One decision per organisation, over what all its mentions say.
  const groups = new Map<string, VendorMention[]>();
  for (const m of mentions) {
    const group = groups.get(m.vendorId);
    if (group) group.push(m);
    else groups.set(m.vendorId, [m]);
  }
  const publisherKey = nameKey(publisher ?? '');
  const entities: VendorEntity[] = [];
  for (const [id, group] of groups) {
    const first = group[0] as VendorMention;
    const vendor = catalog.vendors.get(id);
    const x = entityFeatures(doc, group, hits, vendor, publisherKey);
    const { score, accepted } = decider.decide('vendor-cited', x, {
      vendorId: id,
      names: [...new Set([first.name, ...group.map((m) => m.text)])],
    });
    const anyPositive = group.some(positive);
    // The frame that defines a cited source, whatever the model makes of a name it saw once: introduced as a security
    // organisation and, in the same mention, saying or reporting ("Kestrel Labs, a Lisbon-based security firm, said").
    const framed = group.some((m) => introducedAndSpeaking(hits.get(m) as CueHit[]));
    const cited = accepted || framed;
    for (const m of group) {
      m.rules = [...new Set((hits.get(m) as CueHit[]).map((h) => h.id))];
      if (framed && introducedAndSpeaking(hits.get(m) as CueHit[])) m.rules.push('vendor:introduced-and-speaking');
      m.score = score;
      m.cited = cited && (positive(m) || !anyPositive);
    }
    if (cited)
      entities.push({
        id,
        name: first.name,
        mentions: group.map((m) => ({
          text: m.text,
          start: m.start,
          end: m.end,
          rules: m.rules ?? [],
          score: Math.round(score * 1000) / 1000,
        })),
      });
  }
  return { entities, mentions, affiliations };
}

/** A mention cites when a citation cue fires on it and it is not named as someone's parent ("a site by X"). */
function isCitedHere(hits: readonly CueHit[]): boolean {
  return hits.some((h) => h.polarity > 0) && !hits.some((h) => h.id === 'vendor:parent');
}

function newMention(text: string, start: number, end: number, vendorId: string, name: string): VendorMention {
  return { text, start, end, vendorId, name, cited: false, rules: [] };
}

function before(doc: Doc, sentence: Sentence, m: Mention): string {
  return doc.text.slice(Math.max(sentence.start, m.start - REACH), m.start);
}

/** The cues that fire on one mention, read inside its sentence. */
function readCues(doc: Doc, sentence: Sentence, m: Mention): CueHit[] {
  const b = before(doc, sentence, m);
  const a = doc.text.slice(m.end, Math.min(sentence.end, m.end + REACH));
  const out: CueHit[] = [];
  for (const cue of CUES) {
    if (cue.id === 'vendor:verb-after') {
      const v = VERB_AFTER.exec(a);
      if (!v) continue;
      const verb = v[2] as string;
      out.push({
        id: cue.id,
        polarity: 1,
        verb: { cls: verbClass(verb), denied: /\b(?:not|never)\b/i.test(v[1] ?? ''), distance: v[0].length },
      });
      continue;
    }
    if (cue.id === 'vendor:speaker-title') {
      // "says MIVD director Peter Reesink": a speech verb before, a title after.
      if (
        cue.re.test(b) &&
        /^\s+(?:[\p{L}-]+\s+)?(?:director|director-general|head|chief|spokes\w+|analyst|researcher)/iu.test(a)
      )
        out.push({ id: cue.id, polarity: 1 });
      continue;
    }
    if (cue.re.test(cue.side === 'before' ? b : a)) out.push({ id: cue.id, polarity: cue.polarity });
  }
  return out;
}

/** Generic features of one organisation in one article: cues, verbs, catalog kind, name shape, salience. */
function entityFeatures(
  doc: Doc,
  group: readonly VendorMention[],
  hits: Map<VendorMention, CueHit[]>,
  vendor: VendorRecord | undefined,
  publisherKey: string,
) {
  const all = group.flatMap((m) => hits.get(m) ?? []);
  const cited = group.filter((m) => isCitedHere(hits.get(m) ?? [])).length;
  const name = (group[0] as VendorMention).name;
  const verbs = all.flatMap((h) => (h.verb ? [h.verb] : []));
  const positives = new Set(
    group
      .flatMap((m) => (isCitedHere(hits.get(m) ?? []) ? (hits.get(m) ?? []).filter((h) => h.polarity > 0) : []))
      .map((h) => h.id),
  ).size;
  const firstSentence = doc.sentenceAt((group[0] as VendorMention).start).index;
  const keys = [name, ...(vendor?.aliases ?? [])].map(nameKey).filter((k) => k.length >= 3);
  return features(
    ...[...new Set(all.map((h) => `cue:${h.id}`))],
    ...[...new Set(verbs.map((v) => `verb:${v.cls}`))],
    verbs.some((v) => v.denied) && 'verb:denied',
    verbs.some((v) => v.distance <= 12) && 'verb:adjacent',
    positives === 0 ? 'cues:none' : positives === 1 ? 'cues:one' : 'cues:several',
    cited >= 2 && 'cited-mentions:several',
    ['cited-fraction', cited / group.length],
    group.length === 1 ? 'mentions:1' : group.length <= 3 ? 'mentions:2-3' : 'mentions:4+',
    kindOf(vendor, name, all) && `kind:${kindOf(vendor, name, all)}`,
    !vendor && 'uncatalogued',
    group.some((m) => /^[\p{Lu}\p{N}&-]{2,}$/u.test(m.text)) && 'shape:acronym',
    /\s/.test(name) && 'shape:several-words',
    firstSentence <= 2 && 'lead',
    publisherKey !== '' && keys.some((k) => publisherKey.includes(k)) && 'publisher',
  );
}

/**
 * The kind of organisation: the catalog's, or for one the catalog lacks what its name or description says ("… Agency",
 * "a security firm", "… Labs"). The same feature names either way, so what is learned about catalog agencies and
 * security firms carries over to ones no catalog lists. Catalog membership is a feature of its own beside it: with
 * one sixth of the vendors taken out of the catalog (npm run eval:vendors-unseen) keeping it still scored better.
 */
function kindOf(vendor: VendorRecord | undefined, name: string, hits: readonly CueHit[]): string | null {
  if (vendor) return vendor.kind;
  if (AGENCY_WORD.test(name)) return 'government-agency';
  if (SECURITY_NAME.test(name) || hits.some((h) => h.id === 'vendor:descriptor' || h.id === 'vendor:appositive'))
    return 'security-vendor';
  return null;
}

/** Name words of security firms and research teams. */
const SECURITY_NAME = /\b(?:Labs?|Security|Cyber|Cybersecurity|Intelligence|Research|Threat|Defen[cs]e)\b/u;

/**
 * Organisations the catalog lacks, in a citation frame: a capitalised name (not a person, actor, country, month or
 * news outlet) on which a citation cue fires. Every later occurrence of the same name joins it, and an acronym given
 * in brackets after a name ("Institute for Critical Infrastructure Technology (ICIT)") names the same organisation.
 */
const INTRODUCED = new Set(['vendor:appositive', 'vendor:descriptor']);
const SPEAKING = new Set(['vendor:verb-after', 'vendor:according-to', 'vendor:the-company-said']);

/** A mention introduced as a security organisation that, in the same frame, speaks or reports. */
function introducedAndSpeaking(hits: readonly CueHit[]): boolean {
  return hits.some((h) => INTRODUCED.has(h.id)) && hits.some((h) => SPEAKING.has(h.id));
}

function uncataloguedMentions(
  doc: Doc,
  catalog: ExtractionCatalog,
  catalogSpans: readonly { start: number; end: number }[],
): VendorMention[] {
  const { text } = doc;
  const names: { text: string; start: number; end: number }[] = [];
  // Both run left to right and catalog matches do not overlap: one pointer finds the catalog span a name may overlap.
  let next = 0;
  for (const m of text.matchAll(ORG_NAME)) {
    const span = trimName(m[0], m.index ?? 0);
    if (!span) continue;
    // "the Justice Department's Criminal Division", "Prague's Foreign Ministry": part of what is named before.
    if (/\p{Lu}[\p{L}.-]*['’]s?\s+$/u.test(text.slice(Math.max(0, span.start - 40), span.start))) continue;
    while (next < catalogSpans.length && (catalogSpans[next] as { end: number }).end <= span.start) next++;
    const c = catalogSpans[next];
    if (c && c.start < span.end) continue;
    names.push(span);
  }
  // Acronyms defined in brackets: "Czech Security Information Office (BIS)".
  const acronymOf = new Map<string, string>();
  for (const n of names) {
    const def = /^\s*\((\p{Lu}[\p{Lu}\p{N}&-]{1,9})\)/u.exec(text.slice(n.end, n.end + 14));
    if (def?.[1]) acronymOf.set(def[1], n.text);
  }
  const accepted = new Map<string, string>(); // name key → entity name
  // Judged once per distinct name: the checks read the whole text, and a page may repeat a name thousands of times.
  const organisationLike = new Map<string, boolean>();
  for (const n of names) {
    if (accepted.has(nameKey(n.text)) || organisationLike.get(n.text) === false) continue;
    if (!plausibleName(n.text)) continue;
    if (!readCues(doc, doc.sentenceAt(n.start), n).some((h) => h.polarity > 0)) continue;
    let like = organisationLike.get(n.text);
    if (like === undefined) {
      like = isOrganisationLike(doc, catalog, n);
      organisationLike.set(n.text, like);
    }
    if (!like) continue;
    const long = acronymOf.get(n.text) ?? n.text;
    accepted.set(nameKey(n.text), long);
    accepted.set(nameKey(long), long);
  }
  for (const [acronym, long] of acronymOf) if (accepted.has(nameKey(long))) accepted.set(nameKey(acronym), long);
  // "the Foreign Ministry" after "the Czech Foreign Ministry" is the same organisation.
  const longest = [...new Set(accepted.values())];
  for (const [key, name] of accepted) {
    if (!/\s/.test(name)) continue;
    const longer = longest.find((l) => l.length > name.length && l.endsWith(` ${name}`));
    if (longer) accepted.set(key, longer);
  }
  const out: VendorMention[] = [];
  for (const n of names) {
    const entity = accepted.get(nameKey(n.text));
    if (entity) out.push(newMention(n.text, n.start, n.end, `new:${slug(entity)}`, entity));
  }
  return out;
}

/** Drops leading sentence words ("The", "According") and a trailing full stop from a capitalised run. */
function trimName(raw: string, start: number): { text: string; start: number; end: number } | null {
  let s = raw;
  let at = start;
  for (;;) {
    const w = /^(\S+)\s+/.exec(s);
    if (!w || !LEADING.has((w[1] as string).toLowerCase())) break;
    s = s.slice(w[0].length);
    at += w[0].length;
  }
  s = s.replace(/['’]s?$/u, '');
  if (/\.$/.test(s) && !/(?:\p{Lu}\.){2,}$/u.test(s)) s = s.slice(0, -1);
  if (s.length < 2 || LEADING.has(s.toLowerCase())) return null;
  return { text: s, start: at, end: at + s.length };
}

/** Not a person, a catalog actor or malware, a place, a month, a pronoun, a news outlet or an ordinary word. */
function isOrganisationLike(doc: Doc, catalog: ExtractionCatalog, n: { text: string; start: number }): boolean {
  const lower = n.text.toLowerCase();
  const tokens = tokenize(n.text);
  const whole = (matches: { start: number; end: number }[]) =>
    matches.some((m) => m.start === 0 && m.end === n.text.length);
  if (whole(catalog.actorMatcher.match(n.text, tokens)) || whole(catalog.countryMatcher.match(n.text, tokens)))
    return false;
  const words = n.text.split(/\s+/);
  const acronym = /^[\p{Lu}\p{N}&-]{2,}$/u.test(n.text);
  if (acronym) return true;
  // An organisation word needs a name before it: "Security" alone is a sentence's first word.
  if (ORG_SUFFIX.test(n.text) || AGENCY_WORD.test(n.text)) return words.length >= 2;
  const lastWord = words.at(-1) as string;
  if (words.length === 1) {
    // One ordinary word capitalised at a sentence start ("Attackers said") is written in lower case elsewhere, or
    // nowhere in mid-sentence with a capital; compromise knows the commonest ("First", "Western").
    const words = wordUses(doc);
    if (words.lower.has(lower)) return false;
    if (!words.midSentence.has(n.text)) return false;
    if (isOrdinaryWord(n.text)) return false;
    // A surname: the text also gives it after a first name ("Christopher Wray" … "Wray said").
    for (const f of doc.text.matchAll(surnamePattern(lastWord))) {
      const first = (f[1] as string).toLowerCase();
      if (!LEADING.has(first) && !NOT_A_NAME.has(first) && !ORG_SUFFIX.test(f[1] as string)) return false;
    }
  } else if (quotedSurnamePattern(lastWord).test(doc.text)) {
    // A full name whose surname is later quoted alone ("Sherrod DeGrippo" … "DeGrippo said").
    return false;
  }
  // compromise's people lexicon takes one-word brands for surnames ("Kaspersky"); the surname test above does that.
  return words.length === 1 || !isPersonName(n.text);
}

/** Patterns built from a name's last word, compiled once per word (pages repeat names; so do articles). */
const surnamePatterns = new Map<string, RegExp>();
const quotedSurnamePatterns = new Map<string, RegExp>();
const PATTERN_CACHE_MAX = 5000;

function cachedPattern(cache: Map<string, RegExp>, word: string, build: (w: string) => RegExp): RegExp {
  let re = cache.get(word);
  if (!re) {
    if (cache.size >= PATTERN_CACHE_MAX) cache.clear();
    re = build(escapeRe(word));
    cache.set(word, re);
  }
  return re;
}

/** "Christopher Wray" for "Wray": a capitalised word before it (matchAll copies the global pattern, so sharing is safe). */
function surnamePattern(word: string): RegExp {
  return cachedPattern(surnamePatterns, word, (w) => new RegExp(`(\\p{Lu}\\p{Ll}[\\p{L}'’-]*)\\s+${w}\\b`, 'gu'));
}

/** "DeGrippo said", not preceded by a capitalised word. */
function quotedSurnamePattern(word: string): RegExp {
  return cachedPattern(
    quotedSurnamePatterns,
    word,
    (w) => new RegExp(`(?<!\\p{Lu}[\\p{L}'’.-]*\\s)${w}\\s+(?:said|says|told|added|noted|wrote|explained)\\b`, 'u'),
  );
}

const wordUsesCache = new WeakMap<Doc, { lower: Set<string>; midSentence: Set<string> }>();

/**
 * How the article uses its words, collected once: the words written in lower case, and the words written after a
 * lower-case word or a comma (mid-sentence). Testing a name against these sets replaces a scan of the whole text per
 * name.
 */
function wordUses(doc: Doc): { lower: Set<string>; midSentence: Set<string> } {
  let uses = wordUsesCache.get(doc);
  if (!uses) {
    uses = { lower: new Set(), midSentence: new Set() };
    const { text, tokens } = doc;
    tokens.forEach((t, i) => {
      if (!/\p{Lu}/u.test(t.text)) uses?.lower.add(t.text);
      const prev = tokens[i - 1];
      if (!prev || prev.end === t.start) return;
      const gap = text.slice(prev.end, t.start);
      if (/^\s+$/.test(gap) && /\p{Ll}$/u.test(prev.text)) uses?.midSentence.add(t.text);
      else if (/^,\s+$/.test(gap)) uses?.midSentence.add(t.text);
    });
    wordUsesCache.set(doc, uses);
  }
  return uses;
}

/** The checks that read the name alone, made before any cue is read: most capitalised runs fail one. */
function plausibleName(name: string): boolean {
  const lower = name.toLowerCase();
  if (NOT_A_NAME.has(lower) || NEWS_OUTLETS.has(lower) || NEWS_OUTLETS.has(`the ${lower}`)) return false;
  if (NEWS_LIKE.test(name) || TOOL_LIKE.test(name) || PERSON_TITLE_FIRST.test(name)) return false;
  // One ordinary word ("However", "Researchers"): most sentence starts end here.
  const plainWord = !/\s/.test(name) && !/^[\p{Lu}\p{N}&-]{2,}$/u.test(name) && !ORG_SUFFIX.test(name);
  return !(plainWord && isOrdinaryWord(name));
}

/** Broadcasters and papers ("WTMJ-TV", "Anime News Network", "The Daily Star") report others' findings. */
const NEWS_LIKE =
  /-TV$|\b(?:News|Times|Post|Journal|Magazine|Herald|Tribune|Gazette|Daily|Press|Radio|Television|TV)\b/u;
/** Malware and ransomware brands are not organisations ("Play Ransomware", "WannaCry"). */
const TOOL_LIKE = /\b(?:Ransomware|Malware|Botnet|Trojan|Backdoor|Loader|Stealer|RAT)$/u;
/** "Director Christopher Wray", "Minister Jan Lipavsky": a title word in front of a name makes it a person. */
const PERSON_TITLE_FIRST =
  /^(?:Director|President|Minister|Secretary|Spokes(?:person|man|woman)|CEO|Chief|Deputy|Senior|Vice|Admiral|General|Colonel|Commissioner|Ambassador|Senator|Representative|Prime|Chairman|Chairwoman|Governor|Mayor|Attorney|Judge|Professor|Prof|Dr|Mr|Mrs|Ms)\b/u;

function slug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** A vendor name that is also a word counts only when capitalised away from the start of a sentence. */
function isProperUse(text: string, start: number, surface: string): boolean {
  if (!/^\p{Lu}/u.test(surface)) return false;
  const prefix = text.slice(Math.max(0, start - 3), start);
  return !/(?:^|[.!?]\s+|\n)$/.test(prefix) || start === 0;
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
  end: number,
  vendorId: string,
  affiliations: Map<string, string>,
): void {
  const after = doc.text.slice(end, Math.min(sentence.end, end + 140));
  const candidates: string[] = [];
  const poss = POSSESSIVE_PERSON.exec(after);
  if (poss?.[2]) candidates.push(poss[2]);
  const titled = TITLE_PERSON.exec(after);
  if (titled?.[2] && TITLE_WORD.test(titled[1] ?? '')) candidates.push(titled[2]);
  // Bounded look-back: the pattern spans at most ~170 characters, and a whole-sentence slice made a page that is one
  // endless "sentence" of vendor names quadratic (each mention re-scanned everything before it).
  const prefix = doc.text.slice(Math.max(sentence.start, start - PERSON_TITLE_REACH), start);
  const titledBefore = PERSON_TITLE_AT.exec(prefix);
  if (titledBefore?.[1]) candidates.push(titledBefore[1]);
  for (const name of candidates) {
    if (!isPersonName(name)) continue;
    const parts = name.split(/\s+/);
    affiliations.set(name, vendorId);
    const surname = parts.at(-1);
    if (surname && surname.length > 2) affiliations.set(surname, vendorId);
  }
}
