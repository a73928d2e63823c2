// SiapEkspor map page: draws a choropleth with Leaflet (vendor/leaflet.js)
// over the page's table. Everything it shows comes from the page itself:
//
//   <div id="map" hidden data-geo="/geo/18" data-table="map-table"
//        data-figure-name="% exporting" data-legend=… data-no-data=…
//        data-open=… data-attribution=… [data-tiles=URL data-tiles-attribution=…]>
//   <table id="map-table"><tbody><tr data-code="18.01" data-name=…
//        data-value="12.50" data-shown="12,5%" data-href="/map?region=18.01…">
//
// /geo/{code} answers the children's boundaries as GeoJSON (properties kode,
// nama); each feature is coloured by its row's data-value. Without
// JavaScript, or when the boundaries cannot be fetched, the map stays hidden
// and the table is the page.
//
// Classes: five quantile classes (quintiles) of the regions' values — each
// class holds about a fifth of the regions that have a value; equal values
// always share a class, so fewer distinct values give fewer classes. A
// region without a value (a share of no enterprises) is grey. Colours:
// ColorBrewer's YlGnBu, five classes, a sequential scheme that stays
// readable for the common forms of colour blindness and in greyscale.
(function () {
  'use strict';
  var PALETTE = ['#ffffcc', '#a1dab4', '#41b6c4', '#2c7fb8', '#253494'];
  var NO_DATA = '#d9d9d9';

  var el = document.getElementById('map');
  if (!el || !window.L || !window.fetch) return;
  var table = document.getElementById(el.dataset.table);
  if (!table) return;

  var rows = {};
  var values = [];
  table.querySelectorAll('tbody tr[data-code]').forEach(function (tr) {
    var v = tr.dataset.value === '' ? NaN : parseFloat(tr.dataset.value);
    rows[tr.dataset.code] = { value: v, shown: tr.dataset.shown, name: tr.dataset.name, href: tr.dataset.href, tr: tr };
    if (!isNaN(v)) values.push(v);
  });

  // breaks: the upper bound of each class but the last, from the sorted
  // values, without repeats.
  function quantileBreaks(vals, k) {
    var s = vals.slice().sort(function (a, b) { return a - b; });
    var out = [];
    for (var i = 1; i < k; i++) {
      if (!s.length) break;
      var b = s[Math.min(s.length - 1, Math.ceil(i * s.length / k) - 1)];
      if (out.indexOf(b) < 0 && b < s[s.length - 1]) out.push(b);
    }
    return out;
  }
  var breaks = quantileBreaks(values, PALETTE.length);
  var nClasses = breaks.length + 1;
  // Spread fewer classes over the palette's range, light to dark.
  function colourOf(cls) {
    if (nClasses === 1) return PALETTE[2];
    return PALETTE[Math.round(cls * (PALETTE.length - 1) / (nClasses - 1))];
  }
  function classOf(v) {
    for (var i = 0; i < breaks.length; i++) if (v <= breaks[i]) return i;
    return breaks.length;
  }
  function fill(v) { return isNaN(v) ? NO_DATA : colourOf(classOf(v)); }

  // Legend numbers: whole counts; shares with as few decimals (1 to 3) as
  // keep the classes' bounds apart.
  var share = /_share$/.test(el.dataset.figure);
  var locale = document.documentElement.lang === 'en' ? 'en-GB' : 'id-ID';
  var decimals = 0;
  if (share) {
    for (decimals = 1; decimals < 3; decimals++) {
      var seen = {}, clash = false;
      breaks.forEach(function (b) { var s = fmtWith(b, decimals); if (seen[s]) clash = true; seen[s] = true; });
      if (!clash) break;
    }
  }
  function fmtWith(v, d) {
    return v.toLocaleString(locale, { minimumFractionDigits: 0, maximumFractionDigits: d }) + (share ? '%' : '');
  }
  function fmt(v) { return fmtWith(v, decimals); }

  fetch(el.dataset.geo, { credentials: 'same-origin', headers: { Accept: 'application/geo+json' } })
    .then(function (res) { if (!res.ok) throw new Error(res.status); return res.json(); })
    .then(draw)
    .catch(function () { el.hidden = true; });

  function draw(geo) {
    el.hidden = false;
    var map = L.map(el, { zoomSnap: 0.25, scrollWheelZoom: false, attributionControl: true });
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    map.attributionControl.addAttribution(escapeHTML(el.dataset.attribution || ''));
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { maxZoom: 18, attribution: escapeHTML(el.dataset.tilesAttribution || '') }).addTo(map);
    }
    var normal = { weight: 1, color: '#4d4d4d', opacity: 1, fillOpacity: el.dataset.tiles ? 0.75 : 0.9 };
    var layer = L.geoJSON(geo, {
      style: function (f) {
        var r = rows[f.properties.kode];
        return L.extend({ fillColor: fill(r ? r.value : NaN) }, normal);
      },
      onEachFeature: function (f, lyr) {
        var r = rows[f.properties.kode];
        var label = (r ? r.name : f.properties.nama) + ': ' + (r ? r.shown : el.dataset.noData);
        lyr.bindTooltip(label, { sticky: true });
        lyr.on('mouseover', function () { highlight(lyr, true, true); });
        lyr.on('mouseout', function () { highlight(lyr, false); });
        if (r && r.href) lyr.on('click', function () { window.location.href = r.href; });
        lyr.on('add', function () { focusable(lyr, label, r); });
      }
    }).addTo(map);
    map.fitBounds(layer.getBounds(), { padding: [8, 8] });

    // front: draw the region's outline above its neighbours — not for a
    // focused region, since moving its element in the DOM takes the focus.
    function highlight(lyr, on, front) {
      lyr.setStyle(on ? { weight: 3, color: '#000' } : { weight: normal.weight, color: normal.color });
      if (on && front) lyr.bringToFront();
      var r = rows[lyr.feature.properties.kode];
      if (r) r.tr.classList.toggle('map-hover', on);
    }
    // Each region is a link for the keyboard: Tab reaches it, Enter opens
    // the region one level down, focus shows its tooltip.
    function focusable(lyr, label, r) {
      var path = lyr.getElement();
      if (!path) return;
      path.setAttribute('tabindex', '0');
      path.setAttribute('role', r && r.href ? 'link' : 'img');
      path.setAttribute('aria-label', label + (r && r.href ? '. ' + el.dataset.open : ''));
      path.addEventListener('focus', function () { highlight(lyr, true); lyr.openTooltip(lyr.getBounds().getCenter()); });
      path.addEventListener('blur', function () { highlight(lyr, false); lyr.closeTooltip(); });
      path.addEventListener('keydown', function (e) {
        if ((e.key === 'Enter' || e.key === ' ') && r && r.href) { e.preventDefault(); window.location.href = r.href; }
      });
    }
    // Rows of the table light up their region.
    Object.keys(rows).forEach(function (code) {
      var r = rows[code];
      r.tr.addEventListener('mouseenter', function () { layer.eachLayer(function (l) { if (l.feature.properties.kode === code) highlight(l, true, true); }); });
      r.tr.addEventListener('mouseleave', function () { layer.eachLayer(function (l) { if (l.feature.properties.kode === code) highlight(l, false); }); });
    });

    var legend = L.control({ position: 'bottomright' });
    legend.onAdd = function () {
      var div = L.DomUtil.create('div', 'map-legend');
      var h = L.DomUtil.create('strong', '', div);
      h.textContent = el.dataset.figureName;
      var sorted = values.slice().sort(function (a, b) { return a - b; });
      var lo = sorted.length ? sorted[0] : 0;
      for (var c = 0; c < nClasses && sorted.length; c++) {
        var hi = c < breaks.length ? breaks[c] : sorted[sorted.length - 1];
        var from = c === 0 ? lo : nextAbove(breaks[c - 1]);
        item(div, colourOf(c), fmt(from) === fmt(hi) ? fmt(hi) : fmt(from) + ' – ' + fmt(hi));
      }
      if (values.length < Object.keys(rows).length) item(div, NO_DATA, el.dataset.noData);
      L.DomEvent.disableClickPropagation(div);
      return div;
    };
    legend.addTo(map);
    points(map);

    // The smallest value above a break (counts are whole numbers; shares
    // are shown to one decimal).
    function nextAbove(b) {
      var m = Infinity;
      values.forEach(function (v) { if (v > b && v < m) m = v; });
      return m;
    }
  }

  // Enterprise points (data-points): for admins and officers, clusters of
  // the enterprises with coordinates made by the server for the view's
  // zoom and bounds (/geo/points?region=…&zoom=…&bbox=…, at most a few
  // hundred markers), fetched again after each move; for the others, one
  // count per district (data-points-mode="districts"), fetched once.
  // Markers are divIcons whose text is a formatted number; the keyboard
  // reaches them (Tab, then Enter zooms in or opens the enterprise/list).
  function points(map) {
    var src = el.dataset.points;
    if (!src) return;
    var exact = el.dataset.pointsMode === 'points';
    var group = L.layerGroup().addTo(map);
    var seq = 0, timer = null, ctrl = null;
    function load() {
      var url = src;
      if (exact) {
        url += '&zoom=' + Math.max(0, Math.min(20, Math.round(map.getZoom()))) + '&bbox=' + encodeURIComponent(map.getBounds().toBBoxString());
      }
      var my = ++seq;
      if (ctrl) ctrl.abort();
      ctrl = window.AbortController ? new AbortController() : null;
      fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' }, signal: ctrl ? ctrl.signal : undefined })
        .then(function (res) { if (!res.ok) throw new Error(res.status); return res.json(); })
        .then(function (ans) { if (my === seq) show(ans); })
        .catch(function () {});
    }
    function size(n) { return n < 10 ? 28 : n < 100 ? 34 : n < 1000 ? 40 : 46; }
    function marker(lat, lng, n, cls, label, onOpen) {
      var px = size(n);
      var m = L.marker([lat, lng], {
        icon: L.divIcon({ className: 'map-cluster ' + cls, html: '<span>' + n.toLocaleString(locale) + '</span>', iconSize: [px, px] }),
        title: label, alt: label, keyboard: true, riseOnHover: true
      });
      m.on('click', onOpen);
      m.on('add', function () {
        var e = m.getElement();
        if (e) { e.setAttribute('role', 'button'); e.setAttribute('aria-label', label); }
      });
      return m;
    }
    function show(ans) {
      group.clearLayers();
      var shown = 0;
      (ans.clusters || []).forEach(function (c) {
        var label = c.n === 1 ? el.dataset.pointsOne : el.dataset.pointsCluster.replace('{n}', c.n.toLocaleString(locale));
        group.addLayer(marker(c.lat, c.lng, c.n, c.n === 1 ? 'map-point' : 'map-points', label, function () {
          if (c.n === 1 && c.id) window.location.href = '/enterprises/' + c.id;
          else map.setView([c.lat, c.lng], Math.min(20, map.getZoom() + 2));
        }));
        shown++;
      });
      (ans.districts || []).forEach(function (d) {
        var label = el.dataset.pointsDistrict.replace('{name}', d.name || d.code).replace('{n}', d.n.toLocaleString(locale));
        group.addLayer(marker(d.lat, d.lng, d.n, 'map-district', label, function () { window.location.href = d.href; }));
        shown++;
      });
      el.dataset.pointsShown = String(shown);
      var note = document.querySelector('.map-points-note');
      if (note) note.hidden = false;
    }
    if (exact) map.on('moveend', function () { clearTimeout(timer); timer = setTimeout(load, 150); });
    load();
  }

  function item(div, colour, text) {
    var row = L.DomUtil.create('div', 'map-legend-item', div);
    var sw = L.DomUtil.create('span', 'map-swatch', row);
    sw.style.backgroundColor = colour; // CSSOM, allowed by style-src 'self'
    sw.setAttribute('aria-hidden', 'true');
    var t = L.DomUtil.create('span', '', row);
    t.textContent = text;
  }

  function escapeHTML(s) {
    return s.replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; });
  }
})();
