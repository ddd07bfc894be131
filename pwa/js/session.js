// Who uses the app on this phone: the signed-in user is kept in meta (never the CSRF token).
import { getMeta, setMeta, db } from './db.js';
import { me, logout as endServerSession, hasCsrf, AuthError } from './api.js';
import { keepKey, forgetKey, hasKey, seal, unseal } from './seal.js';

let user = null;

export async function loadUser() {
  user = await getMeta('user');
  return user;
}

export function currentUser() {
  return user;
}
export function ownerId() {
  return user ? user.id : null;
}

// Remember a user after login (`outboxKey`: the login's `outbox_key`). A different user than
// before gets a clean local copy of data; the previous user's unsent work, if their session
// ended without a logout, is sealed first. The user's own sealed work is opened again.
export async function rememberUser(newUser, outboxKey) {
  const previous = await getMeta('last_user_id');
  const switched = Boolean(previous && previous !== newUser.id);
  if (switched) {
    await seal(previous);
    await db.transaction('rw', db.records, db.meta, async () => {
      await db.records.clear();
      await db.meta.where('key').anyOf('cursor', 'last_synced').delete();
    });
  }
  user = newUser;
  await setMeta('user', newUser);
  await setMeta('last_user_id', newUser.id);
  await keepKey(newUser.id, outboxKey);
  await unseal(newUser.id);
  return { switched };
}

// Keep the outbox key a session answer (`me`) carries, when it is the signed-in user's.
export async function keepKeyFrom(session, owner = ownerId()) {
  if (owner && session?.user?.id === owner) await keepKey(owner, session.outbox_key);
}

export async function clientId() {
  let id = await getMeta('client_id');
  if (!id) {
    id = crypto.randomUUID();
    await setMeta('client_id', id);
  }
  return id;
}

// Sign out on this phone: end the server session, seal the user's unsent work (seal.js: only
// they can open it, at their next login here), forget the user, their key and every record
// they could see (rosters, attendance, others' checks). Offline, the server session is ended
// at the next connection before anything else is sent (endPendingLogout); the login shows
// meanwhile. Returns whether the unsent work is sealed (false: no key, see seal()).
export async function signOut() {
  const owner = ownerId();
  let ended = true;
  try {
    if (!hasCsrf() || !(await hasKey(owner))) await keepKeyFrom(await me(), owner);
    await endServerSession();
  } catch (err) {
    ended = err instanceof AuthError; // 401: the session was over already
  }
  user = null; // from here a pull still under way stores nothing (sync.js)
  const sealed = owner ? await seal(owner) : true;
  await db.transaction('rw', db.records, db.meta, async () => {
    await db.records.clear();
    await db.meta.where('key').anyOf('cursor', 'last_synced', 'user').delete();
    if (!ended) await db.meta.put({ key: 'logout_pending', value: true });
  });
  await forgetKey();
  return sealed;
}

// End the server session of a logout made offline; true once none is left pending.
export async function endPendingLogout() {
  if (!(await getMeta('logout_pending'))) return true;
  try {
    await me();
    await endServerSession();
  } catch (err) {
    if (!(err instanceof AuthError)) return false; // still offline: at the next connection
  }
  await db.meta.delete('logout_pending');
  return true;
}
