/**
 * A parsed article: the body text analysts read, with the metadata needed to cite it.
 * Offsets everywhere in claimwire are UTF-16 code-unit offsets into `text`, as JavaScript strings index.
 */
export interface Article {
  /** The URL the article was fetched from or declared with (canonical when the page names one). */
  url: string | null;
  title: string | null;
  /** The outlet publishing the story (site name), not the vendors it cites. */
  publisher: string | null;
  authors: string[];
  /** ISO prefix `YYYY-MM-DD` (or `YYYY-MM`/`YYYY`), or null when the page states none. */
  published: string | null;
  modified: string | null;
  /** BCP 47 primary language subtag (`en`), or null. */
  language: string | null;
  /** Body text, paragraphs separated by a blank line. */
  text: string;
  /** Where each paragraph sits in `text`. */
  paragraphs: Span[];
}

export interface Span {
  start: number;
  end: number;
}
