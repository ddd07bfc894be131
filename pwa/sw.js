/* Service worker (an ES module): precache the whole app shell under a versioned name, serve
   it offline, delete old caches by prefix, never cache /api/*. The page decides when to update.
   Background Sync pushes the outbox here when no window of the app is on screen. */
import './js/shell-files.js';
import { pushFromWorker } from './js/push.js';

const PREFIX = 'antt-shell-';
const CACHE = PREFIX + self.SHELL.version;
const SHELL_URLS = self.SHELL.files.map((f) => '/app/' + f);
let shellCache = null;
const openShell = () => (shellCache ||= caches.open(CACHE));

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(SHELL_URLS.map((url) => new Request(url, { cache: 'reload' })))),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((n) => n.startsWith(PREFIX) && n !== CACHE).map((n) => caches.delete(n)));
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'SKIP_WAITING') self.skipWaiting();
  if (event.data && event.data.type === 'VERSION')
    event.source.postMessage({ type: 'VERSION', version: self.SHELL.version });
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || !url.pathname.startsWith('/app/')) return;
  const key = request.mode === 'navigate' ? '/app/' : request;
  event.respondWith(
    openShell()
      .then((cache) => cache.match(key, { ignoreSearch: true }))
      .then((hit) => hit || fetch(request)),
  );
});

// Background Sync: a visible page does the work (it shows the progress); with none, the worker
// pushes the outbox itself. A failed push rejects, so that the browser tries again later.
self.addEventListener('sync', (event) => {
  if (event.tag !== 'outbox') return;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window' });
      if (!windows.some((c) => c.visibilityState === 'visible')) await pushFromWorker();
      windows.forEach((client) => client.postMessage({ type: 'sync' }));
    })(),
  );
});
