/**
 * A small in-memory stand-in for the claimwire HTTP API (docs/api.md), served from node:http with the real UI files
 * from src/api/ui and the same Content-Security-Policy as the real server. It keeps the browser test independent of
 * Elasticsearch: responses are shaped as the contract says, computed from a fixed corpus of generated articles, one of
 * which is hostile (markup in its title, quote and text, a `javascript:` source URL).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// The real server's policy and headers, so the browser tests run the UI under exactly what production sends.
import { SECURITY_HEADERS } from '../../src/api/app.ts';
// The API's response types, from the server's zod schemas: the same types the UI modules are checked against, so the
// fake cannot answer in a shape the real API does not have.
import type {
  ActorProfile,
  ActorsResponse,
  AmbiguousResponse,
  ArticleResponse,
  AssertionResponse,
  AssertionRowOut,
  AssertionsResponse,
  ClaimsResponse,
  EvidenceArticleOut,
  TriageResponse,
} from '../../src/api/schemas.ts';
import { confidenceOf } from '../../src/claims/assertions.ts';

export const UI_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/api/ui');
export const HOSTILE_TITLE = '<img src=x onerror=alert(1)> Stone Panda is back';
export const HOSTILE_QUOTE = 'Stone Panda <img src=x onerror=alert(1)> targeted pharmaceutical firms in Japan again.';

type Predicate = 'targets-sector' | 'targets-country' | 'sponsored-by' | 'reported-by' | 'active-since' | 'statistic';
type Kind = 'actor' | 'vendor' | 'sector' | 'country';

interface Named {
  id: string;
  name: string;
}
interface Actor extends Named {
  attackId: string | null;
  kind: 'state' | 'criminal' | 'hacktivist' | 'unknown';
  sponsor: string | null;
  aliases: { name: string; coinedBy: string | null }[];
}
interface Resolved {
  kind: Kind;
  id: string;
  name: string;
  aliases: string[];
}
// A type alias, not an interface: the schema's claim is a loose object (an index signature), which only an alias
// is assignable to.
export type Claim = {
  id: string;
  subject: { kind: 'actor'; id: string; name: string; aliases: string[] };
  predicate: Predicate;
  object: { kind: Kind; id: string; name: string } | null;
  value: string | { percent: number; of: string } | null;
  negated: boolean;
  hedged: boolean;
  reportedBy: string[];
  citation: { url: string | null; quote: string; start: number; end: number };
  article: { id: string; url: string; title: string | null; publisher: string | null; published: string | null };
};
interface Span {
  start: number;
  end: number;
  kind: 'actor' | 'vendor' | 'sector' | 'country' | 'date' | 'percentage';
  id: string | null;
  text: string;
}
export interface Article {
  id: string;
  url: string;
  title: string | null;
  publisher: string | null;
  published: string | null;
  text: string;
  duplicateOf: string | null;
  spans: Span[];
  claims: Claim[];
}

/* The catalog ------------------------------------------------------------------------------------------------------ */

