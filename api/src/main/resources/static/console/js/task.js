import { api, upload, h, clear, showProblem, notice, fmtDate, fmtSize, statusBadge, priorityBadge, readQuery } from './api.js';
import { t, code, codes, elementName, localized, translateFormSchema, translateFormErrors } from './i18n.js';
import { layout } from './layout.js';
import { caseFilePanel, kindLabel, loadKinds } from './casefile.js';

// the tab the user came from stays marked (a group task opened from 'Group tasks')
const me = await layout(readQuery().from === 'groups' ? 'tasks-groups' : 'tasks-mine');
const key = readQuery().key;
const work = document.getElementById('work');
const casefile = document.getElementById('casefile');
const messages = document.getElementById('messages');
const title = document.getElementById('title');
const evidenceIds = [];
/** The form field the lab's report goes into; filled on upload, never typed. */
// the test plan is the lab's to run; other roles read the requests in the case file
const LAB_GROUP = 'test-lab';
const REPORT_FIELD = 'testReportEvidenceId';
/** What the form shows of the uploaded results file (name and size): data for its text, never submitted. */
const REPORT_FILE = 'testReportFile';
/** User task states after which nothing can be done on it. */
const FINISHED = ['COMPLETED', 'CANCELED', 'FAILED'];

function header(item) {
  const c = item.caseFile;
  if (!c) return h('p', { class: 'muted' }, t('task.noCaseFile'));
  return h('dl', { class: 'kv' },
    h('dt', {}, t('common.case')), h('dd', { 'data-testid': 'case-id' }, c.caseId), h('dt', {}, t('common.applicant')), h('dd', {}, c.organisation),
    h('dt', {}, t('common.service')), h('dd', {}, `${c.productName} ${c.versions.join(', ')}`),
    h('dt', {}, t('common.category')), h('dd', {}, code('category', c.category)), h('dt', {}, t('task.schemeType')), h('dd', {}, code('scheme', c.schemeType)),
    h('dt', {}, t('common.phase')), h('dd', {}, code('phase', c.phase)), h('dt', {}, t('common.status')), h('dd', {}, statusBadge(c.status)),
    h('dt', {}, t('task.targetMarkets')), h('dd', {}, codes('market', c.targetMarkets)), h('dt', {}, t('task.opened')), h('dd', {}, fmtDate(c.createdAt)),
    ...(item.appeal ? [h('dt', {}, t('task.appeal', { id: item.appeal.appealId })),
      h('dd', {}, h('div', {}, item.appeal.grounds || t('task.noGrounds')),
        h('div', { class: 'muted' }, t('task.lodgedBy', { who: item.appeal.lodgedBy || '—', date: fmtDate(item.appeal.lodgedAt) })))] : []));
}

function claimForm() {
  const text = h('textarea', { id: 'declaration', rows: 3, required: true });
  const conflict = h('input', { type: 'checkbox', id: 'conflict' });
  const status = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'card', 'aria-labelledby': 'claim-h' },
    h('h3', { id: 'claim-h' }, t('task.claimTitle')), status,
    h('p', { class: 'hint' }, t('task.claimHint')),
    h('div', { class: 'field' }, h('label', { for: 'declaration' }, t('task.declaration')), text),
    h('label', { class: 'check' }, conflict, t('task.conflict')),
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'claim' }, t('task.claim'))));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!text.value.trim()) { text.focus(); return; }
    try {
      await api(`/api/tasks/${key}/claim`, { method: 'POST', body: { declaration: text.value.trim(), conflict: conflict.checked } });
      load();
    } catch (err) { showProblem(status, err, t('task.notClaimed')); status.scrollIntoView({ block: 'nearest' }); }
  });
  return form;
}

