// Small progressive enhancements; the portal works without them.
(function () {
  "use strict";
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // A table wider than the screen (a phone's) scrolls sideways in its card: such a card takes
  // the keyboard's focus, so that it can be scrolled without a mouse too (WCAG 2.1.1).
  var scrollers = document.querySelectorAll(".card, .table-scroll");
  var focusScrollers = function () {
    scrollers.forEach(function (box) {
      if (box.scrollWidth > box.clientWidth) {
        box.tabIndex = 0;
      } else {
        box.removeAttribute("tabindex");
      }
    });
  };
  focusScrollers();
  window.addEventListener("resize", focusScrollers);

  // A background job's page follows its state until it is done, then reloads once.
  var job = document.getElementById("job");
  if (job && job.dataset.done === "0") {
    var poll = function () {
      fetch(job.dataset.statusUrl, { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          job.querySelector("[data-job-status]").textContent = data.status_display;
          job.querySelector("[data-job-progress]").value = data.progress;
          var text = job.querySelector("[data-job-progress-text]");
          if (text) { text.textContent = data.progress + "%"; }
          if (data.done) { window.location.reload(); } else { setTimeout(poll, 1500); }
        })
        .catch(function () { setTimeout(poll, 5000); });
    };
    setTimeout(poll, 1000);
  }
})();

// Autosave of the application draft: saves a second after typing stops, and says so.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave-url]");
  if (!form) { return; }
  var status = form.querySelector("[data-autosave-status]");
  var timer = null;
  var save = function () {
    fetch(form.dataset.autosaveUrl, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "X-Requested-With": "XMLHttpRequest" }
    })
      .then(function (r) { return r.json().then(function (data) { return { ok: r.ok, data: data }; }); })
      .then(function (result) {
        if (!status) { return; }
        status.textContent = result.ok
          ? status.dataset.savedLabel + " " + result.data.saved_at
          : (result.data.detail || status.dataset.failedLabel);
      })
      .catch(function () { if (status) { status.textContent = status.dataset.failedLabel; } });
  };
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(save, 1000);
  });
})();
