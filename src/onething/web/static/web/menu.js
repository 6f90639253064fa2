/* The site menu on a phone. Loaded right after the header's markup (not deferred), so the
   menu is folded before the page is first drawn. The header's button (hidden when scripts
   do not run: the menu then stays open) shows or hides the navigation below 768px
   (site.css); on a wider screen the navigation is always shown. Escape folds it again. */
(function () {
  var script = document.currentScript;
  var header = script && script.closest(".site-header");
  var button = header && header.querySelector(".menu-toggle");
  var nav = button && document.getElementById(button.getAttribute("aria-controls"));
  if (!nav) { return; }
  function setOpen(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    header.classList.toggle("menu-open", open);
  }
  setOpen(false);
  button.hidden = false;
  header.classList.add("menu-ready");
  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && header.classList.contains("menu-open")) {
      setOpen(false);
      button.focus();
    }
  });
})();
