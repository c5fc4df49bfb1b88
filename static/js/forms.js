// Forms a clerk likes; progressive enhancements, the portal works without them.
// (An external file: the Content-Security-Policy refuses inline scripts.)

// A list of check boxes (ecoorigin.widgets.CheckList) gets a box that filters its options as one
// types, and says how many are chosen (also those the filter hides).
(function () {
  "use strict";
  document.querySelectorAll("[data-checklist]").forEach(function (list) {
    var tools = list.querySelector("[data-checklist-tools]");
    var filter = list.querySelector("[data-checklist-filter]");
    var count = list.querySelector("[data-checklist-count]");
    var none = list.querySelector("[data-checklist-none]");
    var boxes = Array.prototype.slice.call(list.querySelectorAll("input[type=checkbox]"));
    var rows = boxes.map(function (box) {
      var label = box.closest("label") || box.parentNode;
      return { row: label.parentNode, text: label.textContent.replace(/\s+/g, " ").trim().toLowerCase() };
    });
    var counted = function () {
      var n = boxes.filter(function (box) { return box.checked; }).length;
      count.textContent = n ? count.dataset.template.replace("{n}", n) : "";
    };
    var filtered = function () {
      var words = filter.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (entry) {
        var match = words.every(function (word) { return entry.text.indexOf(word) !== -1; });
        entry.row.hidden = !match;
        if (match) { shown += 1; }
      });
      none.hidden = shown > 0;
    };
    filter.addEventListener("input", filtered);
    filter.addEventListener("keydown", function (event) {
      // Enter in the filter box would send the whole form: it only filters.
      if (event.key === "Enter") { event.preventDefault(); }
      if (event.key === "Escape" && filter.value) { filter.value = ""; filtered(); event.preventDefault(); }
    });
    list.addEventListener("change", counted);
    tools.hidden = false;
    counted();
  });
})();

// An export (form[data-job-start]) starts its background job with one click and shows the
// job's progress in place, below the button, until the result can be downloaded. Without
// scripts, or if this fails, the form is sent as usual and the browser shows the job's page.
(function () {
  "use strict";
  if (!window.fetch || !window.FormData) { return; }
  var follow = function (slot, url) {
    fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.text(); })
      .then(function (html) {
        slot.innerHTML = html;
        var state = slot.querySelector("[data-job-state]");
        if (state && state.dataset.done !== "1") { setTimeout(function () { follow(slot, url); }, 1500); }
      })
      .catch(function () { setTimeout(function () { follow(slot, url); }, 5000); });
  };
  document.querySelectorAll("form[data-job-start]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.plain === "1") { return; }
      event.preventDefault();
      var submitter = event.submitter;
      var body = new FormData(form);
      if (submitter && submitter.name) { body.append(submitter.name, submitter.value); }
      var slot = form.nextElementSibling;
      if (!slot || !slot.hasAttribute("data-job-slot")) {
        slot = document.createElement("div");
        slot.className = "job-inline";
        slot.setAttribute("data-job-slot", "");
        slot.setAttribute("role", "status");
        form.parentNode.insertBefore(slot, form.nextSibling);
      }
      fetch(form.action, {
        method: "POST", body: body, credentials: "same-origin",
        headers: { Accept: "application/json" }
      })
        .then(function (r) { if (r.status !== 202) { throw new Error(r.status); } return r.json(); })
        .then(function (job) { follow(slot, job.progress_url); })
        .catch(function () {
          // Not started here (an error the server explains on a page): send it the usual way.
          slot.remove();
          form.dataset.plain = "1";
          if (form.requestSubmit) { form.requestSubmit(submitter || undefined); } else { form.submit(); }
        });
    });
  });
})();
