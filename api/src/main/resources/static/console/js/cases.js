import { api, h, clear, showProblem, bindFilters, fmtDate, statusBadge, tableHead } from './api.js';
import { t, code, codes, codesByName } from './i18n.js';
import { layout } from './layout.js';
import { pagerNav, currentPage } from './pager.js';

await layout('cases');
const list = document.getElementById('list');
const counts = document.getElementById('counts');
const messages = document.getElementById('messages');
const filters = document.getElementById('filters');
// the order of the applicant's progress stepper (my-cases.js), then the closed cases
const PHASES = ['ELIGIBILITY', 'DOCUMENT_REVIEW', 'TESTING', 'DECISION', 'REGISTRY', 'RECOGNITION', 'MAINTENANCE', 'CLOSED'];
// markets by name from the catalog that names them everywhere (a typed code was all the filter took),
// filled before bindFilters so that a market in the query string is chosen again
const marketSelect = document.getElementById('f-market');
codesByName('market').forEach(([m, name]) => marketSelect.append(h('option', { value: m }, name)));

function query(f, extra = {}) {
  const q = new URLSearchParams();
  Object.entries({ ...f, ...extra }).forEach(([k, v]) => { if (v) q.set(k, v); });
  return q;
}

async function phaseCounts(f) {
  // one small query per phase with the other filters kept: how many cases each phase holds
  const totals = await Promise.all(PHASES.map((p) => api(`/api/operations/cases?${query(f, { phase: p, size: 1 })}`).then((r) => r.total).catch(() => null)));
  clear(counts, h('h2', { class: 'sr-only' }, t('cases.countsHeading')), h('ul', { class: 'counts', 'aria-label': t('cases.countsLabel') }, PHASES.map((p, i) =>
    h('li', {}, h('a', { href: `?${query(f, { phase: p })}`, 'aria-current': f.phase === p ? 'true' : null,
      onclick: (e) => { e.preventDefault(); filters.phase.value = p; filters.dispatchEvent(new Event('change')); } }, t('cases.phaseCount', { phase: code('phase', p), n: totals[i] ?? '?' }))))));
}

async function load(f) {
  try {
    const size = 50;
    const page = currentPage();
    const r = await api(`/api/operations/cases?${query(f, { size, page: page - 1 })}`);
    const pages = Math.max(1, Math.ceil(r.total / size));
    clear(messages);
    clear(list, h('div', { class: 'table-wrap' }, h('table', {},
      h('caption', {}, t('cases.caption', { n: r.total })),
      tableHead('common.case', 'common.applicant', 'common.service', 'common.category', 'common.phase', 'common.status', 'common.markets', 'common.updated'),
      h('tbody', {}, r.items.length ? r.items.map((c) => h('tr', {},
        h('td', { class: 'nowrap' }, h('a', { href: `/console/case.html?id=${encodeURIComponent(c.caseId)}` }, c.caseId)),
        h('td', {}, c.organisation), h('td', {}, c.productName), h('td', {}, code('category', c.category)), h('td', {}, code('phase', c.phase)),
        h('td', {}, statusBadge(c.status)), h('td', {}, codes('market', c.targetMarkets)), h('td', { class: 'nowrap' }, fmtDate(c.updatedAt))))
        : h('tr', {}, h('td', { colspan: 8 }, t('cases.none')))))),
      pagerNav({ page, pages, total: r.total, from: r.total ? (page - 1) * size + 1 : 0, to: Math.min(page * size, r.total) },
        () => load(f), t('pager.cases')));
    phaseCounts(f);
  } catch (e) { showProblem(messages, e); }
}

load(bindFilters(filters, load));

// the audit chain check the API has (GET /api/operations/audit/verification), one click away for an operator
document.getElementById('verify-chain').addEventListener('click', async (e) => {
  const box = document.getElementById('chain');
  e.target.disabled = true;
  try {
    const r = await api('/api/operations/audit/verification');
    clear(box, r.intact
      ? h('p', { class: 'alert ok', role: 'status', 'data-intact': 'true' }, t('cases.chain.intact', { n: r.entriesChecked }))
      : h('div', { class: 'alert', role: 'alert', 'data-intact': 'false' }, h('strong', {}, t('cases.chain.broken', { n: r.entriesChecked })),
        h('ul', {}, r.problems.map((p) => h('li', {}, `${code('chainProblem', p.kind)} · #${p.seq}`, h('div', { class: 'muted', 'data-raw': '' }, p.detail))))));
  } catch (err) { showProblem(box, err); } finally { e.target.disabled = false; }
});
