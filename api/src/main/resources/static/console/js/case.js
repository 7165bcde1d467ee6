import { api, h, clear, showProblem, notice, fmtDate, badge, statusKind, readQuery } from './api.js';
import { layout } from './layout.js';
import { showDiagram, mark, badgeOn } from './diagram.js';
import { caseFilePanel, loadKinds } from './casefile.js';

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
    failed.forEach((id) => { mark(viewer, id, 'ec-incident'); badgeOn(viewer, id, 'incident', 'incident'); });
    summary.textContent = `${inst.instance.processDefinitionId} v${inst.instance.version} · ${inst.instance.state}` +
      ` · active: ${[...active].join(', ') || 'none'} · incidents at: ${[...failed].join(', ') || 'none'}`;
  } catch (e) { showProblem(summary, e, 'Diagram not available'); }
}

function incidents() {
  const all = detail.instances.flatMap((i) => i.incidents);
  if (!all.length) return h('p', { class: 'muted' }, 'No open incidents.');
  return h('div', { class: 'table-wrap' }, h('table', {},
    h('thead', {}, h('tr', {}, ['Element', 'Error', 'Since', 'Retry'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, all.map((i) => {
      const reason = h('input', { id: `reason-${i.key}`, required: true, placeholder: 'why it will work now' });
      const status = h('div', { 'aria-live': 'polite' });
      const form = h('form', { class: 'filters' }, h('div', { class: 'field' }, h('label', { for: `reason-${i.key}` }, 'Reason'), reason),
        h('button', { type: 'submit', 'data-incident': i.key }, 'Retry'), status);
      form.addEventListener('submit', async (e) => {
        e.preventDefault();
        if (!reason.value.trim()) { reason.focus(); return; }
        try {
          await api(`/api/operations/incidents/${i.key}/retry`, { method: 'POST', body: { retries: 3, reason: reason.value.trim() } });
          notice($('messages'), `Incident ${i.key} retried: the job has new retries and the incident is resolved.`);
          load();
        } catch (err) { showProblem(status, err, 'Not retried'); }
      });
      return h('tr', { 'data-incident-row': i.key }, h('td', {}, i.elementId), h('td', {}, `${i.errorType}: ${i.errorMessage || ''}`), h('td', {}, fmtDate(i.created)), h('td', {}, form));
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
      h('h3', {}, inst ? `${inst.instance.processDefinitionId} v${inst.instance.version} (${key})` : `Process instance ${key}`),
      [...scopes].map(([scope, list]) => {
        const element = inst?.path.find((e) => String(e.key) === scope);
        const title = scope === key ? 'Process scope' : element ? `${element.elementName || element.elementId} (element instance ${scope})` : `Element instance ${scope}`;
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
    $('title').textContent = `Case ${s.caseId} — ${s.productName}`;
    document.title = `Case ${s.caseId} · ExportCert`;
    clear($('summary'), h('dl', { class: 'kv' },
      h('dt', {}, 'Applicant'), h('dd', {}, s.organisation), h('dt', {}, 'Category'), h('dd', {}, s.category),
      h('dt', {}, 'Phase'), h('dd', {}, s.phase), h('dt', {}, 'Status'), h('dd', {}, badge(s.status, statusKind(s.status))),
      h('dt', {}, 'Markets'), h('dd', {}, s.targetMarkets.join(', ')),
      h('dt', {}, 'Process instance'), h('dd', {}, detail.processInstanceKey == null ? '—' : String(detail.processInstanceKey)),
      h('dt', {}, 'Staff'), h('dd', {}, detail.staff.length ? detail.staff.map((st) => `${st.person} (${st.role})`).join(', ') : '—')));
    const timeline = [...detail.audit.map((a) => ({ at: a.at, text: `${a.action} by ${a.actor}`, reason: a.reason })),
      ...detail.history.map((x) => ({ at: x.at, text: `status ${x.from || '—'} → ${x.to} by ${x.actor}`, reason: x.reason }))]
      .sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
    clear($('audit'), timeline.length ? h('ol', { class: 'timeline', 'aria-label': 'Newest first' }, timeline.map((t) =>
      h('li', {}, h('time', { datetime: t.at }, fmtDate(t.at)), t.text, t.reason ? h('div', { class: 'muted' }, t.reason) : null))) : h('p', { class: 'muted' }, 'Nothing recorded.'));
    clear($('incidents'), incidents());
    const select = $('instance');
    clear(select, detail.instances.map((i, n) => h('option', { value: n }, `${i.instance.processDefinitionId} v${i.instance.version} · ${i.instance.state}${i.incidents.length ? ' · incident' : ''}`)));
    // start where the trouble is: the first instance with an incident, else the root
    const first = Math.max(0, detail.instances.findIndex((i) => i.incidents.length));
    select.value = String(first);
    select.onchange = () => drawInstance(detail.instances[Number(select.value)]);
    if (detail.instances.length) await drawInstance(detail.instances[first]);
    else $('diagram-summary').textContent = 'No process instance found for this case.';
    try {
      const vars = await api(`/api/console/cases/${encodeURIComponent(caseId)}/variables`);
      clear($('variables'), vars.length ? variablesByScope(vars) : h('p', { class: 'muted' }, 'None.'));
    } catch (e) { showProblem($('variables'), e); }
    try {
      const [file, kinds] = await Promise.all([api(`/api/operations/cases/${encodeURIComponent(caseId)}/case-file`), loadKinds()]);
      clear($('casefile'), caseFilePanel(file, kinds, (id) => `/api/operations/cases/${encodeURIComponent(caseId)}/documents/${encodeURIComponent(id)}`));
    } catch (e) { showProblem($('casefile'), e, 'Case file not loaded'); }
  } catch (e) { showProblem($('messages'), e); }
}

load();
