// The service worker and the update flow: "a new version is ready", reload only on consent,
// never while a form is dirty or the outbox is sending (the outbox itself lives in IndexedDB).
import { t } from './i18n.js';
import { toast, isDirty, hideToast } from './ui.js';
import { isSending } from './sync.js';

let reloading = false;

export async function registerWorker() {
  if (!('serviceWorker' in navigator)) return null;
  const reg = await navigator.serviceWorker.register('/app/sw.js', {
    scope: '/app/',
    type: 'module',
    updateViaCache: 'none',
  });
  if (reg.waiting && navigator.serviceWorker.controller) offer(reg.waiting);
  reg.addEventListener('updatefound', () => {
    const worker = reg.installing;
    if (!worker) return;
    worker.addEventListener('statechange', () => {
      if (worker.state === 'installed' && navigator.serviceWorker.controller) offer(worker);
    });
  });
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (reloading) location.reload();
  });
  window.addEventListener('online', () => reg.update().catch(() => {}));
  setInterval(
    () => {
      if (navigator.onLine) reg.update().catch(() => {});
    },
    30 * 60 * 1000,
  );
  return reg;
}

function offer(worker) {
  document.body.dataset.updateReady = '1';
  toast(
    t('update.ready'),
    { label: t('update.reload'), testid: 'update-reload', run: () => apply(worker) },
    { sticky: true },
  );
}

function waitIdle() {
  return new Promise((resolve) => {
    const tick = () => (isDirty() || isSending() ? setTimeout(tick, 250) : resolve());
    tick();
  });
}

async function apply(worker) {
  if (isDirty() || isSending()) {
    toast(t('update.waiting'), null, { sticky: true });
    await waitIdle();
  }
  hideToast();
  reloading = true;
  worker.postMessage({ type: 'SKIP_WAITING' });
}
