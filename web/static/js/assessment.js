// Optional comforts for the self-assessment. Without this script the form works the
// same: the counters are right when the page is drawn, and "Save and continue later"
// keeps the answers.
(function () {
  var form = document.getElementById("assessment-form");
  if (!form) {
    return;
  }

  // Live counters: the whole form's (a status message, announced politely) and each
  // area's, filled in from the templates the page carries in its own language.
  function count(root) {
    var groups = root.querySelectorAll("fieldset.likert");
    var done = 0;
    for (var i = 0; i < groups.length; i++) {
      if (groups[i].querySelector("input[type=radio]:checked")) {
        done++;
      }
    }
    return done;
  }
  function show(el, done) {
    var tpl = el && el.getAttribute("data-template");
    if (tpl) {
      el.textContent = tpl.replace("{done}", String(done));
    }
  }
  function update() {
    var done = count(form);
    show(document.getElementById("assessment-status"), done);
    var bar = form.querySelector(".assessment-counter progress");
    if (bar) {
      bar.value = done;
    }
    var sections = form.querySelectorAll(".assessment-section");
    for (var i = 0; i < sections.length; i++) {
      show(sections[i].querySelector(".assessment-section__status"), count(sections[i]));
    }
  }
  form.addEventListener("change", update);

  // Each answer is saved as a draft as soon as it is chosen.
  if (!window.fetch || !window.FormData) {
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
