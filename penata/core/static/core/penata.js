// Penata page behaviour. No inline scripts anywhere (the CSP forbids them): behaviour hangs on
// data attributes and is re-applied after every HTMX swap.
(function () {
  "use strict";

  function applyWidths(root) {
    root.querySelectorAll("[data-width]").forEach(function (el) {
      var w = parseFloat(el.getAttribute("data-width"));
      if (!isNaN(w)) { el.style.width = Math.max(0, Math.min(100, w)) + "%"; }
    });
  }

  document.addEventListener("click", function (ev) {
    var confirmEl = ev.target.closest("[data-confirm]");
    if (confirmEl && !window.confirm(confirmEl.getAttribute("data-confirm"))) {
      ev.preventDefault();
      return;
    }
    var copyEl = ev.target.closest("[data-copy-target]");
    if (copyEl) {
      var input = document.querySelector(copyEl.getAttribute("data-copy-target"));
      if (input) {
        input.select();
        if (navigator.clipboard) { navigator.clipboard.writeText(input.value); }
      }
    }
  });

  document.addEventListener("DOMContentLoaded", function () { applyWidths(document); });
  document.addEventListener("htmx:afterSwap", function (ev) { applyWidths(ev.detail.elt.parentNode || document); });
  document.addEventListener("htmx:afterSettle", function () { applyWidths(document); });
  window.Penata = { applyWidths: applyWidths };
})();
