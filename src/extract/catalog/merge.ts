/**
 * Merging an external actor catalog into an existing one.
 *
 * Pure functions only (no fs): the importers turn MISP clusters and ATT&CK bundles into `ActorRecord`s, this module
 * decides which incoming record is which existing actor, and `local-catalog.ts` does the file work.
 *
 * The rule that matters most: a name shared by two actors is a real thing in CTI ("Grizzly Steppe", "Nobelium",
 * "Andariel"), so an incoming record whose names hit two or more existing records is never merged silently. It is
 * left out of the catalog and listed in `MergeReport.conflicts` with every candidate, for an analyst to settle.
 */
import { nameKey as aliasKey } from '../text/tokens.ts';
import type { ActorAlias, ActorRecord } from './types.ts';

/** Why an input value or record was not imported. */
export interface SkippedRecord {
  /** The name (or uuid / STIX id when there is no name) of what was skipped. */
  name: string;
  reason: string;
}

/** An existing record that an incoming record's names collided with. */
export interface ConflictCandidate {
  id: string;
  name: string;
  attackId?: string;
  /** The incoming names that matched this record (as written in the incoming record). */
  matchedNames: string[];
}

/**
 * An incoming record whose names (or ATT&CK id) point at more than one existing actor.
 *
 * - `skipped`: nothing was imported from it; the catalog is unchanged.
 * - `merged-by-attack-id`: its ATT&CK id named exactly one existing record, so it was merged there, but the aliases
 *   that belong to other records were withheld (`withheldAliases`) rather than shared silently.
 */
export interface MergeConflict {
  /** Name of the incoming record. */
  incoming: string;
  incomingAttackId?: string;
  resolution: 'skipped' | 'merged-by-attack-id';
  /** Id of the record it was merged into, for `merged-by-attack-id`. */
  mergedInto?: string;
  /** Aliases not added because another record already carries them, for `merged-by-attack-id`. */
  withheldAliases?: string[];
  /** The other existing records involved, with the names that matched each. */
  candidates: ConflictCandidate[];
}

/** What a merge did. Counts are records unless named otherwise. */
export interface MergeReport {
  /** Incoming records added as new actors. */
  added: number;
  /** Existing records that gained something (an alias, a coiner, an ATT&CK id, a sponsor, a kind, a source). */
  merged: number;
  /** Incoming records that matched an existing record and brought nothing new. */
  unchanged: number;
  /** Aliases added to existing records (new records' aliases are not counted). */
  aliasesAdded: number;
  conflicts: MergeConflict[];
  skipped: SkippedRecord[];
}

/** Result of `mergeCatalogs`. */
export interface MergeResult {
  catalog: ActorRecord[];
  report: MergeReport;
}

/**
 * Normalised form used to decide whether two names are the same name: the catalog's own `aliasKey` (letters and
 * digits only, lower-cased, accents folded), so "APT 10" = "apt-10" = "APT10" = "A.P.T.10". Using the matcher's key
 * means the merge never keeps apart two names the extractor would treat as one. Returns '' for punctuation-only names.
 */
export function normaliseName(name: string): string {
  return aliasKey(name);
}

/**
 * A name as the catalog stores it: white space runs collapsed to one space and trimmed (the schema refuses doubled,
 * leading or trailing white space, which external catalogs do contain).
 */
