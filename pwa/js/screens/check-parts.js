// Parts of the check form: answer controls, photos, findings, signature.
import { h, clear, mount } from '../dom.js';
import { t, tr } from '../i18n.js';
import { cameraInput, photoUrl, storeBlob } from '../photos.js';
import { formatDate } from '../format.js';
import { newFinding } from '../checks.js';
import { CODES } from '../codes.js';

export const SEVERITIES = CODES.severity;
const urls = [];

export function revokeUrls() {
  while (urls.length) URL.revokeObjectURL(urls.pop());
}

// Thumbnails of photo hashes, plus a camera button when editable.
export function photoStrip(hashes, { editable, onAdd, onRemove, testid }) {
  const box = h('div', { class: 'thumbs', 'data-testid': `${testid}-thumbs` });
  for (const sha of hashes) {
    const img = h('img', { alt: t('photo.alt'), 'data-sha': sha });
    photoUrl(sha).then((url) => {
      if (url.startsWith('blob:')) urls.push(url);
      img.src = url;
    });
    box.append(
      editable
        ? h('button', { type: 'button', class: 'link', title: t('photo.remove'), onclick: () => onRemove(sha) }, img)
        : img,
    );
  }
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
    h('label', {}, t('finding.severity')),
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
    }),
    editable
      ? h(
          'button',
          {
            type: 'button',
            class: 'link',
            onclick: () => {
              ctx.data.findings.splice(index, 1);
              save();
              redraw();
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

// A signature pad: drawn with a finger, stored as a PNG attachment; calls onSigned(sha256).
export function signaturePad(current, editable, testid, onSigned) {
  const wrap = h('div', { 'data-testid': `${testid}-box` });
  const draw = () => {
    clear(wrap);
    if (current) {
      const img = h('img', { class: 'sig-img', alt: t('sig.alt'), 'data-testid': `${testid}-image` });
      photoUrl(current).then((url) => {
        img.src = url;
      });
      wrap.append(img);
      if (editable)
        wrap.append(
          h(
            'button',
            {
              type: 'button',
              class: 'link',
              'data-testid': `${testid}-clear`,
              onclick: () => {
                current = null;
                onSigned(null);
                draw();
              },
            },
            t('sig.redo'),
          ),
        );
      return;
    }
    if (!editable) {
      wrap.append(h('p', { class: 'sub' }, t('sig.none')));
      return;
    }
    const canvas = h('canvas', { class: 'sig', 'data-testid': testid });
    wrap.append(canvas, h('p', { class: 'sub' }, t('sig.hint')));
    requestAnimationFrame(() =>
      setupCanvas(canvas, async (blob) => {
        const sha = await storeBlob(blob, 'image/png'); // saved after every stroke; more may follow
        await onSigned(sha);
        wrap.dataset.signed = sha;
      }),
    );
  };
  draw();
  return wrap;
}

function setupCanvas(canvas, done) {
  const ratio = window.devicePixelRatio || 1;
  canvas.width = canvas.clientWidth * ratio;
  canvas.height = canvas.clientHeight * ratio;
  const ctx = canvas.getContext('2d');
  ctx.scale(ratio, ratio);
  ctx.lineWidth = 2.5;
  ctx.lineCap = 'round';
  ctx.strokeStyle = '#0b2a4a';
  let drawing = false;
  let strokes = 0;
  const pos = (e) => {
    const r = canvas.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  };
  canvas.addEventListener('pointerdown', (e) => {
    drawing = true;
    canvas.setPointerCapture?.(e.pointerId);
    ctx.beginPath();
    ctx.moveTo(...pos(e));
  });
  canvas.addEventListener('pointermove', (e) => {
    if (!drawing) return;
    ctx.lineTo(...pos(e));
    ctx.stroke();
    strokes += 1;
  });
  const end = () => {
    if (!drawing) return;
    drawing = false;
    if (strokes > 2) canvas.toBlob((blob) => blob && done(blob), 'image/png');
  };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);
}
