// Checks listed apart: drafts, submitted, returned, approved.
import { h, mount } from '../dom.js';
import { t } from '../i18n.js';
import { listRecords, db } from '../db.js';
import { registerScreen, go } from '../router.js';
import { formatDateTime } from '../format.js';
import { statusBadge } from '../ui.js';
import { ownerId } from '../session.js';
import { CODES } from '../codes.js';
import { unreadByRecord } from '../thread.js';

export const GROUPS = CODES.check_status; // tab order: app/core/codes.py's order
let tab = 'draft';

// The list group of a check: a returned check edited again stays with the returned ones.
export function groupOf(record) {
  const status = record.data.status || 'draft';
  if (status === 'draft' && record.data.review_comment) return 'returned';
  return status;
}

export function checkRow(record, enterpriseName, problem = null, unread = 0) {
  const d = record.data;
  return h(
    'li',
    {},
    h(
      'button',
      {
        type: 'button',
        'data-testid': 'check-item',
        dataset: { id: record.id },
        onclick: () => go('check', { id: record.id }),
      },
      enterpriseName || '',
      statusBadge(groupOf(record)),
      problem ? h('span', { class: `badge ${problem}` }, t(`outbox.${problem}`)) : null,
      unread
        ? h('span', { class: 'badge unread', 'data-testid': 'check-unread' }, t('thread.unread', { n: unread }))
        : null,
      h('span', { class: 'sub' }, `${t('check.started')} ${formatDateTime(d.started_at)}`),
      d.receipt && record.synced
        ? h(
            'span',
            { class: 'sub' },
            `${t('check.receipt')}: `,
            h('span', { class: 'receipt', 'data-testid': 'receipt' }, d.receipt),
          )
        : h('span', { class: 'sub', 'data-testid': 'unsynced' }, t('check.unsynced')),
    ),
  );
}

registerScreen('checks', {
  async render(el, params) {
    if (params.tab) tab = params.tab;
    const [checks, enterprises, mine, unread] = await Promise.all([
      listRecords('check'),
      listRecords('enterprise'),
      db.outbox
        .where('owner')
        .equals(ownerId() || '')
        .toArray(),
      unreadByRecord('check'),
    ]);
    const names = new Map(enterprises.map((e) => [e.id, e.data.name]));
    const problems = new Map(mine.filter((e) => e.state !== 'pending').map((e) => [e.record_id, e.state]));
    const groups = Object.fromEntries(GROUPS.map((g) => [g, []]));
    for (const c of checks) (groups[groupOf(c)] || groups.draft).push(c);
    const tabs = h(
      'div',
      { class: 'tabs2', role: 'group', 'aria-label': t('checks.title') },
      GROUPS.map((g) =>
        h(
          'button',
          {
            type: 'button',
            class: g === tab ? 'on' : '',
            'aria-pressed': String(g === tab),
            'data-testid': `checks-tab-${g}`,
            onclick: () => go('checks', { tab: g }),
          },
          `${t(`checks.${g}`)} (${groups[g].length})`,
        ),
      ),
    );
    const list = groups[tab].sort((a, b) => (b.data.started_at || '').localeCompare(a.data.started_at || ''));
    mount(
      el,
      h('h1', {}, t('checks.title')),
      tabs,
      list.length
        ? h(
            'ul',
            { class: 'list', 'data-testid': 'check-list' },
            list.map((c) => checkRow(c, names.get(c.data.enterprise_id), problems.get(c.id), unread.get(c.id))),
          )
        : h('p', { class: 'sub' }, t('checks.none')),
    );
  },
});
