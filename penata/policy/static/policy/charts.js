// Policy workspace charts. Data comes from <script type="application/json" id="…"> blocks
// (Django's json_script); each <canvas data-policy-chart="id"> draws the block it names. No
// inline script or style (the CSP forbids both).
//
// Data shape: {"kind": "bar" | "line", "labels": [...], "datasets": [{"label", "data"}]}
(function () {
  "use strict";
  var PALETTE = ["#0b4f6c", "#f39237", "#20a39e", "#bf1363"];

  function readSpec(id) {
    var el = document.getElementById(id);
    if (!el) { return null; }
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  function draw(root) {
    if (typeof window.Chart === "undefined") { return; }
    root.querySelectorAll("canvas[data-policy-chart]:not([data-drawn])").forEach(function (canvas) {
      var spec = readSpec(canvas.getAttribute("data-policy-chart"));
      if (!spec) { return; }
      var box = canvas.parentElement;
      box.style.position = "relative";
      box.style.height = "300px";
      canvas.setAttribute("data-drawn", "1");
      var line = spec.kind === "line";
      var datasets = (spec.datasets || []).map(function (ds, i) {
        var colour = PALETTE[i % PALETTE.length];
        return { label: ds.label, data: ds.data || [], backgroundColor: colour,
          borderColor: colour, borderWidth: line ? 2 : 0, spanGaps: true,
          borderDash: line && i === 0 ? [6, 4] : [] };
      });
      new window.Chart(canvas, {
        type: line ? "line" : "bar",
        data: { labels: spec.labels || [], datasets: datasets },
        options: { responsive: true, maintainAspectRatio: false, animation: false,
          plugins: { legend: { position: "bottom" } },
          scales: { y: { beginAtZero: true } } }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSettle", function (e) { draw(e.target); });
})();
