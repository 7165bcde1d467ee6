// The embedded editors' own words (palette, context pad, menus, properties panel, decision
// table) in the page's language, through their documented hook: diagram-js, dmn-js and the
// properties panels take every text through a `translate(template, replacements)` service,
// which an additional module replaces. The dictionaries are keyed by the editors' English.
import { lang } from './i18n.js';
import zh from './i18n/modeler-zh.js';

const DICTIONARIES = { zh };

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
