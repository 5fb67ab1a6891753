/**
 * Claims exports as a streamed response body: one page of claims is read from Elasticsearch only when the client has
 * taken the previous one, so an export costs one page of memory (the STIX objects for a bundle) however large it is,
 * and stops as soon as the client goes away.
 */
import { claimsToCsv, claimsToJsonLines, type StixCatalog, stixBundleBuilder } from '../export/index.ts';
import type { ClaimDocument } from '../store/documents.ts';

export const EXPORT_FORMATS = {
  csv: { contentType: 'text/csv; charset=utf-8', extension: 'csv' },
  jsonl: { contentType: 'application/x-ndjson', extension: 'jsonl' },
  stix: { contentType: 'application/stix+json;version=2.1', extension: 'stix.json' },
} as const;
export type ExportFormat = keyof typeof EXPORT_FORMATS;

/**
 * Pages with a pause after each as long as its search took: an export then keeps Elasticsearch busy at most half the
 * time, and an analyst's search waits behind fewer export pages. Exports are bulk work; searches are interactive.
 */
export async function* paced<T>(pages: AsyncGenerator<T>): AsyncGenerator<T> {
  try {
    for (;;) {
      const started = performance.now();
      const next = await pages.next();
      if (next.done) return;
      const took = performance.now() - started;
      yield next.value;
      await new Promise((r) => setTimeout(r, took));
    }
  } finally {
    await pages.return(undefined);
  }
}

/** The export as pieces of text, one or more per page of claims; a STIX bundle is written once all are read. */
async function* exportText(
  pages: AsyncIterable<ClaimDocument[]>,
  format: ExportFormat,
  catalog: StixCatalog,
): AsyncGenerator<string> {
  if (format === 'stix') {
    const bundle = stixBundleBuilder(catalog);
    for await (const page of pages) bundle.add(page);
    yield* bundle.json();
    return;
  }
  let first = true;
  for await (const page of pages) {
    yield format === 'csv' ? claimsToCsv(page, { header: first }) : claimsToJsonLines(page);
    first = false;
  }
  if (first && format === 'csv') yield claimsToCsv([]);
}

/**
 * The export's body. The first page is read before this resolves, so a search that fails (Elasticsearch down) still
 * becomes an error answer instead of a cut-off file. `done` runs exactly once: at the end, on an error, or when the
 * client cancels (disconnects); after it the generators are closed and no further page is read.
 */
export async function exportBody(
  pages: AsyncGenerator<ClaimDocument[]>,
  format: ExportFormat,
  catalog: StixCatalog,
  done: () => void,
): Promise<ReadableStream<Uint8Array>> {
  let head: IteratorResult<ClaimDocument[]>;
  try {
    head = await pages.next();
  } catch (error) {
    done();
    throw error;
  }
  async function* all(): AsyncGenerator<ClaimDocument[]> {
    if (head.done) return;
    yield head.value;
    yield* pages;
  }
  const text = exportText(all(), format, catalog);
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    done();
    text.return(undefined).catch(() => {});
    pages.return(undefined).catch(() => {});
  };
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          for (;;) {
            const next = await text.next();
            if (finished) return;
            if (next.done) {
              controller.close();
              finish();
              return;
            }
            if (next.value !== '') {
              controller.enqueue(encoder.encode(next.value));
              return;
            }
          }
        } catch (error) {
          finish();
          controller.error(error);
        }
      },
      cancel() {
        finish();
      },
    },
    { highWaterMark: 0 },
  );
}
