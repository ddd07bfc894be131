// Festival-day data on the phone: events, attendance, gifts, all saved locally then queued.
import { db, getRecord, putRecord, recordsOfEvent, recordsOfEnterprise, deleteRecord } from '../db.js';
import { enqueue, notify } from '../outbox.js';
import { currentUser, ownerId } from '../session.js';
import { newId } from '../ids.js';
import { attendanceId, personKey } from './ids.js';
import { CODES } from '../codes.js';

export const ACTIVITY_KINDS = CODES.activity;
export const ROLES = CODES.role;
const EVENT_FIELDS = [
  'enterprise_id',
  'title',
  'date',
  'place',
  'activities',
  'planned_participants',
  'status',
  'photos',
  'notes',
];
const ATTENDANCE_FIELDS = ['event_id', 'person_id', 'name', 'employee_number', 'role', 'method', 'recorded_at'];
const GIFT_FIELDS = ['event_id', 'recipient_name', 'employee_number', 'value_vnd', 'reason', 'given_at'];

const pick = (data, fields) => Object.fromEntries(fields.filter((k) => data[k] !== undefined).map((k) => [k, data[k]]));

export function myEnterprise() {
  return currentUser()?.scope?.enterprise || null;
}

// Save a record locally and queue it, in one transaction (the base is the stored version).
async function save(entity, id, data, fields) {
  await db.transaction('rw', db.records, db.outbox, async () => {
    const stored = await db.records.get([entity, id]);
    const version = stored ? stored.version || 0 : 0;
    await putRecord({ entity, id, version, data: { ...(stored?.data || {}), ...data }, synced: false });
    await enqueue(entity, id, 'upsert', pick(data, fields), version);
  });
}

export async function myEvents() {
  const ent = myEnterprise();
  if (!ent) return [];
  return (await recordsOfEnterprise('event', ent.id)).filter((e) => !e.deleted);
}

export function isLocked(event) {
  return event?.data?.status === 'reviewed';
}

// Attendance and gifts the server refused because the supervisor had reviewed the event
// meanwhile: kept in the outbox (nothing typed is lost) until the event is returned.
export async function refusedOf(eventId, owner = ownerId()) {
  if (!owner) return [];
  const list = await db.outbox
    .where('owner')
    .equals(owner)
    .filter(
      (e) =>
        e.state === 'rejected' &&
        e.error?.code === 'event_reviewed' &&
        (e.entity === 'attendance' || e.entity === 'gift'),
    )
    .toArray();
  const mine = [];
  for (const e of list) {
    const local = e.data?.event_id ? null : await getRecord(e.entity, e.record_id);
    if ((e.data?.event_id || local?.data?.event_id) === eventId) mine.push(e);
  }
  return mine;
}

// Send the refused entries again (after the supervisor returned the event to fix).
export async function resendRefused(eventId) {
  const list = await refusedOf(eventId);
  await db.outbox.bulkPut(
    list.map((e) => ({ ...e, state: 'pending', attempted: false, error: null, mutation_id: newId() })),
  );
  notify();
  return list.length;
}

export async function saveEvent(id, data) {
  const ent = myEnterprise();
  const full = {
    photos: [],
    notes: '',
    activities: [],
    status: 'planned',
    ...data,
    enterprise_id: ent.id,
    park_id: ent.park_id,
  };
  await save('event', id, full, EVENT_FIELDS);
  return id;
}

export function newEventId() {
  return newId();
}

export async function rosterOf(enterpriseId) {
  return (await recordsOfEnterprise('roster_person', enterpriseId)).sort((a, b) =>
    a.data.name.localeCompare(b.data.name, 'vi'),
  );
}

export async function findRosterPerson(enterpriseId, employeeNumber) {
  const wanted = String(employeeNumber).trim().toUpperCase();
  return (await rosterOf(enterpriseId)).find((p) => p.data.employee_number.trim().toUpperCase() === wanted) || null;
}

export async function attendanceOf(eventId) {
  return (await recordsOfEvent('attendance', eventId)).filter((a) => !a.deleted && !a.data.deleted);
}

