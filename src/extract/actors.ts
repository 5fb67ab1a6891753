/**
 * Threat-actor mentions in two steps. Candidates first: catalog aliases (tolerant of case, spacing and hyphens),
 * aliases the article itself introduces ("also known as …"), structured code names (UNC2452, Storm-0558), names the
 * text gives a cluster ("tracked as X", "a group called X", "the X group"). Then one learned decision per candidate
 * actor ('actor-is-group'): is this the group, or its malware ("deployed Conti ransomware"), or an ordinary word? It
 * reads generic context features only (never the name), so it carries over to names it has never seen.
 *
 * Hard rules stay where a decision is not a matter of weighing: names inside URLs and ATT&CK tactic/technique ids are
 * never actors; aliases that are ordinary words need threat context; a name shared by several actors is resolved from
 * the rest of the article (an umbrella name goes to the umbrella actor) or reported as ambiguous, never merged.
 */
import type { ActorEntity, Mention } from '../claims/types.ts';
import {
  ACTOR_CONTEXT,
  ACTOR_RULES,
  ACTS_AFTER,
  type ActorRule,
  ALIAS_INTRO,
  BLAME_BEFORE,
  CAMPAIGN_AFTER,
  CODE_NAME,
  CODE_SHAPE,
  GROUP_BEFORE,
  GROUP_LIST_BEFORE,
  GROUP_NOUN,
  GROUP_NOUN_NEAR,
  IS_GROUP_AFTER,
  IS_TOOL_AFTER,
  KIND_AFTER,
  LIST_ITEM,
  LIST_SEPARATOR,
  MALWARE_AFTER,
  MALWARE_LIST_BEFORE,
  MALWARE_NOUN,
  NAME_THEN_GROUP,
  NAMED_GROUP,
  NOT_A_NAME,
  PEOPLE_AFTER,
  PERSON_AFTER,
  pastList,
  TACTIC_ID,
  TECHNICAL_TEXT,
  TOOL_AFTER,
  TOOL_BEFORE,
  TRACKED_AS,
  TRACKED_NAME,
  USE_BEFORE,
} from './actor-names.ts';
import type { ActorMatch, ExtractionCatalog } from './catalog/index.ts';
import { TARGETING } from './cues.ts';
import type { Doc } from './document.ts';
import type { Features } from './model/logistic.ts';
import { type Decider, features } from './model/models.ts';
import type { PhraseMatch } from './text/phrase-matcher.ts';
import type { Sentence } from './text/sentences.ts';
import { nameKey } from './text/tokens.ts';

/** One actor mention, resolved to an actor id (or to an ambiguity key), in text order. */
export interface ActorMention extends Mention {
  /** Entity id this mention belongs to. */
  entityId: string;
  ambiguous: boolean;
  /** Ids of the rules that proposed the mention (ACTOR_RULES). */
  rules: string[];
  /** The 'actor-is-group' model's probability for the actor, when a model decided it. */
  score?: number;
}

export interface ActorExtraction {
  entities: ActorEntity[];
  mentions: ActorMention[];
}

/** What a candidate mention's catalog alias says about the name. */
interface AliasFlags {
  common: boolean;
  malware: boolean;
}

