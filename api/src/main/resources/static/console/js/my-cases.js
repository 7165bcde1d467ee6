import { api, upload, h, clear, showProblem, notice, fmtDate, fmtDay, fmtSize, badge, statusKind, statusBadge, caseStatusBadge, tableHead, readQuery, writeQuery } from './api.js';
import { t, code, codes, elementName, localized } from './i18n.js';
import { layout } from './layout.js';
import { decisionLine, documentItem, kindLabel, labelOf, loadKinds } from './casefile.js';
import { pagedList, pagerNav, serverPage, currentPage } from './pager.js';
import { checkForm, clearMarksAsFixed } from './form-check.js';

await layout('my-cases');
const list = document.getElementById('list');
const detail = document.getElementById('detail');
const messages = document.getElementById('messages');

// the order a case moves through (the operator's case filter lists the phases in this order, with
// the same phase.* words); the certificate comes before recognition abroad, and a
// certified service then stays under surveillance
const PHASES = ['ELIGIBILITY', 'DOCUMENT_REVIEW', 'TESTING', 'DECISION', 'REGISTRY', 'RECOGNITION', 'MAINTENANCE'];
/** Statuses of a certified service: the listing is done and surveillance runs. */
const CERTIFIED = new Set(['CERTIFIED', 'CHANGE_ACCEPTED', 'SUSPENDED']);

// recognition abroad per market (recognition.*), each request's title and reason (requestTitle.*,
// requestReason.* by message name) are in the catalogs

function stepper(phase, status) {
  // a certified case is filed under MAINTENANCE by the server (CaseStatus), so the phase is the step
  const at = PHASES.indexOf(phase);
  const closed = phase === 'CLOSED';
  return h('ol', { class: 'stepper', 'aria-label': t('myCases.progress'), id: 'stepper' }, PHASES.map((p, i) => {
    const state = closed ? '' : i < at ? 'done' : i === at ? 'current' : '';
    return h('li', { class: state, 'aria-current': state === 'current' ? 'step' : null, 'data-phase': p },
      code('phase', p), state === 'done' ? h('span', { class: 'sr-only' }, t('myCases.done')) : null);
  }), closed ? h('li', { class: 'current', 'aria-current': 'step' }, t('myCases.closed', { status: code('status', status) })) : null);
}

const PAGE_SIZE = 20;

/** The organisation's cases, a page at a time from the server, found by case number or service name (?q=…&page=…). */
async function loadList() {
  const query = readQuery();
  const filter = query.q || '';
  const page = currentPage();
  try {
    const r = await api(`/api/cases/mine?${new URLSearchParams({ q: filter, page: page - 1, size: PAGE_SIZE })}`);
    // a first visit: say what to do instead of showing an empty table
    if (!r.total && !filter) {
      clear(list, h('p', { class: 'empty', 'data-testid': 'no-cases' }, t('myCases.none'), ' ',
        h('a', { href: '/console/apply.html', class: 'button' }, t('myCases.applyFirst'))));
      return;
    }
    const search = h('input', { type: 'search', id: 'cases-filter', name: 'q', value: filter, 'data-testid': 'filter' });
    const form = h('form', { class: 'field filter', role: 'search' },
      h('label', { for: 'cases-filter' }, t('myCases.search')), h('div', { class: 'search-row' }, search, h('button', { type: 'submit', class: 'secondary' }, t('common.search'))));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const q = readQuery(); q.q = search.value.trim(); q.page = ''; writeQuery(q);
      loadList();
    });
    clear(list, form, h('div', { class: 'table-wrap' }, h('table', {},
      h('caption', {}, t('myCases.caption', { n: r.total })),
      tableHead('common.case', 'common.service', 'common.phase', 'common.status', 'common.markets', 'common.updated'),
      h('tbody', {}, r.items.length ? r.items.map((s) => h('tr', {},
        h('td', { class: 'nowrap' }, h('a', { href: `?case=${encodeURIComponent(s.caseId)}`, onclick: (e) => { e.preventDefault(); open(s.caseId); } }, s.caseId)),
        h('td', {}, `${s.productName} ${s.versions.join(', ')}`), h('td', {}, code('phase', s.phase)),
        listStatus(s),
        h('td', {}, codes('market', s.targetMarkets)), h('td', { class: 'nowrap' }, fmtDate(s.updatedAt))))
        : h('tr', {}, h('td', { colspan: 6, 'data-testid': 'no-match' }, t('myCases.noMatch')))))),
      pagerNav(serverPage(r), loadList, t('pager.myCases')));
  } catch (e) { showProblem(messages, e); }
}

