// SiapEkspor charts: draws every
//   <canvas hidden data-chart="line|bar|doughnut" data-series="ID"
//           [data-table="TABLE-ID"] [aria-label="…"]></canvas>
// from the JSON in <script type="application/json" id="ID">, with Chart.js
// (static/vendor/chart.umd.min.js, loaded before this file). The JSON is
// internal/exportstats.Chart:
//   {"title": "…", "labels": ["Jan 2024", …],
//    "datasets": [{"name": "Kopi", "values": [302770000, null, …], "other": false}],
//    "unit": "US$", "divisor": 1000000, "unit_label": "juta US$", "decimals": 2,
//    "locale": "id", "horizontal": false, "stacked": false, "rest_last": false,
//    "label_header": "Bulan"}
// Nothing here writes inline styles or runs inline code, so the strict
// Content-Security-Policy holds (setting element.style through the DOM is
// not an inline style). Without JavaScript — or without Chart.js, or with
// broken JSON — the canvas stays hidden and the page's own table is what
// people read. The canvas gets role="img" and a label naming what it shows;
// data-table points screen readers at the page's table, and without it a
// visually hidden table with the same figures is added after the canvas.
(function () {
  "use strict";

  // Okabe & Ito's colour-blind-safe palette, darkest-contrast first, then
  // Paul Tol's muted colours for more series; the "rest" is always grey.
  // Lines also differ by dash and point shape, so colour is never the only
  // difference.
  var PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#332288",
    "#882255", "#117733", "#999933", "#44AA99", "#AA4499"];
  var REST = "#9E9E9E";
  var DASHES = [[], [6, 3], [2, 2], [8, 3, 2, 3], [1, 3], [10, 4]];
  var POINTS = ["circle", "rect", "triangle", "rectRot", "crossRot", "star", "rectRounded", "cross"];
  var TYPES = { line: true, bar: true, doughnut: true };

  function intlLocale(l) {
    return l === "en" ? "en-US" : "id-ID";
  }

  function formatter(locale, decimals, fixed) {
    var f = new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: decimals, minimumFractionDigits: fixed ? decimals : 0 });
    return function (v) { return v === null || v === undefined || isNaN(v) ? "–" : f.format(v); };
  }

  function readJSON(id) {
    var el = id && document.getElementById(id);
    if (!el) return null;
    try {
      var d = JSON.parse(el.textContent);
      if (!d || !Array.isArray(d.labels) || !Array.isArray(d.datasets)) return null;
      return d;
    } catch (e) {
      if (window.console) console.warn("charts.js: cannot read #" + id, e);
      return null;
    }
  }

  function colourFor(data, ds, i) {
    return ds.other ? REST : PALETTE[i % PALETTE.length];
  }

  // A label short enough for a phone's axis.
  function shorten(s, n) {
    s = String(s);
    return s.length > n ? s.slice(0, n - 1) + "…" : s;
  }

  // wrap breaks a title into lines of about max characters: the canvas
  // squeezes a line that is too long instead of breaking it.
  function wrap(text, max) {
    var lines = [], line = "";
    String(text).split(/\s+/).forEach(function (w) {
      if (line && (line + " " + w).length > max) {
        lines.push(line);
        line = w;
      } else {
        line = line ? line + " " + w : w;
      }
    });
    if (line) lines.push(line);
    return lines;
  }

  function summary(data, type, fmt, unit) {
    var parts = [];
    if (data.title) parts.push(data.title);
    var n = data.labels.length;
    if (n > 0) parts.push(data.labels[0] + (n > 1 ? " – " + data.labels[n - 1] : ""));
    if (data.datasets.length === 1) {
      var vals = data.datasets[0].values, hi = -1, lo = -1;
      for (var i = 0; i < vals.length; i++) {
        if (vals[i] === null) continue;
        if (hi < 0 || vals[i] > vals[hi]) hi = i;
        if (lo < 0 || vals[i] < vals[lo]) lo = i;
      }
      if (hi >= 0) parts.push("max " + data.labels[hi] + ": " + fmt(vals[hi]) + unit);
      if (lo >= 0 && lo !== hi && type !== "doughnut") parts.push("min " + data.labels[lo] + ": " + fmt(vals[lo]) + unit);
    } else {
      parts.push(data.datasets.map(function (d) { return d.name; }).join(", "));
    }
    return parts.join(". ");
  }

  // hiddenTable writes the chart's figures as a table only screen readers see.
  function hiddenTable(data, fmt, unit) {
    var box = document.createElement("div");
    box.className = "visually-hidden";
    var t = document.createElement("table");
    if (data.title) {
      var cap = document.createElement("caption");
      cap.textContent = data.title + (unit ? " (" + unit.trim() + ")" : "");
      t.appendChild(cap);
    }
    var head = t.createTHead().insertRow();
    var th = document.createElement("th");
    th.scope = "col";
    th.textContent = data.label_header || "";
    head.appendChild(th);
    data.datasets.forEach(function (d) {
      var h = document.createElement("th");
      h.scope = "col";
      h.textContent = d.name;
      head.appendChild(h);
    });
    var body = t.createTBody();
    data.labels.forEach(function (label, i) {
      var tr = body.insertRow();
      var rh = document.createElement("th");
      rh.scope = "row";
      rh.textContent = label;
      tr.appendChild(rh);
      data.datasets.forEach(function (d) {
        tr.insertCell().textContent = fmt(d.values[i]);
      });
    });
    box.appendChild(t);
    return box;
  }

  function draw(canvas) {
    if (canvas.getAttribute("data-chart-drawn")) return;
    var data = readJSON(canvas.getAttribute("data-series"));
    if (!data) return;
    var type = canvas.getAttribute("data-chart") || data.type || "line";
    if (!TYPES[type]) type = "line";
    var locale = data.locale || (document.documentElement.lang === "en" ? "en" : "id");
    var divisor = data.divisor > 0 ? data.divisor : 1;
    var decimals = data.decimals > 0 ? data.decimals : 2;
    var unit = data.unit_label || data.unit || "";
    var unitText = unit ? " " + unit : "";
    // Tooltips and the hidden table print figures as the release does
    // (302,77 juta US$); axis ticks drop trailing zeros (0, 50, 100).
    var fmt = formatter(locale, decimals, divisor > 1);
    var fmtTick = formatter(locale, decimals, false);
    var fmtScaled = function (v) { return v === null || v === undefined ? "–" : fmt(v / divisor); };
    var horizontal = type === "bar" && !!data.horizontal;
    var n = data.labels.length;
    var restLast = !!data.rest_last;

    // The canvas needs a box of its own with a height for a responsive chart.
    var box = document.createElement("div");
    box.className = "chart-box";
    canvas.parentNode.insertBefore(box, canvas);
    box.appendChild(canvas);
    canvas.hidden = false;
    var width = box.clientWidth || 600;
    var narrow = width < 560;
    var height = type === "doughnut" ? (narrow ? 320 : 340)
      : horizontal ? Math.max(200, n * (narrow ? 30 : 32) + 70)
      : (narrow ? 300 : 340);
    box.style.position = "relative";
    box.style.width = "100%";
    box.style.height = height + "px";

    var datasets = data.datasets.map(function (d, i) {
      var values = d.values.map(function (v) { return v === null ? null : v; });
      var c = colourFor(data, d, i);
      var ds = { label: d.name, data: values };
      if (type === "line") {
        ds.borderColor = c;
        ds.backgroundColor = c;
        ds.borderWidth = 2.5;
        ds.borderDash = DASHES[i % DASHES.length];
        ds.pointStyle = POINTS[i % POINTS.length];
        ds.pointRadius = narrow ? 2.5 : 3.5;
        ds.pointHoverRadius = 6;
        ds.spanGaps = false;
        ds.tension = 0;
      } else if (type === "bar") {
        var single = data.datasets.length === 1;
        ds.backgroundColor = values.map(function (_, j) {
          if (restLast && j === n - 1) return REST;
          return single ? PALETTE[0] : c;
        });
        ds.borderWidth = 0;
        ds.maxBarThickness = 48;
      } else {
        ds.backgroundColor = values.map(function (_, j) {
          return restLast && j === n - 1 ? REST : PALETTE[j % PALETTE.length];
        });
        ds.borderColor = "#ffffff";
        ds.borderWidth = 2;
      }
      return ds;
    });

    var css = window.getComputedStyle(document.body);
    var ink = css.color || "#1b1f23";
    if (css.fontFamily) window.Chart.defaults.font.family = css.fontFamily; // the page's font, not Helvetica
    var reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var valueAxis = {
      beginAtZero: true,
      stacked: !!data.stacked,
      title: { display: !!unit && !narrow, text: unit, color: ink },
      ticks: { color: ink, callback: function (v) { return fmtTick(v / divisor); }, maxTicksLimit: narrow ? 5 : 8 },
      grid: { color: "rgba(0,0,0,0.08)" }
    };
    var labelAxis = {
      stacked: !!data.stacked,
      ticks: {
        color: ink,
        autoSkip: !horizontal,
        // On a phone: fewer, level labels rather than a slanted crowd.
        maxTicksLimit: horizontal ? undefined : (narrow ? 6 : undefined),
        maxRotation: narrow ? 0 : 45,
        callback: function (v) { return shorten(this.getLabelForValue(v), horizontal ? (narrow ? 16 : 28) : 12); }
      },
      grid: { display: false }
    };
    var options = {
      responsive: true,
      maintainAspectRatio: false,
      locale: intlLocale(locale),
      animation: reduced ? false : { duration: 400 },
      interaction: { mode: type === "line" ? "index" : "nearest", intersect: type !== "line" },
      plugins: {
        title: {
          display: !!data.title && !canvas.hasAttribute("data-no-title"),
          text: data.title ? wrap(data.title, Math.max(20, Math.floor(width / 9))) : "",
          color: ink,
          font: { size: narrow ? 14 : 15, weight: "600" }
        },
        legend: {
          display: type === "doughnut" || data.datasets.length > 1,
          position: type === "doughnut" && !narrow ? "right" : "bottom",
          labels: { color: ink, usePointStyle: type === "line", boxWidth: 14, boxHeight: type === "line" ? 9 : 12, pointStyleWidth: 14 }
        },
        tooltip: {
          callbacks: {
            label: function (ctx) {
              var v = ctx.raw;
              var s = (type === "doughnut" ? ctx.label : ctx.dataset.label);
              s = s ? s + ": " : "";
              s += fmtScaled(v) + unitText;
              if (type === "doughnut") {
                var sum = ctx.dataset.data.reduce(function (a, b) { return a + (b || 0); }, 0);
                if (sum > 0) s += " (" + formatter(locale, 1, true)(100 * v / sum) + "%)";
              }
              return s;
            }
          }
        }
      }
    };
    if (type !== "doughnut") {
      options.indexAxis = horizontal ? "y" : "x";
      options.scales = horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis };
    } else {
      options.cutout = "55%";
    }

    canvas.setAttribute("role", "img");
    if (!canvas.getAttribute("aria-label")) canvas.setAttribute("aria-label", summary(data, type, fmtScaled, unitText));
    try {
      new window.Chart(canvas, { type: type, data: { labels: data.labels, datasets: datasets }, options: options });
    } catch (e) {
      canvas.hidden = true;
      box.style.height = "0";
      if (window.console) console.warn("charts.js: cannot draw", e);
      return;
    }
    canvas.setAttribute("data-chart-drawn", type);
    var tableId = canvas.getAttribute("data-table");
    if (tableId && document.getElementById(tableId)) {
      canvas.setAttribute("aria-describedby", tableId);
    } else {
      box.parentNode.insertBefore(hiddenTable(data, fmtScaled, unitText), box.nextSibling);
    }
  }

  function drawAll() {
    if (typeof window.Chart !== "function") return; // Chart.js did not load: the tables stay
    var list = document.querySelectorAll("canvas[data-chart][data-series]");
    for (var i = 0; i < list.length; i++) draw(list[i]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
