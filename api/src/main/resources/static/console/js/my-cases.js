import { api, upload, h, clear, showProblem, notice, fmtDate, fmtDay, fmtSize, badge, statusKind, readQuery, writeQuery, isOverdue, ApiError } from './api.js';
import { layout } from './layout.js';

await layout('my-cases');
const list = document.getElementById('list');
const detail = document.getElementById('detail');
const messages = document.getElementById('messages');

// the order a case moves through; the certificate comes before recognition abroad
const PHASES = [['ELIGIBILITY', 'Eligibility'], ['DOCUMENT_REVIEW', 'Document review'], ['TESTING', 'Testing'],
  ['DECISION', 'Decision'], ['REGISTRY', 'Certificate & listing'], ['RECOGNITION', 'Recognition'], ['MAINTENANCE', 'Maintenance']];

function stepper(phase, status) {
  const at = PHASES.findIndex(([p]) => p === phase);
  const closed = phase === 'CLOSED';
  return h('ol', { class: 'stepper', 'aria-label': 'Progress through the phases' }, PHASES.map(([p, label], i) => {
    const state = closed ? '' : i < at ? 'done' : i === at ? 'current' : '';
    return h('li', { class: state, 'aria-current': state === 'current' ? 'step' : null },
      label, state === 'done' ? h('span', { class: 'sr-only' }, ' (done)') : null);
  }), closed ? h('li', { class: 'current', 'aria-current': 'step' }, `Closed (${status})`) : null);
}

