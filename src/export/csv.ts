/**
 * Claims as CSV for spreadsheets: RFC 4180 text, and cells defused against formula injection because quotes and
 * titles come from arbitrary web pages and analysts open the file in Excel or LibreOffice.
 */
import type { AssertionSummary } from '../claims/assertions.ts';
import type { ClaimDocument } from '../store/documents.ts';
import { neutraliseBidi } from './bidi.ts';
import { claimValueText } from './value-text.ts';

/** Column order of the CSV export (the header row). Stable: scripts read columns by position too. */
export const CSV_COLUMNS = [
  'id',
  'subject_id',
  'subject_name',
  'predicate',
  'object_kind',
  'object_id',
  'object_name',
  'value',
  'negated',
  'hedged',
  'reported_by',
  'quote',
  'quote_start',
  'quote_end',
  'article_url',
  'article_title',
  'publisher',
  'published',
  'ingested_at',
] as const;

/** First characters that make a spreadsheet read a cell as a formula (or, for tab and CR, hide one after them). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell. A cell that a spreadsheet would evaluate (`=`, `+`, `-`, `@`, tab, CR first) gets a leading `'`,
 * the OWASP defence: `=HYPERLINK(…)` in a scraped quote must stay text; bidi controls become U+FFFD. Then RFC 4180 quoting: a cell holding a comma,
 * a double quote, CR or LF is wrapped in double quotes with inner quotes doubled.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = neutraliseBidi(String(value));
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function row(cells: readonly (string | number | boolean | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/**
 * Claims as an RFC 4180 CSV document: a header row, then one record per claim, every record ended by CRLF.
 * `value` is the ISO date of `active-since` or `54% of …` for a statistic; `reported_by` joins vendor ids with `;`.
 * `header: false` gives the records only, for the pages after the first of a streamed export.
 */
export function claimsToCsv(claims: readonly ClaimDocument[], options: { header?: boolean } = {}): string {
  let out = options.header === false ? '' : row(CSV_COLUMNS);
  for (const c of claims) {
    out += row([
      c.id,
      c.subject.id,
      c.subject.name,
      c.predicate,
      c.object?.kind,
      c.object?.id,
      c.object?.name,
      claimValueText(c.value),
      c.negated,
      c.hedged,
      c.reportedBy.join(';'),
      c.citation.quote,
      c.citation.start,
      c.citation.end,
      c.article.url,
      c.article.title,
      c.article.publisher,
      c.article.published,
      c.ingestedAt,
    ]);
  }
  return out;
}

/** Column order of the assertions CSV (the header row). */
export const ASSERTION_CSV_COLUMNS = [
  'id',
  'subject_id',
  'subject_name',
  'predicate',
  'object_kind',
  'object_id',
  'object_name',
  'sources',
  'articles',
  'vendors',
  'first_reported',
  'last_reported',
  'hedged_articles',
  'disputed_by',
] as const;

/** Assertion rows as CSV, header first; vendors by display name, `;`-separated. */
export function assertionsCsv(
  rows: readonly (Omit<AssertionSummary, 'vendors'> & { vendors: readonly { name: string }[] })[],
): string {
  const lines = [ASSERTION_CSV_COLUMNS.join(',')];
  for (const r of rows)
    lines.push(
      [
        r.id,
        r.subject.id,
        r.subject.name,
        r.predicate,
        r.object.kind,
        r.object.id,
        r.object.name,
        r.sources,
        r.articles,
        r.vendors.map((v) => v.name).join('; '),
        r.firstReported,
        r.lastReported,
        r.hedgedArticles,
        r.disputedBy,
      ]
        .map(csvCell)
        .join(','),
    );
  return `${lines.join('\r\n')}\r\n`;
}
