// Spor works without JavaScript; this file only adds small comforts.
// Forms with data-confirm ask before they submit (the server still decides).
document.addEventListener("submit", function (e) {
  var form = e.target;
  var msg = form.getAttribute && form.getAttribute("data-confirm");
  if (msg && !window.confirm(msg)) {
    e.preventDefault();
  }
});
