import { api, upload, h, clear, showProblem, notice, badge, statusBadge, tableHead, readQuery, writeQuery } from './api.js';
import { t, code, elementName, lang, localized, deployedResources } from './i18n.js';
import { layout } from './layout.js';
import { showDiagram, mark, badgeOn } from './diagram.js';
import { pagedList, pagerNav, serverPage, currentPage } from './pager.js';

await layout('models');
const $ = (id) => document.getElementById(id);
const filesInput = $('files');
const deployButton = $('deploy');
const progress = $('upload-progress');

function bundle() {
  const data = new FormData();
  [...filesInput.files].forEach((f) => data.append('files', f, f.name));
  return data;
}

async function showFindingsOnDiagram(report) {
  const host = $('lint-diagram');
  const bpmns = [...filesInput.files].filter((f) => f.name.endsWith('.bpmn'));
  // draw the model with the most findings on elements; the others are listed in the table
  const per = (f) => report.findings.filter((x) => x.file === f.name && x.element).length;
  const file = bpmns.sort((a, b) => per(b) - per(a))[0];
  if (!file) { host.hidden = true; return; }
  host.hidden = false;
  try {
    const viewer = await showDiagram(host, await file.text());
    report.findings.filter((x) => x.file === file.name && x.element).forEach((x) => {
      const cls = x.severity === 'ERROR' ? 'ec-lint-error' : 'ec-lint-warning';
      if (mark(viewer, x.element, cls)) badgeOn(viewer, x.element, `${code('severity', x.severity)}${t('common.labelSeparator')}${x.message}`, 'lint', { bottom: 6, left: 0 });
    });
  } catch (e) {
    clear(host, h('p', { class: 'alert' }, t('models.cannotDraw', { file: file.name, message: e.message })));
  }
}

function reportTable(report) {
  return h('div', { class: 'table-wrap' }, h('table', { 'data-testid': 'lint-report' },
    h('caption', {}, report.clean ? t('models.clean') : t('models.errors', { n: report.findings.filter((f) => f.severity === 'ERROR').length })),
    tableHead('models.severity', 'common.file', 'case.element', 'models.rule', 'models.message'),
    h('tbody', {}, report.findings.length ? report.findings.map((f) => h('tr', {},
      h('td', {}, badge(code('severity', f.severity), f.severity === 'ERROR' ? 'bad' : 'warn')), h('td', {}, f.file), h('td', {}, f.element || '—'), h('td', { title: f.code || f.rule, class: 'nowrap' }, f.ruleName || f.rule), h('td', {}, f.message)))
      : h('tr', {}, h('td', { colspan: 5 }, t('models.noFindings'))))));
}

$('bundle').addEventListener('submit', async (e) => {
  e.preventDefault();
  if (!filesInput.files.length) { filesInput.focus(); return; }
  deployButton.disabled = true;
  try {
    const report = await upload('/api/models/lint', bundle(), progress);
    clear($('report'), reportTable(report));
    deployButton.disabled = !report.clean;
    await showFindingsOnDiagram(report);
  } catch (err) { showProblem($('report'), err, t('models.lintFailed')); }
});
filesInput.addEventListener('change', () => { deployButton.disabled = true; clear($('report')); $('lint-diagram').hidden = true; });

deployButton.addEventListener('click', async () => {
  deployButton.disabled = true;
  try {
    const r = await upload('/api/models/deployments', bundle(), progress);
    notice($('messages'), t('models.deployedAs', { key: r.deployment.deploymentKey, resources: deployedResources(r.deployment.resources) }));
    loadModels();
  } catch (err) {
    showProblem($('messages'), err, t('models.notDeployed'));
    if (err.problem?.report) { clear($('report'), reportTable(err.problem.report)); showFindingsOnDiagram(err.problem.report); }
  }
});

