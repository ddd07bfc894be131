// Gifts and rewards (value in VND; a repeat is warned of, then flagged), activity head counts and event photos.
import { h, mount, clear } from '../dom.js';
import { t } from '../i18n.js';
import { getRecord } from '../db.js';
import { formatNumber, formatDateTime } from '../format.js';
import { toast } from '../ui.js';
import { photoStrip } from '../screens/check-parts.js';
import { addGift, findRosterPerson, firstGiftTo, giftsOf, myEnterprise, saveEvent } from './store.js';

// "500000" or "500.000" -> 500000; anything but digits is ignored.
export function parseVnd(text) {
  const digits = String(text || '').replace(/\D/g, '');
  return digits ? Number(digits) : null;
}

function vndInput(testid) {
  const input = h('input', {
    inputmode: 'numeric',
    autocomplete: 'off',
    'data-testid': testid,
    placeholder: '500.000',
  });
  input.addEventListener('input', () => {
    const value = parseVnd(input.value);
    input.value = value === null ? '' : formatNumber(value);
  });
  return input;
}

export async function giftsPanel(box, ctx) {
  const ent = myEnterprise();
  const number = h('input', { maxlength: 40, autocomplete: 'off', 'data-testid': 'gift-number' });
  const name = h('input', { maxlength: 200, autocomplete: 'off', 'data-testid': 'gift-name' });
  const value = vndInput('gift-value');
  const reason = h('input', { maxlength: 300, 'data-testid': 'gift-reason', placeholder: t('hr.gift.reason_hint') });
  const message = h('p', { hidden: true, 'data-testid': 'gift-message' });
  const list = h('ul', { class: 'list gifts', 'data-testid': 'gift-list' });
  const warning = h('p', { class: 'notice bad', hidden: true, 'data-testid': 'gift-warning' });
  let filled = ''; // the name the roster put in, replaced while the number changes
  async function lookUp() {
    const typed = number.value;
    const person = typed.trim() ? await findRosterPerson(ent.id, typed) : null;
    if (typed !== number.value) return; // typing went on meanwhile
    if (person && (!name.value.trim() || name.value === filled)) name.value = filled = person.data.name;
    await warn();
  }
  // Warn before saving when this person already received a gift at this event.
  async function warn() {
    const gift = { employee_number: number.value, recipient_name: name.value };
    const first = number.value.trim() || name.value.trim() ? await firstGiftTo(ctx.event.id, gift) : null;
    warning.hidden = !first;
    warning.textContent = first
      ? t('hr.gift.already', {
          name: first.data.recipient_name,
          v: formatNumber(first.data.value_vnd),
          reason: first.data.reason || '—',
        })
      : '';
  }
  number.addEventListener('input', lookUp);
  name.addEventListener('input', warn);
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (ev) => {
        ev.preventDefault();
        const vnd = parseVnd(value.value);
        if (!name.value.trim() || vnd === null) {
          message.className = 'error';
          message.textContent = t('hr.gift.required');
          message.hidden = false;
          return;
        }
        const { flagged } = await addGift(ctx.event, {
          recipient_name: name.value,
          employee_number: number.value,
          value_vnd: vnd,
          reason: reason.value,
        });
        message.className = flagged ? 'notice bad' : 'ok';
        message.dataset.flagged = flagged ? '1' : '0';
        message.textContent = flagged
          ? t('hr.gift.flagged', { name: name.value.trim() })
          : t('hr.gift.saved', { name: name.value.trim(), v: formatNumber(vnd) });
        message.hidden = false;
        number.value = '';
        name.value = '';
        value.value = '';
        filled = '';
        warning.hidden = true;
        await ctx.refresh();
        await draw();
      },
    },
    h('label', {}, t('hr.gift.number'), number),
    h('label', {}, t('hr.gift.name'), name),
    warning,
    h('label', {}, t('hr.gift.value'), value),
    h('label', {}, t('hr.gift.reason'), reason),
    h(
      'button',
      { type: 'submit', class: 'primary wide', disabled: ctx.locked, 'data-testid': 'gift-add' },
      t('hr.gift.add'),
    ),
  );
  mount(box, form, message, h('h2', {}, t('hr.gift.list')), list);
  let drawing = 0;
  async function draw() {
    const token = ++drawing;
    const gifts = await giftsOf(ctx.event.id);
    if (token !== drawing) return;
    clear(list);
    for (const g of gifts.reverse()) {
      list.append(
        h(
          'li',
          { class: 'card', 'data-testid': 'gift-item', 'data-flagged': g.data.flagged ? '1' : '0' },
          h('strong', {}, g.data.recipient_name),
          ' ',
          g.data.flagged ? h('span', { class: 'badge rejected' }, t('hr.gift.repeat')) : null,
          h(
            'span',
            { class: 'sub' },
            [
              g.data.employee_number,
              `${formatNumber(g.data.value_vnd)} ₫`,
              g.data.reason,
              formatDateTime(g.data.given_at),
            ]
              .filter(Boolean)
              .join(' · '),
          ),
        ),
      );
    }
  }
  box.redraw = draw;
  await draw();
  return null;
}

export async function activitiesPanel(box, ctx) {
  const event = (await getRecord('event', ctx.event.id)) || ctx.event;
  const d = event.data;
  const activities = (d.activities || []).map((a) => ({
    kind: a.kind,
    headcount: a.headcount ?? null,
    note: a.note || '',
  }));
  const editable = !ctx.locked;
  async function save(changes) {
    const fresh = (await getRecord('event', event.id)) || event;
    await saveEvent(event.id, { ...fresh.data, activities, ...changes });
    await ctx.refresh();
  }
  const rows = activities.map((a) => {
    const count = h('input', {
      type: 'number',
      min: 0,
      inputmode: 'numeric',
      disabled: !editable,
      value: a.headcount === null ? '' : String(a.headcount),
      'data-testid': `headcount-${a.kind}`,
    });
    count.addEventListener('change', async () => {
      a.headcount = count.value === '' ? null : Math.max(0, parseInt(count.value, 10) || 0);
      await save({});
      toast(t('hr.saved'));
    });
    return h(
      'div',
      { class: 'item' },
      h('div', { class: 'item-text' }, t(`activity.${a.kind}`)),
      h('label', {}, t('hr.headcount'), count),
    );
  });
  const photos = h('div', {});
  const drawPhotos = (hashes) => {
    clear(photos);
    photos.append(
      photoStrip(hashes, {
        editable,
        testid: 'event-photo',
        onAdd: async (hs) => {
          const next = [...hashes, ...hs];
          await save({ photos: next });
          drawPhotos(next);
        },
        onRemove: async (sha) => {
          const next = hashes.filter((x) => x !== sha);
          await save({ photos: next });
          drawPhotos(next);
        },
      }),
    );
  };
  drawPhotos(d.photos || []);
  mount(
    box,
    h('p', { class: 'sub' }, t('hr.headcount_help')),
    rows.length ? rows : h('p', { class: 'sub' }, t('hr.no_activities')),
    h('h2', {}, t('hr.photos')),
    photos,
  );
  return null;
}
