// File inputs in the page's language. Chromium draws a native file input's button and
// "No file chosen" in its own UI language, whatever the page says; here each one gets a
// button and a label with the chosen file names from the console's catalog. The native input
// stays in the form (visually hidden, still labelled and validated) and carries the upload.
import { t } from './i18n.js';

const DONE = 'fileInputLocalized';

/** What the label says for the files now chosen in input. */
export function chosenText(input) {
  const names = Array.from(input.files || []).map((f) => f.name);
  if (!names.length) return t(input.multiple ? 'fileInput.noneMany' : 'fileInput.none');
  return names.length === 1 ? names[0] : t('fileInput.many', { n: names.length, names: names.join(t('common.listSeparator')) });
}

/** Gives one native file input a localized button and chosen-file label (once). */
export function localizeFileInput(input) {
  // inputs that a library renders (a form-js file picker, the editors) are its own to redraw
  if (input.dataset[DONE] || input.closest('.fjs-container, .djs-container, .bio-properties-panel')) return;
  input.dataset[DONE] = 'true';
  const id = input.id || `file-${Math.random().toString(36).slice(2, 9)}`;
  input.id = id;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'secondary file-choose';
  button.id = `${id}-choose`;
  button.textContent = t(input.multiple ? 'fileInput.chooseMany' : 'fileInput.choose');
  const chosen = document.createElement('span');
  chosen.className = 'file-chosen muted';
  chosen.id = `${id}-chosen`;
  chosen.setAttribute('aria-live', 'polite');
  // the button is announced with the field's own label and what is chosen
  const label = input.labels?.[0];
  if (label) {
    label.id ||= `${id}-label`;
    button.setAttribute('aria-labelledby', `${label.id} ${button.id}`);
  }
  button.setAttribute('aria-describedby', chosen.id);
  const wrap = document.createElement('span');
  wrap.className = 'file-input';
  input.classList.add('file-native');
  input.tabIndex = -1;
  input.before(wrap);
  wrap.append(input, button, chosen);
  const refresh = () => {
    chosen.textContent = chosenText(input);
    chosen.dataset.count = String(input.files?.length || 0);
  };
  button.addEventListener('click', () => input.click());
  // a script that focuses the input (nothing chosen yet) focuses the visible button
  input.addEventListener('focus', () => button.focus());
  input.addEventListener('change', refresh);
  // the browser's own "select a file" bubble is in its UI language and anchored to the hidden
  // input: say it here instead, next to the button
  input.addEventListener('invalid', (e) => {
    e.preventDefault();
    button.classList.add('invalid');
    chosen.textContent = t('fileInput.required');
    chosen.classList.add('bad');
    button.focus();
  });
  input.addEventListener('change', () => { button.classList.remove('invalid'); chosen.classList.remove('bad'); });
  input.form?.addEventListener('reset', () => setTimeout(refresh));
  refresh();
}

/** Localizes every file input under root now and every one added later. */
export function localizeFileInputs(root = document) {
  const all = (node) => {
    if (!(node instanceof HTMLElement)) return; // text and the diagrams' SVG hold no file input
    if (node.matches('input[type=file]')) localizeFileInput(node);
    node.querySelectorAll('input[type=file]').forEach(localizeFileInput);
  };
  const top = root === document ? document.documentElement : root;
  all(top);
  new MutationObserver((changes) => changes.forEach((c) => c.addedNodes.forEach(all)))
    .observe(top, { childList: true, subtree: true });
}