const ACTORS: Actor[] = [
  {
    id: 'apt10',
    name: 'APT10',
    attackId: 'G0045',
    kind: 'state',
    sponsor: 'CN',
    aliases: [
      { name: 'APT10', coinedBy: 'mandiant' },
      { name: 'menuPass', coinedBy: null },
      { name: 'Stone Panda', coinedBy: 'crowdstrike' },
      { name: 'Cicada', coinedBy: 'symantec' },
      { name: 'Cloud Hopper', coinedBy: 'pwc' },
      { name: 'Red Apollo', coinedBy: 'pwc' },
      { name: 'POTASSIUM', coinedBy: 'microsoft' },
      { name: 'Purple Typhoon', coinedBy: 'microsoft' },
    ],
  },
  {
    id: 'apt41',
    name: 'APT41',
    attackId: 'G0096',
    kind: 'state',
    sponsor: 'CN',
    aliases: [
      { name: 'APT41', coinedBy: 'mandiant' },
      { name: 'Wicked Panda', coinedBy: 'crowdstrike' },
      { name: 'Winnti', coinedBy: null },
      { name: 'Brass Typhoon', coinedBy: 'microsoft' },
    ],
  },
  {
    id: 'winnti-group',
    name: 'Winnti Group',
    attackId: 'G0044',
    kind: 'state',
    sponsor: 'CN',
    aliases: [
      { name: 'Winnti', coinedBy: 'kaspersky' },
      { name: 'Blackfly', coinedBy: 'symantec' },
    ],
  },
  {
    id: 'kimsuky',
    name: 'Kimsuky',
    attackId: 'G0094',
    kind: 'state',
    sponsor: 'KP',
    aliases: [
      { name: 'Velvet Chollima', coinedBy: 'crowdstrike' },
      { name: 'Emerald Sleet', coinedBy: 'microsoft' },
      { name: 'Thallium', coinedBy: 'microsoft' },
    ],
  },
];
const VENDORS: Named[] = [
  { id: 'symantec', name: 'Symantec' },
  { id: 'fireeye', name: 'FireEye' },
  { id: 'mandiant', name: 'Mandiant' },
  { id: 'pwc', name: 'PwC' },
  { id: 'crowdstrike', name: 'CrowdStrike' },
  { id: 'microsoft', name: 'Microsoft' },
  { id: 'kaspersky', name: 'Kaspersky' },
  { id: 'trend-micro', name: 'Trend Micro' },
];
const SECTORS: (Named & { phrase: string })[] = [
  { id: 'pharmaceutical', name: 'Pharmaceutical', phrase: 'pharmaceutical companies' },
  { id: 'automotive', name: 'Automotive', phrase: 'automotive manufacturers' },
  { id: 'engineering', name: 'Engineering', phrase: 'engineering firms' },
  { id: 'government', name: 'Government', phrase: 'government agencies' },
  { id: 'it-services', name: 'IT services', phrase: 'IT service providers' },
  { id: 'healthcare', name: 'Healthcare', phrase: 'hospitals' },
  { id: 'aerospace', name: 'Aerospace', phrase: 'aerospace suppliers' },
  { id: 'telecommunications', name: 'Telecommunications', phrase: 'telecom operators' },
];
const COUNTRIES: (Named & { demonym: string })[] = [
  { id: 'JP', name: 'Japan', demonym: 'Japanese' },
  { id: 'US', name: 'United States', demonym: 'American' },
  { id: 'GB', name: 'United Kingdom', demonym: 'British' },
  { id: 'FR', name: 'France', demonym: 'French' },
  { id: 'KR', name: 'South Korea', demonym: 'South Korean' },
  { id: 'DE', name: 'Germany', demonym: 'German' },
  { id: 'IN', name: 'India', demonym: 'Indian' },
  { id: 'CN', name: 'China', demonym: 'Chinese' },
];
const PUBLISHERS = ['Example Security News', 'The Packet Ledger', 'Threat Desk Weekly', 'Infosec Gazette'];
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const at = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;
const hash = (s: string, n = 32) => createHash('sha256').update(s).digest('hex').slice(0, n);
const actorById = new Map(ACTORS.map((a) => [a.id, a]));
const names = (a: Actor) => [...new Set([a.name, ...a.aliases.map((x) => x.name)])];

/* The corpus ------------------------------------------------------------------------------------------------------- */

interface Sentence {
  text: string;
  claims: Omit<Claim, 'id' | 'subject' | 'citation' | 'article'>[];
}

