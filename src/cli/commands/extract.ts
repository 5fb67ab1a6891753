/**
 * `claimwire extract`: saved articles in, one JSON line per article out (docs/extract-contract.md). An input that
 * fails is reported on stderr with its name and does not stop the others; the exit status says whether any failed.
 */
import type { ExtractionResult } from '../../claims/types.ts';
import { extractArticle } from '../../extract/index.ts';
import { errorMessage, type Metadata, readArticleInput } from '../article-input.ts';
import { loadExtractionCatalog } from '../catalog.ts';
import { usage } from '../cli-error.ts';
import { parseCommand, usageLines } from '../command-line.ts';
import { EXTRACT } from '../commands.ts';
import type { CliIo } from '../io.ts';

/** `--explain`: one block per claim, in reading order. */
export function explainResult(r: ExtractionResult): string {
  const lines = [`# ${r.source}: ${r.claims.length} claims`];
  for (const c of r.claims) {
    const object = c.object ? c.object.name : JSON.stringify(c.value);
    const marks = [c.negated ? 'NEGATED' : '', c.hedged ? 'hedged' : ''].filter(Boolean).join(', ');
    lines.push(`${c.subject.name} ${c.predicate} ${object}${marks ? ` (${marks})` : ''}`);
    if (c.evidence) {
      lines.push(`  decision ${c.evidence.model}, score ${c.evidence.score}: ${c.evidence.features.join(', ')}`);
    } else {
      lines.push('  rule: the sentence names the actor (or refers back to it) and this value');
    }
    if (c.reportedBy.length > 0) lines.push(`  according to ${c.reportedBy.join(', ')}`);
    lines.push(`  "${c.citation.quote}" [${c.citation.start}, ${c.citation.end})`);
  }
  return lines.join('\n');
}

export async function runExtract(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(EXTRACT, argv);
  if (values.format !== 'jsonl') throw usage(`unknown --format "${values.format}" (only jsonl)`);
  if (positionals.length === 0) throw usage(`no input files\n${usageLines(EXTRACT)}`);
  if (values.published && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(values.published)) {
    throw usage(`--published must be YYYY, YYYY-MM or YYYY-MM-DD, got "${values.published}"`);
  }
  const flags: Metadata = {
    url: values.url ?? null,
    title: values.title ?? null,
    publisher: values.publisher ?? null,
    published: values.published ?? null,
  };

  const catalog = await loadExtractionCatalog();
  let failed = 0;
  for (const input of positionals) {
    try {
      const { articles, problems } = await readArticleInput(input, flags);
      for (const problem of problems) {
        failed++;
        io.err(problem);
      }
      for (const { source, article } of articles) {
        try {
          const result = extractArticle(article, { catalog, source });
          io.out(values.explain ? explainResult(result) : JSON.stringify(result));
        } catch (error) {
          failed++;
          io.err(`${source}: ${errorMessage(error)}`);
        }
      }
    } catch (error) {
      failed++;
      io.err(`${input}: ${errorMessage(error)}`);
    }
  }
  return failed > 0 ? 1 : 0;
}
