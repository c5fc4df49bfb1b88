// Small progressive enhancements; the portal works without them.
(function () {
  "use strict";
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

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
