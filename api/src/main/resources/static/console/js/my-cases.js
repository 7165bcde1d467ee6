import { api, upload, h, clear, showProblem, notice, fmtDate, fmtDay, fmtSize, badge, statusKind, readQuery, writeQuery, isOverdue } from './api.js';
import { layout } from './layout.js';
import { documentItem, kindLabel, labelOf, loadKinds } from './casefile.js';

await layout('my-cases');
const list = document.getElementById('list');
const detail = document.getElementById('detail');
const messages = document.getElementById('messages');

// the order a case moves through; the certificate comes before recognition abroad, and a
// certified service then stays under surveillance
const PHASES = [['ELIGIBILITY', 'Eligibility'], ['DOCUMENT_REVIEW', 'Document review'], ['TESTING', 'Testing'],
  ['DECISION', 'Decision'], ['REGISTRY', 'Certificate & listing'], ['RECOGNITION', 'Recognition'], ['MAINTENANCE', 'Surveillance']];
/** Statuses of a certified service: the listing is done and surveillance runs. */
const CERTIFIED = new Set(['CERTIFIED', 'CHANGE_ACCEPTED', 'SUSPENDED']);

/** Recognition abroad per market, in words. */
const RECOGNITION = {
  PENDING: 'Being prepared.', DOSSIER_SENT: 'Dossier sent to the partner body; waiting for its answer.',
  ACCEPTED: 'Recognised.', EXTRA_TESTS_REQUESTED: 'The partner body asks for extra tests.', REJECTED: 'Not recognised by the partner body.',
  NO_ANSWER: 'The partner body did not answer in time; the certification body follows it up.',
  NO_ARRANGEMENT: 'No recognition arrangement with a partner body for this market yet: the certificate is not sent there.',
  EXTRA_TESTS_FAILED: 'The extra tests asked for did not pass.',
};

/** Each request as the applicant reads it: a title, and what it asks in words. */
const REQUEST_TITLES = {
  AgreementSigned: 'Sign the certification agreement', DocumentsResubmitted: 'Documents missing',
  ApplicationInformationProvided: 'Information requested', SurveillanceDataSubmitted: 'Surveillance data requested',
  RenewalRequested: 'Renewal', SuspensionCauseResolved: 'Certificate suspended', AppealLodged: 'Appeal window',
};
const REQUEST_REASONS = {
  AgreementSigned: 'Your application is accepted. Read the certification agreement and sign it; the document review starts once it is signed.',
  DocumentsResubmitted: 'The technical file is not complete or not accepted. Upload what is missing below, then answer.',
  ApplicationInformationProvided: 'The reviewer needs more information about your application. Upload it or explain in the note, then answer.',
  SurveillanceDataSubmitted: 'Surveillance: send the operating data asked for, then answer.',
  RenewalRequested: 'Your certificate can be renewed: answer to request the renewal.',
  SuspensionCauseResolved: 'Your certificate is suspended: fix the cause, upload the evidence and answer.',
  AppealLodged: 'You may appeal the refusal in the Appeal section.',
};

function stepper(phase, status) {
  const effective = CERTIFIED.has(status) && (phase === 'REGISTRY' || phase === 'RECOGNITION') ? 'MAINTENANCE' : phase;
  const at = PHASES.findIndex(([p]) => p === effective);
  const closed = phase === 'CLOSED';
  return h('ol', { class: 'stepper', 'aria-label': 'Progress through the phases', id: 'stepper' }, PHASES.map(([p, label], i) => {
    const state = closed ? '' : i < at ? 'done' : i === at ? 'current' : '';
    return h('li', { class: state, 'aria-current': state === 'current' ? 'step' : null, 'data-phase': p },
      label, state === 'done' ? h('span', { class: 'sr-only' }, ' (done)') : null);
  }), closed ? h('li', { class: 'current', 'aria-current': 'step' }, `Closed (${status})`) : null);
}

