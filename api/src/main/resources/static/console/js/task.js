import { api, upload, h, clear, showProblem, notice, fmtDate, fmtSize, isOverdue, badge, statusKind, readQuery } from './api.js';
import { layout } from './layout.js';

const me = await layout('tasks-mine');
const key = readQuery().key;
const work = document.getElementById('work');
const casefile = document.getElementById('casefile');
const messages = document.getElementById('messages');
const title = document.getElementById('title');
const evidenceIds = [];

function caseFile(item) {
  const c = item.caseFile;
  if (!c) return h('p', { class: 'muted' }, 'No case file.');
  return h('dl', { class: 'kv' },
    h('dt', {}, 'Case'), h('dd', {}, c.caseId), h('dt', {}, 'Applicant'), h('dd', {}, c.organisation),
    h('dt', {}, 'Service'), h('dd', {}, `${c.productName} ${c.versions.join(', ')}`),
    h('dt', {}, 'Category'), h('dd', {}, c.category), h('dt', {}, 'Scheme type'), h('dd', {}, c.schemeType),
    h('dt', {}, 'Phase'), h('dd', {}, c.phase), h('dt', {}, 'Status'), h('dd', {}, badge(c.status, statusKind(c.status))),
    h('dt', {}, 'Target markets'), h('dd', {}, c.targetMarkets.join(', ')), h('dt', {}, 'Opened'), h('dd', {}, fmtDate(c.createdAt)),
    ...(item.appeal ? [h('dt', {}, `Appeal ${item.appeal.appealId}`),
      h('dd', {}, h('div', {}, item.appeal.grounds || '(no grounds recorded)'),
        h('div', { class: 'muted' }, `lodged by ${item.appeal.lodgedBy || '—'} on ${fmtDate(item.appeal.lodgedAt)}`))] : []));
}

function claimForm(item) {
  const text = h('textarea', { id: 'declaration', rows: 3, required: true });
  const conflict = h('input', { type: 'checkbox', id: 'conflict' });
  const status = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'card', 'aria-labelledby': 'claim-h' },
    h('h3', { id: 'claim-h' }, 'Claim this task'),
    h('p', { class: 'hint' }, 'Impartiality: declare any tie to the applicant. Who evaluated or tested a case may not review or decide it.'),
    h('div', { class: 'field' }, h('label', { for: 'declaration' }, 'Conflict-of-interest declaration'), text),
    h('label', { class: 'check' }, conflict, 'I have a conflict of interest with this applicant'),
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'claim' }, 'Claim')), status);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!text.value.trim()) { text.focus(); return; }
    try {
      await api(`/api/tasks/${key}/claim`, { method: 'POST', body: { declaration: text.value.trim(), conflict: conflict.checked } });
      load();
    } catch (err) { showProblem(status, err, 'Not claimed'); }
  });
  return form;
}

function evidenceForm() {
  const file = h('input', { type: 'file', id: 'evidence-file' });
  const kind = h('select', { id: 'evidence-kind' }, ['TEST_REPORT', 'REVIEW_NOTES', 'NONCONFORMITY', 'DECISION_RECORD', 'OTHER'].map((k) => h('option', {}, k)));
  const progress = h('progress', { id: 'evidence-progress', max: 100, value: 0, hidden: true, 'aria-label': 'Evidence upload progress' });
  const listEl = h('ul', { id: 'evidence-list' });
  const status = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'card upload', 'aria-labelledby': 'ev-h' }, h('h3', { id: 'ev-h' }, 'Evidence'),
    h('div', { class: 'field' }, h('label', { for: 'evidence-kind' }, 'Kind'), kind),
    h('div', { class: 'field' }, h('label', { for: 'evidence-file' }, 'File'), file),
    progress, h('div', {}, h('button', { type: 'submit', class: 'secondary', id: 'upload-evidence' }, 'Upload evidence')), listEl, status);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!file.files[0]) { file.focus(); return; }
    const data = new FormData();
    data.append('file', file.files[0]);
    data.append('kind', kind.value);
    try {
      const up = await upload(`/api/tasks/${key}/evidence`, data, progress);
      evidenceIds.push(up.evidenceId);
      listEl.append(h('li', { 'data-evidence-id': up.evidenceId }, `${up.fileName} · ${up.mediaType} · ${fmtSize(up.sizeBytes)} · SHA-256 ${up.sha256.slice(0, 12)}…`));
      clear(status);
      file.value = '';
    } catch (err) { showProblem(status, err, 'Upload refused'); }
  });
  return form;
}

async function formPanel(item) {
  const host = h('div', { class: 'form-host', id: 'task-form' });
  const status = h('div', { 'aria-live': 'polite' });
  const complete = h('button', { type: 'button', id: 'complete' }, 'Complete task');
  const unclaim = h('button', { type: 'button', class: 'secondary' }, 'Release');
  let form = null;
  let schema = null;
  try {
    schema = await api(`/api/tasks/${key}/form`);
  } catch (err) {
    if (err.status !== 404) showProblem(status, err, 'Form not loaded');
  }
  const panel = h('div', {}, h('section', { class: 'card', 'aria-labelledby': 'form-h' }, h('h3', { id: 'form-h' }, 'Form'), host), evidenceForm(),
    h('div', { class: 'actions' }, complete, unclaim), status);
  if (schema) {
    // the form deployed with the model, rendered by form-js; submit() validates it client-side
    form = await window.FormViewer.createForm({ container: host, schema: typeof schema === 'string' ? JSON.parse(schema) : schema, data: {} });
  } else host.append(h('p', { class: 'muted' }, 'This task has no form.'));
  complete.addEventListener('click', async () => {
    let variables = {};
    if (form) {
      const result = form.submit();
      if (Object.keys(result.errors || {}).length) { notice(status, 'Check the highlighted fields.', 'alert'); return; }
      variables = result.data;
    }
    complete.disabled = true;
    try {
      await api(`/api/tasks/${key}/complete`, { method: 'POST', body: { variables, evidenceIds } });
      clear(work, h('div', { class: 'alert ok', role: 'status', 'data-testid': 'completed' }, h('strong', {}, 'Task completed.'), ' ',
        h('a', { href: '/console/tasks.html?scope=mine' }, 'Back to my tasks')));
    } catch (err) { complete.disabled = false; showProblem(status, err, 'Not completed'); }
  });
  unclaim.addEventListener('click', async () => {
    try { await api(`/api/tasks/${key}/unclaim`, { method: 'POST' }); load(); } catch (err) { showProblem(status, err); }
  });
  return panel;
}

async function load() {
  try {
    const item = await api(`/api/tasks/${encodeURIComponent(key)}`);
    const t = item.task;
    title.textContent = `${t.name || t.elementId} — ${item.caseId || ''}`;
    document.title = `${t.name} · ExportCert`;
    clear(casefile, caseFile(item));
    const meta = h('p', {}, `Due ${fmtDate(t.due)}`, isOverdue(t.due) ? h('strong', { class: 'overdue' }, ' — overdue') : null,
      ` · priority ${t.priority ?? '—'} · groups ${(t.candidateGroups || []).join(', ')} · `, t.assignee ? `assigned to ${t.assignee}` : 'unclaimed');
    if (t.assignee === me.username) clear(work, meta, await formPanel(item));
    else if (!t.assignee) clear(work, meta, claimForm(item));
    else clear(work, meta, h('p', {}, `Claimed by ${t.assignee}.`));
  } catch (e) { showProblem(messages, e); }
}

load();
