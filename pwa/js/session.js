// Who uses the app on this phone: the signed-in user is kept in meta (never the CSRF token).
import { getMeta, setMeta, db } from './db.js';
import { me, logout as endServerSession, hasCsrf, AuthError } from './api.js';

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

// Remember a user after login; a different user than before gets a clean local copy of data
// (the previous user's outbox and photos stay, waiting for them, invisible to this user).
export async function rememberUser(newUser) {
  const previous = await getMeta('last_user_id');
  if (previous && previous !== newUser.id) {
    await db.transaction('rw', db.records, db.meta, async () => {
      await db.records.clear();
      await db.meta.where('key').anyOf('cursor', 'last_synced').delete();
    });
  }
  user = newUser;
  await setMeta('user', newUser);
  await setMeta('last_user_id', newUser.id);
  return { switched: Boolean(previous && previous !== newUser.id) };
}

export async function clientId() {
  let id = await getMeta('client_id');
  if (!id) {
    id = crypto.randomUUID();
    await setMeta('client_id', id);
  }
  return id;
}

// Sign out on this phone: end the server session, forget the user and every record they could
// see (rosters, attendance, others' checks). Their unsent work stays in the outbox under their
// id: only they push it, after signing in again. Offline, the server session is ended at the
// next connection before anything else is sent (endPendingLogout); the login shows meanwhile.
export async function signOut() {
  let ended = true;
  try {
    if (!hasCsrf()) await me();
    await endServerSession();
  } catch (err) {
    ended = err instanceof AuthError; // 401: the session was over already
  }
  await db.transaction('rw', db.records, db.meta, async () => {
    await db.records.clear();
    await db.meta.where('key').anyOf('cursor', 'last_synced', 'user').delete();
    if (!ended) await db.meta.put({ key: 'logout_pending', value: true });
  });
  user = null;
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
