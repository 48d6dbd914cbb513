// Charts of the research pages. Data comes from <script type="application/json" id="…"> blocks
// (Django's json_script); each <canvas data-research-chart="id"> draws the block it names. No
// inline script or style (the CSP forbids both): the box height comes from data-height.
//
// Data shape: {"kind": "line" | "bar" | "stacked", "percent": bool, "labels": [...],
//              "datasets": [{"label", "data"}]}
(function () {
  "use strict";
  if (window.PenataResearch) { return; }

  var PALETTE = ["#0b4f6c", "#20a39e", "#f39237", "#bf1363", "#6c757d"];

  function readSpec(id) {
    var el = document.getElementById(id);
    if (!el) { return null; }
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  function config(spec) {
    var line = spec.kind === "line";
    var stacked = spec.kind === "stacked";
    var datasets = (spec.datasets || []).map(function (ds, i) {
      var colour = PALETTE[i % PALETTE.length];
      return { label: ds.label, data: ds.data || [], backgroundColor: colour, borderColor: colour,
        borderWidth: line ? 2 : 0, pointRadius: line ? 3 : 0, spanGaps: true, fill: false };
    });
    var y = { beginAtZero: true };
    if (spec.percent) { y.max = 100; }
    if (stacked) { y.stacked = true; }
    return { type: line ? "line" : "bar", data: { labels: spec.labels || [], datasets: datasets },
      options: { responsive: true, maintainAspectRatio: false, animation: false,
        plugins: { legend: { position: "bottom" } },
        scales: { x: { stacked: stacked }, y: y } } };
  }

  function draw(root) {
    if (typeof window.Chart === "undefined") { return; }
    root.querySelectorAll("canvas[data-research-chart]:not([data-drawn])").forEach(function (canvas) {
      var spec = readSpec(canvas.getAttribute("data-research-chart"));
      if (!spec) { return; }
      var box = canvas.parentElement;
      var h = parseInt(box.getAttribute("data-height"), 10);
      box.style.position = "relative";
      box.style.height = (isNaN(h) ? 260 : Math.max(160, Math.min(h, 900))) + "px";
      canvas.setAttribute("data-drawn", "1");
      new window.Chart(canvas, config(spec));
    });
  }

  window.PenataResearch = { draw: draw };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { draw(document); });
  } else {
    draw(document);
  }
})();
