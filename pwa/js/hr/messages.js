// The HR message bundle (pwa/i18n/hr.<lang>.json), registered once, after the language is
// known (so the first load is in the user's language; i18n reloads it on a switch).
import { registerBundle } from '../i18n.js';

let loading = null;

export function hrMessages() {
  loading ||= registerBundle('hr').catch((err) => {
    loading = null;
    console.warn('hr messages', err);
  });
  return loading;
}
