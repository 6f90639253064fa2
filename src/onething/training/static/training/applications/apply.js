/* The application form: when the chosen university has no credit agreement valid when the
   class starts (its id is in the select's data-no-agreement), say so beside the choice. */
document.addEventListener("DOMContentLoaded", function () {
  var select = document.querySelector("select[data-no-agreement]");
  var note = document.querySelector("[data-testid=no-agreement]");
  if (!select || !note) return;
  var ids = (select.dataset.noAgreement || "").split(",").filter(Boolean);
  var show = function () { note.hidden = ids.indexOf(select.value) < 0; };
  select.addEventListener("change", show);
  show();
});
