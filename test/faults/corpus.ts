/**
 * The soak's corpus: deterministic threat-reporting articles written from templates (the sentences are ours), one per
 * number, each with a line of its own so no two share a body. Feeds list them the way a news site's RSS would.
 */

interface Actor {
  /** The name the article uses (an alias, to prove alias resolution end to end). */
  name: string;
  sponsor: string;
}

const ACTORS: Actor[] = [
  { name: 'Stone Panda', sponsor: 'China' },
  { name: 'Cozy Bear', sponsor: 'Russia' },
  { name: 'Lazarus Group', sponsor: 'North Korea' },
  { name: 'Fancy Bear', sponsor: 'Russia' },
  { name: 'Charming Kitten', sponsor: 'Iran' },
  { name: 'Kimsuky', sponsor: 'North Korea' },
  { name: 'Turla', sponsor: 'Russia' },
  { name: 'Volt Typhoon', sponsor: 'China' },
];
const VENDORS = [
  'Mandiant',
  'Symantec',
  'CrowdStrike',
  'Microsoft',
  'Kaspersky',
  'ESET',
  'Proofpoint',
  'Recorded Future',
];
const SECTORS = ['healthcare', 'manufacturing', 'government', 'energy', 'telecommunications', 'financial', 'defense'];
const COUNTRIES = ['Japan', 'Germany', 'South Korea', 'the United States', 'Ukraine', 'India', 'Australia', 'Brazil'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October'];

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;

export interface CorpusArticle {
  title: string;
  paragraphs: string[];
  published: string;
}

export function corpusArticle(n: number): CorpusArticle {
  const actor = pick(ACTORS, n);
  const vendor = pick(VENDORS, n * 3 + 1);
  const other = pick(VENDORS, n * 5 + 2);
  const sector = pick(SECTORS, n * 3 + 3);
  const sector2 = pick(SECTORS, n * 2 + 5);
  const country = pick(COUNTRIES, n * 11 + 1);
  const month = pick(MONTHS, n);
  const year = 2020 + (n % 6);
  const pct = 10 + ((n * 37) % 80);
  const paragraphs = [
    `${vendor} researchers said ${actor.name} broke into ${sector} companies in ${country} in ${month} ${year}.`,
    `The intrusions relied on spear-phishing messages and stolen VPN credentials, according to the report.`,
    `${vendor} found that ${pct}% of the affected networks had no multi-factor authentication in place.`,
    `${other} has previously linked ${actor.name} to the government of ${actor.sponsor}.`,
    n % 4 === 0
      ? `${other} said it had seen no evidence that ${actor.name} attacked ${sector2} organizations this year.`
      : `The group also went after ${sector2} firms, ${other} added.`,
    `Reference ${n}: this item belongs to soak batch material number ${n} and appears nowhere else.`,
  ];
  return {
    title: `${actor.name} campaign against ${sector} in ${country} (${n})`,
    paragraphs,
    published: `${year}-${String((n % 9) + 1).padStart(2, '0')}-${String((n % 27) + 1).padStart(2, '0')}`,
  };
}

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function corpusPage(n: number): string {
  const a = corpusArticle(n);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(a.title)} | Soak Wire</title>
<meta property="og:site_name" content="Soak Wire"><meta property="article:published_time" content="${a.published}T09:00:00Z">
</head><body><nav><a href="/">Home</a> <a href="/threats">Threats</a> <a href="/about">About</a></nav>
<article><h1>${escapeHtml(a.title)}</h1>${a.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}</article>
<footer>Soak Wire, a test publication. All rights reserved.</footer></body></html>`;
}

export function corpusFeed(urls: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Soak Wire</title>
<link>http://127.0.0.1/</link>${urls.map((u, i) => `<item><title>Item ${i}</title><link>${escapeHtml(u)}</link></item>`).join('')}
</channel></rss>`;
}
