import { api, h, clear, showProblem, fmtDay, readQuery, writeQuery, ApiError } from './api.js';
import { layout } from './layout.js';

await layout('verify', { needsLogin: false });
const form = document.getElementById('verify');
const input = document.getElementById('number');
const result = document.getElementById('result');

async function verify(number) {
  writeQuery({ number });
  try {
    const c = await api(`/api/public/certificates?number=${encodeURIComponent(number)}`, { allowAnonymous: true });
    clear(result, h('section', { class: `card alert ${c.valid ? 'ok' : ''}`, 'data-testid': 'verification', 'aria-labelledby': 'verdict' },
      h('h2', { id: 'verdict' }, c.valid ? `Valid certificate ${c.displayNumber}` : `Certificate ${c.displayNumber} is not valid (${c.status})`),
      h('dl', { class: 'kv' },
        h('dt', {}, 'Holder'), h('dd', {}, c.holder),
        h('dt', {}, 'Scope'), h('dd', {}, c.scope || '—'),
        h('dt', {}, 'Standards'), h('dd', {}, c.standards || '—'),
        h('dt', {}, 'Status'), h('dd', {}, c.status),
        h('dt', {}, 'Granted'), h('dd', {}, fmtDay(c.grantedOn)),
        h('dt', {}, 'Expires'), h('dd', {}, fmtDay(c.expiresOn)),
        h('dt', {}, 'Conditions'), h('dd', {}, c.conditions || 'none'),
        h('dt', {}, 'Markets recognised'), h('dd', {}, (c.marketsRecognised || []).join(', ') || '—'))));
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      clear(result, h('div', { class: 'alert', role: 'alert', 'data-testid': 'verification' },
        h('strong', {}, `No certificate ${number} exists.`), h('div', {}, 'Check the number as printed on the certificate.')));
    } else showProblem(result, e);
  }
}

form.addEventListener('submit', (e) => { e.preventDefault(); if (input.value.trim()) verify(input.value.trim()); });
const q = readQuery();
if (q.number) { input.value = q.number; verify(q.number); }
