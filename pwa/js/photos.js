// Photos: resized and compressed on the device (JPEG, longest side 1600 px), named by SHA-256,
// stored in IndexedDB until uploaded.
import { putPhoto, getPhoto } from './db.js';
import { ownerId } from './session.js';

export const MAX_SIDE = 1600;
export const QUALITY = 0.8;

export async function sha256Hex(blob) {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

// Scale an image file down to MAX_SIDE and re-encode it as JPEG.
export async function resize(file, maxSide = MAX_SIDE, quality = QUALITY) {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.drawImage(bitmap, 0, 0, width, height);
  bitmap.close?.();
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('encode failed'))), 'image/jpeg', quality),
  );
}

// Store a blob as a photo of the current user; returns its hash.
export async function storeBlob(blob, type = blob.type || 'image/jpeg') {
  const sha256 = await sha256Hex(blob);
  const existing = await getPhoto(sha256);
  if (!existing) await putPhoto({ sha256, blob, type, owner: ownerId(), created_at: Date.now() });
  return sha256;
}

// Take a camera/gallery file: resize, hash, store; returns the hash.
export async function capture(file) {
  return storeBlob(await resize(file), 'image/jpeg');
}

// An object URL to show a stored photo (caller revokes it when the screen goes).
export async function photoUrl(sha256) {
  const photo = await getPhoto(sha256);
  if (photo) return URL.createObjectURL(photo.blob);
  return `/api/attachments/${sha256}`;
}

// A file input button that opens the back camera on phones.
export function cameraInput(onFiles, label, testid) {
  const input = document.createElement('input');
  input.type = 'file';
  input.accept = 'image/*';
  input.setAttribute('capture', 'environment');
  input.multiple = true;
  if (testid) input.dataset.testid = testid;
  input.addEventListener('change', async () => {
    const files = [...input.files];
    input.value = '';
    const hashes = [];
    for (const file of files) hashes.push(await capture(file));
    onFiles(hashes);
  });
  const wrap = document.createElement('label');
  wrap.className = 'photo-btn';
  wrap.append(label, input);
  return wrap;
}