async function loadList() {
  try {
    const cases = await api('/api/cases/mine');
    clear(list, h('div', { class: 'table-wrap' }, h('table', {},
      h('caption', {}, `${cases.length} case${cases.length === 1 ? '' : 's'} of your organisation`),
      h('thead', {}, h('tr', {}, ['Case', 'Service', 'Phase', 'Status', 'Markets', 'Updated'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, cases.map((s) => h('tr', {},
        h('td', {}, h('a', { href: `?case=${encodeURIComponent(s.caseId)}`, onclick: (e) => { e.preventDefault(); open(s.caseId); } }, s.caseId)),
        h('td', {}, `${s.productName} ${s.versions.join(', ')}`), h('td', {}, s.phase),
        h('td', {}, badge(s.status, statusKind(s.status))),
        h('td', {}, s.targetMarkets.join(', ')), h('td', {}, fmtDate(s.updatedAt))))))));
  } catch (e) { showProblem(messages, e); }
}

function sendFile(caseId, kind, file, progress) {
  const data = new FormData();
  data.append('file', file);
  data.append('kind', kind);
  return upload(`/api/cases/${encodeURIComponent(caseId)}/documents`, data, progress);
}

/** The required documents, each with what is uploaded for it and its own upload. */
function checklist(caseId, required, docs, reload) {
  return h('ul', { class: 'checklist', id: 'checklist' }, required.map((r) => {
    const id = `doc-${r.kind}`;
    const file = h('input', { type: 'file', id, 'aria-describedby': `${id}-hint` });
    const progress = h('progress', { max: 100, value: 0, hidden: true, 'aria-label': `Upload progress of ${r.label?.en || r.kind}` });
    const status = h('div', { 'aria-live': 'polite' });
    const form = h('form', { class: 'upload-inline' }, h('label', { for: id, class: 'sr-only' }, `File for ${r.label?.en || r.kind}`), file,
      h('button', { type: 'submit', class: 'secondary', id: `upload-${r.kind}` }, r.present ? 'Upload another' : 'Upload'), progress, status);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (!file.files[0]) { file.focus(); return; }
      try { await sendFile(caseId, r.kind, file.files[0], progress); reload(); } catch (err) { showProblem(status, err, 'Upload refused'); }
    });
    const names = docs.filter((d) => r.evidenceIds.includes(d.evidenceId)).map((d) => d.fileName);
    return h('li', { class: r.present ? 'present' : 'missing', 'data-kind': r.kind },
      h('div', {}, h('strong', {}, r.present ? '✓ ' : '✗ ', r.label?.en || r.kind), ' ',
        r.present ? h('span', { class: 'muted' }, names.join(', ')) : badge('missing', 'bad')),
      h('div', { class: 'hint', id: `${id}-hint` }, r.hint?.en || ''), form);
  }));
}

function otherUpload(caseId, kinds, reload) {
  const status = h('div', { 'aria-live': 'polite' });
  const progress = h('progress', { max: 100, value: 0, hidden: true, 'aria-label': 'Upload progress' });
  const file = h('input', { type: 'file', id: 'doc-file', required: true });
  const kind = h('select', { id: 'doc-kind' }, kinds.filter((k) => k.party === 'APPLICANT').map((k) => h('option', { value: k.code }, kindLabel(k))));
  const form = h('form', { class: 'upload' },
    h('div', { class: 'field' }, h('label', { for: 'doc-kind' }, 'Kind'), kind),
    h('div', { class: 'field' }, h('label', { for: 'doc-file' }, 'File'), file),
    progress, h('div', {}, h('button', { type: 'submit' }, 'Upload')), status);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!file.files[0]) return;
    try {
      const doc = await sendFile(caseId, kind.value, file.files[0], progress);
      notice(status, `${doc.fileName} uploaded.`);
      reload();
    } catch (err) { showProblem(status, err, 'Upload refused'); }
  });
  return form;
}

