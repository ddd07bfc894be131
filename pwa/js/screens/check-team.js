// The inspection team (board and police inspectors sign each) and findings closed on re-inspection.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { recordsOfEnterprise } from '../db.js';
import { formatDate } from '../format.js';
import { segmented } from './check-parts.js';
import { signaturePad } from './signature.js';
import { CODES } from '../codes.js';

const UNITS = CODES.team_unit;

export function teamMember(m, index, ctx) {
  const { editable, save, textInput, redraw, data } = ctx;
  if (!editable) {
    return h(
      'div',
      { class: 'card', 'data-testid': 'member' },
      h('strong', {}, m.name),
      h('span', { class: 'sub' }, [t(`unit.${m.unit}`), m.title].filter(Boolean).join(' · ')),
      m.signature ? signaturePad(m.signature, false, `member-${index}-signature`, () => {}) : null,
    );
  }
  return h(
    'div',
    { class: 'item', 'data-testid': 'member' },
    h(
      'label',
      {},
      t('team.name'),
      textInput(h('input', { value: m.name, 'data-testid': `member-${index}-name` }), (v) => {
        m.name = v;
      }),
    ),
    segmented(
      UNITS.map((u) => [u, t(`unit.${u}`)]),
      m.unit,
      (v) => {
        m.unit = v || m.unit;
        save();
        redraw();
      },
      `member-${index}-unit`,
      false,
    ),
    h(
      'label',
      {},
      t('team.title_field'),
      textInput(h('input', { value: m.title || '' }), (v) => {
        m.title = v;
      }),
    ),
    h('label', {}, t('rep.signature')),
    signaturePad(m.signature || null, true, `member-${index}-signature`, (sha) => {
      m.signature = sha;
      return save();
    }),
    index > 0
      ? h(
          'button',
          {
            type: 'button',
            class: 'link',
            onclick: () => {
              data.team.splice(index, 1);
              save();
              redraw();
            },
          },
          t('team.remove'),
        )
      : null,
  );
}

// Open findings of this enterprise's earlier checks, to mark as corrected during this check.
export function closedFindingsBox(rec, ctx) {
  const box = h('div', { 'data-testid': 'open-findings' });
  const d = rec.data;
  recordsOfEnterprise('check', d.enterprise_id).then((checks) => {
    const open = checks
      .filter((c) => c.id !== rec.id && ['submitted', 'approved', 'returned'].includes(c.data.status))
      .flatMap((c) => (c.data.findings || []).filter((f) => !f.closed_at).map((f) => ({ f, at: c.data.started_at })));
    if (!open.length) return;
    box.append(h('h2', {}, t('closed.title')));
    for (const { f, at } of open) {
      const closing = d.closed_findings.find((x) => x.finding_id === f.id);
      box.append(
        h(
          'div',
          { class: 'item', 'data-testid': 'open-finding' },
          h(
            'div',
            {},
            h('strong', {}, f.description),
            h(
              'span',
              { class: 'sub' },
              `${t(`severity.${f.severity}`)} · ${t('closed.found')} ${formatDate(at)} · ${t('finding.due')} ${formatDate(f.due_date) || '—'}`,
            ),
          ),
          segmented(
            [['closed', t('closed.done')]],
            closing ? 'closed' : null,
            (v) => {
              d.closed_findings = d.closed_findings.filter((x) => x.finding_id !== f.id);
              if (v) d.closed_findings.push({ finding_id: f.id, note: '' });
              ctx.save();
              ctx.redraw();
            },
            `close-${f.id}`,
            !ctx.editable,
          ),
          closing
            ? h(
                'label',
                {},
                t('closed.note'),
                ctx.textInput(h('input', { value: closing.note, disabled: !ctx.editable }), (v) => {
                  closing.note = v;
                }),
              )
            : null,
        ),
      );
    }
  });
  return box;
}
