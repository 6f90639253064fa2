/* The grid inspector's report (网格员上报): the phone's position fills the latitude and
   longitude (navigator.geolocation), asked once when the page opens with both empty and
   again with the "use my position" button. Without geolocation (or when refused), the
   button stays hidden or says so, and the two inputs are typed by hand or left empty. The
   words come from the page (data-busy, data-done, data-failed), in the reader's language. */
document.addEventListener("DOMContentLoaded", function () {
  var button = document.querySelector("[data-locate]");
  var latitude = document.querySelector("input[name=latitude]");
  var longitude = document.querySelector("input[name=longitude]");
  if (!button || !latitude || !longitude || !("geolocation" in navigator)) { return; }
  var status = document.querySelector("[data-locate-status]");
  var say = function (text) { if (status) { status.textContent = text; } };
  var locate = function () {
    button.disabled = true;
    say(button.dataset.busy);
    navigator.geolocation.getCurrentPosition(
      function (position) {
        latitude.value = position.coords.latitude.toFixed(6);
        longitude.value = position.coords.longitude.toFixed(6);
        button.disabled = false;
        say(button.dataset.done);
      },
      function () {
        button.disabled = false;
        say(button.dataset.failed);
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
    );
  };
  button.closest("[hidden]") && button.closest("[hidden]").removeAttribute("hidden");
  button.addEventListener("click", locate);
  if (!latitude.value && !longitude.value) { locate(); }
});
