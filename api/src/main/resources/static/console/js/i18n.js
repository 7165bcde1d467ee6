// The console's languages: one catalog per language (i18n/en.js, i18n/zh.js), the browser's language
// by default (zh for zh-*, else en), the user's choice remembered in localStorage and in a cookie the
// server reads for its own messages (problem+json, sign-in page). Importing this module translates
// the page's static text (data-i18n attributes) at once.
import en from './i18n/en.js';
import zh from './i18n/zh.js';

const CATALOGS = { en, zh };
export const LANGUAGES = Object.keys(CATALOGS);
const STORE_KEY = 'ec.lang';
const COOKIE = 'ec-lang';

function stored() {
  try { return localStorage.getItem(STORE_KEY); } catch { return null; }
}

/** The language to show: the user's choice, else the browser's first language. */
export function detectLanguage(choice = stored(), browser = navigator.languages?.length ? navigator.languages : [navigator.language]) {
  if (choice && CATALOGS[choice]) return choice;
  const first = String(browser?.[0] || 'en').toLowerCase();
  return first === 'zh' || first.startsWith('zh-') ? 'zh' : 'en';
}

export const lang = detectLanguage();
/** BCP 47 tag for the html lang attribute, Intl formatting and the Accept-Language header. */
export const locale = lang === 'zh' ? 'zh-CN' : 'en';

function lookup(key) {
  const own = CATALOGS[lang][key];
  return own !== undefined ? own : en[key];
}

/**
 * The text for a key, with {name} placeholders filled from params. A catalog entry may be a
 * function of params for plurals. An unknown key shows as itself, so a gap is visible, not blank.
 */
export function t(key, params = {}) {
  const v = lookup(key);
  if (v === undefined) return key;
  const s = typeof v === 'function' ? v(params) : v;
  return String(s).replace(/\{(\w+)\}/g, (m, name) => (params[name] === undefined || params[name] === null ? m : String(params[name])));
}

export function has(key) {
  return lookup(key) !== undefined;
}

/**
 * A code (phase, status, category, evidence kind, market...) as words: group.CODE from the
 * catalog, else the code made readable. Unknown values are still shown, never hidden.
 */
export function code(group, value) {
  if (value === undefined || value === null || value === '') return '—';
  const key = `${group}.${value}`;
  if (has(key)) return t(key);
  return String(value).replace(/_/g, ' ').toLowerCase().replace(/^./, (c) => c.toUpperCase());
}

/**
 * The codes of a code list that the catalogs name (market.SG → SG), in catalog order: what a page
 * offers to choose from, so that whatever can be chosen is shown as words and no page keeps a
 * second list of codes. zh.js has the same keys (ConsoleCatalogsTest).
 */
export function catalogCodes(group) {
  const prefix = `${group}.`;
  return Object.keys(en).filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
}

/** The catalog's codes of a group as [code, words], in the order of the words in this language. */
export function codesByName(group) {
  return catalogCodes(group).map((c) => [c, code(group, c)]).sort((a, b) => a[1].localeCompare(b[1], locale));
}

/** A text the API gives in both languages ({en, zh}), in this language. */
export function localized(texts) {
  if (!texts) return '';
  return texts[lang] || texts.en || '';
}

/** A list of codes as words, joined the way the language joins lists. */
export function codes(group, values) {
  const list = (values || []).map((v) => code(group, v));
  return list.length ? list.join(lang === 'zh' ? '、' : ', ') : '—';
}

/** What a deployment holds as the API lists it ("process appeal v2"), each kind in this language. */
export function deployedResources(resources) {
  const list = (resources || []).map((r) => String(r).replace(/^(process|decision|form) /, (m, kind) => `${t(`deployment.${kind}`)} `));
  return list.join(lang === 'zh' ? '、' : ', ');
}

/** An audit action (case.status.granted, task.claimed...) as words. */
export function auditAction(action) {
  const a = String(action || '');
  if (has(`action.${a}`)) return t(`action.${a}`);
  // actions the server names with a code at the end: the code reads as words of its group
  for (const [prefix, key, group, param] of AUDIT_PREFIXES) {
    if (a.startsWith(prefix) && a.length > prefix.length) {
      const rest = a.slice(prefix.length);
      return t(key, { [param]: code(group, group === 'message' ? rest : rest.toUpperCase()) });
    }
  }
  return a || '—';
}

