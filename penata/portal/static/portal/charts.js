// Portal charts. Data comes from <script type="application/json" id="chart-…"> blocks (Django's
// json_script); each <canvas data-chart="chart-…"> draws the block it names. No inline script
// or style (the CSP forbids both): heights come from the container's data-height.
//
// Data shape: {"kind": "bar" | "hbar" | "hbar-stacked", "labels": [...], "max": number?,
//              "hidden": [bool]?, "datasets": [{"label": "...", "data": [numbers]}]}
// A suppressed (small-group) value arrives as 0 with hidden[i] true; the tooltip says so.
(function () {
  "use strict";

  var PALETTE = ["#0b4f6c", "#f39237", "#20a39e", "#bf1363", "#6c757d", "#01baef"];
  var NUMBER = new Intl.NumberFormat(document.documentElement.lang || "id");

  function readSpec(id) {
    var el = document.getElementById(id);
    if (!el) { return null; }
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  function config(spec) {
    var kind = spec.kind || "bar";
    var horizontal = kind !== "bar";
    var stacked = kind === "hbar-stacked";
    var hidden = spec.hidden || [];
    var datasets = (spec.datasets || []).map(function (ds, i) {
      return {
        label: ds.label,
        data: (ds.data || []).slice(),
        backgroundColor: PALETTE[i % PALETTE.length],
        borderWidth: 0
      };
    });
    var valueAxis = { stacked: stacked, beginAtZero: true, ticks: { callback: function (v) { return NUMBER.format(v); } } };
    if (spec.max) { valueAxis.max = spec.max; }
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
              label: function (ctx) {
                if (hidden[ctx.dataIndex]) { return ctx.dataset.label + ": disembunyikan (kelompok kecil)"; }
                var v = horizontal ? ctx.parsed.x : ctx.parsed.y;
                return ctx.dataset.label + ": " + NUMBER.format(v);
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
})();