/** The lab's test plan: the request number to quote and the suites to run; on the lab's tasks only. */
function testPlan(file, item) {
  const task = item.task;
  const plan = (file?.testRequests || []).at(-1);
  if (!plan || !(task.candidateGroups || []).includes(LAB_GROUP)) return null;
  return h('section', { class: 'card', 'aria-labelledby': 'plan-h', 'data-testid': 'test-plan' },
    h('h3', { id: 'plan-h' }, t('task.testPlan', { number: plan.requestNumber })),
    h('p', {}, t('task.testPlanLine', { kind: code('testKind', plan.kind), scope: code('testScope', plan.scope),
      market: plan.market ? t('task.testPlanMarket', { market: code('market', plan.market) }) : '', date: fmtDate(plan.requestedAt) })),
    h('p', { class: 'hint' }, t('task.testPlanHint')),
    h('ul', { id: 'test-suites' }, plan.suites.map((s) => h('li', { 'data-suite': s }, code('suite', s)))),
    resultsTemplateLink(item, plan));
}

/** The results file to download (a blob: link, which the page's CSP allows to be saved) and to look at. */
function resultsTemplateLink(item, plan) {
  const text = JSON.stringify(resultsTemplate(item, plan), null, 2);
  return h('div', {},
    h('p', {}, h('a', { class: 'button secondary', id: 'results-template', download: `${plan.requestNumber}-results.json`,
      href: URL.createObjectURL(new Blob([text], { type: 'application/json' })) }, t('task.resultsTemplate')),
    ' ', h('span', { class: 'hint' }, t('task.resultsTemplateHint'))),
    h('p', { class: 'hint', id: 'results-template-method' }, t('task.resultsTemplateMethod', { plan: plan.requestNumber })),
    h('details', {}, h('summary', {}, t('task.resultsTemplateShow')), h('pre', { id: 'results-template-json', 'data-raw': '' }, text)));
}

/**
 * The results file to fill in (format exportcert.test-report/1, docs/domain.md) with what the
 * console already knows: the case, the version under test and one line per suite of the plan.
 * The blanks are the lab's to fill; the import names every one still empty.
 */
function resultsTemplate(item, plan) {
  const choice = 'PASS | FAIL | INCONCLUSIVE';
  return { format: 'exportcert.test-report/1', reportId: '', caseId: item.caseId,
    // the lab allocated to the plan, by the name the reader's language gives it (api CaseFiles)
    lab: { name: plan.labName && plan.labName !== plan.lab ? plan.labName : '', accreditation: accreditationOf(plan.labName) },
    // a code, not a sentence: the plan's number until the lab writes its own method (hint on the page)
    method: plan.requestNumber,
    item: { productVersion: item.caseFile?.versions?.[0] || '' }, testedFrom: 'yyyy-mm-dd', testedTo: 'yyyy-mm-dd', testedBy: [''],
    results: plan.suites.map((suite) => ({ suite, requirement: '', verdict: choice, detail: '' })),
    decisionRule: 'Simple acceptance (ILAC-G8:09/2019, 4.2.1)', conformity: choice, nonconformities: [], authorizedBy: '' };
}

/** The accreditation number a configured lab name ends with (its last code, e.g. L-0002, before a closing bracket). */
function accreditationOf(name) {
  const m = /([A-Z][A-Z0-9]*-[0-9][A-Z0-9-]*)\s*[)\uFF09]?\s*$/.exec(name || '');
  return m ? m[1] : '';
}

