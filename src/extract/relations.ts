/**
 * The relational decisions: which sector and country mentions name victims, and of which actor; which countries back
 * which actor. Every sector and country mention is a candidate, paired with the actors that could be its subject (the
 * ones named in its sentence, the actor named last before it, the article's main actor, and a group named a little
 * later in a lead); a learned model scores each pair from generic features (cues around the mention, distances,
 * competing actors, salience). No entity name is ever a feature.
 */
import type { Span } from '../article/types.ts';
import type { ActorMention } from './actors.ts';
import type { CountryForm, ExtractionCatalog } from './catalog/index.ts';
import { ACTOR_ANAPHOR, COMPARISON_BEFORE, UNNAMED_ACTOR } from './cues.ts';
import { type Doc, firstAtOrAfter } from './document.ts';
import type { Features } from './model/logistic.ts';
import type { Decider, ModelName } from './model/models.ts';
import { firedCues } from './role-cues.ts';
import { clauseAt, splitClauses } from './text/clauses.ts';
import type { Sentence } from './text/sentences.ts';

export interface ObjectMention {
  kind: 'sector' | 'country';
  /** Sector id or ISO country code. */
  id: string;
  text: string;
  start: number;
  end: number;
  /** How a country was named (name, demonym, capital, agency); null for sectors. */
  form: CountryForm | null;
  sentence: Sentence;
  /** For a bullet line, the sentence that introduced the list; the mention is read as part of it. */
  frame: Sentence;
  clause: Span;
  /** Ids of the role cues that fire around the mention, its list's lead-in included. */
  cues: string[];
}

export type RelationPredicate = 'targets-sector' | 'targets-country' | 'sponsored-by';

export interface Relation {
  predicate: RelationPredicate;
  model: ModelName;
  actorId: string;
  object: ObjectMention;
  score: number;
  /** The features that weighed most, for `extract --explain`. */
  why: [string, number][];
}

const LIST_GAP =
  /^(?:,\s*(?:and\s+|or\s+|as well as\s+)?|\s+and\s+|\s+or\s+|\s*\/\s*|\s+as well as\s+)(?:the\s+|in\s+)?$/i;
