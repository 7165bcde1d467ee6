import { api, upload, h, clear, showProblem, notice, fmtDate, fmtDay, fmtSize, statusBadge, tableHead, readQuery, writeQuery, isOverdue, ApiError } from './api.js';
import { t, code, codes, elementName } from './i18n.js';
import { layout } from './layout.js';

await layout('my-cases');
const list = document.getElementById('list');
const detail = document.getElementById('detail');
const messages = document.getElementById('messages');

// the order a case moves through; the certificate comes before recognition abroad
const PHASES = ['ELIGIBILITY', 'DOCUMENT_REVIEW', 'TESTING', 'DECISION', 'REGISTRY', 'RECOGNITION', 'MAINTENANCE'];

function stepper(phase, status) {
  const at = PHASES.indexOf(phase);
  const closed = phase === 'CLOSED';
  return h('ol', { class: 'stepper', 'aria-label': t('myCases.progress') }, PHASES.map((p, i) => {
    const state = closed ? '' : i < at ? 'done' : i === at ? 'current' : '';
    return h('li', { class: state, 'aria-current': state === 'current' ? 'step' : null },
      code('step', p), state === 'done' ? h('span', { class: 'sr-only' }, t('myCases.done')) : null);
  }), closed ? h('li', { class: 'current', 'aria-current': 'step' }, t('myCases.closed', { status: code('status', status) })) : null);
}

async function loadList() {
  try {
    const cases = await api('/api/cases/mine');
    clear(list, h('div', { class: 'table-wrap' }, h('table', {},
      h('caption', {}, t('myCases.caption', { n: cases.length })),
      tableHead('common.case', 'common.service', 'common.phase', 'common.status', 'common.markets', 'common.updated'),
      h('tbody', {}, cases.map((s) => h('tr', {},
        h('td', {}, h('a', { href: `?case=${encodeURIComponent(s.caseId)}`, onclick: (e) => { e.preventDefault(); open(s.caseId); } }, s.caseId)),
        h('td', {}, `${s.productName} ${s.versions.join(', ')}`), h('td', {}, code('phase', s.phase)),
        h('td', {}, statusBadge(s.status)),
        h('td', {}, codes('market', s.targetMarkets)), h('td', {}, fmtDate(s.updatedAt))))))));
  } catch (e) { showProblem(messages, e); }
}

function uploadForm(caseId, onDone) {
  const status = h('div', { 'aria-live': 'polite' });
  const progress = h('progress', { max: 100, value: 0, hidden: true, 'aria-label': t('common.uploadProgress') });
  const file = h('input', { type: 'file', id: 'doc-file', required: true });
  const kind = h('select', { id: 'doc-kind' }, ['TECHNICAL_FILE', 'MANAGEMENT_SYSTEM', 'SECURITY_ATTESTATION', 'API_SPECIFICATION', 'CORRECTIVE_ACTION', 'OTHER'].map((k) => h('option', { value: k }, code('kind', k))));
  const form = h('form', { class: 'upload' },
    h('div', { class: 'field' }, h('label', { for: 'doc-kind' }, t('common.kind')), kind),
    h('div', { class: 'field' }, h('label', { for: 'doc-file' }, t('common.file')), file),
    progress, h('div', {}, h('button', { type: 'submit' }, t('common.upload'))), status);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!file.files[0]) return;
    const data = new FormData();
    data.append('file', file.files[0]);
    data.append('kind', kind.value);
    try {
      const doc = await upload(`/api/cases/${encodeURIComponent(caseId)}/documents`, data, progress);
      notice(status, t('myCases.uploaded', { file: doc.fileName, id: doc.evidenceId }));
      onDone?.(doc);
    } catch (err) { showProblem(status, err, t('common.uploadRefused')); }
  });
  return form;
}

function action(label, fieldLabel, name, submit, cls = '') {
  const id = `${name}-text`;
  const status = h('div', { 'aria-live': 'polite' });
  const text = h('textarea', { id, rows: 2, required: true });
  const form = h('form', {}, h('div', { class: 'field' }, h('label', { for: id }, fieldLabel), text),
    h('button', { type: 'submit', class: cls }, label), status);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!text.value.trim()) { text.focus(); return; }
    try { await submit(text.value.trim()); notice(status, t('myCases.sent')); } catch (err) { showProblem(status, err); }
  });
  return form;
}

