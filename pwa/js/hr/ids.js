// Attendance ids made on the phone, so two phones recording one person converge on one row.
//
// id = UUIDv8: the event id's first 64 bits (version digit 8), then the last 64 bits of
//      UUIDv5(ATTENDANCE_NAMESPACE, `${event_id}|${person_key}`), so one event's rows sit
//      side by side in the server's indexes (app/core/ids.py attendance_id; v5 ids made
//      before stay valid)
// person_key = "no:" + employee number trimmed and upper-cased, or, without a number,
//              "name:" + the folded name (no diacritics, lower case, single spaces) -
//              the same key the server uses (app/sync/handlers/events.py person_key).
import { fold } from '../search.js';

// A fixed namespace for festival-day attendance ids (never change it).
export const ATTENDANCE_NAMESPACE = '3d8f5c2e-9b1a-4c7e-8f60-5a2b1c9d7e43';

export function personKey(employeeNumber, name) {
  const number = String(employeeNumber || '')
    .trim()
    .toUpperCase();
  return number ? `no:${number}` : `name:${fold(name)}`;
}

function uuidBytes(text) {
  const hex = text.replace(/-/g, '');
  return Uint8Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16));
}

// RFC 4122 version 5 (SHA-1) UUID of a name in a namespace.
export async function uuid5(namespace, name) {
  const nameBytes = new TextEncoder().encode(name);
  const input = new Uint8Array(16 + nameBytes.length);
  input.set(uuidBytes(namespace));
  input.set(nameBytes, 16);
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-1', input)).slice(0, 16);
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  return uuidText(hash);
}

function uuidText(bytes) {
  const x = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// The attendance id of a person at an event: the same on every phone (see the top).
export async function attendanceId(eventId, key) {
  const hashed = uuidBytes(await uuid5(ATTENDANCE_NAMESPACE, `${eventId}|${key}`));
  const bytes = UUID_TEXT.test(eventId) ? uuidBytes(eventId) : hashed.slice();
  bytes.set(hashed.slice(8), 8);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  return uuidText(bytes);
}