// Record one attendee; a person already recorded is not recorded again ({repeat: record}).
export async function recordAttendance(event, person) {
  const key = personKey(person.employee_number, person.name);
  const id = await attendanceId(event.id, key);
  const existing = await getRecord('attendance', id);
  if (existing && !existing.data.deleted) return { repeat: true, record: existing };
  const data = {
    event_id: event.id,
    person_id: person.person_id || null,
    name: person.name.trim(),
    employee_number: String(person.employee_number || '').trim(),
    role: person.role || 'worker',
    method: person.method || 'manual',
    recorded_at: new Date().toISOString(),
    deleted: false,
    enterprise_id: event.data.enterprise_id,
    park_id: event.data.park_id,
  };
  await save('attendance', id, data, ATTENDANCE_FIELDS);
  return { repeat: false, record: await getRecord('attendance', id) };
}

// Take a ticked name off; never-sent entries simply leave the queue.
export async function removeAttendance(record) {
  const queued = await db.outbox.where('[entity+record_id]').equals(['attendance', record.id]).toArray();
  if (!record.version && queued.length && queued.every((e) => !e.attempted && e.state === 'pending')) {
    await db.outbox.bulkDelete(queued.map((e) => e.seq));
    await deleteRecord('attendance', record.id);
    notify(); // the pending count drops at once
  } else {
    await db.transaction('rw', db.records, db.outbox, async () => {
      await putRecord({ ...record, data: { ...record.data, deleted: true }, synced: false });
      await enqueue('attendance', record.id, 'delete', null, record.version || 0);
    });
  }
}

export async function giftsOf(eventId) {
  return (await recordsOfEvent('gift', eventId))
    .filter((g) => !g.deleted)
    .sort((a, b) => (a.data.given_at || '').localeCompare(b.data.given_at || ''));
}

// One person, one gift per event (as the server counts): any second gift is a repeat.
const giftKey = (g) => personKey(g.employee_number, g.recipient_name);

// The gift this person already received at the event, if any (unflagged, so counted).
export async function firstGiftTo(eventId, gift) {
  const key = giftKey(gift);
  return (await giftsOf(eventId)).find((g) => !g.data.flagged && giftKey(g.data) === key) || null;
}

// Record a gift; a second gift to the same person, whatever the reason, is flagged, not dropped.
export async function addGift(event, gift) {
  const first = await firstGiftTo(event.id, gift);
  const id = newId();
  const data = {
    event_id: event.id,
    recipient_name: gift.recipient_name.trim(),
    employee_number: String(gift.employee_number || '').trim(),
    value_vnd: gift.value_vnd,
    reason: (gift.reason || '').trim(),
    given_at: new Date().toISOString(),
    flagged: Boolean(first),
    duplicate_of: first ? first.id : null,
    enterprise_id: event.data.enterprise_id,
    park_id: event.data.park_id,
  };
  await save('gift', id, data, GIFT_FIELDS);
  return { flagged: Boolean(first), id };
}

// Live figures from local rows: attendees by role vs planned and workforce; gifts.
export async function figuresOf(event) {
  const [people, gifts, enterprise] = await Promise.all([
    attendanceOf(event.id),
    giftsOf(event.id),
    getRecord('enterprise', event.data.enterprise_id),
  ]);
  const byRole = Object.fromEntries(ROLES.map((r) => [r, 0]));
  for (const p of people) byRole[p.data.role] = (byRole[p.data.role] || 0) + 1;
  const counted = gifts.filter((g) => !g.data.flagged);
  const flagged = gifts.filter((g) => g.data.flagged);
  const sum = (list) => list.reduce((s, g) => s + (Number(g.data.value_vnd) || 0), 0);
  return {
    attendees: people.length,
    byRole,
    planned: event.data.planned_participants || 0,
    workforce: enterprise ? enterprise.data.workforce || 0 : 0,
    gifts: counted.length,
    giftValue: sum(counted),
    flagged: flagged.length,
    flaggedValue: sum(flagged),
  };
}