async function open(caseId) {
  writeQuery({ case: caseId });
  try {
    const [{ summary: s, progress: p }, docs] = await Promise.all([
      api(`/api/cases/mine/${encodeURIComponent(caseId)}`), api(`/api/cases/${encodeURIComponent(caseId)}/documents`)]);
    let certificate = null;
    try { certificate = await api(`/api/cases/${encodeURIComponent(caseId)}/certificate`); } catch (e) { if (!(e instanceof ApiError) || e.status !== 404) throw e; }
    const requests = (p?.openRequests || []).map((r) => {
      const note = h('textarea', { id: `note-${r.elementInstanceKey}`, rows: 2 });
      const status = h('div', { 'aria-live': 'polite' });
      const f = h('form', { class: 'card' }, h('h3', {}, code('request', r.request)),
        h('p', { class: isOverdue(r.dueAt) ? 'overdue' : 'muted' }, t('common.due', { date: fmtDate(r.dueAt) }), isOverdue(r.dueAt) ? t('common.overdueSuffix') : ''),
        h('div', { class: 'field' }, h('label', { for: `note-${r.elementInstanceKey}` }, t('myCases.note')), note),
        h('button', { type: 'submit' }, t('myCases.answer', { message: code('message', r.message) })), status);
      f.addEventListener('submit', async (e) => {
        e.preventDefault();
        try {
          await api(`/api/cases/${encodeURIComponent(caseId)}/answers`, { method: 'POST',
            body: { message: r.message, note: note.value || null, evidenceIds: docs.map((d) => d.evidenceId).slice(-50) } });
          notice(status, t('myCases.answerSent'));
        } catch (err) { showProblem(status, err); }
      });
      return f;
    });
    clear(detail,
      h('h2', {}, t('case.heading', { caseId: s.caseId, product: s.productName })),
      stepper(s.phase, s.status),
      h('p', {}, t('myCases.statusLabel'), statusBadge(s.status), t('myCases.markets', { markets: codes('market', s.targetMarkets) })),
      p && !p.engineAvailable ? h('div', { class: 'alert info' }, t('myCases.engineDown')) : null,
      h('div', { class: 'split' },
        h('div', {},
          h('section', { class: 'card' }, h('h2', {}, t('myCases.requests')), requests.length ? requests : h('p', { class: 'muted' }, t('myCases.noRequests'))),
          h('section', { class: 'card' }, h('h2', {}, t('myCases.documents')),
            docs.length ? h('ul', {}, docs.map((d) => h('li', {}, `${d.fileName} · ${code('kind', d.kind)} · ${fmtSize(d.sizeBytes)} · ${code('review', d.reviewStatus)}`))) : h('p', { class: 'muted' }, t('myCases.noDocuments')),
            uploadForm(caseId, () => open(caseId)))),
        h('div', {},
          h('section', { class: 'card' }, h('h2', {}, t('myCases.deadlines')),
            (p?.deadlines || []).length ? h('ul', {}, p.deadlines.map((d) => h('li', { class: isOverdue(d.dueAt) ? 'overdue' : '' }, `${elementName(d.step, d.name)}: ${fmtDate(d.dueAt)}`))) : h('p', { class: 'muted' }, t('myCases.noDeadlines'))),
          h('section', { class: 'card' }, h('h2', {}, t('common.certificate')),
            certificate ? h('div', {}, h('p', {}, t('myCases.certificateLine', { number: certificate.displayNumber, status: code('certStatus', certificate.status), date: fmtDay(certificate.expiresOn) })),
              certificate.documentAvailable ? h('a', { class: 'button', href: `/api/cases/${encodeURIComponent(caseId)}/certificate/document`, download: '' }, t('myCases.downloadCertificate')) : null)
              : h('p', { class: 'muted' }, t('myCases.noCertificate'))),
          s.status === 'REFUSED' ? h('section', { class: 'card' }, h('h2', {}, t('myCases.appeal')),
            action(t('myCases.lodgeAppeal'), t('myCases.grounds'), 'appeal', (text) => api(`/api/cases/${encodeURIComponent(caseId)}/appeal`, { method: 'POST', body: { grounds: text } }))) : null,
          s.phase !== 'CLOSED' ? h('section', { class: 'card' }, h('h2', {}, s.status === 'REFUSED' ? t('myCases.endCase') : t('myCases.withdraw')),
            action(t('myCases.withdraw'), t('common.reason'), 'withdraw', (text) => api(`/api/cases/${encodeURIComponent(caseId)}/withdrawal`, { method: 'POST', body: { reason: text } }), 'danger')) : null)));
    detail.querySelector('h2')?.setAttribute('tabindex', '-1');
  } catch (e) { showProblem(messages, e); }
}

await loadList();
const q = readQuery();
if (q.case) open(q.case);
