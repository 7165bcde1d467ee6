import { api, upload, h, clear, showProblem, notice } from './api.js';
import { layout } from './layout.js';
import { t, code, catalogCodes, codesByName } from './i18n.js';
import { kindLabel, loadKinds } from './casefile.js';
import { checkForm, clearMarks, clearMarksAsFixed } from './form-check.js';

const me = await layout('apply');
const form = document.getElementById('application');
const messages = document.getElementById('messages');
const progress = document.getElementById('upload-progress');
form.legalName.value = me.organisation || '';

// every code of the form is chosen by its name in the page's language, from the catalogs that name
// it everywhere else in the console; the API takes and checks the codes (SchemeCatalog)
clear(form.category, catalogCodes('category').map((c) => h('option', { value: c }, code('category', c))));
const box = (name, value, text) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name, value }), ' ', text);
clear(document.getElementById('market-choices'), codesByName('market').map(([m, name]) => box('targetMarkets', m, name)));
clear(document.getElementById('framework-choices'), catalogCodes('framework').map((f) => box('frameworks', f, code('framework', f))));
const markets = { fieldset: document.getElementById('targetMarkets'), message: t('apply.targetMarketsRequired'), before: '.choice-grid' };
clearMarksAsFixed(form, [markets]);
// the codes ticked, in the catalog's order (shown sorted by name, sent the same whatever the language)
const ticked = (name, group) => {
  const on = new Set([...form.querySelectorAll(`input[name=${name}]:checked`)].map((c) => c.value));
  return catalogCodes(group).filter((c) => on.has(c));
};

/** The form's label for a field the API names by its JSON path (targetMarkets[0], versions[0].label). */
function fieldName(path) {
  const root = String(path).replace(/[.[].*$/, '');
  const id = root === 'versions' ? (String(path).endsWith('.modelIdentifiers') ? 'modelIdentifiers' : 'versionLabel') : root;
  const el = document.getElementById(id);
  const label = el?.tagName === 'FIELDSET' ? el.querySelector('legend') : el?.labels?.[0];
  return label?.querySelector('[data-i18n]')?.textContent || label?.textContent.trim() || path;
}

const LATER_KINDS = ['CORRECTIVE_ACTION', 'SURVEILLANCE_DATA'];

// the kinds an application needs come first, from the one catalog the API checks uploads against
loadKinds().then((kinds) => {
  // a corrective action or surveillance data answers a later request: no first document of an application
  const applicant = kinds.filter((k) => k.party === 'APPLICANT' && !LATER_KINDS.includes(k.code));
  applicant.sort((a, b) => (b.requiredFor === 'ALL') - (a.requiredFor === 'ALL'));
  clear(form.documentKind, applicant.map((k) => h('option', { value: k.code }, kindLabel(k))));
}).catch((e) => showProblem(messages, e, t('apply.kindsNotLoaded')));

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  if (!checkForm(form, [markets])) return;
  const button = document.getElementById('submit');
  button.disabled = true;
  const body = {
    legalName: form.legalName.value, registrationNumber: form.registrationNumber.value.trim(),
    address: form.address.value || null, contactName: form.contactName.value || null,
    contactEmail: form.contactEmail.value || null, productName: form.productName.value.trim(),
    deploymentBoundary: form.deploymentBoundary.value || null,
    versions: [{ label: form.versionLabel.value.trim(), modelIdentifiers: form.modelIdentifiers.value || null }],
    category: form.category.value, schemeType: form.schemeType.value, schemeVersion: '2026.1',
    intendedPurpose: form.intendedPurpose.value || null,
    targetMarkets: ticked('targetMarkets', 'market'),
    referenceFrameworks: ticked('frameworks', 'framework'),
    notLodgedElsewhere: form.notLodgedElsewhere.checked,
  };
  let created = null;
  try {
    created = await api('/api/applications', { method: 'POST', body });
    const file = form.document.files[0];
    if (file) {
      notice(messages, t('apply.uploading', { caseId: created.caseId, file: file.name }), 'info');
      const data = new FormData();
      data.append('file', file);
      data.append('kind', form.documentKind.value);
      await upload(`/api/cases/${encodeURIComponent(created.caseId)}/documents`, data, progress);
    }
    clear(messages, h('div', { class: 'alert ok', role: 'status', 'data-testid': 'submitted' },
      h('strong', {}, t('apply.submitted', { caseId: created.caseId })), ' ',
      file ? t('apply.fileUploaded', { file: file.name }) : '', ' ', t('apply.otherDocuments'), ' ',
      h('a', { href: `/console/my-cases.html?case=${encodeURIComponent(created.caseId)}` }, t('apply.follow'))));
    const kind = form.documentKind.value;
    form.reset();
    // the emptied form shows no full bar beside "no file chosen"
    progress.hidden = true;
    clearMarks(form);
    form.legalName.value = me.organisation || '';
    form.documentKind.value = kind;
  } catch (err) {
    // once the case exists only the upload failed: say so, and where to retry it
    const problem = showProblem(messages, err, created ? t('apply.documentRefused', { caseId: created.caseId }) : t('apply.notSubmitted'), fieldName);
    if (created) problem.append(h('a', { href: `/console/my-cases.html?case=${encodeURIComponent(created.caseId)}` }, t('apply.uploadFromCase')));
  } finally {
    button.disabled = false;
    messages.scrollIntoView({ block: 'nearest' });
  }
});
