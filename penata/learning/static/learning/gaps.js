// Competency gap charts. Data comes from <script type="application/json" id="…"> blocks
// (Django's json_script); each <canvas data-gap-chart="id"> draws the block it names. No inline
// script or style in the markup (the CSP forbids both): the box height comes from the
// container's data-height and is set here through the DOM.
//
// Data shape: {"kind": "radar" | "bar", "labels": [...], "datasets": [{"label", "data"}]}
(function () {
  "use strict";
  if (window.PenataGaps) { return; } // the script may be included twice on one page

  var PALETTE = ["#0b4f6c", "#f39237", "#20a39e", "#bf1363"];

  function readSpec(id) {
    var el = document.getElementById(id);
    if (!el) { return null; }
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  function rgba(hex, alpha) {
    var n = parseInt(hex.slice(1), 16);
    return "rgba(" + ((n >> 16) & 255) + "," + ((n >> 8) & 255) + "," + (n & 255) + "," + alpha + ")";
  }

  function config(spec) {
    var radar = spec.kind === "radar";
    var datasets = (spec.datasets || []).map(function (ds, i) {
      var colour = PALETTE[i % PALETTE.length];
      return {
        label: ds.label,
        data: ds.data || [],
        backgroundColor: radar ? rgba(colour, 0.15) : colour,
        borderColor: colour,
        borderWidth: radar ? 2 : 0,
        pointRadius: radar ? 3 : 0,
        fill: radar
      };
    });
    var options = { responsive: true, maintainAspectRatio: false, animation: false,
      plugins: { legend: { position: "bottom" } } };
    if (radar) {
      options.scales = { r: { min: 0, max: 5, ticks: { stepSize: 1, backdropColor: "transparent" },
        pointLabels: { font: { size: 11 } } } };
    } else {
      options.indexAxis = "y";
      options.scales = { x: { beginAtZero: true, ticks: { precision: 0 } } };
    }
    return { type: radar ? "radar" : "bar", data: { labels: spec.labels || [], datasets: datasets }, options: options };
  }

  function draw(root) {
    if (typeof window.Chart === "undefined") { return; }
    root.querySelectorAll("canvas[data-gap-chart]:not([data-drawn])").forEach(function (canvas) {
      var spec = readSpec(canvas.getAttribute("data-gap-chart"));
      if (!spec) { return; }
      var box = canvas.parentElement;
      var h = parseInt(box.getAttribute("data-height"), 10);
      box.style.position = "relative";
      box.style.height = (isNaN(h) ? 300 : Math.max(160, Math.min(h, 1200))) + "px";
      canvas.setAttribute("data-drawn", "1");
      new window.Chart(canvas, config(spec));
    });
  }

  window.PenataGaps = { draw: draw };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { draw(document); });
  } else {
    draw(document);
  }
  document.addEventListener("htmx:afterSettle", function () { draw(document); });
})();
