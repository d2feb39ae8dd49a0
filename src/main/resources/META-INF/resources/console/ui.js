// Small DOM helpers shared by the views: element building, status badges (colour + icon + text), the confirmation
// dialog, notices, times and bake countdowns.

/** h('div', {class: 'x', onclick: f}, child, ...): an element; children may be strings, nodes, arrays or null. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, value);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces a container's children, giving focus back to the element with the same data-key if one had it. */
export function replace(container, ...children) {
  const focused = container.contains(document.activeElement) ? document.activeElement.dataset.key : null;
  container.replaceChildren();
  append(container, children);
  if (focused) {
    const again = container.querySelector(`[data-key="${CSS.escape(focused)}"]`);
    if (again) again.focus();
  }
}

// Tones from the Okabe-Ito palette (told apart by people with any common colour blindness); every badge also has
// an icon and words, so colour is never the only signal.
const STATUS = {
  STATUS_READY: ['ok', '✓', 'Ready'],
  STATUS_CREATING: ['busy', '↻', 'Creating'],
  STATUS_UPDATING: ['busy', '↻', 'Updating'],
  STATUS_DELETING: ['muted', '⌫', 'Deleting'],
  STATUS_ERROR: ['warn', '!', 'Error'],
  STATUS_FAILED: ['bad', '✕', 'Failed'],
};
const PHASE = {
  ROLLOUT_PHASE_PROGRESSING: ['busy', '↻', 'Progressing'],
  ROLLOUT_PHASE_BAKING: ['wait', '◔', 'Baking'],
  ROLLOUT_PHASE_PAUSED: ['warn', '❚❚', 'Paused'],
  ROLLOUT_PHASE_SUCCEEDED: ['ok', '✓', 'Succeeded'],
  ROLLOUT_PHASE_ROLLING_BACK: ['bad', '↶', 'Rolling back'],
  ROLLOUT_PHASE_ROLLED_BACK: ['bad', '↶', 'Rolled back'],
  ROLLOUT_PHASE_ABORTED: ['muted', '■', 'Aborted'],
  ROLLOUT_PHASE_FAILED: ['bad', '✕', 'Failed'],
  WAVE_PHASE_PENDING: ['muted', '○', 'Pending'],
  WAVE_PHASE_PROGRESSING: ['busy', '↻', 'Progressing'],
  WAVE_PHASE_BAKING: ['wait', '◔', 'Baking'],
  WAVE_PHASE_COMPLETE: ['ok', '✓', 'Complete'],
  WAVE_PHASE_FAILED: ['bad', '✕', 'Failed'],
  REVISION_OUTCOME_IN_PROGRESS: ['busy', '↻', 'In progress'],
  REVISION_OUTCOME_SUCCEEDED: ['ok', '✓', 'Succeeded'],
  REVISION_OUTCOME_FAILED: ['bad', '✕', 'Failed'],
  REVISION_OUTCOME_ROLLED_BACK: ['bad', '↶', 'Rolled back'],
  REVISION_OUTCOME_SUPERSEDED: ['muted', '»', 'Superseded'],
  REVISION_OUTCOME_ABORTED: ['muted', '■', 'Aborted'],
  REVISION_OUTCOME_PAUSED: ['warn', '❚❚', 'Paused'],
  True: ['ok', '✓', 'Ready'],
  False: ['bad', '✕', 'Not ready'],
  Unknown: ['busy', '↻', 'Pending'],
};

/** A badge for a status, phase, outcome or condition value: data-value keeps the API's name for tests and tools. */
export function badge(value, extra = {}) {
  const [tone, icon, text] = STATUS[value] || PHASE[value] || ['muted', '?', value || 'Unknown'];
  return h('span', { class: `badge ${tone}`, dataset: { value: value || '' }, ...extra },
    h('span', { class: 'icon', 'aria-hidden': 'true' }, icon), ' ', text);
}

export function label(value) {
  return (STATUS[value] || PHASE[value] || [null, null, value])[2];
}

export function time(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return h('time', { datetime: iso, title: iso }, d.toLocaleString());
}

export function ago(iso) {
  if (!iso) return '';
  const s = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
  const text = s < 60 ? `${s} s ago` : s < 3600 ? `${Math.floor(s / 60)} min ago` : s < 86400
    ? `${Math.floor(s / 3600)} h ago` : new Date(iso).toLocaleDateString();
  return h('time', { datetime: iso, title: iso, dataset: { ago: iso } }, text);
}

/** A bake countdown ("12 s left"), kept current by the ticker below. */
export function countdown(until) {
  return h('span', { class: 'countdown', dataset: { until } }, remaining(until));
}

function remaining(until) {
  const s = Math.max(0, Math.ceil((new Date(until).getTime() - Date.now()) / 1000));
  return `${s} s left`;
}

setInterval(() => {
  document.querySelectorAll('[data-until]').forEach((el) => { el.textContent = remaining(el.dataset.until); });
}, 1000);

/** Asks for confirmation in a modal dialog (Escape cancels); answers true when the user confirmed. */
export function confirmAction(title, text, ok = 'Confirm', danger = false) {
  const dialog = document.getElementById('confirm');
  dialog.querySelector('h2').textContent = title;
  dialog.querySelector('p').textContent = text;
  const button = dialog.querySelector('[value=ok]');
  button.textContent = ok;
  button.classList.toggle('danger', danger);
  dialog.returnValue = 'cancel';
  if (!dialog.dataset.wired) {
    dialog.dataset.wired = 'yes';
    dialog.querySelectorAll('button[value]').forEach((b) => b.addEventListener('click', () => dialog.close(b.value)));
  }
  dialog.showModal();
  dialog.querySelector('[value=cancel]').focus();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
  });
}

/** A message in the live region at the top (read out by screen readers); kind: info, ok, error. */
export function notice(text, kind = 'info') {
  const box = document.getElementById('notice');
  box.className = `notice ${kind}`;
  box.textContent = text;
  box.hidden = !text;
}
