import { api, h, clear, showProblem, bindFilters, fmtDate, badge, statusKind, writeQuery } from './api.js';
import { layout } from './layout.js';
import { pagerNav, currentPage } from './pager.js';

await layout('cases');
const list = document.getElementById('list');
const counts = document.getElementById('counts');
const messages = document.getElementById('messages');
const filters = document.getElementById('filters');
const PHASES = ['ELIGIBILITY', 'DOCUMENT_REVIEW', 'TESTING', 'DECISION', 'RECOGNITION', 'REGISTRY', 'MAINTENANCE', 'CLOSED'];

function query(f, extra = {}) {
  const q = new URLSearchParams();
  Object.entries({ ...f, ...extra }).forEach(([k, v]) => { if (v) q.set(k, v); });
  return q;
}

async function phaseCounts(f) {
  // one small query per phase with the other filters kept: how many cases each phase holds
  const totals = await Promise.all(PHASES.map((p) => api(`/api/operations/cases?${query(f, { phase: p, size: 1 })}`).then((r) => r.total).catch(() => null)));
  clear(counts, h('h2', { class: 'sr-only' }, 'Counts per phase'), h('ul', { class: 'counts', 'aria-label': 'Cases per phase' }, PHASES.map((p, i) =>
    h('li', {}, h('a', { href: `?${query(f, { phase: p })}`, 'aria-current': f.phase === p ? 'true' : null,
      onclick: (e) => { e.preventDefault(); filters.phase.value = p; filters.dispatchEvent(new Event('change')); } }, `${p.replace('_', ' ').toLowerCase()}: ${totals[i] ?? '?'}`)))));
}

async function load(f) {
  try {
    const size = 50;
    const page = currentPage();
    const r = await api(`/api/operations/cases?${query(f, { size, page: page - 1 })}`);
    const pages = Math.max(1, Math.ceil(r.total / size));
    clear(messages);
    clear(list, h('div', { class: 'table-wrap' }, h('table', {},
      h('caption', {}, `${r.total} case${r.total === 1 ? '' : 's'} match`),
      h('thead', {}, h('tr', {}, ['Case', 'Applicant', 'Service', 'Category', 'Phase', 'Status', 'Markets', 'Updated'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, r.items.length ? r.items.map((c) => h('tr', {},
        h('td', {}, h('a', { href: `/console/case.html?id=${encodeURIComponent(c.caseId)}` }, c.caseId)),
        h('td', {}, c.organisation), h('td', {}, c.productName), h('td', {}, c.category), h('td', {}, c.phase),
        h('td', {}, badge(c.status, statusKind(c.status))), h('td', {}, c.targetMarkets.join(', ')), h('td', {}, fmtDate(c.updatedAt))))
        : h('tr', {}, h('td', { colspan: 8 }, 'No case matches.'))))),
      pagerNav({ page, pages, total: r.total, from: r.total ? (page - 1) * size + 1 : 0, to: Math.min(page * size, r.total) },
        () => load(f), 'Cases'));
    phaseCounts(f);
  } catch (e) { showProblem(messages, e); }
}

load(bindFilters(filters, load));
