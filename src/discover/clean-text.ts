import { Tokenizer, type TokenizerCallbacks } from 'htmlparser2';

/**
 * Normalises a text field for display and indexing: whitespace runs collapsed, trimmed, capped. Feed titles are a
 * line, not a page, and a hostile feed must not be able to push megabytes into every entry.
 */
export function cleanText(text: string | undefined, max: number): string | undefined {
  if (text === undefined) return undefined;
  const value = text.replace(/\s+/g, ' ').trim();
  if (value === '') return undefined;
  return value.length > max ? `${value.slice(0, max)}…` : value;
}

/**
 * Text of an HTML fragment (an Atom `type="html"` title): tags dropped, HTML entities (`&nbsp;`, `&rsquo;`)
 * decoded. Uses htmlparser2's tokenizer in HTML mode, which decodes entities from a fixed table and never expands
 * anything user-defined, so this is as safe as the XML reader.
 */
export function htmlToText(html: string): string {
  let out = '';
  const noop = () => {};
  const callbacks: TokenizerCallbacks = {
    ontext(start, end) {
      out += html.slice(start, end);
    },
    ontextentity(codepoint) {
      out += String.fromCodePoint(codepoint);
    },
    oncdata(start, end, offset) {
      out += html.slice(start, end - offset);
    },
    onattribdata: noop,
    onattribentity: noop,
    onattribend: noop,
    onattribname: noop,
    onclosetag: noop,
    oncomment: noop,
    ondeclaration: noop,
    onend: noop,
    onopentagend: noop,
    onopentagname: noop,
    onprocessinginstruction: noop,
    onselfclosingtag: noop,
  };
  const tokenizer = new Tokenizer({ xmlMode: false, decodeEntities: true }, callbacks);
  tokenizer.write(html);
  tokenizer.end();
  return out;
}
