// The case file beside a task (and on the operator's case page): documents to open or download,
// the eligibility result, findings, test plan and reports, decisions, the reviewer's recommendation.
import { api, h, fmtDate, fmtDay, fmtSize, badge, statusKind } from './api.js';

let kindsOnce = null;

/** The catalog of evidence kinds (codes, who uploads them, labels), fetched once per page. */
export function loadKinds() {
  kindsOnce ||= api('/api/evidence-kinds').catch((e) => { kindsOnce = null; throw e; });
  return kindsOnce;
}

export function kindLabel(kind) {
  return kind ? (kind.label?.en || kind.code) : '';
}

export function labelOf(kinds, code) {
  return kindLabel((kinds || []).find((k) => k.code === code)) || code;
}

const INLINE = new Set(['application/pdf', 'image/png', 'image/jpeg']);

/** One document: name, kind, size, SHA-256, and Open (in the browser) / Download links. */
export function documentItem(d, kinds, urlOf) {
  const url = urlOf(d.evidenceId);
  return h('li', { 'data-evidence-id': d.evidenceId },
    h('div', {}, h('strong', {}, d.fileName), ` · ${labelOf(kinds, d.kind)} · ${fmtSize(d.sizeBytes)} · `, badge(d.reviewStatus, statusKind(d.reviewStatus))),
    h('div', { class: 'hint' }, `SHA-256 ${d.sha256} · ${d.submittedBy} · ${fmtDate(d.submittedAt)}`),
    h('div', { class: 'actions' },
      INLINE.has(d.mediaType) ? h('a', { class: 'button secondary', href: url, target: '_blank', rel: 'noopener', 'data-action': 'open' }, 'Open') : null,
      h('a', { class: 'button secondary', href: `${url}?download=true`, download: d.fileName, 'data-action': 'download' }, 'Download')),
    d.mediaType.startsWith('image/') ? h('img', { src: url, alt: d.fileName, class: 'preview', loading: 'lazy' }) : null);
}

function value(v) {
  if (v === null || v === undefined) return '—';
  if (Array.isArray(v)) return v.join(', ');
  if (typeof v === 'object') {
    return Object.entries(v).filter(([, x]) => x !== null && x !== undefined)
      .map(([k, x]) => `${k}: ${Array.isArray(x) ? x.join(', ') : x}`).join(' · ');
  }
  return String(v);
}

const RESULT_LABELS = {
  eligibilityCheck: 'Eligibility rules', eligibilityOutcome: 'Eligibility review', riskLevel: 'Risk level',
  testSuites: 'Test suites (plan)', documentReviewOutcome: 'Document review', reviewRecommendation: "Reviewer's recommendation",
  decisionOutcome: 'Decision',
};

export function caseFilePanel(file, kinds, urlOf) {
  const results = Object.entries(file.processResults || {});
  return h('div', { id: 'case-file' },
    h('h3', {}, 'Documents'),
    file.documents.length ? h('ul', { class: 'documents', id: 'case-documents' }, file.documents.map((d) => documentItem(d, kinds, urlOf)))
      : h('p', { class: 'muted' }, 'No documents yet.'),
    h('h3', {}, 'Results'),
    results.length ? h('dl', { class: 'kv', id: 'case-results' }, results.flatMap(([k, v]) => [h('dt', {}, RESULT_LABELS[k] || k), h('dd', { 'data-result': k }, value(v))]))
      : h('p', { class: 'muted' }, 'No results yet.'),
    file.findings.length ? [h('h3', {}, 'Document review findings'), h('ul', { id: 'case-findings' }, file.findings.map((f) =>
      h('li', {}, badge(f.outcome, statusKind(f.outcome)), ` ${f.findings || '(no text)'} — ${f.recordedBy}, ${fmtDate(f.recordedAt)}`)))] : null,
    file.testRequests.length ? [h('h3', {}, 'Test requests'), h('ul', {}, file.testRequests.map((r) =>
      h('li', {}, `${r.requestNumber} · ${r.kind} · ${r.scope}${r.market ? ` · ${r.market}` : ''} · ${r.suites.join(', ')} · lab ${r.lab}`)))] : null,
    file.testReports.length ? [h('h3', {}, 'Test reports'), h('ul', { id: 'case-reports' }, file.testReports.map((r) =>
      h('li', {}, h('div', {}, h('strong', {}, r.reportId), ' ', badge(r.conformity || '—', statusKind(r.conformity === 'PASS' ? 'PASSED' : 'FAILED')),
        ` · ${r.lab} (${r.accreditation}) · ${fmtDay(r.testedFrom)}–${fmtDay(r.testedTo)} · authorised by ${r.authorizedBy}${r.requestNumber ? ` · request ${r.requestNumber}` : ''}`),
      h('div', { class: 'hint' }, r.method),
      Array.isArray(r.results) ? h('ul', {}, r.results.map((x) => h('li', {}, `${x.suite} ${x.requirement}: ${x.verdict}${x.detail ? ` — ${x.detail}` : ''}`))) : null,
      r.nonconformities.length ? h('ul', {}, r.nonconformities.map((n) => h('li', { class: 'overdue' }, `${n.reference} ${n.severity} ${n.requirement}: ${n.description || ''} (${n.status}, due ${fmtDay(n.dueOn)})`))) : null)))] : null,
    file.decisions.length ? [h('h3', {}, 'Decisions'), h('ul', { id: 'case-decisions' }, file.decisions.map((d) =>
      h('li', {}, badge(d.type, statusKind(d.type)), ` ${d.kind} · ${d.decisionMaker} · ${fmtDate(d.decidedAt)}`, d.rationale ? h('div', {}, d.rationale) : null)))] : null);
}
