// Sync: push the user's outbox (push.js), then pull until has_more is false. Retries with
// backoff; a 401 asks for a login and the same queue goes on afterwards.
import { request, me, hasCsrf, AuthError, NetworkError, ApiError } from './api.js';
import { db, getMeta, setMeta, getRecord, putRecord, recordRow, purgeScope } from './db.js';
import * as outbox from './outbox.js';
import { ownerId, endPendingLogout, keepKeyFrom } from './session.js';
import { pushAll } from './push.js';
import { hashesIn } from './hashes.js';

export { hashesIn };

export const events = new EventTarget();
const state = { sending: false, lastSynced: null, error: null, needLogin: false, pending: 0, progress: null };
let running = null;
let again = false;
let retryTimer = null;
let failures = 0;

export function getState() {
  return { ...state, online: navigator.onLine };
}

function emit(type = 'state', detail = {}) {
  events.dispatchEvent(new CustomEvent(type, { detail }));
  if (type !== 'state') events.dispatchEvent(new CustomEvent('state'));
}

// Read the pending count and the last sync time (IndexedDB holds the truth; `state` mirrors it
// for the badge and the sync screen, which both redraw on 'state').
export async function refreshState() {
  state.pending = await outbox.pendingCount();
  state.lastSynced = await getMeta('last_synced');
  loaded = true;
  emit();
}

let loaded = false;
let loading = null;

// The state once it has been read from IndexedDB at least once (screens drawn at start-up).
export async function loadedState() {
  if (!loaded) await (loading ||= refreshState());
  return getState();
}

// Run one sync now (or once more after the running one); resolves when it is done.
export function syncNow() {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    try {
      do {
        again = false;
        await syncOnce();
      } while (again);
    } finally {
      running = null;
      await refreshState();
    }
  })();
  return running;
}

async function syncOnce() {
  // A logout made offline ends its server session first; nothing else is sent before that.
  if (!navigator.onLine) return;
  if (!(await endPendingLogout())) return scheduleRetry();
  if (!ownerId()) return;
  state.sending = true;
  emit();
  try {
    if (!hasCsrf()) await keepKeyFrom(await me()); // a session begun before the outbox key
    state.needLogin = false;
    await pushAll();
    await pullAll();
    state.error = null;
    failures = 0;
    clearTimeout(retryTimer);
  } catch (err) {
    if (err instanceof AuthError) {
      state.needLogin = true;
      state.error = 'auth';
      emit('auth-required');
    } else {
      state.error = err instanceof NetworkError ? 'network' : 'server';
      if (!(err instanceof NetworkError) && !(err instanceof ApiError)) console.error(err);
      scheduleRetry();
    }
  } finally {
    state.sending = false;
    state.progress = null;
  }
}

// Sync, resolving as soon as the first pull page is stored (or the sync ends): a first login
// shows the list from it while the later pages go on in the background.
export function syncFirstPage() {
  return new Promise((resolve) => {
    const done = () => {
      events.removeEventListener('page', done);
      resolve();
    };
    events.addEventListener('page', done);
    syncNow().then(done, done);
  });
}

function scheduleRetry() {
  clearTimeout(retryTimer);
  failures += 1;
  const delay = Math.min(300000, 5000 * 2 ** (failures - 1)) * (0.8 + Math.random() * 0.4);
  retryTimer = setTimeout(() => {
    if (navigator.onLine) syncNow();
  }, delay);
}

export function isSending() {
  return state.sending;
}

// --- pull ----------------------------------------------------------------------------
export const PULL_LIMIT = 500;

