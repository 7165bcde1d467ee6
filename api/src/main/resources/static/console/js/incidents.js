import { api, h, clear, showProblem, notice, fmtDate, tableHead } from './api.js';
import { incidentAction } from './incident-action.js';
import { layout } from './layout.js';
import { pagedList } from './pager.js';
import { t, code, elementName, oneLanguage } from './i18n.js';

await layout('incidents');
const list = document.getElementById('list');
const messages = document.getElementById('messages');

function row(item) {
  // sent back or retried: the row says so, then the list is read again without it
  return cells(item, incidentAction(item, (message, status) => { notice(status, message); setTimeout(load, 1500); }));
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
