/** `claimwire search ENTITY`: claims about an actor (by any alias), a vendor, a sector or a country. */
import { parseArgs } from 'node:util';
import { loadSettings } from '../../../config/settings.ts';
import { type ResolvedEntity, resolveEntity } from '../../extract/catalog/resolve.ts';
import { nameKey } from '../../extract/text/tokens.ts';
import { searchClaims } from '../../store/claims-query.ts';
import { connectElasticsearch } from '../../store/client.ts';
import type { ClaimDocument } from '../../store/documents.ts';
import { indexNames } from '../../store/indices.ts';
import { loadExtractionCatalog } from '../catalog.ts';
import { CliError, usage } from '../cli-error.ts';
import type { CliIo } from '../io.ts';
import { runningElasticsearch } from '../runtime.ts';

export const SEARCH_HELP = `usage: claimwire search ENTITY [--limit N] [--json] [--negated]

ENTITY is any name of an actor ("Stone Panda", "Cicada", "APT 10" and "menuPass" all mean APT10), a vendor, a sector
id or a country. A name several actors share lists the candidates instead of picking one.
  --limit N   claims to show (default 20)
  --json      one JSON claim per line instead of text
  --negated   include claims from statements that deny a link`;

export async function runSearch(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      limit: { type: 'string' },
      json: { type: 'boolean' },
      negated: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(SEARCH_HELP);
    return 0;
  }
  const query = positionals.join(' ').trim();
  if (!query) throw usage(`search needs an ENTITY\n\n${SEARCH_HELP}`);
  const limit = values.limit ? Number(values.limit) : 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw usage('--limit must be a whole number from 1 to 1000');

  const settings = loadSettings();
  const catalog = await loadExtractionCatalog(settings.catalogPath);
  const candidates = resolveEntity(catalog, query);
  const actors = candidates.filter((c) => c.kind === 'actor');
  if (actors.length > 1) {
    io.err(`"${query}" is ambiguous; it names ${actors.length} actors:`);
    for (const a of actors) io.err(`  ${a.name} (${a.id}): ${a.aliases.slice(0, 8).join(', ')}`);
    throw new CliError('search again with one of the ids above', 'ambiguous', 3);
  }
  const entity: ResolvedEntity | { kind: 'name'; key: string } = candidates[0] ?? { kind: 'name', key: nameKey(query) };

  const { client } = await connectElasticsearch({
    url: await runningElasticsearch(settings),
    name: 'claimwire-search',
  });
  try {
    const page = await searchClaims(client, indexNames(settings.CLAIMWIRE_INDEX_PREFIX), {
      entity,
      size: limit,
      includeNegated: values.negated === true,
    });
    if (values.json) {
      for (const c of page.claims) io.out(JSON.stringify(c));
      return page.total > 0 ? 0 : 1;
    }
    const label =
      'name' in entity
        ? `${entity.name} (${entity.kind}${entity.kind === 'actor' ? `: ${entity.aliases.slice(0, 6).join(', ')}` : ''})`
        : query;
    io.out(`${page.total} claim(s) about ${label}`);
    for (const c of page.claims) for (const line of formatClaim(c)) io.out(line);
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

export function formatClaim(c: ClaimDocument): string[] {
  const source = [c.article.publisher, c.article.published].filter(Boolean).join(', ');
  const by = c.reportedBy.length > 0 ? `  (according to ${c.reportedBy.join(', ')})` : '';
  return [
    `- ${describe(c)}${by}`,
    `    “${c.citation.quote}”`,
    `    ${source ? `${source} — ` : ''}${c.citation.url ?? c.article.url}`,
  ];
}
