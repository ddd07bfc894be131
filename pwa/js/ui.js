// Shared UI state and pieces: dirty forms, toasts, the tab bar.
import { h, clear } from './dom.js';
import { t } from './i18n.js';
import { go, currentRoute } from './router.js';

let dirty = 0;
const dirtyListeners = new Set();

// A form with typing not yet saved marks itself dirty; the app never reloads under it.
export function setDirty(flag) {
  dirty = flag ? 1 : 0;
  dirtyListeners.forEach((fn) => fn(dirty));
}
export function isDirty() {
  return dirty > 0;
}
export function onDirtyChange(fn) {
  dirtyListeners.add(fn);
}

let toastTimer = null;
// A message at the bottom (a polite live region), with one action; gone after ms unless sticky.
export function toast(message, action = null, { sticky = false, ms = 4000 } = {}) {
  const el = document.getElementById('toast');
  clear(el);
  el.append(h('span', {}, message));
  if (action)
    el.append(
      h(
        'button',
        { type: 'button', onclick: action.run, 'data-testid': action.testid || 'toast-action' },
        action.label,
      ),
    );
  el.hidden = false;
  clearTimeout(toastTimer);
  if (!sticky)
    toastTimer = setTimeout(() => {
      el.hidden = true;
    }, ms);
}

// "Removed. Undo" for a few seconds: what one tap took away comes back with one more.
export function offerUndo(message, restore) {
  toast(
    message,
    {
      label: t('undo'),
      testid: 'undo',
      run: () => {
        hideToast();
        restore();
      },
    },
    { ms: 8000 },
  );
}

// The focused control's place in root (its test id and rank among its twins), so the same
// control can take focus again once root is drawn anew (an answer redraws the check).
export function focusKey(root) {
  const el = document.activeElement;
  const id = el?.dataset?.testid;
  if (!id || !root.contains(el)) return null;
  const twins = [...root.querySelectorAll(`[data-testid="${CSS.escape(id)}"]`)];
  return { id, rank: Math.max(0, twins.indexOf(el)) };
}

// Focus the control focusKey() noted, in place (the page does not jump); true when found.
export function restoreFocus(root, key) {
  if (!key) return false;
  const el = root.querySelectorAll(`[data-testid="${CSS.escape(key.id)}"]`)[key.rank];
  el?.focus({ preventScroll: true });
  return Boolean(el);
}
export function hideToast() {
  document.getElementById('toast').hidden = true;
}

const TABS = [
  ['enterprises', 'tab.enterprises'],
  ['visits', 'tab.visits'],
  ['checks', 'tab.checks'],
  ['sync', 'tab.sync'],
];

// Counts shown on the tabs (unread comments on checks), kept across redraws of the bar.
const tabBadges = {};

export function setTabBadge(name, count) {
  tabBadges[name] = count;
  const button = document.querySelector(`#tabbar [data-testid="tab-${name}"]`);
  if (!button) return;
  button.querySelector('.tab-badge')?.remove();
  button.append(tabBadge(name));
}

function tabBadge(name) {
  const n = tabBadges[name] || 0;
  return h(
    'span',
    { class: 'tab-badge', hidden: !n, 'data-testid': `tab-${name}-unread`, 'aria-label': t('thread.unread', { n }) },
    String(n),
  );
}

// Show the inspector's tab bar (hidden for other roles and on the login screen).
export function renderTabbar(show) {
  const bar = document.getElementById('tabbar');
  clear(bar);
  bar.hidden = !show;
  if (!show) return;
  const active = currentRoute()?.name;
  for (const [name, key] of TABS) {
    bar.append(
      h(
        'button',
        {
          type: 'button',
          class: active === name ? 'active' : '',
          'data-testid': `tab-${name}`,
          onclick: () => go(name),
        },
        t(key),
        tabBadge(name),
      ),
    );
  }
}

export function statusBadge(status) {
  return h('span', { class: `badge ${status}`, 'data-testid': 'status' }, t(`status.${status}`));
}

export function backButton(name, params) {
  return h('button', { type: 'button', class: 'link', onclick: () => go(name, params) }, `‹ ${t('back')}`);
}

// The server's field errors as readable lines ("Enterprise representative · Full name: Longer
// than maximum length 200."); nested fields are joined with dots, unknown names shown as sent.
const FIELD_LABELS = {
  representative_name: ['rep.title', 'rep.name'],
  representative_title: ['rep.title', 'rep.title_field'],
  notes: ['check.notes'],
  team: ['team.title'],
  findings: ['finding.list'],
};

export function fieldErrors(fields, path = []) {
  if (!fields || typeof fields !== 'object') return [];
  if (Array.isArray(fields) && fields.every((v) => typeof v === 'string')) {
    const [first, ...rest] = path;
    const label = FIELD_LABELS[first] ? FIELD_LABELS[first].map((k) => t(k)).join(' · ') : first;
    return [`${[label, ...rest].filter((p) => p !== undefined).join('.')}: ${joinMessages(fields)}`];
  }
  return Object.entries(fields).flatMap(([key, value]) => fieldErrors(value, [...path, key]));
}

// Several messages as one readable line: "A; B." (never "A.; B.." whatever they end with).
export function joinMessages(messages) {
  const parts = messages
    .map((m) =>
      String(m)
        .trim()
        .replace(/[\s.;,:]+$/u, ''),
    )
    .filter(Boolean);
  return parts.length ? `${parts.join('; ')}.` : '';
}

// "Request id: …" under a server error, for support (null when the server gave none).
export function requestIdLine(error) {
  if (!error?.request_id) return null;
  return h(
    'span',
    { class: 'sub', 'data-testid': 'request-id' },
    `${t('quarantine.request_id')}: `,
    h('code', {}, error.request_id),
  );
}
