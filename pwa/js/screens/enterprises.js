// Enterprises: search by name, tax code or park without diacritics; start a check.
import { h, clear, mount } from '../dom.js';
import { t, tr } from '../i18n.js';
import { listRecords, getRecord, recordsOfEnterprise } from '../db.js';
import { registerScreen, go } from '../router.js';
import { fold } from '../search.js';
import { formatNumber } from '../format.js';
import { currentTemplates, createCheck } from '../checks.js';
import { backButton } from '../ui.js';
import { checkRow } from './checks.js';

const LIMIT = 80;
const collator = new Intl.Collator('vi');
let lastQuery = '';

registerScreen('enterprises', {
  async render(el) {
    const [enterprises, parks] = await Promise.all([listRecords('enterprise'), listRecords('park')]);
    const parkName = new Map(parks.map((p) => [p.id, p.data.name]));
    const rows = enterprises
      .filter((e) => e.data.active !== false)
      .map((e) => {
        const park = parkName.get(e.data.park_id) || '';
        return { e, park, key: fold(`${e.data.name} ${e.data.tax_code || ''} ${park}`) };
      })
      .sort((a, b) => collator.compare(a.e.data.name, b.e.data.name));
    const list = h('ul', { class: 'list', 'data-testid': 'enterprise-list' });
    const count = h('p', { class: 'sub', 'data-testid': 'enterprise-count' });
    const input = h('input', {
      type: 'search',
      value: lastQuery,
      placeholder: t('ent.search'),
      'aria-label': t('ent.search'),
      'data-testid': 'enterprise-search',
      oninput: () => draw(),
    });
    const mapBox = h('div', { hidden: true });
    const toggle = h(
      'button',
      {
        type: 'button',
        'aria-pressed': 'false',
        'data-testid': 'enterprise-map-toggle',
        onclick: () => showMap(toggle.getAttribute('aria-pressed') !== 'true'),
      },
      t('ent.map'),
    );
    mount(el, h('h1', {}, t('ent.title')), h('div', { class: 'search' }, input), toggle, mapBox, count, list);

    // The map of the listed enterprises: its module and Leaflet load on first use.
    async function showMap(on) {
      toggle.setAttribute('aria-pressed', String(on));
      toggle.textContent = t(on ? 'ent.list' : 'ent.map');
      mapBox.hidden = !on;
      list.hidden = on;
      if (on && !mapBox.firstChild) {
        const { renderMap } = await import('./enterprise-map.js');
        await renderMap(
          mapBox,
          rows.map(({ e }) => e),
        );
      }
    }

    function draw() {
      lastQuery = input.value;
      const words = fold(input.value).split(' ').filter(Boolean); // folded once per row, not per key
      const found = rows.filter(({ key }) => words.every((w) => key.includes(w)));
      clear(list);
      for (const { e, park } of found.slice(0, LIMIT)) {
        list.append(
          h(
            'li',
            {},
            h(
              'button',
              { type: 'button', 'data-testid': 'enterprise-item', onclick: () => go('enterprise', { id: e.id }) },
              e.data.name,
              h('span', { class: 'sub' }, `${t('ent.tax_code')} ${e.data.tax_code || '—'} · ${park}`),
            ),
          ),
        );
      }
      count.textContent = t('ent.count', { n: formatNumber(found.length), total: formatNumber(rows.length) });
    }
    draw();
    document.body.dataset.enterprisesReady = '1';
  },
});

registerScreen('enterprise', {
  async render(el, { id, visit }) {
    const ent = await getRecord('enterprise', id);
    if (!ent) {
      mount(el, backButton('enterprises'), h('p', {}, t('ent.not_found')));
      return;
    }
    const park = await getRecord('park', ent.data.park_id);
    const d = ent.data;
    const templates = await currentTemplates();
    const checks = (await recordsOfEnterprise('check', id)).sort((a, b) =>
      (b.data.started_at || '').localeCompare(a.data.started_at || ''),
    );
    mount(
      el,
      backButton(visit ? 'visits' : 'enterprises'),
      h('h1', { 'data-testid': 'enterprise-name' }, d.name),
      h(
        'dl',
        { class: 'kv card' },
        h('dt', {}, t('ent.tax_code')),
        h('dd', {}, d.tax_code || '—'),
        h('dt', {}, t('ent.park')),
        h('dd', {}, park ? park.data.name : '—'),
        h('dt', {}, t('ent.legal_form')),
        h('dd', {}, d.legal_form ? t(`legal_form.${d.legal_form}`) : '—'),
        h('dt', {}, t('ent.ownership')),
        h('dd', {}, t(`ownership.${d.ownership}`)),
        h('dt', {}, t('ent.workforce')),
        h('dd', {}, formatNumber(d.workforce)),
        h('dt', {}, t('ent.guards')),
        h('dd', {}, `${formatNumber(d.guards_dedicated || 0)} / ${formatNumber(d.guards_parttime || 0)}`),
        h('dt', {}, t('ent.hr')),
        h('dd', {}, [d.hr_contact, d.hr_phone].filter(Boolean).join(' · ') || '—'),
      ),
      h('h2', {}, t('ent.start')),
      templates.length
        ? templates.map((tv) =>
            h(
              'button',
              {
                type: 'button',
                class: 'primary wide',
                'data-testid': 'start-check',
                onclick: async () => {
                  const checkId = await createCheck(id, tv.id, visit || null);
                  go('check', { id: checkId });
                },
              },
              `${tr(tv.data, 'title')} (${t('tpl.version', { n: tv.data.number })})`,
            ),
          )
        : h('p', { class: 'notice' }, t('tpl.none')),
      h('h2', {}, t('ent.checks')),
      checks.length
        ? h(
            'ul',
            { class: 'list' },
            checks.map((c) => checkRow(c, d.name)),
          )
        : h('p', { class: 'sub' }, t('checks.none')),
    );
  },
});
