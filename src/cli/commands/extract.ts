/**
 * `claimwire extract`: saved articles in, one JSON line per article out (docs/extract-contract.md). An input that
 * fails is reported on stderr with its name and does not stop the others; the exit status says whether any failed.
 */
import { parseArgs } from 'node:util';
import type { ExtractionResult } from '../../claims/types.ts';
import { extractArticle } from '../../extract/index.ts';
import { errorMessage, type Metadata, readArticleInput } from '../article-input.ts';
import { loadExtractionCatalog } from '../catalog.ts';
import { usage } from '../cli-error.ts';
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

export const EXTRACT_HELP = `usage: claimwire extract [options] FILE...

Reads saved articles and writes one JSON object per article per line to stdout. Needs no Redis or Elasticsearch.

Inputs, by extension:
  .html .htm   a saved web page; url, title, publisher and dates come from the page
  .txt         plain article text; the options below supply its metadata
  .json        one article object { url, title, publisher, published, text | html }
  .jsonl       one such object per line
  -            read one article's text (or HTML, if it starts with "<") from standard input

Options:
  --url URL              URL of a .txt input (and fallback URL for pages that name none)
  --title TEXT           title of a .txt input
  --publisher NAME       publisher of a .txt input
  --published DATE       published date (YYYY-MM-DD) of a .txt input; relative dates resolve against it
  --format jsonl         output format (JSON Lines, the only one)
  --explain              instead of JSON, say per claim why it was made: the learned decision, its score, the
                         features that weighed most, negation and hedging, and the quote
  -h, --help             this help

Errors for one input go to stderr with the file name; the exit status is 1 if any input failed.`;

export async function runExtract(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      title: { type: 'string' },
      publisher: { type: 'string' },
      published: { type: 'string' },
      format: { type: 'string', default: 'jsonl' },
      explain: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(EXTRACT_HELP);
    return 0;
  }
  if (values.format !== 'jsonl') throw usage(`unknown --format "${values.format}" (only jsonl)`);
  if (positionals.length === 0) throw usage(`no input files\n\n${EXTRACT_HELP}`);
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
