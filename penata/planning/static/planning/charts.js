// Planning charts. Each <canvas data-plan-chart="id"> draws the json_script block it names:
// {"kind": "bar" | "line", "horizontal": bool, "stacked": bool, "labels": [...],
//  "datasets": [{"label", "data"}]}. No inline script or style (CSP).
(function () {
  "use strict";
  if (window.PenataPlanning) { return; }
  var PALETTE = ["#0b4f6c", "#f39237", "#20a39e", "#bf1363", "#6c757d"];

  function readSpec(id) {
    var el = document.getElementById(id);
    if (!el) { return null; }
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  function config(spec) {
    var datasets = (spec.datasets || []).map(function (ds, i) {
      var colour = ds.colour || PALETTE[i % PALETTE.length];
      return { label: ds.label, data: ds.data || [], backgroundColor: ds.colours || colour,
        borderColor: colour, borderWidth: spec.kind === "line" ? 2 : 0, pointRadius: 2 };
    });
    var valueAxis = { beginAtZero: true, stacked: !!spec.stacked, ticks: { precision: 0 } };
    var catAxis = { stacked: !!spec.stacked, ticks: { autoSkip: false, font: { size: 10 } } };
    var options = { responsive: true, maintainAspectRatio: false, animation: false,
      plugins: { legend: { position: "bottom" } } };
    if (spec.horizontal) {
      options.indexAxis = "y";
      options.scales = { x: valueAxis, y: catAxis };
    } else {
      options.scales = { y: valueAxis, x: catAxis };
    }
    return { type: spec.kind || "bar", data: { labels: spec.labels || [], datasets: datasets },
      options: options };
  }

  function draw(root) {
    if (typeof window.Chart === "undefined") { return; }
    root.querySelectorAll("canvas[data-plan-chart]:not([data-drawn])").forEach(function (canvas) {
      var spec = readSpec(canvas.getAttribute("data-plan-chart"));
      if (!spec) { return; }
      var box = canvas.parentElement;
      var h = parseInt(box.getAttribute("data-height"), 10);
      box.style.position = "relative";
      box.style.height = (isNaN(h) ? 300 : Math.max(160, Math.min(h, 1600))) + "px";
      canvas.setAttribute("data-drawn", "1");
      new window.Chart(canvas, config(spec));
    });
  }

  window.PenataPlanning = { draw: draw };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { draw(document); });
  } else {
    draw(document);
  }
  document.addEventListener("htmx:afterSettle", function () { draw(document); });
})();
