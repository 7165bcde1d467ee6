// The program managers' modeler: drafts of the whole model bundle, edited with the bpmn.io
// distributions for Camunda 8 (served from /vendor, loaded on first use), linted live by the API.
import { api, upload, h, clear, showProblem, notice, badge, fmtDate, readQuery, writeQuery } from './api.js';
import { pagerNav, serverPage, currentPage } from './pager.js';
import { layout } from './layout.js';
import { t, code, lang, has, deployedResources } from './i18n.js';
import { editorTranslation, formEditorModules, translateFormEditor, translatePropertiesPanel } from './modeler-i18n.js';
import { showChineseNames } from './modeler-names.js';

const me = await layout('modeler');
const $ = (id) => document.getElementById(id);

const state = {
  draft: null, // summary of the open draft, or null when a release is only viewed
  files: {}, // file name -> content, the bundle being edited
  current: null, // file shown in the editor
  editor: null, // { kind, instance, save(): Promise<string> }
  dirty: false,
  diff: [],
  lint: null,
  paths: null, // the newest path run on the draft's newest revision
  names: lang === 'zh' ? 'zh' : 'en', // element names on the canvas: name.zh or the (English) name
};

// ------------------------------------------------------------------ vendor bundles, loaded once

const loaded = new Map();
function script(src) {
  if (!loaded.has(src)) {
    loaded.set(src, new Promise((resolve, reject) => {
      document.head.append(h('script', { src, onload: resolve, onerror: () => reject(new Error(`${src} did not load`)) }));
    }));
  }
  return loaded.get(src);
}
function css(...hrefs) {
  hrefs.forEach((href) => {
    if (!document.querySelector(`link[href="${href}"]`)) document.head.append(h('link', { rel: 'stylesheet', href }));
  });
}
let templates;
async function elementTemplates() {
  templates ??= await api('/api/models/element-templates');
  return templates;
}

// ------------------------------------------------------------------ editors

async function bpmnEditor(container, properties, xml) {
  css('/vendor/camunda-bpmn-js/assets/camunda-cloud-modeler.css');
  await script('/vendor/camunda-bpmn-js/camunda-cloud-modeler.production.min.js');
  const modeler = new window.BpmnModeler({
    container, propertiesPanel: { parent: properties }, elementTemplates: await elementTemplates(),
    additionalModules: editorTranslation(),
  });
  untranslated(modeler, translatePropertiesPanel(properties));
  const chinese = state.names === 'zh' ? showChineseNames(xml) : null;
  await modeler.importXML(chinese ? chinese.xml : xml);
  const restore = chinese ? chinese.bind(modeler) : (saved) => saved;
  fitBesidePalette(modeler.get('canvas'));
  modeler.on('commandStack.changed', changed);
  return { kind: 'bpmn', instance: modeler, save: async () => restore((await modeler.saveXML({ format: true })).xml) };
}

/** The whole diagram in view, right of the palette (fit-viewport alone puts the start under it). */
function fitBesidePalette(canvas) {
  canvas.zoom('fit-viewport', 'auto');
  const container = canvas.getContainer();
  const palette = container.querySelector('.djs-palette');
  const { outer, scale } = canvas.viewbox();
  const room = palette ? palette.getBoundingClientRect().right - container.getBoundingClientRect().left + 12 : 0;
  if (!room || room >= outer.width / 2) return;
  canvas.zoom(scale * ((outer.width - room) / outer.width), { x: 0, y: outer.height / 2 });
  canvas.scroll({ dx: room, dy: 0 });
}

/** The observers that translate what an editor renders without translate(), stopped with the editor. */
function untranslated(editor, observers) {
  const destroy = editor.destroy.bind(editor);
  editor.destroy = () => { observers.forEach((o) => o.disconnect()); destroy(); };
}