function buildArticle(
  actor: Actor,
  opts: { url: string; title: string; publisher: string; published: string; sentences: Sentence[] },
): Article {
  const id = hash(opts.url);
  let text = '';
  const claims: Claim[] = [];
  for (const [i, s] of opts.sentences.entries()) {
    if (i > 0) text += i % 2 === 0 ? '\n\n' : ' ';
    const start = text.length;
    text += s.text;
    for (const c of s.claims) {
      claims.push({
        ...c,
        id: hash(`${opts.url}#${claims.length}`, 24),
        subject: { kind: 'actor', id: actor.id, name: actor.name, aliases: names(actor) },
        citation: { url: opts.url, quote: s.text, start, end: start + s.text.length },
        article: { id, url: opts.url, title: opts.title, publisher: opts.publisher, published: opts.published },
      });
    }
  }
  return {
    id,
    url: opts.url,
    title: opts.title,
    publisher: opts.publisher,
    published: opts.published,
    text,
    duplicateOf: null,
    spans: spansOf(text),
    claims,
  };
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Entity spans as the extractor would report them: catalog names, dates and percentages found in the text. */
function spansOf(text: string): Span[] {
  const found: Span[] = [];
  const find = (phrase: string, kind: Span['kind'], id: string | null) => {
    for (const m of text.matchAll(new RegExp(`(?<![\\w])${escapeRe(phrase)}(?![\\w])`, 'g'))) {
      found.push({ start: m.index, end: m.index + m[0].length, kind, id, text: m[0] });
    }
  };
  for (const a of ACTORS) for (const n of names(a)) find(n, 'actor', a.id);
  for (const v of VENDORS) find(v.name, 'vendor', v.id);
  for (const s of SECTORS) find(s.phrase, 'sector', s.id);
  for (const c of COUNTRIES) {
    find(c.name, 'country', c.id);
    find(c.demonym, 'country', c.id);
  }
  for (const m of text.matchAll(new RegExp(`(?:${MONTH_NAMES.join('|')}) (\\d{4})`, 'g'))) {
    const month = String(MONTH_NAMES.indexOf(m[0].split(' ')[0] as string) + 1).padStart(2, '0');
    found.push({ start: m.index, end: m.index + m[0].length, kind: 'date', id: `${m[1]}-${month}`, text: m[0] });
  }
  for (const m of text.matchAll(/\d+(?:\.\d+)?%/g)) {
    found.push({ start: m.index, end: m.index + m[0].length, kind: 'percentage', id: m[0].slice(0, -1), text: m[0] });
  }
  found.sort((x, y) => x.start - y.start || y.end - x.end);
  const out: Span[] = [];
  let end = 0;
  for (const s of found) {
    if (s.start < end) continue;
    out.push(s);
    end = s.end;
  }
  return out;
}

function apt10Article(i: number): Article {
  const a = actorById.get('apt10') as Actor;
  const alias = at(['Stone Panda', 'Cicada', 'APT10', 'menuPass', 'Cloud Hopper', 'APT10'], i);
  const vendor = at(VENDORS, i);
  const sector = at(SECTORS, i);
  const sector2 = at(SECTORS, i + 3);
  const country = at(COUNTRIES.slice(0, 6), i % 3 === 0 ? 0 : i);
  const country2 = at(COUNTRIES.slice(0, 6), i + 2);
  const year = 2017 + Math.floor(i / 4);
  const month = ((i * 3 + 1) % 12) + 1;
  const published = `${year}-${String(month).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`;
  const v = (id: string) => [id];
  const sentences: Sentence[] = [
    {
      text: `${vendor.name} researchers said ${alias} has spent months inside ${sector.phrase} in ${country.name}.`,
      claims: [
        {
          predicate: 'targets-sector',
          object: { kind: 'sector', id: sector.id, name: sector.name },
          value: null,
          negated: false,
          hedged: false,
          reportedBy: v(vendor.id),
        },
        {
          predicate: 'targets-country',
          object: { kind: 'country', id: country.id, name: country.name },
          value: null,
          negated: false,
          hedged: false,
          reportedBy: v(vendor.id),
        },
      ],
    },
    {
      text: `The group is believed to work for the Chinese state and has probably also hit ${sector2.phrase}, according to the report.`,
      claims: [
        {
          predicate: 'sponsored-by',
          object: { kind: 'country', id: 'CN', name: 'China' },
          value: null,
          negated: false,
          hedged: true,
          reportedBy: v(vendor.id),
        },
        {
          predicate: 'targets-sector',
          object: { kind: 'sector', id: sector2.id, name: sector2.name },
          value: null,
          negated: false,
          hedged: true,
          reportedBy: v(vendor.id),
        },
      ],
    },
    {
      text: `In ${MONTH_NAMES[(month + 10) % 12]} ${year} about ${20 + i * 3}% of the victims ${alias} reached were ${country2.demonym} subsidiaries.`,
      claims: [
        {
          predicate: 'statistic',
          object: null,
          value: { percent: 20 + i * 3, of: `victims in ${country2.name}` },
          negated: false,
          hedged: false,
          reportedBy: i % 2 === 0 ? [vendor.id, 'pwc'] : v(vendor.id),
        },
      ],
    },
  ];
  if (i % 4 === 1) {
    sentences.push({
      text: `There is no evidence linking APT10 to the breach of ${at(COUNTRIES, i + 4).demonym} telecom operators, ${vendor.name} said.`,
      claims: [
        {
          predicate: 'targets-sector',
          object: { kind: 'sector', id: 'telecommunications', name: 'Telecommunications' },
          value: null,
          negated: true,
          hedged: false,
          reportedBy: v(vendor.id),
        },
      ],
    });
  }
  return buildArticle(a, {
    url: `https://news.example.test/${year}/${month}/apt10-report-${i}`,
    title: `${alias} campaign against ${sector.phrase} in ${country.name}, says ${vendor.name}`,
    publisher: at(PUBLISHERS, i),
    published,
    sentences,
  });
}

function hostileArticle(): Article {
  const a = actorById.get('apt10') as Actor;
  const art = buildArticle(a, {
    url: 'https://evil.example.test/stone-panda',
    title: HOSTILE_TITLE,
    publisher: '<b>Evil</b> Publisher',
    published: '2021-02-03',
    sentences: [
      {
        text: HOSTILE_QUOTE,
        claims: [
          {
            predicate: 'targets-sector',
            object: { kind: 'sector', id: 'pharmaceutical', name: 'Pharmaceutical' },
            value: null,
            negated: false,
            hedged: false,
            reportedBy: ['symantec'],
          },
        ],
      },
      {
        text: 'Researchers found <script>alert(2)</script> in the page and "><svg onload=alert(3)> in a comment.',
        claims: [],
      },
    ],
  });
  // A source URL that must never become a clickable link.
  art.url = 'javascript:alert(4)';
  for (const c of art.claims) {
    c.citation.url = 'javascript:alert(4)';
    c.article.url = 'javascript:alert(4)';
  }
  return art;
}

function otherArticle(actorId: string, i: number): Article {
  const a = actorById.get(actorId) as Actor;
  const vendor = at(VENDORS, i + 2);
  const sector = at(SECTORS, i + 1);
  const country = at(COUNTRIES, i + 3);
  return buildArticle(a, {
    url: `https://news.example.test/2022/${actorId}-${i}`,
    title: `${a.name} seen again`,
    publisher: at(PUBLISHERS, i + 1),
    published: `2022-0${(i % 9) + 1}-15`,
    sentences: [
      {
        text: `${vendor.name} tied ${a.name} to attacks on ${sector.phrase} in ${country.name}.`,
        claims: [
          {
            predicate: 'targets-sector',
            object: { kind: 'sector', id: sector.id, name: sector.name },
            value: null,
            negated: false,
            hedged: false,
            reportedBy: [vendor.id],
          },
          {
            predicate: 'targets-country',
            object: { kind: 'country', id: country.id, name: country.name },
            value: null,
            negated: false,
            hedged: false,
            reportedBy: [vendor.id],
          },
        ],
      },
    ],
  });
}

export function buildCorpus(): Article[] {
  const articles: Article[] = [];
  for (let i = 0; i < 16; i++) articles.push(apt10Article(i));
  articles.push(hostileArticle());
  for (let i = 0; i < 3; i++)
    articles.push(otherArticle('apt41', i), otherArticle('winnti-group', i), otherArticle('kimsuky', i));
  return articles;
}

/* Queries ---------------------------------------------------------------------------------------------------------- */

const nameKey = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

function resolveEntity(q: string): Resolved[] {
  const key = nameKey(q);
  const actors = ACTORS.filter((a) => a.id === q || names(a).some((n) => nameKey(n) === key));
  // An exact id wins over aliases (the UI sends ids once the analyst has chosen an actor).
  const exact = actors.find((a) => a.id === q);
  if (exact) return [{ kind: 'actor', id: exact.id, name: exact.name, aliases: names(exact) }];
  if (actors.length > 0) return actors.map((a) => ({ kind: 'actor', id: a.id, name: a.name, aliases: names(a) }));
  const out: Resolved[] = [];
  for (const v of VENDORS)
    if (v.id === q || nameKey(v.name) === key) out.push({ kind: 'vendor', id: v.id, name: v.name, aliases: [v.name] });
  for (const s of SECTORS)
    if (s.id === q || nameKey(s.name) === key)
      out.push({ kind: 'sector', id: s.id, name: s.name, aliases: [s.phrase] });
  for (const c of COUNTRIES) {
    if (c.id === q.toUpperCase() || nameKey(c.name) === key)
      out.push({ kind: 'country', id: c.id, name: c.name, aliases: [c.name, c.demonym] });
  }
  return out;
}

interface Bucket {
  key: string;
  count: number;
  name?: string;
}

function countBy(
  claims: Claim[],
  keys: (c: Claim) => (string | null | undefined)[],
  nameOf?: (k: string) => string | undefined,
): Bucket[] {
  const counts = new Map<string, number>();
  for (const c of claims) for (const k of new Set(keys(c))) if (k) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts]
    .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
    .map(([key, count]) => {
      const name = nameOf?.(key);
      return name ? { key, count, name } : { key, count };
    });
}

