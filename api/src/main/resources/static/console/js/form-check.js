// A form's own checks (required, e-mail, length) and required groups of boxes, said in the page's
// language next to the field. The browser's bubbles speak Chromium's language rather than the
// console's, vanish before a screen reader reaches them, and know nothing of "tick at least one".
// data-i18n-required on a control names the catalog text for its missing value.
import { h } from './api.js';
import { t } from './i18n.js';

function messageFor(el) {
  const v = el.validity;
  // blanks only are missing too: the API refuses them
  if (v.valueMissing || (el.required && typeof el.value === 'string' && el.type !== 'checkbox' && !el.value.trim())) {
    return el.dataset.i18nRequired ? t(el.dataset.i18nRequired) : t('formError.required');
  }
  if (v.typeMismatch && el.type === 'email') return t('formError.email');
  if (v.tooLong) return t('formError.maxLength', { value: el.maxLength });
  return v.valid ? '' : el.validationMessage;
}

/** Shows (or, given no message, removes) the error of a control or group; said with it by screen readers. */
function mark(target, anchor, message, controls) {
  const id = `${target.id}-error`;
  let error = document.getElementById(id);
  const described = (target.getAttribute('aria-describedby') || '').split(/\s+/).filter((d) => d && d !== id);
  if (message) {
    if (!error) {
      error = h('p', { id, class: 'field-error' });
      anchor.before(error);
    }
    error.textContent = message;
    target.setAttribute('aria-describedby', [id, ...described].join(' '));
    target.classList.add('invalid');
    controls.forEach((c) => c.setAttribute('aria-invalid', 'true'));
  } else {
    error?.remove();
    if (described.length) target.setAttribute('aria-describedby', described.join(' '));
    else target.removeAttribute('aria-describedby');
    target.classList.remove('invalid');
    controls.forEach((c) => c.removeAttribute('aria-invalid'));
  }
}

function checkControl(el) {
  const message = messageFor(el);
  // a box is marked above its label, a field above its input
  const anchor = el.type === 'checkbox' ? el.closest('label') || el : el;
  mark(el, anchor, message, [el]);
  return !message;
}

function checkGroup(group) {
  const boxes = [...group.fieldset.querySelectorAll('input[type=checkbox]')];
  const message = boxes.some((b) => b.checked) ? '' : group.message;
  mark(group.fieldset, group.fieldset.querySelector(group.before || 'div'), message, boxes);
  return !message;
}

/**
 * Checks every control of the form and every group ({fieldset, message}: at least one box ticked),
 * marks what is wrong and moves the focus to the first of it. True when all is well.
 */
export function checkForm(form, groups = []) {
  let first = null;
  for (const el of form.elements) {
    if (!el.willValidate || el.closest('fieldset.choices')) continue;
    if (!checkControl(el) && !first) first = el;
  }
  for (const g of groups) {
    if (!checkGroup(g) && (!first || (g.fieldset.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING))) {
      first = g.fieldset.querySelector('input[type=checkbox]');
    }
  }
  first?.focus();
  return !first;
}

/** Takes a mark away as soon as what it asked for is done. */
export function clearMarksAsFixed(form, groups = []) {
  const again = (e) => {
    const el = e.target;
    const group = groups.find((g) => g.fieldset.contains(el));
    if (group) {
      if (group.fieldset.classList.contains('invalid')) checkGroup(group);
    } else if (el.classList?.contains('invalid')) {
      checkControl(el);
    }
  };
  form.addEventListener('input', again);
  form.addEventListener('change', again);
}

/** Removes every mark (after a reset). */
export function clearMarks(form) {
  form.querySelectorAll('.field-error').forEach((e) => e.remove());
  form.querySelectorAll('.invalid').forEach((el) => {
    el.classList.remove('invalid');
    const left = (el.getAttribute('aria-describedby') || '').split(/\s+/).filter((d) => d && !d.endsWith('-error'));
    if (left.length) el.setAttribute('aria-describedby', left.join(' '));
    else el.removeAttribute('aria-describedby');
  });
  form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
}

let unnamed = 0;

/**
 * For every form of the page, also those that leave checking to the browser: a control found
 * invalid on submit is marked in the page's language instead of Chromium's bubble (which speaks
 * the browser's language: "Please fill out this field." on a Chinese page), the first one takes
 * the focus, and the mark goes once the control is put right.
 */
export function markInvalidControlsInPageLanguage(root = document) {
  let first = null;
  root.addEventListener('invalid', (e) => {
    const el = e.target;
    if (!(el instanceof HTMLElement) || !el.willValidate) return;
    e.preventDefault();
    if (!el.id) el.id = `field-${++unnamed}`;
    checkControl(el);
    // the browser fires one event per invalid control, then nothing: focus the first afterwards
    if (!first) { first = el; setTimeout(() => { first?.focus(); first = null; }); }
  }, true);
  const again = (e) => { if (e.target.classList?.contains('invalid') && e.target.willValidate) checkControl(e.target); };
  root.addEventListener('input', again, true);
  root.addEventListener('change', again, true);
}
