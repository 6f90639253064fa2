/* 新街·吴韵 scoring: the stars of a criterion light up to the one chosen (the radio button
   underneath is what is sent; without this script the chosen star alone is lit). A file,
   not an inline script: the pages' Content-Security-Policy runs no inline script. */
(function () {
  function light(row) {
    var chosen = row.querySelector("input[type=radio]:checked");
    var value = chosen ? parseInt(chosen.value, 10) : 0;
    row.querySelectorAll("label.star").forEach(function (label) {
      var input = label.querySelector("input[type=radio]");
      label.classList.toggle("lit", parseInt(input.value, 10) <= value);
    });
  }
  function start() {
    document.querySelectorAll("[data-stars]").forEach(function (row) {
      row.addEventListener("change", function () { light(row); });
      light(row);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
