/**
 * Every setting claimwire reads, in one place: a zod field per setting with its environment variable, default and
 * meaning. `loadSettings` is called once by an entry point; everything else receives the frozen result. Nothing else
 * in the project reads `process.env`.
 */
import { z } from 'zod';
import { ClaimwireError } from '../src/errors.ts';
import {
  type AddressAllowlist,
  FETCH_ALLOW_VARIABLE,
  parseAllowlist,
  WEBHOOK_ALLOW_VARIABLE,
} from '../src/fetch/ssrf-guard.ts';
import { catalogPath, defaultLocations, EXAMPLE_SOURCES } from './locations.ts';

export { defaultLocations, EXAMPLE_SOURCES } from './locations.ts';

const optionalUrl = z.url().optional();

/** Shorter API keys are refused at start-up: guessable, or an empty `""` from a quoted env file. */
export const MIN_API_KEY_CHARS = 16;

const schema = z.object({
  ELASTICSEARCH_URL: optionalUrl.describe('Elasticsearch to use; unset = start a local node under CLAIMWIRE_HOME'),
  REDIS_URL: z
    .string()
    .default('redis://127.0.0.1:6379')
    .describe(
      'Redis for the BullMQ queues; unset = 127.0.0.1:6379, started locally if down (a set URL is never started)',
    ),
  CLAIMWIRE_INDEX_PREFIX: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, - and _ only')
    .default('claimwire')
    .describe('Prefix of every index and queue name'),
  CLAIMWIRE_HOME: z
    .string()
    .optional()
    .describe('Data, logs and local services; default .local/ in a clone, else $XDG_DATA_HOME/claimwire'),
  CLAIMWIRE_CATALOG: z
    .string()
    .optional()
    .describe('Local actor catalog (JSON) merged over the built-in one; default <local dir>/catalog/actors.json'),
  CLAIMWIRE_ES_HEAP: z
    .string()
    .regex(/^\d+[mg]$/)
    .default('1g')
    .describe('Heap of the local Elasticsearch node'),
  CLAIMWIRE_ES_PORT: z.coerce
    .number()
    .int()
    .min(1)
    .max(65535)
    .default(9200)
    .describe('First HTTP port tried by the local node'),
  CLAIMWIRE_FETCH_ALLOW_PRIVATE: z
    .enum(['0', '1'])
    .default('0')
    .transform((v) => v === '1')
    .describe(
      'Allow every private, loopback and link-local address, for fetching and webhooks alike (tests only; use the allowlists below for intranet hosts)',
    ),
  CLAIMWIRE_FETCH_ALLOW_CIDRS: z
    .string()
    .default('')
    .describe(
      'Non-public address blocks or host names pages and feeds may be fetched from (e.g. 10.20.0.0/16,wiki.corp)',
    ),
  CLAIMWIRE_WEBHOOK_ALLOW_CIDRS: z
    .string()
    .default('')
    .describe('Non-public address blocks or host names webhooks may be delivered to (e.g. a SOAR at 10.30.1.5/32)'),
  CLAIMWIRE_SOURCES: z
    .string()
    .optional()
    .describe(
      'Sources (feeds, sitemaps, URL lists) and the nightly schedule; default config/sources.json in a clone, else $XDG_CONFIG_HOME/claimwire/sources.json (the example, copied on first use)',
    ),
  CLAIMWIRE_FETCH_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1)
    .max(256)
    .default(16)
    .describe('Fetch jobs per worker process'),
  CLAIMWIRE_INDEX_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1)
    .max(64)
    .default(8)
    .describe('Index jobs per worker process'),
  CLAIMWIRE_JOB_LOCK_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(30_000)
    .describe('How long a job stays locked to a worker that stopped answering before another worker takes it over'),
  CLAIMWIRE_FETCH_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .default(20_000)
    .describe('Total time allowed for one page fetch'),
  CLAIMWIRE_FETCH_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(10 * 1024 * 1024)
    .describe('Largest page body fetched'),
  CLAIMWIRE_HOST_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(1000)
    .describe('Minimum time between two requests to one host'),
  CLAIMWIRE_API_KEYS: z
    .string()
    .default('')
    .describe(
      `Comma-separated API keys (each at least ${MIN_API_KEY_CHARS} characters) allowed to write and to read watchlists and alerts; empty disables them`,
    ),
  CLAIMWIRE_WATCH_SECRET: z
    .string()
    .optional()
    .describe('Signing secret `claimwire watch add --secret-env` gives the new watch (never put a secret in argv)'),
  CLAIMWIRE_HOST: z
    .string()
    .default('127.0.0.1')
    .describe('Address `claimwire serve` and `claimwire worker --metrics-port` listen on (0.0.0.0 for all)'),
  CLAIMWIRE_API_HOSTS: z
    .string()
    .default('')
    .describe(
      'Host names the API answers to besides the address it listens on (and localhost when that is loopback); any other Host header is refused, against DNS rebinding',
    ),
  CLAIMWIRE_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('Level of the JSON logs of `claimwire worker` and `claimwire serve` (debug adds a line per job)'),
  PORT: z.coerce.number().int().min(1).max(65535).default(8080).describe('HTTP port of `claimwire serve`'),
});