export function tidyName(name: string): string {
  return name.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/**
 * The catalog's id convention: lowercase, every run of non-alphanumeric characters becomes one '-', no leading or
 * trailing '-' ("Lazarus Group" → "lazarus-group", "APT10" → "apt10", "Threat Group-3390" → "threat-group-3390").
 * Diacritics are stripped first so "Türkiye"-style names keep their letters.
 */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Every name a record answers to: its canonical name and its aliases. */
function namesOf(record: ActorRecord): string[] {
  return [record.name, ...record.aliases.map((alias) => alias.name)];
}

function cloneRecord(record: ActorRecord): ActorRecord {
  return structuredClone(record);
}

/** Index from normalised name to the indexes (in the working catalog) of the records carrying it. */
class NameIndex {
  readonly #byName = new Map<string, Set<number>>();

  add(name: string, position: number): void {
    const key = normaliseName(name);
    if (key === '') return;
    let set = this.#byName.get(key);
    if (set === undefined) {
      set = new Set();
      this.#byName.set(key, set);
    }
    set.add(position);
  }

  addRecord(record: ActorRecord, position: number): void {
    for (const name of namesOf(record)) this.add(name, position);
  }

  lookup(name: string): ReadonlySet<number> {
    return this.#byName.get(normaliseName(name)) ?? new Set();
  }
}

/** Outcome of folding one record's data into another. */
interface FoldOutcome {
  changed: boolean;
  aliasesAdded: number;
}

/**
 * Folds `incoming` into `target` in place: union of aliases under normalisation (the target's entries win, an
 * incoming coiner fills a missing one), missing ATT&CK id / sponsor filled, an `unknown` kind upgraded, sources
 * unioned. The target keeps its canonical `name` and `id`; the incoming canonical name becomes an alias.
 * `accept` decides whether a new alias may be added (used to withhold names another record carries).
 */
function foldInto(target: ActorRecord, incoming: ActorRecord, accept: (name: string) => boolean): FoldOutcome {
  let changed = false;
  let aliasesAdded = 0;
  const targetNameKey = normaliseName(target.name);
  const byKey = new Map<string, ActorAlias>();
  for (const alias of target.aliases) {
    const key = normaliseName(alias.name);
    if (key !== '' && !byKey.has(key)) byKey.set(key, alias);
  }
  // The incoming canonical name first; if its aliases repeat it with a coiner, that entry fills the coiner below.
  const incomingAliases: ActorAlias[] = [{ name: incoming.name }, ...incoming.aliases];
  for (const alias of incomingAliases) {
    const name = tidyName(alias.name);
    const key = normaliseName(name);
    if (key === '') continue;
    const existing = byKey.get(key);
    if (existing !== undefined) {
      if (existing.coinedBy === undefined && alias.coinedBy !== undefined) {
        existing.coinedBy = alias.coinedBy;
        changed = true;
      }
      continue;
    }
    if (key === targetNameKey) continue;
    if (!accept(name)) continue;
    const added: ActorAlias = { name };
    if (alias.coinedBy !== undefined) added.coinedBy = alias.coinedBy;
    if (alias.commonWord !== undefined) added.commonWord = alias.commonWord;
    if (alias.malware !== undefined) added.malware = alias.malware;
    target.aliases.push(added);
    byKey.set(key, added);
    aliasesAdded += 1;
    changed = true;
  }
  if (target.attackId === undefined && incoming.attackId !== undefined) {
    target.attackId = incoming.attackId;
    changed = true;
  }
  if (target.sponsor === undefined && incoming.sponsor !== undefined) {
    target.sponsor = incoming.sponsor;
    changed = true;
  }
  if (target.kind === 'unknown' && incoming.kind !== 'unknown') {
    target.kind = incoming.kind;
    changed = true;
  }
  for (const source of incoming.sources ?? []) {
    const sources = target.sources ?? [];
    if (!sources.includes(source)) {
      target.sources = [...sources, source];
      changed = true;
    }
  }
  return { changed, aliasesAdded };
}

/** An id not yet used in the catalog: the record's own, else `<id>-2`, `<id>-3` … */
function freeId(wanted: string, used: ReadonlySet<string>): string {
  const base = wanted === '' ? 'actor' : wanted;
  if (!used.has(base)) return base;
  for (let n = 2; ; n += 1) {
    const candidate = `${base}-${n}`;
    if (!used.has(candidate)) return candidate;
  }
}

/** Groups the incoming names that hit each existing record position. */
function nameHits(incoming: ActorRecord, index: NameIndex): Map<number, string[]> {
  const hits = new Map<number, string[]>();
  const seen = new Set<string>();
  for (const name of namesOf(incoming)) {
    const key = normaliseName(name);
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    for (const position of index.lookup(name)) {
      const list = hits.get(position) ?? [];
      list.push(name);
      hits.set(position, list);
    }
  }
  return hits;
}

function candidateOf(record: ActorRecord, matchedNames: string[]): ConflictCandidate {
  return {
    id: record.id,
    name: record.name,
    ...(record.attackId === undefined ? {} : { attackId: record.attackId }),
    matchedNames,
  };
}

/**
 * Merges `incoming` into `base` and says what happened. Neither input is modified.
 *
 * An incoming record goes into an existing record when:
 * 1. they carry the same ATT&CK id (exactly one existing record has it), or
 * 2. otherwise, its name or aliases match the names/aliases of exactly one existing record under `normaliseName`,
 *    and the two do not carry different ATT&CK ids.
 *
 * Names matching two or more records (or one record with a different ATT&CK id) make a conflict: the record is not
 * imported and the candidates are reported. When the ATT&CK id decides, aliases that another record already carries
 * are withheld and reported, so a merge never creates a name shared by two actors. Records matching nothing are added
 * (id made unique with a numeric suffix if needed). Matching runs against the catalog as it grows, so duplicates inside
 * `incoming` fold together, and re-running the same import changes nothing.
 */
export function mergeCatalogs(base: readonly ActorRecord[], incoming: readonly ActorRecord[]): MergeResult {
  const catalog = base.map(cloneRecord);
  const report: MergeReport = { added: 0, merged: 0, unchanged: 0, aliasesAdded: 0, conflicts: [], skipped: [] };
  const names = new NameIndex();
  const byAttackId = new Map<string, number[]>();
  const usedIds = new Set<string>();
  const register = (record: ActorRecord, position: number): void => {
    names.addRecord(record, position);
    usedIds.add(record.id);
    if (record.attackId !== undefined) {
      const list = byAttackId.get(record.attackId) ?? [];
      if (!list.includes(position)) list.push(position);
      byAttackId.set(record.attackId, list);
    }
  };
  catalog.forEach((record, position) => {
    register(record, position);
  });

  const fold = (position: number, record: ActorRecord, accept: (name: string) => boolean): void => {
    const target = catalog[position];
    if (target === undefined) return;
    const outcome = foldInto(target, record, accept);
    if (outcome.changed) {
      report.merged += 1;
      report.aliasesAdded += outcome.aliasesAdded;
      register(target, position);
    } else {
      report.unchanged += 1;
    }
  };

  for (const record of incoming) {
    const name = tidyName(record.name);
    if (normaliseName(name) === '') {
      report.skipped.push({ name: record.id || '(unnamed)', reason: 'record has no name' });
      continue;
    }
    const hits = nameHits(record, names);
    const attackTargets = record.attackId === undefined ? [] : (byAttackId.get(record.attackId) ?? []);

    if (attackTargets.length === 1) {
      const position = attackTargets[0] as number;
      const target = catalog[position] as ActorRecord;
      // Names the target lacks but another record carries are withheld: adding them would make a shared name.
      // Names both already carry were shared before this import and are left as they are.
      const withheld = new Map<string, string>();
      const withheldFrom = new Map<number, string[]>();
      fold(position, record, (alias) => {
        const carriers = [...names.lookup(alias)].filter((other) => other !== position);
        if (carriers.length === 0) return true;
        const key = normaliseName(alias);
        if (!withheld.has(key)) {
          withheld.set(key, alias);
          for (const other of carriers) withheldFrom.set(other, [...(withheldFrom.get(other) ?? []), alias]);
        }
        return false;
      });
      if (withheld.size > 0) {
        const conflict: MergeConflict = {
          incoming: name,
          ...(record.attackId === undefined ? {} : { incomingAttackId: record.attackId }),
          resolution: 'merged-by-attack-id',
          mergedInto: target.id,
          withheldAliases: [...withheld.values()],
          candidates: [...withheldFrom].map(([other, matched]) => candidateOf(catalog[other] as ActorRecord, matched)),
        };
        report.conflicts.push(conflict);
      }
      continue;
    }

    const positions = attackTargets.length > 1 ? attackTargets : [...hits.keys()];
    const single = positions.length === 1 ? catalog[positions[0] as number] : undefined;
    const idClash =
      single !== undefined &&
      single.attackId !== undefined &&
      record.attackId !== undefined &&
      single.attackId !== record.attackId;
    if (single !== undefined && !idClash) {
      fold(positions[0] as number, record, () => true);
      continue;
    }
    if (positions.length > 0) {
      const conflict: MergeConflict = {
        incoming: name,
        ...(record.attackId === undefined ? {} : { incomingAttackId: record.attackId }),
        resolution: 'skipped',
        candidates: positions.map((position) =>
          candidateOf(
            catalog[position] as ActorRecord,
            hits.get(position) ?? (record.attackId ? [record.attackId] : []),
          ),
        ),
      };
      report.conflicts.push(conflict);
      continue;
    }

    const added = cloneRecord(record);
    added.name = name;
    added.id = freeId(record.id, usedIds);
    catalog.push(added);
    register(added, catalog.length - 1);
    report.added += 1;
  }
  return { catalog, report };
}

/**
 * The catalog the extractor should see: `builtin` with `local` laid on top. A local record with a built-in id is
 * folded into the built-in record (aliases unioned, missing fields filled) rather than replacing it, so corrections
 * shipped in a newer built-in catalog still reach users who imported before; other local records are appended.
 */
export function overlayCatalog(builtin: readonly ActorRecord[], local: readonly ActorRecord[]): ActorRecord[] {
  const catalog = builtin.map(cloneRecord);
  const byId = new Map(catalog.map((record) => [record.id, record]));
  for (const record of local) {
    const target = byId.get(record.id);
    if (target === undefined) {
      const added = cloneRecord(record);
      catalog.push(added);
      byId.set(added.id, added);
    } else {
      foldInto(target, record, () => true);
    }
  }
  return catalog;
}
