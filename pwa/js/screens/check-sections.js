// The check form's parts, drawn from one context: header, checklist items, findings, team,
// representative and notes, and the action bar. State, saving and submitting stay in check.js.
import { h } from '../dom.js';
import { t, tr } from '../i18n.js';
import { go } from '../router.js';
import { formatDateTime } from '../format.js';
import { statusBadge, backButton, toast, fieldErrors, requestIdLine } from '../ui.js';
import { groupOf } from './checks.js';
import { answerControl, questionId, photoStrip, findingEditor, addFindingButton } from './check-parts.js';
import { signaturePad } from './signature.js';
import { teamMember, closedFindingsBox } from './check-team.js';
import { threadBox } from './thread-box.js';

// The way back, the enterprise as heading, status, receipt, thread and what went wrong.
export function headerPart(ctx) {
  const { rec, data: d, opts, template, enterprise } = ctx;
  return [
    backButton('checks', { tab: groupOf(rec) }),
    h('h1', { 'data-testid': 'check-title' }, enterprise ? enterprise.data.name : d.enterprise_id),
    h(
      'p',
      {},
      statusBadge(groupOf(rec)),
      ' ',
      template ? tr(template.data, 'title') : '',
      h(
        'span',
        { class: 'sub', 'data-testid': 'check-started' },
        `${t('check.started')} ${formatDateTime(d.started_at)}`,
      ),
      d.ended_at
        ? h('span', { class: 'sub', 'data-testid': 'check-ended' }, `${t('check.ended')} ${formatDateTime(d.ended_at)}`)
        : null,
      d.receipt && rec.synced
        ? h(
            'span',
            { class: 'sub' },
            `${t('check.receipt')}: `,
            h('span', { class: 'receipt', 'data-testid': 'receipt' }, d.receipt),
          )
        : null,
    ),
    d.first_sent_at || d.review_comment ? threadBox('check', rec.id, d.review_comment) : null,
    opts.lockedElsewhere
      ? h('p', { class: 'notice bad', 'data-testid': 'locked-elsewhere' }, t('check.locked_elsewhere'))
      : null,
    opts.issues.map((e) =>
      h(
        'p',
        { class: 'notice bad', 'data-testid': `issue-${e.state}` },
        t(`outbox.${e.state}_long`),
        e.error?.message ? ` ${e.error.message}` : '',
        fieldErrors(e.error?.fields).map((line) => h('span', { class: 'sub' }, line)),
        requestIdLine(e.error),
        e.state === 'conflict'
          ? h('button', { type: 'button', class: 'link', onclick: () => go('sync') }, t('conflict.open'))
          : null,
      ),
    ),
  ];
}

// Every checklist item by section: its answer, photos, note and "add a finding".
export function itemsPart(ctx) {
  const { data: d, editable, save, redraw, textInput, answerOf, template } = ctx;
  if (!template) return [h('p', { class: 'notice bad' }, t('tpl.missing'))];
  const nodes = [];
  for (const section of template.data.sections) {
    nodes.push(h('h2', { class: 'section-head' }, `${section.code}. ${tr(section, 'title')}`));
    for (const item of section.items) {
      const answer = d.answers[item.code];
      const setValue = (value) => {
        answerOf(item.code).value = value;
        save();
        redraw();
      };
      const control = answerControl(item, answer, editable, setValue, (input, parse) =>
        textInput(input, (v) => {
          answerOf(item.code).value = parse(v);
        }),
      );
      nodes.push(
        h(
          'div',
          { class: 'item', 'data-code': item.code, 'data-testid': `item-${item.code}` },
          h(
            'div',
            { class: 'item-text', id: questionId(item) },
            `${item.code} ${tr(item, 'text')} `,
            item.critical ? h('span', { class: 'badge critical' }, t('item.critical')) : null,
            item.photo_required ? h('span', { class: 'badge' }, t('item.photo_required')) : null,
          ),
          control,
          photoStrip(answer?.photos || [], {
            editable,
            testid: `photo-${item.code}`,
            onAdd: (hs) => {
              answerOf(item.code).photos.push(...hs);
              save();
              redraw();
            },
            onRemove: (sha) => {
              const a = answerOf(item.code);
              a.photos = a.photos.filter((x) => x !== sha);
              save();
              redraw();
            },
            onRestore: (sha, at) => {
              answerOf(item.code).photos.splice(at, 0, sha);
              save();
              redraw();
            },
          }),
          editable || answer?.note
            ? h(
                'label',
                { class: 'sub' },
                t('item.note'),
                textInput(
                  h('input', { value: answer?.note || '', disabled: !editable, 'data-testid': `note-${item.code}` }),
                  (v) => {
                    answerOf(item.code).note = v;
                  },
                ),
              )
            : null,
          editable && answer?.value === 'no' ? addFindingButton(d, item.code, save, redraw) : null,
        ),
      );
    }
  }
  return nodes;
}

// Findings, the team, findings closed by this check, the representative and the notes.
export function closingPart(ctx) {
  const { rec, data: d, editable, save, redraw, textInput } = ctx;
  return [
    h('h2', {}, t('finding.list')),
    d.findings.map((f, i) => findingEditor(f, i, ctx)),
    editable ? addFindingButton(d, null, save, redraw) : null,
    h('h2', {}, t('team.title')),
    d.team.map((m, i) => teamMember(m, i, ctx)),
    editable
      ? h(
          'button',
          {
            type: 'button',
            class: 'wide',
            'data-testid': 'add-member',
            onclick: () => {
              d.team.push({ user_id: null, name: '', unit: 'police', title: '', signature: null });
              save();
              redraw();
            },
          },
          `+ ${t('team.add')}`,
        )
      : null,
    closedFindingsBox(rec, ctx),
    h('h2', {}, t('rep.title')),
    h(
      'label',
      {},
      t('rep.name'),
      textInput(h('input', { value: d.representative_name, disabled: !editable, 'data-testid': 'rep-name' }), (v) => {
        d.representative_name = v;
      }),
    ),
    h(
      'label',
      {},
      t('rep.title_field'),
      textInput(h('input', { value: d.representative_title, disabled: !editable, 'data-testid': 'rep-title' }), (v) => {
        d.representative_title = v;
      }),
    ),
    h('label', {}, t('rep.signature')),
    signaturePad(d.representative_signature, editable, 'signature', (sha) => {
      d.representative_signature = sha;
      return save();
    }),
    h(
      'label',
      {},
      t('check.notes'),
      textInput(h('textarea', { disabled: !editable, 'data-testid': 'check-notes' }, d.notes), (v) => {
        d.notes = v;
      }),
    ),
  ];
}

// Save as draft and submit, in the sticky bar at the bottom.
export function actionBar(ctx, onSubmit) {
  const { save } = ctx;
  return h(
    'div',
    { class: 'actions' },
    h(
      'button',
      {
        type: 'button',
        'data-testid': 'save-draft',
        onclick: async () => {
          await save();
          toast(t('check.saved'));
          go('checks', { tab: 'draft' });
        },
      },
      t('check.save_draft'),
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'primary',
        'data-testid': 'submit-check',
        onclick: onSubmit,
      },
      t('check.submit'),
    ),
  );
}
