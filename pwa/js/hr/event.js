// HR: one event during the festival day: live figures, then attendance, gifts, activities.
import { h, mount, clear } from '../dom.js';
import { t } from '../i18n.js';
import { getRecord } from '../db.js';
import { registerScreen, go, currentRoute, rerender } from '../router.js';
import { formatDate, formatNumber } from '../format.js';
import { backButton } from '../ui.js';
import * as sync from '../sync.js';
import { figuresOf, isLocked, refusedOf, resendRefused, ROLES, saveEvent } from './store.js';
import { statusBadge } from './events.js';
import { hrMessages } from './messages.js';
import { rosterPanel, scanPanel, manualPanel } from './attend.js';
import { giftsPanel, activitiesPanel } from './gifts.js';
import { threadBox } from '../screens/thread-box.js';

const PANELS = {
  roster: rosterPanel,
  scan: scanPanel,
  manual: manualPanel,
  gifts: giftsPanel,
  activities: activitiesPanel,
};
let active = null; // {event, figuresBox, panelBox, panel, stop}

const pct = (part, whole) => (whole ? `${formatNumber(Math.round((part / whole) * 1000) / 10)} %` : '—');

// Redraw the figures card from the local rows.
export async function refreshFigures() {
  if (!active) return;
  const event = (await getRecord('event', active.event.id)) || active.event;
  const f = await figuresOf(event);
  const box = active.figuresBox;
  clear(box);
  mount(
    box,
    h(
      'div',
      { class: 'fig-main' },
      h('span', { class: 'fig-num', 'data-testid': 'fig-attendees' }, formatNumber(f.attendees)),
      h('span', { class: 'fig-lbl' }, t('hr.fig.attendees')),
    ),
    h(
      'dl',
      { class: 'fig-rows' },
      h('dt', {}, t('hr.fig.planned')),
      h('dd', { 'data-testid': 'fig-planned' }, formatNumber(f.planned), h('small', {}, pct(f.attendees, f.planned))),
      h('dt', {}, t('hr.fig.workforce')),
      h(
        'dd',
        { 'data-testid': 'fig-workforce' },
        formatNumber(f.workforce),
        h('small', {}, pct(f.attendees, f.workforce)),
      ),
      h('dt', {}, t('hr.fig.gifts')),
      h('dd', { 'data-testid': 'fig-gifts' }, formatNumber(f.gifts), h('small', {}, `${formatNumber(f.giftValue)} ₫`)),
    ),
    h(
      'div',
      { class: 'role-chips' },
      ROLES.map((r) =>
        h(
          'span',
          { class: 'chip', 'data-testid': `fig-role-${r}` },
          `${t(`role.${r}`)}: ${formatNumber(f.byRole[r] || 0)}`,
        ),
      ),
    ),
    f.flagged
      ? h(
          'p',
          { class: 'notice', 'data-testid': 'fig-flagged' },
          t('hr.fig.flagged', { n: formatNumber(f.flagged), v: formatNumber(f.flaggedValue) }),
        )
      : null,
  );
  box.dataset.attendees = String(f.attendees);
}

async function showPanel(name) {
  if (!active) return;
  active.stop?.();
  active.stop = null;
  active.panel = name;
  active.tabs.querySelectorAll('button').forEach((b) => {
    b.classList.toggle('on', b.dataset.panel === name);
    b.setAttribute('aria-pressed', String(b.dataset.panel === name));
  });
  const box = h('div', { 'data-testid': `panel-${name}` });
  const ctx = { event: active.event, locked: isLocked(active.event), refresh: refreshFigures };
  active.stop = (await PANELS[name](box, ctx)) || null;
  active.panelBox.replaceChildren(box);
}

