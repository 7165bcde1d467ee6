// What an operator does about an incident, the same on the incidents page and on a case page: a
// task completed outside ExportCert is sent back to that task (a retry would only fail again, as
// its message says), any other incident is retried once its cause is fixed. Both take a reason,
// kept in the audit trail.
import { api, h, showProblem } from './api.js';
import { t, elementName } from './i18n.js';

/** item: {incident, caseId, sendBackTo} as /api/operations/incidents gives it; done(message) after it worked. */
export function incidentAction(item, done) {
  return item.sendBackTo ? sendBackForm(item, done) : retryForm(item, done);
}

function sendBackForm(item, done) {
  const i = item.incident;
  const task = elementName(item.sendBackTo, item.sendBackTo, i.processDefinitionId);
  const reason = h('input', { id: `reason-${i.key}`, required: true, maxlength: 2000, 'aria-label': t('incidents.reasonForSendBack', { key: i.key }) });
  const status = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'upload-inline' }, reason, h('button', { type: 'submit', id: `send-back-${i.key}` }, t('incidents.sendBack')), status);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!reason.value.trim()) { reason.focus(); return; }
    if (!confirm(t('incidents.confirmSendBack', { caseId: item.caseId || '—', task, reason: reason.value.trim() }))) return;
    try {
      await api(`/api/operations/incidents/${i.key}/send-back`, { method: 'POST', body: { reason: reason.value.trim() } });
      done(t('incidents.sentBack'), status);
    } catch (err) { showProblem(status, err, t('incidents.notSentBack')); }
  });
  return h('div', { 'data-action': 'send-back' }, h('p', { class: 'hint' }, t('incidents.sendBackHint', { task })), form);
}

function retryForm(item, done) {
  const i = item.incident;
  const reason = h('input', { id: `reason-${i.key}`, required: true, maxlength: 2000, 'aria-label': t('incidents.reasonFor', { key: i.key }),
    placeholder: t('case.retryReasonPlaceholder') });
  const status = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'upload-inline', 'data-action': 'retry' }, reason,
    h('button', { type: 'submit', id: `retry-${i.key}`, 'data-incident': i.key }, t('case.retry')), status);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!reason.value.trim()) { reason.focus(); return; }
    try {
      await api(`/api/operations/incidents/${i.key}/retry`, { method: 'POST', body: { retries: 3, reason: reason.value.trim() } });
      done(t('case.retried', { key: i.key }), status);
    } catch (err) { showProblem(status, err, t('case.notRetried')); }
  });
  return form;
}
