// 数据看板 (HQ): ranked bars of bureaus and zones and a bureau's trend across ranked years,
// drawn with the bundled Chart.js from the page's JSON data block (json_script). The page is
// complete without it: every chart has a table next to it.
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source || typeof window.Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var Chart = window.Chart;
  var style = getComputedStyle(document.documentElement);
  var green = (style.getPropertyValue("--green") || "#1f6f4a").trim();
  var blue = (style.getPropertyValue("--blue") || "#175cd3").trim();
  var amber = (style.getPropertyValue("--amber") || "#b54708").trim();
  Chart.defaults.font.family = style.fontFamily;
  Chart.defaults.color = (style.getPropertyValue("--ink") || "#1f2933").trim();

  var canvas = function (name) { return document.querySelector('canvas[data-chart="' + name + '"]'); };
  var go = function (template, code) {
    window.location.href = template.replace("__code__", encodeURIComponent(code));
  };

  // A horizontal bar per bureau (or zone), best first; a click drills down.
  var rankedBars = function (element, rows, urlTemplate) {
    if (!element || !rows.length) { return; }
    new Chart(element, {
      type: "bar",
      data: {
        labels: rows.map(function (r) { return r.rank + ". " + r.name; }),
        datasets: [{
          label: data.labels.score,
          data: rows.map(function (r) { return r.score; }),
          backgroundColor: green,
          borderRadius: 2
        }]
      },
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true }, y: { ticks: { autoSkip: false } } },
        onClick: function (_event, elements) {
          if (elements.length) { go(urlTemplate, rows[elements[0].index].code); }
        },
        onHover: function (event, elements) {
          event.native.target.style.cursor = elements.length ? "pointer" : "default";
        }
      }
    });
  };
  rankedBars(canvas("bureaus"), data.bureaus, data.urls.bureau);
  rankedBars(canvas("zones"), data.zones, data.urls.zone);

  // The selected bureau's score and national rank in every ranked year.
  var trendCanvas = canvas("trend");
  var select = document.querySelector("select[data-trend-select]");
  var lines = {};
  (data.trend.bureaus || []).forEach(function (line) { lines[line.code] = line; });
  if (!trendCanvas || !select || !data.trend.years.length) { return; }
  var pick = function () { return lines[select.value] || data.trend.bureaus[0]; };
  var line = pick();
  var trend = new Chart(trendCanvas, {
    type: "line",
    data: {
      labels: data.trend.years.map(String),
      datasets: [
        { label: data.labels.score, data: line.scores, borderColor: blue, backgroundColor: blue, yAxisID: "y", spanGaps: true, tension: 0.2 },
        { label: data.labels.rank, data: line.ranks, borderColor: amber, backgroundColor: amber, yAxisID: "rank", spanGaps: true, borderDash: [4, 3] }
      ]
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: "index", intersect: false },
      scales: {
        y: { beginAtZero: true, position: "left", title: { display: true, text: data.labels.score } },
        rank: { reverse: true, min: 1, suggestedMax: Math.max(data.bureaus.length, 1), position: "right", ticks: { precision: 0 }, grid: { drawOnChartArea: false }, title: { display: true, text: data.labels.rank } }
      }
    }
  });
  select.addEventListener("change", function () {
    var chosen = pick();
    trend.data.datasets[0].data = chosen.scores;
    trend.data.datasets[1].data = chosen.ranks;
    trend.update();
  });
})();
