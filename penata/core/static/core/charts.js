// Penata charts, shared by every page that draws Chart.js charts from data. The data comes from
// <script type="application/json" id="…"> blocks (Django's json_script); each
// <canvas data-chart="id"> draws the block it names. No inline script, no inline style in the
// markup (the CSP forbids both): the height comes from the container's data-height (default
// 300 px) and is set here through the DOM.
//
// Data shape: {"kind": "bar" | "hbar" | "hbar-stacked" | "pyramid" | "line",
//              "labels": [...], "max": number?, "hidden": [bool]?,
//              "datasets": [{"label": "...", "data": [numbers]}]}
// * pyramid: the first dataset to the left, the second to the right;
// * line: the first dataset dashed (a target), gaps spanned;
// * hidden[i]: a suppressed small group (sent as 0); the tooltip says so instead of a number.
// Long category labels are shortened on the axis (the tooltip and the table keep them whole).
(function () {
  "use strict";

  var PALETTE = ["#0b4f6c", "#f39237", "#20a39e", "#bf1363", "#6c757d", "#01baef"];
  var NUMBER = new Intl.NumberFormat(document.documentElement.lang || "id");
  var HIDDEN = document.documentElement.lang === "en" ? "hidden (small group)" : "disembunyikan (kelompok kecil)";

  function readSpec(id) {
    var el = document.getElementById(id);
    if (!el) { return null; }
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  function fmt(v) { return v === null || v === undefined ? "—" : NUMBER.format(Math.abs(v)); }

  function config(spec) {
    var kind = spec.kind || "bar";
    var line = kind === "line";
    var pyramid = kind === "pyramid";
    var horizontal = kind === "hbar" || kind === "hbar-stacked" || pyramid;
    var stacked = kind === "hbar-stacked" || pyramid;
    var hidden = spec.hidden || [];
    var datasets = (spec.datasets || []).map(function (ds, i) {
      var colour = PALETTE[i % PALETTE.length];
      var data = (ds.data || []).slice();
      if (pyramid && i === 0) { data = data.map(function (v) { return v === null ? v : -v; }); }
      return {
        label: ds.label,
        data: data,
        backgroundColor: colour,
        borderColor: colour,
        borderWidth: line ? 2 : 0,
        borderDash: line && i === 0 ? [6, 4] : [],
        spanGaps: true,
        barPercentage: pyramid ? 0.95 : 0.8,
        categoryPercentage: pyramid ? 0.95 : 0.8
      };
    });
    var valueAxis = { stacked: stacked, beginAtZero: true, ticks: { callback: function (v) { return fmt(v); } } };
    if (spec.max) { valueAxis.max = spec.max; }
    var maxLabel = window.matchMedia("(max-width: 575.98px)").matches ? 14 : 34;
    var categoryAxis = {
      stacked: stacked,
      ticks: {
        autoSkip: line,
        callback: function (value) {
          var label = String(this.getLabelForValue(value));
          return label.length > maxLabel ? label.slice(0, maxLabel - 1) + "\u2026" : label;
        }
      }
    };
    return {
      type: line ? "line" : "bar",
      data: { labels: spec.labels || [], datasets: datasets },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
        plugins: {
          legend: { display: datasets.length > 1, position: "bottom" },
          tooltip: {
            callbacks: {
              title: function (items) { return items.length ? items[0].label : ""; },
              label: function (ctx) {
                if (hidden[ctx.dataIndex]) { return ctx.dataset.label + ": " + HIDDEN; }
                return ctx.dataset.label + ": " + fmt(horizontal ? ctx.parsed.x : ctx.parsed.y);
              }
            }
          }
        }
      }
    };
  }

  function draw(root) {
    if (typeof window.Chart === "undefined") { return; }
    (root || document).querySelectorAll("canvas[data-chart]:not([data-drawn])").forEach(function (canvas) {
      var spec = readSpec(canvas.getAttribute("data-chart"));
      if (!spec) { return; }
      var box = canvas.parentNode;
      var h = parseInt(box.getAttribute("data-height"), 10);
      box.style.position = "relative";
      box.style.height = (isNaN(h) ? 300 : Math.max(120, Math.min(h, 4000))) + "px";
      canvas.setAttribute("data-drawn", "1");
      new window.Chart(canvas, config(spec));
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { draw(document); });
  } else {
    draw(document);
  }
  document.addEventListener("htmx:afterSettle", function () { draw(document); });
  window.PenataCharts = { draw: draw, config: config };
})();
