/**
 * Cleans author strings from meta tags, JSON-LD and bylines into person names: pages put roles ("CNN Editor-at-large"),
 * credentials ("MS, RD"), dates ("November 15, 2019") and reading-time badges into the same fields, and list several
 * authors in one string ("Jane Doe and John Smith").
 */

const PREFIX =
  /^\s*(?:(?:(?:analysis|opinion|commentary|story|text|words|reporting|written|posted|published|reviewed|compiled|edited)\s+)?(?:by|von|par|por|di|door|av)\b\s*:?|(?:text|текст|autor|author|auteur|autore|words|reporter|redacción|redação)\s*:)\s*/iu;
const LIST_SPLIT = /\s*(?:[,;|\u2022\u00b7]|\s(?:and|und|et|y|e|og|en)\s|&|(?<=\p{Ll}{2})\.\s+(?=\p{Lu}))\s*/iu;
const CALENDAR_WORD =
  /^(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)\.?|january|february|march|april|june|july|august|september|october|november|december|(?:mon|tues|wednes|thurs|fri|satur|sun)day|today|yesterday)$/i;
const DOMAIN = /\.(?:com|org|net|co|io|news|info|tv)\b/i;
const ROLE =
  /\b(?:writer|editor|correspondent|reporter|staff|contributor|contributing|columnist|producer|analyst|at-large|newsdesk|news desk|bureau|intern|photographer|updated|published|posted|read|min|follow|twitter|email)\b/i;
const GENERIC =
  /^(?:admin|administrator|editor|editors|staff|webmaster|guest|user|team|author|anonymous|unknown|null|undefined)$/i;
const CREDENTIAL = /^(?:\p{Lu}{2,4}|Ph\.?\s?D\.?|M\.?D\.?|Jr\.?|Sr\.?)$/u;
const DATE_TAIL =
  /\s+(?:on\s+)?(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+)?\d.*$/i;
const WEEKDAY_TAIL = /\s*(?:mon|tues|wednes|thurs|fri|satur|sun)day\b.*$/i;
const PARTICLES = new Set([
  'de',
  'da',
  'do',
  'dos',
  'das',
  'del',
  'della',
  'di',
  'du',
  'la',
  'le',
  'van',
  'von',
  'der',
  'den',
  'ten',
  'ter',
  'zu',
  'bin',
  'ibn',
  'al',
  'el',
  'y',
  'e',
]);
const MAX_AUTHORS = 10;

/** Person (or wire-agency) names from raw author strings, deduplicated, in order; `publisher` parts are dropped. */
export function cleanAuthorNames(raw: readonly string[], publisher: string | null): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const site = publisher ? nameKey(publisher) : '';
  for (const r of raw) {
    const base = r.replace(/\s+/g, ' ').trim();
    if (!base || /^(?:https?:|www\.)/i.test(base)) continue;
    const parts = base
      .replace(PREFIX, '')
      .split(LIST_SPLIT)
      .map((p) =>
        p
          .replace(PREFIX, '')
          .replace(DATE_TAIL, '')
          .replace(WEEKDAY_TAIL, '')
          .replace(/^[\s.:|-]+|[\s,.;:|-]+$/g, ''),
      )
      .filter((p) => p.length >= 2 && p.length <= 80);
    const names = parts.filter((p) => looksLikeName(p) && !CREDENTIAL.test(p));
    // A lone agency/initialism ("AP", "PTI") is a real byline; next to a person it is an affiliation or a credential.
    const kept = names.length > 0 ? names : parts.filter((p) => CREDENTIAL.test(p) && !GENERIC.test(p));
    for (const name of kept) {
      const key = nameKey(name);
      const isSite = site.length >= 3 && (key === site || key.includes(site) || site.includes(key));
      if (seen.has(key) || (isSite && kept.length > 1)) continue;
      seen.add(key);
      out.push(name);
      if (out.length >= MAX_AUTHORS) return out;
    }
  }
  return out;
}

function nameKey(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Up to five words, no digits/URLs/roles, every cased word capitalised (name particles excepted). */
function looksLikeName(s: string): boolean {
  if (GENERIC.test(s) || ROLE.test(s) || CALENDAR_WORD.test(s) || DOMAIN.test(s) || /[\d@]|https?:|www\./i.test(s)) {
    return false;
  }
  const words = s.split(' ');
  if (words.length > 5) return false;
  for (const w of words) {
    const first = /\p{L}/u.exec(w)?.[0];
    if (!first) continue;
    const lower = first.toLowerCase();
    if (first !== lower) continue;
    if (first !== first.toUpperCase() && !PARTICLES.has(w.toLowerCase())) return false;
  }
  return true;
}
