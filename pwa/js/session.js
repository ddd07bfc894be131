// Who uses the app on this phone: the signed-in user is kept in meta (never the CSRF token).
import { getMeta, setMeta, db } from './db.js';

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