function evidenceForm(kinds, preferred, onUploaded) {
  const file = h('input', { type: 'file', id: 'evidence-file' });
  const kind = h('select', { id: 'evidence-kind' }, kinds.filter((k) => k.party === 'STAFF')
    .map((k) => h('option', { value: k.code, title: localized(k.hint), selected: k.code === preferred }, kindLabel(k))));
  const progress = h('progress', { id: 'evidence-progress', max: 100, value: 0, hidden: true, 'aria-label': t('task.evidenceProgress') });
  const listEl = h('ul', { id: 'evidence-list' });
  const status = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'card upload', 'aria-labelledby': 'ev-h' }, h('h3', { id: 'ev-h' }, t('task.evidence')), status,
    h('div', { class: 'field' }, h('label', { for: 'evidence-kind' }, t('common.kind')), kind),
    h('div', { class: 'field' }, h('label', { for: 'evidence-file' }, t('common.file')), file),
    progress, h('div', {}, h('button', { type: 'submit', class: 'secondary', id: 'upload-evidence' }, t('task.uploadEvidence'))), listEl);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!file.files[0]) { file.focus(); return; }
    const data = new FormData();
    data.append('file', file.files[0]);
    data.append('kind', kind.value);
    try {
      const up = await upload(`/api/tasks/${key}/evidence`, data, progress);
      if (!evidenceIds.includes(up.evidenceId)) evidenceIds.push(up.evidenceId);
      listEl.append(h('li', { 'data-evidence-id': up.evidenceId }, `${up.fileName} · ${code('kind', kind.value)} · ${up.mediaType} · ${fmtSize(up.sizeBytes)} · SHA-256 ${up.sha256.slice(0, 12)}…`));
      clear(status);
      file.value = '';
      file.dispatchEvent(new Event('change')); // the chosen-file label (js/file-input.js) follows
      onUploaded(up, kind.value);
    } catch (err) { showProblem(status, err, t('common.uploadRefused')); }
  });
  return form;
}

