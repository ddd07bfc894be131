// Boot: open local data, pick the language, route by role, start sync and the update flow.
import './shell-files.js';
import { db, getMeta, getRecord, putRecord } from './db.js';
import { initI18n, t, onLanguageChange } from './i18n.js';
import { startRouter, go, onRoute, rerender, registerScreen, currentRoute } from './router.js';
import { loadUser, currentUser } from './session.js';
import * as sync from './sync.js';
import * as outbox from './outbox.js';
import { renderTabbar, setTabBadge } from './ui.js';
import { unreadCount, threadEvents } from './thread.js';
import { registerWorker } from './update.js';
import { formatDateTime } from './format.js';
import { restoreTyping } from './checks.js';
import { showLogin } from './screens/login.js';

export const APP_VERSION = self.SHELL ? self.SHELL.version : 'dev';
// The app's own module instances, for the browser tests and benchmarks: bundled or not, the
// page's entry script is the one way to reach them (import(document.scripts[0].src)).
export * as db from './db.js';
export * as session from './session.js';
export * as checks from './checks.js';
export { sync, outbox };
const INSPECTOR_SCREENS = new Set(['enterprises', 'enterprise', 'visits', 'checks', 'check', 'sync']);

// The first screen of a role.
export function homeOf(user) {
  if (!user) return 'login';
  if (user.role === 'enterprise_hr') return 'hr-events';
  if (user.role === 'supervisor' || user.role === 'admin') return 'console';
  return 'enterprises';
}

registerScreen('console', {
  render(el) {
    const a = document.createElement('a');
    a.href = '/console/';
    a.textContent = t('console.open');
    const p = document.createElement('p');
    p.textContent = t('console.hint');
    el.append(p, a);
  },
});

// Put back local copies of this user's unsynced records (another user may have cleared them).
export async function restoreUnsynced() {
  for (const entry of await outbox.latestByRecord()) {
    if (!(await getRecord(entry.entity, entry.record_id))) {
      await putRecord({ entity: entry.entity, id: entry.record_id, version: entry.base_version, data: entry.data });
    }
  }
}

// The header's title: the festival day for HR, the checks for inspectors.
function appName() {
  return t(currentUser()?.role === 'enterprise_hr' ? 'app.name_hr' : 'app.name');
}

function updateChrome() {
  const state = sync.getState();
  const pill = document.getElementById('sync-pill');
  const banner = document.getElementById('offline-banner');
  // Wi-Fi without internet reports navigator.onLine true: a failed sync request shows it too.
  const unreachable = state.online && state.error === 'network';
  banner.hidden = state.online && !unreachable;
  banner.textContent = t(unreachable ? 'sync.unreachable_banner' : 'sync.offline_banner');
  let text;
  if (state.progress) text = t('sync.loading_pages', state.progress);
  else if (state.sending) text = t('sync.sending');
  else if (state.pending) text = t('sync.pending', { n: state.pending });
  else if (state.lastSynced) text = t('sync.synced_at', { at: formatDateTime(state.lastSynced) });
  else text = t('sync.never');
  pill.textContent = text;
  pill.dataset.pending = String(state.pending);
  pill.className = `sync-pill${state.pending ? ' pending' : ''}${state.error && state.error !== 'network' ? ' error' : ''}`;
  announceSync(state, text);
  document.getElementById('brand').textContent = appName();
  if (currentUser()) document.title = appName();
  applyContrast();
  document.body.dataset.sending = state.sending ? '1' : '0';
}

// The pill's state, said once when it changes (sending, pending, failed, synced), not each tick.
let syncSaid = null;
function announceSync(state, text) {
  const key = state.sending
    ? 'sending'
    : state.error && state.error !== 'network'
      ? 'error'
      : state.pending
        ? 'pending'
        : 'ok';
  if (key === syncSaid) return;
  syncSaid = key;
  document.getElementById('sync-live').textContent = text;
}

