// Page frame: header with the links the signed-in roles may use, and who is signed in.
import { api, h, clear } from './api.js';
import { t, languageToggle, lang, setElementNames } from './i18n.js';
import { localizeFileInputs } from './file-input.js';
import { markInvalidControlsInPageLanguage } from './form-check.js';

const TASK_ROLES = ['CB_REVIEWER', 'EVALUATOR', 'TEST_LAB', 'REVIEWER', 'DECISION_COMMITTEE', 'REGISTRY_ADMIN', 'APPEALS', 'OPERATOR'];

function links(me) {
  const roles = new Set(me?.roles || []);
  const l = [];
  if (roles.has('APPLICANT')) l.push(['my-cases', t('nav.myCases'), '/console/my-cases.html'], ['apply', t('nav.apply'), '/console/apply.html']);
  if (TASK_ROLES.some((r) => roles.has(r))) l.push(['tasks-mine', t('nav.myTasks'), '/console/tasks.html?scope=mine'], ['tasks-groups', t('nav.groupTasks'), '/console/tasks.html?scope=groups']);
  if (roles.has('OPERATOR')) l.push(['cases', t('nav.cases'), '/console/cases.html'], ['incidents', t('nav.incidents'), '/console/incidents.html'], ['pipeline', t('nav.pipeline'), '/console/pipeline.html']);
  if (roles.has('PROGRAM_MANAGER')) l.push(['models', t('nav.models'), '/console/models.html'], ['modeler', t('nav.modeler'), '/console/modeler.html']);
  if (me) l.push(['mailbox', t('nav.mailbox'), '/console/mailbox.html']);
  l.push(['registry', t('nav.registry'), '/console/registry.html'], ['verify', t('nav.verify'), '/console/verify.html']);
  return l;
}

export function homeOf(me) {
  const roles = new Set(me?.roles || []);
  if (roles.has('APPLICANT')) return '/console/my-cases.html';
  if (roles.has('PROGRAM_MANAGER')) return '/console/models.html';
  if (roles.has('OPERATOR')) return '/console/cases.html';
  if (TASK_ROLES.some((r) => roles.has(r))) return '/console/tasks.html';
  return '/console/registry.html';
}

function csrfField() {
  const m = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]+)/);
  return h('input', { type: 'hidden', name: '_csrf', value: m ? decodeURIComponent(m[1]) : '' });
}

/**
 * Draws the header and returns the signed-in user (null for the public).
 * page: the nav key to mark current; needsLogin: send the public to sign in.
 */
export async function layout(page, { needsLogin = true } = {}) {
  localizeFileInputs(document);
  markInvalidControlsInPageLanguage(document);
  let me = null;
  try {
    // public pages ask without a 401 for the public (a browser reports every 401 as an error)
    me = needsLogin ? await api('/api/me', { allowAnonymous: true })
      : (await api('/api/public/session', { allowAnonymous: true })).me;
  } catch { me = null; }
  // the models' Chinese element names, before a page shows tasks, incidents or positions
  if (me) {
    try { setElementNames(await api(`/api/console/element-names?language=${lang}`)); } catch { setElementNames({}); }
  }
  if (!me && needsLogin) {
    sessionStorage.setItem('ec.returnTo', location.pathname + location.search);
    location.assign('/login');
    return new Promise(() => {});
  }
  const header = document.querySelector('header.app');
  const nav = h('nav', { 'aria-label': t('nav.label') }, h('ul', {}, links(me).map(([key, text, href]) =>
    h('li', {}, h('a', { href, 'aria-current': key === page ? 'page' : null }, text)))));
  const who = h('div', { class: 'who' }, languageToggle());
  if (me) {
    const form = h('form', { method: 'post', action: '/logout' }, csrfField(),
      h('button', { type: 'submit', class: 'secondary', id: 'sign-out' }, t('nav.signOut')));
    // task-form drafts kept for a reload or a new sign-in stay with the person who typed them
    form.addEventListener('submit', () => Object.keys(sessionStorage)
      .filter((k) => k.startsWith('ec-task-draft:')).forEach((k) => sessionStorage.removeItem(k)));
    who.append(h('span', { 'data-testid': 'whoami' }, `${me.username}${me.organisation ? ` · ${me.organisation}` : ''}`), form);
  } else {
    who.append(h('a', { class: 'button secondary', href: '/login' }, t('nav.signIn')));
  }
  clear(header, h('a', { class: 'skip', href: '#main' }, t('nav.skip')),
    h('div', { class: 'bar' }, h('a', { class: 'brand', href: '/' }, 'ExportCert'), nav, who));
  return me;
}
