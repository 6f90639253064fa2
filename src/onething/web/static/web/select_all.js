/* A "select all" checkbox: <input type="checkbox" data-select-all="<name>"> ticks or unticks
   every checkbox named <name> in its form. */
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("input[data-select-all]").forEach(function (all) {
    all.addEventListener("change", function () {
      var scope = all.form || document;
      scope.querySelectorAll('input[name="' + all.dataset.selectAll + '"]').forEach(function (box) {
        if (!box.disabled) { box.checked = all.checked; }
      });
    });
  });
});
