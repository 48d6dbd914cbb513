// JP ledger charts: a bar per OPD of the share (%) of active ASN meeting the yearly JP target.
// The data comes from a json_script block named by the canvas's data-ledger-chart; no inline
// script or style (CSP): the height comes from the container's data-height.
// Data shape: {"labels": [...], "datasets": [{"label": "...", "data": [percent]}]}
(function () {
  "use strict";

  function readSpec(id) {
    var el = document.getElementById(id);
    if (!el) { return null; }
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  function draw(root) {
    if (typeof window.Chart === "undefined") { return; }
    root.querySelectorAll("canvas[data-ledger-chart]").forEach(function (canvas) {
      if (canvas.getAttribute("data-drawn")) { return; }
      var spec = readSpec(canvas.getAttribute("data-ledger-chart"));
      if (!spec) { return; }
      var box = canvas.parentNode;
      var h = parseInt(box.getAttribute("data-height"), 10);
      box.style.position = "relative";
      box.style.height = (isNaN(h) ? 300 : Math.max(120, Math.min(h, 4000))) + "px";
      canvas.setAttribute("data-drawn", "1");
      var maxLabel = window.matchMedia("(max-width: 575.98px)").matches ? 14 : 34;
      new window.Chart(canvas, {
        type: "bar",
        data: {
          labels: spec.labels || [],
          datasets: (spec.datasets || []).map(function (ds) {
            return { label: ds.label, data: ds.data || [], backgroundColor: "#20a39e", borderWidth: 0 };
          })
        },
        options: {
          indexAxis: "y",
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          scales: {
            x: { min: 0, max: 100, ticks: { callback: function (v) { return v + "%"; } } },
            y: {
              ticks: {
                autoSkip: false,
                callback: function (value) {
                  var label = String(this.getLabelForValue(value));
                  return label.length > maxLabel ? label.slice(0, maxLabel - 1) + "\u2026" : label;
                }
              }
            }
          },
          plugins: {
            legend: { display: false },
            tooltip: { callbacks: { label: function (ctx) { return ctx.dataset.label + ": " + ctx.parsed.x + "%"; } } }
          }
        }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { draw(document); });
  } else {
    draw(document);
  }
  document.addEventListener("htmx:afterSettle", function () { draw(document); });
})();
