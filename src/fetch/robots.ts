/**
 * robots.txt parsing and matching per RFC 9309 (the Robots Exclusion Protocol), plus the de-facto `Crawl-delay`.
 * Pure: fetching and caching live in the fetcher. claimwire crawls third-party news sites, so honouring robots.txt is
 * what keeps it a polite citizen (and unblocked).
 */

/** One Allow/Disallow line, its path pattern normalised for comparison. */
export interface RobotsRule {
  readonly allow: boolean;
  readonly pattern: string;
}

/** The rules that apply to one crawler, already picked from the file's groups. */
export interface RobotsPolicy {
  readonly rules: readonly RobotsRule[];
  /** Crawl-delay in milliseconds from the chosen group, if any. */
  readonly crawlDelayMs?: number;
}

/** A policy that allows everything (robots.txt missing, 4xx, or empty). */
export const ALLOW_ALL: RobotsPolicy = Object.freeze({ rules: [] });

/** RFC 9309 asks crawlers to parse at least 500 KiB; beyond that we stop reading. */
export const MAX_ROBOTS_BYTES = 512 * 1024;

interface Group {
  agents: string[];
  rules: RobotsRule[];
  crawlDelayMs?: number;
}

/**
 * The product token robots.txt groups are matched against: the leading `[A-Za-z_-]+` of the User-Agent, lowercased
 * (`claimwire/0.1 (+https://…)` → `claimwire`).
 */
export function productToken(userAgent: string): string {
  return (/^[A-Za-z_-]+/.exec(userAgent)?.[0] ?? userAgent).toLowerCase();
}

/**
 * Parses robots.txt text and selects the policy for `token` (see {@link productToken}): the groups naming the token
 * (merged, as RFC 9309 says), else the `*` groups, else allow-all. Unknown lines and junk (an HTML error page served
 * as robots.txt) are ignored.
 */
export function parseRobots(text: string, token: string): RobotsPolicy {
  const groups: Group[] = [];
  let current: Group | undefined;
  let lastWasAgent = false;
  for (const rawLine of text.split(/\r\n|\r|\n/)) {
    const line = rawLine.replace(/#.*/, '').trim();
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'user-agent') {
      if (!current || !lastWasAgent) {
        current = { agents: [], rules: [] };
        groups.push(current);
      }
      current.agents.push(value.toLowerCase());
      lastWasAgent = true;
      continue;
    }
    lastWasAgent = false;
    if (!current) continue; // rules before any User-agent line belong to no group
    if (key === 'allow' || key === 'disallow') {
      // An empty Disallow means "nothing is disallowed": it adds no rule.
      if (value === '') continue;
      current.rules.push({ allow: key === 'allow', pattern: normalizeRobotsPath(value) });
    } else if (key === 'crawl-delay') {
      const seconds = Number(value);
      if (Number.isFinite(seconds) && seconds >= 0) current.crawlDelayMs = Math.round(seconds * 1000);
    }
  }
  const mine = groups.filter((g) => g.agents.some((a) => a === token));
  const chosen = mine.length > 0 ? mine : groups.filter((g) => g.agents.includes('*'));
  if (chosen.length === 0) return ALLOW_ALL;
  const rules = chosen.flatMap((g) => g.rules);
  const delays = chosen.map((g) => g.crawlDelayMs).filter((d): d is number => d !== undefined);
  return delays.length > 0 ? { rules, crawlDelayMs: Math.max(...delays) } : { rules };
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/**
 * Brings a path (from a URL or a robots.txt rule) to the form RFC 9309 compares: non-ASCII percent-encoded as UTF-8,
 * `%xx` of unreserved characters decoded, other `%xx` upper-cased. So `/%7Efoo` and `/~foo` match each other.
 */
export function normalizeRobotsPath(path: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching every non-ASCII character on purpose
  const ascii = path.replace(/[^\x00-\x7f]+/gu, (s) => encodeURIComponent(s));
  return ascii.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => {
    const ch = String.fromCharCode(Number.parseInt(hex, 16));
    return UNRESERVED.test(ch) ? ch : `%${hex.toUpperCase()}`;
  });
}

/**
 * Glob match of a robots pattern against a path: `*` is any run of characters, a trailing `$` anchors the end,
 * otherwise the pattern is a prefix. Iterative with single-star backtracking, so it is O(pattern × path) at worst
 * and a hostile robots.txt (`/*a*a*a*a*b`) cannot hang the worker the way a naive regex would.
 */
export function robotsPatternMatches(pattern: string, path: string): boolean {
  const anchored = pattern.endsWith('$');
  const p = anchored ? pattern.slice(0, -1) : `${pattern}*`;
  let pi = 0;
  let ti = 0;
  let starP = -1;
  let starT = 0;
  while (ti < path.length) {
    if (pi < p.length && p[pi] !== '*' && p[pi] === path[ti]) {
      pi++;
      ti++;
    } else if (pi < p.length && p[pi] === '*') {
      starP = pi++;
      starT = ti;
    } else if (starP >= 0) {
      pi = starP + 1;
      ti = ++starT;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

/**
 * Whether `policy` lets the crawler fetch `pathAndQuery` (e.g. `/news/x?id=1`). The longest matching pattern wins;
 * on a tie Allow wins (RFC 9309 §2.2.2). `/robots.txt` itself is always allowed.
 */
export function isAllowedByRobots(policy: RobotsPolicy, pathAndQuery: string): boolean {
  const path = normalizeRobotsPath(pathAndQuery || '/');
  if (path === '/robots.txt') return true;
  let best: RobotsRule | undefined;
  for (const rule of policy.rules) {
    if (!robotsPatternMatches(rule.pattern, path)) continue;
    if (
      !best ||
      rule.pattern.length > best.pattern.length ||
      (rule.pattern.length === best.pattern.length && rule.allow && !best.allow)
    ) {
      best = rule;
    }
  }
  return best?.allow ?? true;
}
