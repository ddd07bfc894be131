// The sync screen's quarantine: changes the server kept failing on, set aside so that the rest
// of the queue went on. Each shows its error, its record and the request id; the user retries
// it (after an app update) or exports it for support. Never discarded here.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { rerender } from '../router.js';
import * as sync from '../sync.js';
import { retry } from '../quarantine.js';
import { downloadExport } from '../exporter.js';
import { toast, requestIdLine } from '../ui.js';
import { formatDateTime } from '../format.js';

// The section for the user's quarantined entries (null when there are none).
export async function quarantineSection(entries, recordLabel) {
  const list = entries.filter((e) => e.state === 'quarantined');
  if (!list.length) return null;
  const held = (e) =>
    entries.filter(
      (x) => x.state === 'pending' && x.seq > e.seq && x.entity === e.entity && x.record_id === e.record_id,
    ).length;
  const items = [];
  for (const e of list) {
    items.push(
      h(
        'div',
        { class: 'card', 'data-testid': 'quarantine-item', dataset: { id: e.record_id } },
        h('strong', {}, await recordLabel(e.entity, e.record_id)),
        h('p', { class: 'error', 'data-testid': 'quarantine-error' }, e.error?.message || t('quarantine.long')),
        requestIdLine(e.error),
        e.quarantined_at
          ? h('p', { class: 'sub' }, `${t('quarantine.since')}: ${formatDateTime(e.quarantined_at)}`)
          : null,
        held(e)
          ? h('p', { class: 'sub', 'data-testid': 'quarantine-held' }, t('quarantine.held', { n: held(e) }))
          : null,
        h(
          'div',
          { class: 'row' },
          h(
            'button',
            {
              type: 'button',
              class: 'primary',
              'data-testid': 'quarantine-retry',
              onclick: async () => {
                await retry(e.seq);
                await sync.syncNow();
                rerender();
              },
            },
            t('quarantine.retry'),
          ),
          h(
            'button',
            {
              type: 'button',
              'data-testid': 'quarantine-export',
              onclick: async () => {
                const payload = await downloadExport();
                toast(t('export.done', { n: payload.mutations.length, p: payload.photos.length }));
              },
            },
            t('quarantine.export'),
          ),
        ),
      ),
    );
  }
  return [h('h2', {}, t('quarantine.title')), h('p', { class: 'sub' }, t('quarantine.hint')), ...items];
}
