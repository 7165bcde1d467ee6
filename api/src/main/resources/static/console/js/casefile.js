// The case file beside a task (and on the operator's case page): documents to open or download,
// the eligibility result, findings, test plan and reports, decisions, the reviewer's recommendation.
import { api, h, fmtDate, fmtDay, fmtSize, badge, statusKind } from './api.js';
import { t, code, codes, has, localized, actorName } from './i18n.js';
import { pagedList } from './pager.js';

let kindsOnce = null;

/** The catalog of evidence kinds (codes, who uploads them, labels), fetched once per page. */
export function loadKinds() {
  kindsOnce ||= api('/api/evidence-kinds').catch((e) => { kindsOnce = null; throw e; });
  return kindsOnce;
}

export function kindLabel(kind) {
  return kind ? (localized(kind.label) || code('kind', kind.code)) : '';
}

export function labelOf(kinds, code) {
  return kindLabel((kinds || []).find((k) => k.code === code)) || code;
}

const INLINE = new Set(['application/pdf', 'image/png', 'image/jpeg']);

/** One document: name, kind, size, SHA-256, and Open (in the browser) / Download links. */
export function documentItem(d, kinds, urlOf) {
  const url = urlOf(d.evidenceId);
  return h('li', { 'data-evidence-id': d.evidenceId },
    h('div', {}, h('strong', {}, d.fileName), ` · ${labelOf(kinds, d.kind)} · ${fmtSize(d.sizeBytes)} · `, badge(code('review', d.reviewStatus), statusKind(d.reviewStatus))),
    h('div', { class: 'hint' }, `SHA-256 ${d.sha256} · ${actorName(d.submittedBy)} · ${fmtDate(d.submittedAt)}`),
    h('div', { class: 'actions' },
      INLINE.has(d.mediaType) ? h('a', { class: 'button secondary', href: url, target: '_blank', rel: 'noopener', 'data-action': 'open' }, t('casefile.open')) : null,
      h('a', { class: 'button secondary', href: `${url}?download=true`, download: d.fileName, 'data-action': 'download' }, t('casefile.download'))),
    d.mediaType.startsWith('image/') ? h('img', { src: url, alt: d.fileName, class: 'preview', loading: 'lazy' }) : null);
}

/** The scheme type as words: the process records the number (6), the case its code (TYPE_6). */
function schemeType(x) {
  return code('scheme', /^\d+$/.test(String(x)) ? `TYPE_${x}` : x);
}

/** A label and its value, with the language's own separator (common.labelSeparator). */
function labelled(label, text) {
  return `${label}${t('common.labelSeparator')}${text}`;
}

/**
 * A decision as "Certification decision: [Granted]": the kind names the decision and the outcome
 * answers it (the outcome then the kind read as one word doubled in Chinese).
 */
export function decisionLine(d) {
  return [labelled(t('decision.ofKind', { kind: code('decisionKind', d.kind) }), ''), badge(code('decisionType', d.type), statusKind(d.type))];
}

function value(v) {
  if (v === null || v === undefined) return '—';
  if (Array.isArray(v)) return v.map(value).join(t('common.listSeparator'));
  // a code the process recorded (ACCEPTED, MEDIUM, GRANT...) reads as words
  if (typeof v === 'string' && /^[A-Z][A-Z0-9_]+$/.test(v)) return has(`suite.${v}`) ? code('suite', v) : code('value', v);
  if (typeof v === 'object') {
    return Object.entries(v).filter(([, x]) => x !== null && x !== undefined)
      .map(([k, x]) => `${has(`field.${k}`) ? t(`field.${k}`) : k}${t('common.labelSeparator')}${k === 'schemeType' ? schemeType(x) : value(x)}`).join(' · ');
  }
  return String(v);
}

// result labels are the catalogs' result.* keys

/** Every document of the case, 25 a page with a filter by file name or kind (fq / fpage in the query string). */
function documentPages(documents, kinds, urlOf) {
  const host = h('div', { id: 'case-documents-list' });
  pagedList(host, { key: 'f', label: t('pager.documents'), text: (d) => [d.fileName, d.kind, labelOf(kinds, d.kind)],
    draw: (page) => h('ul', { class: 'documents', id: 'case-documents' }, page.map((d) => documentItem(d, kinds, urlOf))) }).set(documents);
  return host;
}

