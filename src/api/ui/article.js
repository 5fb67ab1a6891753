// @ts-check
/** The article page: the stored text with entity spans marked by kind, a legend, its claims and its entities. */
import { getArticle } from './api.js';
import { claimCard } from './claims.js';
import { actorPath, articlePath, byId, displayed, el, externalLink } from './dom.js';
import { KIND_LABELS, nameOf, plural, SPAN_KINDS, timeEl } from './format.js';
import { focusHeading, loadingView, replaceView } from './router.js';
import { emptyState, searchUrl } from './search-state.js';
import { learnFromClaims, learnName, store } from './store.js';

/** Non-overlapping ranges, earliest first, longest first at a tie; ranges outside the text are dropped. */
function nonOverlapping(ranges, length) {
  const sorted = ranges
    .filter(
      (r) => Number.isInteger(r.start) && Number.isInteger(r.end) && r.start >= 0 && r.end <= length && r.end > r.start,
    )
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const out = [];
  let at = 0;
  for (const r of sorted) {
    if (r.start < at) continue;
    out.push(r);
    at = r.end;
  }
  return out;
}

/**
 * The article text as paragraphs, entity spans as <mark class="ent ent-KIND">, cited sentences wrapped in
 * <span class="cited"> so a claim can point at its sentence. Offsets are UTF-16 code units, like JavaScript strings.
 */
function articleBody(stored, spans, citations) {
  // Bidi controls out first; one unit for one, so the spans' offsets still point at the same characters.
  const text = displayed(stored);
  const marks = nonOverlapping(
    spans.filter((s) => SPAN_KINDS.includes(s.kind)),
    text.length,
  );
  const cites = nonOverlapping(citations, text.length);
  const fill = (parent, a, b) => {
    let at = a;
    for (const s of marks) {
      if (s.end <= a || s.start >= b) continue;
      if (s.start < a || s.end > b) continue; // straddles a boundary: left as plain text
      if (s.start > at) parent.append(text.slice(at, s.start));
      parent.append(
        el(
          'mark',
          {
            class: `ent ent-${s.kind}`,
            'data-kind': s.kind,
            title: `${KIND_LABELS[s.kind]}${s.id ? `: ${s.id}` : ''}`,
          },
          text.slice(s.start, s.end),
        ),
      );
      at = s.end;
    }
    if (at < b) parent.append(text.slice(at, b));
  };
  const body = el('div', { class: 'article-text', id: 'article-text' });
  const lines = /[^\n]+/g;
  for (const m of text.matchAll(lines)) {
    const ps = m.index;
    const pe = ps + m[0].length;
    if (!m[0].trim()) continue;
    const p = el('p');
    let at = ps;
    for (const c of cites) {
      if (c.end <= ps || c.start >= pe) continue;
      const cs = Math.max(c.start, ps);
      const ce = Math.min(c.end, pe);
      fill(p, at, cs);
      const wrap = el('span', { class: 'cited', id: c.anchor });
      fill(wrap, cs, ce);
      p.append(wrap);
      at = ce;
    }
    fill(p, at, pe);
    body.append(p);
  }
  return { body, counts: countKinds(marks) };
}

function countKinds(marks) {
  const counts = Object.fromEntries(SPAN_KINDS.map((k) => [k, 0]));
  for (const m of marks) counts[m.kind] += 1;
  return counts;
}

function entitySummary(spans, claims) {
  const groups = new Map();
  for (const s of spans) {
    if (!SPAN_KINDS.includes(s.kind)) continue;
    const key = s.id ?? s.text.toLowerCase();
    if (!groups.has(s.kind)) groups.set(s.kind, new Map());
    const g = groups.get(s.kind);
    const entry = g.get(key) ?? { id: s.id, texts: new Map(), count: 0 };
    entry.count += 1;
    entry.texts.set(s.text, (entry.texts.get(s.text) ?? 0) + 1);
    g.set(key, entry);
  }
  for (const c of claims) learnName('actor', c.subject?.id, c.subject?.name);
  const label = (kind, e) => {
    const common = [...e.texts].sort((x, y) => y[1] - x[1])[0]?.[0] ?? e.id;
    if (kind === 'date' || kind === 'percentage') return common;
    if (!e.id) return common;
    return (
      store.names[/** @type {import('./store.js').NamedKind} */ (kind)]?.get(e.id) ??
      (kind === 'country' ? nameOf('country', e.id) : common)
    );
  };
  const href = (kind, e) => {
    if (!e.id) return null;
    if (kind === 'actor') return actorPath(e.id);
    if (kind === 'sector' || kind === 'country' || kind === 'vendor')
      return searchUrl({ ...emptyState(), entity: e.id });
    return null;
  };
  return SPAN_KINDS.filter((k) => groups.has(k)).map((kind) => {
    const entries = [...groups.get(kind).values()].sort((x, y) => y.count - x.count);
    return el(
      'div',
      { class: 'entity-group' },
      el('h3', {}, el('span', { class: `swatch swatch-${kind}`, 'aria-hidden': 'true' }), KIND_LABELS[kind]),
      el(
        'ul',
        { class: 'entity-list' },
        entries.map((e) => {
          const h = href(kind, e);
          const name = label(kind, e);
          return el(
            'li',
            {},
            h ? el('a', { href: h }, name) : el('span', {}, name),
            el('span', { class: 'entity-count', title: `${plural(e.count, 'mention')}` }, `×${e.count}`),
          );
        }),
      ),
    );
  });
}

