import { api, h, clear, showProblem, bindFilters, fmtDate, isOverdue, badge } from './api.js';
import { layout } from './layout.js';
import { pageOf, pagerNav, currentPage } from './pager.js';

const params = new URLSearchParams(location.search);
if (!params.get('scope')) { params.set('scope', 'mine'); history.replaceState(null, '', `?${params}`); }
await layout(params.get('scope') === 'groups' ? 'tasks-groups' : 'tasks-mine');
const list = document.getElementById('list');
const messages = document.getElementById('messages');
const title = document.getElementById('title');

function priority(p) {
  if (p == null) return '—';
  return p >= 70 ? badge(`${p} high`, 'bad') : p >= 60 ? badge(`${p} raised`, 'warn') : badge(String(p), 'info');
}

async function load(f) {
  title.textContent = f.scope === 'groups' ? "My groups' tasks" : 'My tasks';
  document.title = `${title.textContent} · ExportCert`;
  try {
    let items = await api(`/api/tasks?scope=${encodeURIComponent(f.scope || 'mine')}`);
    const text = (f.text || '').toLowerCase();
    if (text) items = items.filter((i) => [i.caseId, i.task.name, i.caseFile?.productName, i.caseFile?.organisation].some((v) => (v || '').toLowerCase().includes(text)));
    if (f.overdue === 'true') items = items.filter((i) => isOverdue(i.task.due));
    const key = { due: (i) => i.task.due ? Date.parse(i.task.due) : Infinity, priority: (i) => -(i.task.priority ?? 0), created: (i) => Date.parse(i.task.created || 0) }[f.sort || 'due'];
    items.sort((a, b) => key(a) - key(b));
    const all = items;
    const shown = pageOf(all, currentPage());
    items = shown.items;
    clear(messages);
    clear(list, h('div', { class: 'table-wrap' }, h('table', {},
      h('caption', {}, `${all.length} task${all.length === 1 ? '' : 's'}`),
      h('thead', {}, h('tr', {}, ['Task', 'Case', 'Service', 'Due', 'Priority', 'Assignee'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, items.length ? items.map((i) => h('tr', { dataset: { taskKey: i.task.key } },
        h('td', {}, h('a', { href: `/console/task.html?key=${i.task.key}` }, i.task.name || i.task.elementId)),
        h('td', {}, i.caseId || '—'),
        h('td', {}, i.caseFile ? `${i.caseFile.productName} · ${i.caseFile.organisation}` : '—'),
        h('td', { class: isOverdue(i.task.due) ? 'overdue' : '' }, fmtDate(i.task.due), isOverdue(i.task.due) ? ' (overdue)' : ''),
        h('td', {}, priority(i.task.priority)),
        h('td', {}, i.task.assignee || 'unclaimed'))) : h('tr', {}, h('td', { colspan: 6 }, 'No tasks.'))))),
      pagerNav(shown, () => load(f), 'Tasks'));
  } catch (e) { showProblem(messages, e); }
}

load(bindFilters(document.getElementById('filters'), load));
