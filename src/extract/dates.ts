/**
 * Dates and periods named in the text, normalised to ISO prefixes (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`). Relative
 * expressions ("Tuesday", "in May", "January of this year", "last week") are resolved against the published date and
 * are null without one. Durations ("for months", "eight years") are not dates and are never matched.
 */
import type { DateEntity } from '../claims/types.ts';

const MONTHS: Record<string, number> = {
  january: 1,
  jan: 1,
  february: 2,
  feb: 2,
  march: 3,
  mar: 3,
  april: 4,
  apr: 4,
  may: 5,
  june: 6,
  jun: 6,
  july: 7,
  jul: 7,
  august: 8,
  aug: 8,
  september: 9,
  sep: 9,
  sept: 9,
  october: 10,
  oct: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
};
const WEEKDAYS: Record<string, number> = {
  sunday: 0,
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
};

const MONTH =
  '(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\\.?|Feb\\.?|Mar\\.?|Apr\\.?|Jun\\.?|Jul\\.?|Aug\\.?|Sept?\\.?|Oct\\.?|Nov\\.?|Dec\\.?)';
const YEAR = '(?:19[7-9]\\d|20[0-4]\\d)';
/** Prefixes kept with a month and year: they change what the date means ("since February 2023"). */
const SINCE_STRONG =
  '(?:(?:[Ss]ince|[Ff]rom|[Tt]hroughout|[Uu]ntil|[Ss]tarting in|[Bb]eginning in|[Aa]s early as)(?: (?:at least|around|about|roughly|approximately|circa|early|late|mid-?))? )';
const PART = '(?:(?:early|late|mid|the (?:end|start|beginning|middle) of)[- ])';
const SINCE =
  '(?:(?:[Ss]ince|[Ff]rom|[Ii]n|[Tt]hroughout|[Dd]uring|[Uu]ntil|[Bb]y|[Bb]efore|[Ss]tarting in|[Bb]eginning in|[Aa]s early as)(?: (?:at least|around|about|roughly|approximately|circa|early|late|mid-?))? )';

const WEEKDAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';

interface Rule {
  re: RegExp;
  resolve: (m: RegExpExecArray, anchor: Anchor | null) => string | null;
  /** Rejects a match that is part of something else (a product, a title). */
  reject?: (m: RegExpExecArray, text: string) => boolean;
}

interface Anchor {
  year: number;
  month: number | null;
  day: number | null;
}

const pad = (n: number): string => String(n).padStart(2, '0');
const ymd = (d: Date): string => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const ym = (y: number, m: number): string => `${y}-${pad(m)}`;
const monthOf = (s: string): number => MONTHS[s.toLowerCase().replace(/\.$/, '')] ?? 0;

function anchorDate(a: Anchor): Date | null {
  if (a.month === null || a.day === null) return null;
  return new Date(Date.UTC(a.year, a.month - 1, a.day));
}

/** The most recent `month` on or before the anchor's month. */
function pastMonth(month: number, a: Anchor | null, strictlyBefore = false): string | null {
  if (!a || a.month === null) return null;
  const year = month < a.month || (month === a.month && !strictlyBefore) ? a.year : a.year - 1;
  return ym(year, month);
}

/**
 * A day of a month; without a year, the published year (or the year before, for a month well after publication:
 * "December 12" in a January article).
 */
function dayOfMonth(month: number, day: number, year: number | null, a: Anchor | null): string | null {
  if (day < 1 || day > 31 || month < 1) return null;
  if (year !== null) return `${year}-${pad(month)}-${pad(day)}`;
  if (!a) return null;
  const late = a.month !== null && month > a.month + 2;
  return `${late ? a.year - 1 : a.year}-${pad(month)}-${pad(day)}`;
}

