// Sync: push the user's outbox in order (photos first, by hash), then pull until has_more is
// false. Retries with backoff; a 401 asks for a login and the same queue goes on afterwards.
import { request, me, hasCsrf, AuthError, NetworkError, ApiError } from './api.js';
import { db, getMeta, setMeta, getRecord, putRecord, recordRow, purgeScope, getPhoto,
  markPhotoUploaded } from './db.js';
import * as outbox from './outbox.js';
import { clientId, ownerId } from './session.js';

export const events = new EventTarget();
const BATCH = 100;
const state = { sending: false, lastSynced: null, error: null, needLogin: false, pending: 0 };
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

export async function refreshState() {
  state.pending = await outbox.pendingCount();
  state.lastSynced = await getMeta('last_synced');
  emit();
}

// Run one sync now (or once more after the running one); resolves when it is done.
export function syncNow() {
  if (running) { again = true; return running; }
  running = (async () => {
    try {
      do { again = false; await syncOnce(); } while (again);
    } finally {
      running = null;
      await refreshState();
    }
  })();
  return running;
}

async function syncOnce() {
  if (!ownerId() || !navigator.onLine) return;
  state.sending = true; emit();
  try {
    if (!hasCsrf()) await me();
    state.needLogin = false;
    await pushAll();
    await pullAll();
    state.lastSynced = new Date().toISOString();
    await setMeta('last_synced', state.lastSynced);
    state.error = null; failures = 0;
    clearTimeout(retryTimer);
  } catch (err) {
    if (err instanceof AuthError) {
      state.needLogin = true; state.error = 'auth';
      emit('auth-required');
    } else {
      state.error = err instanceof NetworkError ? 'network' : 'server';
      if (!(err instanceof NetworkError) && !(err instanceof ApiError)) console.error(err);
      scheduleRetry();
    }
  } finally {
    state.sending = false;
  }
}

function scheduleRetry() {
  clearTimeout(retryTimer);
  failures += 1;
  const delay = Math.min(300000, 5000 * 2 ** (failures - 1)) * (0.8 + Math.random() * 0.4);
  retryTimer = setTimeout(() => { if (navigator.onLine) syncNow(); }, delay);
}

export function isSending() { return state.sending; }

// --- push ----------------------------------------------------------------------------
async function pushAll() {
  for (;;) {
    const list = await outbox.pending();
    if (!list.length) return;
    const batch = [];
    const keys = new Set();
    for (const entry of list) {
      const key = `${entry.entity}:${entry.record_id}`;
      if (keys.has(key) || batch.length >= BATCH) break;
      keys.add(key); batch.push(entry);
    }
    for (const entry of batch) await uploadPhotos(entry.data);
    await outbox.markAttempted(batch.map((e) => e.seq));
    const body = {
      client_id: await clientId(),
      mutations: batch.map((e) => ({ mutation_id: e.mutation_id, entity: e.entity, op: e.op,
        id: e.record_id, base_version: e.base_version || 0, data: e.data })),
    };
    const answer = await request('POST', '/api/sync/push', { json: body });
    for (let i = 0; i < batch.length; i += 1) await settle(batch[i], answer.results[i]);
    outbox.notify();
  }
}

async function settle(entry, result) {
  if (!result) return;
  const status = result.status === 'duplicate' ? (result.first_status || 'applied') : result.status;
  if (status === 'applied') {
    await db.transaction('rw', db.records, db.outbox, async () => {
      await db.outbox.delete(entry.seq);
      await rebaseLater(entry, result.version);
      const record = await getRecord(entry.entity, entry.record_id);
      if (!record || entry.entity === 'conflict') return;
      const data = { ...record.data, receipt: result.receipt || record.data.receipt };
      const synced = !(await outbox.hasPendingFor(entry.entity, entry.record_id, entry.owner));
      await putRecord({ ...record, version: result.version ?? record.version, data, synced });
    });
  } else if (status === 'conflict') {
    await outbox.update(entry.seq, { state: 'conflict', conflict_id: result.conflict_id,
      server_version: result.version, error: result.errors || null });
  } else {
    await outbox.update(entry.seq, { state: 'rejected', error: result.errors || null });
  }
}

// Later entries of the same record were made on top of this one: their base is now `version`.
async function rebaseLater(entry, version) {
  if (version === undefined || version === null) return;
  await db.outbox.where('[entity+record_id]').equals([entry.entity, entry.record_id])
    .filter((e) => e.seq > entry.seq && e.owner === entry.owner && e.state === 'pending')
    .modify({ base_version: version });
}

