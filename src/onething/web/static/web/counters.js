/* Live character counters for textareas (an element with data-counter-for="<textarea id>";
   the count is also rendered by the server). */
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-counter-for]").forEach(function (out) {
    var input = document.getElementById(out.dataset.counterFor);
    if (!input) return;
    var max = input.getAttribute("maxlength");
    var show = function () { out.textContent = input.value.length + " / " + max; };
    input.addEventListener("input", show);
    show();
  });
});
