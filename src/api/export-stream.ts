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
 * The export's body. The first page is read before this resolves, so a search that fails (Elasticsearch down) still
 * becomes an error answer instead of a cut-off file. `done` runs exactly once: at the end, on an error, or when the
 * client cancels (disconnects); after it the generator is closed and no further page is read.
 */
export async function exportBody(
  pages: AsyncGenerator<ClaimDocument[]>,
  format: ExportFormat,
  catalog: StixCatalog,
  done: () => void,
): Promise<ReadableStream<Uint8Array>> {
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    done();
    pages.return(undefined).catch(() => {});
  };
  const encoder = new TextEncoder();
  const stix = format === 'stix' ? stixBundleBuilder(catalog) : null;
  let first = true;
  const render = (claims: ClaimDocument[]): string => {
    if (stix) {
      stix.add(claims);
      return '';
    }
    const text = format === 'csv' ? claimsToCsv(claims, { header: first }) : claimsToJsonLines(claims);
    first = false;
    return text;
  };
  let head: IteratorResult<ClaimDocument[]>;
  try {
    head = await pages.next();
  } catch (error) {
    finish();
    throw error;
  }
  let pending: string | null = head.done ? (format === 'csv' ? claimsToCsv([]) : '') : render(head.value);
  let exhausted = head.done === true;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          while (!finished) {
            if (pending) {
              controller.enqueue(encoder.encode(pending));
              pending = null;
              return;
            }
            if (exhausted) {
              if (stix) controller.enqueue(encoder.encode(JSON.stringify(stix.bundle())));
              controller.close();
              finish();
              return;
            }
            const next = await pages.next();
            if (next.done) exhausted = true;
            else pending = render(next.value);
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