/** The status cell; a refused case may be decided again after an upheld appeal, which its decisions say. */
function listStatus(s) {
  const cell = h('td', {}, statusBadge(s.status));
  if (s.status === 'REFUSED') {
    api(`/api/cases/mine/${encodeURIComponent(s.caseId)}`)
      .then((mine) => clear(cell, caseStatusBadge(s.status, mine.decisions || [])))
      .catch(() => {}); // the stored status stays shown
  }
  return cell;
}

function sendFile(caseId, kind, file, progress) {
  const data = new FormData();
  data.append('file', file);
  data.append('kind', kind);
  return upload(`/api/cases/${encodeURIComponent(caseId)}/documents`, data, progress);
}

/** One request per button at a time: a double click uploads or sends once. */
async function sending(button, send) {
  if (button.disabled) return;
  button.disabled = true;
  try { await send(); } finally { button.disabled = false; }
}

/** The required documents, each with what is uploaded for it and its own upload. */
function checklist(caseId, required, docs, reload, closed = false) {
  return h('ul', { class: 'checklist', id: 'checklist' }, required.map((r) => {
    const id = `doc-${r.kind}`;
    const file = h('input', { type: 'file', id, 'aria-describedby': `${id}-hint` });
    const progress = h('progress', { max: 100, value: 0, hidden: true, 'aria-label': t('myCases.uploadProgressOf', { kind: localized(r.label) || code('kind', r.kind) }) });
    const status = h('div', { 'aria-live': 'polite' });
    const form = h('form', { class: 'upload-inline' }, h('label', { for: id, class: 'sr-only' }, t('myCases.fileFor', { kind: localized(r.label) || code('kind', r.kind) })), file,
      h('button', { type: 'submit', class: 'secondary', id: `upload-${r.kind}` }, r.present ? t('myCases.uploadAnother') : t('common.upload')), progress, status);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (!file.files[0]) { file.focus(); return; }
      await sending(form.querySelector('button[type=submit]'), async () => {
        try { await sendFile(caseId, r.kind, file.files[0], progress); reload(); } catch (err) { showProblem(status, err, t('common.uploadRefused')); }
      });
    });
    const names = docs.filter((d) => r.evidenceIds.includes(d.evidenceId)).map((d) => d.fileName);
    return h('li', { class: r.present ? 'present' : 'missing', 'data-kind': r.kind },
      h('div', {}, h('strong', {}, r.present ? '✓ ' : '✗ ', localized(r.label) || code('kind', r.kind)), ' ',
        r.present ? h('span', { class: 'muted' }, names.join(t('common.listSeparator'))) : badge(t('myCases.missingBadge'), 'bad')),
      // a closed case takes no document: no upload to be refused
      h('div', { class: 'hint', id: `${id}-hint` }, localized(r.hint) || ''), closed ? null : form);
  }));
}

function otherUpload(caseId, kinds, reload) {
  const status = h('div', { 'aria-live': 'polite' });
  const progress = h('progress', { max: 100, value: 0, hidden: true, 'aria-label': t('common.uploadProgress') });
  const file = h('input', { type: 'file', id: 'doc-file', required: true });
  const kind = h('select', { id: 'doc-kind' }, kinds.filter((k) => k.party === 'APPLICANT').map((k) => h('option', { value: k.code }, kindLabel(k))));
  // the page's own checks say what is missing in its language (the browser's bubble speaks the browser's)
  const form = h('form', { class: 'upload', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'doc-kind' }, t('common.kind')), kind),
    h('div', { class: 'field' }, h('label', { for: 'doc-file' }, t('common.file')), file),
    progress, h('div', {}, h('button', { type: 'submit' }, t('common.upload'))), status);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!checkForm(form)) return;
    await sending(form.querySelector('button[type=submit]'), async () => {
      try {
        const doc = await sendFile(caseId, kind.value, file.files[0], progress);
        notice(status, t('apply.fileUploaded', { file: doc.fileName }));
        reload();
      } catch (err) { showProblem(status, err, t('common.uploadRefused')); }
    });
  });
  clearMarksAsFixed(form);
  return form;
}

