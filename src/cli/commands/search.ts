/** `claimwire search ENTITY`: claims about an actor (by any alias), a vendor, a sector or a country. */
import { loadSettings } from '../../../config/settings.ts';
import { claimsQuery } from '../../api/schemas.ts';
import { claimsToCsv, claimsToJsonLines, claimsToStixBundle, escapeBidiInJson } from '../../export/index.ts';
import type { ExtractionCatalog } from '../../extract/catalog/index.ts';
import { allClaims, type ClaimFilters, searchClaims } from '../../store/claims-query.ts';
import { connectElasticsearch } from '../../store/client.ts';
import type { ClaimDocument } from '../../store/documents.ts';
import { indexNames } from '../../store/indices.ts';
import { loadExtractionCatalog, resolveCliEntity } from '../catalog.ts';
import { usage } from '../cli-error.ts';
import { parseCommand, usageLines } from '../command-line.ts';
import { SEARCH } from '../commands.ts';
import type { CliIo } from '../io.ts';
import { runningElasticsearch } from '../runtime.ts';

export async function runSearch(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(SEARCH, argv);
  const entityText = positionals.join(' ').trim();
  const format = values.format;
  if (!['table', 'jsonl', 'csv', 'stix'].includes(format ?? ''))
    throw usage(`--format must be table, jsonl, csv or stix, got "${format}"`);
  const split = (v: string[] | undefined) => v?.flatMap((x) => x.split(',')).filter(Boolean);
  const parsed = claimsQuery.safeParse(
    Object.fromEntries(
      Object.entries({
        entity: entityText || undefined,
        predicate: split(values.predicate),
        sector: split(values.sector),
        country: split(values.country),
        vendor: split(values.vendor),
        from: values.from,
        to: values.to,
        hedged: values.hedged,
        negated: values.negated,
        q: values.q,
        size: values.limit ?? '20',
      }).filter(([, v]) => v !== undefined),
    ),
  );
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `--${String(i.path[0] ?? '')}: ${i.message}`).join('; ');
    throw usage(`${problems}\n${usageLines(SEARCH)}`);
  }
  const query = parsed.data;

  const settings = loadSettings();
  const catalog = await loadExtractionCatalog(settings.catalogPath);
  const entity = resolveCliEntity(catalog, query.entity, io);
  const filters: ClaimFilters = {
    entity,
    predicates: query.predicate ?? [],
    sectors: query.sector ?? [],
    countries: (query.country ?? []).map((c) => c.toUpperCase()),
    vendors: query.vendor ?? [],
    from: query.from,
    to: query.to,
    hedged: query.hedged,
    negated: query.negated === 'any' ? 'any' : query.negated === 'true',
    q: query.q,
  };

  const { client } = await connectElasticsearch({
    url: await runningElasticsearch(settings),
    name: 'claimwire-search',
  });
  try {
    const names = indexNames(settings.CLAIMWIRE_INDEX_PREFIX);
    if (format === 'csv' || format === 'stix') {
      const claims = await allClaims(client, names, filters, 10_000);
      io.out(
        format === 'csv'
          ? claimsToCsv(claims).trimEnd()
          : escapeBidiInJson(JSON.stringify(claimsToStixBundle(claims, catalog), null, 2)),
      );
      return claims.length > 0 ? 0 : 1;
    }
    const page = await searchClaims(client, names, { ...filters, size: query.size });
    if (format === 'jsonl') {
      if (page.claims.length > 0) io.out(claimsToJsonLines(page.claims).trimEnd());
      return page.total > 0 ? 0 : 1;
    }
    const label =
      entity && 'name' in entity
        ? `${entity.name} (${entity.kind}${entity.kind === 'actor' ? `: ${entity.aliases.slice(0, 6).join(', ')}` : ''})`
        : (query.entity ?? 'anything');
    for (const c of page.claims) for (const line of formatClaim(c, catalog)) io.out(line);
    io.out(
      page.total === 0
        ? `no claims about ${label}`
        : `showing ${page.claims.length} of ${page.total} claim${page.total === 1 ? '' : 's'} about ${label}`,
    );
    return page.total > 0 ? 0 : 1;
  } finally {
    await client.close();
  }
}

function describe(c: ClaimDocument): string {
  const what = c.object
    ? c.object.name
    : typeof c.value === 'string'
      ? c.value
      : c.value
        ? `${c.value.percent}% of ${c.value.of}`
        : '';
  const flags = [c.negated ? 'DENIED' : '', c.hedged ? 'hedged' : ''].filter(Boolean).join(', ');
  return `${c.subject.name} ${c.predicate} ${what}${flags ? `  [${flags}]` : ''}`;
}

/** A claim as table lines: what it says and who reports it (vendors by their display names), the quote, the source. */
export function formatClaim(c: ClaimDocument, catalog: ExtractionCatalog): string[] {
  const source = [c.article.publisher, c.article.published].filter(Boolean).join(', ');
  const vendors = c.reportedBy.map((id) => catalog.vendors.get(id)?.name ?? id);
  const by = vendors.length > 0 ? `  (reported by ${vendors.join(', ')})` : '';
  return [
    `- ${describe(c)}${by}`,
    `    “${c.citation.quote}”`,
    `    ${source ? `${source} — ` : ''}${c.citation.url ?? c.article.url}`,
  ];
}
