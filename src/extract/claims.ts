/**
 * Claims: what the article says about each actor, one sentence at a time, with the sentence as citation. The
 * subject is the actor named in the sentence or, for "the group", "the attackers", "its", the actor named last.
 */
import { createHash } from 'node:crypto';
import type { Span } from '../article/types.ts';
import type {
  Claim,
  ClaimObject,
  ClaimSubject,
  DateEntity,
  PercentageEntity,
  Predicate,
  StatisticValue,
} from '../claims/types.ts';
import type { ActorMention } from './actors.ts';
import type { ExtractionCatalog } from './catalog/index.ts';
import { ACTOR_ANAPHOR, COMPARISON_BEFORE, HEDGE, INDEFINITE_ACTOR, TARGETING, UNNAMED_ACTOR } from './cues.ts';
import { type Doc, firstAtOrAfter } from './document.ts';
import { denialScopes, inScope } from './negation.ts';
import type { Relation } from './relations.ts';
import { clauseAt, splitClauses } from './text/clauses.ts';
import type { Sentence } from './text/sentences.ts';
import type { VendorExtraction } from './vendors.ts';

export interface ClaimInputs {
  url: string | null;
  actors: readonly ActorMention[];
  actorNames: ReadonlyMap<string, string>;
  vendors: VendorExtraction;
  /** Targets and sponsors, as the learned decisions took them (src/extract/relations.ts). */
  relations: readonly Relation[];
  percentages: readonly PercentageEntity[];
  dates: readonly DateEntity[];
}

/**
 * Most claims made from one article. A long real report makes a few hundred; a hostile page repeating "APT10 hit
 * Japan." would otherwise make one per sentence, hundreds of thousands, all carried through the queues and indexed.
 */
export const MAX_CLAIMS_PER_ARTICLE = 5000;

/** How many sentences "the group" may reach back to find its actor. */
const ANAPHOR_REACH = 6;

const ACTIVE_SINCE =
  /\b(?:active|operat\w+|around|emerged|in operation|been (?:at work|working|conducting|targeting|attacking)|first (?:seen|observed|spotted|identified))\b/i;

