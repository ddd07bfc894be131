// The enterprise list's map, offline: the inspector's parks (their pulled centre and outline)
// and each enterprise at the GPS of its latest sent check, coloured by that check's result.
// Loaded on demand; draws with the vendored Leaflet 1.9.4 (pwa/vendor/leaflet) and no tiles.
import { h, mount } from '../dom.js';
import { t } from '../i18n.js';
import { listRecords } from '../db.js';
import { go } from '../router.js';
import { formatDate, formatNumber } from '../format.js';

const BASE = '/app/';
const COLOURS = { good: '#1c7c3a', fair: '#c77700', poor: '#b3261e', critical: '#5c0a6b', unknown: '#6b7280' };
let loading = null;

function addStyle(href) {
  if (document.querySelector(`link[href="${href}"]`)) return;
  document.head.append(h('link', { rel: 'stylesheet', href }));
}

// Load Leaflet once, as a classic script (it defines self.L), with its stylesheet.
export function loadLeaflet() {
  addStyle(`${BASE}vendor/leaflet/leaflet.css`);
  addStyle(`${BASE}css/map.css`);
  if (self.L) return Promise.resolve(self.L);
  loading ||= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = `${BASE}vendor/leaflet/leaflet.js`;
    script.onload = () => resolve(self.L);
    script.onerror = () => {
      loading = null;
      reject(new Error('leaflet'));
    };
    document.head.append(script);
  });
  return loading;
}

// Share of yes among the yes/no items answered (null when none), and the colour class.
export function result(sections, answers, findings) {
  let yes = 0;
  let no = 0;
  for (const sec of sections || []) {
    for (const item of sec.items || []) {
      const value = (answers?.[item.code] || {}).value;
      if (item.type === 'yes_no_na' && value === 'yes') yes += 1;
      if (item.type === 'yes_no_na' && value === 'no') no += 1;
    }
  }
  const share = yes + no ? yes / (yes + no) : null;
  const critical = (findings || []).filter((f) => f.severity === 'critical').length;
  let cls = 'unknown';
  if (critical) cls = 'critical';
  else if (share !== null) cls = share >= 0.95 ? 'good' : share >= 0.8 ? 'fair' : 'poor';
  return { share, critical, cls };
}

// Each enterprise's latest sent check (of a check template) that carries a GPS fix.
export async function latestPoints(enterprises) {
  const [checks, templates] = await Promise.all([listRecords('check'), listRecords('template')]);
  const versions = new Map(templates.map((tv) => [tv.id, tv.data]));
  const latest = new Map();
  for (const c of checks) {
    const d = c.data || {};
    const tv = versions.get(d.template_version_id);
    const gps = d.gps || {};
    if (
      d.status === 'draft' ||
      (tv && tv.kind === 'survey') ||
      typeof gps.lat !== 'number' ||
      typeof gps.lng !== 'number'
    )
      continue;
    const best = latest.get(d.enterprise_id);
    if (!best || (d.started_at || '') > (best.data.started_at || '')) latest.set(d.enterprise_id, c);
  }
  const points = [];
  for (const e of enterprises) {
    const c = latest.get(e.id);
    if (!c) continue;
    const tv = versions.get(c.data.template_version_id);
    points.push({ e, check: c, ...result(tv?.sections, c.data.answers, c.data.findings) });
  }
  return points;
}

function drawParks(L, map, parks) {
  const layer = L.featureGroup().addTo(map);
  for (const p of parks) {
    const d = p.data;
    const style = { color: '#48535f', weight: 1.5, fillColor: '#c9d6c4', fillOpacity: 0.45 };
    let shape = null;
    if (Array.isArray(d.outline) && d.outline.length > 2) shape = L.polygon(d.outline, style);
    else if (typeof d.lat === 'number' && typeof d.lng === 'number') {
      shape = L.circle([d.lat, d.lng], { radius: 600, ...style });
    }
    // A name is text, never markup: Leaflet sets a string tooltip as innerHTML.
    if (shape) shape.bindTooltip(h('span', {}, d.name || '')).addTo(layer);
  }
  return layer;
}

