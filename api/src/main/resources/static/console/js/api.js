// Shared helpers: API calls with the session's CSRF token, problem+json errors, uploads with progress.
import { t, code, locale } from './i18n.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

function csrfToken() {
  const m = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]+)/);
  return m ? decodeURIComponent(m[1]) : null;
}

function headers(method, extra = {}) {
  // X-Requested-With keeps Spring from remembering API calls as the page to return to after login
  // Accept-Language: the server answers errors in the console's language, not only the browser's
  const h = { 'X-Requested-With': 'XMLHttpRequest', Accept: 'application/json, application/problem+json', 'Accept-Language': locale, ...extra };
  const token = csrfToken();
  if (method !== 'GET' && token) h['X-XSRF-TOKEN'] = token;
  return h;
}

async function problemOf(res) {
  const text = await res.text();
  try { return JSON.parse(text); } catch { return { title: res.statusText, detail: text.slice(0, 300) }; }
}

/** fetch JSON from the API; a 401 sends the browser to the sign-in page unless allowAnonymous. */
export async function api(path, { method = 'GET', body, allowAnonymous = false, accept } = {}) {
  const extra = body !== undefined && !(body instanceof FormData) ? { 'Content-Type': 'application/json' } : {};
  if (accept) extra.Accept = accept;
  const res = await fetch(path, {
    method, credentials: 'same-origin', headers: headers(method, extra),
    body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
  });
  if (res.status === 401 && !allowAnonymous) {
    signIn();
    throw new ApiError(401, { title: t('error.signInRequired') });
  }
  if (!res.ok) throw new ApiError(res.status, await problemOf(res));
  if (res.status === 204) return null;
  const type = res.headers.get('Content-Type') || '';
  return type.includes('json') ? res.json() : res.text();
}

/** A call of a signed-in page answered 401: the session ended; sign in and come back here. */
export function signIn() {
  sessionStorage.setItem('ec.returnTo', location.pathname + location.search);
  location.assign('/login?expired');
}

/** multipart upload through XHR, the one browser API that reports upload progress. */
export function upload(path, formData, progressEl) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    Object.entries(headers('POST')).forEach(([k, v]) => xhr.setRequestHeader(k, v));
    if (progressEl) {
      progressEl.hidden = false;
      progressEl.value = 0;
      xhr.upload.onprogress = (e) => { if (e.lengthComputable) progressEl.value = Math.round((e.loaded / e.total) * 100); };
    }
    // the bar shows while the file travels: finished or failed, no full bar stays beside the field
    const done = () => { if (progressEl) progressEl.hidden = true; };
    xhr.onload = () => {
      done();
      let payload = null;
      try { payload = JSON.parse(xhr.responseText); } catch { payload = { detail: xhr.responseText }; }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(payload);
      } else reject(new ApiError(xhr.status, payload));
    };
    xhr.onerror = () => {
      done();
      reject(new ApiError(0, { title: t('error.network'), detail: t('error.uploadNotReached') }));
    };
    xhr.send(formData);
  });
}

/** Small DOM builder: text goes in as text nodes, never as HTML. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el, ...children) {
  el.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}

/** Shows an API error where the user is looking; announced by screen readers (role=alert). */
export function showProblem(container, err, prefix, fieldName = (field) => field) {
  const p = err instanceof ApiError ? err.problem : { title: t('error.title'), detail: String(err?.message || err) };
  // a page that knows its fields names them by their labels rather than by the API's JSON path
  const list = (p.errors || []).map((e) => h('li', {}, `${fieldName(e.field)}${t('common.labelSeparator')}${e.message}`));
  // paths-not-passed names each failed path
  (p.failedPaths || []).forEach((f) => list.push(h('li', { 'data-raw': '' }, f)));
  // lint findings come in the page's language (the API answers Accept-Language); severity is a code
  if (p.report?.findings) p.report.findings.forEach((f) => list.push(h('li', { title: f.code || '' }, `${code('severity', f.severity)} ${f.element || f.file}${t('common.labelSeparator')}${f.message}`)));
  const box = h('div', { class: 'alert', role: 'alert' },
    h('strong', {}, prefix ? t('common.prefixed', { prefix }) : '', p.title || t('error.title')),
    p.detail ? h('div', {}, p.detail) : null,
    // a reason is a code (evidence refusals) or a sentence (impartiality)
    p.reason ? h('div', {}, t('error.reason', { reason: /^[A-Z][A-Z_]+$/.test(p.reason) ? code('reason', p.reason) : p.reason })) : null,
    list.length ? h('ul', {}, list) : null);
  clear(container, box);
  return box;
}

