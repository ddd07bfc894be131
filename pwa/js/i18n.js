// Messages from pwa/i18n/<lang>.json plus registered bundles (pwa/i18n/<name>.<lang>.json),
// and the labels of coded values generated from the server's (codes.js: status.draft, ...).
import { getMeta, setMeta } from './db.js';
import { CODE_MESSAGES } from './codes.js';

export const LANGUAGES = ['vi', 'en'];
let lang = 'vi';
let messages = {};
const bundles = new Set();
const listeners = new Set();

async function fetchJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

async function load() {
  const [base, ...extra] = await Promise.all([
    fetchJson(`/app/i18n/${lang}.json`),
    ...[...bundles].map((name) => fetchJson(`/app/i18n/${name}.${lang}.json`).catch(() => ({}))),
  ]);
  messages = Object.assign({}, base, ...extra, CODE_MESSAGES[lang]);
  document.documentElement.lang = lang;
}

// Start with the stored language (Vietnamese by default).
export async function initI18n(preferred) {
  lang = LANGUAGES.includes(preferred) ? preferred : (await getMeta('lang')) || 'vi';
  await load();
}

// Add a bundle of messages (e.g. "hr" loads /app/i18n/hr.vi.json); loaded now and on switch.
export async function registerBundle(name) {
  bundles.add(name);
  const extra = await fetchJson(`/app/i18n/${name}.${lang}.json`).catch(() => ({}));
  Object.assign(messages, extra);
}

export function getLanguage() {
  return lang;
}

export async function setLanguage(next) {
  if (!LANGUAGES.includes(next)) return;
  lang = next;
  await setMeta('lang', next);
  await load();
  listeners.forEach((fn) => fn(lang));
}

export function onLanguageChange(fn) {
  listeners.add(fn);
}

// Translate a key; {name} placeholders are filled from params. A missing key shows itself.
export function t(key, params = {}) {
  const text = messages[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

// Pick the vi or en variant of a record field: tr(item, "text") -> item.text_vi / text_en.
export function tr(obj, field) {
  if (!obj) return '';
  return obj[`${field}_${lang}`] || obj[`${field}_vi`] || obj[field] || '';
}
