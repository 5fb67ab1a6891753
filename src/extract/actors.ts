/**
 * Threat-actor mentions: catalog aliases (tolerant of case, spacing and hyphens), aliases the article itself
 * introduces ("also known as …"), structured code names (UNC2452, Storm-0558), and groups the article names as such
 * ("another hacking group Taidoor"). Aliases that are ordinary words need supporting context; a name shared by
 * several actors is resolved from the rest of the article or reported as ambiguous, never merged.
 */
import type { ActorEntity, Mention } from '../claims/types.ts';
import type { ActorMatch, ExtractionCatalog } from './catalog/index.ts';
import { ACTOR_CONTEXT, TARGETING, TOOL_AFTER } from './cues.ts';
import type { Doc } from './document.ts';
import type { PhraseMatch } from './text/phrase-matcher.ts';
import { nameKey } from './text/tokens.ts';

/** One actor mention, resolved to an actor id (or to an ambiguity key), in text order. */
export interface ActorMention extends Mention {
  /** Entity id this mention belongs to. */
  entityId: string;
  ambiguous: boolean;
}

export interface ActorExtraction {
  entities: ActorEntity[];
  mentions: ActorMention[];
}

const CODE_NAME =
  /\b(?:UNC\d{3,4}|TA\d{3,4}|APT ?-?\d{1,3}|FIN\d{1,2}|DEV-\d{4}|Storm-\d{4}|TAG-\d{2,3}|UAC-\d{4}|TEMP\.[A-Z][a-z]+)\b/g;

