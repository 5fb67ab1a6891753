// @ts-check
/** The search box's autocompletion: a WAI-ARIA combobox with a listbox popup of matching actors. */
import { getSuggestions } from './api.js';
import { byId, el } from './dom.js';
import { navigate } from './router.js';
import { emptyState, searchUrl } from './search-state.js';
import { learnName, store } from './store.js';

const SUGGEST_DELAY_MS = 150;
const suggest = store.suggest;

function suggestionsOpen() {
  return !byId('suggestions').hidden;
}

export function closeSuggestions() {
  const list = byId('suggestions');
  const input = byId('search-input');
  if (!list || !input) return;
  clearTimeout(suggest.timer);
  suggest.controller?.abort();
  list.hidden = true;
  list.replaceChildren();
  suggest.items = [];
  suggest.active = -1;
  input.setAttribute('aria-expanded', 'false');
  input.removeAttribute('aria-activedescendant');
}

/** @param {number} index */
function setActiveSuggestion(index) {
  const list = byId('suggestions');
  const input = byId('search-input');
  suggest.active = index;
  for (const [i, li] of [...list.children].entries()) {
    const on = i === index;
    li.setAttribute('aria-selected', on ? 'true' : 'false');
    li.classList.toggle('is-active', on);
    if (on) {
      input.setAttribute('aria-activedescendant', li.id);
      li.scrollIntoView({ block: 'nearest' });
    }
  }
  if (index < 0) input.removeAttribute('aria-activedescendant');
}

/** @param {string} typed @param {import('./store.js').Suggestion[]} actors */
function renderSuggestions(typed, actors) {
  const list = byId('suggestions');
  const input = byId('search-input');
  suggest.items = actors;
  suggest.active = -1;
  if (actors.length === 0) {
    closeSuggestions();
    return;
  }
  const lower = typed.toLowerCase();
  list.replaceChildren(
    ...actors.map((a, i) => {
      const matched = a.matched || a.name;
      const matchNode = matched.toLowerCase().startsWith(lower)
        ? [el('mark', {}, matched.slice(0, typed.length)), matched.slice(typed.length)]
        : [matched];
      const isCanonical = matched === a.name;
      return el(
        'li',
        {
          id: `suggestion-${i}`,
          role: 'option',
          class: 'suggestion',
          'aria-selected': 'false',
          on: {
            mousedown: (/** @type {Event} */ e) => e.preventDefault(),
            click: () => pickSuggestion(i),
            mousemove: () => suggest.active !== i && setActiveSuggestion(i),
          },
        },
        el('span', { class: 'sugg-alias' }, ...matchNode),
        isCanonical
          ? el('span', { class: 'sugg-note' }, 'canonical name')
          : [
              el('span', { class: 'sugg-arrow', 'aria-hidden': 'true' }, ' → '),
              el('span', { class: 'sugg-name' }, a.name),
            ],
        el('span', { class: 'visually-hidden' }, isCanonical ? '' : `, alias of ${a.name}`),
      );
    }),
  );
  list.hidden = false;
  input.setAttribute('aria-expanded', 'true');
}

/** @param {string} typed */
async function fetchSuggestions(typed) {
  suggest.controller?.abort();
  const controller = new AbortController();
  suggest.controller = controller;
  try {
    const body = await getSuggestions(typed, 8, controller.signal);
    if (controller.signal.aborted || byId('search-input').value.trim() !== typed) return;
    for (const a of body?.actors ?? []) learnName('actor', a.id, a.name);
    renderSuggestions(typed, body?.actors ?? []);
  } catch (error) {
    if (error?.name !== 'AbortError') closeSuggestions();
  }
}

/** @param {number} index */
function pickSuggestion(index) {
  const actor = suggest.items[index];
  if (!actor) return;
  const input = byId('search-input');
  input.value = actor.name;
  closeSuggestions();
  // The actor's id is exact; an alias could name several actors.
  navigate(searchUrl({ ...emptyState(), entity: actor.id }), { keepFocus: true });
}

export function setupSearchBox() {
  const input = byId('search-input');
  const form = byId('search-form');

  input.addEventListener('input', () => {
    clearTimeout(suggest.timer);
    const typed = input.value.trim();
    if (!typed) {
      closeSuggestions();
      return;
    }
    suggest.timer = setTimeout(() => fetchSuggestions(typed), SUGGEST_DELAY_MS);
  });

  input.addEventListener('keydown', (e) => {
    const open = suggestionsOpen();
    const n = suggest.items.length;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (open) setActiveSuggestion((suggest.active + 1) % n);
      else if (input.value.trim()) fetchSuggestions(input.value.trim());
    } else if (e.key === 'ArrowUp') {
      if (!open) return;
      e.preventDefault();
      setActiveSuggestion(suggest.active <= 0 ? n - 1 : suggest.active - 1);
    } else if (e.key === 'Enter') {
      if (open && suggest.active >= 0) {
        e.preventDefault();
        pickSuggestion(suggest.active);
      }
    } else if (e.key === 'Escape') {
      if (open) {
        e.preventDefault();
        closeSuggestions();
      }
    } else if (e.key === 'Tab') {
      closeSuggestions();
    }
  });

  input.addEventListener('blur', () => setTimeout(closeSuggestions, 100));

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    closeSuggestions();
    const entity = input.value.trim();
    navigate(searchUrl({ ...emptyState(), entity, all: !entity }), { keepFocus: true });
  });
}
