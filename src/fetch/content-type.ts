/** A parsed Content-Type header. */
export interface ParsedContentType {
  /** The lowercased `type/subtype`, without parameters; '' when the header is missing or malformed. */
  readonly mediaType: string;
  /** The `charset` parameter as sent (lowercased, unquoted), if any; decoding is `decodeHtml`'s job. */
  readonly charset?: string;
}

/**
 * Splits a Content-Type header into media type and charset. Tolerant of junk (`text/html;;charset="UTF-8"`) because
 * servers send it, and the fetcher only needs the media type for its allowlist and the charset as a hint.
 */
export function parseContentType(header: string | undefined): ParsedContentType {
  if (!header) return { mediaType: '' };
  const [type = '', ...params] = header.split(';');
  const mediaType = /^[!#$%&'*+\-.^_`|~0-9a-z]+\/[!#$%&'*+\-.^_`|~0-9a-z]+$/i.test(type.trim())
    ? type.trim().toLowerCase()
    : '';
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq < 0) continue;
    if (param.slice(0, eq).trim().toLowerCase() !== 'charset') continue;
    const value = param
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .trim()
      .toLowerCase();
    if (value !== '') return { mediaType, charset: value };
  }
  return { mediaType };
}