/** "also known as A, B and C", "tracked as", "dubbed", "aka": introduces more names of the actor just named. */
const ALIAS_INTRO =
  /^\s*[,(]?\s*(?:(?:which|who|that)\s+(?:is|are|was|were)\s+)?(?:also\s+|otherwise\s+|variously\s+)?(?:(?:known|tracked|referred to|identified|called|dubbed|named|labell?ed|designated)(?:\s+by\s+[\w\s]{1,40}?)?\s+as|aka|a\.k\.a\.?|also called|dubbed|nicknamed)\s+/i;

/** "group X" patterns that name a group the catalog may not know. */
const NAMED_GROUP =
  /\b(?:hacking|hacker|threat|APT|espionage|cyber-?espionage|cybercrim\w*|ransomware|extortion|state-sponsored)\s+(?:group|gang|crew|actor|outfit|collective)\s*,?\s+(?:called\s+|named\s+|dubbed\s+|known\s+as\s+)?[‘'“"]?((?:\p{Lu}[\p{L}\p{N}$]*)(?:[ -]\p{Lu}[\p{L}\p{N}$]*){0,2})/gu;

const LIST_ITEM = /^[‘'“"]?((?:\p{Lu}|\p{N})[\p{L}\p{N}$.-]*(?:\s+(?:\p{Lu}|\p{N})[\p{L}\p{N}$-]*){0,3})[’'”"]?/u;
const LIST_SEPARATOR = /^\s*(?:,\s*(?:and|or)\s+|,\s*|\s+and\s+|\s+or\s+|\s*\/\s*)/;

/** Capitalised words that start a list item but never name a group. */
const NOT_A_NAME = new Set([
  'the',
  'a',
  'an',
  'this',
  'that',
  'these',
  'it',
  'its',
  'they',
  'group',
  'team',
  'hackers',
  'actor',
  'actors',
  'operation',
  'campaign',
  'malware',
  'in',
  'on',
  'by',
  'and',
  'or',
  'since',
  'according',
  'researchers',
  'security',
]);

export function extractActors(doc: Doc, catalog: ExtractionCatalog): ActorExtraction {
  const { text } = doc;
  const raw = catalog.actorMatcher
    .match(text, doc.tokens)
    .filter((m) => !TOOL_AFTER.test(text.slice(m.end, m.end + 12)));

  // Actors named unambiguously by a name that is not an ordinary word settle the rest.
  const confirmed = new Set<string>();
  for (const m of raw) {
    const ids = candidateIds(m);
    if (ids.length === 1 && m.entries.some((e) => !e.payload.alias.commonWord)) confirmed.add(ids[0] as string);
  }

  const mentions: ActorMention[] = [];
  for (const m of raw) {
    let ids = candidateIds(m);
    const commonOnly = m.entries.every((e) => e.payload.alias.commonWord);
    if (commonOnly) {
      const known = ids.filter((id) => confirmed.has(id));
      if (known.length === 0 && !inThreatContext(doc, catalog, m.start)) continue;
      if (known.length > 0) ids = known;
    }
    if (ids.length > 1) {
      const known = ids.filter((id) => confirmed.has(id));
      if (known.length === 1) ids = known;
    }
    mentions.push(toMention(m, ids));
  }

  const taken = new Coverage(text.length, mentions);
  addCodeNames(doc, taken);
  addIntroducedAliases(doc, catalog, mentions, taken);
  addNamedGroups(doc, catalog, taken);
  mentions.sort((a, b) => a.start - b.start);
  return { entities: toEntities(mentions, catalog), mentions };
}

/**
 * Context for a name that is also an ordinary word: cyber vocabulary in the sentence, or an attack verb together with a
 * security vendor or agency ("Researchers at Symantec said Cicada targeted pharmaceutical companies").
 */
function inThreatContext(doc: Doc, catalog: ExtractionCatalog, offset: number): boolean {
  const sentence = doc.sentenceAt(offset);
  const text = doc.sentenceText(sentence);
  if (ACTOR_CONTEXT.test(text)) return true;
  if (!TARGETING.test(text)) return false;
  return catalog.vendorMatcher
    .match(doc.text, doc.tokensIn(sentence.start, sentence.end))
    .some((v) => v.entries.some((e) => e.payload.kind !== 'tech-company' && e.payload.kind !== 'consultancy'));
}

function candidateIds(m: PhraseMatch<ActorMatch>): string[] {
  return [...new Set(m.entries.map((e) => e.payload.actorId))].sort();
}

function toMention(m: { text: string; start: number; end: number }, ids: string[]): ActorMention {
  const ambiguous = ids.length > 1;
  return {
    text: m.text,
    start: m.start,
    end: m.end,
    entityId: ambiguous ? `ambiguous:${ids.join('|')}` : (ids[0] as string),
    ambiguous,
  };
}

/**
 * The mentions found so far, and which characters of the text they cover. A scan of every mention per candidate made
 * a page with thousands of names quadratic; marking spans keeps the check proportional to the candidate's length.
 */
class Coverage {
  readonly #covered: Uint8Array;

  constructor(
    length: number,
    private readonly mentions: ActorMention[],
  ) {
    this.#covered = new Uint8Array(length);
    for (const m of mentions) this.#covered.fill(1, m.start, m.end);
  }

  overlaps(start: number, end: number): boolean {
    for (let i = start; i < end; i++) if (this.#covered[i] === 1) return true;
    return false;
  }

  /** Adds a mention to the list and marks its span. */
  add(m: ActorMention): void {
    this.mentions.push(m);
    this.#covered.fill(1, m.start, m.end);
  }
}

function addCodeNames(doc: Doc, taken: Coverage): void {
  for (const m of doc.text.matchAll(CODE_NAME)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    if (taken.overlaps(start, end)) continue;
    taken.add({ text: m[0], start, end, entityId: `new:${nameKey(m[0])}`, ambiguous: false });
  }
}

/** Names in "also known as A, B and C" after a mention join that mention's actor. */
function addIntroducedAliases(doc: Doc, catalog: ExtractionCatalog, mentions: ActorMention[], taken: Coverage): void {
  const { text } = doc;
  for (const anchor of [...mentions]) {
    if (anchor.ambiguous) continue;
    const sentence = doc.sentenceAt(anchor.start);
    const rest = text.slice(anchor.end, sentence.end);
    const intro = ALIAS_INTRO.exec(rest);
    if (!intro) continue;
    let pos = anchor.end + intro[0].length;
    for (let n = 0; n < 8 && pos < sentence.end; n++) {
      const item = LIST_ITEM.exec(text.slice(pos, sentence.end));
      if (!item || item[1] === undefined) break;
      const name = item[1].replace(/[.]+$/, '');
      const start = pos + item[0].indexOf(item[1]);
      const end = start + name.length;
      if (!taken.overlaps(start, end) && looksLikeGroupName(name, catalog)) {
        taken.add({ text: name, start, end, entityId: anchor.entityId, ambiguous: false });
      }
      pos += item[0].length;
      const sep = LIST_SEPARATOR.exec(text.slice(pos, sentence.end));
      if (!sep) break;
      pos += sep[0].length;
    }
  }
}

/** "another hacking group Taidoor": a group the catalog does not know. */
function addNamedGroups(doc: Doc, catalog: ExtractionCatalog, taken: Coverage): void {
  const found = new Map<string, string>();
  for (const m of doc.text.matchAll(NAMED_GROUP)) {
    const name = m[1];
    if (!name) continue;
    const start = (m.index ?? 0) + m[0].lastIndexOf(name);
    const end = start + name.length;
    if (taken.overlaps(start, end) || !looksLikeGroupName(name, catalog)) continue;
    const id = `new:${nameKey(name)}`;
    found.set(nameKey(name), id);
    taken.add({ text: name, start, end, entityId: id, ambiguous: false });
  }
  if (found.size === 0) return;
  // Later bare mentions of a newly found group ("Taidoor said…").
  for (const tok of doc.tokens) {
    const id = found.get(tok.lower);
    if (id && /^\p{Lu}/u.test(tok.text) && !taken.overlaps(tok.start, tok.end)) {
      taken.add({ text: tok.text, start: tok.start, end: tok.end, entityId: id, ambiguous: false });
    }
  }
}

function looksLikeGroupName(name: string, catalog: ExtractionCatalog): boolean {
  const words = name.split(/[\s-]+/);
  if (NOT_A_NAME.has((words[0] ?? '').toLowerCase())) return false;
  if (name.length < 3 || name.length > 40) return false;
  const key = nameKey(name);
  for (const v of catalog.vendors.values()) if (nameKey(v.name) === key) return false;
  for (const c of catalog.countries.values()) {
    if (nameKey(c.name) === key || c.demonyms.some((d) => nameKey(d) === key)) return false;
  }
  return true;
}

function toEntities(mentions: readonly ActorMention[], catalog: ExtractionCatalog): ActorEntity[] {
  const byId = new Map<string, ActorEntity>();
  for (const m of mentions) {
    let entity = byId.get(m.entityId);
    if (!entity) {
      entity = newEntity(m, catalog);
      byId.set(m.entityId, entity);
    }
    entity.mentions.push({ text: m.text, start: m.start, end: m.end });
  }
  return [...byId.values()];
}

function newEntity(m: ActorMention, catalog: ExtractionCatalog): ActorEntity {
  if (m.ambiguous) {
    const ids = m.entityId.slice('ambiguous:'.length).split('|');
    return {
      id: m.entityId,
      name: m.text,
      attackId: null,
      mentions: [],
      ambiguous: { candidates: ids.map((id) => ({ id, name: catalog.actors.get(id)?.name ?? id })) },
    };
  }
  const actor = catalog.actors.get(m.entityId);
  if (actor) return { id: actor.id, name: actor.name, attackId: actor.attackId ?? null, mentions: [] };
  return { id: m.entityId, name: m.text, attackId: null, mentions: [] };
}