/** [action prefix, catalog key, code group of the rest, parameter]; ConsoleCatalogsTest checks the server's prefixes are here. */
const AUDIT_PREFIXES = [
  ['case.status.', 'action.statusChanged', 'status', 'status'],
  ['case.answer.', 'action.answered', 'message', 'message'],
  ['staff.assigned.', 'action.staffAssigned', 'role', 'role'],
  ['certificate.', 'action.certificateStatus', 'certStatus', 'status'],
  ['recognition.', 'action.recognitionOutcome', 'outcome', 'outcome'],
  ['evidence.', 'action.evidenceReviewed', 'review', 'status'],
  ['decision.', 'action.decisionRecorded', 'decisionType', 'type'],
];

/**
 * Who did something, as a person reads it: staff and applicants by user name, ExportCert's own
 * job workers ("worker:exportcert.registry.issue-certificate") and the system as ExportCert, a
 * partner body ("partner:PARTNER_SG") by its market's words.
 */
export function actorName(actor) {
  const a = String(actor || '');
  // ExportCert itself: its workers, the outbox that sends mail, its sweepers (system:<what>)
  if (a === 'system' || a === 'outbox' || a.startsWith('system:') || a.startsWith('worker:')) return t('actor.system');
  const partner = /^partner:(.+)$/.exec(a);
  if (partner) return t('actor.partner', { partner: partner[1].replace(/^PARTNER_/, '') });
  return a || '—';
}

// Chinese element names come from the deployed models themselves (extension property name.zh,
// docs/process-guide.md "Names in Chinese"): process id → element id → name, loaded by layout().
let chineseElementNames = {};
const ZEEBE = 'http://camunda.org/schema/zeebe/1.0';

/** The element names of this page's language: name.zh on Chinese pages, the models' own names on English ones. */
export function setElementNames(byProcess) {
  chineseElementNames = byProcess && typeof byProcess === 'object' ? byProcess : {};
}

/**
 * A BPMN element's name in this language: the model's name.zh on Chinese pages (of the given
 * process when known, else of any deployed process with that element id), else the model's name.
 */
export function elementName(elementId, name, processId) {
  // English pages know the model's name already, unless they were given only the id (incidents)
  if (lang === 'zh' || !name || name === elementId) {
    const own = processId ? chineseElementNames[processId]?.[elementId] : undefined;
    if (own) return own;
    for (const names of Object.values(chineseElementNames)) if (names[elementId]) return names[elementId];
  }
  return name || elementId;
}

/**
 * An incident's message in this language. ExportCert's workers write "English / 中文" in one
 * text (the engine keeps one message); a page shows the half it reads in.
 */
export function oneLanguage(text) {
  const m = /^([\s\S]*?) \/ (?=[\u3400-\u9fff])([\s\S]*)$/.exec(String(text || ''));
  if (!m) return text || '';
  return lang === 'zh' ? m[2] : m[1];
}

/** BPMN XML with each element's name.zh as its name on Chinese pages, for the diagram's labels. */
export function localizeDiagramXml(xml) {
  if (lang !== 'zh' || typeof xml !== 'string' || !xml.includes('name.zh')) return xml;
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length) return xml;
  for (const p of Array.from(doc.getElementsByTagNameNS(ZEEBE, 'property'))) {
    const value = (p.getAttribute('value') || '').trim();
    // zeebe:property < zeebe:properties < bpmn:extensionElements < the named element
    const owner = p.parentNode?.parentNode?.parentNode;
    if (p.getAttribute('name') === 'name.zh' && value && owner?.hasAttribute?.('name')) owner.setAttribute('name', value);
  }
  return new XMLSerializer().serializeToString(doc);
}

/** Text from a shipped Camunda Form (label, description, option) in this language; keyed by its English. */
export function formText(english) {
  if (lang === 'en' || !english) return english;
  const zhForms = CATALOGS[lang].forms || {};
  return zhForms[english.trim()] ?? english;
}

/**
 * Translates what a form-js schema shows (labels, descriptions, text blocks, option labels)
 * without touching keys or values, so submitted data stays the same in every language.
 */
export function translateFormSchema(schema) {
  if (lang === 'en' || !schema) return schema;
  const copy = structuredClone(schema);
  const walk = (c) => {
    for (const k of ['label', 'description', 'placeholder']) if (typeof c[k] === 'string') c[k] = formText(c[k]);
    if (c.type === 'text' && typeof c.text === 'string') c.text = translateMarkdown(c.text);
    (c.values || []).forEach((v) => { if (typeof v.label === 'string') v.label = formText(v.label); });
    (c.components || []).forEach(walk);
  };
  walk(copy);
  return copy;
}