export function extractActors(doc: Doc, catalog: ExtractionCatalog, decider?: Decider): ActorExtraction {
  const { text } = doc;
  const matches = catalog.actorMatcher.match(text, doc.tokens).filter((m) => !inUrl(text, m.start, m.end));
  // "Winnti malware", "Turla backdoor": that mention is the tool. It is not a mention of the group, but it tells the
  // decision that the name is used for a tool in this article.
  const toolUses = new Map<string, number>();
  const raw: PhraseMatch<ActorMatch>[] = [];
  for (const m of matches) {
    if (TOOL_AFTER.test(text.slice(m.end, m.end + 12))) {
      for (const id of candidateIds(m)) toolUses.set(id, (toolUses.get(id) ?? 0) + 1);
    } else raw.push(m);
  }

  // Actors named unambiguously by a name that is not an ordinary word settle the rest.
  const confirmed = new Set<string>();
  for (const m of raw) {
    const ids = candidateIds(m);
    if (ids.length === 1 && m.entries.some((e) => !e.payload.alias.commonWord)) confirmed.add(ids[0] as string);
  }

  // One sense per article: a name that is also an ordinary word, used once in threat context, is the actor
  // throughout ("DarkSide affiliates" in one sentence, "It is unknown if DarkSide continued…" in another).
  const threat = threatContext(doc, catalog);
  const listedWithKnown = listNeighbours(text, raw, confirmed);
  const inThreatContext = (m: PhraseMatch<ActorMatch>): boolean => listedWithKnown.has(m) || threat(m.start);
  const commonInContext = new Set<string>();
  for (const m of raw) {
    const ids = candidateIds(m);
    if (ids.length === 1 && !confirmed.has(ids[0] as string) && inThreatContext(m)) {
      commonInContext.add(ids[0] as string);
    }
  }

  const mentions: ActorMention[] = [];
  const flags = new Map<ActorMention, AliasFlags>();
  for (const m of raw) {
    let ids = candidateIds(m);
    const commonOnly = m.entries.every((e) => e.payload.alias.commonWord);
    if (commonOnly) {
      const known = ids.filter((id) => confirmed.has(id) || commonInContext.has(id));
      if (known.length === 0 && !inThreatContext(m)) continue;
      if (known.length > 0) ids = known;
    }
    if (ids.length > 1) {
      const known = ids.filter((id) => confirmed.has(id));
      if (known.length === 1) ids = known;
    }
    if (ids.length > 1) ids = umbrellaOf(ids, catalog) ?? ids;
    const mention = toMention(m, ids, ACTOR_RULES.catalog);
    mentions.push(mention);
    flags.set(mention, {
      common: commonOnly,
      malware: m.entries.some((e) => e.payload.alias.malware === true),
    });
  }

  const taken = new Coverage(text.length, mentions);
  addCodeNames(doc, taken);
  addIntroducedAliases(doc, catalog, mentions, taken);
  addNamedGroups(doc, catalog, taken);
  mentions.sort((a, b) => a.start - b.start);
  const kept = decider ? decide(doc, catalog, decider, mentions, flags, toolUses) : mentions;
  return { entities: toEntities(kept, catalog), mentions: kept };
}

/**
 * Inside a URL or a markdown link target: names there are addresses, not mentions. The anchor text of a markdown link
 * ("[APT41](https://attack.mitre.org/groups/G0096/)") is text and counts.
 */
