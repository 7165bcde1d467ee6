import { api, h, clear, showProblem, fmtDay, readQuery, writeQuery, ApiError } from './api.js';
import { layout } from './layout.js';
import { t, code, codes } from './i18n.js';

await layout('verify', { needsLogin: false });
const form = document.getElementById('verify');
const input = document.getElementById('number');
const result = document.getElementById('result');

async function verify(number) {
  writeQuery({ number });
  try {
    const c = await api(`/api/public/certificates?number=${encodeURIComponent(number)}`, { allowAnonymous: true });
    clear(result, h('section', { class: `card alert ${c.valid ? 'ok' : ''}`, 'data-testid': 'verification', 'aria-labelledby': 'verdict' },
      h('h2', { id: 'verdict' }, c.valid ? t('verify.valid', { number: c.displayNumber }) : t('verify.invalid', { number: c.displayNumber, status: code('certStatus', c.status) })),
      h('dl', { class: 'kv' },
        h('dt', {}, t('verify.holder')), h('dd', {}, c.holder),
        h('dt', {}, t('verify.scope')), h('dd', { id: 'scope' }, c.localizedScope || c.scope || '—'),
        h('dt', {}, t('verify.standards')), h('dd', {}, c.standards || '—'),
        h('dt', {}, t('common.status')), h('dd', {}, code('certStatus', c.status)),
        h('dt', {}, t('verify.granted')), h('dd', {}, fmtDay(c.grantedOn)),
        h('dt', {}, t('verify.expires')), h('dd', {}, fmtDay(c.expiresOn)),
        h('dt', {}, t('verify.conditions')), h('dd', {}, c.conditions || t('common.none')),
        h('dt', {}, t('registry.marketsRecognised')), h('dd', {}, codes('market', c.marketsRecognised)))));
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      clear(result, h('div', { class: 'alert', role: 'alert', 'data-testid': 'verification' },
        h('strong', {}, t('verify.notFound', { number })), h('div', {}, t('verify.checkNumber'))));
    } else showProblem(result, e);
  }
}

form.addEventListener('submit', (e) => { e.preventDefault(); if (input.value.trim()) verify(input.value.trim()); });
const q = readQuery();
if (q.number) { input.value = q.number; verify(q.number); }
