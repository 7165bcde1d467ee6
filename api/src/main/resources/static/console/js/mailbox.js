// The signed-in user's mail on the local stack: every notification with what to do next and its link.
import { api, h, clear, showProblem, fmtDate } from './api.js';
import { layout } from './layout.js';
import { pagedList } from './pager.js';
import { t } from './i18n.js';

await layout('mailbox');
const messages = document.getElementById('messages');
const addresses = document.getElementById('addresses');

/** The body as text, with the console links in it made clickable (same origin paths only). */
function bodyWithLinks(text) {
  const parts = [];
  let last = 0;
  for (const m of text.matchAll(/https?:\/\/[^\s]+/g)) {
    parts.push(text.slice(last, m.index));
    let href = m[0];
    try { const u = new URL(href); href = u.pathname + u.search; } catch { href = null; }
    parts.push(href && href.startsWith('/console/') ? h('a', { href }, m[0]) : m[0]);
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  return h('pre', { class: 'mail-body' }, parts);
}

const list = pagedList(document.getElementById('mails'), {
  label: t('pager.mails'),
  size: 10,
  text: (m) => [m.subject, m.body, m.from, ...(m.to || [])],
  draw: (mails, facts) => h('div', {},
    h('p', { 'data-testid': 'mail-count' }, t('mailbox.count', { n: facts.total })),
    mails.map((m) => h('article', { class: 'card mail', 'data-testid': 'mail' },
      // subject and body are the mail as sent (in the recipient's language then): data, not wording
      h('h2', { 'data-raw': '' }, m.subject || t('mailbox.noSubject')),
      h('p', { class: 'muted' }, t('mailbox.fromTo', { from: m.from || '—', to: (m.to || []).join(', '), date: fmtDate(m.received) })),
      bodyWithLinks(m.body || '')))),
});

try {
  const box = await api('/api/mailbox');
  // the local server keeps each address's newest mails only: say so rather than lose older ones silently
  addresses.textContent = `${t('mailbox.addresses', { addresses: box.addresses.join(', ') })} ${t('mailbox.kept', { n: box.keptPerRecipient })}`;
  list.set(box.mails);
} catch (e) { clear(messages); showProblem(messages, e); }