export function caseFilePanel(file, kinds, urlOf) {
  const results = Object.entries(file.processResults || {});
  return h('div', { id: 'case-file' },
    h('h3', {}, t('casefile.documents')),
    file.documents.length ? documentPages(file.documents, kinds, urlOf) : h('p', { class: 'muted' }, t('casefile.noDocuments')),
    h('h3', {}, t('casefile.results')),
    results.length ? h('dl', { class: 'kv', id: 'case-results' }, results.flatMap(([k, v]) => [h('dt', {}, code('result', k)), h('dd', { 'data-result': k }, value(v))]))
      : h('p', { class: 'muted' }, t('casefile.noResults')),
    file.findings.length ? [h('h3', {}, t('casefile.findings')), h('ul', { id: 'case-findings' }, file.findings.map((f) =>
      h('li', {}, badge(code('value', f.outcome), statusKind(f.outcome)), ` ${f.findings || t('casefile.noText')} — ${f.recordedBy}, ${fmtDate(f.recordedAt)}`)))] : null,
    // what the applicant wrote when answering a request: read by the staff who asked
    (file.answers || []).length ? [h('h3', {}, t('casefile.answers')), h('ul', { id: 'case-answers' }, file.answers.map((x) =>
      h('li', {}, labelled(`${code('requestTitle', x.message)} — ${fmtDate(x.answeredAt)}`, ''),
        x.note ? h('q', { class: 'note', 'data-raw': '' }, x.note) : h('span', { class: 'muted' }, t('casefile.noNote')))))] : null,
    file.testRequests.length ? [h('h3', {}, t('casefile.testRequests')), h('ul', { id: 'case-requests' }, file.testRequests.map((r) =>
      h('li', {}, `${r.requestNumber} · ${code('testKind', r.kind)} · ${code('testScope', r.scope)}${r.market ? ` · ${code('market', r.market)}` : ''} · ${codes('suite', r.suites)} · ${t('casefile.lab', { lab: r.labName || r.lab })}`)))] : null,
    file.testReports.length ? [h('h3', {}, t('casefile.testReports')), h('ul', { id: 'case-reports' }, file.testReports.map((r) =>
      h('li', {}, h('div', {}, h('strong', {}, r.reportId), ' ', badge(code('conformity', r.conformity), statusKind(r.conformity === 'PASS' ? 'PASSED' : 'FAILED')),
        ` · ${labWithAccreditation(r)} · ${fmtDay(r.testedFrom)}–${fmtDay(r.testedTo)} · ${t('casefile.authorisedBy', { who: r.authorizedBy })}${r.requestNumber ? ` · ${t('casefile.request', { number: r.requestNumber })}` : ''}`),
      h('div', { class: 'hint' }, r.method),
      Array.isArray(r.results) ? h('ul', {}, r.results.map((x) => h('li', {}, `${labelled([code('suite', x.suite), x.requirement].filter(Boolean).join(' '), code('conformity', x.verdict))}${x.detail ? ` — ${x.detail}` : ''}`))) : null,
      r.nonconformities.length ? h('ul', {}, r.nonconformities.map((n) => h('li', { class: 'overdue' }, `${labelled([n.reference, code('ncSeverity', n.severity), n.requirement].filter(Boolean).join(' '), n.description || '')} (${code('ncStatus', n.status)}${t('common.listSeparator')}${t('casefile.due', { date: fmtDay(n.dueOn) })})`))) : null)))] : null,
    file.decisions.length ? [h('h3', {}, t('casefile.decisions')), h('ul', { id: 'case-decisions' }, file.decisions.map((d) =>
      h('li', {}, decisionLine(d), ` · ${d.decisionMaker} · ${fmtDate(d.decidedAt)}`, d.rationale ? h('div', {}, d.rationale) : null)))] : null,
    // what the registrar checks before the listing: number, scope, validity, conditions
    (file.certificates || []).length ? [h('h3', {}, t('casefile.certificates')), h('ul', { id: 'case-certificates' }, file.certificates.map((c) =>
      h('li', { 'data-number': c.number }, h('div', {}, h('strong', {}, c.number), ' ', badge(code('certStatus', c.status), statusKind(c.status)), ` · ${c.holder}`),
        h('div', {}, t('casefile.certificateLine', { scope: c.scope, granted: fmtDay(c.grantedOn), expires: fmtDay(c.expiresOn) })),
        h('div', { class: 'hint' }, c.conditions ? t('casefile.conditions', { text: c.conditions }) : t('casefile.noConditions')))))] : null);
}

/** The lab as its report names it, with its accreditation unless the name already gives it (a configured lab's name ends with its accreditation number). */
function labWithAccreditation(r) {
  const lab = r.lab || '—';
  return r.accreditation && !lab.includes(r.accreditation) ? `${lab} (${r.accreditation})` : lab;
}