async function dmnEditor(container, properties, xml) {
  css('/vendor/camunda-dmn-js/assets/camunda-cloud-modeler.css');
  await script('/vendor/camunda-dmn-js/camunda-cloud-modeler.production.min.js');
  // dmn-js gives each view its own options (common ones are overridden by camunda-dmn-js)
  const translation = { additionalModules: editorTranslation() };
  const modeler = new window.DmnModeler({
    container, drd: { propertiesPanel: { parent: properties }, ...translation },
    decisionTable: translation, literalExpression: translation, boxedExpression: translation,
  });
  const listen = () => modeler.getActiveViewer()?.get('eventBus').on('elements.changed', changed);
  modeler.on('views.changed', listen);
  // only the DRD has a properties panel: a decision table gets the editor's whole width
  modeler.on('views.changed', ({ activeView }) => showProperties(activeView?.type === 'drd'));
  await modeler.importXML(xml);
  // a program manager comes for the rules: open the (first) decision table, not the DRD
  const table = modeler.getViews().find((v) => v.type === 'decisionTable');
  if (table) await modeler.open(table);
  listen();
  return { kind: 'dmn', instance: modeler, save: async () => (await modeler.saveXML({ format: true })).xml };
}

async function formEditor(container, properties, text) {
  css('/vendor/form-js/assets/form-js.css', '/vendor/form-js/assets/form-js-editor.css',
    '/vendor/form-js/assets/properties-panel.css', '/vendor/form-js/assets/draggle.css');
  await script('/vendor/form-js/form-editor.umd.js');
  const editor = new window.FormEditor.FormEditor({ container, propertiesPanel: { parent: properties }, additionalModules: formEditorModules() });
  // form-js has no translate hook: its own words are translated where it renders them
  untranslated(editor, translateFormEditor(container, properties));
  await editor.importSchema(JSON.parse(text));
  editor.on('changed', changed);
  return { kind: 'form', instance: editor, save: async () => `${JSON.stringify(editor.saveSchema(), null, 2)}\n` };
}

/** Gives the properties panel its column, or (a view without one) the canvas the whole width. */
function showProperties(shown) {
  $('properties').closest('.modeler-layout').classList.toggle('no-properties', !shown);
}

/** A path file (paths/*.paths.json) as text: the lint checks it, the path tests run it. */
async function pathsEditor(container, properties, text) {
  showProperties(false);
  const area = h('textarea', { id: 'paths-source', class: 'source', rows: 30, spellcheck: 'false', 'aria-label': t('modeler.pathsFile') });
  area.value = text;
  area.addEventListener('input', changed);
  container.append(area);
  return { kind: 'paths', instance: { destroy: () => area.remove() }, save: async () => area.value };
}

async function openFile(name) {
  await keepCurrent();
  state.editor?.instance.destroy();
  state.editor = null;
  state.current = name;
  const canvas = $('canvas');
  const properties = $('properties');
  canvas.replaceChildren();
  properties.replaceChildren();
  showProperties(true);
  const open = name.endsWith('.bpmn') ? bpmnEditor : name.endsWith('.dmn') ? dmnEditor
    : name.endsWith('.paths.json') ? pathsEditor : formEditor;
  showNamesChoice(name);
  try {
    state.editor = await open(canvas, properties, state.files[name]);
    state.editor.pristine = await state.editor.save();
    canvas.dataset.file = name;
    canvas.dataset.ready = 'true';
    markDiagram();
  } catch (e) {
    clear(canvas, h('p', { class: 'alert', role: 'alert' }, t('modeler.cannotOpen', { file: name, message: e.message })));
  }
}

/** The names-on-the-canvas choice and what editing a name then changes, for process files. */
function showNamesChoice(name) {
  const bpmn = name.endsWith('.bpmn');
  $('names-choice').hidden = !bpmn;
  $('names').value = state.names;
  $('names-hint').textContent = bpmn ? t(state.names === 'zh' ? 'modeler.names.hintZh' : 'modeler.names.hintEn') : '';
}

$('names').addEventListener('change', async () => {
  state.names = $('names').value;
  if (state.current) await openFile(state.current);
});

/** The editor's content back into the bundle (before switching files, saving or linting). */
async function keepCurrent() {
  const editor = state.editor;
  if (!editor || !state.current) return;
  const content = await editor.save();
  // an editor writes a file it only showed in its own layout: keep the file as it was unless its content changed
  // (else a table change also deployed a new version of every process merely looked at, listed as "changed")
  if (content !== editor.pristine) state.files[state.current] = content;
}

// ------------------------------------------------------------------ live lint

let lintTimer;
function changed() {
  state.dirty = true;
  showState();
  clearTimeout(lintTimer);
  lintTimer = setTimeout(lint, 700);
}

function bundle() {
  const data = new FormData();
  Object.entries(state.files).forEach(([name, content]) => data.append('files', new Blob([content]), name));
  return data;
}

