// Recording attendance three ways: ticking the roster, scanning badge QR codes, typing a name.
import { h, mount, clear } from '../dom.js';
import { t } from '../i18n.js';
import { rankPeople } from '../search.js';
import { formatNumber, formatTime } from '../format.js';
import {
  attendanceOf,
  findRosterPerson,
  myEnterprise,
  recordAttendance,
  removeAttendance,
  rosterOf,
  ROLES,
} from './store.js';
import { decodeBlob, parseBadge, startCamera } from './qr.js';

const LIMIT = 100;

// A large, sound-free confirmation: ok (green), repeat (amber) or bad (red).
function showResult(box, kind, title, detail = '') {
  clear(box);
  box.className = `scan-result ${kind}`;
  box.dataset.kind = kind;
  mount(box, h('strong', { class: 'scan-title' }, title), detail ? h('span', { class: 'sub' }, detail) : null);
  box.hidden = false;
  if (navigator.vibrate) navigator.vibrate(kind === 'ok' ? 80 : [60, 80, 60]);
}

function roleSelect(value = 'worker', testid = 'role') {
  return h(
    'select',
    { 'data-testid': testid, 'aria-label': t('hr.role') },
    ROLES.map((r) => h('option', { value: r, selected: r === value }, t(`role.${r}`))),
  );
}

async function record(ctx, person, resultBox) {
  const { repeat, record: row } = await recordAttendance(ctx.event, person);
  if (repeat) {
    showResult(
      resultBox,
      'repeat',
      t('hr.scan.repeat', { name: row.data.name }),
      t('hr.scan.repeat_detail', { time: formatTime(row.data.recorded_at), no: row.data.employee_number || '—' }),
    );
  } else {
    showResult(
      resultBox,
      'ok',
      `✓ ${row.data.name}`,
      `${row.data.employee_number || ''} · ${t(`role.${row.data.role}`)} · ${t('hr.scan.recorded')}`,
    );
  }
  await ctx.refresh();
  return repeat;
}

export async function rosterPanel(box, ctx) {
  const ent = myEnterprise();
  const people = await rosterOf(ent.id);
  if (!people.length) {
    mount(box, h('p', { class: 'notice' }, t('hr.roster.empty')));
    return null;
  }
  const input = h('input', {
    type: 'search',
    placeholder: t('hr.roster.search'),
    'aria-label': t('hr.roster.search'),
    'data-testid': 'roster-search',
    oninput: () => draw(),
  });
  const count = h('p', { class: 'sub', 'data-testid': 'roster-count' });
  const list = h('ul', { class: 'list roster', 'data-testid': 'roster-list' });
  const result = h('div', { class: 'scan-result', hidden: true, 'data-testid': 'roster-result' });
  mount(box, h('div', { class: 'search' }, input), count, result, list);
  let drawing = 0;
  async function draw() {
    const token = ++drawing;
    const attended = await attendanceOf(ctx.event.id);
    if (token !== drawing) return; // a newer draw (typing, a pull) took over
    const present = new Map(attended.map((a) => [a.data.employee_number.trim().toUpperCase(), a]));
    const found = rankPeople(input.value, people, (p) => ({
      name: p.data.name,
      codes: [p.data.employee_number],
      rest: p.data.department,
    }));
    clear(list);
    for (const p of found.slice(0, LIMIT)) {
      const row = present.get(p.data.employee_number.trim().toUpperCase());
      list.append(
        h(
          'li',
          {},
          h(
            'button',
            {
              type: 'button',
              class: row ? 'tick on' : 'tick',
              'aria-pressed': row ? 'true' : 'false',
              disabled: ctx.locked,
              'data-testid': 'roster-person',
              'data-no': p.data.employee_number,
              onclick: async () => {
                if (row) {
                  await removeAttendance(row);
                  await ctx.refresh();
                  result.hidden = true;
                } else {
                  await record(
                    ctx,
                    {
                      person_id: p.id,
                      name: p.data.name,
                      employee_number: p.data.employee_number,
                      role: p.data.role,
                      method: 'roster',
                    },
                    result,
                  );
                }
                draw();
              },
            },
            h('span', { class: 'tick-box' }, row ? '✓' : ''),
            h(
              'span',
              {},
              p.data.name,
              h(
                'span',
                { class: 'sub' },
                [p.data.employee_number, t(`role.${p.data.role}`), p.data.department].filter(Boolean).join(' · '),
              ),
            ),
          ),
        ),
      );
    }
    count.textContent = t('hr.roster.count', {
      present: formatNumber(present.size),
      shown: formatNumber(found.length),
      total: formatNumber(people.length),
    });
  }
  box.redraw = draw;
  await draw();
  return null;
}

