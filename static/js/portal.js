// Small progressive enhancements; the portal works without them.
(function () {
  "use strict";
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // On a phone the rows of a table become cards (portal.css, .table.stackable), each cell
  // labelled with its column's heading: no column is hidden, nothing scrolls sideways. A table
  // whose headings span columns, or with a footer, or marked .keep-table, stays a table.
  document.querySelectorAll("table.table").forEach(function (table) {
    var head = table.tHead;
    if (!head || head.rows.length !== 1 || table.tFoot || table.classList.contains("keep-table")) {
      return;
    }
    var labels = Array.prototype.map.call(head.rows[0].cells, function (cell) {
      return cell.colSpan === 1 && cell.rowSpan === 1
        ? cell.textContent.replace(/\s+/g, " ").trim() : null;
    });
    if (labels.indexOf(null) !== -1) { return; }
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        if (row.cells.length !== labels.length) { return; }  // "nothing yet" across the columns
        Array.prototype.forEach.call(row.cells, function (cell, i) {
          if (labels[i]) { cell.setAttribute("data-label", labels[i]); }
          // The cell's content in one box, beside its label on a phone.
          var value = document.createElement("div");
          value.className = "cell-value";
          while (cell.firstChild) { value.appendChild(cell.firstChild); }
          cell.appendChild(value);
        });
      });
    });
    table.classList.add("stackable");
  });

  // What still scrolls sideways in its card (a wide table that stays a table) takes the
  // keyboard's focus, so that it can be scrolled without a mouse too (WCAG 2.1.1), is a named
  // region, and says that it scrolls (base.html gives the words: data-scroll-hint).
  var script = document.currentScript;
  var hintText = (script && script.getAttribute("data-scroll-hint")) || "";
  var focusScrollers = function () {
    document.querySelectorAll(".card, .table-scroll").forEach(function (box) {
      var marked = box.hasAttribute("data-scroll-region");
      if (box.scrollWidth > box.clientWidth) {
        box.tabIndex = 0;
        if (marked) { return; }
        box.setAttribute("data-scroll-region", "");
        if (!box.hasAttribute("role")) {
          box.setAttribute("role", "region");
          box.setAttribute("data-scroll-role", "");
        }
        if (!box.hasAttribute("aria-label") && !box.hasAttribute("aria-labelledby")) {
          var heading = box.querySelector("h1, h2, h3, caption");
          var name = heading ? heading.textContent.replace(/\s+/g, " ").trim() : "";
          box.setAttribute("aria-label", name ? name + " · " + hintText : hintText);
          box.setAttribute("data-scroll-label", "");
        }
        if (hintText) {
          var hint = document.createElement("p");
          hint.className = "scroll-hint";
          hint.setAttribute("data-scroll-hint", "");
          hint.textContent = hintText;
          box.insertBefore(hint, box.firstChild);
        }
      } else {
        box.removeAttribute("tabindex");
        if (!marked) { return; }
        box.removeAttribute("data-scroll-region");
        if (box.hasAttribute("data-scroll-role")) {
          box.removeAttribute("role");
          box.removeAttribute("data-scroll-role");
        }
        if (box.hasAttribute("data-scroll-label")) {
          box.removeAttribute("aria-label");
          box.removeAttribute("data-scroll-label");
        }
        box.querySelectorAll(":scope > [data-scroll-hint]").forEach(function (hint) {
          hint.remove();
        });
      }
    });
  };
  focusScrollers();
  window.addEventListener("resize", focusScrollers);

  // The 公共服务 and account menus of a signed-in user close on a click elsewhere and on Escape.
  document.querySelectorAll("details.publicmenu, details.accountmenu").forEach(function (menu) {
    document.addEventListener("click", function (event) {
      if (menu.open && !menu.contains(event.target)) { menu.open = false; }
    });
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.open) {
        menu.open = false;
        menu.querySelector("summary").focus();
      }
    });
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