const STATE_BODY_GAP = /^(?:['’]s)?(?:\s+\p{Lu}[\p{L}-]*)*\s*(?:central\s+|federal\s+|communist\s+)?$/u;
const BETWEEN_CUES: [string, RegExp][] = [
  [
    'target-verb',
    /\b(?:target\w*|attack\w*|hit|struck|breach\w*|compromis\w*|infiltrat\w*|hack\w*|spied|spying|infect\w*|went after|focus\w*|aim\w*|against|stole|steal\w*)\b/i,
  ],
  ['by', /\bby\b/i],
  ['speech', /\b(?:said|says|told|according to|reported|warned|added)\b/i],
  [
    'origin',
    /\b(?:backed|sponsored|linked|based|affiliated|aligned|on behalf of|directed|operat\w+ (?:for|from|out of))\b/i,
  ],
  ['relative', /\b(?:which|who|that|whose)\b/i],
  ['denial', /\b(?:not|no|never|denied|denies)\b|n['’]t\b/i],
];

/** Sector and country mentions with their contexts, in text order. */
export function objectMentions(
  doc: Doc,
  sectors: readonly { sectorId: string; text: string; start: number; end: number }[],
  countries: readonly {
    code: string;
    form: CountryForm;
    role: string;
    sponsor: boolean;
    text: string;
    start: number;
    end: number;
  }[],
): ObjectMention[] {
  const raw = [
    ...sectors.map((s) => ({ kind: 'sector' as const, id: s.sectorId, form: null, rule: null, ...pick(s) })),
    ...countries.map((c) => ({
      kind: 'country' as const,
      id: c.code,
      form: c.form,
      // The hand-written role patterns of src/extract/countries.ts, as one more cue for the model to weigh.
      rule: c.sponsor ? 'rule-sponsor' : `rule-${c.role}`,
      ...pick(c),
    })),
  ].sort((a, b) => a.start - b.start);
  const clausesOf = new Map<number, Span[]>();
  const out: ObjectMention[] = [];
  const { text } = doc;
  for (const r of raw) {
    const sentence = doc.sentenceAt(r.start);
    let clauses = clausesOf.get(sentence.index);
    if (!clauses) {
      clauses = splitClauses(text, sentence.start, sentence.end);
      clausesOf.set(sentence.index, clauses);
    }
    const clause = clauseAt(clauses, r.start);
    const before = text.slice(Math.max(clause.start, r.start - 100), r.start);
    const after = text.slice(r.end, Math.min(clause.end, r.end + 100));
    const cues = firedCues(before, after, text.slice(clause.start, clause.end));
    if (r.rule) cues.push(r.rule);
    // A list item carries the lead-in of its list: "including Japan, Taiwan and Korea".
    const previous = out.at(-1);
    // "the Chinese government", "Russia's GRU military intelligence": a body of the state, not its victims.
    if (previous?.kind === 'country' && r.kind === 'sector' && STATE_BODY_GAP.test(text.slice(previous.end, r.start)))
      cues.push(previous.cues.includes('rule-victim') ? 'pre-country-adj' : 'pre-country-origin');
    if (previous && previous.clause.start === clause.start && LIST_GAP.test(text.slice(previous.end, r.start))) {
      for (const c of previous.cues) if (c.startsWith('pre-') || c.startsWith('list:')) cues.push(listCue(c));
      cues.push('in-list');
    }
    // A bullet line carries the sentence that introduced it ("The group targeted:" then one line per victim).
    const lead = leadIn(doc, sentence);
    if (lead) {
      const t = doc.sentenceText(lead);
      cues.push('bullet', 'in-list');
      for (const c of firedCues(t, '', t)) if (c.startsWith('clause-')) cues.push(c);
    }
    const { rule: _rule, ...mention } = r;
    out.push({ ...mention, sentence, frame: lead ?? sentence, clause, cues: [...new Set(cues)] });
  }
  // The words after a list speak for every item: "the U.S., UK and Canada warned" (a source, not victims).
  for (let i = out.length - 1; i > 0; i--) {
    const item = out[i] as ObjectMention;
    const prev = out[i - 1] as ObjectMention;
    if (prev.clause.start !== item.clause.start || !LIST_GAP.test(text.slice(prev.end, item.start))) continue;
    for (const c of item.cues) if (c.startsWith('post-') && !c.startsWith('post-list')) prev.cues.push(`list:${c}`);
    prev.cues = [...new Set(prev.cues)];
  }
  return out;
}

function pick(m: { text: string; start: number; end: number }): { text: string; start: number; end: number } {
  return { text: m.text, start: m.start, end: m.end };
}

function listCue(c: string): string {
  return c.startsWith('list:') ? c : `list:${c}`;
}

/** A line that reads as a list item: a bullet, a few words, or a line without a sentence's final stop. */
function itemLike(t: string): boolean {
  if (t.length > 160) return false;
  if (/^\s*(?:[-–•*▪◦·]|\d{1,2}[.)])\s/.test(t)) return true;
  return t.trim().split(/\s+/).length < 8 || !/[.!?]["”’)]*\s*$/.test(t);
}

/** For a list item in a run of items after a line ending with a colon: that line. Prose in between ends the run. */
function leadIn(doc: Doc, sentence: Sentence): Sentence | null {
  if (!itemLike(doc.sentenceText(sentence))) return null;
  for (let i = sentence.index - 1, hops = 0; i >= 0 && hops < 30; i--, hops++) {
    const s = doc.sentences[i] as Sentence;
    const t = doc.sentenceText(s);
    if (s.paragraph === sentence.paragraph) return null;
    if (/:\s*$/.test(t)) return s;
    if (!itemLike(t)) return null;
  }
  return null;
}

/** Who the actors of the article are and where they are named, for pairing. Look-ups are by sentence or by binary
 * search, so a page with thousands of names and mentions stays linear. */
class ActorIndex {
  readonly mentions: ActorMention[];
  readonly counts = new Map<string, number>();
  readonly main: string | null;
  readonly total: number;
  readonly #bySentence = new Map<number, ActorMention[]>();
  readonly #byActor = new Map<string, ActorMention[]>();

  constructor(
    readonly doc: Doc,
    mentions: readonly ActorMention[],
  ) {
    // An actor named only as a comparison ("much like its action against the Volt Typhoon group") is not what the
    // sentence is about, as for the sentence claims (src/extract/claims.ts).
    this.mentions = mentions
      .filter((m) => !m.ambiguous && !COMPARISON_BEFORE.test(doc.text.slice(Math.max(0, m.start - 60), m.start)))
      .sort((a, b) => a.start - b.start);
    for (const m of this.mentions) {
      this.counts.set(m.entityId, (this.counts.get(m.entityId) ?? 0) + 1);
      const i = doc.sentenceAt(m.start).index;
      push(this.#bySentence, i, m);
      push(this.#byActor, m.entityId, m);
    }
    this.total = this.mentions.length;
    let best: string | null = null;
    for (const [id, n] of this.counts) if (best === null || n > (this.counts.get(best) ?? 0)) best = id;
    this.main = best;
  }

  inSentence(s: Sentence): ActorMention[] {
    return this.#bySentence.get(s.index) ?? [];
  }

  /** The last mention (of `id`, or of any actor) starting before `offset`. */
  lastBefore(offset: number, id?: string): ActorMention | undefined {
    const list = id ? (this.#byActor.get(id) ?? []) : this.mentions;
    const i = firstAtOrAfter(list, offset) - 1;
    return i >= 0 ? list[i] : undefined;
  }

  /** The first mention (of `id`, or of any actor) starting after `offset`. */
  firstAfter(offset: number, id?: string): ActorMention | undefined {
    const list = id ? (this.#byActor.get(id) ?? []) : this.mentions;
    return list[firstAtOrAfter(list, offset + 1)];
  }

  /** The actors that could be the subject of a mention in `s`. */
  candidates(s: Sentence, offset: number): string[] {
    const ids = new Set(this.inSentence(s).map((m) => m.entityId));
    const last = this.lastBefore(s.start);
    if (last) ids.add(last.entityId);
    if (this.main) ids.add(this.main);
    const next = this.firstAfter(offset);
    if (next && this.doc.sentenceAt(next.start).index - s.index <= 3 && !last) ids.add(next.entityId);
    return [...ids];
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const bucket = (n: number, edges: number[]): string => {
  for (const e of edges) if (n <= e) return String(e);
  return `${edges.at(-1)}+`;
};

/** Features of (actor, mention): where the actor is named relative to the mention, who competes, what lies between. */
function pairFeatures(
  doc: Doc,
  index: ActorIndex,
  catalog: ExtractionCatalog,
  actorId: string,
  o: ObjectMention,
): Features {
  const { text } = doc;
  const x: Features = new Map();
  const on = (f: string, v = 1) => x.set(f, v);
  const here = index.inSentence(o.frame);
  const own = here.filter((m) => m.entityId === actorId);
  const others = here.filter((m) => m.entityId !== actorId);
  let dist = 'far';
  if (own.length > 0) {
    const nearest = own.reduce((a, b) => (Math.abs(a.start - o.start) <= Math.abs(b.start - o.start) ? a : b));
    dist = 's0';
    on('pair:same-sentence');
    const sameClause = o.frame !== o.sentence || (nearest.start >= o.clause.start && nearest.end <= o.clause.end);
    if (sameClause) on('pair:same-clause');
    const before = nearest.end <= o.start;
    on(before ? 'pair:actor-before' : 'pair:actor-after');
    const between =
      o.frame !== o.sentence
        ? text.slice(nearest.end, o.frame.end)
        : before
          ? text.slice(nearest.end, o.start)
          : text.slice(o.end, nearest.start);
    on(`pair:gap-${bucket(between.length, [20, 60, 120])}`);
    for (const [id, re] of BETWEEN_CUES) if (re.test(between)) on(`btw${before ? '' : '-rev'}:${id}`);
    if (others.some((m) => Math.abs(m.start - o.start) < Math.abs(nearest.start - o.start))) on('pair:other-nearer');
    if (
      others.some((m) =>
        before ? m.start > nearest.end && m.end <= o.start : m.start > o.end && m.end <= nearest.start,
      )
    )
      on('pair:other-between');
  } else {
    const last = index.lastBefore(o.start, actorId);
    const anyLast = index.lastBefore(o.start);
    if (last) {
      const ds = o.frame.index - doc.sentenceAt(last.start).index;
      const dp = o.frame.paragraph - doc.sentenceAt(last.start).paragraph;
      dist = `s${bucket(ds, [1, 2, 5])}`;
      on(`pair:sent-dist-${bucket(ds, [1, 2, 3, 5, 10])}`);
      on(`pair:para-dist-${bucket(dp, [0, 1, 2])}`);
      if (anyLast?.entityId === actorId) on('pair:nearest-preceding');
      const clauseText = text.slice(o.clause.start, o.start);
      if (ACTOR_ANAPHOR.test(clauseText)) {
        on('pair:anaphor');
        if (anyLast?.entityId === actorId) on('pair:anaphor&nearest');
      }
      if (ACTOR_ANAPHOR.test(doc.sentenceText(o.frame))) on('pair:anaphor-in-sentence');
    } else {
      const next = index.firstAfter(o.start, actorId);
      if (next) {
        const ds = doc.sentenceAt(next.start).index - o.frame.index;
        dist = 'later';
        on(`pair:cataphora-${bucket(ds, [1, 2, 3])}`);
        if (!anyLast) on('pair:no-actor-before');
      }
    }
    if (others.length > 0) on('pair:other-in-sentence');
  }
  if (others.some((m) => m.start >= o.clause.start && m.end <= o.clause.end)) on('pair:other-in-clause');
  if (UNNAMED_ACTOR.test(text.slice(o.clause.start, o.clause.end))) on('pair:unnamed-actor');
  const n = index.counts.get(actorId) ?? 0;
  if (index.main === actorId) on('pair:main-actor');
  if (index.counts.size === 1) on('pair:only-actor');
  on(`pair:share-${bucket(Math.round((10 * n) / Math.max(1, index.total)), [2, 5, 8])}`);
  if (o.kind === 'country') {
    const sponsor = catalog.actors.get(actorId)?.sponsor;
    if (sponsor) on(sponsor === o.id ? 'pair:catalog-sponsor' : 'pair:catalog-sponsor-other');
    if (o.form) on(`form:${o.form}`);
  }
  for (const c of o.cues) {
    on(`m:${c}`);
  }
  on(`dist:${dist}`);
  return x;
}

/**
 * Mentions that are never a target, whatever the model says: the one who speaks ("officials said"), a body of the
 * backing state ("Russia's GRU military intelligence"), and a sector word inside another phrase ("reverse
 * engineering", "the tech press", "law enforcement").
 */
function neverVictim(o: ObjectMention): boolean {
  return (
    o.kind === 'sector' &&
    ['post-speaks', 'pre-country-origin', 'pre-non-victim-role', 'post-non-victim-noun'].some((c) => o.cues.includes(c))
  );
}

/**
 * A country that speaks or acts in its clause ("U.S. officials said", "according to Japanese police", "indicted by
 * the U.S.", "a French security company") is the accuser, the investigator or the reporter there, never the victim
 * of that clause.
 */
function speaksOrActs(o: ObjectMention): boolean {
  return ['post-speaks', 'pre-according', 'post-security-org'].some((c) => o.cues.includes(c));
}

/**
 * Cues without which a country mention never names a victim: something in its clause speaks of an attack or of
 * targets. (A sector word names its victims by itself, "banks", "hospitals", so sectors have no such gate.)
 */
const VICTIM_GATE = new Set([
  'clause-targeting',
  'pre-target-verb',
  'pre-against',
  'pre-victim-noun-of',
  'post-victim-noun',
  'post-victim-predicate',
  'post-passive-victim',
  'pre-most-affected',
  'rule-victim',
]);

function mayNameVictim(o: ObjectMention): boolean {
  return o.cues.some((c) => VICTIM_GATE.has(c.replace(/^list:/, '')));
}

/** Cues without which a country mention never says who backs an actor ("Chinese state-sponsored", "on behalf of"). */
const SPONSOR_GATE = new Set([
  'post-origin-adj',
  'post-sponsor-adj',
  'post-state-body',
  'pre-sponsor',
  'pre-attributed',
]);

/** Cues that say outright that a state backs an actor, whoever speaks in the clause. */
const STATE_BACKING = new Set(['post-origin-adj', 'post-sponsor-adj', 'pre-sponsor', 'pre-attributed']);

function mayNameSponsor(o: ObjectMention): boolean {
  // "Chinese-speaking", "China-based", "Russia-aligned": where a group is from or leans, not who backs it, whatever
  // else the clause says ("linked to Chinese-speaking groups").
  if (o.cues.includes('post-origin-only')) return false;
  // "The Chinese embassy rejected…", "Russian officials said…": a body of the state speaking is not a claim that the
  // state backs anyone, unless the words say so ("Chinese state-sponsored hackers, accused of…").
  if (speaksOrActs(o) && !o.cues.some((c) => STATE_BACKING.has(c.replace(/^list:/, '')))) return false;
  return o.form === 'agency' || o.cues.some((c) => SPONSOR_GATE.has(c.replace(/^list:/, '')));
}

/** Features of a sector mention on its own: is it a victim, whoever the attacker? */
function mentionFeatures(index: ActorIndex, o: ObjectMention): Features {
  const x: Features = new Map();
  for (const c of o.cues) x.set(`m:${c}`, 1);
  const here = index.inSentence(o.frame);
  x.set(here.length > 0 ? 'actor-in-sentence' : index.total > 0 ? 'actor-elsewhere' : 'no-actor', 1);
  if (o.sentence.index === 0) x.set('lead-sentence', 1);
  return x;
}

/**
 * A mention belongs to the actors its own sentence names, when the model accepted one of them: an actor carried from an
 * earlier sentence or the article's main actor does not take it too ("…campaigns by MirrorFace, one targeting an
 * election in Japan" is MirrorFace's, not the group of the previous paragraph). Acts on relations[from..], the ones
 * decided for one mention.
 */
export function keepNamedInSentence(relations: Relation[], from: number, here: ReadonlySet<string>): void {
  for (const predicate of new Set(relations.slice(from).map((r) => r.predicate))) {
    const mine = relations.slice(from).filter((r) => r.predicate === predicate);
    if (!mine.some((r) => here.has(r.actorId))) continue;
    for (let i = relations.length - 1; i >= from; i--) {
      const r = relations[i] as Relation;
      if (r.predicate === predicate && !here.has(r.actorId)) relations.splice(i, 1);
    }
  }
}

/**
 * Every relation the article states, as the models see it, plus which sector mentions name victims. Each decision is
 * reported to the decider's observer (training, explanations).
 */
export function decideRelations(
  doc: Doc,
  catalog: ExtractionCatalog,
  decider: Decider,
  actors: readonly ActorMention[],
  objects: readonly ObjectMention[],
): { relations: Relation[]; victimSectors: ObjectMention[] } {
  const index = new ActorIndex(doc, actors);
  const relations: Relation[] = [];
  const victimSectors: ObjectMention[] = [];
  const nameCache = new Map<string, string[]>();
  for (const m of index.mentions) {
    let list = nameCache.get(m.entityId);
    if (!list) {
      list = [m.entityId, catalog.actors.get(m.entityId)?.name ?? m.entityId];
      nameCache.set(m.entityId, list);
    }
    if (list.length < 12 && !list.includes(m.text)) list.push(m.text);
  }
  const names = (id: string): string[] => nameCache.get(id) ?? [id];
  const decide = (model: ModelName, predicate: RelationPredicate, actorId: string, o: ObjectMention, x: Features) => {
    const about = { actorNames: names(actorId), [o.kind]: o.id, text: o.text, start: o.start };
    const d = decider.decide(model, x, about);
    if (d.accepted)
      relations.push({ predicate, model, actorId, object: o, score: d.score, why: decider.why(model, x) });
  };
  for (const o of objects) {
    if (neverVictim(o)) continue;
    if (o.kind === 'sector') {
      const x = mentionFeatures(index, o);
      if (decider.decide('sector-victim', x, { sector: o.id, text: o.text, start: o.start }).accepted)
        victimSectors.push(o);
    }
    // "Separately, unknown attackers breached …": only an actor named in the sentence itself can be its subject.
    const unnamed = UNNAMED_ACTOR.test(doc.sentenceText(o.frame));
    const here = new Set(index.inSentence(o.frame).map((m) => m.entityId));
    const first = relations.length;
    for (const actorId of index.candidates(o.frame, o.start)) {
      if (unnamed && !here.has(actorId)) continue;
      const x = pairFeatures(doc, index, catalog, actorId, o);
      if (o.kind === 'sector') {
        decide('pair-sector', 'targets-sector', actorId, o, x);
      } else {
        if (mayNameVictim(o) && !speaksOrActs(o)) decide('pair-country', 'targets-country', actorId, o, x);
        if (mayNameSponsor(o)) {
          decide('pair-sponsor', 'sponsored-by', actorId, o, x);
        }
      }
    }
    keepNamedInSentence(relations, first, here);
  }
  return { relations, victimSectors };
}