export async function scanPanel(box, ctx) {
  const ent = myEnterprise();
  const result = h('div', {
    class: 'scan-result',
    hidden: true,
    'data-testid': 'scan-result',
    'aria-live': 'assertive',
  });
  const video = h('video', { class: 'scan-video', hidden: true, 'data-testid': 'scan-video' });
  const role = roleSelect('worker', 'scan-role');
  let stop = null;
  let last = { text: '', at: 0 };

  // Handle one decoded text; the camera repeats a code for a while, so ignore a repeat < 3 s.
  async function onCode(text, fromCamera = false) {
    const now = Date.now();
    if (fromCamera && text === last.text && now - last.at < 3000) return;
    last = { text, at: now };
    const badge = parseBadge(text);
    if (!badge) {
      showResult(result, 'bad', t('hr.scan.not_badge'));
      return;
    }
    if (badge.enterpriseId !== ent.id) {
      showResult(result, 'bad', t('hr.scan.other_enterprise'));
      return;
    }
    const person = await findRosterPerson(ent.id, badge.employeeNumber);
    await record(
      ctx,
      {
        person_id: person ? person.id : null,
        employee_number: badge.employeeNumber,
        method: 'qr',
        name: person ? person.data.name : t('hr.scan.unknown_name', { no: badge.employeeNumber }),
        role: person ? person.data.role : role.value,
      },
      result,
    );
  }

  const cameraBtn = h(
    'button',
    {
      type: 'button',
      class: 'primary wide',
      'data-testid': 'scan-camera',
      disabled: ctx.locked,
      onclick: async () => {
        if (stop) {
          stop();
          stop = null;
          video.hidden = true;
          cameraBtn.textContent = t('hr.scan.start');
          return;
        }
        try {
          video.hidden = false;
          stop = await startCamera(video, (text) => onCode(text, true));
          cameraBtn.textContent = t('hr.scan.stop');
        } catch (err) {
          video.hidden = true;
          showResult(result, 'bad', t('hr.scan.no_camera'), err.message);
        }
      },
    },
    t('hr.scan.start'),
  );
  const fileInput = h('input', {
    type: 'file',
    accept: 'image/*',
    multiple: true,
    'data-testid': 'scan-file',
    disabled: ctx.locked,
    onchange: async () => {
      const files = [...fileInput.files];
      fileInput.value = '';
      for (const file of files) {
        const text = await decodeBlob(file).catch(() => null);
        if (text) await onCode(text);
        else showResult(result, 'bad', t('hr.scan.unreadable'));
      }
      box.dataset.scanned = String(Number(box.dataset.scanned || 0) + files.length);
    },
  });
  mount(
    box,
    result,
    cameraBtn,
    video,
    h('label', { class: 'photo-btn wide' }, t('hr.scan.from_photo'), fileInput),
    h('label', {}, t('hr.scan.role_unknown'), role),
    h('p', { class: 'sub' }, t('hr.scan.help')),
  );
  return () => {
    if (stop) stop();
  };
}

export async function manualPanel(box, ctx) {
  const name = h('input', { maxlength: 200, autocomplete: 'off', 'data-testid': 'manual-name' });
  const number = h('input', { maxlength: 40, autocomplete: 'off', 'data-testid': 'manual-number' });
  const role = roleSelect('worker', 'manual-role');
  const result = h('div', { class: 'scan-result', hidden: true, 'data-testid': 'manual-result' });
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (ev) => {
        ev.preventDefault();
        if (!name.value.trim()) {
          showResult(result, 'bad', t('hr.manual.name_required'));
          name.focus();
          return;
        }
        await record(
          ctx,
          { name: name.value, employee_number: number.value, role: role.value, method: 'manual' },
          result,
        );
        name.value = '';
        number.value = '';
        name.focus();
      },
    },
    h('label', {}, t('hr.manual.name'), name),
    h('label', {}, t('hr.manual.number'), number),
    h('label', {}, t('hr.role'), role),
    h(
      'button',
      { type: 'submit', class: 'primary wide', disabled: ctx.locked, 'data-testid': 'manual-add' },
      t('hr.manual.add'),
    ),
  );
  mount(box, h('p', { class: 'sub' }, t('hr.manual.help')), result, form);
  return null;
}
