// Optional comfort for the self-assessment: each answer is saved as a draft as soon
// as it is chosen. Without this script the "Save draft" button does the same.
(function () {
  var form = document.getElementById("assessment-form");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var url = form.getAttribute("data-autosave");
  var timer = null;
  function save() {
    timer = null;
    var data = new URLSearchParams(new FormData(form));
    data.set("action", "draft");
    fetch(url, { method: "POST", body: data, credentials: "same-origin" }).catch(function () {});
  }
  form.addEventListener("change", function () {
    if (timer) {
      clearTimeout(timer);
    }
    timer = setTimeout(save, 400);
  });
})();
