import { api, h, clear, showProblem, notice, fmtDate, statusBadge, caseStatusBadge, readQuery } from './api.js';
import { t, code, codes, elementName, auditAction, actorName, oneLanguage } from './i18n.js';
import { layout } from './layout.js';
import { showDiagram, mark, badgeOn } from './diagram.js';
import { caseFilePanel, loadKinds } from './casefile.js';
import { pagedList } from './pager.js';
import { incidentAction } from './incident-action.js';

await layout('cases');
const caseId = readQuery().id;
const $ = (id) => document.getElementById(id);
let detail = null;

async function drawInstance(inst) {
  const summary = $('diagram-summary');
  try {
    const [xml, flows] = await Promise.all([
      api(`/api/console/process-definitions/${inst.instance.processDefinitionKey}/xml`, { accept: 'text/xml' }),
      api(`/api/console/process-instances/${inst.instance.key}/sequence-flows`).catch(() => [])]);
    const viewer = await showDiagram($('diagram'), xml);
    const active = new Set(); const done = new Set(); const failed = new Set();
    inst.path.forEach((e) => (e.state === 'ACTIVE' ? active : done).add(e.elementId));
    inst.incidents.forEach((i) => failed.add(i.elementId));
    inst.path.filter((e) => e.incident).forEach((e) => failed.add(e.elementId));
    done.forEach((id) => { if (!active.has(id)) mark(viewer, id, 'ec-done'); });
    flows.forEach((id) => mark(viewer, id, 'ec-flow'));
    active.forEach((id) => { if (!failed.has(id)) mark(viewer, id, 'ec-active'); });
    failed.forEach((id) => { mark(viewer, id, 'ec-incident'); badgeOn(viewer, id, t('legend.incident'), 'incident'); });
    // elements by the name the model gives them (its name.zh on Chinese pages), never by their id
    const named = (id) => elementName(id, viewer.get('elementRegistry').get(id)?.businessObject?.name || id, inst.instance.processDefinitionId);
    summary.textContent = t('case.diagramSummary', { process: named(inst.instance.processDefinitionId),
      version: inst.instance.version, state: code('state', inst.instance.state),
      active: [...active].map(named).join(t('common.listSeparator')) || t('common.none'),
      failed: [...failed].map(named).join(t('common.listSeparator')) || t('common.none') });
  } catch (e) { showProblem(summary, e, t('case.diagramUnavailable')); }
}

/**
 * The case's open incidents, each with the operator's action as the incidents page offers it: a task
 * completed outside ExportCert goes back to that task (its retry fails again), others are retried.
 */
