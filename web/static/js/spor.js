// Spor works without JavaScript; this file only adds small comforts.
// Forms with data-confirm ask before they submit (the server still decides).
document.addEventListener("submit", function (e) {
  var form = e.target;
  var msg = form.getAttribute && form.getAttribute("data-confirm");
  if (msg && !window.confirm(msg)) {
    e.preventDefault();
  }
});

// A read-only address field (a calendar feed) gets a copy button; without scripts
// the field itself is selectable, and focusing it selects the whole address.
document.querySelectorAll("input[data-copy-label]").forEach(function (input) {
  input.addEventListener("focus", function () { input.select(); });
  if (!navigator.clipboard) {
    return;
  }
  var button = document.createElement("button");
  button.type = "button";
  button.className = "button button--quiet copy-button";
  button.textContent = input.getAttribute("data-copy-label");
  var status = document.createElement("span");
  status.setAttribute("role", "status");
  status.className = "copy-status";
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(input.value).then(function () {
      status.textContent = input.getAttribute("data-copied");
    }, function () {
      input.focus();
    });
  });
  input.insertAdjacentElement("afterend", status);
  input.insertAdjacentElement("afterend", button);
});
