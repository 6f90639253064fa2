/* 城运中心大屏: the operations centre's screen and the public one (cityops/screen.html).
   Reads its configuration (<script id="screen-config" type="application/json">) and its
   first state (#screen-state), has screen_draw.js draw the map and the charts, then polls
   the state every few seconds with If-None-Match (an unchanged state is a 304 with no
   body) and redraws what came: the figures, the open events (a new one marked and
   announced), the tables by department and district. No reload.
   A file, not an inline script: the pages' Content-Security-Policy runs no inline script.
   Every text it writes comes from the configuration, in the user's language. */
(function () {
  "use strict";

  var MAX_WAIT = 60;  // seconds between polls at most, after failures
  var drawing = window.CityScreenDraw;  // screen_draw.js, loaded before this file
  if (!drawing) { return; }
  var fill = drawing.fill, number = drawing.number;

  var config, texts, etag, timer, failures = 0;
  var known = null;  // event numbers already shown
  var current = null;  // the state drawn last

  function read(id) {
    var block = document.getElementById(id);
    return block ? JSON.parse(block.textContent) : null;
  }

  function percent(value) {
    return value === null || value === undefined ? "—" : number(value) + "%";
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function clock() {
    var d = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return two(d.getHours()) + ":" + two(d.getMinutes()) + ":" + two(d.getSeconds());
  }

  function setStatus(text, lost) {
    var status = document.querySelector("[data-testid=screen-status]");
    if (!status) { return; }
    status.textContent = text;
    status.classList.toggle("lost", !!lost);
  }

  // ---------------------------------------------------------------- the lists

  function eventItem(e) {
    var li = el("li", "level-" + e.level);
    li.setAttribute("data-event", e.number);
    var title = el("p", "event-title");
    title.appendChild(el("mark", "level level-" + e.level, e.level_label));
    title.appendChild(document.createTextNode(" " + e.title));
    var facts = el("p", "event-facts");
    var parts = [el("span", "", e.place), el("span", "", e.status_label)];
    if (e.deadline === "warning" || e.deadline === "overdue") {
      parts.push(el("mark", "state " + e.deadline, e.deadline_label));
    }
    if (e.department) { parts.push(el("span", "", e.department)); }
    var time = el("time", "", e.opened_text);
    time.setAttribute("datetime", e.opened_at);
    parts.push(time);
    parts.forEach(function (part, i) {
      if (i) { facts.appendChild(document.createTextNode(" · ")); }
      facts.appendChild(part);
    });
    li.appendChild(title);
    li.appendChild(facts);
    return li;
  }

  function drawEvents(state) {
    var list = document.querySelector("[data-testid=screen-events]");
    if (!list) { return; }
    var fresh = [];
    var items = state.events.rows.map(function (e) {
      var li = eventItem(e);
      if (known && !known[e.number]) { li.classList.add("is-new"); fresh.push(e); }
      return li;
    });
    if (!items.length) { items = [el("li", "empty", texts.no_events)]; }
    list.replaceChildren.apply(list, items);
    known = {};
    state.events.rows.forEach(function (e) { known[e.number] = true; });
    var count = document.querySelector("[data-screen=events-count]");
    if (count) { count.textContent = fill(texts.in_all, { n: number(state.events.total) }); }
    if (fresh.length) {
      var say = document.querySelector("[data-screen=announce]");
      if (say) {
        say.textContent = fresh.map(function (e) {
          return fill(texts.new_event, { title: e.level_label + " " + e.title });
        }).join("；");
      }
    }
  }

  function rows(selector, records, key, cells) {
    var body = document.querySelector(selector + " tbody");
    if (!body) { return; }
    var out = records.map(function (r) {
      var tr = el("tr");
      tr.setAttribute(key, r.code);
      var th = el("th", "", r.name);
      th.setAttribute("scope", "row");
      tr.appendChild(th);
      cells(r).forEach(function (text) { tr.appendChild(el("td", "num", text)); });
      return tr;
    });
    if (!out.length) {
      var empty = el("tr"), td = el("td", "", texts.nothing);
      td.setAttribute("colspan", String(cells({}).length + 1));
      empty.appendChild(td);
      out = [empty];
    }
    body.replaceChildren.apply(body, out);
  }

  function drawTables(state) {
    Object.keys(state.totals).forEach(function (key) {
      var target = document.querySelector("[data-total=" + key + "]");
      if (target) { target.textContent = number(state.totals[key]); }
    });
    rows("[data-testid=screen-departments]", state.departments, "data-department", function (d) {
      return [number(d.devices), percent(d.online_share), number(d.events), number(d.overdue)];
    });
    rows("[data-testid=screen-districts]", state.districts, "data-district", function (d) {
      return [number(d.devices), number(d.online), number(d.offline), number(d.fault),
              number(d.alarm), number(d.events)];
    });
  }

  function draw(state, fromPoll) {
    drawing.map(state);
    drawing.charts(state);
    if (fromPoll) {
      drawTables(state);
      drawEvents(state);
    } else {
      known = {};
      state.events.rows.forEach(function (e) { known[e.number] = true; });
    }
    setStatus(fill(texts.updated, { time: state.as_of_text }), false);
    current = state;
  }

  // ---------------------------------------------------------------- polling

  function schedule() {
    clearTimeout(timer);
    if (document.hidden) { return; }
    var wait = Math.min(config.poll_seconds * Math.pow(2, failures), MAX_WAIT);
    timer = setTimeout(poll, wait * 1000);
  }

  function poll() {
    var headers = { Accept: "application/json" };
    if (etag) { headers["If-None-Match"] = etag; }
    fetch(config.state_url, { headers: headers, credentials: "same-origin", cache: "no-store" })
      .then(function (r) {
        if (r.status === 304) { return null; }
        if (!r.ok) { throw new Error(String(r.status)); }
        etag = r.headers.get("ETag") || etag;
        return r.json();
      })
      .then(function (state) {
        failures = 0;
        if (state) { draw(state, true); } else { setStatus(fill(texts.checked, { time: clock() }), false); }
      })
      .catch(function () {
        failures += 1;
        setStatus(texts.lost, true);
      })
      .then(schedule);
  }

  function start() {
    config = read("screen-config");
    current = read("screen-state");
    if (!config || !current) { return; }
    texts = config.texts;
    etag = config.etag;
    drawing.setup(config);
    if (!window.echarts) { schedule(); return; }
    draw(current, false);
    drawing.loadMap()
      .then(function () { drawing.map(current); })
      .catch(function () { setStatus(texts.lost, true); })
      .then(schedule);
    window.addEventListener("resize", drawing.resize);
    document.addEventListener("visibilitychange", function () {
      if (document.hidden) { clearTimeout(timer); } else { poll(); }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