async function loadList() {
  try {
    const cases = await api('/api/cases/mine');
    clear(list, h('div', { class: 'table-wrap' }, h('table', {},
      h('caption', {}, `${cases.length} case${cases.length === 1 ? '' : 's'} of your organisation`),
      h('thead', {}, h('tr', {}, ['Case', 'Service', 'Phase', 'Status', 'Markets', 'Updated'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, cases.map((s) => h('tr', {},
        h('td', {}, h('a', { href: `?case=${encodeURIComponent(s.caseId)}`, onclick: (e) => { e.preventDefault(); open(s.caseId); } }, s.caseId)),
        h('td', {}, `${s.productName} ${s.versions.join(', ')}`), h('td', {}, s.phase),
        h('td', {}, badge(s.status, statusKind(s.status))),
        h('td', {}, s.targetMarkets.join(', ')), h('td', {}, fmtDate(s.updatedAt))))))));
  } catch (e) { showProblem(messages, e); }
}

function uploadForm(caseId, onDone) {
  const status = h('div', { 'aria-live': 'polite' });
  const progress = h('progress', { max: 100, value: 0, hidden: true, 'aria-label': 'Upload progress' });
  const file = h('input', { type: 'file', id: 'doc-file', required: true });
  const kind = h('select', { id: 'doc-kind' }, ['TECHNICAL_FILE', 'MANAGEMENT_SYSTEM', 'SECURITY_ATTESTATION', 'API_SPECIFICATION', 'CORRECTIVE_ACTION', 'OTHER'].map((k) => h('option', {}, k)));
  const form = h('form', { class: 'upload' },
    h('div', { class: 'field' }, h('label', { for: 'doc-kind' }, 'Kind'), kind),
    h('div', { class: 'field' }, h('label', { for: 'doc-file' }, 'File'), file),
    progress, h('div', {}, h('button', { type: 'submit' }, 'Upload')), status);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!file.files[0]) return;
    const data = new FormData();
    data.append('file', file.files[0]);
    data.append('kind', kind.value);
    try {
      const doc = await upload(`/api/cases/${encodeURIComponent(caseId)}/documents`, data, progress);
      notice(status, `${doc.fileName} uploaded (${doc.evidenceId}).`);
      onDone?.(doc);
    } catch (err) { showProblem(status, err, 'Upload refused'); }
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
    try { await submit(text.value.trim()); notice(status, 'Sent.'); } catch (err) { showProblem(status, err); }
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
      const f = h('form', { class: 'card' }, h('h3', {}, r.name || r.request),
        h('p', { class: isOverdue(r.dueAt) ? 'overdue' : 'muted' }, `Due ${fmtDate(r.dueAt)}${isOverdue(r.dueAt) ? ' — overdue' : ''}`),
        h('div', { class: 'field' }, h('label', { for: `note-${r.elementInstanceKey}` }, 'Note (optional; upload documents below first)'), note),
        h('button', { type: 'submit' }, `Answer: ${r.message}`), status);
      f.addEventListener('submit', async (e) => {
        e.preventDefault();
        try {
          await api(`/api/cases/${encodeURIComponent(caseId)}/answers`, { method: 'POST',
            body: { message: r.message, note: note.value || null, evidenceIds: docs.map((d) => d.evidenceId).slice(-50) } });
          notice(status, 'Answer sent.');
        } catch (err) { showProblem(status, err); }
      });
      return f;
    });
    clear(detail,
      h('h2', {}, `Case ${s.caseId} — ${s.productName}`),
      stepper(s.phase, s.status),
      h('p', {}, 'Status: ', badge(s.status, statusKind(s.status)), ` · markets ${s.targetMarkets.join(', ')}`),
      p && !p.engineAvailable ? h('div', { class: 'alert info' }, 'The process engine is not reachable; requests and deadlines are not shown.') : null,
      h('div', { class: 'split' },
        h('div', {},
          h('section', { class: 'card' }, h('h2', {}, 'Requests for you'), requests.length ? requests : h('p', { class: 'muted' }, 'Nothing is waiting for you.')),
          h('section', { class: 'card' }, h('h2', {}, 'Documents'),
            docs.length ? h('ul', {}, docs.map((d) => h('li', {}, `${d.fileName} · ${d.kind} · ${fmtSize(d.sizeBytes)} · ${d.reviewStatus}`))) : h('p', { class: 'muted' }, 'No documents yet.'),
            uploadForm(caseId, () => open(caseId)))),
        h('div', {},
          h('section', { class: 'card' }, h('h2', {}, 'Deadlines'),
            (p?.deadlines || []).length ? h('ul', {}, p.deadlines.map((d) => h('li', { class: isOverdue(d.dueAt) ? 'overdue' : '' }, `${d.name || d.step}: ${fmtDate(d.dueAt)}`))) : h('p', { class: 'muted' }, 'None open.')),
          h('section', { class: 'card' }, h('h2', {}, 'Certificate'),
            certificate ? h('div', {}, h('p', {}, `${certificate.displayNumber} · ${certificate.status} · expires ${fmtDay(certificate.expiresOn)}`),
              certificate.documentAvailable ? h('a', { class: 'button', href: `/api/cases/${encodeURIComponent(caseId)}/certificate/document`, download: '' }, 'Download certificate (PDF)') : null)
              : h('p', { class: 'muted' }, 'No certificate yet.')),
          s.status === 'REFUSED' ? h('section', { class: 'card' }, h('h2', {}, 'Appeal'),
            action('Lodge appeal', 'Grounds of the appeal', 'appeal', (t) => api(`/api/cases/${encodeURIComponent(caseId)}/appeal`, { method: 'POST', body: { grounds: t } }))) : null,
          s.phase !== 'CLOSED' ? h('section', { class: 'card' }, h('h2', {}, s.status === 'REFUSED' ? 'End the case' : 'Withdraw'),
            action('Withdraw', 'Reason', 'withdraw', (t) => api(`/api/cases/${encodeURIComponent(caseId)}/withdrawal`, { method: 'POST', body: { reason: t } }), 'danger')) : null)));
    detail.querySelector('h2')?.setAttribute('tabindex', '-1');
  } catch (e) { showProblem(messages, e); }
}

await loadList();
const q = readQuery();
if (q.case) open(q.case);
