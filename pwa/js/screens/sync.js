// Sync state: pending count, last synced, rejected and conflicting records to fix or keep,
// export of unsynced work, language, logout.
import { h, mount } from '../dom.js';
import { t, getLanguage, setLanguage } from '../i18n.js';
import { registerScreen, go, rerender } from '../router.js';
import * as sync from '../sync.js';
import * as outbox from '../outbox.js';
import * as api from '../api.js';
import { getRecord } from '../db.js';
import { currentUser, signOut } from '../session.js';
import { formatDateTime } from '../format.js';
import { downloadExport } from '../exporter.js';
import { restoreTyping } from '../checks.js';
import { othersSealed } from '../seal.js';
import { toast, fieldErrors, requestIdLine } from '../ui.js';
import { quarantineSection } from './sync-quarantine.js';

async function recordLabel(entity, id) {
  const rec = await getRecord(entity, id);
  if (!rec) return `${t(`entity.${entity}`)} ${id.slice(0, 8)}`;
  const ent = rec.data.enterprise_id && (await getRecord('enterprise', rec.data.enterprise_id));
  return `${t(`entity.${entity}`)} · ${ent ? ent.data.name : rec.data.title || rec.data.name || id.slice(0, 8)}`;
}

registerScreen('sync', {
  async render(el) {
    const state = await sync.loadedState();
    const user = currentUser();
    const list = await outbox.entries();
    const rejected = list.filter((e) => e.state === 'rejected');
    const conflicts = await sync.openConflicts();
    const sealedHere = await othersSealed(user.id);
    mount(
      el,
      h('h1', {}, t('sync.title')),
      h(
        'dl',
        { class: 'kv card' },
        h('dt', {}, t('sync.user')),
        h('dd', {}, `${user.full_name || user.username} (${user.username})`),
        h('dt', {}, t('sync.connection')),
        h('dd', { 'data-testid': 'sync-online' }, state.online ? t('sync.online') : t('sync.offline')),
        h('dt', {}, t('sync.pending_label')),
        liveText('pending-count'),
        h('dt', {}, t('sync.last')),
        liveText('last-synced'),
      ),
      state.error === 'server' ? h('p', { class: 'notice bad' }, t('sync.server_error')) : null,
      sealedHere ? h('p', { class: 'notice', 'data-testid': 'sealed-others' }, t('sealed.others')) : null,
      h(
        'button',
        {
          type: 'button',
          class: 'primary wide',
          'data-testid': 'sync-now',
          disabled: !state.online,
          onclick: async () => {
            await sync.syncNow();
            rerender();
          },
        },
        t('sync.now'),
      ),
    );

    if (rejected.length) {
      mount(el, h('h2', {}, t('outbox.rejected_title')));
      for (const e of rejected) {
        mount(
          el,
          h(
            'div',
            { class: 'card', 'data-testid': 'rejected-item' },
            h('strong', {}, await recordLabel(e.entity, e.record_id)),
            h('p', { class: 'error' }, e.error?.message || t('outbox.rejected_long')),
            fieldErrors(e.error?.fields).map((line) => h('p', { class: 'sub', 'data-testid': 'field-error' }, line)),
            requestIdLine(e.error),
            h(
              'div',
              { class: 'row' },
              e.entity === 'check'
                ? h(
                    'button',
                    { type: 'button', 'data-testid': 'fix', onclick: () => go('check', { id: e.record_id }) },
                    t('outbox.fix'),
                  )
                : null,
              h(
                'button',
                {
                  type: 'button',
                  class: 'danger',
                  'data-testid': 'discard',
                  onclick: async () => {
                    if (window.confirm(t('outbox.discard_confirm'))) {
                      await outbox.remove(e.seq);
                      rerender();
                    }
                  },
                },
                t('outbox.discard'),
              ),
            ),
          ),
        );
      }
    }
    mount(el, await quarantineSection(list, recordLabel));
    if (conflicts.length) {
      mount(el, h('h2', {}, t('conflict.title')));
      for (const c of conflicts) {
        mount(
          el,
          h(
            'div',
            { class: 'card', 'data-testid': 'conflict-item' },
            h('strong', {}, await recordLabel(c.entity, c.record_id)),
            h('p', {}, t(`conflict.reason.${c.reason}`)),
            c.server_data ? h('p', { class: 'sub' }, diffSummary(c.server_data, c.device_data)) : null,
            h(
              'div',
              { class: 'row' },
              h(
                'button',
                { type: 'button', 'data-testid': 'keep-server', onclick: () => settle(c, 'keep_server') },
                t('conflict.keep_server'),
              ),
              h(
                'button',
                {
                  type: 'button',
                  class: 'primary',
                  'data-testid': 'keep-device',
                  onclick: () => settle(c, 'keep_device'),
                },
                t('conflict.keep_device'),
              ),
            ),
          ),
        );
      }
    }
    mount(
      el,
      h('h2', {}, t('export.title')),
      h('p', { class: 'sub' }, t('export.hint')),
      h(
        'button',
        {
          type: 'button',
          class: 'wide',
          'data-testid': 'export',
          onclick: async () => {
            const payload = await downloadExport();
            toast(t('export.done', { n: payload.mutations.length, p: payload.photos.length }));
          },
        },
        t('export.button'),
      ),
      h('h2', {}, t('settings.title')),
      h(
        'div',
        { class: 'row' },
        ['vi', 'en'].map((lang) =>
          h(
            'button',
            {
              type: 'button',
              class: getLanguage() === lang ? 'primary' : '',
              'data-testid': `lang-${lang}`,
              onclick: () => switchLanguage(lang),
            },
            t(`lang.${lang}`),
          ),
        ),
      ),
      h('button', { type: 'button', class: 'link', 'data-testid': 'logout', onclick: logout }, t('logout')),
      h(
        'p',
        { class: 'sub', 'data-testid': 'app-version' },
        `${t('app.version')}: ${self.SHELL ? self.SHELL.version : 'dev'}`,
      ),
    );
  },
});

// Values of the sync state shown on this screen; they follow it (the badge's source) as it changes.
const LIVE = {
  'pending-count': (s) => String(s.pending),
  'last-synced': (s) => (s.lastSynced ? formatDateTime(s.lastSynced) : t('sync.never')),
};

function liveText(testid) {
  return h('dd', { 'data-testid': testid, 'data-live': testid }, LIVE[testid](sync.getState()));
}

sync.events.addEventListener('state', () => {
  for (const dd of document.querySelectorAll('#screen [data-live]'))
    dd.textContent = LIVE[dd.dataset.live](sync.getState());
});

function diffSummary(server, device) {
  const changed = Object.keys({ ...server.answers, ...device.answers }).filter(
    (k) => JSON.stringify(server.answers?.[k]?.value) !== JSON.stringify(device.answers?.[k]?.value),
  );
  return changed.length ? t('conflict.changed', { items: changed.join(', ') }) : '';
}

async function settle(conflict, resolution) {
  await sync.resolveConflict(conflict, resolution);
  toast(t('conflict.settled'));
  rerender();
}

async function switchLanguage(lang) {
  await setLanguage(lang);
  try {
    await api.setLanguage(lang);
  } catch {
    /* offline: the server learns it next login */
  }
}

async function logout() {
  const pending = await outbox.pendingCount();
  if (pending && !window.confirm(t('logout.pending', { n: pending }))) return;
  await restoreTyping(); // typing kept when the page last went away joins the outbox first
  await signOut(); // sealed for this user; offline, the server session ends at the next connection
  location.hash = '';
  location.reload();
}