const sectorName = (id: string) => SECTORS.find((s) => s.id === id)?.name;
const countryName = (id: string) => COUNTRIES.find((s) => s.id === id)?.name;
const vendorName = (id: string) => VENDORS.find((s) => s.id === id)?.name;

function facetsOf(claims: Claim[]) {
  return {
    predicate: countBy(claims, (c) => [c.predicate]),
    sector: countBy(claims, (c) => [c.object?.kind === 'sector' ? c.object.id : null], sectorName),
    country: countBy(
      claims,
      (c) => [c.object?.kind === 'country' && c.predicate === 'targets-country' ? c.object.id : null],
      countryName,
    ),
    vendor: countBy(claims, (c) => c.reportedBy, vendorName),
    month: countBy(claims, (c) => [c.article.published?.slice(0, 7)]),
  };
}

const newestFirst = (x: Claim, y: Claim) =>
  (y.article.published ?? '').localeCompare(x.article.published ?? '') || x.id.localeCompare(y.id);

const CLAIM_PARAMS = new Set([
  'entity',
  'predicate',
  'sector',
  'country',
  'vendor',
  'from',
  'to',
  'hedged',
  'negated',
  'q',
  'size',
  'cursor',
  'format',
]);

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
  ) {
    super(detail);
  }
}

function inRange(published: string | null, from: string | null, to: string | null): boolean {
  if (!published) return !from && !to;
  if (from && published.slice(0, from.length) < from) return false;
  if (to && published.slice(0, to.length) > to) return false;
  return true;
}

/* Assertions: (subject, predicate, object) with the claims that state or deny it, as the real API groups them ------ */

const ASSERTION_PREDICATES = new Set<string>(['targets-sector', 'targets-country', 'sponsored-by']);
const ASSERTION_PARAMS = new Set([
  'entity',
  'predicate',
  'object',
  'vendor',
  'from',
  'to',
  'disputed',
  'sort',
  'size',
  'offset',
]);

interface FakeAssertion {
  row: AssertionRowOut;
  evidence: Claim[];
  counter: Claim[];
}

const named = (id: string) => ({ id, name: vendorName(id) ?? id });