const dayOf = (point) => formatDate(point.check.data.started_at); // Vietnam's day, not UTC's
const shareOf = (point) => (point.share === null ? '–' : `${(point.share * 100).toFixed(1).replace('.', ',')} %`);

// What the colour says, in words: the legend, the list and the popup all carry it.
function legend() {
  return h(
    'ul',
    { class: 'map-legend', 'data-testid': 'map-legend', 'aria-label': t('map.legend') },
    Object.keys(COLOURS).map((cls) =>
      h('li', {}, h('span', { class: `map-swatch map-${cls}`, 'aria-hidden': 'true' }), t(`map.result.${cls}`)),
    ),
  );
}

// The same enterprises as the markers, as buttons a keyboard and a screen reader reach.
function pointList(points) {
  return h(
    'ul',
    { class: 'map-list', 'data-testid': 'map-list', 'aria-label': t('map.list') },
    points.map((point) =>
      h(
        'li',
        {},
        h(
          'button',
          { type: 'button', class: 'map-item', onclick: () => go('enterprise', { id: point.e.id }) },
          h('span', { class: `map-swatch map-${point.cls}`, 'aria-hidden': 'true' }),
          h('span', { class: 'map-item-name' }, point.e.data.name || ''),
          h(
            'span',
            { class: 'sub' },
            `${t(`map.result.${point.cls}`)} · ${t('map.yes')}: ${shareOf(point)} · ${dayOf(point)}`,
          ),
        ),
      ),
    ),
  );
}

function popup(point) {
  const day = dayOf(point);
  const share = shareOf(point);
  return h(
    'div',
    { class: 'map-popup' },
    h('strong', {}, point.e.data.name),
    h('p', {}, `${t('map.latest')}: ${day}`),
    h('p', {}, `${t('map.yes')}: ${share}`),
    h('p', {}, t(`map.result.${point.cls}`)),
    h(
      'button',
      {
        type: 'button',
        class: 'primary',
        'data-testid': 'map-open',
        onclick: () => go('enterprise', { id: point.e.id }),
      },
      t('map.open'),
    ),
  );
}

// Draw the map of these enterprises (and every pulled park) into el.
export async function renderMap(el, enterprises) {
  const status = h('p', { class: 'sub', role: 'status', 'data-testid': 'map-status' });
  const box = h('div', { class: 'ent-map', 'data-testid': 'enterprise-map' });
  mount(el, box, status);
  let L;
  try {
    L = await loadLeaflet();
  } catch {
    status.textContent = t('map.failed');
    return;
  }
  const [parks, points] = await Promise.all([listRecords('park'), latestPoints(enterprises)]);
  const map = L.map(box, { attributionControl: false, zoomControl: false, zoomSnap: 0.5 });
  map.setView([21.13, 106.08], 11);
  L.control.zoom({ zoomInTitle: t('map.zoomIn'), zoomOutTitle: t('map.zoomOut') }).addTo(map);
  const parkLayer = drawParks(L, map, parks);
  const pointLayer = L.featureGroup().addTo(map);
  for (const point of points) {
    L.circleMarker([point.check.data.gps.lat, point.check.data.gps.lng], {
      radius: 8,
      color: '#ffffff',
      weight: 1.5,
      fillColor: COLOURS[point.cls],
      fillOpacity: 0.92,
      className: `ent-point ent-${point.cls}`,
    })
      .bindTooltip(h('span', {}, `${point.e.data.name || ''} · ${t(`map.result.${point.cls}`)}`))
      .bindPopup(popup(point))
      .addTo(pointLayer);
  }
  const bounds = pointLayer.getBounds();
  if (parkLayer.getLayers().length) bounds.extend(parkLayer.getBounds());
  if (bounds.isValid()) map.fitBounds(bounds, { padding: [12, 12], maxZoom: 16 });
  box.dataset.points = String(points.length);
  mount(el, legend(), pointList(points));
  status.textContent = t('map.drawn', { n: formatNumber(points.length), total: formatNumber(enterprises.length) });
}