// Pull until has_more is false. A page with `reset` (the user's scope changed in a way
// revocations do not describe) marks every record stale; what the pull brings again is fresh,
// and once the pull is complete the stale ones leave, except local work (unsynced records and
// records with outbox entries). The mark is stored, so an interrupted pull finishes the job.
// Each page is stored with its cursor before the next is asked for: a pull cut off (offline,
// app closed) resumes from the last stored page. After each page 'page' says how far it got
// ({ n, total }: total estimated from the server's progress share), so screens show work at
// once and the user sees "Đang tải 2/5 …".
export async function pullAll() {
  const owner = ownerId();
  let cursor = await getMeta('cursor');
  for (let n = 1; ; n += 1) {
    const query = new URLSearchParams({ limit: String(PULL_LIMIT) });
    if (cursor) query.set('cursor', cursor);
    const page = await request('GET', `/api/sync/pull?${query}`);
    await applyPage(page.changes, Boolean(page.reset), owner);
    if (ownerId() !== owner) return; // signed out meanwhile: nothing more of theirs is kept
    cursor = page.cursor;
    await setMeta('cursor', cursor);
    state.progress = page.has_more ? { n: n + 1, total: n + pagesLeft(page.progress) } : null;
    emit('page', { n, more: page.has_more });
    if (!page.has_more) break;
  }
  if (await getMeta('reset_pending')) await dropStale();
  await dropSettledConflicts();
  state.lastSynced = new Date().toISOString(); // before 'pulled': screens redraw with it
  await setMeta('last_synced', state.lastSynced);
  emit('pulled');
}

// Pages still to come, judged by the share of the remaining versions the last page covered.
export function pagesLeft(share) {
  if (!(share > 0) || share >= 1) return 1;
  return Math.min(99, Math.max(1, Math.ceil((1 - share) / share)));
}

// A page is written in chunks, one transaction each, with a pause between them for the main
// thread (taps, drawing): 500 records in one go blocked it for hundreds of ms at CPU 4x. Each
// chunk reads the outbox in its own transaction, so a record with edits queued on this device
// is never overwritten; the cursor is stored only after the last chunk, so a page cut off half
// way is pulled again (upserts are idempotent).
const CHUNK = 100;
const pause = () => new Promise((resolve) => setTimeout(resolve, 0));

async function applyPage(changes, reset, owner) {
  for (let at = 0; at < changes.length || (at === 0 && reset); at += CHUNK) {
    if (at) await pause();
    await applyChunk(changes.slice(at, at + CHUNK), reset && at === 0, owner);
  }
}

async function applyChunk(changes, reset, owner) {
  await db.transaction('rw', db.records, db.outbox, db.meta, async () => {
    if (ownerId() !== owner) return; // the user signed out while the page came
    if (reset) {
      await db.records.toCollection().modify({ stale: 1 });
      await db.meta.put({ key: 'reset_pending', value: true });
    }
    const queued = await db.outbox
      .where('[owner+state]')
      .anyOf(outbox.UNSENT.map((s) => [owner, s]))
      .toArray();
    const pendingKeys = new Set(queued.map((e) => `${e.entity}:${e.record_id}`));
    const latest = new Map();
    for (const change of changes) {
      const key = `${change.entity}:${change.id}`;
      if (change.deleted && change.data && change.data.revoked) {
        await purgeScope(change.entity, change.id);
        latest.set(key, null);
      } else if (change.deleted) {
        latest.set(key, null);
      } else if (!pendingKeys.has(key)) {
        latest.set(
          key,
          recordRow({ entity: change.entity, id: change.id, version: change.version, data: change.data, synced: true }),
        );
      }
    }
    const gone = [...latest].filter(([, row]) => row === null).map(([key]) => key.split(':'));
    if (gone.length) await db.records.bulkDelete(gone);
    await db.records.bulkPut([...latest.values()].filter(Boolean));
  });
}

// After a reset: drop the records the server did not send again, keep local work.
async function dropStale() {
  await db.transaction('rw', db.records, db.outbox, db.meta, async () => {
    const local = new Set((await db.outbox.toArray()).map((e) => `${e.entity}:${e.record_id}`));
    const stale = await db.records.filter((r) => Boolean(r.stale)).toArray();
    const keep = stale.filter((r) => r.synced === false || local.has(`${r.entity}:${r.id}`));
    const drop = stale.filter((r) => !keep.includes(r)).map((r) => [r.entity, r.id]);
    if (drop.length) await db.records.bulkDelete(drop);
    if (keep.length) await db.records.bulkPut(keep.map(({ stale: _, ...row }) => row));
    await db.meta.delete('reset_pending');
  });
}

