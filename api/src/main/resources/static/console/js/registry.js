import { api, h, clear, showProblem, bindFilters, fmtDay, badge, statusKind } from './api.js';
import { layout } from './layout.js';

await layout('registry', { needsLogin: false });
const results = document.getElementById('results');
const messages = document.getElementById('messages');

async function search(values) {
  const q = new URLSearchParams();
  Object.entries(values).forEach(([k, v]) => v && q.set(k, v));
  try {
    const r = await api(`/api/public/registry?${q}`, { allowAnonymous: true });
    clear(messages);
    const rows = r.items.map((l) => h('tr', {},
      h('td', {}, l.provider), h('td', {}, l.serviceName), h('td', {}, l.category),
      h('td', {}, h('a', { href: `/console/verify.html?number=${encodeURIComponent(l.certificateNumber)}` }, l.certificateNumber)),
      h('td', {}, badge(l.status, statusKind(l.status))),
      h('td', {}, `${fmtDay(l.validFrom)} – ${fmtDay(l.validUntil)}`),
      h('td', {}, (l.marketsRecognised || []).join(', ') || '—')));
    clear(results, h('div', { class: 'table-wrap' }, h('table', {},
      h('caption', {}, `${r.total} listed service${r.total === 1 ? '' : 's'}`),
      h('thead', {}, h('tr', {}, ['Provider', 'Service', 'Category', 'Certificate', 'Status', 'Valid', 'Markets recognised'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: 7 }, 'No listed service matches.'))))));
  } catch (e) { showProblem(messages, e); }
}

search(bindFilters(document.getElementById('filters'), search));
