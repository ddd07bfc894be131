// Parts of the check form: answer controls, photos, findings, signature.
import { h } from '../dom.js';
import { t, tr } from '../i18n.js';
import { cameraInput, photoUrl } from '../photos.js';
import { formatDate } from '../format.js';
import { newFinding } from '../checks.js';
import { CODES } from '../codes.js';
import { offerUndo } from '../ui.js';

export const SEVERITIES = CODES.severity;
const urls = [];

export function revokeUrls() {
  while (urls.length) URL.revokeObjectURL(urls.pop());
}

// The photo, large, in a dialog that Escape or its button closes (focus returns to the thumbnail).
function showPhoto(src, n) {
  const close = h('button', { type: 'button', 'data-testid': 'photo-view-close' }, t('close'));
  const view = h(
    'dialog',
    { class: 'photo-view', 'aria-label': t('photo.nth', { n }), 'data-testid': 'photo-view' },
    h('img', { src, alt: t('photo.nth', { n }) }),
    close,
  );
  close.addEventListener('click', () => view.close());
  view.addEventListener('close', () => view.remove());
  document.body.append(view);
  view.showModal();
  close.focus();
}

// Thumbnails of photo hashes, plus a camera button when editable. A thumbnail opens its photo;
// removing one is its own named button, and offers undo for a few seconds.
export function photoStrip(hashes, { editable, onAdd, onRemove, onRestore, testid }) {
  const box = h('div', { class: 'thumbs', 'data-testid': `${testid}-thumbs` });
  hashes.forEach((sha, i) => {
    const n = i + 1;
    const img = h('img', { alt: t('photo.nth', { n }), 'data-sha': sha });
    photoUrl(sha).then((url) => {
      if (url.startsWith('blob:')) urls.push(url);
      img.src = url;
    });
    const open = h(
      'button',
      {
        type: 'button',
        class: 'thumb-open',
        'aria-label': t('photo.open', { n }),
        'data-testid': `${testid}-open`,
        onclick: () => showPhoto(img.src, n),
      },
      img,
    );
    const remove = editable
      ? h(
          'button',
          {
            type: 'button',
            class: 'link',
            'aria-label': t('photo.remove_nth', { n }),
            'data-testid': `${testid}-remove`,
            onclick: () => {
              onRemove(sha);
              offerUndo(t('photo.removed'), () => onRestore(sha, i));
            },
          },
          t('photo.remove'),
        )
      : null;
    box.append(h('div', { class: 'thumb' }, open, remove));
  });
  return h('div', {}, box, editable ? cameraInput(onAdd, `📷 ${t('photo.take')}`, `${testid}-input`) : null);
}

// Buttons for one answer (yes / no / n.a. or choices); big tap targets.
export function segmented(options, value, onPick, testid, disabled, labelledby) {
  return h(
    'div',
    { class: 'seg', role: 'group', 'aria-labelledby': labelledby },
    options.map(([val, label]) =>
      h(
        'button',
        {
          type: 'button',
          class: `${val === value ? 'on' : ''} ${val}`,
          'aria-pressed': String(val === value),
          disabled,
          'data-testid': `${testid}-${val}`,
          onclick: () => onPick(val === value ? null : val),
        },
        label,
      ),
    ),
  );
}

// The id of an item's question text, which names its answer control.
export function questionId(item) {
  return `q-${item.code}`;
}

export function answerControl(item, answer, editable, setValue, textInput) {
  const value = answer ? answer.value : null;
  const id = `answer-${item.code}`;
  const question = questionId(item);
  if (item.type === 'yes_no_na') {
    return segmented(
      [
        ['yes', t('ans.yes')],
        ['no', t('ans.no')],
        ['na', t('ans.na')],
      ],
      value,
      setValue,
      id,
      !editable,
      question,
    );
  }
  if (item.type === 'choice') {
    return segmented(
      (item.choices || []).map((c) => [c.value, tr(c, 'label')]),
      value,
      setValue,
      id,
      !editable,
      question,
    );
  }
  if (item.type === 'number') {
    return textInput(
      h('input', {
        type: 'number',
        inputmode: 'decimal',
        min: '0',
        value: value ?? '',
        disabled: !editable,
        'aria-labelledby': question,
        'data-testid': id,
      }),
      (v) => (v === '' ? null : Number(v)),
    );
  }
  return textInput(
    h('textarea', { disabled: !editable, 'aria-labelledby': question, 'data-testid': id }, value ?? ''),
    (v) => v,
  );
}

// One finding: severity, description, corrective action, due date (shown dd/mm/yyyy), photos.
export function findingEditor(f, index, ctx) {
  const severityLabel = `finding-severity-label-${index}`;
  const { editable, save, textInput, redraw } = ctx;
  const due = h('input', { type: 'date', value: f.due_date || '', disabled: !editable, 'data-testid': 'finding-due' });
  const dueShown = h('span', { class: 'sub', 'data-testid': 'finding-due-shown' }, formatDate(f.due_date));
  due.addEventListener('change', () => {
    f.due_date = due.value || null;
    dueShown.textContent = formatDate(f.due_date);
    save();
  });
  return h(
    'div',
    { class: 'item', 'data-testid': 'finding' },
    h(
      'div',
      { class: 'row' },
      h('strong', {}, `${t('finding.title')} ${index + 1}`),
      f.item_code ? h('span', { class: 'badge' }, f.item_code) : null,
    ),
    h('span', { class: 'label', id: severityLabel }, t('finding.severity')),
    segmented(
      SEVERITIES.map((s) => [s, t(`severity.${s}`)]),
      f.severity,
      (v) => {
        f.severity = v || f.severity;
        save();
        redraw();
      },
      'finding-severity',
      !editable,
      severityLabel,
    ),
    h(
      'label',
      {},
      t('finding.description'),
      textInput(h('textarea', { disabled: !editable, 'data-testid': 'finding-description' }, f.description), (v) => {
        f.description = v;
      }),
    ),
    h(
      'label',
      {},
      t('finding.action'),
      textInput(h('textarea', { disabled: !editable, 'data-testid': 'finding-action' }, f.corrective_action), (v) => {
        f.corrective_action = v;
      }),
    ),
    h('label', {}, t('finding.due'), due),
    dueShown,
    photoStrip(f.photos, {
      editable,
      testid: 'finding-photo',
      onAdd: (hs) => {
        f.photos.push(...hs);
        save();
        redraw();
      },
      onRemove: (sha) => {
        f.photos = f.photos.filter((x) => x !== sha);
        save();
        redraw();
      },
      onRestore: (sha, at) => {
        f.photos.splice(at, 0, sha);
        save();
        redraw();
      },
    }),
    editable
      ? h(
          'button',
          {
            type: 'button',
            class: 'link',
            'aria-label': `${t('finding.remove')} ${index + 1}`,
            'data-testid': 'finding-remove',
            onclick: () => {
              const [gone] = ctx.data.findings.splice(index, 1);
              save();
              redraw();
              offerUndo(t('finding.removed'), () => {
                ctx.data.findings.splice(index, 0, gone);
                save();
                redraw();
              });
            },
          },
          t('finding.remove'),
        )
      : null,
  );
}

export function addFindingButton(data, itemCode, save, redraw) {
  return h(
    'button',
    {
      type: 'button',
      class: 'wide',
      'data-testid': itemCode ? `add-finding-${itemCode}` : 'add-finding',
      onclick: () => {
        data.findings.push(newFinding(itemCode));
        save();
        redraw();
      },
    },
    `+ ${t('finding.add')}`,
  );
}
