// @ts-check
/** Charts: inline SVG, sized by viewBox, coloured by CSS classes; and the data table each chart can show. */
import { el, svg } from './dom.js';
import { formatDate, MONTHS, plural } from './format.js';
import { store } from './store.js';

/** @typedef {{ key: string, count: number }} MonthCount */
/** @typedef {{ id: string, name: string, count: number }} BarRow */

/** @param {MonthCount[]} months */
function monthRange(months) {
  const keys = months.map((m) => m.key).filter((k) => /^\d{4}-\d{2}$/.test(k));
  if (keys.length === 0) return [];
  keys.sort();
  const counts = new Map(months.map((m) => [m.key, m.count]));
  const [y0 = 0, m0 = 1] = String(keys[0]).split('-').map(Number);
  const [y1 = 0, m1 = 1] = String(keys[keys.length - 1])
    .split('-')
    .map(Number);
  /** @type {{ key: string, count: number, year: number, month: number }[]} */
  const out = [];
  let y = y0;
  let m = m0;
  while (y < y1 || (y === y1 && m <= m1)) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    out.push({ key, count: counts.get(key) ?? 0, year: y, month: m });
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/** @param {number} n */
function niceMax(n) {
  if (n <= 1) return 1;
  if (n <= 10) return n % 2 === 0 ? n : n + 1;
  const p = 10 ** Math.floor(Math.log10(n));
  for (const f of [1, 2, 2.5, 5, 10]) if (f * p >= n) return f * p;
  return n;
}

/** Charts are drawn at their container's pixel width (redrawn when it changes), so text never scales down. */
/** @param {(width: number) => SVGElement} draw */
function responsiveChart(draw) {
  const holder = el('div', { class: 'chart-holder' });
  let drawnAt = 0;
  const render = (width) => {
    if (width <= 0 || Math.abs(width - drawnAt) < 2) return;
    drawnAt = width;
    holder.replaceChildren(draw(width));
  };
  render(720);
  if (typeof ResizeObserver === 'function') {
    const observer = new ResizeObserver((entries) => {
      for (const entry of entries) render(Math.floor(entry.contentRect.width));
    });
    observer.observe(holder);
    store.chartObservers.push(observer);
  }
  return holder;
}

export function disconnectCharts() {
  for (const o of store.chartObservers) o.disconnect();
  store.chartObservers = [];
}

const chartId = () => `chart-${Math.random().toString(36).slice(2, 9)}`;

/** Vertical bars, one per month from the first to the last month with reporting (empty months included). */
/** @param {MonthCount[]} months @param {{ title?: string, hrefFor?: (key: string) => string }} [options] */
export function timelineChart(months, { title, hrefFor } = {}) {
  const series = monthRange(months);
  if (series.length === 0) return el('p', { class: 'muted' }, 'No dated reporting yet.');
  return responsiveChart((width) => drawTimeline(series, width, { title, hrefFor }));
}

/** @param {ReturnType<typeof monthRange>} series @param {number} W @param {{ title?: string | undefined, hrefFor?: ((key: string) => string) | undefined }} options */
function drawTimeline(series, W, { title, hrefFor }) {
  const H = 200;
  const pad = { top: 14, right: 8, bottom: 28, left: 34 };
  const plotW = W - pad.left - pad.right;
  const plotH = H - pad.top - pad.bottom;
  const max = niceMax(Math.max(...series.map((s) => s.count)));
  const step = plotW / series.length;
  const barW = Math.max(1.5, Math.min(28, step * 0.72));
  const y = (/** @type {number} */ v) => pad.top + plotH - (v / max) * plotH;
  const total = series.reduce((s, m) => s + m.count, 0);
  const mid = max / 2;

  const grid = (Number.isInteger(mid) ? [0, mid, max] : [0, max]).map((v) =>
    svg(
      'g',
      { class: 'gridline' },
      svg('line', { x1: pad.left, x2: W - pad.right, y1: y(v), y2: y(v) }),
      svg('text', { x: pad.left - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'axis-label' }, String(v)),
    ),
  );
  // Month labels when they fit, else years (every k-th year when even those crowd).
  /** @type {[number, string][]} */
  const labels = [];
  const first = /** @type {(typeof series)[number]} */ (series[0]);
  if (series.length <= 24) {
    const every = Math.max(1, Math.ceil(52 / step));
    for (const [i, s] of series.entries()) {
      if (i % every !== 0) continue;
      labels.push([i, MONTHS[s.month - 1] + (i === 0 || s.month <= every ? ` ${s.year}` : '')]);
    }
  } else {
    const every = Math.max(1, Math.ceil(40 / (step * 12)));
    for (const [i, s] of series.entries()) {
      if (s.month === 1 && (s.year - first.year) % every === 0) labels.push([i, String(s.year)]);
    }
    if (first.month !== 1 && (labels[0]?.[0] ?? series.length) * step > 44) labels.unshift([0, String(first.year)]);
  }
  const ticks = labels.map(([i, text]) => {
    const x = pad.left + i * step + step / 2;
    return svg(
      'g',
      { class: 'tick' },
      svg('line', { x1: x, x2: x, y1: pad.top + plotH, y2: pad.top + plotH + 4 }),
      svg('text', { x, y: H - 8, 'text-anchor': i === 0 ? 'start' : 'middle', class: 'axis-label' }, text),
    );
  });
  const bars = series
    .map((s, i) => {
      if (s.count === 0) return null;
      const x = pad.left + i * step + (step - barW) / 2;
      const label = `${formatDate(s.key)}: ${plural(s.count, 'claim')}`;
      const rect = svg(
        'rect',
        {
          class: 'bar',
          x: x.toFixed(2),
          y: y(s.count).toFixed(2),
          width: barW.toFixed(2),
          height: (pad.top + plotH - y(s.count)).toFixed(2),
          rx: Math.min(2, barW / 3),
          'data-month': s.key,
        },
        svg('title', {}, label),
      );
      const href = hrefFor?.(s.key);
      return href ? svg('a', { href, class: 'bar-link', 'aria-label': label }, rect) : rect;
    })
    .filter(Boolean);
  const id = chartId();
  return svg(
    'svg',
    {
      class: 'chart chart-timeline',
      width: W,
      height: H,
      viewBox: `0 0 ${W} ${H}`,
      role: hrefFor ? 'group' : 'img',
      'aria-labelledby': `${id}-t ${id}-d`,
    },
    svg('title', { id: `${id}-t` }, title ?? 'Reporting per month'),
    svg(
      'desc',
      { id: `${id}-d` },
      `${plural(total, 'claim')} from ${formatDate(first.key)} to ${formatDate(series[series.length - 1]?.key)}`,
    ),
    grid,
    svg('line', { class: 'axis', x1: pad.left, x2: W - pad.right, y1: pad.top + plotH, y2: pad.top + plotH }),
    ticks,
    svg('g', { class: 'bars' }, bars),
  );
}

/** Horizontal bars with a label and a count per row; rows link where `hrefFor` gives an address. */
/** @param {BarRow[]} items @param {{ title?: string, hrefFor?: (row: BarRow) => string, limit?: number }} [options] */
export function barChart(items, { title, hrefFor, limit = 12 } = {}) {
  const rows = items.slice(0, limit);
  if (rows.length === 0) return el('p', { class: 'muted' }, 'None reported yet.');
  return responsiveChart((width) => drawBars(rows, width, { title, hrefFor }));
}

/** @param {BarRow[]} rows @param {number} W @param {{ title?: string | undefined, hrefFor?: ((row: BarRow) => string) | undefined }} options */
function drawBars(rows, W, { title, hrefFor }) {
  const rowH = 26;
  const labelW = Math.round(Math.min(160, Math.max(96, W * 0.34)));
  const countW = 40;
  const H = rows.length * rowH + 4;
  const plotW = Math.max(40, W - labelW - countW);
  const max = Math.max(1, ...rows.map((r) => r.count));
  const maxChars = Math.floor((labelW - 12) / 7.8);
  const body = rows.map((r, i) => {
    const y = i * rowH + 2;
    const w = Math.max(2, (r.count / max) * plotW);
    const label = r.name.length > maxChars ? `${r.name.slice(0, maxChars - 1)}…` : r.name;
    const row = svg(
      'g',
      { class: 'hbar-row', 'data-id': r.id },
      svg('title', {}, `${r.name}: ${plural(r.count, 'claim')}`),
      svg('rect', { class: 'hbar-track', x: labelW, y: y + 4, width: plotW.toFixed(2), height: rowH - 8, rx: 3 }),
      svg('rect', { class: 'hbar', x: labelW, y: y + 4, width: w.toFixed(2), height: rowH - 8, rx: 3 }),
      svg('text', { class: 'hbar-label', x: labelW - 8, y: y + rowH / 2 + 4, 'text-anchor': 'end' }, label),
      svg('text', { class: 'hbar-count', x: labelW + w + 6, y: y + rowH / 2 + 4 }, String(r.count)),
    );
    const href = hrefFor?.(r);
    return href
      ? svg('a', { href, class: 'hbar-link', 'aria-label': `${r.name}: ${plural(r.count, 'claim')}` }, row)
      : row;
  });
  const id = chartId();
  return svg(
    'svg',
    {
      class: 'chart chart-bars',
      width: W,
      height: H,
      viewBox: `0 0 ${W} ${H}`,
      role: hrefFor ? 'group' : 'img',
      'aria-labelledby': `${id}-t ${id}-d`,
    },
    svg('title', { id: `${id}-t` }, title ?? 'Counts'),
    svg('desc', { id: `${id}-d` }, rows.map((r) => `${r.name}: ${r.count}`).join('; ')),
    body,
  );
}

/** @param {string} caption @param {string[]} headers @param {string[][]} rows */
export function dataTable(caption, headers, rows) {
  return el(
    'details',
    { class: 'data-table' },
    el('summary', {}, 'Data table'),
    el(
      'table',
      {},
      el('caption', { class: 'visually-hidden' }, caption),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          headers.map((h) => el('th', { scope: 'col' }, h)),
        ),
      ),
      el(
        'tbody',
        {},
        rows.map((r) =>
          el(
            'tr',
            {},
            r.map((c) => el('td', {}, c)),
          ),
        ),
      ),
    ),
  );
}

/* ------------------------------------------------------------------------------------------------------------------ */
