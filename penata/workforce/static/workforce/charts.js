// Workforce charts. The data comes from <script type="application/json" id="chart-…"> blocks
// (Django's json_script); each <canvas data-chart="chart-…"> draws the block it names. No
// inline script, no inline style in the markup (the CSP forbids both): heights come from the
// container's data-height and are set here through the DOM.
//
// Data shape: {"kind": "bar" | "hbar-stacked" | "pyramid", "labels": [...],
//              "datasets": [{"label": "...", "data": [numbers]}]}
// A pyramid draws its first dataset to the left and the second to the right.
(function () {
  "use strict";

  var PALETTE = ["#0b4f6c", "#f39237", "#20a39e", "#bf1363", "#6c757d", "#01baef"];
  var NUMBER = new Intl.NumberFormat(document.documentElement.lang || "id");

  function readSpec(id) {
    var el = document.getElementById(id);
    if (!el) { return null; }
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  function fmt(v) { return NUMBER.format(Math.abs(v)); }

  function config(spec) {
    var kind = spec.kind || "bar";
    var horizontal = kind === "hbar-stacked" || kind === "pyramid";
    var stacked = kind !== "bar";
    var datasets = (spec.datasets || []).map(function (ds, i) {
      var data = (ds.data || []).slice();
      if (kind === "pyramid" && i === 0) {
        data = data.map(function (v) { return -v; });
      }
      return {
        label: ds.label,
        data: data,
        backgroundColor: PALETTE[i % PALETTE.length],
        borderWidth: 0,
        barPercentage: kind === "pyramid" ? 0.95 : 0.8,
        categoryPercentage: kind === "pyramid" ? 0.95 : 0.8
      };
    });
    var valueAxis = {
      stacked: stacked,
      beginAtZero: true,
      ticks: { precision: 0, callback: function (v) { return fmt(v); } }
    };
    // Long unit names are shortened on the axis (the tooltip and the table keep them whole).
    var maxLabel = window.matchMedia("(max-width: 575.98px)").matches ? 14 : 34;
    var categoryAxis = {
      stacked: stacked,
      ticks: {
        autoSkip: false,
        callback: function (value) {
          var label = String(this.getLabelForValue(value));
          return label.length > maxLabel ? label.slice(0, maxLabel - 1) + "\u2026" : label;
        }
      }
    };
    return {
      type: "bar",
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
                var v = horizontal ? ctx.parsed.x : ctx.parsed.y;
                return ctx.dataset.label + ": " + fmt(v);
              }
            }
          }
        }
      }
    };
  }

  function draw(root) {
    if (typeof window.Chart === "undefined") { return; }
    root.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      if (canvas.getAttribute("data-drawn")) { return; }
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
})();
