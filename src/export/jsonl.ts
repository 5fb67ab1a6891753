/** Claims as JSON Lines, for `jq`, pandas and re-import: one claim document per line. */
import type { ClaimDocument } from '../store/documents.ts';
import { escapeBidiInJson } from './bidi.ts';

/**
 * One JSON object per claim, each line ended by `\n` (empty input → empty string). U+2028/U+2029 are escaped even
 * though JSON allows them raw, because some line readers split on them and would cut a record in two.
 */
export function claimsToJsonLines(claims: readonly ClaimDocument[]): string {
  let out = '';
  for (const c of claims) {
    out += `${escapeBidiInJson(JSON.stringify(c))
      .replace(/\u2028/g, '\\u2028')
      .replace(/\u2029/g, '\\u2029')}\n`;
  }
  return out;
}
