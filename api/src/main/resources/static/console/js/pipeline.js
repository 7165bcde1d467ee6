import { api, h, clear, showProblem, tableHead } from './api.js';
import { t, code, elementName } from './i18n.js';
import { layout } from './layout.js';
import { showDiagram, mark, badgeOn } from './diagram.js';

await layout('pipeline');
const $ = (id) => document.getElementById(id);
try {
  const p = await api('/api/console/pipeline');
  clear($('headline'), h('p', {}, t('pipeline.headline', { process: elementName(p.definition.processDefinitionId, p.definition.processDefinitionId), version: p.definition.version, n: p.runningCases })));
  const xml = await api(`/api/console/process-definitions/${p.definition.key}/xml`, { accept: 'text/xml' });
  const viewer = await showDiagram($('diagram'), xml);
  p.elements.forEach((e) => { mark(viewer, e.elementId, 'ec-active'); badgeOn(viewer, e.elementId, String(e.cases), 'count'); });
  const rows = [...p.elements].sort((a, b) => b.cases - a.cases);
  clear($('table'), h('div', { class: 'table-wrap' }, h('table', {},
    h('caption', {}, t('pipeline.caption')),
    tableHead('case.element', 'pipeline.type', 'pipeline.waiting'),
    h('tbody', {}, rows.length ? rows.map((e) => h('tr', {}, h('td', {}, elementName(e.elementId, e.elementName, 'certification-case')), h('td', {}, code('elementType', e.type)), h('td', {}, String(e.cases))))
      : h('tr', {}, h('td', { colspan: 3 }, t('pipeline.none')))))));
} catch (e) { showProblem($('messages'), e); }
