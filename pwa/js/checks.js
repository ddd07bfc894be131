// Checks on the device: create from a template version, save each change, validate, submit.
import { db, getRecord, putRecord, listRecords } from './db.js';
import { enqueue } from './outbox.js';
import { currentUser, ownerId } from './session.js';
import { newId } from './ids.js';

// The fields a device may push (CheckDataSchema); server-only fields are left out.
export const CHECK_FIELDS = [
  'template_version_id',
  'enterprise_id',
  'visit_id',
  'status',
  'started_at',
  'ended_at',
  'gps',
  'gps_note',
  'team',
  'answers',
  'findings',
  'closed_findings',
  'representative_name',
  'representative_title',
  'representative_signature',
  'notes',
];

export function cleanCheck(data) {
  const out = {};
  for (const key of CHECK_FIELDS) if (data[key] !== undefined) out[key] = data[key];
  if (!['draft', 'submitted'].includes(out.status)) out.status = 'draft';
  // Rows still being typed (no name, no description) stay on the device until filled in.
  out.team = (out.team || [])
    .filter((m) => (m.name || '').trim())
    .map((m) => {
      const member = { name: m.name.trim(), unit: m.unit || 'bql', title: m.title || '' };
      if (m.user_id) member.user_id = m.user_id;
      if (m.signature) member.signature = m.signature;
      return member;
    });
  out.findings = (out.findings || [])
    .filter((f) => (f.description || '').trim())
    .map((f) => ({
      id: f.id,
      item_code: f.item_code ?? null,
      severity: f.severity,
      description: f.description,
      corrective_action: f.corrective_action || '',
      due_date: f.due_date || null,
      photos: f.photos || [],
    }));
  return out;
}

// The current (latest published) version of each checklist template, newest first.
export async function currentTemplates() {
  const all = await listRecords('template');
  const best = new Map();
  for (const tv of all) {
    const key = tv.data.template_id || tv.data.code;
    const prev = best.get(key);
    if (!prev || (tv.data.number || 0) > (prev.data.number || 0)) best.set(key, tv);
  }
  return [...best.values()].sort((a, b) => (a.data.kind === 'check' ? -1 : 1) - (b.data.kind === 'check' ? -1 : 1));
}

export async function createCheck(enterpriseId, templateVersionId, visitId = null) {
  const user = currentUser();
  const enterprise = await getRecord('enterprise', enterpriseId);
  const data = {
    template_version_id: templateVersionId,
    enterprise_id: enterpriseId,
    visit_id: visitId,
    status: 'draft',
    started_at: new Date().toISOString(),
    ended_at: null,
    gps: null,
    gps_note: '',
    team: [
      {
        user_id: user.id,
        name: user.full_name || user.username,
        unit: user.unit === 'police' ? 'police' : user.unit === 'other' ? 'other' : 'bql',
        title: '',
      },
    ],
    answers: {},
    findings: [],
    closed_findings: [],
    representative_name: '',
    representative_title: '',
    representative_signature: null,
    notes: '',
    park_id: enterprise ? enterprise.data.park_id : null,
    author_id: user.id,
  };
  const id = newId();
  await saveCheck({ entity: 'check', id, version: 0, data });
  return id;
}

// Save the local record and queue it: every answer reaches IndexedDB as it is given.
// The base version is the stored one: it moves on when this device's own push is applied.
export async function saveCheck(record) {
  record.data.updated_local = new Date().toISOString();
  const done = db.transaction('rw', db.records, db.outbox, async () => {
    const stored = await db.records.get(['check', record.id]);
    if (stored) record.version = stored.version || 0;
    await putRecord({ ...record, synced: false });
    await enqueue('check', record.id, 'upsert', cleanCheck(record.data), record.version || 0);
  });
  unfinished.set(record.id, done);
  try {
    await done;
  } finally {
    if (unfinished.get(record.id) === done) unfinished.delete(record.id);
  }
}

