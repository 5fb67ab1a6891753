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
  /**
   * Why the file was treated as unavailable (RFC 9309: crawl as if there were none) although it was fetched: over the
   * rule or pattern caps, or too costly to match. Absent for a usable file.
   */
  readonly unavailable?: string;
}

/** A policy that allows everything (robots.txt missing, 4xx, or empty). */
export const ALLOW_ALL: RobotsPolicy = Object.freeze({ rules: [] });

/** RFC 9309 asks crawlers to parse at least 500 KiB; beyond that we stop reading. */
export const MAX_ROBOTS_BYTES = 512 * 1024;
/** More Allow/Disallow rules than this for one crawler and the file is treated as unavailable. Real files have tens. */
export const MAX_ROBOTS_RULES = 2000;
/** A longer pattern and the file is treated as unavailable: no real path rule is this long. */
export const MAX_ROBOTS_PATTERN_CHARS = 2048;
/**
 * Work allowed for one check, in characters compared (each rule costs at most its pattern plus the path, see
 * {@link robotsPatternMatches}). A few milliseconds of CPU; over it, the check stops and the file counts as unavailable.
 */
export const ROBOTS_CHECK_BUDGET = 20_000_000;

/** A check went over {@link ROBOTS_CHECK_BUDGET}: the file must be treated as unavailable. */
export class RobotsBudgetError extends Error {
  constructor(
    readonly rules: number,
    readonly pathLength: number,
  ) {
    super(
      `matching ${rules} robots.txt rules against a ${pathLength}-character path costs over ${ROBOTS_CHECK_BUDGET} steps`,
    );
    this.name = 'RobotsBudgetError';
  }
}

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
  if (rules.length > MAX_ROBOTS_RULES)
    return { rules: [], unavailable: `${rules.length} rules apply to ${token}, over the cap of ${MAX_ROBOTS_RULES}` };
  const long = rules.find((r) => r.pattern.length > MAX_ROBOTS_PATTERN_CHARS);
  if (long)
    return {
      rules: [],
      unavailable: `a ${long.pattern.length}-character pattern, over the cap of ${MAX_ROBOTS_PATTERN_CHARS}`,
    };
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
 * otherwise the pattern is a prefix. The pattern is cut at its stars into literal pieces; the first must start the
 * path, each next one is found (leftmost, which is always right for `*`-only globs) after the previous with a KMP
 * search, and an anchored last piece must end the path. So one match costs O(pattern + path), however many stars a
 * hostile file puts in a rule: the backtracking matcher before this was O(pattern × path).
 */
export function robotsPatternMatches(pattern: string, path: string): boolean {
  const anchored = pattern.endsWith('$');
  const pieces = (anchored ? pattern.slice(0, -1) : pattern).split('*');
  const first = pieces[0] ?? '';
  if (!path.startsWith(first)) return false;
  if (pieces.length === 1) return !anchored || path.length === first.length;
  let at = first.length;
  for (let i = 1; i < pieces.length - 1; i++) {
    const piece = pieces[i] ?? '';
    if (piece === '') continue;
    const found = kmpIndexOf(path, piece, at);
    if (found < 0) return false;
    at = found + piece.length;
  }
  const last = pieces[pieces.length - 1] ?? '';
  if (!anchored) return last === '' || kmpIndexOf(path, last, at) >= 0;
  return path.length - last.length >= at && path.endsWith(last);
}

/** First index of `needle` in `text` at or after `from`, in O(text + needle) whatever the input. */
function kmpIndexOf(text: string, needle: string, from: number): number {
  if (needle.length === 1) return text.indexOf(needle, from); // a one-character scan is linear anyway
  const fail = new Int32Array(needle.length);
  for (let i = 1, k = 0; i < needle.length; i++) {
    while (k > 0 && needle[i] !== needle[k]) k = fail[k - 1] ?? 0;
    if (needle[i] === needle[k]) k++;
    fail[i] = k;
  }
  for (let i = from, k = 0; i < text.length; i++) {
    while (k > 0 && text[i] !== needle[k]) k = fail[k - 1] ?? 0;
    if (text[i] === needle[k]) k++;
    if (k === needle.length) return i - needle.length + 1;
  }
  return -1;
}

/**
 * Whether `policy` lets the crawler fetch `pathAndQuery` (e.g. `/news/x?id=1`). The longest matching pattern wins;
 * on a tie Allow wins (RFC 9309 §2.2.2). `/robots.txt` itself is always allowed.
 *
 * @throws RobotsBudgetError when the check would cost more than `budget` (see {@link ROBOTS_CHECK_BUDGET}).
 */
export function isAllowedByRobots(policy: RobotsPolicy, pathAndQuery: string, budget = ROBOTS_CHECK_BUDGET): boolean {
  const path = normalizeRobotsPath(pathAndQuery || '/');
  if (path === '/robots.txt') return true;
  let best: RobotsRule | undefined;
  let spent = 0;
  for (const rule of policy.rules) {
    spent += rule.pattern.length + path.length;
    if (spent > budget) throw new RobotsBudgetError(policy.rules.length, path.length);
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
