/**
 * The sources the nightly discovery job reads (feeds, sitemaps, URL lists) and when it runs, from a JSON file
 * (`config/sources.json` in a clone, the XDG config dir once installed, `CLAIMWIRE_SOURCES` to override; see settings.ts).
 *
 * The file is validated in full before anything is scheduled: a bad cron expression, an unknown time zone, a
 * duplicate id or a source without a URL is reported with the source's id, all problems at once, instead of
 * surfacing as a failed job at 2 a.m.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { SOURCE_KINDS } from '../src/discover/parse-document.ts';
import { InputError } from '../src/errors.ts';

/** When the nightly discovery runs unless the file says otherwise: 02:00 every day, a quiet hour for most sites. */
export const DEFAULT_CRON = '0 2 * * *';
/** Default zone of the schedule: UTC, so the run time does not move with daylight saving. */
export const DEFAULT_TIMEZONE = 'UTC';

/** Largest sources file read; a real one is a few KB. */
const MAX_FILE_BYTES = 1024 * 1024;

/** Most items one source may ask for per run; the discovery parsers cap at this too. */
export const MAX_SOURCE_ITEMS = 50_000;

/** cron-parser's shorthand forms, which BullMQ accepts because it uses cron-parser. */
const CRON_MACROS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@hourly']);

/**
 * Why a cron expression is unusable, or `undefined` if BullMQ can run it. Validated with cron-parser, the parser
 * BullMQ's job scheduler uses, so "valid here" means "schedulable there". The field-count check comes first
 * because cron-parser fills missing fields with `*` (it accepts `* * *`), which is never what a person meant.
 */