// Outbox conflict entries whose conflict was settled (here or in the console) leave.
async function dropSettledConflicts() {
  const owner = ownerId();
  const list = await db.outbox.where('[owner+state]').equals([owner, 'conflict']).toArray();
  for (const entry of list) {
    const conflict = entry.conflict_id && (await getRecord('conflict', entry.conflict_id));
    if (conflict && conflict.data.status !== 'open') await db.outbox.delete(entry.seq);
  }
}

// --- conflicts -----------------------------------------------------------------------
// Open conflicts of this user: pulled conflict copies and outbox entries not pulled yet.
export async function openConflicts() {
  const pulled = (await db.records.where('entity').equals('conflict').toArray()).filter(
    (r) => r.data.status === 'open' && !r.localResolved,
  );
  const ids = new Set(pulled.map((r) => r.id));
  const waiting = (await outbox.entries()).filter((e) => e.state === 'conflict' && !ids.has(e.conflict_id));
  return [
    ...pulled.map((r) => ({
      id: r.id,
      entity: r.data.entity,
      record_id: r.data.record_id,
      device_data: r.data.device_data,
      server_data: r.data.server_data,
      server_version: r.data.server_version,
      reason: r.data.reason,
    })),
    ...waiting.map((e) => ({
      id: e.conflict_id,
      entity: e.entity,
      record_id: e.record_id,
      device_data: e.data,
      server_data: null,
      server_version: e.server_version,
      reason: 'stale_base',
    })),
  ];
}

// Settle a conflict: keep the server's copy, or keep this device's (pushed again on top).
export async function resolveConflict(conflict, resolution) {
  await outbox.enqueue('conflict', conflict.id, 'upsert', { resolution }, 0);
  if (resolution === 'keep_device' && conflict.device_data) {
    const record = await getRecord(conflict.entity, conflict.record_id);
    const base = Math.max(conflict.server_version || 0, record ? record.version : 0);
    await outbox.enqueue(conflict.entity, conflict.record_id, 'upsert', conflict.device_data, base);
    if (record) await putRecord({ ...record, data: { ...record.data, ...conflict.device_data } });
  }
  const local = await getRecord('conflict', conflict.id);
  if (local) await putRecord({ ...local, localResolved: true });
  const stale = (await outbox.entries()).filter((e) => e.state === 'conflict' && e.conflict_id === conflict.id);
  for (const e of stale) await db.outbox.delete(e.seq);
  outbox.notify();
  return syncNow();
}

// While the app is open, visible and online it syncs this often (a test may set a shorter
// interval through self.__anttAutoSyncMs before the app loads).
export const AUTO_SYNC_MS = 120000;

// One automatic sync (the timer's tick, the app back in the foreground): nothing while a sync
// (a submit's push) is running, offline, signed out, hidden, or while a failed sync waits for
// its backoff retry.
function autoSync() {
  if (running || failures || !ownerId() || !navigator.onLine) return;
  if (document.visibilityState !== 'visible') return;
  syncNow();
}

// Start the automatic triggers: connection back, app visible again, a timer while open,
// worker's Background Sync.
export function startAutoSync() {
  setInterval(autoSync, self.__anttAutoSyncMs || AUTO_SYNC_MS);
  window.addEventListener('online', () => {
    emit();
    syncNow();
  });
  window.addEventListener('offline', () => emit());
  document.addEventListener('visibilitychange', autoSync);
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.addEventListener('message', (event) => {
      if (event.data && event.data.type === 'sync') syncNow();
    });
  }
  outbox.onOutboxChange(() => refreshState());
}