function incidents(items) {
  if (!items.length) return h('p', { class: 'muted' }, t('case.noIncidents'));
  return h('div', { class: 'table-wrap' }, h('table', {},
    h('thead', {}, h('tr', {}, ['case.element', 'case.error', 'case.since', 'case.action'].map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, items.map((item) => {
      const i = item.incident;
      const action = incidentAction(item, (message) => { notice($('messages'), message); load(); });
      return h('tr', { 'data-incident-row': i.key }, h('td', {}, elementName(i.elementId, i.elementId, i.processDefinitionId)), h('td', {}, `${code('errorType', i.errorType)}${t('common.labelSeparator')}${oneLanguage(i.errorMessage)}`), h('td', { class: 'nowrap' }, fmtDate(i.created)), h('td', {}, action));
    }))));
}

/** Variables grouped by process instance, then by scope (the process, or the element instance holding them). */
function variablesByScope(vars) {
  const instances = new Map(detail.instances.map((i) => [String(i.instance.key), i]));
  const byInstance = new Map();
  vars.forEach((v) => {
    const k = String(v.processInstanceKey);
    if (!byInstance.has(k)) byInstance.set(k, new Map());
    const scopes = byInstance.get(k);
    const s = String(v.scopeKey);
    if (!scopes.has(s)) scopes.set(s, []);
    scopes.get(s).push(v);
  });
  return [...byInstance].map(([key, scopes]) => {
    const inst = instances.get(key);
    return h('section', { class: 'scope', 'data-instance': key },
      h('h3', {}, inst ? `${elementName(inst.instance.processDefinitionId, inst.instance.processDefinitionId, inst.instance.processDefinitionId)} v${inst.instance.version} (${key})` : t('case.processInstance', { key })),
      [...scopes].map(([scope, list]) => {
        const element = inst?.path.find((e) => String(e.key) === scope);
        const title = scope === key ? t('case.processScope') : element ? t('case.elementScope', { element: elementName(element.elementId, element.elementName, inst.instance.processDefinitionId), key: scope }) : t('case.elementInstance', { key: scope });
        return h('div', { 'data-scope': scope }, h('h4', {}, title),
          h('dl', { class: 'kv' }, list.sort((a, b) => a.name.localeCompare(b.name)).map((v) =>
            [h('dt', {}, v.name), h('dd', {}, h('pre', { class: 'value' }, v.value + (v.truncated ? ' …' : '')))])));
      }));
  });
}

async function load() {
  try {
    detail = await api(`/api/operations/cases/${encodeURIComponent(caseId)}`);
    const s = detail.summary;
    $('title').textContent = t('case.heading', { caseId: s.caseId, product: s.productName });
    document.title = `${t('case.titleOf', { caseId: s.caseId })} · ExportCert`;
    cancelCard(s);
    clear($('summary'), h('dl', { class: 'kv' },
      h('dt', {}, t('common.applicant')), h('dd', {}, s.organisation), h('dt', {}, t('common.category')), h('dd', {}, code('category', s.category)),
      h('dt', {}, t('common.phase')), h('dd', {}, code('phase', s.phase)), h('dt', {}, t('common.status')), h('dd', { id: 'case-status' }, statusBadge(s.status)),
      h('dt', {}, t('common.markets')), h('dd', {}, codes('market', s.targetMarkets)),
      h('dt', {}, t('case.instance')), h('dd', {}, detail.processInstanceKey == null ? '—' : String(detail.processInstanceKey)),
      h('dt', {}, t('case.staff')), h('dd', {}, detail.staff.length ? detail.staff.map((st) => `${st.person} (${code('role', st.role)})`).join(t('common.listSeparator')) : '—')));
    const timeline = [...detail.audit.map((a) => ({ at: a.at, text: t('case.auditBy', { action: auditAction(a.action), actor: actorName(a.actor) }), reason: a.reason })),
      ...detail.history.map((x) => ({ at: x.at, text: t('case.statusBy', { from: code('status', x.from), to: code('status', x.to), actor: actorName(x.actor) }), reason: x.reason }))]
      .sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
    // every entry of the case, 25 a page with a filter (apage / aq in the query string)
    if (timeline.length) {
      pagedList($('audit'), { key: 'a', label: t('pager.timeline'), text: (e) => [e.text, e.reason, fmtDate(e.at)],
        draw: (entries) => h('ol', { class: 'timeline', 'aria-label': t('case.newestFirst') }, entries.map((e) =>
          h('li', {}, h('time', { datetime: e.at }, fmtDate(e.at)), e.text, e.reason ? h('div', { class: 'muted', 'data-raw': '' }, e.reason) : null))) }).set(timeline);
    } else clear($('audit'), h('p', { class: 'muted' }, t('case.nothingRecorded')));
    // the same incidents with what to do about each (send back or retry), as the incidents page has them
    const open = detail.instances.some((i) => i.incidents.length)
      ? await api(`/api/operations/incidents?caseId=${encodeURIComponent(caseId)}`).catch((e) => { showProblem($('incidents'), e); return null; })
      : [];
    if (open) clear($('incidents'), incidents(open));
    const select = $('instance');
    clear(select, detail.instances.map((i, n) => h('option', { value: n, 'data-process': i.instance.processDefinitionId }, `${elementName(i.instance.processDefinitionId, i.instance.processDefinitionId, i.instance.processDefinitionId)} v${i.instance.version} · ${code('state', i.instance.state)}${i.incidents.length ? ` · ${t('legend.incident')}` : ''}`)));
    // start where the trouble is: the first instance with an incident, else the root
    const first = Math.max(0, detail.instances.findIndex((i) => i.incidents.length));
    select.value = String(first);
    select.onchange = () => drawInstance(detail.instances[Number(select.value)]);
    if (detail.instances.length) await drawInstance(detail.instances[first]);
    else $('diagram-summary').textContent = t('case.noInstance');
    try {
      const vars = await api(`/api/console/cases/${encodeURIComponent(caseId)}/variables`);
      clear($('variables'), vars.length ? variablesByScope(vars) : h('p', { class: 'muted' }, t('common.noneSentence')));
    } catch (e) { showProblem($('variables'), e); }
    try {
      const [file, kinds] = await Promise.all([api(`/api/operations/cases/${encodeURIComponent(caseId)}/case-file`), loadKinds()]);
      // an upheld appeal shows from the decisions: the stored status still reads Refused
      clear($('case-status'), caseStatusBadge(s.status, file.decisions || []));
      clear($('casefile'), caseFilePanel(file, kinds, (id) => `/api/operations/cases/${encodeURIComponent(caseId)}/documents/${encodeURIComponent(id)}`));
    } catch (e) { showProblem($('casefile'), e, t('task.caseFileNotLoaded')); }
  } catch (e) { showProblem($('messages'), e); }
}

/**
 * Cancelling a case (a duplicate, a legal hold): closed as terminated, its processes ended, who and why
 * audited. The API had it and operations.md asks for it rather than Operate's cancel, the console had no way to it.
 */
function cancelCard(s) {
  const card = $('cancel-card');
  card.hidden = s.phase === 'CLOSED';
  if (card.hidden) return;
  const reason = h('input', { id: 'cancel-reason', maxlength: 2000, required: true });
  const status = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'inline' },
    h('div', { class: 'field' }, h('label', { for: 'cancel-reason' }, t('case.cancel.reason')), reason),
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'cancel-case', class: 'danger' }, t('case.cancel.button'))), status);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const why = reason.value.trim();
    if (!why) { reason.focus(); return; }
    if (!confirm(t('case.cancel.confirm', { caseId: s.caseId, reason: why }))) return;
    try {
      await api(`/api/operations/cases/${encodeURIComponent(s.caseId)}/cancel`, { method: 'POST', body: { reason: why } });
      notice($('messages'), t('case.cancel.done', { caseId: s.caseId }));
      load();
    } catch (err) { showProblem(status, err, t('case.cancel.failed')); }
  });
  clear($('cancel'), h('p', { class: 'hint' }, t('case.cancel.hint')), form);
}