// Every attachment hash a record names (photos lists and signatures), at any depth.
export function hashesIn(data, found = new Set()) {
  if (Array.isArray(data)) data.forEach((v) => hashesIn(v, found));
  else if (data && typeof data === 'object') {
    for (const [key, value] of Object.entries(data)) {
      if ((key === 'signature' || key.endsWith('_signature')) && typeof value === 'string') found.add(value);
      else if (key === 'photos' && Array.isArray(value)) value.forEach((v) => typeof v === 'string' && found.add(v));
      else if (value && typeof value === 'object') hashesIn(value, found);
    }
  }
  return found;
}

async function uploadPhotos(data) {
  for (const sha of hashesIn(data)) {
    const photo = await getPhoto(sha);
    if (!photo || photo.uploaded) continue;
    const head = await request('HEAD', `/api/attachments/${sha}`, { raw: true });
    if (head.status !== 200) {
      const put = await request('PUT', `/api/attachments/${sha}`, {
        body: photo.blob, headers: { 'Content-Type': photo.type || 'image/jpeg' }, raw: true });
      if (put.status >= 500) throw new ApiError(put.status, null);
      if (!put.ok) continue; // a bad photo must not block the queue; the server says why
    }
    await markPhotoUploaded(sha);
  }
}

// --- pull ----------------------------------------------------------------------------
async function pullAll() {
  let cursor = await getMeta('cursor');
  for (;;) {
    const query = new URLSearchParams({ limit: '500' });
    if (cursor) query.set('cursor', cursor);
    const page = await request('GET', `/api/sync/pull?${query}`);
    await applyPage(page.changes);
    cursor = page.cursor;
    await setMeta('cursor', cursor);
    if (!page.has_more) break;
  }
  await dropSettledConflicts();
  emit('pulled');
}

// Apply one page of changes in one transaction (atomic with local saves: records with edits
// queued on this device are not overwritten).
async function applyPage(changes) {
  const owner = ownerId();
  await db.transaction('rw', db.records, db.outbox, async () => {
    const queued = await db.outbox.where('[owner+state]').equals([owner, 'pending']).toArray();
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
        latest.set(key, recordRow({ entity: change.entity, id: change.id, version: change.version,
          data: change.data, synced: true }));
      }
    }
    const gone = [...latest].filter(([, row]) => row === null).map(([key]) => key.split(':'));
    if (gone.length) await db.records.bulkDelete(gone);
    await db.records.bulkPut([...latest.values()].filter(Boolean));
  });
}

// Outbox conflict entries whose conflict was settled (here or in the console) leave.
async function dropSettledConflicts() {
  const owner = ownerId();
  const list = await db.outbox.where('[owner+state]').equals([owner, 'conflict']).toArray();
  for (const entry of list) {
    const conflict = entry.conflict_id && await getRecord('conflict', entry.conflict_id);
    if (conflict && conflict.data.status !== 'open') await db.outbox.delete(entry.seq);
  }
}

// --- conflicts -----------------------------------------------------------------------
// Open conflicts of this user: pulled conflict copies and outbox entries not pulled yet.
export async function openConflicts() {
  const pulled = (await db.records.where('entity').equals('conflict').toArray())
    .filter((r) => r.data.status === 'open' && !r.localResolved);
  const ids = new Set(pulled.map((r) => r.id));
  const waiting = (await outbox.entries()).filter((e) => e.state === 'conflict' && !ids.has(e.conflict_id));
  return [
    ...pulled.map((r) => ({ id: r.id, entity: r.data.entity, record_id: r.data.record_id,
      device_data: r.data.device_data, server_data: r.data.server_data,
      server_version: r.data.server_version, reason: r.data.reason })),
    ...waiting.map((e) => ({ id: e.conflict_id, entity: e.entity, record_id: e.record_id,
      device_data: e.data, server_data: null, server_version: e.server_version, reason: 'stale_base' })),
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

// Start the automatic triggers: connection back, app visible again, worker's Background Sync.
export function startAutoSync() {
  window.addEventListener('online', () => { emit(); syncNow(); });
  window.addEventListener('offline', () => emit());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && navigator.onLine) syncNow();
  });
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.addEventListener('message', (event) => {
      if (event.data && event.data.type === 'sync') syncNow();
    });
  }
  outbox.onOutboxChange(() => refreshState());
}