// each lint is numbered: the answer to an older one (the bundle's first check, still under way when
// the first edit's check starts) must not overwrite a newer one, which showed "no errors" for a table
// holding "10 days"
let lintRun = 0;

async function lint() {
  const run = ++lintRun;
  $('lint-state').textContent = t('modeler.checking');
  try {
    await keepCurrent();
    const result = await upload('/api/models/lint', bundle());
    if (run !== lintRun) return;
    state.lint = result;
    const errors = state.lint.findings.filter((f) => f.severity === 'ERROR');
    $('lint-state').textContent = state.lint.clean ? t('modeler.clean') : t('modeler.errors', { n: errors.length });
    $('lint-state').dataset.clean = String(state.lint.clean);
    clear($('lint'), state.lint.findings.length ? h('ul', { 'data-testid': 'lint-findings' }, state.lint.findings.map((f) =>
      h('li', { title: f.code || f.rule }, badge(code('severity', f.severity), f.severity === 'ERROR' ? 'bad' : 'warn'), ` ${f.file} ${f.element || ''}${t('common.labelSeparator')}${f.message}`))) : null);
    markDiagram();
    if ($('approval-paths').dataset.state !== 'running') showApproval(); // the line by Approve says what the lint found
  } catch (e) { if (run === lintRun) showProblem($('lint'), e, t('modeler.lintFailed')); }
}

/** Lint findings and differences of the file on screen, marked on its elements. */
function markDiagram() {
  const ed = state.editor;
  if (!ed || ed.kind !== 'bpmn') return;
  const canvas = ed.instance.get('canvas');
  const registry = ed.instance.get('elementRegistry');
  const overlays = ed.instance.get('overlays');
  overlays.remove({ type: 'lint' });
  registry.getAll().forEach((el) => ['ec-lint-error', 'ec-lint-warning', 'ec-diff-added', 'ec-diff-changed', 'ec-path-taken']
    .forEach((c) => canvas.removeMarker(el.id, c)));
  const processId = canvas.getRootElement()?.businessObject?.id;
  const taken = new Set(state.paths?.coverage?.[processId] || []);
  const countable = registry.filter((el) => !el.labelTarget && el.type !== 'bpmn:Process' && el.type !== 'label');
  countable.filter((el) => taken.has(el.id)).forEach((el) => canvas.addMarker(el.id, 'ec-path-taken'));
  const summary = $('paths-coverage');
  if (summary) {
    summary.textContent = state.paths && taken.size ? t('modeler.paths.coverage', {
      taken: countable.filter((el) => taken.has(el.id)).length, total: countable.length, process: processName(processId) }) : '';
    summary.dataset.taken = String(countable.filter((el) => taken.has(el.id)).length);
  }
  (state.diff.find((d) => d.file === state.current)?.changes || []).forEach((c) => {
    if (registry.get(c.id) && c.status !== 'REMOVED') canvas.addMarker(c.id, c.status === 'ADDED' ? 'ec-diff-added' : 'ec-diff-changed');
  });
  (state.lint?.findings || []).filter((f) => f.file === state.current && f.element && registry.get(f.element)).forEach((f) => {
    canvas.addMarker(f.element, f.severity === 'ERROR' ? 'ec-lint-error' : 'ec-lint-warning');
    overlays.add(f.element, 'lint', { position: { bottom: 6, left: 0 }, html: h('div', { class: 'ov lint', title: f.message }, `${code('severity', f.severity)}${t('common.labelSeparator')}${f.message}`) });
  });
}

// ------------------------------------------------------------------ differences

async function loadDiff() {
  if (!state.draft) { clear($('diff')); state.diff = []; return; }
  try {
    state.diff = await api(`/api/models/drafts/${state.draft.id}/diff`);
    const changedFiles = state.diff.filter((d) => d.status !== 'UNCHANGED');
    clear($('diff'), changedFiles.length ? h('div', { 'data-testid': 'diff' }, changedFiles.map((d) => h('details', { open: true },
      h('summary', {}, `${d.file}${t('common.labelSeparator')}${code('diffStatus', d.status)}`),
      h('ul', {}, d.changes.map((c) => h('li', { 'data-element': c.id },
        h('span', { class: `diff-${c.status.toLowerCase()}` }, code('diffStatus', c.status)), ` ${has(`diffType.${c.type}`) ? t(`diffType.${c.type}`) : c.type} ${c.name || c.id}`,
        c.before || c.after ? h('div', { class: 'muted' }, c.before ? t('modeler.before', { value: c.before }) : '', c.before && c.after ? ' — ' : '',
          c.after ? t('modeler.after', { value: c.after }) : '') : null))))))
      : h('p', { class: 'muted' }, t('modeler.noDifferences')));
    markDiagram();
  } catch (e) { showProblem($('diff'), e); }
}