/** A file name as literal text in a form-js text block (markdown): its punctuation escaped. */
function markdownText(text) {
  return String(text).replace(/[\\`*_{}[\]()#+\-.!<>|~]/g, '\\$&');
}

async function formPanel(item, file, kinds) {
  const host = h('div', { class: 'form-host', id: 'task-form' });
  // problems show at the top of the form, where the person is looking
  const status = h('div', { 'aria-live': 'polite', id: 'form-status' });
  const complete = h('button', { type: 'button', id: 'complete' }, t('task.complete'));
  const unclaim = h('button', { type: 'button', class: 'secondary' }, t('task.release'));
  let form = null;
  let schema = null;
  // the form shows the case it belongs to; read-only fields are the process's, never sent back
  let data = { caseId: item.caseId };
  let resultsEntered = false;
  try {
    schema = await api(`/api/tasks/${key}/form`);
    if (typeof schema === 'string') schema = JSON.parse(schema);
    // labels in the user's language; keys and values stay, so the data is the same in both
    schema = translateFormSchema(schema);
  } catch (err) {
    if (err.status !== 404) showProblem(status, err, t('task.formNotLoaded'));
  }
  const fieldKeys = new Set();
  const collect = (cs) => (cs || []).forEach((c) => { if (c.key) fieldKeys.add(c.key); collect(c.components); });
  collect(schema?.components);
  // what was entered survives a reload or the back button in this tab (kept until completed)
  const draftKey = `ec-task-draft:${key}`;
  try {
    const draft = JSON.parse(sessionStorage.getItem(draftKey) || '{}');
    Object.entries(draft).forEach(([k, v]) => { if (fieldKeys.has(k) && k !== 'caseId') data[k] = v; });
  } catch { sessionStorage.removeItem(draftKey); }
  const panel = h('div', {}, status, testPlan(file, item),
    h('section', { class: 'card', 'aria-labelledby': 'form-h' }, h('h3', { id: 'form-h' }, t('task.form')), host),
    evidenceForm(kinds, fieldKeys.has(REPORT_FIELD) ? 'TEST_REPORT' : 'REVIEW_NOTES', async (up, kind) => {
      // the report the lab just uploaded goes into the form's report field: no id to copy; the
      // server explains on completion when it is not one it can import (a PDF alone, say)
      // a JSON results file, once entered, stays: the signed PDF uploaded after it is the report, not the results
      const results = /json/i.test(up.mediaType || '');
      if (form && fieldKeys.has(REPORT_FIELD) && kind === 'TEST_REPORT' && (results || !resultsEntered)) {
        resultsEntered = results;
        // the person reads the file they chose; the id stays below it as the reference the process keeps
        data = { ...data, [REPORT_FIELD]: up.evidenceId, [REPORT_FILE]: `${markdownText(up.fileName)} · ${fmtSize(up.sizeBytes)}` };
        await form.importSchema(schema, data);
      }
    }),
    h('div', { class: 'actions' }, complete, unclaim));
  if (schema) {
    // the form deployed with the model, rendered by form-js; submit() validates it client-side
    // no debounce: each keystroke reaches the data (and the draft) at once, so a quick reload loses nothing
    form = await window.FormViewer.createForm({ container: host, schema, data, debounce: false });
    form.on('changed', (e) => {
      data = { ...data, ...e.data };
      try { sessionStorage.setItem(draftKey, JSON.stringify(data)); } catch { /* storage full or off: no draft */ }
    });
    translateFormErrors(host);
  } else host.append(h('p', { class: 'muted' }, t('task.noForm')));
  complete.addEventListener('click', async () => {
    let variables = {};
    if (form) {
      const result = form.submit();
      if (Object.keys(result.errors || {}).length) {
        notice(status, t('task.checkFields'), 'alert');
        status.scrollIntoView({ block: 'nearest' });
        return;
      }
      variables = result.data;
    }
    complete.disabled = true;
    try {
      await api(`/api/tasks/${key}/complete`, { method: 'POST', body: { variables, evidenceIds } });
      sessionStorage.removeItem(draftKey);
      clear(work, h('div', { class: 'alert ok', role: 'status', 'data-testid': 'completed' }, h('strong', {}, t('task.completed')), ' ',
        h('a', { href: '/console/tasks.html?scope=mine' }, t('task.backToMine'))));
      // the form is gone: without this the page stays scrolled to the case file's end
      work.scrollIntoView({ block: 'start' });
    } catch (err) {
      complete.disabled = false;
      showProblem(status, err, t('task.notCompleted'));
      status.scrollIntoView({ block: 'start' });
    }
  });
  unclaim.addEventListener('click', async () => {
    try { await api(`/api/tasks/${key}/unclaim`, { method: 'POST' }); sessionStorage.removeItem(draftKey); load(); } catch (err) { showProblem(status, err); }
  });
  return panel;
}

async function load() {
  try {
    const [item, kinds] = await Promise.all([api(`/api/tasks/${encodeURIComponent(key)}`), loadKinds()]);
    const task = item.task;
    const name = elementName(task.elementId, task.name, task.processDefinitionId);
    title.textContent = `${name} — ${item.caseId || ''}`;
    document.title = `${name} · ExportCert`;
    let file = null;
    try { file = await api(`/api/tasks/${encodeURIComponent(key)}/case-file`); } catch (e) { showProblem(messages, e, t('task.caseFileNotLoaded')); }
    clear(casefile, header(item), file ? caseFilePanel(file, kinds, (id) => `/api/tasks/${encodeURIComponent(key)}/documents/${encodeURIComponent(id)}`) : null);
    const meta = h('p', {}, t('common.due', { date: fmtDate(task.due) }), item.overdue ? h('strong', { class: 'overdue' }, t('common.overdueSuffix')) : null,
      t('task.metaPriority'), priorityBadge(task.priority), t('task.metaGroups', { groups: codes('group', task.candidateGroups) }),
      task.assignee ? t('task.assignedTo', { who: task.assignee }) : t('task.unclaimed'));
    // a task done or ended by the process (opened again from a link or the back button) offers nothing to do
    if (FINISHED.includes(task.state)) {
      clear(work, h('div', { class: 'alert ok', role: 'status', 'data-testid': 'task-finished', 'data-state': task.state },
        t(`task.finished.${task.state}`, { who: task.assignee }), ' ', h('a', { href: '/console/tasks.html?scope=mine' }, t('task.backToMine'))));
      return;
    }
    if (task.assignee === me.username) clear(work, meta, await formPanel(item, file, kinds));
    else if (!task.assignee) clear(work, meta, testPlan(file, item), claimForm());
    else clear(work, meta, h('p', {}, t('task.claimedBy', { who: task.assignee })));
  } catch (e) {
    showProblem(messages, e);
    // a task not offered to me (or gone) has no work and no case file: no empty panels under the reason
    if (!work.hasChildNodes()) document.querySelector('.split').hidden = true;
  }
}

load();
