// Planned visits by date (overdue first, then today and coming days); a check started from a
// visit carries its visit_id.
import { h, mount } from '../dom.js';
import { t } from '../i18n.js';
import { listRecords } from '../db.js';
import { registerScreen, go } from '../router.js';
import { formatDate, todayIso } from '../format.js';

function byDate(visits, names, today) {
  const out = [];
  let day = null;
  let list = null;
  for (const v of visits) {
    if (v.data.planned_date !== day) {
      day = v.data.planned_date;
      const label = day === today ? `${formatDate(day)} · ${t('visits.today')}` : formatDate(day);
      list = h('ul', { class: 'list', 'data-testid': 'visit-day' });
      out.push(h('h2', {}, label), list);
    }
    list.append(
      h(
        'li',
        {},
        h(
          'button',
          {
            type: 'button',
            'data-testid': 'visit-item',
            onclick: () => go('enterprise', { id: v.data.enterprise_id, visit: v.id }),
          },
          names.get(v.data.enterprise_id) || v.data.enterprise_id,
          h(
            'span',
            { class: 'sub' },
            [t(`visit.reason.${v.data.reason || 'routine'}`), t(`visit_status.${v.data.status}`), v.data.note]
              .filter(Boolean)
              .join(' · '),
          ),
        ),
      ),
    );
  }
  return out;
}

registerScreen('visits', {
  async render(el) {
    const [visits, enterprises] = await Promise.all([listRecords('visit'), listRecords('enterprise')]);
    const names = new Map(enterprises.map((e) => [e.id, e.data.name]));
    const today = todayIso();
    const sorted = visits
      .filter((v) => v.data.status !== 'cancelled')
      .sort((a, b) => (a.data.planned_date || '').localeCompare(b.data.planned_date || ''));
    const overdue = sorted.filter((v) => v.data.planned_date < today && v.data.status === 'planned');
    const coming = sorted.filter((v) => v.data.planned_date >= today);
    mount(el, h('h1', {}, t('visits.title')));
    if (!overdue.length && !coming.length) {
      mount(el, h('p', { class: 'sub' }, t('visits.none')));
      return;
    }
    if (overdue.length) {
      mount(
        el,
        h('p', { class: 'notice bad', 'data-testid': 'visits-overdue' }, t('visits.overdue', { n: overdue.length })),
        byDate(overdue, names, today),
      );
    }
    mount(el, h('p', { class: 'notice' }, t('visits.coming', { n: coming.length })), byDate(coming, names, today));
  },
});