// Entries the server refused while the event was reviewed: kept here; sent again once returned.
async function refusedNotice(id, locked) {
  const refused = await refusedOf(id);
  if (!refused.length) return null;
  return h(
    'div',
    { class: 'notice bad', 'data-testid': 'event-refused', 'data-count': String(refused.length) },
    h('p', {}, t(locked ? 'hr.refused_locked' : 'hr.refused_open', { n: formatNumber(refused.length) })),
    locked
      ? null
      : h(
          'button',
          {
            type: 'button',
            class: 'primary',
            'data-testid': 'resend-refused',
            onclick: async () => {
              await resendRefused(id);
              sync.syncNow();
              rerender();
            },
          },
          t('hr.refused_resend'),
        ),
  );
}

registerScreen('hr-event', {
  async render(el, { id, panel }) {
    await hrMessages();
    const event = await getRecord('event', id);
    if (!event) {
      mount(el, backButton('hr-events'), h('p', {}, t('hr.event_not_found')));
      return;
    }
    const d = event.data;
    const locked = isLocked(event);
    const figuresBox = h('section', { class: 'card figures', 'data-testid': 'figures' });
    const tabs = h(
      'div',
      { class: 'tabs2 hr-tabs', role: 'group' },
      Object.keys(PANELS).map((name) =>
        h(
          'button',
          { type: 'button', 'data-panel': name, 'data-testid': `tab-${name}`, onclick: () => showPanel(name) },
          t(`hr.tab.${name}`),
        ),
      ),
    );
    const panelBox = h('div', {});
    mount(
      el,
      backButton('hr-events', { year: (d.date || '').slice(0, 4) }),
      h('h1', { 'data-testid': 'event-title' }, d.title),
      h('p', { class: 'sub' }, `${formatDate(d.date)} · ${d.place || '—'} `, statusBadge(d.status || 'planned')),
      locked ? h('p', { class: 'notice', 'data-testid': 'event-locked' }, t('hr.locked')) : null,
      d.status === 'returned'
        ? h(
            'div',
            { class: 'notice bad', 'data-testid': 'event-returned' },
            h('strong', {}, t('hr.returned')),
            ' ',
            h('span', { 'data-testid': 'return-comment' }, d.review_comment || ''),
          )
        : null,
      await refusedNotice(id, locked),
      locked
        ? null
        : h(
            'div',
            { class: 'row' },
            h(
              'button',
              {
                type: 'button',
                class: 'link',
                'data-testid': 'edit-event',
                onclick: () => go('hr-event-edit', { id }),
              },
              t('hr.ev.edit'),
            ),
            ['planned', 'returned'].includes(d.status || 'planned')
              ? h(
                  'button',
                  {
                    type: 'button',
                    'data-testid': 'mark-held',
                    class: d.status === 'returned' ? 'primary' : '',
                    onclick: async () => {
                      await saveEvent(id, { ...d, status: 'held' });
                      go('hr-event', { id }, { replace: true });
                    },
                  },
                  t(d.status === 'returned' ? 'hr.mark_held_again' : 'hr.mark_held'),
                )
              : null,
          ),
      figuresBox,
      tabs,
      panelBox,
      event.version ? threadBox('event', id, d.review_comment) : null,
    );
    active?.stop?.();
    active = { event, figuresBox, panelBox, tabs, panel: null, stop: null, refused: (await refusedOf(id)).length };
    await refreshFigures();
    await showPanel(PANELS[panel] ? panel : locked ? 'activities' : 'roster');
  },
  leave() {
    active?.stop?.();
    active = null;
  },
});

// Figures follow what other phones recorded, as soon as a pull brings it.
sync.events.addEventListener('pulled', async () => {
  if (active && currentRoute()?.name === 'hr-event') {
    const fresh = await getRecord('event', active.event.id);
    const refused = (await refusedOf(active.event.id)).length;
    if (!active) return;
    if (fresh && (fresh.data.status !== active.event.data.status || refused !== active.refused)) {
      rerender();
      return; // reviewed or returned meanwhile, or entries refused: new notices
    }
    refreshFigures();
    active.panelBox.firstChild?.redraw?.(); // lists follow; forms and searches keep their input
  }
});
