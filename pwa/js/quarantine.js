// Quarantine: a mutation the server keeps failing on (5xx, alone in its batch) is set aside in
// the outbox (state 'quarantined', never deleted) so that the rest of the queue goes on. Later
// edits of the same record are held behind it and go after it when the user retries it.
import { db } from './db.js';
import { ApiError } from './api.js';
import * as outbox from './outbox.js';
import { ownerId } from './session.js';

// A server failure that may be caused by the batch itself: a 5xx other than 503 (the server
// says it is down) and 504 (a gateway timeout), and not an answer that could not be read.
export function isServerFailure(err) {
  return err instanceof ApiError && err.status >= 500 && err.status !== 503 && err.status !== 504 && !err.unreadable;
}

// The error kept with a quarantined entry: the server's code, message and request id if any.
export function describeFailure(err) {
  const body = err.body?.error || {};
  return {
    code: body.code || 'server_error',
    message: body.message || `HTTP ${err.status}`,
    request_id: body.request_id || err.requestId || null,
    status: err.status,
  };
}

// Set an outbox entry aside with the error the server gave.
export async function quarantine(entry, err) {
  await db.outbox.update(entry.seq, {
    state: 'quarantined',
    error: describeFailure(err),
    quarantined_at: new Date().toISOString(),
  });
}

// Records ('entity:id') with a quarantined entry: their later edits wait behind it.
export async function heldKeys(owner = ownerId()) {
  const list = await db.outbox
    .where('[owner+state]')
    .equals([owner || '', 'quarantined'])
    .toArray();
  return new Set(list.map((e) => `${e.entity}:${e.record_id}`));
}

export async function quarantined(owner = ownerId()) {
  return (await outbox.entries(owner)).filter((e) => e.state === 'quarantined');
}

// Put a quarantined entry back in the queue, in its place (its seq); the caller syncs.
export async function retry(seq) {
  await db.outbox.update(seq, { state: 'pending', error: null, retried_at: new Date().toISOString() });
  outbox.notify();
}
