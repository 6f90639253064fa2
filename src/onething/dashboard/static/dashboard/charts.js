/* Draws the figures page's charts with ECharts. Each element with data-chart names the
   json_script element holding {kind: "bar"|"line"|"pie", labels: [...],
   series: [{name, data}], unit: "" | "%" | "h"}. */
(function () {
  "use strict";
  var COLOURS = ["#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#c62828", "#5d4037"];

  function suffix(unit) { return unit === "%" ? "%" : ""; }

  function option(data) {
    var unit = suffix(data.unit);
    if (data.kind === "pie") {
      var values = data.series[0] ? data.series[0].data : [];
      return {
        aria: { enabled: true },
        color: COLOURS,
        tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
        legend: { type: "scroll", bottom: 0 },
        series: [{
          type: "pie",
          radius: ["30%", "65%"],
          name: data.series[0] ? data.series[0].name : "",
          data: data.labels.map(function (label, i) { return { name: label, value: values[i] }; })
        }]
      };
    }
    return {
      aria: { enabled: true },
      color: COLOURS,
      tooltip: { trigger: "axis" },
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 8, bottom: 8, top: 36, containLabel: true },
      xAxis: {
        type: "category",
        data: data.labels,
        axisLabel: { interval: data.kind === "line" ? "auto" : 0, rotate: data.labels.length > 6 ? 30 : 0 }
      },
      yAxis: { type: "value", minInterval: unit ? 0 : 1, axisLabel: { formatter: "{value}" + unit } },
      series: data.series.map(function (s) {
        return { name: s.name, type: data.kind, data: s.data, connectNulls: false, smooth: false };
      })
    };
  }

  function draw() {
    if (!window.echarts) { return; }
    var holders = document.querySelectorAll("[data-chart]");
    Array.prototype.forEach.call(holders, function (holder) {
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
