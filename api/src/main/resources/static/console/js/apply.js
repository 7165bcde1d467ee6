import { api, upload, h, clear, showProblem, notice } from './api.js';
import { layout } from './layout.js';
import { t } from './i18n.js';
import { kindLabel, loadKinds } from './casefile.js';

const me = await layout('apply');
const form = document.getElementById('application');
const messages = document.getElementById('messages');
const progress = document.getElementById('upload-progress');
form.legalName.value = me.organisation || '';
// the kinds an application needs come first, from the one catalog the API checks uploads against
loadKinds().then((kinds) => {
  const applicant = kinds.filter((k) => k.party === 'APPLICANT');
  applicant.sort((a, b) => (b.requiredFor === 'ALL') - (a.requiredFor === 'ALL'));
  clear(form.documentKind, applicant.map((k) => h('option', { value: k.code }, kindLabel(k))));
}).catch((e) => showProblem(messages, e, t('apply.kindsNotLoaded')));

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  if (!form.reportValidity()) return;
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
    targetMarkets: form.targetMarkets.value.split(',').map((m) => m.trim().toUpperCase()).filter(Boolean),
    referenceFrameworks: [...form.querySelectorAll('input[name=frameworks]:checked')].map((c) => c.value),
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
    form.legalName.value = me.organisation || '';
    form.documentKind.value = kind;
  } catch (err) {
    // once the case exists only the upload failed: say so, and where to retry it
    const box = showProblem(messages, err, created ? t('apply.documentRefused', { caseId: created.caseId }) : t('apply.notSubmitted'));
    if (created) box.append(h('a', { href: `/console/my-cases.html?case=${encodeURIComponent(created.caseId)}` }, t('apply.uploadFromCase')));
  } finally {
    button.disabled = false;
    messages.scrollIntoView({ block: 'nearest' });
  }
});