// form-js writes its validation messages in English; these are all of them (form-js 1.x)
const FORM_ERRORS = [
  [/^Field is required\.$/, 'formError.required'],
  [/^Field must be a valid email\.$/, 'formError.email'],
  [/^Value is not a number\.$/, 'formError.number'],
  [/^Field must have minimum length of (.+)\.$/, 'formError.minLength'],
  [/^Field must have maximum length of (.+)\.$/, 'formError.maxLength'],
  [/^Field must have minimum value of (.+)\.$/, 'formError.min'],
  [/^Field must have maximum value of (.+)\.$/, 'formError.max'],
  [/^Field must match pattern (.+)\.$/, 'formError.pattern'],
];

// ...and a few words of its own on controls
const FORM_WORDS = { Select: 'formWord.select', Search: 'formWord.search', 'No options': 'formWord.noOptions' };

/** Keeps what form-js itself writes inside host (validation messages, "Select") in this language. */
export function translateFormErrors(host) {
  if (lang === 'en') return;
  const fix = () => {
    host.querySelectorAll('.fjs-form-field-error *, .fjs-form-field-error').forEach((el) => {
      for (const node of el.childNodes) {
        if (node.nodeType !== Node.TEXT_NODE) continue;
        const text = node.textContent.trim();
        for (const [re, key] of FORM_ERRORS) {
          const m = re.exec(text);
          if (m) { node.textContent = t(key, { value: m[1] }); break; }
        }
      }
    });
    const walker = document.createTreeWalker(host, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const key = FORM_WORDS[node.textContent.trim()];
      if (key) node.textContent = t(key);
    }
    host.querySelectorAll('[placeholder]').forEach((el) => {
      const key = FORM_WORDS[el.getAttribute('placeholder')];
      if (key) el.setAttribute('placeholder', t(key));
    });
  };
  new MutationObserver(fix).observe(host, { childList: true, subtree: true, characterData: true });
  fix();
}

function translateMarkdown(text) {
  // form text blocks are a heading and paragraphs: translate each block on its own
  return text.split(/\n\n/).map((block) => {
    const m = block.match(/^(#+\s*)(.*)$/s);
    return m ? m[1] + formText(m[2]) : formText(block);
  }).join('\n\n');
}

/** Fills elements marked data-i18n (text), data-i18n-placeholder, -aria-label, -title. */
export function translatePage(root = document) {
  root.querySelectorAll('[data-i18n]').forEach((el) => {
    el.textContent = t(el.dataset.i18n);
    // a full-width bracket (U+FF08) brings its own space: the markup's space before it would show twice
    const before = el.previousSibling;
    if (before?.nodeType === Node.TEXT_NODE && !before.textContent.trim() && el.textContent.startsWith('\uFF08')) before.textContent = '';
  });
  for (const attr of ['placeholder', 'aria-label', 'title']) {
    root.querySelectorAll(`[data-i18n-${attr}]`).forEach((el) => el.setAttribute(attr, t(el.getAttribute(`data-i18n-${attr}`))));
  }
}

export function setLanguage(next) {
  if (!CATALOGS[next]) return;
  try { localStorage.setItem(STORE_KEY, next); } catch { /* private mode: the cookie still carries it */ }
  document.cookie = `${COOKIE}=${next}; path=/; max-age=31536000; SameSite=Lax`;
  location.reload();
}

/** The switch to the other language, labelled in that language so a reader of it can find it. */
export function languageToggle() {
  const other = lang === 'zh' ? 'en' : 'zh';
  const b = document.createElement('button');
  b.type = 'button';
  b.id = 'lang-toggle';
  b.className = 'secondary lang';
  b.lang = other === 'zh' ? 'zh-CN' : 'en';
  b.textContent = other === 'zh' ? '中文' : 'English';
  b.setAttribute('aria-label', other === 'zh' ? '切换到中文' : 'Switch to English');
  b.dataset.lang = other;
  b.addEventListener('click', () => setLanguage(other));
  return b;
}

document.documentElement.lang = locale;
// keep the server's view of the language in step with the console's (first visit included)
if (!document.cookie.split(/;\s*/).includes(`${COOKIE}=${lang}`)) {
  document.cookie = `${COOKIE}=${lang}; path=/; max-age=31536000; SameSite=Lax`;
}
translatePage(document);
