// Admin, periodic task form (django-celery-beat): the chosen crontab in words under its field.
// The package does this in an inline script, which the Content-Security-Policy refuses.
(function () {
  "use strict";
  var $ = window.django && window.django.jQuery;
  var source = document.getElementById("readable-crontabs");
  if (!$ || !source) { return; }
  var readable = JSON.parse(source.textContent);
  var help = $(".field-crontab .help");
  var original = help.html();
  $(".field-crontab_translation").hide();
  $(".field-crontab").change(function () {
    var words = readable[$("#id_crontab").val()];
    help.html(original).append($("<br>"), document.createTextNode(words || ""));
  });
})();