export function buildClaims(doc: Doc, catalog: ExtractionCatalog, inputs: ClaimInputs): Claim[] {
  const claims = new Map<string, Claim>();
  const bySentence = <T extends { start: number }>(items: readonly T[]): Map<number, T[]> => {
    const map = new Map<number, T[]>();
    for (const item of items) {
      const i = doc.sentenceAt(item.start).index;
      const list = map.get(i);
      if (list) list.push(item);
      else map.set(i, [item]);
    }
    return map;
  };
  // An actor named only as a comparison ("much like its action against the Volt Typhoon group") is not what the
  // sentence is about.
  const actorsIn = bySentence(
    inputs.actors.filter(
      (a) => !a.ambiguous && !COMPARISON_BEFORE.test(doc.text.slice(Math.max(0, a.start - 60), a.start)),
    ),
  );
  const percentIn = bySentence(inputs.percentages);
  const datesIn = bySentence(inputs.dates);
  const vendorsIn = bySentence(inputs.vendors.mentions.filter((v) => v.cited));
  const vendorNames = new Map(inputs.vendors.entities.map((v) => [v.id, v.name]));

  const namedSentences = [...actorsIn.keys()].sort((a, b) => a - b);
  const mentionsOf = new Map<string, ActorMention[]>();
  for (const a of inputs.actors) {
    if (a.ambiguous) continue;
    const list = mentionsOf.get(a.entityId);
    if (list) list.push(a);
    else mentionsOf.set(a.entityId, [a]);
  }
  for (const list of mentionsOf.values()) list.sort((a, b) => a.start - b.start);
  /** The subject's mentions in the sentence; else the nearest one before it; else the first after it. */
  const subjectMentions = (id: string, sentence: Sentence): { text: string; start: number; end: number }[] => {
    const list = mentionsOf.get(id) ?? [];
    const i = firstAtOrAfter(list, sentence.start);
    const inside = [];
    for (let j = i; j < list.length && (list[j] as ActorMention).start < sentence.end; j++) inside.push(list[j]);
    const picked = inside.length > 0 ? inside : [list[i - 1] ?? list[i]].filter((m) => m !== undefined);
    return (picked as ActorMention[]).map((m) => ({ text: m.text, start: m.start, end: m.end }));
  };
  /**
   * Who the sentence is about: the actors it names; else, for "the group"/"its", the actor named last; else, for an
   * attack sentence right after one about an actor, that actor; else, for a lead sentence about "a hacking group"
   * that the next sentences name, that actor. An unnamed perpetrator ("unidentified attackers") ends the chain.
   */
  const resolveSubjects = (sentence: Sentence, s: string): string[] => {
    const named = [...new Set((actorsIn.get(sentence.index) ?? []).map((a) => a.entityId))];
    if (named.length > 0) {
      current = { id: named[0] as string, sentence: sentence.index };
      return named;
    }
    if (UNNAMED_ACTOR.test(s)) {
      current = null;
      return [];
    }
    if (current && sentence.index - current.sentence <= ANAPHOR_REACH && ACTOR_ANAPHOR.test(s)) {
      current = { id: current.id, sentence: sentence.index };
      return [current.id];
    }
    if (
      current &&
      previous?.sentence === sentence.index - 1 &&
      previous.paragraph === sentence.paragraph &&
      TARGETING.test(s)
    ) {
      current = { id: current.id, sentence: sentence.index };
      return [current.id];
    }
    if (!current && INDEFINITE_ACTOR.test(s)) {
      const next = namedSentences.find((i) => i > sentence.index);
      if (next !== undefined && next - sentence.index <= 2) {
        const first = actorsIn.get(next)?.[0];
        if (first) return [first.entityId];
      }
    }
    return [];
  };
  let current: { id: string; sentence: number } | null = null;
  let previous: { sentence: number; paragraph: number } | null = null;
  const creditsOf = new Map<number, string[]>();
  const ownCreditsOf = new Map<number, string[]>();
  const offsetOf = new Map<string, number>();
  const scopesOf = new Map<number, Span[]>();
  const clausesOf = new Map<number, Span[]>();
  const scopes = (sentence: Sentence): Span[] => {
    let v = scopesOf.get(sentence.index);
    if (!v) {
      v = denialScopes(doc.text, sentence.start, sentence.end);
      scopesOf.set(sentence.index, v);
    }
    return v;
  };
  /** A hedge marks what its own clause says, not the sentence's other clauses. */
  const hedgedAt = (sentence: Sentence, offset: number): boolean => {
    let clauses = clausesOf.get(sentence.index);
    if (!clauses) {
      clauses = splitClauses(doc.text, sentence.start, sentence.end);
      clausesOf.set(sentence.index, clauses);
    }
    const c = clauseAt(clauses, offset);
    return HEDGE.test(doc.text.slice(c.start, c.end));
  };
  const add = (
    sentence: Sentence,
    at: { start: number; end: number },
    subjectId: string,
    predicate: Predicate,
    object: ClaimObject | null,
    value: string | StatisticValue | null,
    evidence?: Claim['evidence'],
  ) => {
    if (claims.size >= MAX_CLAIMS_PER_ARTICLE) return;
    const subject: ClaimSubject = {
      kind: 'actor',
      id: subjectId,
      name: inputs.actorNames.get(subjectId) ?? subjectId,
      mentions: subjectMentions(subjectId, sentence),
    };
    const sentenceScopes = scopes(sentence);
    const negated = inScope(sentenceScopes, at.start, at.end);
    const claim = makeClaim(doc, quoteSpan(doc.text, sentence, at, negated ? [] : sentenceScopes), {
      url: inputs.url,
      subject,
      predicate,
      object,
      value,
      negated,
      hedged: hedgedAt(sentence, at.start),
      reportedBy: creditsOf.get(sentence.index) ?? [],
      ...(evidence ? { evidence } : {}),
    });
    if (!claims.has(claim.id)) {
      claims.set(claim.id, claim);
      offsetOf.set(claim.id, at.start);
    }
  };

  // Credits first: every claim of a sentence cites the vendors the sentence (or its paragraph so far) credits.
  const paragraphCredits = new Map<number, Set<string>>();
  for (const sentence of doc.sentences) {
    const credits = sentenceCredits(doc, sentence, vendorsIn.get(sentence.index) ?? [], inputs.vendors.affiliations);
    const inParagraph = paragraphCredits.get(sentence.paragraph) ?? new Set<string>();
    creditsOf.set(sentence.index, credits.length > 0 ? credits : [...inParagraph]);
    ownCreditsOf.set(sentence.index, credits);
    paragraphCredits.set(sentence.paragraph, new Set([...inParagraph, ...credits]));
  }

  for (const sentence of doc.sentences) {
    const s = doc.sentenceText(sentence);
    const subjects = resolveSubjects(sentence, s);
    previous = subjects.length > 0 ? { sentence: sentence.index, paragraph: sentence.paragraph } : null;
    if (subjects.length === 0) continue;
    const named = actorsIn.get(sentence.index) ?? [];
    const sentenceScopes = scopes(sentence);
    for (const subjectId of subjects) {
      // Where the subject stands in the sentence: its own mention, else the sentence start (a pronoun or "the group").
      const own = named.find((a) => a.entityId === subjectId);
      const at = own ?? { start: sentence.start, end: sentence.start };
      // A vendor that denies a link is still the denial's source, not a "not reported by" claim.
      if (!inScope(sentenceScopes, at.start, at.end) || sentenceScopes.length === 0) {
        for (const vendorId of ownCreditsOf.get(sentence.index) ?? []) {
          // An organisation the catalog lacks (new:…) is named as the article writes it.
          const name = vendorNames.get(vendorId) ?? catalog.vendors.get(vendorId)?.name ?? vendorId;
          add(sentence, at, subjectId, 'reported-by', { kind: 'vendor', id: vendorId, name }, null);
        }
      }
      for (const d of datesIn.get(sentence.index) ?? []) {
        if (d.value && /\b(?:since|from)\b/i.test(d.text) && ACTIVE_SINCE.test(s))
          add(sentence, d, subjectId, 'active-since', null, d.value);
      }
      for (const p of percentIn.get(sentence.index) ?? []) {
        add(sentence, p, subjectId, 'statistic', null, {
          percent: p.value,
          of: describePercentage(doc.text, p, sentence),
        });
      }
    }
  }

  for (const r of inputs.relations) {
    const o = r.object;
    const object: ClaimObject =
      o.kind === 'sector'
        ? { kind: 'sector', id: o.id, name: catalog.sectors.get(o.id)?.name ?? o.id }
        : { kind: 'country', id: o.id, name: catalog.countries.get(o.id)?.name ?? o.id };
    add(o.sentence, o, r.actorId, r.predicate, object, null, {
      model: r.model,
      score: Math.round(r.score * 1000) / 1000,
      features: r.why.map(([f, w]) => `${f} ${w >= 0 ? '+' : ''}${w}`),
    });
  }
  return [...claims.values()].sort(
    (a, b) =>
      a.citation.start - b.citation.start ||
      (offsetOf.get(a.id) ?? 0) - (offsetOf.get(b.id) ?? 0) ||
      a.id.localeCompare(b.id),
  );
}

