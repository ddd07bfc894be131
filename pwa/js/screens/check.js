// One check: answered item by item, each answer saved to IndexedDB as it is given.
import { h, clear, mount } from '../dom.js';
import { t, tr } from '../i18n.js';
import { getRecord, db } from '../db.js';
import { registerScreen, go, rerender } from '../router.js';
import { formatDateTime, formatNumber } from '../format.js';
import {
  saveCheck,
  isEditable,
  problemsBeforeSubmit,
  lockDraft,
  locate,
  keepTyping,
  forgetTyping,
  unfinishedSave,
} from '../checks.js';
import {
  setDirty,
  isDirty,
  statusBadge,
  backButton,
  toast,
  fieldErrors,
  requestIdLine,
  focusKey,
  restoreFocus,
} from '../ui.js';
import { syncNow, events as syncEvents } from '../sync.js';
import { ownerId } from '../session.js';
import { reopenRejected } from '../push.js';
import { groupOf } from './checks.js';
import { answerControl, questionId, photoStrip, findingEditor, addFindingButton, revokeUrls } from './check-parts.js';
import { signaturePad } from './signature.js';
import { teamMember, closedFindingsBox } from './check-team.js';
import { threadBox } from './thread-box.js';

let release = null;
let pendingSave = null;
let formRecord = null;
let formSave = null;

async function leave() {
  if (pendingSave) await pendingSave();
  revokeUrls();
  if (release) {
    release();
    release = null;
  }
  formRecord = null;
}

// A closed tab or a phone put away must not lose the last typing (saved 300 ms after it), nor
// a save still writing IndexedDB (the page going away may abort it).
const flush = () => {
  if (!formRecord) return;
  const record = formRecord;
  // applies the typing at once, then writes IndexedDB
  const saved = pendingSave ? pendingSave() : unfinishedSave(record.id);
  if (!saved) return;
  keepTyping(record);
  saved.then(
    () => forgetTyping(record.id),
    () => {},
  ); // kept for the next start
};
window.addEventListener('pagehide', flush);
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') flush();
});

// A pull that brought a newer copy of the open check (e.g. returned by a supervisor) shows it,
// unless the user is typing or has edits not sent yet.
syncEvents.addEventListener('pulled', async () => {
  if (!formRecord || isDirty()) return;
  const stored = await getRecord('check', formRecord.id);
  if (!stored || !stored.synced || stored.version === formRecord.version) return;
  const changed = ['status', 'review_comment'].some(
    (key) => (stored.data[key] ?? null) !== (formRecord.data[key] ?? null),
  );
  if (changed) rerender();
  else {
    formRecord.version = stored.version;
    formRecord.synced = true;
  }
});

registerScreen('check', {
  leave,
  async render(el, { id }) {
    const issues = (await db.outbox.where('[entity+record_id]').equals(['check', id]).toArray()).filter(
      (e) => e.owner === ownerId() && e.state !== 'pending',
    );
    for (const e of issues) if (e.state === 'rejected') await reopenRejected(e); // refused submit: a draft again
    const rec = await getRecord('check', id);
    if (!rec) {
      mount(el, backButton('checks'), h('p', {}, t('check.not_found')));
      return;
    }
    const [template, enterprise] = await Promise.all([
      getRecord('template', rec.data.template_version_id),
      getRecord('enterprise', rec.data.enterprise_id),
    ]);
    let editable = isEditable(rec);
    let lockedElsewhere = false;
    if (editable) {
      release = await lockDraft(id);
      if (!release) {
        editable = false;
        lockedElsewhere = true;
      }
    }
    drawForm(el, rec, template, enterprise, { editable, lockedElsewhere, issues });
    if (editable && !rec.data.gps && !rec.data.gps_note) stampGps(rec, el, template, enterprise, { editable, issues });
  },
});

// Stamp the position into the form's own record (never a stale copy) and save it.
async function stampGps(rec, el, template, enterprise, opts) {
  const result = await locate();
  if (rec !== formRecord) return; // the form was left meanwhile
  if (result.gps) {
    rec.data.gps = result.gps;
    rec.data.gps_note = '';
  } else rec.data.gps_note = t(`gps.${result.error}`);
  await formSave();
  const box = el.querySelector('[data-testid="gps"]');
  if (box) box.replaceWith(gpsLine(rec.data, opts.editable, () => stampGps(rec, el, template, enterprise, opts)));
}