function action(label, fieldLabel, name, submit, { cls = '', warning = null } = {}) {
  const id = `${name}-text`;
  const status = h('div', { 'aria-live': 'polite' });
  const text = h('textarea', { id, rows: 2, required: true });
  const confirm = warning ? h('input', { type: 'checkbox', id: `${name}-confirm`, required: true }) : null;
  const form = h('form', {}, warning ? h('div', { class: 'alert', role: 'note', id: `${name}-warning` }, warning) : null,
    h('div', { class: 'field' }, h('label', { for: id }, fieldLabel), text),
    confirm ? h('label', { class: 'check' }, confirm, 'I understand what this ends.') : null,
    h('button', { type: 'submit', class: cls }, label), status);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!text.value.trim()) { text.focus(); return; }
    if (confirm && !confirm.checked) { confirm.focus(); return; }
    try { await submit(text.value.trim()); notice(status, 'Sent.'); } catch (err) { showProblem(status, err); }
  });
  return form;
}

function requestCard(caseId, r, mine, docs, kinds, reload) {
  const note = h('textarea', { id: `note-${r.elementInstanceKey}`, rows: 2 });
  const status = h('div', { 'aria-live': 'polite' });
  const reason = [h('p', {}, REQUEST_REASONS[r.message] || r.name || r.request)];
  if (r.message === 'DocumentsResubmitted') {
    if (mine.missingDocuments?.length) reason.push(h('p', { 'data-testid': 'missing' }, h('strong', {}, 'Missing: '), mine.missingDocuments.map((k) => labelOf(kinds, k)).join(', ')));
    if (mine.reviewFindings) reason.push(h('p', { 'data-testid': 'findings' }, h('strong', {}, "Evaluator's findings: "), mine.reviewFindings));
  }
  const f = h('form', { class: 'card request', 'data-message': r.message }, h('h3', {}, REQUEST_TITLES[r.message] || r.name || r.request), ...reason,
    h('p', { class: isOverdue(r.dueAt) ? 'overdue' : 'muted', 'data-testid': 'due' }, r.dueAt ? `Answer by ${fmtDate(r.dueAt)}${isOverdue(r.dueAt) ? ' — overdue' : ''}` : 'No deadline.'),
    h('div', { class: 'field' }, h('label', { for: `note-${r.elementInstanceKey}` }, 'Note (optional; upload documents first)'), note),
    h('button', { type: 'submit', id: `answer-${r.message}` }, r.message === 'AgreementSigned' ? 'Sign the agreement' : 'Send answer'), status);
  f.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await api(`/api/cases/${encodeURIComponent(caseId)}/answers`, { method: 'POST',
        body: { message: r.message, note: note.value || null, evidenceIds: docs.map((d) => d.evidenceId).slice(-50) } });
      notice(status, 'Answer sent.');
      awaitAnswered(caseId, r.elementInstanceKey, reload);
    } catch (err) { showProblem(status, err); }
  });
  return f;
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

