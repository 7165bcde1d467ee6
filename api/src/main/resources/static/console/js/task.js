import { api, upload, h, clear, showProblem, notice, fmtDate, fmtSize, isOverdue, statusBadge, readQuery } from './api.js';
import { t, code, codes, elementName, translateFormSchema, translateFormErrors } from './i18n.js';
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
  if (!c) return h('p', { class: 'muted' }, t('task.noCaseFile'));
  return h('dl', { class: 'kv' },
    h('dt', {}, t('common.case')), h('dd', {}, c.caseId), h('dt', {}, t('common.applicant')), h('dd', {}, c.organisation),
    h('dt', {}, t('common.service')), h('dd', {}, `${c.productName} ${c.versions.join(', ')}`),
    h('dt', {}, t('common.category')), h('dd', {}, code('category', c.category)), h('dt', {}, t('task.schemeType')), h('dd', {}, code('scheme', c.schemeType)),
    h('dt', {}, t('common.phase')), h('dd', {}, code('phase', c.phase)), h('dt', {}, t('common.status')), h('dd', {}, statusBadge(c.status)),
    h('dt', {}, t('task.targetMarkets')), h('dd', {}, codes('market', c.targetMarkets)), h('dt', {}, t('task.opened')), h('dd', {}, fmtDate(c.createdAt)),
    ...(item.appeal ? [h('dt', {}, t('task.appeal', { id: item.appeal.appealId })),
      h('dd', {}, h('div', {}, item.appeal.grounds || t('task.noGrounds')),
        h('div', { class: 'muted' }, t('task.lodgedBy', { who: item.appeal.lodgedBy || '—', date: fmtDate(item.appeal.lodgedAt) })))] : []));
}

function claimForm(item) {
  const text = h('textarea', { id: 'declaration', rows: 3, required: true });
  const conflict = h('input', { type: 'checkbox', id: 'conflict' });
  const status = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'card', 'aria-labelledby': 'claim-h' },
    h('h3', { id: 'claim-h' }, t('task.claimTitle')),
    h('p', { class: 'hint' }, t('task.claimHint')),
    h('div', { class: 'field' }, h('label', { for: 'declaration' }, t('task.declaration')), text),
    h('label', { class: 'check' }, conflict, t('task.conflict')),
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'claim' }, t('task.claim'))), status);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!text.value.trim()) { text.focus(); return; }
    try {
      await api(`/api/tasks/${key}/claim`, { method: 'POST', body: { declaration: text.value.trim(), conflict: conflict.checked } });
      load();
    } catch (err) { showProblem(status, err, t('task.notClaimed')); }
  });
  return form;
}

function evidenceForm() {
  const file = h('input', { type: 'file', id: 'evidence-file' });
  const kind = h('select', { id: 'evidence-kind' }, ['TEST_REPORT', 'REVIEW_NOTES', 'NONCONFORMITY', 'DECISION_RECORD', 'OTHER'].map((k) => h('option', { value: k }, code('kind', k))));
  const progress = h('progress', { id: 'evidence-progress', max: 100, value: 0, hidden: true, 'aria-label': t('task.evidenceProgress') });
  const listEl = h('ul', { id: 'evidence-list' });
  const status = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'card upload', 'aria-labelledby': 'ev-h' }, h('h3', { id: 'ev-h' }, t('task.evidence')),
    h('div', { class: 'field' }, h('label', { for: 'evidence-kind' }, t('common.kind')), kind),
    h('div', { class: 'field' }, h('label', { for: 'evidence-file' }, t('common.file')), file),
    progress, h('div', {}, h('button', { type: 'submit', class: 'secondary', id: 'upload-evidence' }, t('task.uploadEvidence'))), listEl, status);
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
    } catch (err) { showProblem(status, err, t('common.uploadRefused')); }
  });
  return form;
}

async function formPanel(item) {
  const host = h('div', { class: 'form-host', id: 'task-form' });
  const status = h('div', { 'aria-live': 'polite' });
  const complete = h('button', { type: 'button', id: 'complete' }, t('task.complete'));
  const unclaim = h('button', { type: 'button', class: 'secondary' }, t('task.release'));
  let form = null;
  let schema = null;
  try {
    schema = await api(`/api/tasks/${key}/form`);
  } catch (err) {
    if (err.status !== 404) showProblem(status, err, t('task.formNotLoaded'));
  }
  const panel = h('div', {}, h('section', { class: 'card', 'aria-labelledby': 'form-h' }, h('h3', { id: 'form-h' }, t('task.form')), host), evidenceForm(),
    h('div', { class: 'actions' }, complete, unclaim), status);
  if (schema) {
    // the form deployed with the model, rendered by form-js; submit() validates it client-side
    form = await window.FormViewer.createForm({ container: host, schema: translateFormSchema(typeof schema === 'string' ? JSON.parse(schema) : schema), data: {} });
    translateFormErrors(host);
  } else host.append(h('p', { class: 'muted' }, t('task.noForm')));
  complete.addEventListener('click', async () => {
    let variables = {};
    if (form) {
      const result = form.submit();
      if (Object.keys(result.errors || {}).length) { notice(status, t('task.checkFields'), 'alert'); return; }
      variables = result.data;
    }
    complete.disabled = true;
    try {
      await api(`/api/tasks/${key}/complete`, { method: 'POST', body: { variables, evidenceIds } });
      clear(work, h('div', { class: 'alert ok', role: 'status', 'data-testid': 'completed' }, h('strong', {}, t('task.completed')), ' ',
        h('a', { href: '/console/tasks.html?scope=mine' }, t('task.backToMine'))));
    } catch (err) { complete.disabled = false; showProblem(status, err, t('task.notCompleted')); }
  });
  unclaim.addEventListener('click', async () => {
    try { await api(`/api/tasks/${key}/unclaim`, { method: 'POST' }); load(); } catch (err) { showProblem(status, err); }
  });
  return panel;
}

async function load() {
  try {
    const item = await api(`/api/tasks/${encodeURIComponent(key)}`);
    const task = item.task;
    const name = elementName(task.elementId, task.name);
    title.textContent = `${name} — ${item.caseId || ''}`;
    document.title = `${name} · ExportCert`;
    clear(casefile, caseFile(item));
    const meta = h('p', {}, t('common.due', { date: fmtDate(task.due) }), isOverdue(task.due) ? h('strong', { class: 'overdue' }, t('common.overdueSuffix')) : null,
      t('task.meta', { priority: task.priority ?? '—', groups: codes('group', task.candidateGroups) }),
      task.assignee ? t('task.assignedTo', { who: task.assignee }) : t('task.unclaimed'));
    if (task.assignee === me.username) clear(work, meta, await formPanel(item));
    else if (!task.assignee) clear(work, meta, claimForm(item));
    else clear(work, meta, h('p', {}, t('task.claimedBy', { who: task.assignee })));
  } catch (e) { showProblem(messages, e); }
}

load();