function action(label, fieldLabel, name, submit, { cls = '', warning = null, done = null } = {}) {
  const id = `${name}-text`;
  const status = h('div', { 'aria-live': 'polite' });
  const text = h('textarea', { id, rows: 2, required: true });
  const confirm = warning ? h('input', { type: 'checkbox', id: `${name}-confirm`, required: true, 'data-i18n-required': 'myCases.understandRequired' }) : null;
  const form = h('form', { novalidate: true }, warning ? h('div', { class: 'alert', role: 'note', id: `${name}-warning` }, warning) : null,
    h('div', { class: 'field' }, h('label', { for: id }, fieldLabel), text),
    confirm ? h('label', { class: 'check' }, confirm, t('myCases.understandEnds')) : null,
    h('button', { type: 'submit', class: cls }, label), status);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!checkForm(form)) return;
    await sending(form.querySelector('button[type=submit]'), async () => {
      // sent once: the text goes, so a second click asks for a new one instead of sending it again
      try { await submit(text.value.trim()); text.value = ''; notice(status, done || t('myCases.sent')); } catch (err) { showProblem(status, err); }
    });
  });
  clearMarksAsFixed(form);
  return form;
}

/** What the applicant agrees to (after ISO/IEC 17065, 4.1.2), in the order the card lists it. */
const AGREEMENT_TERMS = ['agreement.conform', 'agreement.access', 'agreement.claims', 'agreement.stopUse', 'agreement.changes', 'agreement.complaints'];

/** The note's label: where the request's documents go, or only "optional" when it asks for none. */
function noteLabel(message) {
  if (REQUESTED_KIND[message]) return 'myCases.noteUploadAbove';
  return ['DocumentsResubmitted', 'ApplicationInformationProvided'].includes(message) ? 'myCases.note' : 'myCases.noteOptional';
}

