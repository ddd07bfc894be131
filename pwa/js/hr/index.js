// Placeholder for the enterprise HR screens (the festival helper replaces this file).
import { h, mount } from '../dom.js';
import { t } from '../i18n.js';
import { listRecords } from '../db.js';
import { registerScreen } from '../router.js';
import { formatDate } from '../format.js';

registerScreen('hr-events', {
  async render(el) {
    const events = (await listRecords('event')).sort((a, b) => (b.data.date || '').localeCompare(a.data.date || ''));
    mount(el, h('h1', {}, t('events.title')),
      events.length ? h('ul', { class: 'list', 'data-testid': 'event-list' }, events.map((e) => h('li', { class: 'card' },
        e.data.title, h('span', { class: 'sub' }, `${formatDate(e.data.date)} · ${e.data.place || ''}`))))
        : h('p', { class: 'sub' }, t('events.none')));
  },
});
