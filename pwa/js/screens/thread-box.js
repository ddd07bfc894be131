// The thread on a record, drawn under it: every entry in order, and a box to answer offline.
import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import { formatDateTime } from '../format.js';
import { events as syncEvents, syncNow } from '../sync.js';
import { threadOf, markRead, addComment } from '../thread.js';
import { toast } from '../ui.js';

const MAX = 2000;

function entry(c) {
  const d = c.data;
  return h(
    'li',
    {
      class: `thread-entry ${d.kind || 'comment'}`,
      'data-testid': 'thread-entry',
      dataset: { kind: d.kind || 'comment' },
    },
    h(
      'span',
      { class: 'sub' },
      h('strong', {}, d.author_name || ''),
      ` · ${t(`user_role.${d.author_role}`)} · ${formatDateTime(d.written_at)}`,
      d.kind === 'return' ? h('span', { class: 'badge returned' }, t('status.returned')) : null,
      c.synced === false ? h('span', { class: 'badge pending' }, t('check.unsynced')) : null,
    ),
    h('p', { 'data-testid': 'thread-text' }, d.text),
  );
}

// A section showing a record's thread; it redraws itself after each pull while on screen.
// `legacy`: a review comment from before threads, shown while the thread is empty.
export function threadBox(entity, recordId, legacy = null) {
  const list = h('ol', { class: 'thread-list', 'data-testid': 'thread-list' });
  const input = h('textarea', { maxlength: String(MAX), 'data-testid': 'thread-input', rows: '3' });
  const box = h(
    'section',
    { class: 'thread', 'data-testid': 'thread' },
    h('h2', { class: 'section-head' }, t('thread.title')),
    list,
    h('label', {}, t('thread.answer'), input),
    h('button', { type: 'button', 'data-testid': 'thread-send', onclick: send }, t('thread.send')),
  );
  async function draw() {
    const comments = await threadOf(entity, recordId);
    clear(list);
    list.append(...comments.map(entry));
    if (!comments.length && legacy) list.append(h('li', { 'data-testid': 'review-comment' }, legacy));
    else if (!comments.length) list.append(h('li', { class: 'sub' }, t('thread.empty')));
    await markRead(comments);
  }
  async function send() {
    const text = input.value.trim();
    if (!text) {
      toast(t('thread.write'));
      return;
    }
    await addComment(entity, recordId, text);
    input.value = '';
    await draw();
    syncNow();
  }
  const onPulled = () => {
    if (box.isConnected) draw();
    else syncEvents.removeEventListener('pulled', onPulled);
  };
  syncEvents.addEventListener('pulled', onPulled);
  draw();
  return box;
}
