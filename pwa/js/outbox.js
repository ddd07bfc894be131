// The outbox: one mutation per change, owned by a user, removed only on the server's answer.
import { db } from './db.js';
import { ownerId } from './session.js';
import { newId } from './ids.js';

const listeners = new Set();
export function onOutboxChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
export function notify() {
  listeners.forEach((fn) => {
    try {
      fn();
    } catch (e) {
      console.error(e);
    }
  });
}

// Queue an upsert/delete of a record. An entry never sent yet for the same record is replaced
// in place (same seq, fresh data); one that may have reached the server is never touched.
export async function enqueue(entity, id, op, data, baseVersion = 0, owner = ownerId()) {
  if (!owner) throw new Error('no user');
  const entry = await db.transaction('rw', db.outbox, async () => {
    const same = await db.outbox.where('[entity+record_id]').equals([entity, id]).toArray();
    const mine = same.filter((e) => e.owner === owner);
    // A new edit supersedes rejected copies of this record: the user fixed it.
    const stale = mine.filter((e) => e.state === 'rejected').map((e) => e.seq);
    if (stale.length) await db.outbox.bulkDelete(stale);
    const open = mine.find((e) => e.state === 'pending' && !e.attempted && entity !== 'conflict');
    if (open) {
      await db.outbox.update(open.seq, { op, data, mutation_id: newId(), updated_at: Date.now() });
      return { ...open, op, data };
    }
    const row = {
      owner,
      mutation_id: newId(),
      entity,
      record_id: id,
      op,
      base_version: baseVersion || 0,
      data,
      state: 'pending',
      error: null,
      attempted: false,
      created_at: Date.now(),
    };
    row.seq = await db.outbox.add(row);
    return row;
  });
  setTimeout(notify, 0); // outside any transaction the caller may hold
  requestBackgroundSync();
  return entry;
}

function requestBackgroundSync() {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.ready.then((reg) => reg.sync && reg.sync.register('outbox')).catch(() => {});
}

// Every entry of this user, in order (other users' entries are never returned).
export function entries(owner = ownerId()) {
  if (!owner) return Promise.resolve([]);
  return db.outbox.where('owner').equals(owner).sortBy('seq');
}

export async function pending(owner = ownerId()) {
  return (await entries(owner)).filter((e) => e.state === 'pending');
}

// Entries still to be delivered: pending ones and quarantined ones (set aside, not given up).
export const UNSENT = ['pending', 'quarantined'];

/** An outbox entry as the sync API's mutation (push and the export file send the same). */
export function asMutation(e) {
  return {
    mutation_id: e.mutation_id,
    entity: e.entity,
    op: e.op,
    id: e.record_id,
    base_version: e.base_version || 0,
    data: e.data,
  };
}

// How many records wait to be sent (several queued edits of one record count once).
export async function pendingCount(owner = ownerId()) {
  if (!owner) return 0;
  const list = await db.outbox
    .where('[owner+state]')
    .anyOf(UNSENT.map((s) => [owner, s]))
    .toArray();
  return new Set(list.map((e) => `${e.entity}:${e.record_id}`)).size;
}

export async function problems(owner = ownerId()) {
  return (await entries(owner)).filter((e) => e.state !== 'pending');
}

export function markAttempted(seqs) {
  return db.outbox.where('seq').anyOf(seqs).modify({ attempted: true });
}

export async function remove(seq) {
  await db.outbox.delete(seq);
  notify();
}

export async function update(seq, changes) {
  await db.outbox.update(seq, changes);
  notify();
}

// Unsynced records of this user (to restore local copies after another user used the phone).
export async function latestByRecord(owner = ownerId()) {
  const map = new Map();
  for (const e of await entries(owner)) {
    if (e.entity !== 'conflict' && e.op === 'upsert') map.set(`${e.entity}:${e.record_id}`, e);
  }
  return [...map.values()];
}

// Pending or quarantined entries for one record (a pull must not overwrite those local edits).
export async function hasPendingFor(entity, id, owner = ownerId()) {
  const list = await db.outbox.where('[entity+record_id]').equals([entity, id]).toArray();
  return list.some((e) => e.owner === owner && UNSENT.includes(e.state));
}
