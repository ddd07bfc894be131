// Push the user's outbox in order (photos first, by hash) and settle each answer. Shared by the
// page (sync.js) and the service worker (Background Sync with no window open); one at a time.
import { request, me, AuthError, ApiError } from './api.js';
import { db, getRecord, putRecord, getPhoto, markPhotoUploaded } from './db.js';
import * as outbox from './outbox.js';
import { clientId, loadUser } from './session.js';
import { isServerFailure, quarantine, heldKeys } from './quarantine.js';
import { hashesIn } from './hashes.js';

const BATCH = 100;
const ASK = 500; // hashes per question (the server's limit)

// Push everything pending; only one context (page tab or worker) pushes at a time.
export function pushAll() {
  if (!navigator.locks) return pushBatches();
  return navigator.locks.request('antt-push', pushBatches);
}

// The next batch, marked attempted in the same transaction: from then on a new edit of the
// same record is queued apart instead of replacing the data being sent. Edits of a record
// with a quarantined entry wait behind it.
function takeBatch() {
  return db.transaction('rw', db.outbox, async () => {
    const batch = [];
    const keys = new Set();
    const held = await heldKeys();
    for (const entry of await outbox.pending()) {
      const key = `${entry.entity}:${entry.record_id}`;
      if (held.has(key)) continue;
      if (keys.has(key) || batch.length >= BATCH) break;
      keys.add(key);
      batch.push(entry);
    }
    if (batch.length) await outbox.markAttempted(batch.map((e) => e.seq));
    return batch;
  });
}

async function pushBatches() {
  for (;;) {
    const batch = await takeBatch();
    if (!batch.length) return;
    await uploadPhotos(batch);
    const suspects = [];
    await sendIsolating(batch, { probed: false }, suspects);
    for (const { entry, error } of suspects) await quarantine(entry, error);
    outbox.notify();
  }
}

// Send a batch; one answered 5xx twice is split in halves until the failing mutation stands
// alone (a suspect, to quarantine). Splitting starts only once the server proves it answers
// (GET /api/auth/me): a server that is down gets a plain retry of the whole batch later, as do
// other errors (network, 503, 504, 401).
async function sendIsolating(batch, check, suspects) {
  let error = null;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const results = await sendBatch(batch);
      for (let i = 0; i < batch.length; i += 1) await settle(batch[i], results[i]);
      return;
    } catch (err) {
      if (!isServerFailure(err)) throw err;
      error = err;
    }
  }
  if (!check.probed) {
    await me();
    check.probed = true;
  }
  if (batch.length === 1) {
    suspects.push({ entry: batch[0], error });
    return;
  }
  const half = Math.ceil(batch.length / 2);
  await sendIsolating(batch.slice(0, half), check, suspects);
  await sendIsolating(batch.slice(half), check, suspects);
}

async function sendBatch(batch) {
  const body = {
    client_id: await clientId(),
    mutations: batch.map(outbox.asMutation),
  };
  const answer = await request('POST', '/api/sync/push', { json: body });
  if (!answer || !Array.isArray(answer.results) || answer.results.length !== batch.length) {
    const err = new ApiError(502, null); // never loop on an answer that settles nothing
    err.unreadable = true;
    throw err;
  }
  return answer.results;
}

// The service worker's push (no window open): the signed-in user of this phone, a fresh CSRF
// token. Resolves when done or when a login is needed (the app asks for it when opened);
// rejects when the server cannot be reached, so that the browser tries again later.
export async function pushFromWorker() {
  if (!(await loadUser())) return false;
  try {
    await me();
    await pushAll();
  } catch (err) {
    if (err instanceof AuthError) return false;
    throw err;
  }
  return true;
}

async function settle(entry, result) {
  if (!result) return;
  const status = result.status === 'duplicate' ? result.first_status || 'applied' : result.status;
  const current = await db.outbox.get(entry.seq);
  if (!current || current.mutation_id !== entry.mutation_id) return; // settled or replaced meanwhile
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
    await outbox.update(entry.seq, {
      state: 'conflict',
      conflict_id: result.conflict_id,
      server_version: result.version,
      error: result.errors || null,
    });
  } else {
    await db.transaction('rw', db.records, db.outbox, async () => {
      await db.outbox.update(entry.seq, { state: 'rejected', error: result.errors || null });
      await reopenRejected(entry);
    });
    outbox.notify();
  }
}

// A submit the server refused was never written: the check goes back to a draft on the
// device, to be fixed (the server's message is shown on it) and submitted again.
export async function reopenRejected(entry) {
  if (entry.entity !== 'check' || entry.data?.status !== 'submitted') return;
  const record = await getRecord('check', entry.record_id);
  if (!record || record.data.status !== 'submitted') return;
  await putRecord({ ...record, data: { ...record.data, status: 'draft' }, synced: false });
}

// Later entries of the same record were made on top of this one: their base is now `version`.
async function rebaseLater(entry, version) {
  if (version === undefined || version === null) return;
  await db.outbox
    .where('[entity+record_id]')
    .equals([entry.entity, entry.record_id])
    .filter((e) => e.seq > entry.seq && e.owner === entry.owner && e.state === 'pending')
    .modify({ base_version: version });
}

// Upload the photos a batch names that the server does not have yet: one question for the
// batch (POST /api/attachments/missing answers 200, so no 404 is logged), then a PUT each.
async function uploadPhotos(batch) {
  const waiting = [];
  for (const sha of hashesIn(batch.map((e) => e.data))) {
    const photo = await getPhoto(sha);
    if (photo && !photo.uploaded) waiting.push(photo);
  }
  for (let i = 0; i < waiting.length; i += ASK) {
    const part = waiting.slice(i, i + ASK);
    const answer = await request('POST', '/api/attachments/missing', { json: { hashes: part.map((p) => p.sha256) } });
    const missing = new Set(answer.missing);
    for (const photo of part) {
      if (missing.has(photo.sha256) && !(await putPhoto(photo))) continue;
      await markPhotoUploaded(photo.sha256);
    }
  }
}

// PUT one photo; false when the server refused it (a bad photo must not block the queue).
async function putPhoto(photo) {
  const put = await request('PUT', `/api/attachments/${photo.sha256}`, {
    body: photo.blob,
    headers: { 'Content-Type': photo.type || 'image/jpeg' },
    raw: true,
  });
  if (put.status >= 500) throw new ApiError(put.status, null);
  return put.ok;
}
