/**
 * Normalises the many ways pages write dates to the ISO prefixes `Article` uses (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`).
 * Timestamps keep the calendar date as written (no conversion to UTC): the publisher's local date is the one a
 * citation shows.
 */

/** Month names (full and common abbreviations) in English and the other major languages of the web. */
const MONTH_NAMES: readonly (readonly string[])[] = [
  ['jan', 'january', 'janeiro', 'enero', 'janvier', 'januar', 'gennaio', 'januari', 'ene', 'janv', 'gen'],
  [
    'feb',
    'february',
    'fevereiro',
    'febrero',
    'février',
    'fevrier',
    'februar',
    'febbraio',
    'februari',
    'fev',
    'févr',
    'fevr',
  ],
  ['mar', 'march', 'março', 'marco', 'marzo', 'mars', 'märz', 'maerz', 'maart', 'mär'],
  ['apr', 'april', 'abril', 'avril', 'aprile', 'abr', 'avr'],
  ['may', 'maio', 'mayo', 'mai', 'maggio', 'mei', 'mag'],
  ['jun', 'june', 'junho', 'junio', 'juin', 'juni', 'giugno', 'giu'],
  ['jul', 'july', 'julho', 'julio', 'juillet', 'juli', 'luglio', 'juil', 'lug'],
  ['aug', 'august', 'agosto', 'août', 'aout', 'augustus', 'ago', 'aoû'],
  ['sep', 'sept', 'september', 'setembro', 'septiembre', 'septembre', 'settembre', 'set'],
  ['oct', 'october', 'outubro', 'octubre', 'octobre', 'oktober', 'ottobre', 'out', 'okt', 'ott'],
  ['nov', 'november', 'novembro', 'noviembre', 'novembre'],
  ['dec', 'december', 'dezembro', 'diciembre', 'décembre', 'decembre', 'dezember', 'dicembre', 'dez', 'dic', 'déc'],
];
const MONTHS = new Map<string, number>();
MONTH_NAMES.forEach((names, i) => {
  for (const n of names) MONTHS.set(n, i + 1);
});
const MONTH = `(${[...MONTHS.keys()].sort((a, b) => b.length - a.length).join('|')})\\.?`;

const ISO = /(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)/;
const YMD_SLASH = /(?<!\d)(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?!\d)/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})(?:$|[T\s])/;
const MONTH_FIRST = new RegExp(`(?<![\\p{L}])${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})(?!\\d)`, 'iu');
const DAY_FIRST = new RegExp(
  `(?<!\\d)(\\d{1,2})(?:st|nd|rd|th|º|°|er)?\\.?\\s+(?:of\\s+|de\\s+)?${MONTH}(?![\\p{L}]),?\\s+(?:de\\s+)?(\\d{4})(?!\\d)`,
  'iu',
);
const NUMERIC = /(?<!\d)(\d{1,2})([/.])(\d{1,2})\2(\d{4})(?!\d)/;
const YEAR_MONTH = /^(\d{4})-(\d{2})$/;
const YEAR = /^(\d{4})$/;

/**
 * Parses a date written in any common web format; null when it holds no plausible calendar date. `dayFirst` settles
 * ambiguous numeric dates like 05/10/2018 (day-first outside the US: pass it for non-English pages).
 */
export function toIsoDate(input: string | null | undefined, dayFirst = false): string | null {
  if (!input) return null;
  const s = input.trim().slice(0, 200);
  if (!s) return null;
  let m = ISO.exec(s) ?? YMD_SLASH.exec(s);
  if (m) return ymd(m[1], m[2], m[3]);
  m = COMPACT.exec(s);
  if (m) return ymd(m[1], m[2], m[3]);
  m = MONTH_FIRST.exec(s);
  if (m) return ymd(m[3], String(MONTHS.get((m[1] ?? '').toLowerCase()) ?? 0), m[2]);
  m = DAY_FIRST.exec(s);
  if (m) return ymd(m[3], String(MONTHS.get((m[2] ?? '').toLowerCase()) ?? 0), m[1]);
  m = NUMERIC.exec(s);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    // 13/11/2019 and 19.11.2019 are day-first, 11/19/2019 month-first; ambiguous slashes follow `dayFirst`.
    const df = b > 12 ? false : a > 12 || m[2] === '.' || dayFirst;
    return df ? ymd(m[4], m[3], m[1]) : ymd(m[4], m[1], m[3]);
  }
  m = YEAR_MONTH.exec(s);
  if (m && plausibleYear(Number(m[1])) && Number(m[2]) >= 1 && Number(m[2]) <= 12) return `${m[1]}-${m[2]}`;
  m = YEAR.exec(s);
  if (m && plausibleYear(Number(m[1]))) return m[1] as string;
  return null;
}

function plausibleYear(y: number): boolean {
  return y >= 1900 && y <= 2100;
}

function ymd(y: string | undefined, mo: string | undefined, d: string | undefined): string | null {
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (!plausibleYear(year) || month < 1 || month > 12 || day < 1 || day > 31) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
