// One check: answered item by item, each answer saved to IndexedDB as it is given.
import { h, clear, mount } from '../dom.js';
import { t } from '../i18n.js';
import { getRecord, db } from '../db.js';
import { registerScreen, go, rerender } from '../router.js';
import { formatNumber } from '../format.js';
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
import { setDirty, isDirty, backButton, toast, focusKey, restoreFocus } from '../ui.js';
import { syncNow, events as syncEvents } from '../sync.js';
import { ownerId } from '../session.js';
import { reopenRejected } from '../push.js';
import { revokeUrls } from './check-parts.js';
import { headerPart, itemsPart, closingPart, actionBar } from './check-sections.js';

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
  const ctx = {
    rec,
    data: d,
    editable,
    opts,
    template,
    enterprise,
    save,
    redraw,
    textInput,
    answerOf: (code) => (d.answers[code] ||= { value: null, note: '', photos: [] }),
  };
  mount(
    el,
    headerPart(ctx),
    gpsLine(d, editable, () => stampGps(rec, el, template, enterprise, opts)),
  );
  mount(el, itemsPart(ctx), closingPart(ctx));
  const problemsBox = h('div', { 'data-testid': 'submit-problems' });
  mount(el, problemsBox);
  if (editable)
    mount(
      el,
      actionBar(ctx, () => submit(rec, template, el, problemsBox, save)),
    );
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
