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
  // A symbol in each point, as in the legend: colour is never the only sign.
  var SYMBOLS = { good: '✓', fair: '~', poor: '✗', critical: '!', unknown: '?', overdue: '!', none: '✓' };
  var tiles = el.getAttribute('data-tiles');
  // The page scrolls past the map until the map is clicked or focused (then the wheel zooms).
  var map = L.map(el, {
    attributionControl: Boolean(tiles),
    zoomSnap: 0.5,
    maxZoom: 18, // the point groups need one even without tiles
    scrollWheelZoom: false,
    zoomControl: false,
  });
  L.control
    .zoom({
      zoomInTitle: el.getAttribute('data-zoom-in') || '+',
      zoomOutTitle: el.getAttribute('data-zoom-out') || '-',
    })
    .addTo(map);
  map.on('click focus', function () {
    map.scrollWheelZoom.enable();
  });
  map.on('blur mouseout', function () {
    map.scrollWheelZoom.disable();
  });
  if (tiles) {
    L.tileLayer(tiles, { attribution: el.getAttribute('data-attribution') || '', maxZoom: 19 }).addTo(map);
  }
  map.setView([21.13, 106.08], 11);
  // Park names lie under the points (a pane between the shapes and the markers).
  map.createPane('parkLabels').style.zIndex = 450;
  var provinceLayer = L.featureGroup().addTo(map);
  var parkLayer = L.featureGroup().addTo(map);
  var pointLayer = L.markerClusterGroup
    ? L.markerClusterGroup({
        showCoverageOnHover: false,
        maxClusterRadius: 60,
        animate: false, // no half-drawn groups while the view changes
        removeOutsideVisibleBounds: false, // every enterprise stays reachable by keyboard
        iconCreateFunction: clusterIcon,
      })
    : L.featureGroup();
  pointLayer.addTo(map);
  var markers = [];

  // The legend sits on the map (bottom left), moved there from the page.
  var legend = L.control({ position: 'bottomleft' });
  legend.onAdd = function () {
    var box = L.DomUtil.create('div', 'map-legend');
    document.querySelectorAll('.map-card .legend').forEach(function (list) {
      box.appendChild(list);
    });
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    return box;
  };
  legend.addTo(map);

  function clusterIcon(cluster) {
    var count = cluster.getChildCount();
    var box = document.createElement('div');
    var span = document.createElement('span');
    span.textContent = String(count);
    box.appendChild(span);
    var size = count < 10 ? 'small' : count < 50 ? 'medium' : 'large';
    return L.divIcon({ html: box, className: 'marker-cluster marker-cluster-' + size, iconSize: L.point(44, 44) });
  }

  function mode() {
    var checked = document.querySelector('input[name=colour]:checked');
    return checked ? checked.value : 'result';
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

  // Names go to Leaflet as DOM nodes, never as strings (a string tooltip is innerHTML).
  function textBox(text, className) {
    var span = node('span', text);
    if (className) {
      span.className = className;
    }
    return span;
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
        shape.bindTooltip(textBox(park.name), {
          className: 'park-label',
          pane: 'parkLabels',
          permanent: true,
          direction: 'bottom',
          offset: [0, 14],
          interactive: false,
        });
        shape.addTo(parkLayer);
      }
    });
  }

  function listRow(point, tbody, labels) {
    var tr = node('tr', undefined, tbody);
    link(point, point.name, node('td', undefined, tr));
    node('td', point.checked_on, tr);
    node('td', labels.kinds[point.result] || '', tr);
    [point.share_text, point.critical, point.overdue].forEach(function (value) {
      node('td', String(value), tr).className = 'num';
    });
  }

  function kindOf(point) {
    if (mode() === 'overdue') {
      return point.overdue ? 'overdue' : 'none';
    }
    return SYMBOLS[point.result] && point.result !== 'none' && point.result !== 'overdue' ? point.result : 'unknown';
  }

  function pointIcon(point) {
    var kind = kindOf(point);
    var box = node('div', SYMBOLS[kind]);
    box.className = 'ent-symbol';
    return L.divIcon({ html: box, className: 'ent-point kind-' + kind, iconSize: L.point(28, 28) });
  }

  function name(marker, point, labels) {
    var el = marker.getElement();
    if (el) {
      el.setAttribute('aria-label', point.name + ' · ' + (labels.kinds[kindOf(point)] || ''));
    }
  }

  function drawPoints(points, labels) {
    var tbody = document.querySelector('#map-list tbody');
    points.forEach(function (point) {
      var marker = L.marker([point.lat, point.lng], { icon: pointIcon(point), keyboard: true, title: point.name });
      marker.bindPopup(popup(point, labels));
      marker.on('add', function () {
        name(marker, point, labels);
      });
      markers.push({ marker: marker, point: point, labels: labels });
      if (tbody) {
        listRow(point, tbody, labels);
      }
    });
    if (pointLayer.addLayers) {
      pointLayer.addLayers(
        markers.map(function (m) {
          return m.marker;
        }),
      );
    } else {
      markers.forEach(function (m) {
        m.marker.addTo(pointLayer);
      });
    }
  }

  function drawProvince(url) {
    if (!url) {
      return;
    }
    fetch(url, { credentials: 'same-origin' })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (outline) {
        if (outline && outline.coordinates) {
          L.polygon(outline.coordinates, {
            color: '#3b4654',
            weight: 2,
            dashArray: '6 4',
            fill: false,
            interactive: false,
            className: 'province-outline',
          }).addTo(provinceLayer);
        }
      })
      .catch(function () {});
  }

  function recolour() {
    markers.forEach(function (m) {
      m.marker.setIcon(pointIcon(m.point));
      name(m.marker, m.point, m.labels);
    });
    if (pointLayer.refreshClusters) {
      pointLayer.refreshClusters();
    }
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
      // Keep every point clear of the zoom buttons (top left) and the legend (bottom), so no
      // point lies half under them, at any width (the view is fitted again on a resize).
      var legendBox = el.querySelector('.map-legend');
      var below = (legendBox ? legendBox.offsetHeight : 0) + 16;
      map.fitBounds(bounds, { paddingTopLeft: [60, 16], paddingBottomRight: [16, below], maxZoom: 16, animate: false });
    }
  }
  map.on('resize', fit);

  function draw(data) {
    drawProvince(el.getAttribute('data-province'));
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
