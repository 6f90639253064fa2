/* The figures pages' bar charts (ECharts). Each chart is a <script type="application/json"
   data-bar-chart> holding {"chart": holder id, "data": data id, "rotate_over": n,
   "bar_labels": bool}; the data element holds {"labels": [...], "series": [{name, data}]}.
   A file, not an inline script: the pages' Content-Security-Policy runs no inline script. */
(function () {
  function draw(config) {
    var holder = document.getElementById(config.chart);
    var source = document.getElementById(config.data);
    if (!holder || !source || !window.echarts) { return; }
    var data = JSON.parse(source.textContent);
    var chart = window.echarts.init(holder, null, { renderer: "canvas" });
    chart.setOption({
      aria: { enabled: true },
      color: ["#1565c0", "#2e7d32"],
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 8, right: 8, bottom: 8, top: 36, containLabel: true },
      xAxis: {
        type: "category",
        data: data.labels,
        axisLabel: { interval: 0, rotate: data.labels.length > config.rotate_over ? 30 : 0 }
      },
      yAxis: { type: "value", minInterval: 1 },
      series: data.series.map(function (s) {
        var bar = { name: s.name, type: "bar", data: s.data };
        if (config.bar_labels) { bar.label = { show: true, position: "top" }; }
        return bar;
      })
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  function start() {
    document.querySelectorAll("script[data-bar-chart]").forEach(function (el) {
      draw(JSON.parse(el.textContent));
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
