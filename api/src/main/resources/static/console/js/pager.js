// Paging and filtering of a list the page already holds, with the page number and the filter in
// the query string (?q=…&page=…) so a reload, the back button or a shared link shows the same page.
import { h, readQuery, writeQuery } from './api.js';
import { t } from './i18n.js';

export const PAGE_SIZE = 25;

/** Items whose text (the fields `text(item)` returns) contains every word of the filter. */
export function filterItems(items, filter, text) {
  const words = (filter || '').toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return items;
  return items.filter((item) => {
    const hay = text(item).filter((v) => v !== null && v !== undefined).join(' ').toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

/** The slice of `items` on page `page` (1-based, clamped) and the paging facts. */
export function pageOf(items, page, size = PAGE_SIZE) {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const current = Math.min(Math.max(1, Number.parseInt(page, 10) || 1), pages);
  return { items: items.slice((current - 1) * size, current * size), page: current, pages, total: items.length,
    from: items.length ? (current - 1) * size + 1 : 0, to: Math.min(current * size, items.length) };
}

/**
 * A list with a filter box and previous/next, drawn into `target` by `draw(pageItems, facts)`.
 * `key` prefixes the query parameters, so one page can hold several lists.
 */
export function pagedList(target, { key = '', label, text, draw, size = PAGE_SIZE }) {
  const qName = `${key}q`;
  const pName = `${key}page`;
  let all = [];
  const state = { q: readQuery()[qName] || '', page: readQuery()[pName] || '1' };
  const input = h('input', { type: 'search', id: `${key}filter`, value: state.q, 'data-testid': `${key}filter` });
  const body = h('div', {});
  const nav = h('nav', { class: 'pager', 'aria-label': t('pager.pages', { label }) });
  const write = () => {
    const q = readQuery();
    q[qName] = state.q; q[pName] = state.page === '1' || state.page === 1 ? '' : String(state.page);
    writeQuery(q);
  };
  const render = () => {
    const shown = pageOf(filterItems(all, state.q, text), state.page, size);
    state.page = shown.page;
    body.replaceChildren(draw(shown.items, shown));
    // nothing to page through: no pager, unless the filter is what left nothing (then it says so)
    nav.hidden = !shown.total && !state.q;
    const go = (p) => { state.page = p; write(); render(); };
    nav.replaceChildren(
      h('button', { type: 'button', class: 'secondary', disabled: shown.page <= 1, 'data-testid': `${key}prev`, onclick: () => go(shown.page - 1) }, t('pager.previous')),
      // the filter left nothing of the list: the pager is what says so, in words
      h('span', { 'data-testid': `${key}page-info` }, shown.total ? t('pager.info', shown) : t('pager.noMatch')),
      h('button', { type: 'button', class: 'secondary', disabled: shown.page >= shown.pages, 'data-testid': `${key}next`, onclick: () => go(shown.page + 1) }, t('pager.next')));
  };
  input.addEventListener('input', () => { state.q = input.value.trim(); state.page = 1; write(); render(); });
  target.replaceChildren(
    h('div', { class: 'field filter' }, h('label', { for: `${key}filter` }, t('pager.filter', { label: label.toLowerCase() })), input),
    body, nav);
  return { set(items) { all = items; render(); } };
}

/**
 * Previous / next for a list paged elsewhere (by the server, or by pageOf), with the page number
 * in the query string: `go(page)` redraws. Nothing (null) for an empty list, which the page says is empty. `key` prefixes the parameter and the test ids, so one
 * page can hold several such lists.
 */
export function pagerNav({ page, pages, from, to, total }, go, label = '', key = '') {
  // an empty list says so itself ("No cases match."): no pager with nothing to page beside it
  if (!total) return null;
  const turn = (p) => { const q = readQuery(); q[`${key}page`] = p > 1 ? String(p) : ''; writeQuery(q); go(p); };
  return h('nav', { class: 'pager', 'aria-label': t('pager.pages', { label }) },
    h('button', { type: 'button', class: 'secondary', disabled: page <= 1, 'data-testid': `${key}prev`, onclick: () => turn(page - 1) }, t('pager.previous')),
    h('span', { 'data-testid': `${key}page-info` }, t('pager.info', { from, to, total, page, pages })),
    h('button', { type: 'button', class: 'secondary', disabled: page >= pages, 'data-testid': `${key}next`, onclick: () => turn(page + 1) }, t('pager.next')));
}

/** The paging facts of one server page ({items, total, page from 0, size}), pages counted from 1. */
export function serverPage({ total, page, size }) {
  const current = page + 1;
  return { page: current, pages: Math.max(1, Math.ceil(total / size)), total,
    from: total ? page * size + 1 : 0, to: Math.min(current * size, total) };
}

/** The page the query string asks for (1 when none). */
export function currentPage(key = '') {
  return Math.max(1, Number.parseInt(readQuery()[`${key}page`], 10) || 1);
}
