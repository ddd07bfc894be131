// The server API: JSON fetch with the session cookie and a CSRF token kept in memory only.
let csrf = null;

export class AuthError extends Error {}
export class NetworkError extends Error {}
export class ApiError extends Error {
  constructor(status, body, requestId = null) {
    super(body?.error?.message || `HTTP ${status}`);
    this.status = status;
    this.body = body;
    this.requestId = body?.error?.request_id || requestId;
  }
}

export function setCsrf(token) {
  csrf = token || null;
}
export function hasCsrf() {
  return Boolean(csrf);
}

// Send a request; throws AuthError on 401, NetworkError when the server cannot be reached.
export async function request(method, url, { json, body, headers = {}, raw = false } = {}) {
  const init = { method, credentials: 'same-origin', headers: { ...headers }, cache: 'no-store' };
  if (json !== undefined) {
    init.body = JSON.stringify(json);
    init.headers['Content-Type'] = 'application/json';
  } else if (body !== undefined) {
    init.body = body;
  }
  if (method !== 'GET' && method !== 'HEAD' && csrf) init.headers['X-CSRF-Token'] = csrf;
  let response;
  try {
    response = await fetch(url, init);
  } catch (err) {
    throw new NetworkError(err.message);
  }
  if (response.status === 401 && !url.endsWith('/api/auth/login')) {
    csrf = null;
    throw new AuthError('unauthorized');
  }
  if (raw) return response;
  const text = await response.text().catch(() => '');
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) throw new ApiError(response.status, data, response.headers.get('X-Request-ID'));
  return data;
}

export async function login(username, password) {
  const data = await request('POST', '/api/auth/login', { json: { username, password } });
  setCsrf(data.csrf_token);
  return data;
}

// Ask who is signed in; refreshes the CSRF token (never a stored one).
export async function me() {
  const data = await request('GET', '/api/auth/me');
  setCsrf(data.csrf_token);
  return data;
}

export async function logout() {
  try {
    await request('POST', '/api/auth/logout');
  } finally {
    setCsrf(null);
  }
}

export function setLanguage(language) {
  return request('POST', '/api/auth/language', { json: { language } });
}
