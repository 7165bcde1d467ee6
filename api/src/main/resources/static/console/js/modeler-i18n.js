// The embedded editors' own words (palette, context pad, menus, properties panel, decision
// table) in the page's language, through their documented hook: diagram-js, dmn-js and the
// properties panels take every text through a `translate(template, replacements)` service,
// which an additional module replaces. The dictionaries are keyed by the editors' English.
import { lang } from './i18n.js';
import zh from './i18n/modeler-zh.js';
import * as formEditorZh from './i18n/form-editor-zh.js';
import * as templateFieldsZh from './i18n/template-fields-zh.js';

const DICTIONARIES = { zh };
const FORM_EDITOR = { zh: formEditorZh };
const TEMPLATE_FIELDS = { zh: templateFieldsZh };

/** translate(template, replacements) for a language: its text for the template, else the English. */
export function editorTranslate(language = lang) {
  const dictionary = DICTIONARIES[language] || {};
  return (template, replacements = {}) => {
    if (typeof template !== 'string') return template;
    const own = Object.prototype.hasOwnProperty.call(dictionary, template) ? dictionary[template] : template;
    return own.replace(/{([^}]+)}/g, (m, key) => (replacements[key] === undefined ? m : String(replacements[key])));
  };
}

/** The additional modules that give an editor this language (none for English, the editors' own). */
export function editorTranslation(language = lang) {
  return DICTIONARIES[language] ? [{ translate: ['value', editorTranslate(language)] }] : [];
}

/**
 * An editor's own words where the library has no translate hook (form-js, and the fields of
 * element templates in the properties panel): inside host, each text node under a `chrome`
 * element, and each title / placeholder / aria-label of such an element, whose whole text is a
 * key of `strings` (or matches one of `patterns`) turns into its value, now and whenever the
 * editor renders again. What a person typed is never rewritten: inputs keep their values, and
 * `skip` names the elements that show the user's own text (a field's label, an option's label).
 */
export function translateChrome(host, { strings, patterns = [], chrome, skip }) {
  const own = (key) => Object.prototype.hasOwnProperty.call(strings, key);
  const word = (text) => {
    const key = text.trim();
    if (!key) return null;
    if (own(key)) return strings[key];
    for (const [re, template, verbatim] of patterns) {
      const m = re.exec(key);
      // a part is a known word (a field type), already translated, or a number, else the text is
      // not the editor's (unless the pattern keeps its parts as they are: variable names)
      if (m && (verbatim || m.slice(1).every((part) => own(part) || /^-?[\d.]+$/.test(part) || /[\u4e00-\u9fff]/.test(part)))) {
        return template.replace(/\{(\d)\}/g, (_, i) => (own(m[i]) ? strings[m[i]] : m[i]));
      }
    }
    return null;
  };
  const fixText = (node) => {
    const next = word(node.data);
    // only a change: writing the same text again would wake the observer for ever
    if (next !== null && next !== node.data.trim()) node.data = node.data.replace(node.data.trim(), () => next);
  };
  const fix = () => {
    for (const el of host.querySelectorAll(chrome)) {
      if (skip && el.closest(skip)) continue;
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (!skip || !n.parentElement.closest(skip)) fixText(n);
      }
      for (const target of [el, ...el.querySelectorAll('[title], [placeholder], [aria-label]')]) {
        if (skip && target.closest(skip)) continue;
        for (const attr of ['title', 'placeholder', 'aria-label']) {
          const value = target.getAttribute(attr);
          const next = value && word(value);
          if (next !== null && next !== value) target.setAttribute(attr, next);
        }
      }
    }
  };
  const observer = new MutationObserver(fix);
  observer.observe(host, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['title', 'placeholder', 'aria-label'] });
  fix();
  return observer;
}

/**
 * form-js modules for this language: each field type's display name (palette, its search, the
 * properties panel's header) in it. form-js reads that name from the type's config and never
 * writes it into a form, so a copy of the config with the name translated is all it takes.
 */
export function formEditorModules(language = lang) {
  const types = FORM_EDITOR[language]?.types;
  if (!types) return [];
  function fieldTypeNames(formFields) {
    // the palette lists the same registry (form-js has no public listing of it)
    for (const type of Object.keys(formFields._formFields || {})) {
      const field = formFields.get(type);
      const name = field?.config?.name;
      if (name && Object.prototype.hasOwnProperty.call(types, name)) field.config = { ...field.config, name: types[name] };
    }
  }
  fieldTypeNames.$inject = ['formFields'];
  return [{ __init__: ['fieldTypeNames'], fieldTypeNames: ['type', fieldTypeNames] }];
}

// The form editor's user content: the selected field's label in the panel header, the titles of
// list items (option labels, column headers, custom property keys), the options of a field's
// default value (its own option labels), FEEL / code editors and code samples.
const FORM_USER_TEXT = '.bio-properties-panel-header-label, .bio-properties-panel-collapsible-entry-header-title:not(.empty), '
  + '[data-entry-id="defaultValue"] option:not([value=""]):not([value="true"]):not([value="false"]), .cm-editor, pre';

/**
 * The form editor (form-js, which has no translate hook) in this language: the palette, the
 * properties panel and the context pad through the dictionary, and on the canvas only the editor's
 * own placeholders; the form's fields there are what the user wrote, untouched.
 */
export function translateFormEditor(canvas, properties, language = lang) {
  const d = FORM_EDITOR[language];
  if (!d) return [];
  const strings = d.default;
  return [
    translateChrome(canvas, { strings, patterns: d.patterns, chrome: '.fjs-palette, .fjs-context-pad' }),
    translateChrome(properties, { strings, patterns: d.patterns, chrome: '.fjs-properties-panel', skip: FORM_USER_TEXT }),
    translateChrome(canvas, { strings: d.canvas, chrome: '.fjs-empty-editor, .fjs-empty-component, .fjs-form-field-placeholder, '
      + '.fjs-iframe-placeholder-text, .fjs-documentPreview-placeholder-text, .fjs-repeat-render-footer, '
      + '.fjs-select-placeholder, .fjs-filepicker-button, .fjs-taglist-input' }),
  ];
}

// In the BPMN properties panel: the element's name in the header, list items' titles (mappings,
// extension properties), every input, text area, option and FEEL editor are the user's.
const BPMN_USER_TEXT = '.bio-properties-panel-header-label, .bio-properties-panel-collapsible-entry-header-title:not(.empty), '
  + 'option, textarea, .cm-editor, pre';

/**
 * What the BPMN properties panel shows without translate(): the fields of ExportCert's element
 * templates (labels, descriptions, the template's description) and a few words of the panel
 * library that camunda-bpmn-js renders without its translate service.
 */
export function translatePropertiesPanel(properties, language = lang) {
  const fields = TEMPLATE_FIELDS[language];
  if (!fields) return [];
  const strings = { ...FORM_EDITOR[language]?.panel, ...DICTIONARIES[language], ...fields.default };
  const patterns = [...fields.patterns, ...(FORM_EDITOR[language]?.patterns || [])];
  return [translateChrome(properties, { strings, patterns, chrome: '.bio-properties-panel', skip: BPMN_USER_TEXT })];
}