const RULES: Rule[] = [
  // 2022-04-21
  { re: /\b(20[0-4]\d|19[7-9]\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])\b/g, resolve: (m) => `${m[1]}-${m[2]}-${m[3]}` },
  // Friday, October 18 · Tuesday, March 3, 2020: the weekday belongs to the date it names
  {
    re: new RegExp(`\\b(?:${WEEKDAY}),? (${MONTH}) (\\d{1,2})(?:st|nd|rd|th)?\\b(?:,? (${YEAR})\\b)?(?!,? \\d)`, 'g'),
    resolve: (m, a) => dayOfMonth(monthOf(m[1] as string), Number(m[2]), m[3] ? Number(m[3]) : null, a),
  },
  // November 17, 2017 · Dec. 12, 2023 · Sept 3 2021
  {
    re: new RegExp(`\\b(${MONTH}) (\\d{1,2})(?:st|nd|rd|th)?,? (${YEAR})\\b`, 'g'),
    resolve: (m) => `${m[3]}-${pad(monthOf(m[1] as string))}-${pad(Number(m[2]))}`,
  },
  // 17 November 2017
  {
    re: new RegExp(`\\b(\\d{1,2}) (${MONTH}),? (${YEAR})\\b`, 'g'),
    resolve: (m) => `${m[3]}-${pad(monthOf(m[2] as string))}-${pad(Number(m[1]))}`,
  },
  // (since) (mid-)October 2019
  {
    re: new RegExp(`(?:${SINCE_STRONG})?\\b(?:${PART})?(${MONTH}),? (${YEAR})\\b`, 'g'),
    resolve: (m) => ym(Number(m[2]), monthOf(m[1] as string)),
  },
  // between April and July: one period (the year from the published date)
  {
    re: new RegExp(`\\b[Bb]etween (${MONTH}) and (${MONTH})\\b(?!,? (?:\\d|${YEAR}))`, 'g'),
    resolve: (m, a) => pastMonth(monthOf(m[1] as string), a),
  },
  // from May until (the end of) August 2022 · January to April 2020: the first month takes the second's year
  {
    re: new RegExp(
      `\\b(${MONTH})(?= (?:to|until|till|through|and|-|–) (?:(?:the )?(?:end|beginning|start|middle) of )?${MONTH},? (${YEAR})\\b)`,
      'g',
    ),
    resolve: (m) => ym(Number(m[2]), monthOf(m[1] as string)),
  },
  // the first quarter of 2023 · Q3 2023 · the first half of 2024
  {
    re: new RegExp(
      `\\b(?:(?:the )?(?:first|second|third|fourth|last) (?:quarter|half) of|Q[1-4]|H[12]|T[1-3]) (${YEAR})\\b`,
      'g',
    ),
    resolve: (m) => m[1] as string,
  },
  // January of this year · March of last year · July last year
  {
    re: new RegExp(`\\b(${MONTH}),? (?:of )?(this|last|next) year\\b`, 'g'),
    resolve: (m, a) => (a ? ym(a.year + offsetWord(m[2] as string), monthOf(m[1] as string)) : null),
  },
  // this February · last March
  {
    re: new RegExp(`\\b(this|last|next) (${MONTH})\\b`, 'g'),
    resolve: (m, a) => {
      const month = monthOf(m[2] as string);
      if (!a) return null;
      if (m[1] === 'this') return ym(a.year, month);
      if (m[1] === 'next') return a.month !== null && month > a.month ? ym(a.year, month) : ym(a.year + 1, month);
      return pastMonth(month, a, true);
    },
  },
  // March 29 (year from the published date)
  {
    re: new RegExp(`\\b(${MONTH}) (\\d{1,2})(?:st|nd|rd|th)?\\b(?!,? \\d)`, 'g'),
    resolve: (m, a) => dayOfMonth(monthOf(m[1] as string), Number(m[2]), null, a),
  },
  // a February ransomware attack · the May breach: a month used before a noun
  {
    re: new RegExp(`(?<=\\b(?:[Aa]n?|[Tt]he) )(${MONTH})(?= \\p{Ll})`, 'gu'),
    resolve: (m, a) => pastMonth(monthOf(m[1] as string), a),
  },
  // 22 April · 21st February (year from the published date)
  {
    re: new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)? (?:of )?(${MONTH})\\b(?!,? \\d)`, 'g'),
    resolve: (m, a) => dayOfMonth(monthOf(m[2] as string), Number(m[1]), null, a),
  },
  // in May · since March · late September · early this month is below
  {
    re: new RegExp(
      `(?:\\b(?:[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y|[Dd]uring|[Tt]hroughout|[Ee]arly|[Ll]ate|[Mm]id-?|[Ee]arly in|[Ll]ate in|[Ss]ince early|[Ss]ince late)[ -])(${MONTH})\\b`,
      'g',
    ),
    resolve: (m, a) => pastMonth(monthOf(m[1] as string), a),
  },
  // Tuesday (morning) · late on Wednesday · last Friday (not "Tuesdays", not "the second Tuesday in each month")
  {
    re: /(?<!(?:every|each|first|second|third|fourth|last) )\b(?:(last|this past) )?(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b(?!s\b|'s|’s| (?:in|of) (?:each|every) )(?: (?:morning|afternoon|evening|night))?/g,
    resolve: (m, a) => {
      const d = a ? anchorDate(a) : null;
      if (!d) return null;
      let back = (d.getUTCDay() - (WEEKDAYS[(m[2] as string).toLowerCase()] ?? 0) + 7) % 7;
      if (m[1] && back === 0) back = 7;
      return ymd(new Date(d.getTime() - back * 86_400_000));
    },
  },
  // today · yesterday
  {
    re: /\b(?<!the day before )(today|yesterday)\b/gi,
    // "USA Today", "Smart Grid Today": a capitalised word before a capitalised Today is a name.
    reject: (m, text) =>
      /^T|^Y/.test(m[0]) && /\p{Lu}[\p{L}]*\s$/u.test(text.slice(Math.max(0, m.index - 20), m.index)),
    resolve: (m, a) => {
      const d = a ? anchorDate(a) : null;
      if (!d) return null;
      return ymd(new Date(d.getTime() - ((m[1] as string).toLowerCase() === 'yesterday' ? 86_400_000 : 0)));
    },
  },
  // this week · last week · earlier this month · last month
  {
    re: /\b(?:(?:earlier|later|late|early) )?(this|last|next) (week|month)\b/gi,
    resolve: (m, a) => {
      if (!a || a.month === null) return null;
      const unit = (m[2] as string).toLowerCase();
      const shift = offsetWord((m[1] as string).toLowerCase());
      if (unit === 'week') {
        const d = anchorDate(a) ?? new Date(Date.UTC(a.year, a.month - 1, 15));
        const t = new Date(d.getTime() + shift * 7 * 86_400_000);
        return ym(t.getUTCFullYear(), t.getUTCMonth() + 1);
      }
      const t = new Date(Date.UTC(a.year, a.month - 1 + shift, 1));
      return ym(t.getUTCFullYear(), t.getUTCMonth() + 1);
    },
  },
  // this year · earlier this year · since the beginning of this year · the middle of last year · last year
  {
    re: /\b(?:(?:[Ss]ince |[Uu]ntil )?(?:the (?:beginning|start|end|middle|first half|second half) of |(?:[Ee]arlier|[Ll]ater|[Ee]arly|[Ll]ate) )?([Tt]his|[Ll]ast|[Nn]ext) year|(?:[Ss]ince |[Ii]n )?the (?:first|second) half of the year)\b/g,
    resolve: (m, a) => (a ? String(a.year + (m[1] ? offsetWord(m[1].toLowerCase()) : 0)) : null),
  },
  // in the 1620s · mid-1800s · the 2010s: decades and centuries are periods, with no ISO prefix to give
  {
    re: /\b(?:(?:[Ii]n|[Ss]ince|[Dd]uring|[Bb]y|[Uu]ntil) )?(?:the (?:early |late |mid-?)?|(?:early|late|mid)-)(1[0-9]\d0s|20[0-4]0s)\b/g,
    resolve: () => null,
  },
  // in 1951 · since 1803: a year before 1970 only after a preposition ("1500 servers" is a count)
  {
    re: /\b(?:[Ii]n|[Ss]ince|[Ff]rom|[Uu]ntil|[Bb]efore|[Aa]fter|[Dd]uring|[Cc]irca|[Aa]round) (1[5-9]\d\d)\b(?![\p{N}%]|s\b|-\d|,\d|\.\d)/gu,
    resolve: (m) => m[1] as string,
  },
  // (since around) 2009 · in 2018 · a 2017 report — not "Exchange 2013", not "CVE-2021-…", not "the 2010s"
  {
    re: new RegExp(`(?:${SINCE})?(?<![\\p{L}\\p{N}$#.,/-])(${YEAR})(?![\\p{N}%]|s\\b|-\\d|,\\d|\\.\\d)`, 'gu'),
    resolve: (m) => m[1] as string,
  },
];

function offsetWord(w: string): number {
  if (w === 'last') return -1;
  if (w === 'next') return 1;
  return 0;
}

/** A capitalised word right before a year marks a product or edition ("Windows 2000", "Exchange 2013"). */
const PRODUCT_BEFORE =
  /(?:^|[^\p{L}])(?!(?:In|Since|From|During|Throughout|Until|By|Before|After|The|Early|Late|Mid|Around|Circa|Summer|Spring|Autumn|Fall|Winter|Between|And|Or|Of|A|An|As|Q[1-4])\s)\p{Lu}[\p{L}\p{N}]*\s$/u;

/** "CrowdStrike's 2025 Global Threat Report": a year inside a title. */
const TITLE_YEAR = /['’]s\s$/;

export function parseAnchor(published: string | null): Anchor | null {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(published ?? '');
  if (!m) return null;
  return { year: Number(m[1]), month: m[2] ? Number(m[2]) : null, day: m[3] ? Number(m[3]) : null };
}

/** Every date expression in the text, in order (repeats included). */
export function findDates(text: string, published: string | null): DateEntity[] {
  const anchor = parseAnchor(published);
  const taken: { start: number; end: number }[] = [];
  const found: DateEntity[] = [];
  for (const rule of RULES) {
    rule.re.lastIndex = 0;
    for (let m = rule.re.exec(text); m !== null; m = rule.re.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      if (taken.some((t) => t.start < end && start < t.end)) continue;
      if (rule.reject?.(m, text)) continue;
      if (rule === RULES.at(-1)) {
        const yearAt = start + m[0].lastIndexOf(m[1] as string);
        const before = text.slice(Math.max(0, yearAt - 30), yearAt);
        if (
          yearAt === start &&
          (PRODUCT_BEFORE.test(before) || (TITLE_YEAR.test(before) && /^\s\p{Lu}/u.test(text.slice(end, end + 3))))
        )
          continue;
      }
      taken.push({ start, end });
      found.push({ text: m[0], value: rule.resolve(m, anchor), start, end });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** One entry per distinct expression: a repeated "in 2018" is one date the article states. */
export function distinctDates(dates: readonly DateEntity[]): DateEntity[] {
  const seen = new Set<string>();
  return dates.filter((d) => {
    const key = `${d.text}|${d.value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