// Saves still writing IndexedDB, by check id: a page that goes away meanwhile may abort them.
const unfinished = new Map();

// The save of this check still under way (an answer tapped, a photo put back), or null.
export function unfinishedSave(id) {
  return unfinished.get(id) || null;
}

// The last typing of a form, kept synchronously (localStorage) when the page goes away: the
// IndexedDB save started then may not finish. Put back at the next start if it did not.
const TYPING = 'antt-typing';

export function keepTyping(record) {
  try {
    localStorage.setItem(TYPING, JSON.stringify({ owner: ownerId(), id: record.id, data: record.data }));
  } catch {
    /* storage full or disabled: the IndexedDB save is all there is */
  }
}

export function forgetTyping(id) {
  try {
    if (JSON.parse(localStorage.getItem(TYPING) || 'null')?.id === id) localStorage.removeItem(TYPING);
  } catch {
    /* nothing kept */
  }
}

export async function restoreTyping() {
  let kept = null;
  try {
    kept = JSON.parse(localStorage.getItem(TYPING) || 'null');
  } catch {
    /* unreadable */
  }
  if (!kept || kept.owner !== ownerId()) return; // another user's typing waits for them
  const stored = await getRecord('check', kept.id);
  if (stored && isEditable(stored) && (kept.data.updated_local || '') > (stored.data.updated_local || '')) {
    await saveCheck({ ...stored, data: kept.data });
  }
  localStorage.removeItem(TYPING);
}

export function statusOf(record) {
  return record.data.status || 'draft';
}

export function isEditable(record) {
  return ['draft', 'returned'].includes(statusOf(record));
}

export function allItems(template) {
  return (template?.data?.sections || []).flatMap((s) => s.items.map((i) => ({ ...i, section: s.code })));
}

// Items that block submission: unanswered critical items and missing required photos.
export function problemsBeforeSubmit(check, template) {
  const problems = [];
  for (const item of allItems(template)) {
    const answer = check.answers[item.code];
    const answered = answer && answer.value !== null && answer.value !== undefined && answer.value !== '';
    if (item.critical && !answered) problems.push({ code: item.code, kind: 'critical' });
    if (item.photo_required && !(answer && answer.photos && answer.photos.length)) {
      problems.push({ code: item.code, kind: 'photo' });
    }
  }
  for (const f of check.findings) {
    if (!(f.description || '').trim()) problems.push({ code: f.id, kind: 'finding' });
  }
  for (const m of check.team) {
    if (!(m.name || '').trim()) problems.push({ code: 'team', kind: 'member' });
  }
  if (!check.representative_name) problems.push({ code: 'representative', kind: 'representative' });
  return problems;
}

export function newFinding(itemCode = null) {
  return {
    id: newId(),
    item_code: itemCode,
    severity: 'medium',
    description: '',
    corrective_action: '',
    due_date: null,
    photos: [],
  };
}

// Ask for the position once; resolves {gps} or {gps_note} (stated when not available).
export function locate(timeout = 8000) {
  return new Promise((resolve) => {
    if (!navigator.geolocation) {
      resolve({ gps: null, error: 'unsupported' });
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (pos) =>
        resolve({
          gps: {
            lat: pos.coords.latitude,
            lng: pos.coords.longitude,
            accuracy: pos.coords.accuracy,
            at: new Date(pos.timestamp).toISOString(),
          },
        }),
      (err) => resolve({ gps: null, error: err.code === 1 ? 'denied' : 'unavailable' }),
      { enableHighAccuracy: true, timeout, maximumAge: 60000 },
    );
  });
}

// Hold a draft for this tab only (Web Locks); returns a release function or null when busy.
export function lockDraft(id) {
  if (!navigator.locks) return Promise.resolve(() => {});
  return new Promise((resolve) => {
    navigator.locks.request(`check-${id}`, { ifAvailable: true }, (lock) => {
      if (!lock) {
        resolve(null);
        return undefined;
      }
      return new Promise((release) => resolve(release));
    });
  });
}