export function cronProblem(expression: string): string | undefined {
  const trimmed = expression.trim();
  if (CRON_MACROS.has(trimmed.toLowerCase())) return undefined;
  const fields = trimmed.split(/\s+/).filter((f) => f !== '').length;
  if (fields !== 5 && fields !== 6) {
    return `cron expression ${JSON.stringify(expression)} has ${fields} fields; use 5 (minute hour day month weekday) or 6 (with seconds first)`;
  }
  try {
    CronExpressionParser.parse(trimmed);
    return undefined;
  } catch (error) {
    return `invalid cron expression ${JSON.stringify(expression)}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** True if the runtime's Intl knows the IANA zone (what BullMQ's scheduler will be given). */
export function isKnownTimeZone(zone: string): boolean {
  if (zone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const httpUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an absolute http(s) URL');

const scheduleSchema = z.strictObject({
  cron: z
    .string()
    .default(DEFAULT_CRON)
    .superRefine((value, ctx) => {
      const problem = cronProblem(value);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
    }),
  timezone: z
    .string()
    .default(DEFAULT_TIMEZONE)
    .superRefine((value, ctx) => {
      if (!isKnownTimeZone(value)) {
        ctx.addIssue({
          code: 'custom',
          message: `unknown time zone ${JSON.stringify(value)}; use an IANA name such as "UTC" or "Europe/Berlin"`,
        });
      }
    }),
});

/** Kinds read from a single document; `urls` may instead list its URLs inline. */
const DOCUMENT_KINDS: ReadonlySet<string> = new Set(['rss', 'atom', 'feed', 'sitemap']);

const sourceSchema = z
  .strictObject({
    /** Stable name used in logs, job ids and errors. */
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'must be 1-64 characters: lower-case letters, digits, ".", "_" and "-"'),
    /** `feed` = RSS, Atom or RDF, detected from the document. */
    kind: z.enum(SOURCE_KINDS),
    /** Free text for people reading the file. */
    name: z.string().optional(),
    note: z.string().optional(),
    /** Where to fetch the document (or, for `urls`, a remote URL list). */
    url: httpUrl.optional(),
    /** A local file instead of `url`; relative paths are relative to the sources file. */
    file: z.string().min(1).optional(),
    /** For `urls`: the article URLs themselves. */
    urls: z.array(httpUrl).min(1).optional(),
    enabled: z.boolean().default(true),
    /** Cap on URLs taken from this source per run (the parsers' `maxEntries`). */
    maxItems: z.number().int().min(1).max(MAX_SOURCE_ITEMS).optional(),
  })
  .superRefine((source, ctx) => {
    const given = (['url', 'file', 'urls'] as const).filter((key) => source[key] !== undefined);
    if (DOCUMENT_KINDS.has(source.kind)) {
      if (source.urls !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['urls'], message: `"urls" is only for kind "urls"` });
      } else if (given.length !== 1) {
        ctx.addIssue({ code: 'custom', message: `kind "${source.kind}" needs exactly one of "url" or "file"` });
      }
    } else if (given.length !== 1) {
      ctx.addIssue({ code: 'custom', message: 'kind "urls" needs exactly one of "urls", "url" or "file"' });
    }
  });

/** The whole file. `$schema` and `note` are for people and editors; everything else is checked strictly. */
export const sourcesConfigSchema = z
  .strictObject({
    $schema: z.string().optional(),
    note: z.string().optional(),
    schedule: scheduleSchema.default({ cron: DEFAULT_CRON, timezone: DEFAULT_TIMEZONE }),
    sources: z.array(sourceSchema).default([]),
  })
  .superRefine((config, ctx) => {
    const firstIndex = new Map<string, number>();
    config.sources.forEach((source, index) => {
      const first = firstIndex.get(source.id);
      if (first === undefined) firstIndex.set(source.id, index);
      else {
        ctx.addIssue({
          code: 'custom',
          path: ['sources', index, 'id'],
          message: `duplicate id "${source.id}" (first used by sources[${first}])`,
        });
      }
    });
  });

type ParsedConfig = z.output<typeof sourcesConfigSchema>;

/** One validated source; `file`, if any, is an absolute path. */
export type SourceConfig = Readonly<Omit<ParsedConfig['sources'][number], 'urls'> & { urls?: readonly string[] }>;

/** The validated, frozen sources file. */
export interface SourcesConfig {
  readonly schedule: Readonly<ParsedConfig['schedule']>;
  readonly sources: readonly SourceConfig[];
  readonly note?: string;
}

/** A sources file that cannot be used; `issues` lists every problem, each naming its source id where there is one. */
export class SourcesConfigError extends InputError {
  readonly issues: readonly string[];

  constructor(origin: string, issues: readonly string[], options?: { cause?: unknown }) {
    super(`invalid sources config ${origin}:\n${issues.map((i) => `  - ${i}`).join('\n')}`, { input: origin }, options);
    this.issues = Object.freeze([...issues]);
  }
}

/** "source "krebs" (sources[2]).url" rather than "sources.2.url", so a person can find the entry. */
function describePath(issuePath: readonly PropertyKey[], raw: unknown): string {
  if (issuePath[0] === 'sources' && typeof issuePath[1] === 'number') {
    const entry = (raw as { sources?: unknown[] } | null)?.sources?.[issuePath[1]];
    const id = (entry as { id?: unknown } | null | undefined)?.id;
    const who =
      typeof id === 'string' && id !== '' ? `source "${id}" (sources[${issuePath[1]}])` : `sources[${issuePath[1]}]`;
    const rest = issuePath.slice(2).map(String);
    return rest.length > 0 ? `${who}.${rest.join('.')}` : who;
  }
  return issuePath.length > 0 ? issuePath.map(String).join('.') : '(top level)';
}

/**
 * Validates an already-parsed sources document. `origin` names it in errors; relative `file` paths resolve
 * against `baseDir` (the sources file's folder). Throws `SourcesConfigError` listing every problem.
 */
export function parseSourcesConfig(raw: unknown, origin = '<inline>', baseDir = process.cwd()): SourcesConfig {
  const parsed = sourcesConfigSchema.safeParse(raw);
  if (!parsed.success) {
    throw new SourcesConfigError(
      origin,
      parsed.error.issues.map((issue) => `${describePath(issue.path, raw)}: ${issue.message}`),
    );
  }
  const { schedule, sources, note } = parsed.data;
  const frozenSources = sources.map((source) => {
    const out: SourceConfig = {
      ...source,
      ...(source.file !== undefined ? { file: path.resolve(baseDir, source.file) } : {}),
      ...(source.urls !== undefined ? { urls: Object.freeze([...source.urls]) } : {}),
    };
    return Object.freeze(out);
  });
  return Object.freeze({
    schedule: Object.freeze({ ...schedule, cron: schedule.cron.trim() }),
    sources: Object.freeze(frozenSources),
    ...(note !== undefined ? { note } : {}),
  });
}

/**
 * Reads and validates a sources file; when it does not exist and an `example` is given (an installed claimwire's
 * first run, see settings.ts), the example is copied there first, for the user to edit. Synchronous on purpose: it runs once at start-up (and when the nightly job
 * re-reads it), and a config that cannot be read should stop the caller right there. Throws `SourcesConfigError`.
 */
export function loadSourcesConfig(filePath: string, example: string | null = null): SourcesConfig {
  const absolute = path.resolve(filePath);
  if (example && !existsSync(absolute)) {
    mkdirSync(path.dirname(absolute), { recursive: true });
    copyFileSync(example, absolute);
  }
  let text: string;
  try {
    const buffer = readFileSync(absolute);
    if (buffer.length > MAX_FILE_BYTES) {
      throw new SourcesConfigError(absolute, [`file is ${buffer.length} bytes, over the ${MAX_FILE_BYTES}-byte cap`]);
    }
    text = buffer.toString('utf8');
  } catch (error) {
    if (error instanceof SourcesConfigError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new SourcesConfigError(absolute, [`cannot read the file: ${message}`], { cause: error });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new SourcesConfigError(absolute, [`not valid JSON: ${message}`], { cause: error });
  }
  return parseSourcesConfig(raw, absolute, path.dirname(absolute));
}
