// HR: the enterprise's festival-day events by year, and the form to create or edit one.
import { h, mount, clear } from '../dom.js';
import { t } from '../i18n.js';
import { getRecord } from '../db.js';
import { registerScreen, go } from '../router.js';
import { formatDate, formatNumber, todayIso } from '../format.js';
import { backButton, toast } from '../ui.js';
import { hrMessages } from './messages.js';
import { unreadByRecord } from '../thread.js';
import { ACTIVITY_KINDS, attendanceOf, isLocked, myEnterprise, myEvents, newEventId, saveEvent } from './store.js';

export function statusBadge(status) {
  return h('span', { class: `badge ev-${status}`, 'data-testid': 'event-status' }, t(`status.${status}`));
}

registerScreen('hr-events', {
  async render(el, params) {
    await hrMessages();
    const ent = myEnterprise();
    if (!ent) {
      mount(el, h('p', { class: 'notice bad' }, t('hr.no_enterprise')));
      return;
    }
    const all = (await myEvents()).sort((a, b) => (b.data.date || '').localeCompare(a.data.date || ''));
    const years = [...new Set(all.map((e) => Number((e.data.date || '').slice(0, 4))).filter(Boolean))];
    const year = Number(params.year) || Number(todayIso().slice(0, 4));
    const shown = all.filter((e) => (e.data.date || '').startsWith(String(year)));
    const unread = await unreadByRecord('event');
    const present = new Map(await Promise.all(shown.map(async (e) => [e.id, (await attendanceOf(e.id)).length])));
    mount(
      el,
      h('h1', {}, t('hr.events.title')),
      h('p', { class: 'sub', 'data-testid': 'hr-enterprise' }, ent.name),
      h(
        'div',
        { class: 'row year-nav' },
        h(
          'button',
          { type: 'button', 'data-testid': 'year-prev', onclick: () => go('hr-events', { year: year - 1 }) },
          `‹ ${year - 1}`,
        ),
        h('strong', { class: 'year', 'data-testid': 'year' }, String(year)),
        h(
          'button',
          { type: 'button', 'data-testid': 'year-next', onclick: () => go('hr-events', { year: year + 1 }) },
          `${year + 1} ›`,
        ),
      ),
      h(
        'button',
        { type: 'button', class: 'primary wide', 'data-testid': 'new-event', onclick: () => go('hr-event-edit', {}) },
        `+ ${t('hr.events.new')}`,
      ),
      shown.length
        ? h(
            'ul',
            { class: 'list', 'data-testid': 'event-list' },
            shown.map((e) =>
              h(
                'li',
                {},
                h(
                  'button',
                  { type: 'button', 'data-testid': 'event-item', onclick: () => go('hr-event', { id: e.id }) },
                  e.data.title,
                  statusBadge(e.data.status || 'planned'),
                  e.synced === false ? h('span', { class: 'badge draft' }, t('hr.unsynced')) : null,
                  unread.get(e.id)
                    ? h(
                        'span',
                        { class: 'badge unread', 'data-testid': 'event-unread' },
                        t('thread.unread', { n: unread.get(e.id) }),
                      )
                    : null,
                  h('span', { class: 'sub' }, `${formatDate(e.data.date)} · ${e.data.place || '—'}`),
                  h(
                    'span',
                    { class: 'sub', 'data-testid': 'event-counts' },
                    t('hr.present_of_planned', {
                      n: formatNumber(present.get(e.id) || 0),
                      planned: formatNumber(e.data.planned_participants || 0),
                    }),
                  ),
                ),
              ),
            ),
          )
        : h('p', { class: 'sub', 'data-testid': 'no-events' }, t('hr.events.none', { year })),
      years.filter((y) => y !== year).length
        ? h(
            'p',
            { class: 'sub' },
            t('hr.events.other_years'),
            ' ',
            years
              .filter((y) => y !== year)
              .map((y) =>
                h('button', { type: 'button', class: 'link', onclick: () => go('hr-events', { year: y }) }, String(y)),
              ),
          )
        : null,
      h('h2', {}, t('hr.server_pages')),
      h('p', { class: 'sub' }, t('hr.server_pages_help')),
      h(
        'div',
        { class: 'row server-links' },
        h(
          'a',
          {
            class: 'button',
            href: '/festival/roster',
            target: '_blank',
            rel: 'noopener',
            'data-testid': 'hr-roster-link',
          },
          t('hr.link.roster'),
        ),
        h(
          'a',
          {
            class: 'button',
            href: `/festival/roster/${ent.id}/badges`,
            target: '_blank',
            rel: 'noopener',
            'data-testid': 'hr-badges-link',
          },
          t('hr.link.badges'),
        ),
        h(
          'a',
          { class: 'button', href: '/festival/', target: '_blank', rel: 'noopener', 'data-testid': 'hr-festival-link' },
          t('hr.link.figures'),
        ),
      ),
      h(
        'button',
        { type: 'button', class: 'link', 'data-testid': 'hr-settings', onclick: () => go('sync') },
        t('hr.settings'),
      ),
    );
  },
});

