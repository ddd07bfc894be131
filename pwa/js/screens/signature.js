// The signature of a representative or a team member: drawn with a finger, or (the keyboard
// and screen-reader way) a typed name the representative confirms; stored as a PNG attachment.
import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import { photoUrl, storeBlob } from '../photos.js';
import { offerUndo } from '../ui.js';

// A signature pad: drawn with a finger, stored as a PNG attachment; calls onSigned(sha256).
// The keyboard way: a typed name that the representative confirms, drawn into the same PNG.
export function signaturePad(current, editable, testid, onSigned) {
  const wrap = h('div', { 'data-testid': `${testid}-box` });
  const signed = async (blob, focus) => {
    const sha = await storeBlob(blob, 'image/png'); // saved after every stroke; more may follow
    await onSigned(sha);
    wrap.dataset.signed = sha;
    if (focus) {
      current = sha;
      draw();
      wrap.querySelector('button')?.focus();
    }
  };
  const redo = () => {
    const before = current;
    current = null;
    onSigned(null);
    draw();
    wrap.querySelector('canvas')?.focus();
    offerUndo(t('sig.cleared'), () => {
      current = before;
      onSigned(before);
      draw();
    });
  };
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
            { type: 'button', class: 'link', 'data-testid': `${testid}-clear`, onclick: redo },
            t('sig.redo'),
          ),
        );
      return;
    }
    if (!editable) {
      wrap.append(h('p', { class: 'sub' }, t('sig.none')));
      return;
    }
    const canvas = h('canvas', {
      class: 'sig',
      role: 'img',
      tabindex: '-1',
      'aria-label': t('sig.canvas'),
      'data-testid': testid,
    });
    wrap.append(
      canvas,
      h('p', { class: 'sub' }, t('sig.hint')),
      typedWay(testid, (blob) => signed(blob, true)),
    );
    requestAnimationFrame(() => setupCanvas(canvas, (blob) => signed(blob, false)));
  };
  draw();
  return wrap;
}

// A typed name and the representative's confirmation, instead of drawing (keyboard, screen reader).
function typedWay(testid, done) {
  const name = h('input', { autocomplete: 'off', 'data-testid': `${testid}-typed-name` });
  const confirm = h('input', { type: 'checkbox', 'data-testid': `${testid}-typed-confirm` });
  const problem = h('p', { class: 'error', role: 'alert', 'data-testid': `${testid}-typed-problem` });
  const box = h(
    'div',
    { class: 'typed-sig', hidden: true },
    h('label', {}, t('sig.typed_name'), name),
    h('label', { class: 'check' }, confirm, t('sig.typed_confirm')),
    problem,
    h(
      'button',
      {
        type: 'button',
        class: 'primary',
        'data-testid': `${testid}-typed-save`,
        onclick: async () => {
          const typed = name.value.trim();
          problem.textContent = !typed ? t('sig.typed_missing') : !confirm.checked ? t('sig.typed_unconfirmed') : '';
          if (problem.textContent) return;
          done(await typedSignature(typed));
        },
      },
      t('sig.typed_save'),
    ),
  );
  const toggle = h(
    'button',
    {
      type: 'button',
      class: 'link',
      'aria-expanded': 'false',
      'data-testid': `${testid}-typed`,
      onclick: () => {
        box.hidden = !box.hidden;
        toggle.setAttribute('aria-expanded', String(!box.hidden));
        if (!box.hidden) name.focus();
      },
    },
    t('sig.typed'),
  );
  return h('div', {}, toggle, box);
}

// The typed name drawn as a signature image, with a line saying how it was given.
function typedSignature(name) {
  const canvas = document.createElement('canvas');
  canvas.width = 600;
  canvas.height = 180;
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, 600, 180);
  ctx.fillStyle = '#0b2a4a';
  ctx.textBaseline = 'middle';
  ctx.font = 'italic 48px serif';
  ctx.fillText(name, 24, 75, 552);
  ctx.font = '18px sans-serif';
  ctx.fillText(t('sig.typed_note'), 24, 150, 552);
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
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
