// THE only module that opens IndexedDB (through Dexie); it owns the schema and its upgrades.
import Dexie from '../vendor/dexie.min.mjs';

export const DB_NAME = 'antt-field';
export const db = new Dexie(DB_NAME);

// Version 1: the first schema. Never drop a store in an upgrade; add versions below.
db.version(1).stores({
  records: '[entity+id], entity, [entity+enterprise_id], [entity+event_id], [entity+park_id]',
  outbox: '++seq, owner, mutation_id, [entity+record_id], state',
  photos: 'sha256, owner, uploaded',
  meta: 'key',
});
// Version 2: outbox entries carry their owner in a compound index with the state, and
// entries written by version 1 without a state become pending.
db.version(2)
  .stores({
    outbox: '++seq, owner, mutation_id, [entity+record_id], state, [owner+state]',
  })
  .upgrade((tx) =>
    tx
      .table('outbox')
      .toCollection()
      .modify((entry) => {
        if (!entry.state) entry.state = 'pending';
        if (!entry.owner) entry.owner = '';
      }),
  );

// Version 3: unsent work sealed at logout, one row per sealing, by its owner's id (seal.js).
db.version(3).stores({ sealed: '++id, owner' });

// --- meta ----------------------------------------------------------------------------
export async function getMeta(key, fallback = null) {
  const row = await db.meta.get(key);
  return row ? row.value : fallback;
}

export function setMeta(key, value) {
  return db.meta.put({ key, value });
}

export function deleteMeta(key) {
  return db.meta.delete(key);
}

// --- records -------------------------------------------------------------------------
export function getRecord(entity, id) {
  return db.records.get([entity, id]);
}

export function listRecords(entity) {
  return db.records.where('entity').equals(entity).toArray();
}

export function recordsOfEnterprise(entity, enterpriseId) {
  return db.records.where('[entity+enterprise_id]').equals([entity, enterpriseId]).toArray();
}

export function recordsOfEvent(entity, eventId) {
  return db.records.where('[entity+event_id]').equals([entity, eventId]).toArray();
}

// The stored row of a record: park_id / enterprise_id / event_id read from its data (indexes).
// A row written again is fresh: it loses the stale mark of a pull reset (sync.js).
export function recordRow(record) {
  const { stale: _, ...fields } = record;
  const data = fields.data || {};
  const row = {
    park_id: data.park_id ?? null,
    enterprise_id: fields.entity === 'enterprise' ? fields.id : (data.enterprise_id ?? null),
    event_id: data.event_id ?? null,
    version: 0,
    ...fields,
  };
  if (row.entity === 'park') row.park_id = row.id;
  return row;
}

export function putRecord(record) {
  return db.records.put(recordRow(record));
}

export function deleteRecord(entity, id) {
  return db.records.delete([entity, id]);
}

// Remove everything local of a park or an enterprise whose scope was revoked.
export async function purgeScope(entity, id) {
  const index = entity === 'park' ? 'park_id' : 'enterprise_id';
  await db.records.filter((r) => r[index] === id).delete();
}

// --- photos --------------------------------------------------------------------------
export function putPhoto(photo) {
  return db.photos.put({ uploaded: 0, ...photo });
}

export function getPhoto(sha256) {
  return db.photos.get(sha256);
}

export function markPhotoUploaded(sha256) {
  return db.photos.update(sha256, { uploaded: 1 });
}