// ------------------------------------------------------------------ impact

/** JSON text of a recorded value as people read it: "P90D" -> P90D. */
const plain = (v) => (v === null || v === undefined ? '—' : String(v).replace(/^"(.*)"$/, '$1'));
const caseLink = (c) => (c.caseId ? h('span', { 'data-raw': '' }, c.caseId) : h('span', { class: 'muted' }, t('modeler.impact.noCase')));

function decisionImpact(d, keep) {
  const rows = d.cases.map((c) => h('tr', { 'data-case': c.caseId || '', 'data-outcome': c.outcome },
    h('td', { class: 'nowrap' }, caseLink(c)),
    h('td', { class: 'nowrap' }, fmtDate(c.evaluatedAt)),
    h('td', { 'data-raw': '' }, c.inputs.map((i) => `${i.name || i.id} = ${typeof i.value === 'string' ? i.value : JSON.stringify(i.value)}`).join('; ')),
    h('td', {}, c.outcome === 'CHANGED'
      ? h('ul', { class: 'plain' }, c.changes.map((ch) => h('li', { 'data-output': ch.output || '' },
        `${ch.output ? `${ch.output}: ` : ''}${plain(ch.before)} → ${plain(ch.after)}`)))
      : c.missingInput ? t('modeler.impact.missingInput', { input: c.missingInput }) : t('modeler.impact.failed', { failure: c.failure }))));
  return h('section', { class: 'impact', 'data-decision': d.decisionId },
    h('h4', {}, t('modeler.impact.decision', { name: d.decisionName || d.decisionId, file: d.file })),
    d.tableProblem ? h('p', { class: 'alert', role: 'alert' }, t('modeler.impact.tableProblem', { problem: d.tableProblem })) : null,
    h('p', {}, d.evaluations ? t('modeler.impact.summary', { n: d.evaluations, keep, changed: d.changed, notComparable: d.notComparable })
      : t('modeler.impact.noEvaluations')),
    rows.length ? h('div', { class: 'table-wrap' }, h('table', { 'data-testid': 'impact-cases' },
      h('thead', {}, h('tr', {}, ['modeler.impact.case', 'modeler.impact.evaluated', 'modeler.impact.inputs', 'modeler.impact.change']
        .map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, rows)))
      : d.evaluations ? h('p', { class: 'muted' }, t('modeler.impact.noChange')) : null);
}

function processImpact(p) {
  return h('section', { class: 'impact', 'data-process': p.processId },
    h('h4', {}, t('modeler.impact.process', { name: p.name || p.processId, file: p.file })),
    h('p', {}, p.deployedVersion ? t('modeler.impact.newCases', { version: p.deployedVersion }) : t('modeler.impact.newProcess')),
    p.running.length ? h('ul', { 'data-testid': 'impact-running' }, p.running.map((v) => h('li', { 'data-version': v.version },
      t('modeler.impact.stay', { n: v.running, version: v.version, tag: v.versionTag }), ' ',
      ...v.cases.flatMap((c, i) => [i ? ', ' : '', caseLink(c), c.hasIncident ? ` (${t('modeler.impact.incident')})` : '']),
      // the server lists at most 100 per version: say so, and where all of them are
      v.cases.length < v.running ? h('span', { class: 'muted', 'data-testid': 'impact-more' }, ' ',
        t('modeler.impact.more', { shown: v.cases.length, n: v.running })) : null)))
      : h('p', { class: 'muted' }, t('modeler.impact.noneRunning')),
    p.running.length ? h('p', { class: 'muted' }, t('modeler.impact.moveHint')) : null);
}

async function loadImpact() {
  const box = $('impact');
  if (!state.draft) { clear(box); return; }
  clear(box, h('p', { class: 'muted' }, t('modeler.impact.loading')));
  box.dataset.ready = 'false';
  try {
    const r = await api(`/api/models/drafts/${state.draft.id}/impact`);
    clear(box, h('div', { 'data-testid': 'impact', 'data-revision': r.revision },
      r.syncProblem ? h('p', { class: 'warn' }, t('modeler.impact.syncProblem', { problem: r.syncProblem })) : null,
      r.decisions.length || r.processes.length ? null : h('p', { class: 'muted' }, t('modeler.impact.none')),
      ...r.decisions.map((d) => decisionImpact(d, r.keepPerDecision)),
      ...r.processes.map(processImpact)));
    box.dataset.ready = 'true';
  } catch (e) { showProblem(box, e); }
}

// ------------------------------------------------------------------ path tests

/**
 * Next to the approve button: approval needs the newest path run of exactly this revision to have
 * passed every path (the server refuses otherwise), so say where this revision stands.
 */
function showApproval(running = false) {
  const box = $('approval-paths');
  const d = state.draft;
  const run = state.paths;
  if (!d || d.status === 'DEPLOYED' || d.status === 'DISCARDED' || state.pathsLoading) { clear(box); box.dataset.state = ''; return; }
  const stateOf = running ? 'running' : !run ? 'none' : run.passed ? 'passed' : 'failed';
  box.dataset.state = stateOf;
  box.dataset.revision = d.revision;
  const runButton = () => h('button', { type: 'button', class: 'secondary', 'data-testid': 'approval-run-paths',
    disabled: state.dirty, onclick: runPaths }, t('modeler.paths.run'));
  const failedCount = run ? run.results.filter((r) => !r.passed).length : 0;
  // the live lint checks what is on screen: the saved revision unless there are unsaved edits
  const lintErrors = !state.dirty && state.lint ? state.lint.findings.filter((f) => f.severity === 'ERROR').length : 0;
  box.dataset.lintErrors = String(lintErrors);
  clear(box, ...({
    running: [badge(t('modeler.approval.runningBadge'), 'info'), ' ', t('modeler.approval.running', { revision: d.revision })],
    none: [badge(t('modeler.approval.noneBadge'), 'warn'), ' ', t('modeler.approval.none', { revision: d.revision }), ' ', runButton()],
    // passing paths alone do not make a revision approvable: a lint error refuses it too, so say that here
    passed: [badge(t('modeler.paths.passed'), 'ok'), ' ', lintErrors
      ? t('modeler.approval.passedLintErrors', { revision: d.revision, at: fmtDate(run?.finishedAt), n: lintErrors })
      : t('modeler.approval.passed', { revision: d.revision, at: fmtDate(run?.finishedAt) })],
    failed: [badge(t('modeler.paths.failed'), 'bad'), ' ', run?.engineRefusal ? t('modeler.approval.refused', { revision: d.revision })
      : t('modeler.approval.failed', { revision: d.revision, failed: failedCount, n: run?.results.length || 0 }), ' ', runButton()],
  })[stateOf]);
}

function showPaths() {
  const box = $('paths');
  const run = state.paths;
  showApproval();
  if (!state.draft) { clear(box); return; }
  if (!run) { clear(box, h('p', { class: 'muted', 'data-testid': 'paths-none' }, t('modeler.paths.notRun', { revision: state.draft.revision }))); return; }
  const passed = run.results.filter((r) => r.passed).length;
  clear(box, h('div', { 'data-testid': 'paths', 'data-passed': String(run.passed), 'data-revision': run.revision },
    h('p', {}, badge(run.passed ? t('modeler.paths.passed') : t('modeler.paths.failed'), run.passed ? 'ok' : 'bad'), ' ',
      t('modeler.paths.summary', { passed, n: run.results.length, revision: run.revision, by: run.runBy, at: fmtDate(run.finishedAt) })),
    run.engineRefusal ? h('p', { class: 'alert', role: 'alert' }, t('modeler.paths.refused', { reason: run.engineRefusal })) : null,
    h('ul', {}, run.results.map((r) => h('li', { 'data-path': r.path, 'data-passed': String(r.passed) },
      badge(r.passed ? t('modeler.paths.passed') : t('modeler.paths.failed'), r.passed ? 'ok' : 'bad'), ' ', t('modeler.paths.item', { process: processName(r.process), path: pathName(r) }),
      r.failures.length ? h('ul', { class: 'plain' }, r.failures.map((f) => h('li', { class: 'muted', title: f.code, 'data-failure': f.code },
        withElementNames(f.message, f.args)))) : null))),
    h('p', { id: 'paths-coverage', class: 'muted' })));
  markDiagram();
}

/** A process of the bundle by its name in this language (name.zh on Chinese pages), else its id. */
function processName(id) {
  for (const [file, text] of Object.entries(state.files || {})) {
    if (!file.endsWith('.bpmn') || !text.includes(`id="${id}"`)) continue;
    const process = [...new DOMParser().parseFromString(text, 'application/xml').getElementsByTagNameNS('*', 'process')]
      .find((p) => p.getAttribute('id') === id);
    if (!process) continue;
    const zh = [...process.getElementsByTagNameNS('*', 'property')]
      .find((p) => p.getAttribute('name') === 'name.zh' && p.parentNode?.parentNode?.parentNode === process);
    return (lang === 'zh' && zh?.getAttribute('value')) || process.getAttribute('name') || id;
  }
  return id;
}

/**
 * A path failure as people read it: each element the runner names by id ("Waited 30 s for
 * Task_AwaitInformation") by its name in this language, the id kept in brackets for the diagram.
 */
function withElementNames(message, args = []) {
  // a process state the runner waited for ("COMPLETED") in words
  for (const a of args) {
    if (/^(ACTIVE|COMPLETED|TERMINATED)$/.test(a)) message = message.replace(`(${a})`, `(${lang === 'zh' ? code('state', a) : code('state', a).toLowerCase()})`);
  }
  const ids = new Set(args.flatMap((a) => String(a).split(/[\s,]+/)).filter((a) => /^[A-Za-z][\w.-]*$/.test(a)));
  if (!ids.size) return message;
  const names = elementNamesOfDraft();
  return [...ids].reduce((text, id) => (names.has(id)
    ? text.replace(new RegExp(`(^|[^\\w.-])${id.replace(/[.-]/g, '\\$&')}(?![\\w.-])`, 'g'),
      (m, before) => `${before}${t('modeler.paths.element', { name: names.get(id), id })}`) : text), message);
}

let draftNames = { files: null, names: new Map() };
/** Element id -> name (name.zh on Chinese pages) over the draft's processes, read once per bundle. */
function elementNamesOfDraft() {
  if (draftNames.files === state.files) return draftNames.names;
  const names = new Map();
  for (const [file, text] of Object.entries(state.files || {})) {
    if (!file.endsWith('.bpmn')) continue;
    const doc = new DOMParser().parseFromString(text, 'application/xml');
    for (const el of doc.querySelectorAll('[id][name]')) names.set(el.getAttribute('id'), el.getAttribute('name'));
    if (lang !== 'zh') continue;
    for (const p of doc.getElementsByTagNameNS('*', 'property')) {
      const owner = p.parentNode?.parentNode?.parentNode;
      if (p.getAttribute('name') === 'name.zh' && owner?.getAttribute?.('id') && p.getAttribute('value')) names.set(owner.getAttribute('id'), p.getAttribute('value'));
    }
  }
  draftNames = { files: state.files, names };
  return names;
}

/** A path's name in this language: its name.zh on Chinese pages (runs stored before it have none). */
function pathName(r) {
  return lang === 'zh' && r.pathZh ? r.pathZh : r.path;
}

async function loadPaths() {
  state.paths = null;
  if (!state.draft) { showPaths(); return; }
  state.pathsLoading = true;
  showApproval();
  try {
    // 204 (null) until a run on this revision: the page shows "not run yet"
    state.paths = await api(`/api/models/drafts/${state.draft.id}/path-runs/latest`);
  } catch (e) {
    showProblem($('paths'), e);
  } finally { state.pathsLoading = false; }
  showPaths();
}

async function runPaths() {
  const button = $('run-paths');
  button.disabled = true;
  clear($('approval-problem'));
  showApproval(true);
  clear($('paths'), h('p', { class: 'muted' }, t('modeler.paths.running')));
  try {
    state.paths = await api(`/api/models/drafts/${state.draft.id}/path-runs`, { method: 'POST' });
    showPaths();
  } catch (e) {
    showApproval();
    showProblem($('paths'), e, t('modeler.paths.notRunTitle'));
  } finally { button.disabled = !state.draft || state.dirty; }
}
$('run-paths').addEventListener('click', runPaths);

// ------------------------------------------------------------------ drafts

function showState() {
  const d = state.draft;
  const editable = d && (d.status === 'OPEN' || d.status === 'APPROVED');
  $('editor-h').textContent = d ? `${d.name}` : t('modeler.release');
  $('draft-state').textContent = d
    ? [t('modeler.revision', { revision: d.revision }), code('draftStatus', d.status), d.approvedBy ? t('modeler.approvedBy', { who: d.approvedBy }) : null,
      t('modeler.savedBy', { who: d.savedBy, date: fmtDate(d.savedAt) }), state.dirty ? t('modeler.unsaved') : null].filter(Boolean).join(' · ')
    : '';
  $('draft-state').dataset.status = d?.status || 'RELEASE';
  $('draft-state').dataset.revision = d?.revision || '';
  $('save').disabled = !editable || !state.dirty;
  $('discard').disabled = !editable;
  $('approve').disabled = !d || d.status !== 'OPEN' || state.dirty || d.author === me.username;
  $('approve').title = d?.author === me.username ? t('modeler.ownDraft') : '';
  $('deploy').disabled = !d || d.status !== 'APPROVED' || state.dirty;
  $('download').hidden = !d;
  $('run-paths').disabled = !d || state.dirty || d.status === 'DISCARDED';
  $('run-paths').title = state.dirty ? t('modeler.paths.saveFirst') : '';
  if (d) $('download').href = `/api/models/drafts/${d.id}/bundle.zip`;
  showApproval();
}

async function openBundle(draft, files, file) {
  state.editor?.instance.destroy();
  state.editor = null;
  state.current = null;
  state.draft = draft;
  state.files = { ...files };
  state.dirty = false;
  state.lint = null;
  $('editor-card').hidden = false;
  clear($('approval-problem'));
  const names = Object.keys(state.files).sort();
  clear($('file'), names.map((n) => h('option', { value: n }, n)));
  const first = file && names.includes(file) ? file : names.find((n) => n.endsWith('.bpmn')) || names[0];
  $('file').value = first;
  showState();
  await openFile(first);
  await loadDiff();
  lint();
  loadImpact();
  loadPaths();
}

async function openDraft(id, file) {
  try {
    const d = await api(`/api/models/drafts/${id}`);
    writeQuery({ ...readQuery(), draft: id, file: file || '' }); // the list pages stay
    await openBundle(d.draft, d.files, file);
  } catch (e) { showProblem($('messages'), e); }
}

async function openRelease(id) {
  try {
    const r = await api(`/api/models/releases/${id}`);
    await openBundle(null, r.files);
  } catch (e) { showProblem($('messages'), e); }
}

/**
 * Release 0 is the models shipped with ExportCert: named in words, not by its tag; a deployed draft by
 * the name its author gave the change (a Chinese name leaves the tag without words: draft-1-r3).
 */
const releaseName = (r) => (!r.id ? t('modeler.shippedRelease') : r.draftName ? `${r.draftName} (${r.versionTag})` : r.versionTag);

const PAGE = 20;
const releaseLabel = (r, deployed) => `${releaseName(r)}${r.id ? ` · ${fmtDate(r.deployedAt)} · ${r.deployedBy}` : ''}${deployed ? ` ${t('modeler.deployedMark')}` : ''}`;

/** "Start from": the newest releases; an older one is chosen with "Start from this" in the list below. */
async function loadStartFrom() {
  const newest = await api(`/api/models/releases?size=${PAGE}`);
  const options = newest.items.map((r, i) => h('option', { value: r.id }, releaseLabel(r, i === 0)));
  clear($('draft-from'), options);
}

function chooseStartFrom(r) {
  const select = $('draft-from');
  if (![...select.options].some((o) => o.value === String(r.id))) select.append(h('option', { value: r.id }, releaseLabel(r, false)));
  select.value = String(r.id);
  $('draft-name').focus();
}

// drafts and releases are paged by the server (dpage / rpage in the query string)
async function loadDraftList() {
  const page = currentPage('d');
  const r = await api(`/api/models/drafts?page=${page - 1}&size=${PAGE}`);
  const drafts = r.items;
  clear($('drafts'), h('div', { class: 'table-wrap' }, h('table', { 'data-testid': 'drafts' },
    h('thead', {}, h('tr', {}, [t('modeler.colDraft'), t('modeler.colAuthor'), t('modeler.colStatus'), t('modeler.colRevision'), ''].map((label) => h('th', { scope: 'col' }, label)))),
    h('tbody', {}, drafts.length ? drafts.map((d) => h('tr', { 'data-draft': d.id },
      h('td', {}, d.name), h('td', {}, d.author), h('td', {}, badge(code('draftStatus', d.status), d.status === 'DISCARDED' ? 'warn' : 'info')),
      h('td', {}, String(d.revision)), h('td', {}, h('button', { type: 'button', class: 'secondary', onclick: () => openDraft(d.id) }, t('modeler.open')))))
      : h('tr', {}, h('td', { colspan: 5, class: 'muted' }, t('modeler.noDrafts')))))),
    pagerNav(serverPage(r), () => loadDraftList().catch((e) => showProblem($('messages'), e)), t('pager.drafts'), 'd'));
}

async function loadReleaseList() {
  const page = currentPage('r');
  const r = await api(`/api/models/releases?page=${page - 1}&size=${PAGE}`);
  clear($('releases'), h('ul', { 'data-testid': 'releases' }, r.items.map((x) => h('li', { 'data-release': x.id }, `${releaseName(x)} ${x.id ? fmtDate(x.deployedAt) : ''} `,
    h('button', { type: 'button', class: 'secondary', onclick: () => openRelease(x.id) }, t('modeler.view')), ' ',
    h('button', { type: 'button', class: 'secondary', onclick: () => chooseStartFrom(x) }, t('modeler.startFromThis'))))),
    pagerNav(serverPage(r), () => loadReleaseList().catch((e) => showProblem($('messages'), e)), t('pager.releases'), 'r'));
}

async function loadDrafts() {
  try {
    await Promise.all([loadStartFrom(), loadDraftList(), loadReleaseList()]);
  } catch (e) { showProblem($('messages'), e); }
}

$('new-draft').addEventListener('submit', async (e) => {
  e.preventDefault();
  try {
    const d = await api('/api/models/drafts', { method: 'POST', body: { name: $('draft-name').value, fromRelease: Number($('draft-from').value) } });
    notice($('messages'), t('modeler.draftStarted', { name: d.name }));
    $('draft-name').value = '';
    await loadDrafts();
    await openDraft(d.id);
  } catch (err) { showProblem($('messages'), err, t('modeler.noDraft')); }
});

$('file').addEventListener('change', () => {
  // the address names the file too, so the language switch (a reload) reopens it
  if (state.draft) history.replaceState(null, '', `?draft=${state.draft.id}&file=${encodeURIComponent($('file').value)}`);
  openFile($('file').value);
});

$('save').addEventListener('click', async () => {
  try {
    await keepCurrent();
    const saved = await upload(`/api/models/drafts/${state.draft.id}/revisions?baseRevision=${state.draft.revision}`, bundle());
    state.draft = saved;
    state.dirty = false;
    notice($('messages'), t('modeler.saved', { revision: saved.revision }));
    showState();
    await loadDiff();
    loadImpact();
    loadPaths();
    loadDrafts();
  } catch (err) { showProblem($('messages'), err, t('modeler.notSaved')); }
});

async function step(path, body, done, problems = $('messages')) {
  clear($('approval-problem'));
  try {
    const r = await api(path, { method: 'POST', body });
    notice($('messages'), done(r));
    await loadDrafts();
    await openDraft(state.draft.id, state.current);
  } catch (err) { showProblem(problems, err).scrollIntoView({ block: 'nearest' }); }
}
// a refusal (path tests not passed, lint, four eyes) shows right under the approve button
$('approve').addEventListener('click', () => step(`/api/models/drafts/${state.draft.id}/approval`, { revision: state.draft.revision },
  (d) => t('modeler.approved', { revision: d.approvedRevision }), $('approval-problem')));
$('deploy').addEventListener('click', () => step(`/api/models/drafts/${state.draft.id}/deployment`, undefined,
  (r) => t('modeler.deployed', { resources: deployedResources(r.deployment.resources), key: r.deployment.deploymentKey })));
$('discard').addEventListener('click', async () => {
  if (!confirm(t('modeler.confirmDiscard'))) return;
  try {
    await api(`/api/models/drafts/${state.draft.id}`, { method: 'DELETE' });
    notice($('messages'), t('modeler.discarded'));
    $('editor-card').hidden = true;
    loadDrafts();
  } catch (err) { showProblem($('messages'), err); }
});

window.addEventListener('beforeunload', (e) => { if (state.dirty) e.preventDefault(); });

await loadDrafts();
const q = new URLSearchParams(location.search);
if (q.get('draft')) openDraft(q.get('draft'), q.get('file'));
