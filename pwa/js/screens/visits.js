// Planned visits by date; a check started from a visit carries its visit_id.
import { h, mount } from '../dom.js';
import { t } from '../i18n.js';
import { listRecords } from '../db.js';
import { registerScreen, go } from '../router.js';
import { formatDate, todayIso } from '../format.js';

registerScreen('visits', {
  async render(el) {
    const [visits, enterprises] = await Promise.all([listRecords('visit'), listRecords('enterprise')]);
    const names = new Map(enterprises.map((e) => [e.id, e.data.name]));
    const open = visits.filter((v) => v.data.status !== 'cancelled')
      .sort((a, b) => (a.data.planned_date || '').localeCompare(b.data.planned_date || ''));
    mount(el, h('h1', {}, t('visits.title')));
    if (!open.length) { mount(el, h('p', { class: 'sub' }, t('visits.none'))); return; }
    const today = todayIso();
    let day = null;
    let list = null;
    for (const v of open) {
      if (v.data.planned_date !== day) {
        day = v.data.planned_date;
        const label = day === today ? `${formatDate(day)} · ${t('visits.today')}` : formatDate(day);
        list = h('ul', { class: 'list', 'data-testid': 'visit-day' });
        mount(el, h('h2', { class: day < today && v.data.status === 'planned' ? 'error' : '' }, label), list);
      }
      list.append(h('li', {}, h('button', { type: 'button', 'data-testid': 'visit-item',
        onclick: () => go('enterprise', { id: v.data.enterprise_id, visit: v.id }) },
      names.get(v.data.enterprise_id) || v.data.enterprise_id,
      h('span', { class: 'sub' }, [t(`visit.reason.${v.data.reason || 'routine'}`), t(`visit.status.${v.data.status}`), v.data.note].filter(Boolean).join(' · ')))));
    }
  },
});
