/* A shared car park's public page: the cars in and whom the car park is for now, polled
   from the public API every data-every seconds (default 30) while the page is visible.
   A file, not an inline script: the pages' Content-Security-Policy runs no inline script. */
(function () {
  function start(box) {
    var url = box.getAttribute("data-url");
    var every = Math.max(10, parseInt(box.getAttribute("data-every"), 10) || 30) * 1000;
    var occupied = box.querySelector("[data-occupied]");
    var group = box.querySelector("[data-now-group]");
    var status = box.querySelector("[data-live-status]");
    function refresh() {
      if (document.hidden) { return; }
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (answer) {
          if (!answer.ok) { throw new Error(String(answer.status)); }
          return answer.json();
        })
        .then(function (data) {
          if (occupied) { occupied.textContent = String(data.occupied); }
          if (group && data.now_group_label) { group.textContent = data.now_group_label; }
          if (status) { status.textContent = ""; }
        })
        .catch(function () {
          if (status) { status.textContent = status.getAttribute("data-failed") || ""; }
        });
    }
    window.setInterval(refresh, every);
    document.addEventListener("visibilitychange", function () {
      if (!document.hidden) { refresh(); }
    });
  }
  function init() {
    document.querySelectorAll("[data-parking-live]").forEach(start);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