function inUrl(text: string, start: number, end: number): boolean {
  let a = start;
  while (a > 0 && !/\s/.test(text[a - 1] as string) && start - a < 300) a--;
  let b = end;
  while (b < text.length && !/\s/.test(text[b] as string) && b - end < 300) b++;
  const before = text.slice(a, start).replace(/^[[("“'‘*_]+/, '');
  if (/https?:\/\/|hxxps?:\/\/|www\.|\]\(|\//i.test(before)) return true;
  const after = text.slice(end, b);
  if (after.startsWith(']')) return false;
  return /^[\w.-]*\.(?:com|net|org|io|ru|cn|html?|php)\b/i.test(after);
}

/** Every candidate is a part of one umbrella actor ("Lazarus": Lazarus Group, APT38, Andariel) → the umbrella. */
function umbrellaOf(ids: readonly string[], catalog: ExtractionCatalog): string[] | undefined {
  for (const id of ids) {
    if (ids.every((other) => other === id || catalog.actors.get(other)?.partOf === id)) return [id];
  }
  return undefined;
}

/**
 * Context for a name that is also an ordinary word: cyber vocabulary in the sentence, an attack verb together with a
 * security vendor or agency ("Researchers at Symantec said Cicada targeted pharmaceutical companies"), or a list of
 * groups the name is in ("groups such as APT33 and Gorgon"), a group noun right before it ("Iran-backed group
 * Phosphorus"), or a list with an actor named unambiguously ("ALPHV/BlackCat and Darkside").
 */
function threatContext(doc: Doc, catalog: ExtractionCatalog): (offset: number) => boolean {
  const sentenceSays = new SentenceFlag(doc, (text, sentence) => {
    if (ACTOR_CONTEXT.test(text)) return true;
    if (!TARGETING.test(text)) return false;
    return catalog.vendorMatcher
      .match(doc.text, doc.tokensIn(sentence.start, sentence.end))
      .some((v) => v.entries.some((e) => e.payload.kind !== 'tech-company' && e.payload.kind !== 'consultancy'));
  });
  return (offset) => {
    const sentence = doc.sentenceAt(offset);
    const before = doc.text.slice(Math.max(sentence.start, offset - 120), offset);
    return GROUP_LIST_BEFORE.test(before) || GROUP_BEFORE.test(before) || sentenceSays.at(offset);
  };
}

const LIST_GAP = /^\s*(?:,\s*(?:and\s+|or\s+|&\s+)?|\s+(?:and|or|&)\s+|\s*\/\s*)$/;

/** Matches listed right next to an unambiguous, confirmed actor ("ALPHV/BlackCat and Darkside"). */
function listNeighbours(
  text: string,
  raw: readonly PhraseMatch<ActorMatch>[],
  confirmed: ReadonlySet<string>,
): Set<PhraseMatch<ActorMatch>> {
  const known = (m: PhraseMatch<ActorMatch> | undefined): boolean => {
    const ids = m ? candidateIds(m) : [];
    return ids.length === 1 && confirmed.has(ids[0] as string);
  };
  const out = new Set<PhraseMatch<ActorMatch>>();
  raw.forEach((m, i) => {
    const prev = raw[i - 1];
    const next = raw[i + 1];
    if (prev && known(prev) && prev.end <= m.start && LIST_GAP.test(text.slice(prev.end, m.start))) out.add(m);
    if (next && known(next) && m.end <= next.start && LIST_GAP.test(text.slice(m.end, next.start))) out.add(m);
  });
  return out;
}

/** A yes/no about each sentence, computed once per sentence (a run-on "sentence" of names must stay linear). */
class SentenceFlag {
  readonly #memo = new Map<number, boolean>();

  constructor(
    private readonly doc: Doc,
    private readonly test: (text: string, sentence: Sentence) => boolean,
  ) {}

  at(offset: number): boolean {
    const sentence = this.doc.sentenceAt(offset);
    let v = this.#memo.get(sentence.start);
    if (v === undefined) {
      v = this.test(this.doc.sentenceText(sentence), sentence);
      this.#memo.set(sentence.start, v);
    }
    return v;
  }
}

function candidateIds(m: PhraseMatch<ActorMatch>): string[] {
  return [...new Set(m.entries.map((e) => e.payload.actorId))].sort();
}

function toMention(m: { text: string; start: number; end: number }, ids: string[], rule: ActorRule): ActorMention {
  const ambiguous = ids.length > 1;
  return {
    text: m.text,
    start: m.start,
    end: m.end,
    entityId: ambiguous ? `ambiguous:${ids.join('|')}` : (ids[0] as string),
    ambiguous,
    rules: [rule],
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
    if (TACTIC_ID.test(m[0]) || taken.overlaps(start, end) || inUrl(doc.text, start, end)) continue;
    taken.add({
      text: m[0],
      start,
      end,
      entityId: `new:${nameKey(m[0])}`,
      ambiguous: false,
      rules: [ACTOR_RULES.codeName],
    });
  }
}

/**
 * Names in "also known as A, B and C" after a mention join that mention's actor, the catalog's other actors too: the
 * article says they are one group, so every mention of them in the article is the anchor's.
 */
function addIntroducedAliases(doc: Doc, catalog: ExtractionCatalog, mentions: ActorMention[], taken: Coverage): void {
  const { text } = doc;
  const sameAs = new Map<string, string>();
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
      const named = taken.overlaps(start, end) ? mentions.find((m) => m.start === start && m.end === end) : undefined;
      if (named && named.entityId !== anchor.entityId && !named.entityId.startsWith('new:')) {
        // The article says two catalog actors are one ("FIN7, also known as Carbanak Group"): in this article its
        // mentions of the second are the first.
        sameAs.set(named.entityId, anchor.entityId);
      } else if (!taken.overlaps(start, end) && looksLikeGroupName(name, catalog)) {
        taken.add({
          text: name,
          start,
          end,
          entityId: anchor.entityId,
          ambiguous: false,
          rules: [ACTOR_RULES.aliasIntro],
        });
      }
      pos += item[0].length;
      const sep = LIST_SEPARATOR.exec(text.slice(pos, sentence.end));
      if (!sep) break;
      pos += sep[0].length;
    }
  }
  if (sameAs.size === 0) return;
  const anchorOf = (id: string): string => {
    let to = id;
    for (let hops = 0; sameAs.has(to) && hops < 8; hops++) to = sameAs.get(to) as string;
    return to;
  };
  for (const m of mentions) {
    const to = anchorOf(m.entityId);
    if (to === m.entityId) continue;
    m.entityId = to;
    m.ambiguous = false;
    m.rules = [...m.rules, ACTOR_RULES.aliasIntro];
  }
}

/**
 * Groups the catalog does not know: "another hacking group Taidoor", "the Nightglass group", "tracked as Redfang",
 * "a cluster called Ember Moth"; then later bare mentions of the same names.
 */
function addNamedGroups(doc: Doc, catalog: ExtractionCatalog, taken: Coverage): void {
  const { text } = doc;
  const found = new Map<string, string>();
  const propose = (name: string, start: number, rule: ActorRule): void => {
    const end = start + name.length;
    if (taken.overlaps(start, end) || !looksLikeGroupName(name, catalog) || inUrl(text, start, end)) return;
    if (PERSON_AFTER.test(text.slice(end, end + 80))) return;
    const id = `new:${nameKey(name)}`;
    found.set(name, id);
    taken.add({ text: name, start, end, entityId: id, ambiguous: false, rules: [rule] });
  };
  for (const m of text.matchAll(NAMED_GROUP)) {
    const name = m[1];
    if (name) propose(name, (m.index ?? 0) + m[0].lastIndexOf(name), ACTOR_RULES.namedGroup);
  }
  for (const m of text.matchAll(NAME_THEN_GROUP)) {
    const name = m[1];
    if (name) propose(name, (m.index ?? 0) + m[0].indexOf(name), ACTOR_RULES.namedGroup);
  }
  // "tracked as X", and each name of a list of clusters: "tracked as UNC5812, Ashen Loom and Storm-2077".
  for (const m of text.matchAll(TRACKED_AS)) {
    let at = (m.index ?? 0) + m[0].length;
    for (let n = 0; n < 6; n++) {
      const item = TRACKED_NAME.exec(text.slice(at, at + 60));
      const name = item?.[1];
      if (!item || !name) break;
      propose(name, at + item[0].indexOf(name), ACTOR_RULES.trackedAs);
      at += item[0].length;
      const sep = LIST_SEPARATOR.exec(text.slice(at, at + 10));
      if (!sep) break;
      at += sep[0].length;
    }
  }
  if (found.size === 0) return;
  // Later bare mentions of a newly found group ("Taidoor said…", "Ashen Loom used…"), written as first found.
  for (const [name, id] of found) {
    for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + name.length)) {
      const end = at + name.length;
      const bounded = !/[\p{L}\p{N}]/u.test(text[at - 1] ?? ' ') && !/[\p{L}\p{N}]/u.test(text[end] ?? ' ');
      if (!bounded || taken.overlaps(at, end) || inUrl(text, at, end)) continue;
      taken.add({ text: name, start: at, end, entityId: id, ambiguous: false, rules: [ACTOR_RULES.repeat] });
    }
  }
}

function looksLikeGroupName(name: string, catalog: ExtractionCatalog): boolean {
  const words = name.split(/[\s-]+/);
  if (NOT_A_NAME.has((words[0] ?? '').toLowerCase())) return false;
  if (name.length < 3 || name.length > 40 || TACTIC_ID.test(name)) return false;
  const key = nameKey(name);
  for (const v of catalog.vendors.values()) {
    if (nameKey(v.name) === key || words.some((w) => nameKey(v.name) === nameKey(w))) return false;
  }
  for (const c of catalog.countries.values()) {
    if (nameKey(c.name) === key || c.demonyms.some((d) => nameKey(d) === key)) return false;
  }
  return true;
}

/**
 * The 'actor-is-group' decision, once per candidate actor: features from all its mentions in the article, one model
 * score. Rejected actors lose every mention; kept ones carry the score.
 */
function decide(
  doc: Doc,
  catalog: ExtractionCatalog,
  decider: Decider,
  mentions: readonly ActorMention[],
  flags: ReadonlyMap<ActorMention, AliasFlags>,
  toolUses: ReadonlyMap<string, number>,
): ActorMention[] {
  const byId = new Map<string, ActorMention[]>();
  for (const m of mentions) {
    const list = byId.get(m.entityId);
    if (list) list.push(m);
    else byId.set(m.entityId, [m]);
  }
  const threatSentence = new SentenceFlag(doc, (t) => ACTOR_CONTEXT.test(t));
  const scores = new Map<string, number>();
  for (const [id, group] of byId) {
    const x = actorFeatures(doc, catalog, id, group, flags, toolUses.get(id) ?? 0, threatSentence);
    const actor = catalog.actors.get(id);
    const names = [...new Set([...group.map((m) => m.text), ...(actor ? [actor.name, id] : [])])];
    const { score, accepted } = decider.decide('actor-is-group', x, {
      names,
      attackId: actor?.attackId ?? null,
      id,
    });
    if (accepted) scores.set(id, score);
  }
  return mentions.flatMap((m) => {
    const score = scores.get(m.entityId);
    return score === undefined ? [] : [{ ...m, score: Math.round(score * 1000) / 1000 }];
  });
}

/** Cues that speak of the people behind a name, and cues that use it as a tool. */
const PEOPLE_CUES = ['people', 'acts', 'is-group', 'blame-before', 'group-list', 'group-before', 'group-noun-near'];
const TOOL_CUES = ['kind-after', 'malware-after', 'tool-before', 'malware-list', 'is-tool'];

/** Generic features of one candidate actor (never its name): docs/extraction.md lists them. */
export function actorFeatures(
  doc: Doc,
  catalog: ExtractionCatalog,
  id: string,
  group: readonly ActorMention[],
  flags: ReadonlyMap<ActorMention, AliasFlags>,
  toolUses: number,
  threatSentence: SentenceFlag,
): Features {
  const { text } = doc;
  const actor = catalog.actors.get(id);
  const count: Record<string, number> = {};
  const bump = (k: string): void => {
    count[k] = (count[k] ?? 0) + 1;
  };
  const firstLine = text.indexOf('\n') < 0 ? text.length : text.indexOf('\n');
  const seen: Record<string, number> = {};
  let malwareName = false;
  let commonOnly = true;
  for (const m of group) {
    for (const r of m.rules) bump(`rule:${r}`);
    const f = flags.get(m);
    if (f?.malware) malwareName = true;
    if (!f?.common) commonOnly = false;
    const sentence = doc.sentenceAt(m.start);
    const after = text.slice(m.end, Math.min(sentence.end, m.end + 60));
    const before = text.slice(Math.max(sentence.start, m.start - 120), m.start);
    const rest = pastList(after);
    const people = PEOPLE_AFTER.test(rest);
    if (people) bump('people');
    else if (KIND_AFTER.test(rest)) bump('kind-after');
    if (ACTS_AFTER.test(rest)) bump('acts');
    if (IS_GROUP_AFTER.test(rest)) bump('is-group');
    if (IS_TOOL_AFTER.test(rest)) bump('is-tool');
    if (!people && MALWARE_AFTER.test(after)) bump('malware-after');
    if (CAMPAIGN_AFTER.test(after)) bump('campaign-after');
    if (TOOL_BEFORE.test(before)) bump('tool-before');
    if (USE_BEFORE.test(before)) bump('use-before');
    if (BLAME_BEFORE.test(before)) bump('blame-before');
    if (/\bthe\s+$/i.test(before)) bump('the-before');
    if (GROUP_LIST_BEFORE.test(before)) bump('group-list');
    if (GROUP_BEFORE.test(before)) bump('group-before');
    else if (GROUP_NOUN_NEAR.test(before)) bump('group-noun-near');
    if (MALWARE_LIST_BEFORE.test(before)) bump('malware-list');
    if (m.rules.includes(ACTOR_RULES.trackedAs)) {
      const cue = text.slice(Math.max(sentence.start, m.start - 80), m.start);
      if (GROUP_NOUN.test(cue)) bump('named-as-group');
      if (MALWARE_NOUN.test(cue)) bump('named-as-tool');
    }
    if (threatSentence.at(m.start)) bump('threat-sentence');
    if (m.text === m.text.toLowerCase()) bump('lowercase');
    if (m.start < firstLine) bump('in-title');
    // Per mention: does any cue say people, or any say tool? (Denser than the single cues, for small training sets.)
    const said = (k: string): boolean => (count[k] ?? 0) > (seen[k] ?? 0);
    if (PEOPLE_CUES.some(said)) bump('people-mention');
    if (TOOL_CUES.some(said)) bump('tool-mention');
    Object.assign(seen, count);
  }
  const n = group.length;
  const share = (k: string): number => (count[k] ?? 0) / n;
  const keys = new Set(group.map((m) => nameKey(m.text)));
  const code = group.some((m) => CODE_SHAPE.test(m.text));
  const people =
    (count.people ?? 0) +
      (count['blame-before'] ?? 0) +
      (count['group-list'] ?? 0) +
      (count['group-before'] ?? 0) +
      (count['is-group'] ?? 0) >
    0;
  const toolish =
    (count['tool-before'] ?? 0) +
      (count['malware-after'] ?? 0) +
      (count['malware-list'] ?? 0) +
      (count['is-tool'] ?? 0) +
      toolUses >
    0;
  const x = features(
    ['mentions-log', Math.log2(1 + n)],
    // Capped: past a long report, more length says nothing more about genre (one 200 kB report is mostly images).
    ['doc:length', Math.min(3, Math.log2(1 + text.length / 2000))],
    technicalText(text) && 'doc:technical',
    n === 1 && 'single-mention',
    keys.size > 1 && 'several-names',
    actor ? 'catalog' : 'uncatalogued',
    actor?.attackId !== undefined && 'attack-id',
    actor?.kind === 'state' && 'kind:state',
    actor?.kind === 'criminal' && 'kind:criminal',
    id.startsWith('ambiguous:') && 'ambiguous',
    code && 'shape:code',
    commonOnly && actor !== undefined && 'common-word',
    malwareName && 'malware-name',
    malwareName && people && 'malware-name:people',
    malwareName && !people && 'malware-name:no-people',
    malwareName && toolish && 'malware-name:tool-use',
    malwareName && ['malware-name:tool-share', share('tool-mention')],
    malwareName && ['malware-name:people-share', share('people-mention')],
    !malwareName && toolish && 'tool-use',
    toolUses > 0 && 'tool-after',
  );
  for (const k of Object.keys(count)) {
    if (k.startsWith('rule:')) x.set(k, 1);
    else {
      x.set(`any:${k}`, 1);
      x.set(`share:${k}`, share(k));
    }
  }
  return x;
}

/** At least three indicators or file names: a technical report (counted once per text, stopping early). */
function technicalText(text: string): boolean {
  let n = 0;
  for (const _ of text.matchAll(TECHNICAL_TEXT)) if (++n >= 3) return true;
  return false;
}

function toEntities(mentions: readonly ActorMention[], catalog: ExtractionCatalog): ActorEntity[] {
  const byId = new Map<string, ActorEntity>();
  for (const m of mentions) {
    let entity = byId.get(m.entityId);
    if (!entity) {
      entity = newEntity(m, catalog);
      byId.set(m.entityId, entity);
    }
    entity.mentions.push({
      text: m.text,
      start: m.start,
      end: m.end,
      rules: m.rules,
      ...(m.score !== undefined ? { score: Math.round(m.score * 1000) / 1000 } : {}),
    });
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