export type Settings = Readonly<
  Omit<z.output<typeof schema>, 'CLAIMWIRE_HOME' | 'CLAIMWIRE_SOURCES'> & {
    CLAIMWIRE_HOME: string;
    CLAIMWIRE_SOURCES: string;
    /** The example to copy to CLAIMWIRE_SOURCES when that file does not exist yet (an install's first run), or null. */
    sourcesExample: string | null;
    catalogPath: string;
    apiKeys: readonly string[];
    /**
     * REDIS_URL was left unset: claimwire may start a local Redis (no persistence) when none answers. A Redis someone
     * configured is never replaced by one of ours, even while it restarts: that one would come up empty.
     */
    startLocalRedis: boolean;
    fetchAllow: AddressAllowlist;
    webhookAllow: AddressAllowlist;
    apiHosts: readonly string[];
  }
>;

/** Field docs for `--help` and the README. */
export function describeSettings(): { name: string; description: string }[] {
  return Object.entries(schema.shape).map(([name, field]) => ({ name, description: field.description ?? '' }));
}

export class SettingsError extends ClaimwireError {}

/** Parses the environment once; every invalid setting is listed in one error. */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const relevant = Object.fromEntries(Object.keys(schema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]));
  const parsed = schema.safeParse(relevant);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new SettingsError(`invalid settings:\n${problems}`);
  }
  const s = parsed.data;
  const problems: string[] = [];
  const apiKeys = s.CLAIMWIRE_API_KEYS.split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  apiKeys.forEach((k, i) => {
    if (k.length < MIN_API_KEY_CHARS)
      problems.push(
        `  CLAIMWIRE_API_KEYS: key ${i + 1} of ${apiKeys.length} is ${k.length} characters long; keys need at least ${MIN_API_KEY_CHARS} (a quoted "" counts as a 2-character key): make one with \`openssl rand -hex 24\``,
      );
  });
  const allowlist = (variable: string, text: string): AddressAllowlist => {
    try {
      return parseAllowlist(variable, text);
    } catch (error) {
      problems.push(`  ${(error as Error).message}`);
      return { variable, cidrs: [], hosts: [] };
    }
  };
  const fetchAllow = allowlist(FETCH_ALLOW_VARIABLE, s.CLAIMWIRE_FETCH_ALLOW_CIDRS);
  const webhookAllow = allowlist(WEBHOOK_ALLOW_VARIABLE, s.CLAIMWIRE_WEBHOOK_ALLOW_CIDRS);
  if (problems.length > 0) throw new SettingsError(`invalid settings:\n${problems.join('\n')}`);
  const defaults = defaultLocations(env);
  const home = s.CLAIMWIRE_HOME ?? defaults.home;
  const sources = s.CLAIMWIRE_SOURCES ?? defaults.sources;
  return Object.freeze({
    ...s,
    CLAIMWIRE_HOME: home,
    CLAIMWIRE_SOURCES: sources,
    sourcesExample: sources === EXAMPLE_SOURCES ? null : EXAMPLE_SOURCES,
    catalogPath: catalogPath({ ...env, CLAIMWIRE_HOME: home }),
    startLocalRedis: relevant.REDIS_URL === undefined,
    apiKeys: Object.freeze(apiKeys),
    fetchAllow,
    webhookAllow,
    apiHosts: Object.freeze(
      s.CLAIMWIRE_API_HOSTS.split(',')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
    ),
  });
}
