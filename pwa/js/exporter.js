// "Export unsynced work": the user's outbox and its photos (base64) in one JSON file that the
// server imports at POST /api/sync/import.
import { db } from './db.js';
import { asMutation, entries } from './outbox.js';
import { currentUser, clientId } from './session.js';
import { hashesIn } from './hashes.js';

function toBase64(buffer) {
  const bytes = new Uint8Array(buffer);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export async function buildExport() {
  const user = currentUser();
  const list = await entries();
  const hashes = new Set();
  list.forEach((e) => hashesIn(e.data, hashes));
  const photos = [];
  for (const sha of hashes) {
    // Named by this user's own records: included whoever stored the same bytes first.
    const photo = await db.photos.get(sha);
    if (photo) {
      photos.push({ sha256: sha, type: photo.type, data: toBase64(await photo.blob.arrayBuffer()) });
    }
  }
  return {
    format: 'antt-unsynced-work',
    format_version: 1,
    exported_at: new Date().toISOString(),
    user: { id: user.id, username: user.username },
    client_id: await clientId(),
    mutations: list
      .filter((e) => e.entity !== 'conflict' || e.state === 'pending')
      .map((e) => ({ ...asMutation(e), state: e.state })),
    photos,
  };
}

// Save the export as a file on the phone.
export async function downloadExport() {
  const payload = await buildExport();
  const blob = new Blob([JSON.stringify(payload)], { type: 'application/json' });
  const stamp = payload.exported_at.slice(0, 16).replace(/[:T]/g, '-');
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `antt-chua-dong-bo-${payload.user.username}-${stamp}.json`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  return payload;
}
