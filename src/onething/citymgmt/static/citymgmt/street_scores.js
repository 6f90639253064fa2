/* A street's monthly scores as a line chart (ECharts, vendored), drawn into
   #street-score-chart from the JSON block #street-score-data:
   {"labels": ["2021-01", ...], "series": [{"name", "data"}], "max": 100}.
   A file, not an inline script: the pages' Content-Security-Policy runs no inline script. */
(function () {
  function draw() {
    var holder = document.getElementById("street-score-chart");
    var source = document.getElementById("street-score-data");
    if (!holder || !source || !window.echarts) { return; }
    var data = JSON.parse(source.textContent);
    var chart = window.echarts.init(holder, null, { renderer: "canvas" });
    chart.setOption({
      aria: { enabled: true },
      color: ["#a01e1e", "#1565c0"],
      tooltip: { trigger: "axis" },
      grid: { left: 8, right: 28, bottom: 8, top: 28, containLabel: true },
      xAxis: { type: "category", data: data.labels, boundaryGap: false },
      yAxis: { type: "value", min: 0, max: data.max || 100 },
      series: data.series.map(function (s) {
        return {
          name: s.name,
          type: "line",
          data: s.data,
          smooth: true,
          symbolSize: 7,
          label: { show: data.labels.length <= 12, position: "top" }
        };
      })
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
