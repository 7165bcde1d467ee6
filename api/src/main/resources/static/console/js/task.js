import { api, upload, h, clear, showProblem, notice, fmtDate, fmtSize, isOverdue, badge, statusKind, readQuery } from './api.js';
import { layout } from './layout.js';
import { caseFilePanel, kindLabel, loadKinds } from './casefile.js';

const me = await layout('tasks-mine');
const key = readQuery().key;
const work = document.getElementById('work');
const casefile = document.getElementById('casefile');
const messages = document.getElementById('messages');
const title = document.getElementById('title');
const evidenceIds = [];
/** The form field the lab's report goes into; filled on upload, never typed. */
const REPORT_FIELD = 'testReportEvidenceId';

function header(item) {
  const c = item.caseFile;
  if (!c) return h('p', { class: 'muted' }, 'No case file.');
  return h('dl', { class: 'kv' },
    h('dt', {}, 'Case'), h('dd', { 'data-testid': 'case-id' }, c.caseId), h('dt', {}, 'Applicant'), h('dd', {}, c.organisation),
    h('dt', {}, 'Service'), h('dd', {}, `${c.productName} ${c.versions.join(', ')}`),
    h('dt', {}, 'Category'), h('dd', {}, c.category), h('dt', {}, 'Scheme type'), h('dd', {}, c.schemeType),
    h('dt', {}, 'Phase'), h('dd', {}, c.phase), h('dt', {}, 'Status'), h('dd', {}, badge(c.status, statusKind(c.status))),
    h('dt', {}, 'Target markets'), h('dd', {}, c.targetMarkets.join(', ')), h('dt', {}, 'Opened'), h('dd', {}, fmtDate(c.createdAt)),
    ...(item.appeal ? [h('dt', {}, `Appeal ${item.appeal.appealId}`),
      h('dd', {}, h('div', {}, item.appeal.grounds || '(no grounds recorded)'),
        h('div', { class: 'muted' }, `lodged by ${item.appeal.lodgedBy || '—'} on ${fmtDate(item.appeal.lodgedAt)}`))] : []));
}

function claimForm() {
  const text = h('textarea', { id: 'declaration', rows: 3, required: true });
  const conflict = h('input', { type: 'checkbox', id: 'conflict' });
  const status = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'card', 'aria-labelledby': 'claim-h' },
    h('h3', { id: 'claim-h' }, 'Claim this task'), status,
    h('p', { class: 'hint' }, 'Impartiality: declare any tie to the applicant. Who evaluated or tested a case may not review or decide it.'),
    h('div', { class: 'field' }, h('label', { for: 'declaration' }, 'Conflict-of-interest declaration'), text),
    h('label', { class: 'check' }, conflict, 'I have a conflict of interest with this applicant'),
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'claim' }, 'Claim')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!text.value.trim()) { text.focus(); return; }
    try {
      await api(`/api/tasks/${key}/claim`, { method: 'POST', body: { declaration: text.value.trim(), conflict: conflict.checked } });
      load();
    } catch (err) { showProblem(status, err, 'Not claimed'); status.scrollIntoView({ block: 'nearest' }); }
  });
  return form;
}

/** The lab's test plan: the request number to quote and the suites to run. */
function testPlan(file) {
  const plan = (file?.testRequests || []).at(-1);
  if (!plan) return null;
  return h('section', { class: 'card', 'aria-labelledby': 'plan-h', 'data-testid': 'test-plan' },
    h('h3', { id: 'plan-h' }, `Test plan · request ${plan.requestNumber}`),
    h('p', {}, `${plan.kind} test, scope ${plan.scope}${plan.market ? `, market ${plan.market}` : ''}, requested ${fmtDate(plan.requestedAt)}.`),
    h('p', { class: 'hint' }, 'Run these suites and quote the request number in the report. Upload the signed ISO/IEC 17025 report (PDF) and its results (JSON, format exportcert.test-report/1); the results are attached to the form by themselves.'),
    h('ul', { id: 'test-suites' }, plan.suites.map((s) => h('li', {}, s))));
}

function evidenceForm(kinds, preferred, onUploaded) {
  const file = h('input', { type: 'file', id: 'evidence-file' });
  const kind = h('select', { id: 'evidence-kind' }, kinds.filter((k) => k.party === 'STAFF')
    .map((k) => h('option', { value: k.code, title: k.hint?.en || '', selected: k.code === preferred }, kindLabel(k))));
  const progress = h('progress', { id: 'evidence-progress', max: 100, value: 0, hidden: true, 'aria-label': 'Evidence upload progress' });
  const listEl = h('ul', { id: 'evidence-list' });
  const status = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'card upload', 'aria-labelledby': 'ev-h' }, h('h3', { id: 'ev-h' }, 'Evidence'), status,
    h('div', { class: 'field' }, h('label', { for: 'evidence-kind' }, 'Kind'), kind),
    h('div', { class: 'field' }, h('label', { for: 'evidence-file' }, 'File'), file),
    progress, h('div', {}, h('button', { type: 'submit', class: 'secondary', id: 'upload-evidence' }, 'Upload evidence')), listEl);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!file.files[0]) { file.focus(); return; }
    const data = new FormData();
    data.append('file', file.files[0]);
    data.append('kind', kind.value);
    try {
      const up = await upload(`/api/tasks/${key}/evidence`, data, progress);
      if (!evidenceIds.includes(up.evidenceId)) evidenceIds.push(up.evidenceId);
      listEl.append(h('li', { 'data-evidence-id': up.evidenceId }, `${up.fileName} · ${kind.value} · ${up.mediaType} · ${fmtSize(up.sizeBytes)} · SHA-256 ${up.sha256.slice(0, 12)}…`));
      clear(status);
      file.value = '';
      onUploaded(up, kind.value);
    } catch (err) { showProblem(status, err, 'Upload refused'); }
  });
  return form;
}

