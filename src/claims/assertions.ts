/**
 * An assertion with its evidence, from the claims that state or deny it. Pure: the claims come from the index
 * (src/store/assertions-query.ts), the result goes to the API, the CLI and STIX.
 *
 * Evidence is grouped by article; independent sources are publishers (a site's re-posts count once, and exact
 * syndicated copies never carry claims of their own: the store keeps them as duplicates of the original). Denials and
 * disputes are counter-evidence, listed apart and never counted as support.
 */

/** What an assertion needs of a stored claim. */
export interface EvidenceClaim {
  id: string;
  subject: { id: string; name: string };
  predicate: string;
  object: { kind: string; id: string; name: string } | null;
  negated: boolean;
  hedged: boolean;
  reportedBy: string[];
  citation: { url: string | null; quote: string; start: number; end: number };
  article: { id: string; url: string; title: string | null; publisher: string | null; published: string | null };
  sourceKey?: string;
  reportedAt?: string;
}

export interface EvidenceArticle {
  article: EvidenceClaim['article'];
  source: string;
  reportedAt: string | null;
  vendors: string[];
  /** Every claim of the article that is hedged. */
  hedged: boolean;
  quotes: { claimId: string; quote: string; start: number; end: number; hedged: boolean }[];
}

/** What is asserted, by how many independent sources and vendors, since when, disputed or not. */
export interface AssertionSummary {
  id: string;
  subject: { id: string; name: string };
  predicate: string;
  object: { kind: string; id: string; name: string };
  /** Independent sources (publishers) asserting it, and the articles they did it in. */
  sources: number;
  articles: number;
  vendors: string[];
  firstReported: string | null;
  lastReported: string | null;
  /** Asserting articles whose every claim of it is hedged ("suspected", "alleged"). */
  hedgedArticles: number;
  /** Articles that deny or dispute it. */
  disputedBy: number;
}

export interface AssertionDetail extends AssertionSummary {
  /** 0–100, from corroboration: see {@link confidenceOf}. */
  confidence: number;
  evidence: EvidenceArticle[];
  counterEvidence: EvidenceArticle[];
}

/**
 * Confidence 0–100 from corroboration (the STIX `confidence` scale): each independent source that asserts it without
 * hedging halves the remaining doubt, a hedged-only source counts half, and a second vendor counts like another half
 * source; disputes scale it by the share of sources that assert rather than deny. One unhedged source: 50; two: 75;
 * three: 88; one hedged: 29; two sources against one denial: 50.
 */
export function confidenceOf(a: { unhedgedSources: number; hedgedSources: number; vendors: number; disputes: number }) {
  const weight = a.unhedgedSources + 0.5 * a.hedgedSources + 0.5 * Math.max(0, a.vendors - 1);
  if (weight <= 0) return 0;
  const corroborated = 1 - 0.5 ** weight;
  const sources = a.unhedgedSources + a.hedgedSources;
  const share = a.disputes > 0 ? sources / (sources + a.disputes) : 1;
  return Math.round(100 * corroborated * share);
}

function byArticle(claims: readonly EvidenceClaim[]): EvidenceArticle[] {
  const out = new Map<string, EvidenceArticle>();
  for (const c of claims) {
    let e = out.get(c.article.id);
    if (!e) {
      e = {
        article: c.article,
        source: c.sourceKey ?? c.article.url,
        reportedAt: c.reportedAt ?? c.article.published,
        vendors: [],
        hedged: true,
        quotes: [],
      };
      out.set(c.article.id, e);
    }
    for (const v of c.reportedBy) if (!e.vendors.includes(v)) e.vendors.push(v);
    e.hedged &&= c.hedged;
    if (!e.quotes.some((q) => q.start === c.citation.start && q.end === c.citation.end))
      e.quotes.push({
        claimId: c.id,
        quote: c.citation.quote,
        start: c.citation.start,
        end: c.citation.end,
        hedged: c.hedged,
      });
  }
  const list = [...out.values()];
  for (const e of list) e.quotes.sort((a, b) => a.start - b.start);
  return list.sort(
    (a, b) => (a.reportedAt ?? '').localeCompare(b.reportedAt ?? '') || a.article.id.localeCompare(b.article.id),
  );
}

/** The assertion `id` from its claims; null when no claim states or denies it. */
export function assertionDetail(id: string, claims: readonly EvidenceClaim[]): AssertionDetail | null {
  const head = claims.find((c) => c.object);
  if (!head?.object) return null;
  const evidence = byArticle(claims.filter((c) => !c.negated));
  const counterEvidence = byArticle(claims.filter((c) => c.negated));
  const sources = new Map<string, boolean>();
  for (const e of evidence) sources.set(e.source, (sources.get(e.source) ?? false) || !e.hedged);
  const unhedgedSources = [...sources.values()].filter(Boolean).length;
  const vendors = [...new Set(evidence.flatMap((e) => e.vendors))].sort();
  const dates = evidence
    .map((e) => e.reportedAt)
    .filter((d): d is string => !!d)
    .sort();
  const disputes = new Set(counterEvidence.map((e) => e.source)).size;
  return {
    id,
    subject: { id: head.subject.id, name: head.subject.name },
    predicate: head.predicate,
    object: head.object,
    sources: sources.size,
    articles: evidence.length,
    vendors,
    firstReported: dates[0] ?? null,
    lastReported: dates.at(-1) ?? null,
    hedgedArticles: evidence.filter((e) => e.hedged).length,
    disputedBy: counterEvidence.length,
    confidence: confidenceOf({
      unhedgedSources,
      hedgedSources: sources.size - unhedgedSources,
      vendors: vendors.length,
      disputes,
    }),
    evidence,
    counterEvidence,
  };
}

/** What naming an assertion for display needs of a catalog (`ExtractionCatalog` fits). */
export interface AssertionNames {
  actors: ReadonlyMap<string, { name: string }>;
  sectors: ReadonlyMap<string, { name: string }>;
  countries: ReadonlyMap<string, { name: string }>;
  vendors: ReadonlyMap<string, { name: string }>;
}

/** An assertion as shown: the catalog's names for its subject, object and vendors ("FireEye", never "fireeye"). */
export function displayAssertion<
  T extends {
    subject: { id: string; name: string };
    object: { kind: string; id: string; name: string };
    vendors: readonly string[];
  },
>(names: AssertionNames, a: T): Omit<T, 'vendors'> & { vendors: { id: string; name: string }[] } {
  const place = a.object.kind === 'sector' ? names.sectors : a.object.kind === 'country' ? names.countries : undefined;
  return {
    ...a,
    subject: { id: a.subject.id, name: names.actors.get(a.subject.id)?.name ?? a.subject.name },
    object: { ...a.object, name: place?.get(a.object.id)?.name ?? a.object.name },
    vendors: a.vendors.map((id) => ({ id, name: names.vendors.get(id)?.name ?? id })),
  };
}
