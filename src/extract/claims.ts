/**
 * Claims: what the article says about each actor, one sentence at a time, with the sentence as citation. The
 * subject is the actor named in the sentence or, for "the group", "the attackers", "its", the actor named last.
 */
import { createHash } from 'node:crypto';
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
import type { CountryMention } from './countries.ts';
import { ACTOR_ANAPHOR, HEDGE, INDEFINITE_ACTOR, TARGETING, UNNAMED_ACTOR } from './cues.ts';
import type { Doc } from './document.ts';
import { isDenial } from './negation.ts';
import type { SectorMention } from './sectors.ts';
import type { Sentence } from './text/sentences.ts';
import type { VendorExtraction } from './vendors.ts';

export interface ClaimInputs {
  url: string | null;
  actors: readonly ActorMention[];
  actorNames: ReadonlyMap<string, string>;
  vendors: VendorExtraction;
  countries: readonly CountryMention[];
  sectors: readonly SectorMention[];
  percentages: readonly PercentageEntity[];
  dates: readonly DateEntity[];
}

const COMPARISON_BEFORE =
  /\b(?:(?:much |just )?like|similar to|unlike|as with|compared (?:to|with)|in contrast to)\b(?:\s+[\w’'-]+){0,5}\s+$/i;

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
  const countriesIn = bySentence(inputs.countries);
  const sectorsIn = bySentence(inputs.sectors);
  const percentIn = bySentence(inputs.percentages);
  const datesIn = bySentence(inputs.dates);
  const vendorsIn = bySentence(inputs.vendors.mentions.filter((v) => v.cited));
  const paragraphCredits = new Map<number, Set<string>>();

  const namedSentences = [...actorsIn.keys()].sort((a, b) => a - b);
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
  for (const sentence of doc.sentences) {
    const s = doc.sentenceText(sentence);
    const subjects = resolveSubjects(sentence, s);
    previous = subjects.length > 0 ? { sentence: sentence.index, paragraph: sentence.paragraph } : null;

    const credits = sentenceCredits(doc, sentence, vendorsIn.get(sentence.index) ?? [], inputs.vendors.affiliations);
    const inParagraph = paragraphCredits.get(sentence.paragraph) ?? new Set<string>();
    paragraphCredits.set(sentence.paragraph, new Set([...inParagraph, ...credits]));
    if (subjects.length === 0) continue;

    const reportedBy = credits.length > 0 ? credits : [...inParagraph];
    const negated = isDenial(s);
    const hedged = HEDGE.test(s);
    const add = (
      subjectId: string,
      predicate: Predicate,
      object: ClaimObject | null,
      value: string | StatisticValue | null,
    ) => {
      if (claims.size >= MAX_CLAIMS_PER_ARTICLE) return;
      const subject: ClaimSubject = {
        kind: 'actor',
        id: subjectId,
        name: inputs.actorNames.get(subjectId) ?? subjectId,
      };
      const claim = makeClaim(doc, sentence, {
        url: inputs.url,
        subject,
        predicate,
        object,
        value,
        negated,
        hedged,
        reportedBy,
      });
      if (!claims.has(claim.id)) claims.set(claim.id, claim);
    };

    for (const subjectId of subjects) {
      for (const sector of sectorsIn.get(sentence.index) ?? []) {
        const record = catalog.sectors.get(sector.sectorId);
        add(
          subjectId,
          'targets-sector',
          { kind: 'sector', id: sector.sectorId, name: record?.name ?? sector.sectorId },
          null,
        );
      }
      for (const c of countriesIn.get(sentence.index) ?? []) {
        const object: ClaimObject = {
          kind: 'country',
          id: c.code,
          name: catalog.countries.get(c.code)?.name ?? c.code,
        };
        if (c.role === 'victim') add(subjectId, 'targets-country', object, null);
        if (c.role === 'origin' && c.sponsor) add(subjectId, 'sponsored-by', object, null);
      }
      for (const vendorId of credits) {
        const vendor = catalog.vendors.get(vendorId);
        add(subjectId, 'reported-by', { kind: 'vendor', id: vendorId, name: vendor?.name ?? vendorId }, null);
      }
      for (const d of datesIn.get(sentence.index) ?? []) {
        if (d.value && /\b(?:since|from)\b/i.test(d.text) && ACTIVE_SINCE.test(s))
          add(subjectId, 'active-since', null, d.value);
      }
      for (const p of percentIn.get(sentence.index) ?? []) {
        add(subjectId, 'statistic', null, { percent: p.value, of: describePercentage(doc.text, p, sentence) });
      }
    }
  }
  return [...claims.values()];
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

/** A few words saying what the figure measures: the "of …" phrase after it, else the words before it. */
function describePercentage(text: string, p: PercentageEntity, sentence: Sentence): string {
  const after = text.slice(p.end, sentence.end);
  const of = /^\s+of\s+([^,.;:()“”"]{3,80})/.exec(after);
  if (of?.[1]) return of[1].trim();
  const before = text.slice(sentence.start, p.start).split(/[,;:]/).at(-1) ?? '';
  return before.trim().split(/\s+/).slice(-8).join(' ');
}

/** Everything a claim says, before its id and citation are derived from the sentence. */
type ClaimContent = Omit<Claim, 'id' | 'citation'> & { url: string | null };

function makeClaim(doc: Doc, sentence: Sentence, content: ClaimContent): Claim {
  const { url, subject, predicate, object, value, negated, hedged, reportedBy } = content;
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
  };
}