/** The version shown below the list, kept in the query string (?mv=<key>) so a reload or the language switch shows it again. */
async function openVersion(d) {
  const q = readQuery();
  if (q.mv !== String(d.key)) { q.mv = String(d.key); q.vq = ''; q.vpage = ''; writeQuery(q); }
  const host = $('version-cases');
  try {
    const cases = await api(`/api/models/${d.key}/cases`);
    const list = h('div', {});
    clear(host, h('h3', {}, t('models.versionCases', { process: d.processDefinitionId, version: d.version, tag: d.versionTag ? ` (${d.versionTag})` : '', n: cases.length })),
      cases.length ? list : h('p', { class: 'muted' }, t('models.noCases')));
    // every case of the version (the API reads the engine to the end), paged, filter and page in the URL
    if (cases.length) pagedList(list, { key: 'v', label: t('pager.versionCases'), text: (c) => [c.caseId, c.state],
      draw: (page) => h('ul', {}, page.map((c) => h('li', {}, `${c.caseId || t('models.noCaseId')} · `, statusBadge(c.state, 'state'), c.hasIncident ? [' ', badge(t('common.incidentBadge'), 'bad')] : null))) }).set(cases);
    const xml = await api(`/api/console/process-definitions/${d.key}/xml`, { accept: 'text/xml' });
    $('version-diagram').hidden = false;
    await showDiagram($('version-diagram'), xml);
  } catch (e) { showProblem(host, e); }
}

let reopened = false;

/** The deployed versions a page at a time from the server (by process, newest first), found by process, version or tag (?mq=…&mpage=…). */
async function loadModels() {
  const filter = readQuery().mq || '';
  try {
    const r = await api(`/api/models?${new URLSearchParams({ q: filter, page: currentPage('m') - 1, size: 50 })}`);
    const byId = new Map();
    r.items.forEach((d) => byId.set(d.processDefinitionId, [...(byId.get(d.processDefinitionId) || []), d]));
    const search = h('input', { type: 'search', id: 'models-filter', value: filter, 'data-testid': 'mfilter' });
    const form = h('form', { class: 'field filter', role: 'search' },
      h('label', { for: 'models-filter' }, t('models.search')), h('div', { class: 'search-row' }, search, h('button', { type: 'submit', class: 'secondary' }, t('common.search'))));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const q = readQuery(); q.mq = search.value.trim(); q.mpage = ''; writeQuery(q);
      loadModels();
    });
    if (!r.total && !filter) { clear($('models'), h('p', { class: 'muted' }, t('models.nothingDeployed'))); return; }
    clear($('models'), form, h('div', { class: 'table-wrap' }, h('table', { 'data-testid': 'deployed-versions' },
      h('caption', {}, t('models.versionsOnPage', { n: r.items.length, total: r.total })),
      tableHead('models.process', 'models.versions'),
      // the process by its name in the reader's language, its id small beside it
      h('tbody', {}, byId.size ? [...byId.entries()].map(([id, versions]) => h('tr', { 'data-process': id }, h('td', {},
        h('span', { class: 'process-name' }, elementName(id, versions[0].name || id, id)), ' ', h('small', { class: 'muted process-id' }, id)),
        h('td', {}, h('div', { class: 'actions' }, versions.sort((a, b) => b.version - a.version).map((d) =>
          h('button', { type: 'button', class: 'secondary', onclick: () => openVersion(d) }, `v${d.version}${d.versionTag ? ` ${d.versionTag}` : ''}`))))))
        : h('tr', {}, h('td', { colspan: 2 }, t('models.noMatch')))))),
      pagerNav(serverPage(r), () => loadModels(), t('pager.models'), 'm'));
    // the version chosen before (a reload, the language switch) opens again when it is on this page
    const chosen = readQuery().mv;
    const again = chosen && !reopened ? r.items.find((d) => String(d.key) === chosen) : null;
    reopened = true;
    if (again) openVersion(again);
  } catch (e) { showProblem($('messages'), e); }
}

/** The named test paths of each model, in the reader's language (name.zh on Chinese pages). */
async function loadPaths() {
  try {
    // English names of the newest versions; a process past the first 100 reads by its id
    const [files, defs] = await Promise.all([api('/api/models/paths'), api('/api/models?size=100').then((r) => r.items).catch(() => [])]);
    const english = new Map();
    defs.forEach((d) => { if (!english.has(d.processDefinitionId)) english.set(d.processDefinitionId, d.name); });
    clear($('test-paths'), files.length ? files.map((f) => h('section', { class: 'path-file', 'data-file': f.file },
      h('h3', {}, h('span', { class: 'process-name' }, elementName(f.process, english.get(f.process) || f.process, f.process)), ' ',
        h('small', { class: 'muted process-id', 'data-raw': '' }, f.file)),
      f.description ? h('p', { class: 'hint' }, localized({ en: f.description, zh: f.descriptionZh })) : null,
      h('ol', {}, f.paths.map((p) => h('li', { 'data-path': p.name }, (lang === 'zh' && p.nameZh) || p.name)))))
      : h('p', { class: 'muted' }, t('models.noPaths')));
  } catch (e) { showProblem($('test-paths'), e); }
}

loadModels();
loadPaths();
