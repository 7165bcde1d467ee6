import { api, h, clear, showProblem, notice, fmtDate } from './api.js';
import { layout } from './layout.js';

await layout('incidents');
const list = document.getElementById('list');
const messages = document.getElementById('messages');

function row(item) {
  const i = item.incident;
  const reason = h('input', { id: `reason-${i.key}`, required: true, 'aria-label': `Reason for retrying incident ${i.key}` });
  const status = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'upload-inline' }, reason, h('button', { type: 'submit', id: `retry-${i.key}` }, 'Retry'), status);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!reason.value.trim()) { reason.focus(); return; }
    try {
      await api(`/api/operations/incidents/${i.key}/retry`, { method: 'POST', body: { retries: 3, reason: reason.value.trim() } });
      notice(status, 'Retried.');
      setTimeout(load, 1500);
    } catch (err) { showProblem(status, err, 'Not retried'); }
  });
  return h('tr', { 'data-incident-key': i.key },
    h('td', {}, item.caseId ? h('a', { href: `/console/case.html?id=${encodeURIComponent(item.caseId)}` }, item.caseId) : '—'),
    h('td', {}, `${i.processDefinitionId} · ${i.elementId}`),
    h('td', {}, h('strong', {}, i.errorType || 'Error'), h('div', {}, i.errorMessage || '')),
    h('td', {}, fmtDate(i.created)),
    h('td', {}, form));
}

async function load() {
  try {
    const items = await api('/api/operations/incidents');
    items.sort((a, b) => Date.parse(a.incident.created || 0) - Date.parse(b.incident.created || 0));
    clear(messages);
    clear(list, h('div', { class: 'table-wrap' }, h('table', {},
      h('caption', {}, `${items.length} open incident${items.length === 1 ? '' : 's'}`),
      h('thead', {}, h('tr', {}, ['Case', 'Where', 'What failed', 'Since', 'Retry (with a reason)'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, items.length ? items.map(row) : h('tr', {}, h('td', { colspan: 5 }, 'No open incidents.'))))));
  } catch (e) { showProblem(messages, e); }
}

load();
