// Unsent work on a shared phone. At logout a user's outbox and the photos it names are sealed
// (AES-GCM) with a key of theirs that the server hands only to them, at login (`outbox_key`);
// the plain copies and the key leave the phone. The next person can neither read nor send that
// work; the owner's next login on this phone opens it and the queue goes on where it stopped.
import { db, getMeta, setMeta, deleteMeta } from './db.js';
import { hashesIn } from './hashes.js';

const KEY = 'outbox_key';
const text = new TextEncoder();

function fromBase64(b64) {
  const binary = atob(b64.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function toBase64(buffer) {
  const bytes = new Uint8Array(buffer);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

// Keep the signed-in user's key for this session: usable by the app, never readable back.
export async function keepKey(owner, encoded) {
  if (!owner || !encoded) return;
  const raw = fromBase64(encoded);
  const key = await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
  await setMeta(KEY, { owner, key });
}

async function keyOf(owner) {
  const kept = await getMeta(KEY);
  return kept && kept.owner === owner ? kept.key : null;
}

export async function hasKey(owner) {
  return Boolean(await keyOf(owner));
}

export function forgetKey() {
  return deleteMeta(KEY);
}

function sealParams(owner, iv) {
  return { name: 'AES-GCM', iv, additionalData: text.encode(owner) }; // bound to its owner
}

// What of `owner` would be sealed: their outbox entries and the photos these name or they took
// and have not uploaded (the others are on the server).
async function unsent(owner) {
  const entries = await db.outbox.where('owner').equals(owner).sortBy('seq');
  const named = hashesIn(entries.map((e) => e.data));
  const own = await db.photos.where('owner').equals(owner).toArray();
  const namedRows = (await db.photos.bulkGet([...named])).filter(Boolean);
  const photos = new Map([...own.filter((p) => !p.uploaded), ...namedRows].map((p) => [p.sha256, p]));
  return { entries, photos: [...photos.values()], own: own.map((p) => p.sha256) };
}

// Seal every outbox entry of `owner` and its photos; their own uploaded photos are dropped.
// Returns false when there is unsent work but no key to seal it with (a session begun before
// this version and never online since): the work then stays as it was, under its owner's id.
export async function seal(owner, tries = 3) {
  const { entries, photos, own } = await unsent(owner);
  if (!entries.length) {
    await db.photos.bulkDelete(own);
    return true;
  }
  const key = await keyOf(owner);
  if (!key) return false;
  const plain = {
    entries,
    photos: await Promise.all(
      photos.map(async ({ blob, ...row }) => ({ ...row, data: toBase64(await blob.arrayBuffer()) })),
    ),
  };
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt(sealParams(owner, iv), key, text.encode(JSON.stringify(plain)));
  const seqs = entries.map((e) => e.seq);
  const sealed = await db.transaction('rw', db.outbox, db.photos, db.sealed, async () => {
    const now = await db.outbox.where('owner').equals(owner).primaryKeys();
    if (now.length !== seqs.length || now.some((seq, i) => seq !== seqs[i])) return false; // changed
    await db.sealed.add({ owner, iv, data, sealed_at: Date.now() });
    await db.outbox.bulkDelete(seqs);
    await db.photos.bulkDelete([...new Set([...own, ...photos.filter((p) => p.owner === owner).map((p) => p.sha256)])]);
    return true;
  });
  if (sealed || tries <= 1) return sealed;
  return seal(owner, tries - 1); // the outbox changed meanwhile (a push settled): as it is now
}

// Open what `owner` sealed on this phone and put it back in the outbox, in its order.
export async function unseal(owner) {
  const key = await keyOf(owner);
  if (!key) return 0;
  let opened = 0;
  for (const row of await db.sealed.where('owner').equals(owner).toArray()) {
    let plain;
    try {
      plain = JSON.parse(
        new TextDecoder().decode(await crypto.subtle.decrypt(sealParams(owner, row.iv), key, row.data)),
      );
    } catch {
      continue; // not openable with this key: kept as it is, never dropped
    }
    await db.transaction('rw', db.outbox, db.photos, db.sealed, async () => {
      await db.outbox.bulkPut(plain.entries); // their own seq numbers: the queue's order
      for (const { data, ...photo } of plain.photos) {
        if (!(await db.photos.get(photo.sha256))) {
          await db.photos.put({ ...photo, blob: new Blob([fromBase64(data)], { type: photo.type || 'image/jpeg' }) });
        }
      }
      await db.sealed.delete(row.id);
    });
    opened += plain.entries.length;
  }
  return opened;
}

// Whether this phone keeps sealed work of someone other than `owner` (no one is named).
export async function othersSealed(owner) {
  return (await db.sealed.filter((row) => row.owner !== owner).count()) > 0;
}
