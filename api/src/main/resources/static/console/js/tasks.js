import { api, h, clear, showProblem, bindFilters, fmtDate, priorityBadge, tableHead } from './api.js';
import { t, elementName } from './i18n.js';
import { layout } from './layout.js';
import { pageOf, pagerNav, currentPage } from './pager.js';

const params = new URLSearchParams(location.search);
// landing without a scope: my tasks, or my groups' tasks when nothing is assigned to me yet
let landed = null;
if (!params.get('scope')) {
  let scope = 'mine';
  try {
    if ((await api('/api/tasks?scope=mine')).length === 0) { scope = 'groups'; landed = t('tasks.landed'); }
  } catch { /* the list below shows the problem */ }
  params.set('scope', scope);
  history.replaceState(null, '', `?${params}`);
}
await layout(params.get('scope') === 'groups' ? 'tasks-groups' : 'tasks-mine');
const list = document.getElementById('list');
const messages = document.getElementById('messages');
const title = document.getElementById('title');

async function load(f) {
  title.textContent = f.scope === 'groups' ? t('nav.groupTasks') : t('nav.myTasks');
  document.title = `${title.textContent} · ExportCert`;
  try {
    let items = await api(`/api/tasks?scope=${encodeURIComponent(f.scope || 'mine')}`);
    const text = (f.text || '').toLowerCase();
    if (text) items = items.filter((i) => [i.caseId, i.task.name, elementName(i.task.elementId, i.task.name, i.task.processDefinitionId), i.caseFile?.productName, i.caseFile?.organisation].some((v) => (v || '').toLowerCase().includes(text)));
    if (f.overdue === 'true') items = items.filter((i) => i.overdue);
    const key = { due: (i) => i.task.due ? Date.parse(i.task.due) : Infinity, priority: (i) => -(i.task.priority ?? 0), created: (i) => Date.parse(i.task.created || 0) }[f.sort || 'due'];
    items.sort((a, b) => key(a) - key(b));
    const all = items;
    const shown = pageOf(all, currentPage());
    items = shown.items;
    if (landed) { clear(messages, h('div', { class: 'alert info', role: 'status', 'data-testid': 'landed-on-groups' }, landed)); landed = null; } else clear(messages);
    clear(list, h('div', { class: 'table-wrap' }, h('table', {},
      h('caption', {}, t('tasks.caption', { n: all.length })),
      tableHead('tasks.task', 'common.case', 'common.service', 'tasks.due', 'tasks.priority', 'tasks.assignee'),
      h('tbody', {}, items.length ? items.map((i) => h('tr', { dataset: { taskKey: i.task.key } },
        h('td', {}, h('a', { href: `/console/task.html?key=${i.task.key}${f.scope === 'groups' ? '&from=groups' : ''}` }, elementName(i.task.elementId, i.task.name, i.task.processDefinitionId))),
        h('td', { class: 'nowrap' }, i.caseId || '—'),
        h('td', {}, i.caseFile ? [i.caseFile.productName, h('div', { class: 'hint' }, i.caseFile.organisation)] : '—'),
        h('td', { class: i.overdue ? 'overdue' : '', 'data-overdue': String(!!i.overdue) }, h('span', { class: 'nowrap' }, fmtDate(i.task.due)), i.overdue ? t('tasks.overdueMark') : ''),
        h('td', {}, priorityBadge(i.task.priority)),
        h('td', {}, i.task.assignee || t('task.unclaimed')))) : h('tr', {}, h('td', { colspan: 6 }, t('tasks.none')))))),
      pagerNav(shown, () => load(f), t('pager.tasks')));
  } catch (e) { showProblem(messages, e); }
}

load(bindFilters(document.getElementById('filters'), load));
