/**
 * The extraction contract (`docs/extract-contract.md`): what `claimwire extract` prints per article and what the
 * index stores. Offsets are UTF-16 code-unit offsets into `article.text`.
 */

export interface Mention {
  text: string;
  start: number;
  end: number;
  /** Ids of the candidate rules that proposed the mention ('actor:tracked-as', 'vendor:according-to', …). */
  rules?: string[];
  /** Probability the learned decision gave the mention's entity. */
  score?: number;
}

export interface ActorEntity {
  id: string;
  name: string;
  attackId: string | null;
  mentions: Mention[];
  /** Present when a name could belong to several catalog actors and the article did not settle which. */
  ambiguous?: { candidates: { id: string; name: string }[] };
}

export interface VendorEntity {
  id: string;
  name: string;
  mentions: Mention[];
}

export interface PercentageEntity extends Mention {
  value: number;
}

export interface DateEntity extends Mention {
  /** ISO prefix `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; null when a relative expression has no anchor. */
  value: string | null;
}

export interface SectorEntity {
  id: string;
  mentions: Mention[];
}

export type CountryRole = 'victim' | 'origin' | 'other';

export interface CountryEntity {
  code: string;
  name: string;
  /** Roles the country plays in the article, strongest first (victim, origin, other). */
  roles: CountryRole[];
  mentions: (Mention & { role: CountryRole })[];
}

export const PREDICATES = [
  'targets-sector',
  'targets-country',
  'sponsored-by',
  'reported-by',
  'active-since',
  'statistic',
] as const;
export type Predicate = (typeof PREDICATES)[number];

export interface ClaimSubject {
  kind: 'actor';
  id: string;
  name: string;
  /**
   * Where the article names the subject for this claim: its mentions in the quoted sentence, else the mention the
   * claim reaches back (or, in a lead, forward) to. Shows the name the source used ("DeathStalker" for Evilnum).
   */
  mentions?: { text: string; start: number; end: number }[];
}

export type ClaimObject =
  | { kind: 'sector'; id: string; name: string }
  | { kind: 'country'; id: string; name: string }
  | { kind: 'vendor'; id: string; name: string };

export interface StatisticValue {
  percent: number;
  of: string;
}

export interface Citation {
  url: string | null;
  quote: string;
  start: number;
  end: number;
}

export interface Claim {
  id: string;
  subject: ClaimSubject;
  predicate: Predicate;
  object: ClaimObject | null;
  value: string | StatisticValue | null;
  negated: boolean;
  hedged: boolean;
  reportedBy: string[];
  citation: Citation;
  /**
   * How a learned decision made the claim: the model's probability and the features that weighed most. Present for
   * targets and sponsors; `claimwire extract --explain` shows it.
   */
  evidence?: ClaimEvidence;
}

export interface ClaimEvidence {
  /** The learned decision that made the claim ('pair-country', …). */
  model: string;
  /** Its probability. */
  score: number;
  /** The features that weighed most, as "feature +0.83", largest first. */
  features: string[];
}

export interface ExtractedArticle {
  url: string | null;
  title: string | null;
  publisher: string | null;
  published: string | null;
  language: string | null;
  text: string;
}

export interface ExtractionResult {
  source: string;
  article: ExtractedArticle;
  actors: ActorEntity[];
  vendors: VendorEntity[];
  percentages: PercentageEntity[];
  dates: DateEntity[];
  sectors: SectorEntity[];
  countries: CountryEntity[];
  claims: Claim[];
}
