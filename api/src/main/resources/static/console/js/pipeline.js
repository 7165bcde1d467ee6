import { api, h, clear, showProblem } from './api.js';
import { layout } from './layout.js';
import { showDiagram, mark, badgeOn } from './diagram.js';

await layout('pipeline');
const $ = (id) => document.getElementById(id);
try {
  const p = await api('/api/console/pipeline');
  clear($('headline'), h('p', {}, `${p.definition.processDefinitionId} version ${p.definition.version}: ${p.runningCases} running case${p.runningCases === 1 ? '' : 's'}.`));
  const xml = await api(`/api/console/process-definitions/${p.definition.key}/xml`, { accept: 'text/xml' });
  const viewer = await showDiagram($('diagram'), xml);
  p.elements.forEach((e) => { mark(viewer, e.elementId, 'ec-active'); badgeOn(viewer, e.elementId, String(e.cases), 'count'); });
  const rows = [...p.elements].sort((a, b) => b.cases - a.cases);
  clear($('table'), h('div', { class: 'table-wrap' }, h('table', {},
    h('caption', {}, 'Where cases wait, most first'),
    h('thead', {}, h('tr', {}, ['Element', 'Type', 'Waiting cases'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows.length ? rows.map((e) => h('tr', {}, h('td', {}, e.elementName || e.elementId), h('td', {}, e.type), h('td', {}, String(e.cases))))
      : h('tr', {}, h('td', { colspan: 3 }, 'No running case.'))))));
} catch (e) { showProblem($('messages'), e); }
