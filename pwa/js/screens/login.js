// Login: the first one pulls the user's scope; after an expired session the same queue goes on.
import { h, clear, mount } from '../dom.js';
import { t, setLanguage, getLanguage } from '../i18n.js';
import * as api from '../api.js';
import { rememberUser, currentUser, endPendingLogout } from '../session.js';
import { getMeta } from '../db.js';
import * as sync from '../sync.js';
import { renderTabbar } from '../ui.js';
import { cancelRenders } from '../router.js';

let showing = false;

// The login form. What comes after a login is the caller's: `onSignedIn(user)` (main.js hands
// its startApp), so this screen never imports the boot sequence back.
export function showLogin({ expired = false, onSignedIn } = {}) {
  if (showing) return;
  showing = true;
  cancelRenders();
  const el = document.getElementById('screen');
  clear(el);
  renderTabbar(false);
  const error = h('p', { class: 'error', 'data-testid': 'login-error', role: 'alert' });
  const username = h('input', {
    name: 'username',
    autocomplete: 'username',
    required: true,
    autocapitalize: 'none',
    value: expired ? currentUser()?.username || '' : '',
    'data-testid': 'login-username',
  });
  const password = h('input', {
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
    'data-testid': 'login-password',
  });
  const button = h(
    'button',
    { type: 'submit', class: 'primary wide', 'data-testid': 'login-submit' },
    t('login.submit'),
  );
  const form = h(
    'form',
    {
      class: 'card',
      'data-testid': 'login-form',
      onsubmit: (e) => {
        e.preventDefault();
        submit();
      },
    },
    h('h1', {}, t('login.title')),
    expired ? h('p', { class: 'notice', 'data-testid': 'login-expired' }, t('login.expired')) : null,
    h('label', {}, t('login.username'), username),
    h('label', {}, t('login.password'), password),
    error,
    button,
  );
  const other = getLanguage() === 'vi' ? 'en' : 'vi';
  mount(
    el,
    form,
    h(
      'button',
      {
        type: 'button',
        class: 'link',
        'data-testid': 'login-lang',
        onclick: async () => {
          await setLanguage(other);
          showing = false;
          showLogin({ expired, onSignedIn });
        },
      },
      t(`lang.${other}`),
    ),
  );

  async function submit() {
    button.disabled = true;
    error.textContent = '';
    try {
      if (!(await endPendingLogout())) throw new api.NetworkError('offline'); // the last user's first
      const session = await api.login(username.value.trim(), password.value);
      await rememberUser(session.user, session.outbox_key);
      if (session.user.language && session.user.language !== getLanguage()) await setLanguage(session.user.language);
      showing = false;
      const firstTime = !(await getMeta('cursor'));
      if (firstTime) {
        clear(el).append(h('p', { class: 'boot', 'data-testid': 'first-pull' }, t('login.loading')));
        await sync.syncFirstPage(); // the list shows from the first page; the rest follows
      } else {
        sync.syncNow();
      }
      await onSignedIn(session.user);
    } catch (err) {
      button.disabled = false;
      if (err instanceof api.NetworkError) error.textContent = t('login.offline');
      else error.textContent = err.body?.error?.message || t('login.failed');
    }
  }
}
