// The rating form shows the perilaku rating and the predikat as the appraiser picks: the same
// rules as penata/performance/rules.py (majority of the seven BerAKHLAK values; the matrix of
// PermenPANRB 6/2022), read from the json_script block. The server decides; this only previews.
(function () {
  "use strict";
  var LABELS = { di_atas: "Di Atas Ekspektasi", sesuai: "Sesuai Ekspektasi", di_bawah: "Di Bawah Ekspektasi" };

  function update(form, spec) {
    var hasil = form.querySelector("[data-rating=hasil]").value;
    var values = Array.prototype.map.call(form.querySelectorAll("[data-rating=perilaku]"), function (el) { return el.value; });
    var perilakuEl = form.querySelector("[data-live=perilaku]");
    var predikatEl = form.querySelector("[data-live=predikat]");
    if (values.indexOf("") !== -1) {
      perilakuEl.textContent = "\u2014";
      predikatEl.textContent = "\u2014";
      return;
    }
    var atas = values.filter(function (v) { return v === "di_atas"; }).length;
    var bawah = values.filter(function (v) { return v === "di_bawah"; }).length;
    var perilaku = "sesuai";
    if (bawah >= spec.majority) { perilaku = "di_bawah"; } else if (atas >= spec.majority && bawah === 0) { perilaku = "di_atas"; }
    perilakuEl.textContent = LABELS[perilaku];
    predikatEl.textContent = hasil ? spec.matrix[hasil + "|" + perilaku] : "\u2014";
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-matrix]");
    if (!form) { return; }
    var el = document.getElementById(form.getAttribute("data-matrix"));
    if (!el) { return; }
    var spec = JSON.parse(el.textContent);
    form.addEventListener("change", function () { update(form, spec); });
    update(form, spec);
  });
})();