/** Assertions from claims: independent sources are publishers, denials are counter-evidence. */
export function assertionsOf(claims: Claim[]): FakeAssertion[] {
  const groups = new Map<string, Claim[]>();
  for (const c of claims) {
    if (!ASSERTION_PREDICATES.has(c.predicate) || !c.object) continue;
    const key = `${c.subject.id}|${c.predicate}|${c.object.id}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const out: FakeAssertion[] = [];
  for (const [key, group] of groups) {
    const evidence = group.filter((c) => !c.negated);
    const counter = group.filter((c) => c.negated);
    const first = evidence[0];
    if (!first?.object) continue;
    const articles = new Map<string, Claim[]>();
    for (const c of evidence) articles.set(c.article.id, [...(articles.get(c.article.id) ?? []), c]);
    const dates = evidence
      .map((c) => c.article.published)
      .filter((d): d is string => !!d)
      .sort();
    out.push({
      row: {
        id: hash(key, 24),
        subject: { id: first.subject.id, name: first.subject.name },
        predicate: first.predicate as AssertionRowOut['predicate'],
        object: first.object,
        sources: new Set(evidence.map((c) => c.article.publisher)).size,
        articles: articles.size,
        vendors: [...new Set(evidence.flatMap((c) => c.reportedBy))].sort().map(named),
        firstReported: dates[0] ?? null,
        lastReported: dates[dates.length - 1] ?? null,
        hedgedArticles: [...articles.values()].filter((cs) => cs.every((c) => c.hedged)).length,
        disputedBy: new Set(counter.map((c) => c.article.id)).size,
      },
      evidence,
      counter,
    });
  }
  return out;
}

function evidenceByArticle(claims: Claim[]): EvidenceArticleOut[] {
  const byArticle = new Map<string, Claim[]>();
  for (const c of claims) byArticle.set(c.article.id, [...(byArticle.get(c.article.id) ?? []), c]);
  return [...byArticle.values()].map((cs) => {
    const c = cs[0] as Claim;
    return {
      article: c.article,
      source: c.article.publisher ?? c.article.url,
      reportedAt: c.article.published,
      vendors: [...new Set(cs.flatMap((x) => x.reportedBy))].map(named),
      hedged: cs.every((x) => x.hedged),
      quotes: cs.map((x) => ({
        claimId: x.id,
        quote: x.citation.quote,
        start: x.citation.start,
        end: x.citation.end,
        hedged: x.hedged,
      })),
      copies: [],
    };
  });
}

const bySort: Record<string, (x: AssertionRowOut, y: AssertionRowOut) => number> = {
  sources: (x, y) => y.sources - x.sources || (y.lastReported ?? '').localeCompare(x.lastReported ?? ''),
  last: (x, y) => (y.lastReported ?? '').localeCompare(x.lastReported ?? '') || y.sources - x.sources,
  first: (x, y) => (x.firstReported ?? '').localeCompare(y.firstReported ?? '') || y.sources - x.sources,
};

export class FakeApi {
  readonly articles: Article[];
  readonly claims: Claim[];
  /** Every request the browser made, path and query. */
  readonly requests: string[] = [];
  /** When set, the searches answer 503 with Retry-After, as the real API does while Elasticsearch is down. */
  elasticsearchDown = false;

  constructor(articles = buildCorpus()) {
    this.articles = articles;
    this.claims = articles.flatMap((a) => a.claims).sort(newestFirst);
  }

  searchClaims(params: URLSearchParams): { status: number; body: unknown; raw?: { type: string; text: string } } {
    for (const k of params.keys())
      if (!CLAIM_PARAMS.has(k)) throw new HttpProblem(400, 'Bad request', `${k}: unrecognized parameter`);
    const multi = (k: string) =>
      params
        .getAll(k)
        .flatMap((v) => v.split(','))
        .filter(Boolean);
    const entity = params.get('entity')?.trim() ?? '';
    let resolved: Resolved | null = null;
    let claims = this.claims;
    if (entity) {
      const candidates = resolveEntity(entity);
      if (candidates.length > 1) {
        const body: AmbiguousResponse = { ambiguous: true, query: entity, candidates };
        return { status: 300, body };
      }
      resolved = candidates[0] ?? null;
      const r = resolved;
      if (!r) claims = claims.filter((c) => c.subject.aliases.some((n) => nameKey(n) === nameKey(entity)));
      else if (r.kind === 'actor') claims = claims.filter((c) => c.subject.id === r.id);
      else if (r.kind === 'vendor') claims = claims.filter((c) => c.reportedBy.includes(r.id));
      else claims = claims.filter((c) => c.object?.kind === r.kind && c.object.id === r.id);
    }
    const predicates = multi('predicate');
    const sectors = multi('sector');
    const countries = multi('country').map((c) => c.toUpperCase());
    const vendors = multi('vendor');
    const from = params.get('from');
    const to = params.get('to');
    const hedged = params.get('hedged');
    const negated = params.get('negated') ?? 'false';
    const q = params.get('q')?.toLowerCase();
    claims = claims.filter(
      (c) =>
        (predicates.length === 0 || predicates.includes(c.predicate)) &&
        (sectors.length === 0 || (c.object?.kind === 'sector' && sectors.includes(c.object.id))) &&
        (countries.length === 0 || (c.object?.kind === 'country' && countries.includes(c.object.id))) &&
        (vendors.length === 0 || c.reportedBy.some((v) => vendors.includes(v))) &&
        inRange(c.article.published, from, to) &&
        (hedged === null || String(c.hedged) === hedged) &&
        (negated === 'any' || String(c.negated) === negated) &&
        (!q || q.split(/\s+/).every((w) => c.citation.quote.toLowerCase().includes(w))),
    );
    const format = params.get('format') ?? 'json';
    if (format === 'csv') {
      const text = [
        'id,subject,predicate,object,quote',
        ...claims.map((c) =>
          [c.id, c.subject.name, c.predicate, c.object?.name ?? '', JSON.stringify(c.citation.quote)].join(','),
        ),
      ].join('\n');
      return { status: 200, body: null, raw: { type: 'text/csv; charset=utf-8', text } };
    }
    if (format === 'jsonl')
      return {
        status: 200,
        body: null,
        raw: { type: 'application/x-ndjson', text: claims.map((c) => JSON.stringify(c)).join('\n') },
      };
    if (format === 'stix')
      return {
        status: 200,
        body: null,
        raw: {
          type: 'application/stix+json;version=2.1',
          text: JSON.stringify({ type: 'bundle', id: 'bundle--fake', objects: [] }),
        },
      };
    const size = Number(params.get('size') ?? 20);
    const offset = params.get('cursor')
      ? Number(Buffer.from(params.get('cursor') as string, 'base64url').toString())
      : 0;
    const page = claims.slice(offset, offset + size);
    const next = offset + size < claims.length ? Buffer.from(String(offset + size)).toString('base64url') : null;
    const body: ClaimsResponse = { total: claims.length, resolved, claims: page, facets: facetsOf(claims), next };
    return { status: 200, body };
  }

  /** GET /v1/assertions: filters like /v1/claims, each facet group counted without its own filter. */
  searchAssertions(params: URLSearchParams): { status: number; body: AssertionsResponse | AmbiguousResponse } {
    for (const k of params.keys())
      if (!ASSERTION_PARAMS.has(k)) throw new HttpProblem(400, 'Bad request', `${k}: unrecognized parameter`);
    const multi = (k: string) =>
      params
        .getAll(k)
        .flatMap((v) => v.split(','))
        .filter(Boolean);
    const entity = params.get('entity')?.trim() ?? '';
    let resolved: Resolved | null = null;
    const from = params.get('from');
    const to = params.get('to');
    // Reported between the dates: the evidence outside the range does not count.
    let claims = this.claims.filter((c) => inRange(c.article.published, from, to));
    if (entity) {
      const candidates = resolveEntity(entity);
      if (candidates.length > 1) return { status: 300, body: { ambiguous: true, query: entity, candidates } };
      resolved = candidates[0] ?? null;
      const r = resolved;
      if (!r) claims = [];
      else if (r.kind === 'actor') claims = claims.filter((c) => c.subject.id === r.id);
      else if (r.kind === 'vendor') claims = claims.filter((c) => c.reportedBy.includes(r.id));
      else claims = claims.filter((c) => c.object?.kind === r.kind && c.object.id === r.id);
    }
    const predicates = multi('predicate');
    const objects = multi('object').map((o) => (o.length === 2 ? o.toUpperCase() : o));
    const vendors = multi('vendor');
    const disputed = params.get('disputed') === 'true';
    const all = assertionsOf(claims).map((a) => a.row);
    const keep = (a: AssertionRowOut, without: 'predicate' | 'object' | 'vendor' | null) =>
      (without === 'predicate' || predicates.length === 0 || predicates.includes(a.predicate)) &&
      (without === 'object' || objects.length === 0 || objects.includes(a.object.id)) &&
      (without === 'vendor' || vendors.length === 0 || a.vendors.some((v) => vendors.includes(v.id))) &&
      (!disputed || a.disputedBy > 0);
    const keysOf = (a: AssertionRowOut, group: 'predicate' | 'object' | 'vendor') =>
      group === 'predicate' ? [a.predicate] : group === 'object' ? [a.object.id] : a.vendors.map((v) => v.id);
    const nameOf = (group: 'predicate' | 'object' | 'vendor', k: string) =>
      group === 'vendor' ? vendorName(k) : group === 'object' ? (sectorName(k) ?? countryName(k)) : undefined;
    const facet = (group: 'predicate' | 'object' | 'vendor'): Bucket[] => {
      const counts = new Map<string, number>();
      for (const a of all.filter((x) => keep(x, group)))
        for (const k of keysOf(a, group)) counts.set(k, (counts.get(k) ?? 0) + 1);
      return [...counts]
        .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
        .map(([key, count]) => {
          const name = nameOf(group, key);
          return name ? { key, count, name } : { key, count };
        });
    };
    const rows = all.filter((a) => keep(a, null)).sort(bySort[params.get('sort') ?? 'sources'] ?? bySort.sources);
    const size = Number(params.get('size') ?? 20);
    const offset = Number(params.get('offset') ?? 0);
    return {
      status: 200,
      body: {
        total: rows.length,
        offset,
        resolved,
        assertions: rows.slice(offset, offset + size),
        facets: { predicate: facet('predicate'), object: facet('object'), vendor: facet('vendor') },
      },
    };
  }

  /** GET /v1/assertions/{id}: the evidence grouped by article, denials as counter-evidence. */
  assertion(id: string): AssertionResponse | null {
    const a = assertionsOf(this.claims).find((x) => x.row.id === id);
    if (!a) return null;
    const sources = (cs: Claim[]) => new Set(cs.map((c) => c.article.publisher));
    return {
      ...a.row,
      confidence: confidenceOf({
        unhedgedSources: sources(a.evidence.filter((c) => !c.hedged)).size,
        hedgedSources: a.row.sources - sources(a.evidence.filter((c) => !c.hedged)).size,
        vendors: a.row.vendors.length,
        disputes: a.row.disputedBy,
      }),
      evidence: evidenceByArticle(a.evidence),
      counterEvidence: evidenceByArticle(a.counter),
    };
  }

  /**
   * GET /v1/triage. The fake's articles were "ingested" three hours apart, newest first in corpus order, ending now;
   * an assertion is new when its first ingested evidence falls in the window.
   */
  triage(window: '24h' | '7d'): TriageResponse {
    const now = Date.now();
    const since = now - (window === '24h' ? 24 : 7 * 24) * 3600_000;
    const ingestedAt = new Map(this.articles.map((a, i) => [a.id, now - (i * 3 + 1) * 3600_000]));
    const recent = this.articles.filter((a) => (ingestedAt.get(a.id) ?? 0) >= since);
    const recentIds = new Set(recent.map((a) => a.id));
    const actorCounts = new Map<string, number>();
    for (const a of recent)
      for (const id of new Set(a.claims.map((c) => c.subject.id))) actorCounts.set(id, (actorCounts.get(id) ?? 0) + 1);
    const assertions = assertionsOf(this.claims);
    const firstIngested = (cs: Claim[]) => Math.min(...cs.map((c) => ingestedAt.get(c.article.id) ?? 0));
    return {
      window,
      since: new Date(since).toISOString(),
      articles: {
        ingested: recent.length,
        latest: recent.slice(0, 10).map((a) => ({
          id: a.id,
          url: a.url,
          title: a.title,
          publisher: a.publisher,
          ingestedAt: new Date(ingestedAt.get(a.id) ?? now).toISOString(),
        })),
      },
      actors: [...actorCounts]
        .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
        .map(([id, articles]) => ({ id, name: actorById.get(id)?.name ?? id, articles })),
      newAssertions: assertions
        .filter((a) => firstIngested(a.evidence) >= since)
        .map((a) => a.row)
        .sort(bySort.sources)
        .slice(0, 10),
      disputedAssertions: assertions
        .filter((a) => a.counter.some((c) => recentIds.has(c.article.id)))
        .map((a) => a.row)
        .sort(bySort.sources)
        .slice(0, 10),
      watches: {
        alerts: 3,
        delivered: 2,
        failed: [
          {
            id: 'alert-1',
            watchId: 'watch-apt10',
            actorId: 'apt10',
            articleId: recent[0]?.id ?? null,
            lastError: 'the webhook answered 500',
            createdAt: new Date(now - 2 * 3600_000).toISOString(),
          },
        ],
      },
    };
  }

  suggest(prefix: string, limit: number): ActorsResponse['actors'] {
    const key = nameKey(prefix);
    if (!key) return [];
    const hits: { id: string; name: string; matched: string; aliases: string[] }[] = [];
    for (const a of ACTORS) {
      const matched = names(a).find((n) => nameKey(n).startsWith(key));
      if (matched) hits.push({ id: a.id, name: a.name, matched, aliases: names(a) });
    }
    return hits.slice(0, limit);
  }

  actor(id: string): ActorProfile | null {
    const a = actorById.get(id);
    if (!a) return null;
    const claims = this.claims.filter((c) => c.subject.id === id && !c.negated);
    const dates = claims
      .map((c) => c.article.published)
      .filter((d): d is string => !!d)
      .sort();
    const rows = (buckets: Bucket[]) => buckets.map((b) => ({ id: b.key, name: b.name ?? b.key, count: b.count }));
    return {
      id: a.id,
      name: a.name,
      attackId: a.attackId,
      kind: a.kind,
      sponsor: a.sponsor ? { code: a.sponsor, name: countryName(a.sponsor) ?? 'North Korea' } : null,
      aliases: a.aliases.map((x) => ({ ...x, coinedByName: x.coinedBy ? (vendorName(x.coinedBy) ?? null) : null })),
      claimCount: claims.length,
      firstSeen: dates[0] ?? null,
      lastSeen: dates[dates.length - 1] ?? null,
      sectors: rows(
        countBy(
          claims.filter((c) => c.predicate === 'targets-sector'),
          (c) => [c.object?.id],
          sectorName,
        ),
      ),
      countries: rows(
        countBy(
          claims.filter((c) => c.predicate === 'targets-country'),
          (c) => [c.object?.id],
          countryName,
        ),
      ),
      vendors: rows(countBy(claims, (c) => c.reportedBy, vendorName)),
      months: countBy(claims, (c) => [c.article.published?.slice(0, 7)]).sort((x, y) => x.key.localeCompare(y.key)),
      latest: claims.slice(0, 5),
    };
  }

  article(id: string): ArticleResponse | null {
    return this.articles.find((a) => a.id === id) ?? null;
  }

  /** Serve the API and the UI on 127.0.0.1 at a free port. */
  async listen(): Promise<{ url: string; close: () => Promise<void> }> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        const p = error instanceof HttpProblem ? error : new HttpProblem(500, 'Internal error', 'unexpected');
        send(
          res,
          p.status,
          'application/problem+json',
          JSON.stringify({
            type: `https://claimwire.dev/problems/${p.status}`,
            title: p.title,
            status: p.status,
            detail: p.message,
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      close: () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    this.requests.push(url.pathname + url.search);
    const p = url.pathname;
    const json = (status: number, body: unknown) => send(res, status, 'application/json', JSON.stringify(body));
    const match = (re: RegExp) => re.exec(p)?.[1];
    const file = match(/^\/ui\/([\w.-]+)$/);
    const actorId = match(/^\/v1\/actors\/([^/]+)$/);
    const articleId = match(/^\/v1\/articles\/([^/]+)$/);
    const assertionId = match(/^\/v1\/assertions\/([^/]+)$/);
    if (req.method !== 'GET') throw new HttpProblem(405, 'Method not allowed', req.method ?? '');
    if (p === '/' || /^\/(actors|articles|assertions)\/[^/]+$/.test(p)) {
      send(res, 200, 'text/html; charset=utf-8', await readFile(path.join(UI_DIR, 'index.html')));
    } else if (file) {
      const type = {
        '.js': 'text/javascript; charset=utf-8',
        '.css': 'text/css; charset=utf-8',
        '.svg': 'image/svg+xml',
        '.html': 'text/html; charset=utf-8',
      }[path.extname(file)];
      if (!type || file.startsWith('.')) throw new HttpProblem(404, 'Not found', file);
      const body = await readFile(path.join(UI_DIR, file)).catch(() => null);
      if (!body) throw new HttpProblem(404, 'Not found', file);
      send(res, 200, type, body);
    } else if ((p === '/v1/claims' || p === '/v1/assertions') && this.elasticsearchDown) {
      send(
        res,
        503,
        'application/problem+json',
        JSON.stringify({
          type: 'https://claimwire.dev/problems/503',
          title: 'Service unavailable',
          status: 503,
          detail: 'Elasticsearch is not answering; try again shortly',
          service: 'elasticsearch',
        }),
        { 'retry-after': '5' },
      );
    } else if (p === '/v1/claims') {
      const r = this.searchClaims(url.searchParams);
      if (r.raw) send(res, 200, r.raw.type, r.raw.text, { 'content-disposition': 'attachment; filename="claims"' });
      else json(r.status, r.body);
    } else if (p === '/v1/assertions') {
      const r = this.searchAssertions(url.searchParams);
      json(r.status, r.body);
    } else if (assertionId) {
      const a = this.assertion(decodeURIComponent(assertionId));
      if (!a) throw new HttpProblem(404, 'Not found', `no assertion with id "${assertionId}"`);
      json(200, a);
    } else if (p === '/v1/triage') {
      const w = url.searchParams.get('window') ?? '7d';
      if (w !== '24h' && w !== '7d') throw new HttpProblem(400, 'Bad request', 'window: 24h or 7d');
      json(200, this.triage(w));
    } else if (p === '/v1/actors') {
      const prefix = url.searchParams.get('prefix')?.trim();
      if (!prefix) throw new HttpProblem(400, 'Bad request', 'prefix: required');
      json(200, { actors: this.suggest(prefix, Number(url.searchParams.get('limit') ?? 10)) });
    } else if (actorId) {
      const actor = this.actor(decodeURIComponent(actorId));
      if (!actor) throw new HttpProblem(404, 'Not found', `no actor with id "${actorId}"`);
      json(200, actor);
    } else if (articleId) {
      const article = this.article(decodeURIComponent(articleId));
      if (!article) throw new HttpProblem(404, 'Not found', `no article with id "${articleId}"`);
      json(200, article);
    } else {
      throw new HttpProblem(404, 'Not found', 'no such resource');
    }
  }
}

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': type,
    ...SECURITY_HEADERS,
    'cache-control': 'no-store',
    ...extra,
  });
  res.end(body);
}