async function formPanel(item, file, kinds) {
  const host = h('div', { class: 'form-host', id: 'task-form' });
  // problems show at the top of the form, where the person is looking
  const status = h('div', { 'aria-live': 'polite', id: 'form-status' });
  const complete = h('button', { type: 'button', id: 'complete' }, 'Complete task');
  const unclaim = h('button', { type: 'button', class: 'secondary' }, 'Release');
  let form = null;
  let schema = null;
  // the form shows the case it belongs to; read-only fields are the process's, never sent back
  let data = { caseId: item.caseId };
  try {
    schema = await api(`/api/tasks/${key}/form`);
    if (typeof schema === 'string') schema = JSON.parse(schema);
  } catch (err) {
    if (err.status !== 404) showProblem(status, err, 'Form not loaded');
  }
  const fieldKeys = new Set();
  const collect = (cs) => (cs || []).forEach((c) => { if (c.key) fieldKeys.add(c.key); collect(c.components); });
  collect(schema?.components);
  const panel = h('div', {}, status, testPlan(file),
    h('section', { class: 'card', 'aria-labelledby': 'form-h' }, h('h3', { id: 'form-h' }, 'Form'), host),
    evidenceForm(kinds, fieldKeys.has(REPORT_FIELD) ? 'TEST_REPORT' : 'REVIEW_NOTES', async (up, kind) => {
      // the report the lab just uploaded goes into the form's report field: no id to copy; the
      // server explains on completion when it is not one it can import (a PDF alone, say)
      if (form && fieldKeys.has(REPORT_FIELD) && kind === 'TEST_REPORT') {
        data = { ...data, [REPORT_FIELD]: up.evidenceId };
        await form.importSchema(schema, data);
      }
    }),
    h('div', { class: 'actions' }, complete, unclaim));
  if (schema) {
    // the form deployed with the model, rendered by form-js; submit() validates it client-side
    form = await window.FormViewer.createForm({ container: host, schema, data });
    form.on('changed', (e) => { data = { ...data, ...e.data }; });
  } else host.append(h('p', { class: 'muted' }, 'This task has no form.'));
  complete.addEventListener('click', async () => {
    let variables = {};
    if (form) {
      const result = form.submit();
      if (Object.keys(result.errors || {}).length) {
        notice(status, 'Check the highlighted fields.', 'alert');
        status.scrollIntoView({ block: 'nearest' });
        return;
      }
      variables = result.data;
    }
    complete.disabled = true;
    try {
      await api(`/api/tasks/${key}/complete`, { method: 'POST', body: { variables, evidenceIds } });
      clear(work, h('div', { class: 'alert ok', role: 'status', 'data-testid': 'completed' }, h('strong', {}, 'Task completed.'), ' ',
        h('a', { href: '/console/tasks.html?scope=mine' }, 'Back to my tasks')));
    } catch (err) {
      complete.disabled = false;
      showProblem(status, err, 'Not completed');
      status.scrollIntoView({ block: 'start' });
    }
  });
  unclaim.addEventListener('click', async () => {
    try { await api(`/api/tasks/${key}/unclaim`, { method: 'POST' }); load(); } catch (err) { showProblem(status, err); }
  });
  return panel;
}

async function load() {
  try {
    const [item, kinds] = await Promise.all([api(`/api/tasks/${encodeURIComponent(key)}`), loadKinds()]);
    const t = item.task;
    title.textContent = `${t.name || t.elementId} — ${item.caseId || ''}`;
    document.title = `${t.name} · ExportCert`;
    let file = null;
    try { file = await api(`/api/tasks/${encodeURIComponent(key)}/case-file`); } catch (e) { showProblem(messages, e, 'Case file not loaded'); }
    clear(casefile, header(item), file ? caseFilePanel(file, kinds, (id) => `/api/tasks/${encodeURIComponent(key)}/documents/${encodeURIComponent(id)}`) : null);
    const meta = h('p', {}, `Due ${fmtDate(t.due)}`, isOverdue(t.due) ? h('strong', { class: 'overdue' }, ' — overdue') : null,
      ` · priority ${t.priority ?? '—'} · groups ${(t.candidateGroups || []).join(', ')} · `, t.assignee ? `assigned to ${t.assignee}` : 'unclaimed');
    if (t.assignee === me.username) clear(work, meta, await formPanel(item, file, kinds));
    else if (!t.assignee) clear(work, meta, testPlan(file), claimForm());
    else clear(work, meta, h('p', {}, `Claimed by ${t.assignee}.`));
  } catch (e) { showProblem(messages, e); }
}

load();