function requestCard(caseId, r, mine, docs, kinds, reload) {
  const note = h('textarea', { id: `note-${r.elementInstanceKey}`, rows: 2, maxlength: 2000 }); // ApplicantAnswers.MAX_NOTE
  const status = h('div', { 'aria-live': 'polite' });
  const reason = [h('p', {}, code('requestReason', r.message))];
  if (r.message === 'CorrectiveActionSubmitted') reason.push(nonconformityList(mine.nonconformities || []));
  // the appeal is lodged here, with its grounds: an "answer" to the window is no appeal
  if (r.message === 'AppealLodged') {
    reason.push(h('p', { class: 'hint' }, t('myCases.appealInCard')), appealForm(caseId, reload));
    return h('section', { class: 'card request', 'data-message': r.message }, h('h3', {}, code('requestTitle', r.message)), ...reason, dueLine(r));
  }
  const amend = r.message === 'ApplicationInformationProvided' ? informationAsked(r) : null;
  if (amend) reason.push(...amend.nodes);
  if (r.message === 'DocumentsResubmitted') {
    if (mine.missingDocuments?.length) reason.push(h('p', { 'data-testid': 'missing' }, h('strong', {}, t('myCases.missing')), mine.missingDocuments.map((k) => labelOf(kinds, k)).join(t('common.listSeparator'))));
    if (mine.reviewFindings) reason.push(h('p', { 'data-testid': 'findings' }, h('strong', {}, t('myCases.evaluatorFindings')), mine.reviewFindings));
  }
  // the agreement is read before it is signed: its terms on the card, accepted with a tick
  const accept = r.message === 'AgreementSigned'
    ? h('input', { type: 'checkbox', id: 'accept-agreement', required: true, 'data-i18n-required': 'agreement.acceptRequired' }) : null;
  if (accept) {
    reason.push(h('section', { class: 'agreement', 'data-testid': 'agreement', 'aria-labelledby': 'agreement-h' },
      h('h4', { id: 'agreement-h' }, t('agreement.title')),
      h('ol', {}, AGREEMENT_TERMS.map((k) => h('li', {}, t(k))))),
    h('label', { class: 'check' }, accept, t('agreement.accept')));
  }
  // what the request asks for is uploaded in its own card, under the right kind, without a hunt through the kinds
  const wanted = REQUESTED_KIND[r.message];
  if (wanted) reason.push(requestedUpload(caseId, wanted, kinds, docs, reload));
  const f = h('form', { class: 'card request', 'data-message': r.message, novalidate: true }, h('h3', {}, code('requestTitle', r.message)), ...reason,
    dueLine(r),
    h('div', { class: 'field' }, h('label', { for: `note-${r.elementInstanceKey}` }, t(noteLabel(r.message))), note),
    h('button', { type: 'submit', id: `answer-${r.message}` }, r.message === 'AgreementSigned' ? t('myCases.signAgreement') : t('myCases.sendAnswer')), status);
  f.addEventListener('submit', async (e) => {
    e.preventDefault();
    // unticked, the page says so beside the box in its language (the browser's bubble spoke the browser's)
    if (!checkForm(f)) return;
    const button = f.querySelector('button[type=submit]');
    if (button.disabled) return;
    // a request is answered once: the button stays off until the card leaves, a refusal turns it on again
    button.disabled = true;
    try {
      await api(`/api/cases/${encodeURIComponent(caseId)}/answers`, { method: 'POST',
        // no list: the server attaches what was uploaded since this request opened, not the whole case
        body: { message: r.message, note: note.value || null, ...(amend ? amend.body() : {}) } });
      notice(status, t('myCases.answerSent'));
      awaitAnswered(caseId, r.elementInstanceKey, reload);
    } catch (err) { button.disabled = false; showProblem(status, err); }
  });
  clearMarksAsFixed(f);
  return f;
}

/**
 * What a request for information asks: the eligibility rules' reason in words, the reviewer's own
 * words, and what can be put right here: a framework the rules found undocumented
 * (<FRAMEWORK>_NOT_DOCUMENTED) or the missing declaration, sent with the answer.
 */
function informationAsked(r) {
  const nodes = [];
  const frameworks = [];
  let declaration = null;
  if (r.reasonCode) {
    nodes.push(h('p', { 'data-testid': 'request-reason' }, h('strong', {}, t('myCases.requestWhy')), code('infoReason', r.reasonCode)));
    const framework = /^([A-Z0-9_]+)_NOT_DOCUMENTED$/.exec(r.reasonCode)?.[1];
    if (framework) {
      // required: answered without it, the rules find the same gap and the same request comes back
      const box = h('input', { type: 'checkbox', name: 'add-framework', value: framework, id: `add-framework-${framework}`,
        required: true, 'data-i18n-required': 'myCases.addFrameworkRequired' });
      frameworks.push(box);
      nodes.push(h('label', { class: 'check' }, box, t('myCases.addFramework', { framework: code('framework', framework) })));
    }
    if (r.reasonCode === 'DECLARATIONS_MISSING') {
      declaration = h('input', { type: 'checkbox', name: 'give-declaration', id: 'give-declaration',
        required: true, 'data-i18n-required': 'myCases.declarationRequired' });
      nodes.push(h('label', { class: 'check' }, declaration, t('apply.declaration')));
    }
  }
  if (r.askedFor) nodes.push(h('p', { 'data-testid': 'request-asked-for' }, h('strong', {}, t('myCases.askedFor')), r.askedFor));
  const body = () => ({
    referenceFrameworks: frameworks.filter((b) => b.checked).map((b) => b.value),
    notLodgedElsewhere: declaration ? declaration.checked : null,
  });
  return { nodes, body };
}

/** The evidence kind a request asks the applicant to upload. */
const REQUESTED_KIND = { SurveillanceDataSubmitted: 'SURVEILLANCE_DATA', CorrectiveActionSubmitted: 'CORRECTIVE_ACTION', SuspensionCauseResolved: 'CORRECTIVE_ACTION' };