async function open(caseId) {
  writeQuery({ case: caseId });
  const reload = () => open(caseId);
  try {
    const [mine, docs, kinds] = await Promise.all([
      api(`/api/cases/mine/${encodeURIComponent(caseId)}`), api(`/api/cases/${encodeURIComponent(caseId)}/documents`), loadKinds()]);
    const { summary: s, progress: p } = mine;
    const certificate = mine.certificateIssued ? await api(`/api/cases/${encodeURIComponent(caseId)}/certificate`) : null;
    const requests = (p?.openRequests || []).map((r) => requestCard(caseId, r, mine, docs, kinds, reload));
    const own = (code) => (kinds.find((k) => k.code === code)?.party || 'STAFF') !== 'STAFF';
    const ending = CERTIFIED.has(s.status) || s.status === 'GRANTED';
    clear(detail,
      h('h2', {}, `Case ${s.caseId} — ${s.productName}`),
      stepper(s.phase, s.status),
      h('p', {}, 'Status: ', badge(s.status, statusKind(s.status)), ` · markets ${s.targetMarkets.join(', ')}`),
      p && !p.engineAvailable ? h('div', { class: 'alert info' }, 'The process engine is not reachable; requests and deadlines are not shown.') : null,
      h('div', { class: 'split' },
        h('div', {},
          h('section', { class: 'card', id: 'requests' }, h('h2', {}, 'Requests for you'), requests.length ? requests : h('p', { class: 'muted' }, 'Nothing is waiting for you.')),
          h('section', { class: 'card' }, h('h2', {}, 'Required documents'),
            h('p', { class: 'hint' }, `${(mine.requiredDocuments || []).filter((r) => r.present).length} of ${(mine.requiredDocuments || []).length} uploaded.`),
            checklist(caseId, mine.requiredDocuments || [], docs, reload)),
          h('section', { class: 'card' }, h('h2', {}, 'Documents'),
            docs.length ? h('ul', { class: 'documents', id: 'my-documents' }, docs.filter((d) => own(d.kind)).map((d) =>
              documentItem(d, kinds, (id) => `/api/cases/${encodeURIComponent(caseId)}/documents/${encodeURIComponent(id)}`))) : h('p', { class: 'muted' }, 'No documents yet.'),
            h('h3', {}, 'Upload another document'), otherUpload(caseId, kinds, reload))),
        h('div', {},
          h('section', { class: 'card' }, h('h2', {}, 'Deadlines'),
            (p?.deadlines || []).length ? h('ul', {}, p.deadlines.map((d) => h('li', { class: isOverdue(d.dueAt) ? 'overdue' : '' }, `${d.name || d.step}: ${fmtDate(d.dueAt)}`))) : h('p', { class: 'muted' }, 'None open.')),
          h('section', { class: 'card' }, h('h2', {}, 'Certificate'),
            certificate ? h('div', {}, h('p', { 'data-testid': 'certificate' }, `${certificate.displayNumber} · ${certificate.status} · expires ${fmtDay(certificate.expiresOn)}`),
              certificate.documentAvailable ? h('a', { class: 'button', href: `/api/cases/${encodeURIComponent(caseId)}/certificate/document`, download: '' }, 'Download certificate (PDF)') : null)
              : h('p', { class: 'muted' }, 'No certificate yet.')),
          (mine.recognitions || []).length ? h('section', { class: 'card', id: 'recognitions' }, h('h2', {}, 'Recognition abroad'),
            h('ul', {}, mine.recognitions.map((r) => h('li', { 'data-market': r.market }, h('strong', {}, r.market), ' ',
              badge(r.outcome || 'PENDING', statusKind(r.outcome === 'ACCEPTED' ? 'ACCEPTED' : r.outcome === 'NO_ARRANGEMENT' ? 'INFO' : r.outcome)), ' ',
              RECOGNITION[r.outcome] || '', r.partnerReference ? ` (${r.partnerReference})` : '')))) : null,
          s.status === 'REFUSED' ? h('section', { class: 'card' }, h('h2', {}, 'Appeal'),
            action('Lodge appeal', 'Grounds of the appeal', 'appeal', (t) => api(`/api/cases/${encodeURIComponent(caseId)}/appeal`, { method: 'POST', body: { grounds: t } }))) : null,
          s.phase !== 'CLOSED' && s.status !== 'REFUSED' ? h('section', { class: 'card' }, h('h2', {}, ending ? 'End the certification' : 'Withdraw'),
            action(ending ? 'End the certification' : 'Withdraw', 'Reason', 'withdraw',
              (t) => api(`/api/cases/${encodeURIComponent(caseId)}/withdrawal`, { method: 'POST', body: { reason: t } }),
              { cls: 'danger', warning: ending ? 'Your service is certified. Withdrawing now ends the certification: the certificate is withdrawn, the service leaves the public registry and partners abroad are told. This cannot be undone; a new certification needs a new application.' : null })) : null)));
    detail.querySelector('h2')?.setAttribute('tabindex', '-1');
  } catch (e) { showProblem(messages, e); }
}

await loadList();
const q = readQuery();
if (q.case) open(q.case);
