import { api, upload, h, clear, showProblem, notice, badge, statusKind } from './api.js';
import { layout } from './layout.js';
import { showDiagram, mark, badgeOn } from './diagram.js';
import { pagedList } from './pager.js';

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
      if (mark(viewer, x.element, cls)) badgeOn(viewer, x.element, `${x.severity}: ${x.message}`, 'lint', { bottom: 6, left: 0 });
    });
  } catch (e) {
    clear(host, h('p', { class: 'alert' }, `${file.name} cannot be drawn: ${e.message}`));
  }
}

function reportTable(report) {
  return h('div', { class: 'table-wrap' }, h('table', { 'data-testid': 'lint-report' },
    h('caption', {}, report.clean ? 'Clean: no errors.' : `${report.findings.filter((f) => f.severity === 'ERROR').length} error(s); nothing can be deployed until they are fixed.`),
    h('thead', {}, h('tr', {}, ['Severity', 'File', 'Element', 'Rule', 'Message'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, report.findings.length ? report.findings.map((f) => h('tr', {},
      h('td', {}, badge(f.severity, f.severity === 'ERROR' ? 'bad' : 'warn')), h('td', {}, f.file), h('td', {}, f.element || '—'), h('td', {}, f.rule), h('td', {}, f.message)))
      : h('tr', {}, h('td', { colspan: 5 }, 'No findings.')))));
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
  } catch (err) { showProblem($('report'), err, 'Lint failed to run'); }
});
filesInput.addEventListener('change', () => { deployButton.disabled = true; clear($('report')); $('lint-diagram').hidden = true; });

deployButton.addEventListener('click', async () => {
  deployButton.disabled = true;
  try {
    const r = await upload('/api/models/deployments', bundle(), progress);
    notice($('messages'), `Deployed as deployment ${r.deployment.deploymentKey}: ${r.deployment.resources.join(', ')}.`);
    loadModels();
  } catch (err) {
    showProblem($('messages'), err, 'Not deployed');
    if (err.problem?.report) { clear($('report'), reportTable(err.problem.report)); showFindingsOnDiagram(err.problem.report); }
  }
});

async function openVersion(d) {
  const host = $('version-cases');
  try {
    const cases = await api(`/api/models/${d.key}/cases`);
    const list = h('div', {});
    clear(host, h('h3', {}, `${d.processDefinitionId} version ${d.version}${d.versionTag ? ` (${d.versionTag})` : ''}: ${cases.length} case${cases.length === 1 ? '' : 's'}`),
      cases.length ? list : h('p', { class: 'muted' }, 'No case runs on this version.'));
    // every case of the version (the API reads the engine to the end), paged, filter and page in the URL
    if (cases.length) pagedList(list, { key: 'v', label: 'Cases on this version', text: (c) => [c.caseId, c.state],
      draw: (page) => h('ul', {}, page.map((c) => h('li', {}, `${c.caseId || '(no case id)'} · `, badge(c.state, statusKind(c.state)), c.hasIncident ? [' ', badge('incident', 'bad')] : null))) }).set(cases);
    const xml = await api(`/api/console/process-definitions/${d.key}/xml`, { accept: 'text/xml' });
    $('version-diagram').hidden = false;
    await showDiagram($('version-diagram'), xml);
  } catch (e) { showProblem(host, e); }
}

async function loadModels() {
  try {
    const defs = await api('/api/models');
    const byId = new Map();
    defs.forEach((d) => byId.set(d.processDefinitionId, [...(byId.get(d.processDefinitionId) || []), d]));
    clear($('models'), defs.length ? h('div', { class: 'table-wrap' }, h('table', {},
      h('thead', {}, h('tr', {}, ['Process', 'Name', 'Versions (newest first)'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, [...byId.entries()].map(([id, versions]) => h('tr', {}, h('td', {}, id), h('td', {}, versions[0].name || '—'),
        h('td', {}, h('div', { class: 'actions' }, versions.sort((a, b) => b.version - a.version).map((d) =>
          h('button', { type: 'button', class: 'secondary', onclick: () => openVersion(d) }, `v${d.version}${d.versionTag ? ` ${d.versionTag}` : ''}`)))))))))
      : h('p', { class: 'muted' }, 'Nothing deployed yet.'));
  } catch (e) { showProblem($('messages'), e); }
}

loadModels();