// High contrast: a cookie shared with the console and the festival pages (read before boot).
function highContrast() {
  return /(?:^|; )contrast=more(?:;|$)/.test(document.cookie);
}
function applyContrast() {
  document.documentElement.classList.toggle('hc', highContrast());
  const button = document.getElementById('contrast-switch');
  button.setAttribute('aria-pressed', String(highContrast()));
  button.setAttribute('aria-label', t('contrast.more'));
}
function toggleContrast() {
  document.cookie = highContrast()
    ? 'contrast=; path=/; max-age=0; samesite=lax'
    : 'contrast=more; path=/; max-age=31536000; samesite=lax';
  applyContrast();
}
document.documentElement.classList.toggle('hc', highContrast());

function markWorker() {
  document.body.dataset.sw = navigator.serviceWorker?.controller ? 'controlled' : 'none';
}

async function boot() {
  performance.mark('boot:start');
  document.body.dataset.version = APP_VERSION;
  markWorker();
  navigator.serviceWorker?.addEventListener('controllerchange', markWorker);
  await db.open();
  const user = await loadUser();
  performance.mark('boot:db');
  await initI18n(user ? user.language : undefined);
  performance.mark('boot:i18n');
  navigator.storage?.persist?.().catch(() => {});
  document.getElementById('sync-pill').addEventListener('click', () => go('sync'));
  document.getElementById('contrast-switch').addEventListener('click', toggleContrast);
  sync.events.addEventListener('state', updateChrome);
  sync.events.addEventListener('pulled', showUnread);
  threadEvents.addEventListener('read', showUnread);
  // A first sync's later pages: the list grows as they arrive (drawn once a page, in pages).
  sync.events.addEventListener('page', ({ detail }) => {
    const typing = document.activeElement?.dataset?.testid === 'enterprise-search';
    if (detail.more && !typing && currentRoute()?.name === 'enterprises') rerender();
  });
  sync.events.addEventListener('pulled', () => {
    const route = currentRoute();
    if (route && ['enterprises', 'visits', 'checks', 'sync', 'hr-events'].includes(route.name)) rerender();
  });
  sync.events.addEventListener('auth-required', () => showLogin({ expired: true, onSignedIn: startApp }));
  onLanguageChange(() => {
    updateChrome();
    rerender();
  });
  onRoute((route) => {
    renderTabbar(INSPECTOR_SCREENS.has(route.name) && currentUser()?.role === 'inspector');
    showUnread();
  });
  sync.startAutoSync();
  registerWorker().catch((err) => console.warn('service worker', err));
  const stateShown = sync.loadedState();
  if (!user) {
    await stateShown;
    showLogin({ onSignedIn: startApp });
    if (navigator.onLine) sync.syncNow(); // ends the server session of a logout made offline
    // The screens behind the login load while the user types (the login screen's own load is
    // left alone), not after the login and the first pull: on a 560 ms round trip each import
    // wave costs that much.
    document.getElementById('screen').addEventListener('input', () => loadScreens().catch(() => {}), { once: true });
    return;
  }
  await startApp(user);
  if (navigator.onLine) sync.syncNow();
}

// The unread comments on checks, on the checks tab: a return or an answer shows at once.
async function showUnread() {
  if (currentUser()?.role === 'inspector') setTabBadge('checks', await unreadCount('check'));
}

let started = false;
let screens = null;

// The screens behind the login: fetched on the way in, so the login form draws without them
// (the service worker has them cached by then).
export function loadScreens() {
  screens ??= Promise.all([
    import('./screens/enterprises.js'),
    import('./screens/visits.js'),
    import('./screens/checks.js'),
    import('./screens/check.js'),
    import('./screens/sync.js'),
    import('./hr/index.js'),
  ]).catch((err) => {
    screens = null; // an early load that failed (offline) is tried again at the login
    throw err;
  });
  return screens;
}

// Show the app to a signed-in user (after boot, or after a login).
export async function startApp(user) {
  await loadScreens();
  updateChrome();
  await restoreTyping();
  await restoreUnsynced();
  if (started) await rerender(homeOf(user));
  else await startRouter(homeOf(user));
  started = true;
  document.body.dataset.ready = '1';
}

window.addEventListener('error', (e) => console.error(e.error || e.message));
boot().catch((err) => {
  console.error(err);
  document.getElementById('screen').textContent = `${t('error.boot')} ${err.message}`;
});