// roll-out: move the case's processes to the newest deployed version where the engine allows it
async function loadMigration(result) {
  const box = $('migration');
  try {
    const plan = await api(`/api/operations/cases/${encodeURIComponent(caseId)}/migration`);
    const reason = h('input', { id: 'migration-reason', maxlength: 2000, required: true });
    const movable = plan.moves.some((m) => m.movable);
    clear(box, result || null, plan.moves.length ? h('div', {},
      h('ul', { 'data-testid': 'migration' }, plan.moves.map((m) => h('li', { 'data-instance': m.processInstanceKey, 'data-movable': String(m.movable) },
        t('migration.row', { process: m.processDefinitionId, from: m.fromVersion, to: m.toVersion }),
        m.movable ? null : h('div', { class: 'muted' }, t('migration.stays', { reason: m.reason }))))),
      movable ? h('form', { class: 'inline', onsubmit: (e) => { e.preventDefault(); migrate(reason.value); } },
        h('div', { class: 'field' }, h('label', { for: 'migration-reason' }, t('migration.reason')), reason),
        h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'migrate' }, t('migration.move')))) : null)
      : h('p', { class: 'muted' }, t('migration.upToDate')));
  } catch (e) { showProblem(box, e); }
}

async function migrate(reason) {
  try {
    const r = await api(`/api/operations/cases/${encodeURIComponent(caseId)}/migration`, { method: 'POST', body: { reason } });
    const stayed = r.moves.map((m) => h('li', {}, t('migration.row', { process: m.processDefinitionId, from: m.fromVersion, to: m.toVersion }), ': ',
      t('migration.stays', { reason: m.reason })));
    notice($('messages'), t('migration.moved', { n: r.moved.length }));
    await load();
    loadMigration(stayed.length ? h('ul', { class: 'alert', role: 'alert' }, stayed) : null);
  } catch (e) { showProblem($('migration'), e, t('migration.notMoved')); }
}

if (caseId) {
  load();
  loadMigration();
} else { // opened without a case (a bookmark, a typed address): say how to get to one, ask the server nothing
  clear($('messages'), h('div', { class: 'alert', role: 'status' }, t('case.noneChosen'), ' ',
    h('a', { href: '/console/cases.html' }, t('nav.cases'))));
}
