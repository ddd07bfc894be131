// The thread on a check or an event: comments kept as records, written here offline and
// pushed like any record; an entry is never edited. Unread entries are those of others not
// yet shown on this device.
import { db, getMeta, setMeta, putRecord } from './db.js';
import { enqueue } from './outbox.js';
import { currentUser } from './session.js';
import { newId } from './ids.js';

const SEEN = 'seen_comments';
// 'read' when entries were shown: the unread counts redraw.
export const threadEvents = new EventTarget();
const byTime = (a, b) => (a.data.written_at || '').localeCompare(b.data.written_at || '') || a.version - b.version;

// Every comment on this device, oldest first.
export async function allComments() {
  const rows = await db.records.where('entity').equals('comment').toArray();
  return rows.sort(byTime);
}

// The thread of one record, oldest first.
export async function threadOf(entity, recordId) {
  return (await allComments()).filter((c) => c.data.entity === entity && c.data.record_id === recordId);
}

async function seenIds() {
  return new Set(await getMeta(SEEN, []));
}

function isMine(comment) {
  return comment.data.author_id === currentUser()?.id;
}

// Unread entries by record id (entries of others this device has not shown yet).
export async function unreadByRecord(entity) {
  const seen = await seenIds();
  const counts = new Map();
  for (const c of await allComments()) {
    if (c.data.entity !== entity || isMine(c) || seen.has(c.id)) continue;
    counts.set(c.data.record_id, (counts.get(c.data.record_id) || 0) + 1);
  }
  return counts;
}

// How many entries of others wait to be read, on records of this entity.
export async function unreadCount(entity) {
  let n = 0;
  for (const count of (await unreadByRecord(entity)).values()) n += count;
  return n;
}

// Mark a thread read (it is on the screen).
export async function markRead(comments) {
  const seen = await seenIds();
  const before = seen.size;
  for (const c of comments) seen.add(c.id);
  if (seen.size === before) return;
  await setMeta(SEEN, [...seen]);
  threadEvents.dispatchEvent(new Event('read'));
}

// Write an answer in a record's thread: kept on the device and queued to send.
export async function addComment(entity, recordId, text) {
  const user = currentUser();
  const data = { entity, record_id: recordId, text: text.trim(), written_at: new Date().toISOString() };
  const id = newId();
  await db.transaction('rw', db.records, db.outbox, async () => {
    await putRecord({
      entity: 'comment',
      id,
      version: 0,
      synced: false,
      data: {
        ...data,
        author_id: user.id,
        author_name: user.full_name || user.username,
        author_role: user.role,
        kind: 'comment',
      },
    });
    await enqueue('comment', id, 'upsert', data, 0);
  });
  return id;
}
