/**
 * Bidirectional control characters (U+202E RIGHT-TO-LEFT OVERRIDE and its kin) make text display in another order
 * than it is stored: a title "APT29 \u202Egnp.exe report" shows as "APT29 exe.png report". Titles and quotes come
 * from arbitrary pages, so the exports (and the UI, which has its own copy of this list in ui/app.js) neutralise them.
 */

/** U+061C, U+200E–U+200F, U+202A–U+202E, U+2066–U+2069: every bidi formatting character. */
export const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** For plain text (CSV): each control becomes U+FFFD, one UTF-16 unit for one, so quote offsets still line up. */
export function neutraliseBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, '\uFFFD');
}

/** For JSON text (JSON Lines, STIX): each control is written as its `\uXXXX` escape, the same string once parsed. */
export function escapeBidiInJson(json: string): string {
  return json.replace(BIDI_CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
