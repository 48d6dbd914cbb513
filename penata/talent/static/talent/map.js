(function () {
  const el = document.getElementById("box-chart-data");
  const canvas = document.getElementById("box-chart");
  if (!el || !canvas || typeof Chart === "undefined") return;
  const data = JSON.parse(el.textContent);
  new Chart(canvas, {
    type: "bar",
    data: { labels: data.labels.map((l) => "Kotak " + l), datasets: [{ label: "Pegawai", data: data.counts }] },
    options: { responsive: true, maintainAspectRatio: false, plugins: { legend: { display: false } } },
  });
})();
