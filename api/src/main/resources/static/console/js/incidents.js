import { api, h, clear, showProblem, notice, fmtDate, tableHead } from './api.js';
import { layout } from './layout.js';
import { t, code, elementName, oneLanguage } from './i18n.js';

await layout('incidents');
const list = document.getElementById('list');
const messages = document.getElementById('messages');

function row(item) {
  const i = item.incident;
  const reason = h('input', { id: `reason-${i.key}`, required: true, 'aria-label': t('incidents.reasonFor', { key: i.key }) });
  const status = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'upload-inline' }, reason, h('button', { type: 'submit', id: `retry-${i.key}` }, t('case.retry')), status);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!reason.value.trim()) { reason.focus(); return; }
    try {
      await api(`/api/operations/incidents/${i.key}/retry`, { method: 'POST', body: { retries: 3, reason: reason.value.trim() } });
      notice(status, t('incidents.retried'));
      setTimeout(load, 1500);
    } catch (err) { showProblem(status, err, t('case.notRetried')); }
  });
  return h('tr', { 'data-incident-key': i.key },
    h('td', {}, item.caseId ? h('a', { href: `/console/case.html?id=${encodeURIComponent(item.caseId)}` }, item.caseId) : '—'),
    h('td', {}, `${elementName(i.processDefinitionId, i.processDefinitionId, i.processDefinitionId)} · ${elementName(i.elementId, i.elementId, i.processDefinitionId)}`),
    h('td', {}, h('strong', {}, i.errorType ? code('errorType', i.errorType) : t('error.title')), h('div', {}, oneLanguage(i.errorMessage))),
    h('td', {}, fmtDate(i.created)),
    h('td', {}, form));
}

async function load() {
  try {
    const items = await api('/api/operations/incidents');
    items.sort((a, b) => Date.parse(a.incident.created || 0) - Date.parse(b.incident.created || 0));
    clear(messages);
    clear(list, h('div', { class: 'table-wrap' }, h('table', {},
      h('caption', {}, t('incidents.caption', { n: items.length })),
      tableHead('common.case', 'incidents.where', 'incidents.what', 'case.since', 'incidents.retryWithReason'),
      h('tbody', {}, items.length ? items.map(row) : h('tr', {}, h('td', { colspan: 5 }, t('case.noIncidents')))))));
  } catch (e) { showProblem(messages, e); }
}

load();
