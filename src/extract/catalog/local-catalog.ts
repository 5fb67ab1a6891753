/**
 * The analyst's local actor catalog on disk: `claimwire actors import FILE` lands here.
 *
 * The only catalog module that touches files. The local catalog is a JSON array of `ActorRecord`s laid over the
 * built-in catalog with `overlayCatalog` (a local record with a built-in id adds to that record). An import merges
 * the file into built-in + local, then writes back only the records that differ from the built-in catalog, so the
 * local file stays small and built-in fixes keep flowing to users who imported before.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { InputError } from '../../errors.ts';
import { assetPath } from '../../paths.ts';
import { attackSourceName, type ImportResult, parseAttackBundle } from './import-attack.ts';
import { parseMispGalaxy } from './import-misp.ts';
import { type MergeReport, mergeCatalogs, overlayCatalog } from './merge.ts';
import { actorCatalogSchema } from './schema.ts';
import type { ActorAlias, ActorRecord, CountryRecord } from './types.ts';

/** Formats `importCatalogFile` recognises. */
export type CatalogFormat = 'misp-galaxy' | 'stix-bundle';

/** Options for `importCatalogFile`. */
export interface ImportCatalogOptions {
  /**
   * The catalog the local one sits on. Defaults to the shipped `data/actors.json`, so imported actors line up with
   * built-in ones; pass `[]` to merge into the local file alone.
   */
  builtin?: readonly ActorRecord[];
  /** Country records for resolving MISP sponsor names. Defaults to the shipped `data/countries.json` when present. */
  countries?: readonly CountryRecord[];
  /** Label written to `sources`. Defaults to "misp:<cluster type>" or "attack:<matrix>". */
  sourceName?: string;
}

/** A merge report plus what was read. */
export interface ImportReport extends MergeReport {
  input: string;
  format: CatalogFormat;
  sourceName: string;
  /** Actor records the input yielded before merging. */
  records: number;
}

/** Inputs beyond this are refused rather than parsed (the full ATT&CK enterprise bundle is ~50 MB). */
const MAX_INPUT_BYTES = 256 * 1024 * 1024;

const mispShape = z.object({ type: z.string(), values: z.array(z.unknown()) });
const stixShape = z.object({ type: z.literal('bundle'), objects: z.array(z.unknown()) });

const countrySchema = z.object({
  code: z.string(),
  name: z.string(),
  aliases: z.array(z.string()),
  demonyms: z.array(z.string()).default([]),
});

function errorCode(error: unknown): string | undefined {
  const parsed = z.object({ code: z.string() }).safeParse(error);
  return parsed.success ? parsed.data.code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A file's text, or undefined when it does not exist; other failures become an `InputError` naming it. */
async function readTextFile(path: string, what: string): Promise<string | undefined> {
  try {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      if (size > MAX_INPUT_BYTES) {
        throw new InputError(`${what} ${path} is too large (${size} bytes; limit ${MAX_INPUT_BYTES})`, {
          input: path,
        });
      }
      return await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    if (errorCode(error) === 'ENOENT') return undefined;
    throw new InputError(`Cannot read ${what} ${path}: ${messageOf(error)}`, { input: path }, { cause: error });
  }
}

/** Parses a file's JSON text, turning an empty file or a syntax error into an `InputError` that names it. */
function parseJsonText(text: string, path: string, what: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') throw new InputError(`${what} ${path} is empty`, { input: path });
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new InputError(`${what} ${path} is not valid JSON: ${messageOf(error)}`, { input: path }, { cause: error });
  }
}

/** The first few schema issues, as "path: message", for error messages a person can act on. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

function validateCatalog(json: unknown, path: string, what: string): ActorRecord[] {
  const parsed = actorCatalogSchema.safeParse(json);
  if (!parsed.success) {
    throw new InputError(`${what} ${path} is not a valid actor catalog: ${describeIssues(parsed.error)}`, {
      input: path,
    });
  }
  return parsed.data;
}

/**
 * The local catalog at `path`: `[]` when the file does not exist yet (nothing imported), an `InputError` naming the
 * file when it exists but is empty, not JSON, or not a valid actor catalog — never silently treated as empty, since
 * the next import would then overwrite the analyst's records.
 */
export async function loadLocalCatalog(path: string): Promise<ActorRecord[]> {
  const what = 'Local actor catalog';
  const text = await readTextFile(path, what);
  if (text === undefined) return [];
  return validateCatalog(parseJsonText(text, path, what), path, what);
}

/** A data file shipped next to this module, parsed; undefined when it is not there. */
async function shippedJson(name: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(assetPath('extract', 'catalog', 'data', name), 'utf8'));
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

/** The shipped actor catalog, validated. Its absence is a packaging bug, not something to import around. */
async function shippedActors(): Promise<ActorRecord[]> {
  const path = 'src/extract/catalog/data/actors.json';
  const json = await shippedJson('actors.json');
  if (json === undefined) throw new Error(`Built-in actor catalog ${path} is missing`);
  return validateCatalog(json, path, 'Built-in actor catalog');
}

/** The shipped country table when present (only the fields sponsor resolution needs are required). */
async function shippedCountries(): Promise<CountryRecord[]> {
  const parsed = z.array(countrySchema).safeParse(await shippedJson('countries.json'));
  return parsed.success ? parsed.data : [];
}

