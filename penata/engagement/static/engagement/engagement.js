// Change-management pages: charts from json_script blocks (no inline script: CSP) and the
// self-refreshing check-in screen.
(function () {
  "use strict";
  var COLOURS = ["#0d6efd", "#20a39e", "#ffc107", "#fd7e14", "#6f42c1", "#212529"];

  function readSpec(id) {
    var el = document.getElementById(id);
    if (!el) { return null; }
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  function draw() {
    if (typeof window.Chart === "undefined") { return; }
    document.querySelectorAll("canvas[data-engagement-chart]").forEach(function (canvas) {
      var spec = readSpec(canvas.getAttribute("data-engagement-chart"));
      if (!spec) { return; }
      var kind = canvas.getAttribute("data-kind") || "line";
      var box = canvas.parentNode;
      var h = parseInt(box.getAttribute("data-height"), 10);
      box.style.position = "relative";
      box.style.height = (isNaN(h) ? 320 : Math.max(160, Math.min(h, 4000))) + "px";
      new window.Chart(canvas, {
        type: kind,
        data: {
          labels: spec.labels || [],
          datasets: (spec.datasets || []).map(function (ds, i) {
            var c = COLOURS[i % COLOURS.length];
            return { label: ds.label, data: ds.data || [], borderColor: c, backgroundColor: c,
                     spanGaps: true, borderWidth: kind === "line" ? (i === 5 ? 4 : 2) : 0 };
          })
        },
        options: {
          indexAxis: kind === "bar" ? "y" : "x",
          responsive: true, maintainAspectRatio: false, animation: false,
          scales: kind === "bar" ? { x: { min: 0, max: 100 } } : { y: { min: 0, max: 100 } }
        }
      });
    });
  }

  function reload() {
    var el = document.querySelector("[data-reload-seconds]");
    if (!el) { return; }
    var s = parseInt(el.getAttribute("data-reload-seconds"), 10) || 5;
    window.setTimeout(function () { window.location.reload(); }, s * 1000);
  }

  function start() { draw(); reload(); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
