/**
 * Date normalisation for feeds and sitemaps: RSS uses RFC 822 (`Tue, 10 Jun 2003 04:00:00 GMT`), Atom and sitemaps
 * RFC 3339 / W3C-DTF (`2003-12-13T18:30:02Z`, `2003-12-13`). Both reach `published` as ISO 8601 UTC so the index
 * can sort and filter them; anything unparseable is dropped rather than guessed.
 */

/** ISO-like (`2003-12-13…`) or carrying an English month name, as RFC 822 dates do. */
const DATE_SHAPE = /^\d{4}-\d{2}|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s/i;

/** Years outside this range are placeholders (`0001-01-01`) or typos, not publication dates. */
const MIN_YEAR = 1990;
const MAX_YEAR = 2200;

/**
 * Parses a feed or sitemap date into ISO 8601 UTC, or `undefined`. The shape check runs first because
 * `Date.parse` alone accepts almost anything (`Date.parse('1')` is a date in V8).
 */
export function toIsoDate(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const value = raw.trim().replace(/\s+/g, ' ');
  if (value === '' || value.length > 100 || !DATE_SHAPE.test(value)) return undefined;
  const time = Date.parse(value);
  if (Number.isNaN(time)) return undefined;
  const date = new Date(time);
  const year = date.getUTCFullYear();
  if (year < MIN_YEAR || year > MAX_YEAR) return undefined;
  return date.toISOString();
}
