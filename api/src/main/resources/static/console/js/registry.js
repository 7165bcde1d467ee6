import { api, h, clear, showProblem, bindFilters, fmtDay, statusBadge, tableHead } from './api.js';
import { t, code, codes, codesByName } from './i18n.js';
import { layout } from './layout.js';
import { pagerNav, serverPage, currentPage } from './pager.js';

await layout('registry', { needsLogin: false });

// markets by name, not by a code the public would have to know (a typed Chinese name found nothing),
// from the catalog that names them everywhere in the console
const marketSelect = document.getElementById('f-market');
codesByName('market').forEach(([m, name]) => marketSelect.append(h('option', { value: m }, name)));
const results = document.getElementById('results');
const messages = document.getElementById('messages');

async function search(values) {
  const q = new URLSearchParams();
  Object.entries(values).forEach(([k, v]) => v && q.set(k, v));
  // one page of the server's answer, 20 rows, the page number in the query string with the search
  q.set('page', String(currentPage() - 1));
  q.set('size', '20');
  try {
    const r = await api(`/api/public/registry?${q}`, { allowAnonymous: true });
    clear(messages);
    const rows = r.items.map((l) => h('tr', {},
      h('td', {}, l.provider), h('td', {}, l.serviceName), h('td', {}, code('category', l.category)),
      h('td', { class: 'nowrap' }, h('a', { href: `/console/verify.html?number=${encodeURIComponent(l.certificateNumber)}` }, l.certificateNumber)),
      h('td', {}, statusBadge(l.status, 'certStatus')),
      h('td', {}, `${fmtDay(l.validFrom)} – ${fmtDay(l.validUntil)}`),
      h('td', {}, codes('market', l.marketsRecognised))));
    clear(results, h('div', { class: 'table-wrap' }, h('table', {},
      h('caption', {}, t('registry.caption', { n: r.total })),
      tableHead('registry.provider', 'common.service', 'common.category', 'common.certificate', 'common.status', 'registry.valid', 'registry.marketsRecognised'),
      h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: 7 }, t('registry.none'))))),
      pagerNav(serverPage(r), () => search(values), t('pager.registry'))));
  } catch (e) { showProblem(messages, e); }
}

search(bindFilters(document.getElementById('filters'), search));
