/* The attendance sheet of a class: the button "mark everyone present" (data-mark-all) ticks
   that mark for every student of its form who has none yet; shown only when scripts run. */
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("button[data-mark-all]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var form = button.form;
      var value = button.dataset.markAll;
      form.querySelectorAll("fieldset.marks").forEach(function (group) {
        if (group.querySelector("input:checked")) { return; }
        var input = group.querySelector('input[value="' + value + '"]');
        if (input) { input.checked = true; }
      });
    });
  });
});
