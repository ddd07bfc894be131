// The console map (console/map.html): parks and enterprise points from /console/map/data.json,
// drawn by the vendored Leaflet over a plain background (tiles only where MAP_TILE_URL is set).
// Everything is built with DOM calls and textContent: no HTML strings, no style attributes.
(function () {
  'use strict';
  var el = document.getElementById('map');
  var status = document.getElementById('map-status');
  if (!el || !window.L) {
    return;
  }
  var COLOURS = {
    good: '#1c7c3a',
    fair: '#c77700',
    poor: '#b3261e',
    critical: '#5c0a6b',
    unknown: '#6b7280',
    overdue: '#b3261e',
    none: '#1c7c3a',
  };
  var tiles = el.getAttribute('data-tiles');
  var map = L.map(el, { attributionControl: Boolean(tiles), zoomSnap: 0.5 });
  if (tiles) {
    L.tileLayer(tiles, { attribution: el.getAttribute('data-attribution') || '', maxZoom: 19 }).addTo(map);
  }
  map.setView([21.13, 106.08], 11);
  var parkLayer = L.featureGroup().addTo(map);
  var pointLayer = L.featureGroup().addTo(map);
  var markers = [];

  function mode() {
    var checked = document.querySelector('input[name=colour]:checked');
    return checked ? checked.value : 'result';
  }

  function colourOf(point) {
    if (mode() === 'overdue') {
      return COLOURS[point.overdue ? 'overdue' : 'none'];
    }
    return COLOURS[point.result] || COLOURS.unknown;
  }

  function node(tag, text, parent) {
    var child = document.createElement(tag);
    if (text !== undefined) {
      child.textContent = text;
    }
    if (parent) {
      parent.appendChild(child);
    }
    return child;
  }

  function link(point, text, parent) {
    var a = node('a', text, parent);
    a.href = point.url;
    return a;
  }

  function popup(point, labels) {
    var box = node('div');
    box.className = 'map-popup';
    node('strong', point.name, box);
    node('p', point.ownership_label, box);
    node('p', labels.checked + ': ' + point.checked_on, box);
    node('p', labels.yes_share + ': ' + point.share_text, box);
    node('p', labels.findings + ': ' + point.findings + ' (' + labels.critical + ': ' + point.critical + ')', box);
    node('p', labels.overdue + ': ' + point.overdue, box);
    link(point, labels.open, box).className = 'open-enterprise';
    return box;
  }

  function drawParks(parks) {
    parks.forEach(function (park) {
      var shape = null;
      if (park.outline && park.outline.length > 2) {
        shape = L.polygon(park.outline, {
          color: '#48535f',
          weight: 1.5,
          fillColor: '#c9d6c4',
          fillOpacity: 0.45,
          interactive: true,
        });
      } else if (park.lat !== null && park.lng !== null) {
        shape = L.circle([park.lat, park.lng], {
          radius: 600,
          color: '#48535f',
          weight: 1.5,
          fillColor: '#c9d6c4',
          fillOpacity: 0.45,
        });
      }
      if (shape) {
        shape.bindTooltip(park.name, { className: 'park-label' });
        shape.addTo(parkLayer);
      }
    });
  }

  function listRow(point, tbody) {
    var tr = node('tr', undefined, tbody);
    link(point, point.name, node('td', undefined, tr));
    node('td', point.checked_on, tr);
    [point.share_text, point.critical, point.overdue].forEach(function (value) {
      node('td', String(value), tr).className = 'num';
    });
  }

  function drawPoints(points, labels) {
    var tbody = document.querySelector('#map-list tbody');
    points.forEach(function (point) {
      var marker = L.circleMarker([point.lat, point.lng], {
        radius: 7,
        color: '#ffffff',
        weight: 1.5,
        fillColor: colourOf(point),
        fillOpacity: 0.92,
        className: 'ent-point',
      });
      marker.bindPopup(popup(point, labels));
      marker.bindTooltip(point.name);
      marker.addTo(pointLayer);
      markers.push({ marker: marker, point: point });
      if (tbody) {
        listRow(point, tbody);
      }
    });
  }

  function recolour() {
    markers.forEach(function (m) {
      m.marker.setStyle({ fillColor: colourOf(m.point) });
    });
    document.querySelectorAll('[data-legend]').forEach(function (legend) {
      legend.hidden = legend.getAttribute('data-legend') !== mode();
    });
  }

  function fit() {
    var bounds = pointLayer.getBounds();
    if (parkLayer.getLayers().length) {
      bounds.extend(parkLayer.getBounds());
    }
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [16, 16], maxZoom: 16 });
    }
  }

  function draw(data) {
    drawParks(data.parks);
    drawPoints(data.enterprises, data.labels);
    fit();
    recolour();
    el.setAttribute('data-points', String(data.enterprises.length));
    if (status) {
      status.textContent = data.summary;
    }
  }

  document.querySelectorAll('input[name=colour]').forEach(function (input) {
    input.addEventListener('change', recolour);
  });
  recolour();
  fetch(el.getAttribute('data-url'), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    .then(function (response) {
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      return response.json();
    })
    .then(draw)
    .catch(function () {
      if (status) {
        status.textContent = el.getAttribute('data-failed');
      }
    });
})();