function field(label, input) {
  return h('label', {}, label, input);
}

registerScreen('hr-event-edit', {
  async render(el, { id }) {
    await hrMessages();
    const existing = id ? await getRecord('event', id) : null;
    if (existing && isLocked(existing)) {
      go('hr-event', { id }, { replace: true });
      return;
    }
    const d = existing
      ? existing.data
      : {
          title: t('hr.default_title', { year: todayIso().slice(0, 4) }),
          date: todayIso(),
          place: '',
          planned_participants: 0,
          status: 'planned',
          notes: '',
          activities: [{ kind: 'propaganda', headcount: null, note: '' }],
        };
    const chosen = new Map((d.activities || []).map((a) => [a.kind, a]));
    const title = h('input', { value: d.title, required: true, maxlength: 300, 'data-testid': 'ev-title' });
    const date = h('input', { type: 'date', value: d.date, required: true, 'data-testid': 'ev-date' });
    const place = h('input', { value: d.place || '', maxlength: 300, 'data-testid': 'ev-place' });
    const planned = h('input', {
      type: 'number',
      min: 0,
      inputmode: 'numeric',
      value: String(d.planned_participants || 0),
      'data-testid': 'ev-planned',
    });
    const statuses = d.status === 'returned' ? ['returned', 'held'] : ['planned', 'held'];
    const status = h(
      'select',
      { 'data-testid': 'ev-status' },
      statuses.map((s) => h('option', { value: s, selected: (d.status || 'planned') === s }, t(`status.${s}`))),
    );
    const notes = h('textarea', { maxlength: 5000, 'data-testid': 'ev-notes' }, d.notes || '');
    const kinds = ACTIVITY_KINDS.map((kind) =>
      h(
        'label',
        { class: 'check-row' },
        h('input', { type: 'checkbox', value: kind, checked: chosen.has(kind), 'data-testid': `ev-kind-${kind}` }),
        h('span', {}, t(`activity.${kind}`)),
      ),
    );
    const error = h('p', { class: 'error', 'data-testid': 'ev-error', hidden: true });
    const form = h(
      'form',
      {
        novalidate: true,
        onsubmit: async (ev) => {
          ev.preventDefault();
          const picked = kinds
            .map((k) => k.querySelector('input'))
            .filter((i) => i.checked)
            .map((i) => i.value);
          if (!title.value.trim() || !date.value) {
            error.textContent = t('hr.ev.required');
            error.hidden = false;
            return;
          }
          const eventId = id || newEventId();
          await saveEvent(eventId, {
            title: title.value.trim(),
            date: date.value,
            place: place.value.trim(),
            planned_participants: Math.max(0, parseInt(planned.value, 10) || 0),
            status: status.value,
            notes: notes.value,
            photos: d.photos || [],
            activities: picked.map((kind) => chosen.get(kind) || { kind, headcount: null, note: '' }),
          });
          toast(t('hr.saved'));
          go('hr-event', { id: eventId }, { replace: !id });
        },
      },
      field(t('hr.ev.title'), title),
      field(t('hr.ev.date'), date),
      field(t('hr.ev.place'), place),
      field(t('hr.ev.planned'), planned),
      h('fieldset', { class: 'kinds' }, h('legend', {}, t('hr.ev.activities')), kinds),
      field(t('hr.ev.status'), status),
      field(t('hr.ev.notes'), notes),
      error,
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'submit', class: 'primary', 'data-testid': 'ev-save' }, t('hr.save')),
      ),
    );
    clear(el);
    mount(
      el,
      backButton(id ? 'hr-event' : 'hr-events', id ? { id } : {}),
      h('h1', {}, id ? t('hr.ev.edit') : t('hr.events.new')),
      form,
    );
  },
});