/** Vendors the sentence credits: cited vendor mentions and quoted people tied to a vendor. */
function sentenceCredits(
  doc: Doc,
  sentence: Sentence,
  cited: readonly { vendorId: string }[],
  affiliations: ReadonlyMap<string, string>,
): string[] {
  const out = new Set(cited.map((v) => v.vendorId));
  if (affiliations.size > 0) {
    const s = doc.sentenceText(sentence);
    for (const [person, vendorId] of affiliations) {
      if (s.includes(person) && new RegExp(`\\b${person.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(s))
        out.add(vendorId);
    }
  }
  return [...out];
}

/** Words that end the "of …" phrase of a statistic: the start of another clause, not part of the noun phrase. */
const PHRASE_END =
  /\s+(?:while|whereas|which|who|that|when|where|because|but|as|compared|according|followed|with|than|and\s+(?:is|are|was|were|comes?|came|has|have|had|the\s+\w+\s+(?:is|are|was|were)))\b.*$/is;
/** A phrase that starts like this is not a noun phrase ("of while Japan comes second"). */
const NOT_A_NOUN_START =
  /^(?:while|whereas|which|who|that|when|where|because|but|as|and|or|if|than|to|is|are|was|were)\b/i;

/** The noun a figure modifies: "a 20% cut", "a 50% increase in ransomware attacks", "a 9% sample of the data". */
const MODIFIED_NOUN =
  /^\s*(?:[-–]\s*)?((?:surge|spike|increase|rise|jump|drop|decline|decrease|fall|growth|share|cut|stake|sample|reduction|hike|boost|gain|loss|discount|premium|commission)\b(?:\s+(?:in|of)\s+[^,.;:()“”"]{2,60})?)/i;
/** Words left at the end of the words before a figure that belong to the figure, not to what it measures. */
const BEFORE_FIGURE_TAIL =
  /(?:\s+|^)(?:at|with|by|to|of|for|a|an|the|about|around|roughly|nearly|almost|just|only|under|over|some|up|down|(?:more|less|fewer) than|as (?:much|many|little|few) as|(?:just )?under|approximately|\(|[-–])\s*$/i;
/** A verb that separates what the figure is about (before it) from the rest of the clause. */
const CLAUSE_VERB =
  /\s(?:is|are|was|were|comes?|came|ranks?|ranked|places?|placed|follows?|followed|rose|rises|fell|falls|dropped|drops|grew|grows|increased|decreased|declined|surged|jumped|climbed|accounted for|accounts for|made up|makes up|represent(?:s|ed)?|constitut(?:es|ed|ing))\s/i;
/** Possessive and ordinal words that say a rank, not what is ranked ("its second", "the third"). */
const RANK_ONLY =
  /^(?:its|their|the|his|her|a)?\s*(?:first|second|third|fourth|fifth|next|top|biggest|largest|main)?\s*(?:place)?$/i;

/**
 * A few words saying what the figure measures, always a well-formed phrase: the "of …" noun phrase after it ("of
 * APT10's activity"); else the noun it modifies ("a 20% cut"); else the noun phrase it is said of in its clause ("Japan
 * is its second at 17%" → "Japan"; "financial services 24%" → "financial services").
 */
function describePercentage(text: string, p: PercentageEntity, sentence: Sentence): string {
  const after = text.slice(p.end, sentence.end);
  const of = /^\s+of\s+([^,.;:()“”"]{2,80})/.exec(after);
  const phrase = of?.[1]?.replace(PHRASE_END, '').trim();
  if (phrase && !NOT_A_NOUN_START.test(phrase)) return phrase;
  const modified = MODIFIED_NOUN.exec(after)?.[1]?.replace(PHRASE_END, '').trim();
  if (modified) return modified;
  let before = (
    text
      .slice(sentence.start, p.start)
      .split(/[,;:)]/)
      .at(-1) ?? ''
  )
    .split(/\b(?:while|whereas|but|which|that|when|because)\b/i)
    .at(-1) as string;
  for (let tail = BEFORE_FIGURE_TAIL.exec(before); tail && tail[0].length > 0; tail = BEFORE_FIGURE_TAIL.exec(before))
    before = before.slice(0, tail.index);
  before = before.replace(/^\s*(?:[-–•*]\s*)?(?:and|or|with|\w+ing)\s+/i, '').trim();
  const verb = CLAUSE_VERB.exec(` ${before} `);
  if (verb) {
    const head = ` ${before} `.slice(0, verb.index).trim();
    const rest = ` ${before} `.slice(verb.index + verb[0].length).trim();
    before = rest && !RANK_ONLY.test(rest) ? rest : head;
  }
  return before.split(/\s+/).slice(-8).join(' ');
}

/** Everything a claim says, before its id and citation are derived from the sentence. */
type ClaimContent = Omit<Claim, 'id' | 'citation'> & { url: string | null };

/**
 * What a claim quotes: its sentence, less the part a denial covers when the claim itself is outside that denial
 * ("X hit Japan, but there is no evidence it reached Korea": the Japan claim quotes "X hit Japan").
 */
function quoteSpan(
  text: string,
  sentence: Sentence,
  at: { start: number; end: number },
  scopes: readonly Span[],
): Span {
  let start = sentence.start;
  let end = sentence.end;
  for (const s of scopes) {
    if (s.start >= at.end && s.start < end) {
      // Back to the clause break before the denial ("…in Ukraine, but there is no evidence…").
      const gap = text.slice(at.end, s.start);
      const cut = [...gap.matchAll(/[,;:]|\s(?=(?:but|while|whereas|although|though)\s)/g)].at(-1);
      end = cut ? at.end + (cut.index ?? 0) : s.start;
    } else if (s.end <= at.start && s.end > start) start = s.end;
  }
  return { start, end };
}

function makeClaim(doc: Doc, span: Span, content: ClaimContent): Claim {
  const { url, subject, predicate, object, value, negated, hedged, reportedBy, evidence } = content;
  const sentence = trimSpan(doc.text, span);
  const id = createHash('sha256')
    .update(
      [
        url ?? '',
        predicate,
        subject.id,
        object ? `${object.kind}:${object.id}` : JSON.stringify(value),
        sentence.start,
        sentence.end,
      ].join('\u0000'),
    )
    .digest('hex')
    .slice(0, 24);
  return {
    id,
    subject,
    predicate,
    object,
    value,
    negated,
    hedged,
    reportedBy: [...reportedBy].sort(),
    citation: { url, quote: doc.text.slice(sentence.start, sentence.end), start: sentence.start, end: sentence.end },
    ...(evidence ? { evidence } : {}),
  };
}

/** A span without the spaces, commas and joining words left at its edges by cutting a sentence. */
function trimSpan(text: string, span: Span): Span {
  let { start, end } = span;
  const head = /^[\s,;:]+/.exec(text.slice(start, end));
  if (head) start += head[0].length;
  const tail = /[\s,;:]+(?:(?:but|while|whereas|although|though|yet|and)\s*)?$/i.exec(text.slice(start, end));
  if (tail && tail.index > 0) end = start + tail.index;
  return end > start ? { start, end } : span;
}
