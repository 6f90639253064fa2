/* The institute's figures page: its charts with the vendored ECharts. Each element with
   data-chart names the JSON block (<script type="application/json">) holding
   {kind: "bar" | "pie", labels: [...], series: [{name, data}]}.
   A file, not an inline script: the pages' Content-Security-Policy runs no inline script. */
(function () {
  "use strict";
  var COLOURS = ["#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#c62828"];

  function option(data) {
    if (data.kind === "pie") {
      var values = data.series[0] ? data.series[0].data : [];
      return {
        aria: { enabled: true },
        color: COLOURS,
        tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
        legend: { bottom: 0 },
        series: [{
          type: "pie",
          radius: ["35%", "65%"],
          name: data.series[0] ? data.series[0].name : "",
          label: { formatter: "{c}" },
          data: data.labels.map(function (label, i) { return { name: label, value: values[i] }; })
        }]
      };
    }
    return {
      aria: { enabled: true },
      color: COLOURS,
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 8, right: 8, bottom: 8, top: 36, containLabel: true },
      xAxis: {
        type: "category",
        data: data.labels,
        axisLabel: { interval: 0, rotate: data.labels.length > 6 ? 30 : 0 }
      },
      yAxis: { type: "value", minInterval: 1 },
      series: data.series.map(function (s) {
        return { name: s.name, type: "bar", data: s.data, label: { show: data.labels.length <= 8, position: "top" } };
      })
    };
  }

  function draw() {
    if (!window.echarts) { return; }
    document.querySelectorAll("[data-chart]").forEach(function (holder) {
      var source = document.getElementById(holder.getAttribute("data-chart"));
      if (!source) { return; }
      var chart = window.echarts.init(holder, null, { renderer: "canvas" });
      chart.setOption(option(JSON.parse(source.textContent)));
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
