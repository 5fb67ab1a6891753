// @ts-check
/**
 * Claim cards (the evidence view): the statement, the quote with the actor's names and the object marked, the
 * publisher, date, vendors credited and links to the stored article and its source.
 *
 * @typedef {import('./types.js').Claim} Claim
 */
import { actorPath, articlePath, el, externalLink, safeHref } from './dom.js';
import { formatDate, nameOf, PREDICATES, timeEl } from './format.js';

/** @param {string} s */
const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Text with the given terms wrapped in <mark>. `whole` terms match as whole words (aliases); the others match from a
 * word start to the end of that word ("Japan" marks "Japanese").
 */
/** @param {string} text @param {{ term: string | undefined, cls: string, whole: boolean }[]} terms */
export function highlighted(text, terms) {
  /** @type {{ start: number, end: number, cls: string }[]} */
  const ranges = [];
  for (const { term, cls, whole } of terms) {
    if (typeof term !== 'string' || term.trim().length < 2) continue;
    const tail = whole ? '(?![\\p{L}\\p{N}])' : '\\p{L}*';
    const re = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(term.trim())}${tail}`, 'giu');
    for (const m of text.matchAll(re)) ranges.push({ start: m.index, end: m.index + m[0].length, cls });
  }
  ranges.sort((a, b) => a.start - b.start || b.end - a.end);
  /** @type {(string | HTMLElement)[]} */
  const out = [];
  let at = 0;
  for (const r of ranges) {
    if (r.start < at) continue;
    if (r.start > at) out.push(text.slice(at, r.start));
    out.push(el('mark', { class: r.cls }, text.slice(r.start, r.end)));
    at = r.end;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}

/* ------------------------------------------------------------------------------------------------------------------ */
/* Claim cards                                                                                                        */

/** @param {unknown} value */
function claimValueText(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return /^\d{4}(-\d{2}){0,2}$/.test(value) ? formatDate(value) : value;
  if (typeof value === 'object' && typeof (/** @type {any} */ (value).percent) === 'number') {
    const v = /** @type {{ percent: number, of?: string }} */ (value);
    return `${v.percent}%${v.of ? ` of ${v.of}` : ''}`;
  }
  return String(value);
}

/** @param {Claim} claim */
export function claimStatement(claim) {
  const p = PREDICATES[claim.predicate];
  const phrase = p ? (claim.negated ? p.denied : p.phrase) : claim.predicate;
  const subject = claim.subject?.id
    ? el('a', { href: actorPath(claim.subject.id), class: 'subject' }, claim.subject.name)
    : el('span', { class: 'subject' }, claim.subject?.name ?? 'Unknown actor');
  const object = claim.object
    ? el('strong', { class: `object object-${claim.object.kind === 'vendor' ? 'vendor' : 'place'}` }, claim.object.name)
    : el('strong', { class: 'object' }, claimValueText(claim.value));
  return el('p', { class: 'claim-statement' }, subject, ` ${phrase} `, object);
}

/** @param {string} kind @param {string} text @param {string} title */
export function badge(kind, text, title) {
  return el('span', { class: `badge badge-${kind}`, title }, text);
}

/**
 * One claim as a card; `aliases` are the actor names to highlight in the quote.
 * @param {Claim} claim
 * @param {{ aliases?: string[] | undefined, citeTarget?: HTMLElement | null }} [options]
 */
export function claimCard(claim, { aliases = [], citeTarget = null } = {}) {
  const subjectAliases = /** @type {string[] | undefined} */ (claim.subject?.aliases);
  const subjectNames = [...new Set([...(aliases ?? []), ...(subjectAliases ?? []), claim.subject?.name])];
  const terms = subjectNames.map((term) => ({ term, cls: 'hl-actor', whole: true }));
  if (claim.object?.name) terms.push({ term: claim.object.name, cls: 'hl-object', whole: false });
  const quote = claim.citation?.quote ?? '';
  const article = claim.article;
  const vendors = (claim.reportedBy ?? []).map((id) => nameOf('vendor', id));
  const sourceUrl = claim.citation?.url || article.url;

  return el(
    'article',
    { class: ['claim-card', claim.negated && 'is-negated', claim.hedged && 'is-hedged'], 'data-claim': claim.id },
    el(
      'header',
      { class: 'claim-head' },
      claimStatement(claim),
      el(
        'div',
        { class: 'badges' },
        claim.hedged && badge('hedged', 'Hedged', 'The source hedges this claim (suspected, likely, possibly…)'),
        claim.negated && badge('negated', 'Negated', 'The source denies or rules out this claim'),
      ),
    ),
    el('blockquote', { class: 'quote', cite: safeHref(sourceUrl) }, el('p', {}, ...highlighted(quote, terms))),
    el(
      'footer',
      { class: 'claim-meta' },
      el(
        'p',
        { class: 'meta-line' },
        el('span', { class: 'publisher' }, article.publisher || 'Unknown publisher'),
        el('span', { class: 'sep', 'aria-hidden': 'true' }, '·'),
        timeEl(article.published, { class: 'published' }),
        vendors.length > 0 && [
          el('span', { class: 'sep', 'aria-hidden': 'true' }, '·'),
          el('span', { class: 'credited' }, el('span', { class: 'muted' }, 'Reported by: '), vendors.join(', ')),
        ],
      ),
      el(
        'p',
        { class: 'link-line' },
        article.id
          ? el('a', { href: articlePath(article.id), class: 'article-link' }, article.title || 'Untitled article')
          : el('span', { class: 'article-link' }, article.title || 'Untitled article'),
        citeTarget,
        externalLink(
          sourceUrl,
          { class: 'source-link', 'aria-label': `Source: ${article.title || sourceUrl} (opens in a new tab)` },
          'Source',
          el('span', { class: 'ext', 'aria-hidden': 'true' }, ' ↗'),
        ),
      ),
    ),
  );
}

/* ------------------------------------------------------------------------------------------------------------------ */
