/**
 * How much of the public MISP galaxy view of threat actors the built-in actor catalog covers.
 *
 *   npx tsx bench/catalog-coverage.ts            summary: ATT&CK coverage by id, missing ids, missing synonym counts
 *   npx tsx bench/catalog-coverage.ts --verbose  also lists, per covered group, the MISP synonyms the catalog lacks
 *
 * Reads `../shared/data/misp-galaxy/` next to the project root (mitre-intrusion-set.json, threat-actor.json). When
 * that folder is absent it says so and exits 0. It only reports: it never writes to the catalog. Gaps it shows are
 * for a person to review; the catalog is written by hand.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { actorCatalogSchema, aliasKey } from '../src/extract/catalog/schema.ts';
import type { ActorRecord } from '../src/extract/catalog/types.ts';

interface MispCluster {
  value: string;
  revoked?: boolean;
  meta?: { synonyms?: string[]; external_id?: string | string[] };
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const mispDir = resolve(root, '../shared/data/misp-galaxy');
const verbose = process.argv.includes('--verbose');

if (!existsSync(mispDir)) {
  console.log(`catalog-coverage: ${mispDir} not found; nothing to compare against, skipping.`);
  process.exit(0);
}

const catalog = actorCatalogSchema.parse(
  JSON.parse(readFileSync(resolve(root, 'src/extract/catalog/data/actors.json'), 'utf8')),
);

function clusters(file: string): MispCluster[] {
  const path = resolve(mispDir, file);
  if (!existsSync(path)) {
    console.log(`catalog-coverage: ${file} not found in ${mispDir}; skipped.`);
    return [];
  }
  return (JSON.parse(readFileSync(path, 'utf8')) as { values: MispCluster[] }).values;
}

function attackIds(c: MispCluster): string[] {
  const ext = c.meta?.external_id;
  const ids = ext === undefined ? [] : Array.isArray(ext) ? ext : [ext];
  return ids.filter((id) => /^G\d{4}$/.test(id));
}

/** "APT28 - G0007" → "APT28". */
function clusterName(c: MispCluster): string {
  return c.value.replace(/\s+-\s+G\d{4}$/, '').trim();
}

function names(c: MispCluster): string[] {
  return [clusterName(c), ...(c.meta?.synonyms ?? [])].filter((n) => !/^G\d{4}$/.test(n));
}

const aliasKeys = new Map<string, Set<string>>();
const byKey = new Map<string, ActorRecord[]>();
for (const r of catalog) {
  const keys = new Set([r.name, ...r.aliases.map((a) => a.name)].map(aliasKey));
  aliasKeys.set(r.id, keys);
  for (const k of keys) byKey.set(k, [...(byKey.get(k) ?? []), r]);
}
const byAttackId = new Map(catalog.filter((r) => r.attackId).map((r) => [r.attackId as string, r]));

const pct = (n: number, d: number) => (d === 0 ? '–' : `${((100 * n) / d).toFixed(1)}%`);

// ---- ATT&CK groups (mitre-intrusion-set) ----
const attack = clusters('mitre-intrusion-set.json').filter((c) => attackIds(c).length > 0);
if (attack.length > 0) {
  const current = attack.filter((c) => !c.revoked);
  const revoked = attack.filter((c) => c.revoked);
  const covered = current.filter((c) => attackIds(c).some((id) => byAttackId.has(id)));
  const missing = current.filter((c) => !covered.includes(c));
  console.log(
    `ATT&CK groups covered by id: ${covered.length}/${current.length} (${pct(covered.length, current.length)})` +
      (revoked.length > 0 ? `; ${revoked.length} revoked groups not counted` : ''),
  );
  if (missing.length > 0) {
    console.log(`  missing: ${missing.map((c) => `${attackIds(c).join('/')} ${clusterName(c)}`).join(', ')}`);
  }

  // Ids the catalog has that the galaxy does not, and ids whose galaxy names share nothing with the record.
  const known = new Set(attack.flatMap(attackIds));
  const unknown = catalog.filter((r) => r.attackId && !known.has(r.attackId));
  if (unknown.length > 0) {
    console.log(`  catalog ids not in the galaxy: ${unknown.map((r) => `${r.attackId} ${r.name}`).join(', ')}`);
  }
  const mismatched: string[] = [];
  let synonyms = 0;
  let lacking = 0;
  const lackingList: string[] = [];
  for (const c of covered) {
    const record = attackIds(c)
      .map((id) => byAttackId.get(id))
      .find((r) => r !== undefined) as ActorRecord;
    const keys = aliasKeys.get(record.id) as Set<string>;
    const clusterNames = [...new Set(names(c))];
    if (!clusterNames.some((n) => keys.has(aliasKey(n)))) mismatched.push(`${record.attackId} ${record.name}`);
    const absent = clusterNames.filter((n) => !keys.has(aliasKey(n)));
    synonyms += clusterNames.length;
    lacking += absent.length;
    if (absent.length > 0) lackingList.push(`  ${record.attackId} ${record.name}: ${absent.join(', ')}`);
  }
  if (mismatched.length > 0) console.log(`  ids whose galaxy names share no alias: ${mismatched.join(', ')}`);
  console.log(
    `ATT&CK names and synonyms of covered groups the catalog lacks: ${lacking}/${synonyms} (${pct(lacking, synonyms)})`,
  );
  if (verbose) for (const line of lackingList) console.log(line);
}

// ---- MISP threat-actor galaxy ----
const actors = clusters('threat-actor.json');
if (actors.length > 0) {
  const matched = new Map<string, Set<string>>();
  let clustersMatched = 0;
  let synonyms = 0;
  let lacking = 0;
  const lackingList: string[] = [];
  for (const c of actors) {
    const clusterNames = [...new Set(names(c))];
    const records = new Set(clusterNames.flatMap((n) => byKey.get(aliasKey(n)) ?? []));
    if (records.size === 0) continue;
    clustersMatched++;
    const keys = new Set([...records].flatMap((r) => [...(aliasKeys.get(r.id) as Set<string>)]));
    for (const r of records) matched.set(r.id, new Set([...(matched.get(r.id) ?? []), c.value]));
    const absent = clusterNames.filter((n) => !keys.has(aliasKey(n)));
    synonyms += clusterNames.length;
    lacking += absent.length;
    if (absent.length > 0) {
      lackingList.push(`  ${c.value} → ${[...records].map((r) => r.id).join('/')}: ${absent.join(', ')}`);
    }
  }
  console.log(
    `MISP threat-actor clusters sharing a name with the catalog: ${clustersMatched}/${actors.length}; ` +
      `catalog records found there: ${matched.size}/${catalog.length} (${pct(matched.size, catalog.length)})`,
  );
  console.log(
    `Names and synonyms of those clusters the catalog lacks: ${lacking}/${synonyms} (${pct(lacking, synonyms)})`,
  );
  if (verbose) for (const line of lackingList) console.log(line);
}