function gpsLine(d, editable, retry) {
  const text = d.gps
    ? t('gps.at', {
        lat: d.gps.lat.toFixed(5),
        lng: d.gps.lng.toFixed(5),
        acc: formatNumber(Math.round(d.gps.accuracy || 0)),
      })
    : d.gps_note
      ? `${t('gps.none')}: ${d.gps_note}`
      : t('gps.finding');
  return h(
    'p',
    { class: 'sub', 'data-testid': 'gps' },
    `${text} `,
    editable && !d.gps ? h('button', { type: 'button', class: 'link', onclick: retry }, t('gps.retry')) : null,
  );
}

function drawForm(el, rec, template, enterprise, opts) {
  const d = rec.data;
  const { editable } = opts;
  let timer = null;
  const commits = new Set();
  // Apply typed values not yet applied, then store the record and queue it.
  const save = async () => {
    clearTimeout(timer);
    commits.forEach((commit) => commit());
    commits.clear();
    pendingSave = null;
    await saveCheck(rec);
    setDirty(false);
  };
  formRecord = rec;
  formSave = save;
  // Drawn again in place: the control that had focus (an answer just given) keeps it.
  const redraw = () => {
    const y = window.scrollY;
    const focused = focusKey(el);
    clear(el);
    drawForm(el, rec, template, enterprise, opts);
    window.scrollTo(0, y);
    restoreFocus(el, focused);
  };
  // A text field saves a moment after typing stops, and at once when it loses focus.
  const textInput = (input, apply) => {
    const commit = () => apply(input.value);
    input.addEventListener('input', () => {
      setDirty(true);
      commits.add(commit);
      pendingSave = save;
      clearTimeout(timer);
      timer = setTimeout(save, 300);
    });
    input.addEventListener('change', () => {
      commits.add(commit);
      save();
    });
    return input;
  };
  const answerOf = (code) => (d.answers[code] ||= { value: null, note: '', photos: [] });

  mount(
    el,
    backButton('checks', { tab: groupOf(rec) }),
    h('h1', { 'data-testid': 'check-title' }, enterprise ? enterprise.data.name : d.enterprise_id),
    h(
      'p',
      {},
      statusBadge(groupOf(rec)),
      ' ',
      template ? tr(template.data, 'title') : '',
      h('span', { class: 'sub' }, `${t('check.started')} ${formatDateTime(d.started_at)}`),
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
    gpsLine(d, editable, () => stampGps(rec, el, template, enterprise, opts)),
  );

  if (!template) mount(el, h('p', { class: 'notice bad' }, t('tpl.missing')));
  for (const section of template ? template.data.sections : []) {
    mount(el, h('h2', { class: 'section-head' }, `${section.code}. ${tr(section, 'title')}`));
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
      mount(
        el,
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
  const ctx = { editable, save, textInput, redraw, data: d };
  mount(
    el,
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
  );
  const problemsBox = h('div', { 'data-testid': 'submit-problems' });
  mount(el, problemsBox);
  if (editable) {
    mount(
      el,
      h(
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
            onclick: () => submit(rec, template, el, problemsBox, save),
          },
          t('check.submit'),
        ),
      ),
    );
  }
}

async function submit(rec, template, el, box, save) {
  if (pendingSave) await pendingSave();
  const problems = problemsBeforeSubmit(rec.data, template);
  el.querySelectorAll('.item.missing').forEach((n) => n.classList.remove('missing'));
  clear(box);
  if (problems.length) {
    for (const p of problems) el.querySelector(`[data-code="${p.code}"]`)?.classList.add('missing');
    box.append(
      h(
        'div',
        { class: 'notice bad', role: 'alert' },
        h('strong', {}, t('submit.blocked')),
        h(
          'ul',
          {},
          problems.map((p) => h('li', {}, t(`submit.${p.kind}`, { code: p.code }))),
        ),
      ),
    );
    box.scrollIntoView({ block: 'center' });
    return;
  }
  rec.data.status = 'submitted';
  // The inspection's own end is set once; a check sent again after a return keeps it.
  rec.data.ended_at ||= new Date().toISOString();
  await save();
  toast(t(navigator.onLine ? 'check.submitted_online' : 'check.submitted'));
  syncNow();
  go('checks', { tab: 'submitted' });
}
