/** `claimwire assertions ENTITY`: what is asserted about an entity, each assertion once with its corroboration. */
import { loadSettings } from '../../../config/settings.ts';
import { assertionsQuery } from '../../api/schemas.ts';
import { displayAssertion } from '../../claims/assertions.ts';
import { assertionsCsv } from '../../export/csv.ts';
import { assertionsStixJson, assertionsToStixBundle } from '../../export/stix-assertions.ts';
import { type AssertionRow, assertionSearchOf, getAssertions, searchAssertions } from '../../store/assertions-query.ts';
import { connectElasticsearch } from '../../store/client.ts';
import { indexNames } from '../../store/indices.ts';
import { loadExtractionCatalog, resolveCliEntity } from '../catalog.ts';
import { usage } from '../cli-error.ts';
import { parseCommand, usageLines } from '../command-line.ts';
import { ASSERTIONS } from '../commands.ts';
import type { CliIo } from '../io.ts';
import { runningElasticsearch } from '../runtime.ts';

const EXPORT_LIMIT = 500;

export async function runAssertions(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(ASSERTIONS, argv);
  const entityText = positionals.join(' ').trim();
  const format = values.format;
  if (!['table', 'csv', 'json', 'stix'].includes(format ?? ''))
    throw usage(`--format must be table, csv, json or stix, got "${format}"\n${usageLines(ASSERTIONS)}`);
  if (values.tlp !== undefined && format !== 'stix') throw usage('--tlp marks a STIX export: add --format stix');
  const split = (v: string[] | undefined) => v?.flatMap((x) => x.split(',')).filter(Boolean);
  const parsed = assertionsQuery.safeParse(
    Object.fromEntries(
      Object.entries({
        entity: entityText || undefined,
        predicate: split(values.predicate),
        object: split(values.object),
        vendor: split(values.vendor),
        from: values.from,
        to: values.to,
        disputed: values.disputed ? 'true' : undefined,
        sort: values.sort,
        size: values.limit ?? '20',
        tlp: values.tlp,
      }).filter(([, v]) => v !== undefined),
    ),
  );
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => `--${String(i.path[0] === 'size' ? 'limit' : (i.path[0] ?? ''))}: ${i.message}`)
      .join('; ');
    throw usage(`${problems}\n${usageLines(ASSERTIONS)}`);
  }
  const query = parsed.data;

  const settings = loadSettings();
  const catalog = await loadExtractionCatalog(settings.catalogPath);
  const entity = resolveCliEntity(catalog, query.entity, io);
  const exporting = format === 'csv' || format === 'stix';
  const { client } = await connectElasticsearch({ url: await runningElasticsearch(settings), name: 'claimwire-cli' });
  try {
    const names = indexNames(settings.CLAIMWIRE_INDEX_PREFIX);
    const page = await searchAssertions(
      client,
      names,
      assertionSearchOf(query, entity, { size: exporting ? EXPORT_LIMIT : query.size, offset: 0 }),
    );
    const rows = page.assertions.map((a) => displayAssertion(catalog, a));
    if (format === 'csv') io.out(assertionsCsv(rows).trimEnd());
    else if (format === 'json') io.out(JSON.stringify({ total: page.total, assertions: rows }, null, 2));
    else if (format === 'stix') {
      const details = await getAssertions(
        client,
        names,
        page.assertions.map((a) => a.id),
      );
      io.out(assertionsStixJson(assertionsToStixBundle(details, catalog, { tlp: query.tlp })));
    } else {
      const label = entity && 'name' in entity ? `${entity.name} (${entity.kind})` : (query.entity ?? 'anything');
      for (const line of assertionTable(rows)) io.out(line);
      io.out(
        page.total === 0
          ? `no assertions about ${label}`
          : `showing ${page.assertions.length} of ${page.total} assertion${page.total === 1 ? '' : 's'} about ${label}`,
      );
    }
    return page.total > 0 ? 0 : 1;
  } finally {
    await client.close();
  }
}

const PREDICATE_LABEL: Record<string, string> = {
  'targets-sector': 'targets',
  'targets-country': 'targets',
  'sponsored-by': 'backed by',
};

/** The compact table: one line per assertion (names already shown as the catalog has them), columns padded. */
export function assertionTable(rows: readonly ReturnType<typeof displayAssertion<AssertionRow>>[]): string[] {
  if (rows.length === 0) return [];
  const head = ['ACTOR', 'ASSERTS', 'OBJECT', 'SOURCES', 'ARTICLES', 'VENDORS', 'FIRST', 'LAST', 'DISPUTED'];
  const cells = rows.map((r) => [
    r.subject.name,
    PREDICATE_LABEL[r.predicate] ?? r.predicate,
    `${r.object.name}${r.hedgedArticles === r.articles && r.articles > 0 ? ' (hedged)' : ''}`,
    String(r.sources),
    String(r.articles),
    truncate(r.vendors.map((v) => v.name).join(', ') || '-', 36),
    r.firstReported ?? '-',
    r.lastReported ?? '-',
    r.disputedBy > 0 ? `yes (${r.disputedBy})` : '',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] as string).length)));
  const line = (c: string[]) =>
    c
      .map((x, i) => x.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd();
  return [line(head), ...cells.map(line)];
}

function truncate(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}