function requestedUpload(caseId, kind, kinds, docs, reload) {
  const id = `request-file-${kind}`;
  const file = h('input', { type: 'file', id });
  const status = h('div', { 'aria-live': 'polite' });
  const progress = h('progress', { max: 100, value: 0, hidden: true, 'aria-label': t('common.uploadProgress') });
  const button = h('button', { type: 'button', class: 'secondary', id: `request-upload-${kind}` }, t('common.upload'));
  button.addEventListener('click', async () => {
    if (!file.files[0]) { file.focus(); return; }
    await sending(button, async () => {
      try { await sendFile(caseId, kind, file.files[0], progress); reload(); } catch (err) { showProblem(status, err, t('common.uploadRefused')); }
    });
  });
  const held = docs.filter((d) => d.kind === kind).map((d) => d.fileName);
  return h('div', { class: 'field upload-inline', 'data-kind': kind },
    h('label', { for: id }, t('myCases.fileFor', { kind: labelOf(kinds, kind) })), file, button, progress,
    held.length ? h('div', { class: 'hint' }, '✓ ', held.join(t('common.listSeparator'))) : null, status);
}

function dueLine(r) {
  return h('p', { class: r.overdue ? 'overdue' : 'muted', 'data-testid': 'due' }, r.dueAt ? t('myCases.answerBy', { date: fmtDate(r.dueAt) }) + (r.overdue ? t('common.overdueSuffix') : '') : t('myCases.noDeadline'));
}

/** What the lab found, each with its severity and closing date: what the corrective action answers. */
function nonconformityList(ncs) {
  if (!ncs.length) return null;
  return h('div', { 'data-testid': 'nonconformities' }, h('strong', {}, t('myCases.nonconformities')),
    h('ul', {}, ncs.map((n) => h('li', { class: n.status === 'OPEN' ? 'overdue' : '', 'data-reference': n.reference },
      t('myCases.ncLine', { reference: n.reference, severity: code('ncSeverity', n.severity), requirement: n.requirement }),
      n.description ? ` — ${n.description}` : '', ` (${code('ncStatus', n.status)}${n.dueOn ? `, ${t('myCases.ncDue', { date: fmtDay(n.dueOn) })}` : ''})`))));
}

function appealForm(caseId, reload) {
  return action(t('myCases.lodgeAppeal'), t('myCases.grounds'), 'appeal', async (text) => {
    await api(`/api/cases/${encodeURIComponent(caseId)}/appeal`, { method: 'POST', body: { grounds: text } });
    setTimeout(reload, 1500); // the request leaves the list and the appeal shows as lodged
  });
}

/** The appeal once lodged: when, on which grounds, and whether it is still being handled. */
function appealStatus(a, status) {
  const open = a.againstLatestDecision && status === 'REFUSED';
  return h('div', { 'data-testid': 'appeal-status', class: open ? 'alert info' : '' },
    h('strong', {}, t('myCases.appealLodged', { date: fmtDate(a.lodgedAt) })),
    a.grounds ? h('p', {}, h('q', { 'data-raw': '' }, a.grounds)) : null,
    h('p', {}, open ? t('myCases.appealUnderWay') : t('myCases.appealHandled')));
}

/** A certified service's change, told before it is made: the evaluator reads the note in the case file. */
function changeNotice(caseId, reload) {
  return h('section', { class: 'card', id: 'change' }, h('h2', {}, t('myCases.notifyChange')),
    h('p', { class: 'hint' }, t('myCases.notifyChangeHint')),
    action(t('myCases.sendChange'), t('myCases.changeDescription'), 'change', async (text) => {
      await api(`/api/cases/${encodeURIComponent(caseId)}/answers`, { method: 'POST', body: { message: 'ChangeNotified', note: text } });
      setTimeout(reload, 3000);
    }, { done: t('myCases.changeSent') }));
}

