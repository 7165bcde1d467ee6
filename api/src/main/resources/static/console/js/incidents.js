import { api, h, clear, showProblem, notice, fmtDate, tableHead } from './api.js';
import { layout } from './layout.js';
import { pagedList } from './pager.js';
import { t, code, elementName, oneLanguage } from './i18n.js';

await layout('incidents');
const list = document.getElementById('list');
const messages = document.getElementById('messages');

/** A task completed outside ExportCert: the action is to send the case back to it, not to retry. */
function sendBackForm(item) {
  const i = item.incident;
  const task = elementName(item.sendBackTo, item.sendBackTo, i.processDefinitionId);
  const reason = h('input', { id: `reason-${i.key}`, required: true, 'aria-label': t('incidents.reasonForSendBack', { key: i.key }) });
  const status = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'upload-inline' }, reason, h('button', { type: 'submit', id: `send-back-${i.key}` }, t('incidents.sendBack')), status);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!reason.value.trim()) { reason.focus(); return; }
    if (!confirm(t('incidents.confirmSendBack', { caseId: item.caseId || '—', task, reason: reason.value.trim() }))) return;
    try {
      await api(`/api/operations/incidents/${i.key}/send-back`, { method: 'POST', body: { reason: reason.value.trim() } });
      notice(status, t('incidents.sentBack'));
      setTimeout(load, 1500);
    } catch (err) { showProblem(status, err, t('incidents.notSentBack')); }
  });
  return h('div', {}, h('p', { class: 'hint' }, t('incidents.sendBackHint', { task })), form);
}

function row(item) {
  const i = item.incident;
  if (item.sendBackTo) return cells(item, sendBackForm(item));
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
  return cells(item, form);
}

function cells(item, action) {
  const i = item.incident;
  return h('tr', { 'data-incident-key': i.key },
    h('td', { class: 'nowrap' }, item.caseId ? h('a', { href: `/console/case.html?id=${encodeURIComponent(item.caseId)}` }, item.caseId) : '—'),
    h('td', {}, `${elementName(i.processDefinitionId, i.processDefinitionId, i.processDefinitionId)} · ${elementName(i.elementId, i.elementId, i.processDefinitionId)}`),
    h('td', {}, h('strong', {}, i.errorType ? code('errorType', i.errorType) : t('error.title')), h('div', {}, oneLanguage(i.errorMessage))),
    h('td', { class: 'nowrap' }, fmtDate(i.created)),
    h('td', {}, action));
}

async function load() {
  try {
    const items = await api('/api/operations/incidents');
    items.sort((a, b) => Date.parse(a.incident.created || 0) - Date.parse(b.incident.created || 0));
    clear(messages);
    // the API reads every incident from the engine; the page shows them 25 at a time, found by case,
    // process, element or error (q / page in the query string)
    if (!items.length) { clear(list, h('p', { class: 'muted' }, t('case.noIncidents'))); return; }
    pagedList(list, { label: t('pager.incidents'),
      text: (item) => [item.caseId, item.incident.processDefinitionId, item.incident.elementId, item.incident.errorType,
        item.incident.errorType ? code('errorType', item.incident.errorType) : null, item.incident.errorMessage,
        elementName(item.incident.elementId, item.incident.elementId, item.incident.processDefinitionId)],
      // a filter that finds nothing: the pager says so, no empty table above it
      draw: (page) => (!page.length ? h('div', {}) : h('div', { class: 'table-wrap' }, h('table', {},
        h('caption', {}, t('incidents.caption', { n: items.length })),
        tableHead('common.case', 'incidents.where', 'incidents.what', 'case.since', 'incidents.retryWithReason'),
        h('tbody', {}, page.map(row)))))}).set(items);
  } catch (e) { showProblem(messages, e); }
}

load();
