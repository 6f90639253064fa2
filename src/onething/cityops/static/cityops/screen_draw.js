/* 城运中心大屏, the drawing (cityops/screen.html; the lists and the polling are screen.js):
   Wuxi's districts from the GeoJSON served with the static files (echarts.registerMap),
   the devices as points coloured by state and level, the open events as pins, security
   devices counted at their district's centre (the GeoJSON's "cp"), never at their place,
   and the departments' figures as bar charts. Every text comes from the page's
   configuration, in the user's language. A file: the pages' CSP runs no inline script. */
(function () {
  "use strict";

  var COLORS = {
    online: "#2e7d32", warning: "#f9a825", alarm: "#c62828", offline: "#757575",
    fault: "#6a1b9a", security: "#00838f", normal: "#2e7d32"
  };
  var CATEGORIES = ["online", "offline", "fault", "warning", "alarm"];  // drawn in this order
  var SIZES = { online: 6, offline: 6, fault: 8, warning: 10, alarm: 12 };

  var config, texts, labels;
  var mapChart = null, devicesChart = null, eventsChart = null;
  var centres = {};  // district name → [longitude, latitude] (the GeoJSON's "cp")

  function fill(template, values) {
    return String(template).replace(/%\((\w+)\)s/g, function (_, key) {
      return values[key] === undefined ? "" : String(values[key]);
    });
  }

  function escapeHtml(text) {
    return String(text === null || text === undefined ? "" : text)
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }

  function number(value) {
    return value === null || value === undefined ? "—" : Number(value).toLocaleString("zh-CN");
  }

  // ---------------------------------------------------------------- the map

  function category(state, level) {
    if (state !== "online") { return state; }
    return level === "normal" ? "online" : level;
  }

  function place(row) {
    if (row.longitude !== null && row.longitude !== undefined) {
      return [row.longitude, row.latitude];
    }
    return centres[row.district] || centres[row.name] || null;
  }

  function deviceSeries(state) {
    var columns = state.devices.columns, groups = {};
    CATEGORIES.forEach(function (c) { groups[c] = []; });
    state.devices.rows.forEach(function (values) {
      var d = {};
      columns.forEach(function (name, i) { d[name] = values[i]; });
      var c = category(d.state, d.level);
      (groups[c] || groups.offline).push({
        name: d.name, value: [d.longitude, d.latitude], kind: "device",
        code: d.code, type: d.type, state: d.state, level: d.level
      });
    });
    return CATEGORIES.map(function (c) {
      return {
        id: "devices-" + c,
        name: c === "online" ? labels.states.online : (labels.states[c] || labels.levels[c]),
        type: c === "alarm" ? "effectScatter" : "scatter",
        coordinateSystem: "geo",
        data: groups[c],
        symbolSize: SIZES[c],
        z: 2 + CATEGORIES.indexOf(c),
        itemStyle: { color: COLORS[c], borderColor: "#fff", borderWidth: 0.5 },
        rippleEffect: { scale: 3, brushType: "stroke" }
      };
    });
  }

  function eventSeries(state) {
    var data = [];
    state.events.rows.forEach(function (e) {
      var at = place(e);
      if (!at) { return; }
      data.push({
        name: e.title, value: at, kind: "event", number: e.number, place: e.place,
        status: e.status_label, deadline: e.deadline_label, level: e.level_label,
        itemStyle: { color: COLORS[e.level] === COLORS.normal ? "#0d47a1" : COLORS[e.level] }
      });
    });
    return {
      id: "events", name: texts.events, type: "scatter", coordinateSystem: "geo",
      symbol: "pin", symbolSize: 26, z: 10, data: data
    };
  }

  function clusterSeries(state) {
    var data = [];
    state.clusters.forEach(function (c) {
      var at = place(c);
      if (!at) { return; }
      data.push({ name: c.name, value: at.concat([c.devices]), kind: "cluster", cluster: c });
    });
    return {
      id: "security", name: texts.security, type: "scatter", coordinateSystem: "geo",
      symbol: "circle", z: 9, data: data,
      symbolSize: function (value) { return 16 + Math.sqrt(value[2]) * 4; },
      itemStyle: { color: COLORS.security, opacity: 0.85 },
      label: { show: true, formatter: function (p) { return p.value[2]; }, color: "#fff" }
    };
  }

  function tooltip(p) {
    var d = p.data || {};
    if (d.kind === "device") {
      return "<b>" + escapeHtml(d.name) + "</b><br>" + escapeHtml(d.code) + " · " +
        escapeHtml(d.type) + "<br>" + escapeHtml(labels.states[d.state] || d.state) + " · " +
        escapeHtml(labels.levels[d.level] || d.level);
    }
    if (d.kind === "event") {
      return "<b>" + escapeHtml(d.name) + "</b><br>" + escapeHtml(d.number) + "<br>" +
        escapeHtml(d.place) + " · " + escapeHtml(d.level) + " · " + escapeHtml(d.status) +
        (d.deadline ? " · " + escapeHtml(d.deadline) : "");
    }
    if (d.kind === "cluster") {
      var c = d.cluster;
      return "<b>" + escapeHtml(c.name) + "</b><br>" + escapeHtml(texts.security) + "<br>" +
        escapeHtml(labels.states.online) + " " + number(c.online) + " · " +
        escapeHtml(labels.states.offline) + " " + number(c.offline) + " · " +
        escapeHtml(labels.states.fault) + " " + number(c.fault) + " · " +
        escapeHtml(labels.levels.alarm) + " " + number(c.alarm);
    }
    return escapeHtml(p.name);
  }

  function drawMap(state) {
    var holder = document.getElementById("screen-map");
    if (!holder || !window.echarts || !centres.__ready) { return; }
    if (!mapChart) {
      mapChart = window.echarts.init(holder, null, { renderer: "canvas", locale: "ZH" });
    }
    var series = deviceSeries(state).concat([eventSeries(state), clusterSeries(state)]);
    mapChart.setOption({
      aria: { enabled: true },
      tooltip: { trigger: "item", formatter: tooltip, confine: true },
      geo: {
        map: config.map,
        roam: window.matchMedia("(min-width: 768px)").matches,
        layoutCenter: ["50%", "50%"],
        layoutSize: "96%",
        label: { show: true, color: "#37474f", fontSize: 11 },
        itemStyle: { areaColor: "#eef3f8", borderColor: "#90a4ae" },
        emphasis: { label: { color: "#263238" }, itemStyle: { areaColor: "#dce7f1" } }
      },
      series: series
    }, { replaceMerge: ["series"] });
    var drawn = state.devices.rows.length;
    holder.setAttribute("data-drawn-devices", String(drawn));
    holder.setAttribute("data-drawn-events", String(series[series.length - 2].data.length));
    holder.setAttribute("aria-label", fill(texts.map_label, {
      devices: number(state.totals.devices), events: number(state.events.total)
    }));
  }

  function loadMap() {
    return fetch(config.geo_url, { credentials: "same-origin" })
      .then(function (r) {
        if (!r.ok) { throw new Error(String(r.status)); }
        return r.json();
      })
      .then(function (geo) {
        window.echarts.registerMap(config.map, geo);
        (geo.features || []).forEach(function (f) {
          var p = f.properties || {};
          if (p.name && p.cp) { centres[p.name] = p.cp; }
        });
        centres.__ready = true;
      });
  }

  // ---------------------------------------------------------------- the charts

  function bars(holder, chart, names, series) {
    if (!holder || !window.echarts) { return chart; }
    var height = Math.max(12, 3 + names.length * 2.2) + "rem";  // a bar's room per department
    if (holder.style.height !== height) {
      holder.style.height = height;
      if (chart) { chart.resize(); }
    }
    chart = chart || window.echarts.init(holder, null, { renderer: "canvas", locale: "ZH" });
    chart.setOption({
      aria: { enabled: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 8, right: 16, bottom: 8, top: 32, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: names, inverse: true, axisLabel: { width: 140, overflow: "truncate" } },
      series: series
    }, { replaceMerge: ["series"] });
    return chart;
  }

  function drawCharts(state) {
    var withDevices = state.departments.filter(function (d) { return d.devices > 0; });
    devicesChart = bars(
      document.getElementById("screen-chart-devices"), devicesChart,
      withDevices.map(function (d) { return d.name; }),
      ["online", "offline", "fault"].map(function (s) {
        return {
          name: labels.states[s], type: "bar", stack: "devices",
          itemStyle: { color: COLORS[s] },
          data: withDevices.map(function (d) { return d[s]; })
        };
      })
    );
    var withEvents = state.departments.filter(function (d) { return d.events > 0; });
    eventsChart = bars(
      document.getElementById("screen-chart-events"), eventsChart,
      withEvents.map(function (d) { return d.name; }),
      [
        { name: texts.events, type: "bar", itemStyle: { color: "#1565c0" },
          data: withEvents.map(function (d) { return d.events; }) },
        { name: texts.overdue, type: "bar", itemStyle: { color: COLORS.alarm },
          data: withEvents.map(function (d) { return d.overdue; }) }
      ]
    );
  }
  function resize() {
    [mapChart, devicesChart, eventsChart].forEach(function (c) { if (c) { c.resize(); } });
  }

  window.CityScreenDraw = {
    setup: function (pageConfig) {
      config = pageConfig;
      texts = config.texts;
      labels = config.labels;
    },
    loadMap: loadMap,
    map: drawMap,
    charts: drawCharts,
    resize: resize,
    fill: fill,
    number: number
  };
})();