/** @param {string} id @param {AbortSignal} signal */
export async function showArticle(id, signal) {
  loadingView('article', 'Loading article…');
  const a = await getArticle(id, signal);
  if (signal.aborted) return;
  learnFromClaims(a.claims);
  // Vendor names as the article wrote them, where no catalog name has been seen yet.
  for (const sp of a.spans ?? []) {
    if (sp.kind === 'vendor' && sp.id && !store.names.vendor.has(sp.id)) learnName('vendor', sp.id, sp.text);
  }
  byId('search-input').value = '';
  const text = typeof a.text === 'string' ? a.text : '';
  const claims = a.claims ?? [];
  // One anchor per distinct cited sentence; claims citing it point there.
  const anchors = new Map();
  const citations = [];
  for (const c of claims) {
    const key = `${c.citation?.start}:${c.citation?.end}`;
    if (anchors.has(key) || !c.citation) continue;
    const anchor = `cite-${anchors.size + 1}`;
    anchors.set(key, anchor);
    citations.push({ start: c.citation.start, end: c.citation.end, anchor });
  }
  const { body, counts } = articleBody(text, a.spans ?? [], citations);
  const rendered = new Set([...body.querySelectorAll('.cited')].map((n) => n.id));
  const legend = el(
    'fieldset',
    { class: 'legend' },
    el('legend', {}, 'Highlighted entities'),
    SPAN_KINDS.map((kind) => {
      const box = el('input', { type: 'checkbox', checked: true, id: `legend-${kind}`, 'data-kind': kind });
      box.addEventListener('change', () => body.classList.toggle(`hide-${kind}`, !box.checked));
      return el(
        'label',
        { class: ['legend-item', `legend-${kind}`, counts[kind] === 0 && 'is-empty'], for: `legend-${kind}` },
        box,
        el('span', { class: `swatch swatch-${kind}`, 'aria-hidden': 'true' }),
        KIND_LABELS[kind],
        el('span', { class: 'legend-count' }, String(counts[kind])),
      );
    }),
  );
  const showInText = (c) => {
    const anchor = anchors.get(`${c.citation?.start}:${c.citation?.end}`);
    if (!anchor || !rendered.has(anchor)) return null;
    const b = el('button', { type: 'button', class: 'linklike show-in-text' }, 'Show in text');
    b.addEventListener('click', () => {
      const target = byId(anchor);
      if (!target) return;
      for (const n of body.querySelectorAll('.cited.is-flashing')) n.classList.remove('is-flashing');
      target.classList.add('is-flashing');
      target.setAttribute('tabindex', '-1');
      target.scrollIntoView({
        block: 'center',
        behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth',
      });
      target.focus({ preventScroll: true });
    });
    return b;
  };

  replaceView(
    'article',
    el(
      'div',
      { class: 'article-layout' },
      el(
        'article',
        { class: 'article-main' },
        el(
          'header',
          { class: 'page-head' },
          el('span', { class: 'kicker' }, a.publisher || 'Unknown publisher'),
          el('h1', { class: 'article-title' }, a.title || 'Untitled article'),
          el(
            'p',
            { class: 'meta-line' },
            timeEl(a.published),
            el('span', { class: 'sep', 'aria-hidden': 'true' }, '·'),
            el('span', {}, plural(claims.length, 'claim')),
            el('span', { class: 'sep', 'aria-hidden': 'true' }, '·'),
            externalLink(
              a.url,
              { class: 'source-link' },
              'Read at source',
              el('span', { 'aria-hidden': 'true' }, ' ↗'),
            ),
          ),
          a.duplicateOf &&
            el(
              'p',
              { class: 'notice' },
              'This page is a syndicated copy; its claims are credited to ',
              el('a', { href: articlePath(a.duplicateOf) }, 'the original article'),
              '.',
            ),
        ),
        legend,
        text ? body : el('p', { class: 'muted' }, 'No text was extracted from this page.'),
        el(
          'section',
          { class: 'article-claims', 'aria-labelledby': 'article-claims-title' },
          el('h2', { id: 'article-claims-title' }, `Claims from this article (${claims.length})`),
          el(
            'div',
            { class: 'cards' },
            claims.length > 0
              ? claims.map((c) => claimCard(c, { citeTarget: showInText(c) }))
              : el('p', { class: 'muted' }, 'No claims were extracted from this article.'),
          ),
        ),
      ),
      el(
        'aside',
        { class: 'article-aside', 'aria-labelledby': 'entities-title' },
        el('h2', { id: 'entities-title' }, 'Entities in this article'),
        entitySummary(a.spans ?? [], claims),
      ),
    ),
  );
  document.title = displayed(`${a.title || 'Article'} — claimwire`);
  focusHeading();
}