/** The engine takes the answer in a moment: reload until the request is gone (at most ~15 s). */
async function awaitAnswered(caseId, requestKey, reload) {
  for (let i = 0; i < 30; i++) {
    await new Promise((r) => setTimeout(r, 500));
    const mine = await api(`/api/cases/mine/${encodeURIComponent(caseId)}`).catch(() => null);
    if (mine && !(mine.progress?.openRequests || []).some((r) => r.elementInstanceKey === requestKey)) break;
  }
  reload();
}

/** The case's own documents, 25 a page with a filter by file name or kind (dq / dpage in the query string). */
function documentList(caseId, docs, kinds) {
  const host = h('div', {});
  if (!docs.length) return h('p', { class: 'muted' }, t('myCases.noDocuments'));
  pagedList(host, { key: 'd', label: t('pager.documents'), text: (d) => [d.fileName, d.kind, labelOf(kinds, d.kind)],
    draw: (page) => h('ul', { class: 'documents', id: 'my-documents' }, page.map((d) =>
      documentItem(d, kinds, (id) => `/api/cases/${encodeURIComponent(caseId)}/documents/${encodeURIComponent(id)}`))) }).set(docs);
  return host;
}

async function open(caseId) {
  writeQuery({ ...readQuery(), case: caseId }); // the list keeps its filter and page
  const reload = () => open(caseId);
  try {
    const [mine, docs, kinds] = await Promise.all([
      api(`/api/cases/mine/${encodeURIComponent(caseId)}`), api(`/api/cases/${encodeURIComponent(caseId)}/documents`), loadKinds()]);
    const { summary: s, progress: p } = mine;
    const certificate = mine.certificateIssued ? await api(`/api/cases/${encodeURIComponent(caseId)}/certificate`) : null;
    const requests = (p?.openRequests || []).map((r) => requestCard(caseId, r, mine, docs, kinds, reload));
    const appealWindowShown = (p?.openRequests || []).some((r) => r.message === 'AppealLodged');
    const own = (code) => (kinds.find((k) => k.code === code)?.party || 'STAFF') !== 'STAFF';
    const ending = CERTIFIED.has(s.status) || s.status === 'GRANTED';
    clear(detail,
      h('h2', {}, t('case.heading', { caseId: s.caseId, product: s.productName })),
      stepper(s.phase, s.status),
      h('p', {}, t('myCases.statusLabel'), caseStatusBadge(s.status, mine.decisions || []), t('myCases.markets', { markets: codes('market', s.targetMarkets) })),
      p && !p.engineAvailable ? h('div', { class: 'alert info' }, t('myCases.engineDown')) : null,
      h('div', { class: 'split' },
        h('div', {},
          h('section', { class: 'card', id: 'requests' }, h('h2', {}, t('myCases.requests')), requests.length ? requests : h('p', { class: 'muted' }, t('myCases.noRequests'))),
          // once the corrective action request is gone (answered, or its deadline missed) what the lab found stays readable
          (mine.nonconformities || []).length && !(p?.openRequests || []).some((r) => r.message === 'CorrectiveActionSubmitted')
            ? h('section', { class: 'card', id: 'nonconformities' }, nonconformityList(mine.nonconformities)) : null,
          h('section', { class: 'card' }, h('h2', {}, t('myCases.required')),
            h('p', { class: 'hint' }, t('myCases.uploadedOf', { n: (mine.requiredDocuments || []).filter((r) => r.present).length, total: (mine.requiredDocuments || []).length })),
            checklist(caseId, mine.requiredDocuments || [], docs, reload, s.phase === 'CLOSED')),
          h('section', { class: 'card' }, h('h2', {}, t('myCases.documents')),
            documentList(caseId, docs.filter((d) => own(d.kind)), kinds),
            s.phase === 'CLOSED' ? null : [h('h3', {}, t('myCases.uploadAnotherDocument')), otherUpload(caseId, kinds, reload)])),
        h('div', {},
          h('section', { class: 'card', id: 'deadlines' }, h('h2', {}, t('myCases.deadlines')),
            (p?.deadlines || []).length ? h('ul', {}, p.deadlines.map((d) => h('li', { class: d.overdue ? 'overdue' : '' }, t('myCases.deadline', { step: d.message ? code('requestTitle', d.message) : elementName(d.step, d.name), date: fmtDate(d.dueAt) })))) : h('p', { class: 'muted' }, t('myCases.noDeadlines'))),
          h('section', { class: 'card' }, h('h2', {}, t('common.certificate')),
            certificate ? h('div', {}, h('p', { 'data-testid': 'certificate' }, t('myCases.certificateLine', { number: certificate.displayNumber, status: code('certStatus', certificate.status), date: fmtDay(certificate.expiresOn) })),
              // the holder plans for the next surveillance long before its request arrives
              certificate.nextSurveillanceDue && certificate.status === 'ACTIVE'
                ? h('p', { 'data-testid': 'next-surveillance' }, t('myCases.nextSurveillance', { date: fmtDay(certificate.nextSurveillanceDue) })) : null,
              certificate.documentAvailable ? h('a', { class: 'button', href: `/api/cases/${encodeURIComponent(caseId)}/certificate/document`, download: '' }, t('myCases.downloadCertificate')) : null)
              : h('p', { class: 'muted' }, t('myCases.noCertificate'))),
          // an application not accepted: the reason the refusal mail sends the applicant here to read
          mine.ineligibleReason ? h('section', { class: 'card', id: 'not-accepted' }, h('h2', {}, t('myCases.notAccepted')),
            h('p', {}, h('strong', {}, t('myCases.reasons')), code('value', mine.ineligibleReason)),
            h('p', {}, t('myCases.applyAgain'), ' ', h('a', { href: '/console/apply.html' }, t('myCases.applyAgainLink')))) : null,
          // the decision and why: what the decision mail sends the applicant here to read, and to appeal against
          (mine.decisions || []).length ? h('section', { class: 'card', id: 'decisions' }, h('h2', {}, t('myCases.decisions')),
            h('ul', {}, mine.decisions.map((d) => h('li', { 'data-type': d.type },
              h('div', {}, decisionLine(d), ` · ${fmtDate(d.decidedAt)}`),
              d.rationale ? h('p', {}, h('strong', {}, t('myCases.reasons')), d.rationale) : null,
              d.conditions ? h('p', {}, h('strong', {}, t('myCases.conditions')), d.conditions) : null)))) : null,
          (mine.recognitions || []).length ? h('section', { class: 'card', id: 'recognitions' }, h('h2', {}, t('myCases.recognitionAbroad')),
            h('ul', {}, mine.recognitions.map((r) => h('li', { 'data-market': r.market }, h('strong', {}, code('market', r.market)), ' ',
              badge(code('outcome', r.outcome || 'PENDING'), statusKind(r.outcome === 'ACCEPTED' ? 'ACCEPTED' : r.outcome === 'NO_ARRANGEMENT' ? 'INFO' : r.outcome)), ' ',
              r.outcome ? code('recognition', r.outcome) : '', r.partnerReference ? ` (${r.partnerReference})` : '')))) : null,
          mine.appeal ? h('section', { class: 'card', id: 'appeal' }, h('h2', {}, t('myCases.appeal')), appealStatus(mine.appeal, s.status))
            : s.status === 'REFUSED' && !appealWindowShown ? h('section', { class: 'card', id: 'appeal' }, h('h2', {}, t('myCases.appeal')), appealForm(caseId, reload)) : null,
          s.status === 'CERTIFIED' || s.status === 'CHANGE_ACCEPTED' ? changeNotice(caseId, reload) : null,
          s.phase !== 'CLOSED' && s.status !== 'REFUSED' ? h('section', { class: 'card' }, h('h2', {}, ending ? t('myCases.endCertification') : t('myCases.withdraw')),
            action(ending ? t('myCases.endCertification') : t('myCases.withdraw'), t('common.reason'), 'withdraw',
              (text) => api(`/api/cases/${encodeURIComponent(caseId)}/withdrawal`, { method: 'POST', body: { reason: text } }),
              { cls: 'danger', warning: ending ? t('myCases.endWarning') : t('myCases.withdrawWarning') })) : null)));
    detail.querySelector('h2')?.setAttribute('tabindex', '-1');
  } catch (e) { showProblem(messages, e); }
}

await loadList();
const q = readQuery();
if (q.case) open(q.case);