/** Which external format a parsed JSON document is, or undefined. */
export function detectCatalogFormat(json: unknown): CatalogFormat | undefined {
  if (stixShape.safeParse(json).success) return 'stix-bundle';
  if (mispShape.safeParse(json).success) return 'misp-galaxy';
  return undefined;
}

/** Fixed key order for written records, so the file diffs cleanly and re-imports are byte-identical. */
function canonicalRecord(record: ActorRecord): ActorRecord {
  const aliases = record.aliases.map(
    (alias): ActorAlias => ({
      name: alias.name,
      ...(alias.coinedBy === undefined ? {} : { coinedBy: alias.coinedBy }),
      ...(alias.commonWord === undefined ? {} : { commonWord: alias.commonWord }),
      ...(alias.malware === undefined ? {} : { malware: alias.malware }),
    }),
  );
  return {
    id: record.id,
    name: record.name,
    ...(record.attackId === undefined ? {} : { attackId: record.attackId }),
    kind: record.kind,
    ...(record.sponsor === undefined ? {} : { sponsor: record.sponsor }),
    aliases,
    ...(record.partOf === undefined ? {} : { partOf: record.partOf }),
    ...(record.sources === undefined ? {} : { sources: [...record.sources] }),
  };
}

/**
 * Writes `data` to `path` so readers see the old file or the new one, never a torn one: a temp file in the same
 * directory (same filesystem, so `rename` is atomic), flushed to disk, then renamed over the target. The temp file is
 * removed when anything fails. Creates the directory if needed.
 */
export async function writeFileAtomic(path: string, data: string): Promise<void> {
  const directory = dirname(path);
  await mkdir(directory, { recursive: true });
  const temp = join(directory, `.${basename(path)}.${process.pid}.${randomUUID()}.tmp`);
  try {
    const handle = await open(temp, 'wx', 0o644);
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Parses an already-read external catalog document into records, with the file named in any error. */
function parseExternal(
  json: unknown,
  inputPath: string,
  options: { sourceName?: string; countries: readonly CountryRecord[] },
): { format: CatalogFormat; sourceName: string; result: ImportResult } {
  const format = detectCatalogFormat(json);
  if (format === undefined) {
    throw new InputError(
      `${inputPath} is not a catalog claimwire can import: expected a MISP galaxy cluster ({ "type", "values": [...] }) ` +
        'or a STIX 2 bundle ({ "type": "bundle", "objects": [...] })',
      { input: inputPath },
    );
  }
  try {
    if (format === 'stix-bundle') {
      const sourceName = options.sourceName ?? attackSourceName(json);
      return { format, sourceName, result: parseAttackBundle(json, sourceName) };
    }
    const type = mispShape.parse(json).type;
    const sourceName = options.sourceName ?? `misp:${type}`;
    return { format, sourceName, result: parseMispGalaxy(json, sourceName, { countries: options.countries }) };
  } catch (error) {
    if (error instanceof InputError) {
      throw new InputError(`Cannot import ${inputPath}: ${error.message}`, { input: inputPath }, { cause: error });
    }
    throw error;
  }
}

/**
 * Imports a MISP galaxy cluster or an ATT&CK STIX bundle into the local catalog at `localCatalogPath` (created if
 * missing) and returns what the merge did. The merge runs against the built-in catalog with the local one laid on
 * top, so "APT 28" from MISP lands on the built-in APT28 instead of becoming a second actor. The result is validated
 * with `actorCatalogSchema` and written atomically; on any error the local file is left as it was.
 */
export async function importCatalogFile(
  inputPath: string,
  localCatalogPath: string,
  options: ImportCatalogOptions = {},
): Promise<ImportReport> {
  const what = 'Catalog file';
  const text = await readTextFile(inputPath, what);
  if (text === undefined) throw new InputError(`${what} ${inputPath} does not exist`, { input: inputPath });
  const json = parseJsonText(text, inputPath, what);
  const countries = options.countries ?? (await shippedCountries());
  const parseOptions = options.sourceName === undefined ? { countries } : { countries, sourceName: options.sourceName };
  const { format, sourceName, result } = parseExternal(json, inputPath, parseOptions);
  const builtin = options.builtin ?? (await shippedActors());
  const local = await loadLocalCatalog(localCatalogPath);
  const { catalog, report } = mergeCatalogs(overlayCatalog(builtin, local), result.records);

  const builtinById = new Map(builtin.map((record) => [record.id, JSON.stringify(canonicalRecord(record))]));
  const toWrite = catalog
    .map(canonicalRecord)
    .filter((record) => builtinById.get(record.id) !== JSON.stringify(record));
  const validated = actorCatalogSchema.safeParse(toWrite);
  if (!validated.success) {
    throw new InputError(
      `Importing ${inputPath} would produce an invalid local catalog: ${describeIssues(validated.error)}`,
      { input: inputPath },
    );
  }
  await writeFileAtomic(localCatalogPath, `${JSON.stringify(toWrite, null, 2)}\n`);
  return {
    ...report,
    skipped: [...result.skipped, ...report.skipped],
    input: inputPath,
    format,
    sourceName,
    records: result.records.length,
  };
}