/** A table head from catalog keys. */
export function tableHead(...keys) {
  return h('thead', {}, h('tr', {}, keys.map((k) => h('th', { scope: 'col' }, t(k)))));
}

export function notice(container, text, kind = 'ok') {
  return clear(container, h('div', { class: `alert ${kind}`, role: 'status' }, text));
}

export function fmtDate(v) {
  if (!v) return '—';
  const d = new Date(v);
  return isNaN(d) ? String(v) : d.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
}

export function fmtDay(v) {
  if (!v) return '—';
  const d = new Date(v);
  return isNaN(d) ? String(v) : d.toLocaleDateString(locale, { dateStyle: 'medium' });
}

export function fmtSize(bytes) {
  if (bytes < 1024) return t('common.bytes', { n: bytes });
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}


export function badge(text, kind = 'info') {
  return h('span', { class: `badge ${kind}` }, text);
}

/**
 * A task's priority (0-100; the models give 50 to routine work, 60-70 to decisions and holds, 80
 * to escalations) as a word a staff member acts on; the number and what it means in the tooltip.
 */
export function priorityBadge(p) {
  if (p == null) return '—';
  const [word, why, kind] = p >= 80 ? [t('tasks.priorityUrgent'), t('tasks.priorityUrgentWhy', { p }), 'bad']
    : p >= 60 ? [t('tasks.priorityHigh'), t('tasks.priorityHighWhy', { p }), 'warn']
      : [t('tasks.priorityNormal'), t('tasks.priorityNormalWhy', { p }), 'info'];
  const b = badge(word, kind);
  b.title = why;
  b.dataset.priority = String(p);
  return b;
}

/** A status code as a coloured badge in words; the code stays on data-code for tests and tools. */
export function statusBadge(status, group = 'status') {
  const b = badge(code(group, status), statusKind(status));
  if (status) b.dataset.code = status;
  return b;
}

/**
 * A case's status as a person reads it: after an appeal is upheld the stored status stays REFUSED
 * until the new decision, yet the case is being decided again (decisions oldest first).
 */
export function caseStatusBadge(status, decisions = []) {
  const last = decisions.length ? decisions[decisions.length - 1] : null;
  if (status !== 'REFUSED' || last?.type !== 'APPEAL_UPHELD') return statusBadge(status);
  const b = badge(t('status.APPEAL_UPHELD_REDECIDING'), 'warn');
  b.dataset.code = status;
  b.dataset.state = 'APPEAL_UPHELD';
  return b;
}

export function statusKind(status) {
  if (!status) return 'info';
  if (/GRANT|CERTIFIED|ACTIVE|LISTED|ACCEPTED|COMPLETED|PASSED/.test(status)) return 'ok';
  if (/REFUS|WITHDRAWN|TERMINATED|INELIGIBLE|LAPSED|SUSPENDED|EXPIRED|INCIDENT|FAILED/.test(status)) return 'bad';
  if (/REQUESTED|REVIEW/.test(status)) return 'warn';
  return 'info';
}

/** Filters live in the query string so a reload or a shared link shows the same list. */
export function readQuery() {
  return Object.fromEntries(new URLSearchParams(location.search).entries());
}

export function writeQuery(values) {
  const q = new URLSearchParams();
  Object.entries(values).forEach(([k, v]) => { if (v !== undefined && v !== null && v !== '' && v !== false) q.set(k, v); });
  const url = location.pathname + (q.toString() ? `?${q}` : '');
  history.replaceState(null, '', url);
  return q;
}

/** Fills a form's controls from the query string and returns the values. */
export function bindFilters(form, onChange) {
  const q = readQuery();
  for (const el of form.elements) {
    if (!el.name) continue;
    if (el.type === 'checkbox') el.checked = q[el.name] === 'true';
    else if (q[el.name] !== undefined) el.value = q[el.name];
  }
  const values = () => {
    const v = {};
    for (const el of form.elements) {
      if (!el.name) continue;
      v[el.name] = el.type === 'checkbox' ? (el.checked ? 'true' : '') : el.value.trim();
    }
    return v;
  };
  form.addEventListener('submit', (e) => { e.preventDefault(); writeQuery(values()); onChange(values()); });
  form.addEventListener('change', () => { writeQuery(values()); onChange(values()); });
  return values();
}
