// Forms marked data-progress show how far a large upload or import has got. Without JavaScript
// they submit as ordinary forms.
(function () {
  "use strict";
  function showPage(xhr) {
    document.open();
    document.write(xhr.responseText);
    document.close();
    if (xhr.responseURL) {
      history.replaceState(null, "", xhr.responseURL);
    }
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-progress]") || !window.FormData) {
      return;
    }
    event.preventDefault();
    var bar = form.querySelector("progress");
    var status = form.querySelector("[data-progress-status]");
    var buttons = form.querySelectorAll("button");
    buttons.forEach(function (button) { button.disabled = true; });
    if (bar) { bar.hidden = false; bar.removeAttribute("value"); }
    var xhr = new XMLHttpRequest();
    xhr.open(form.method || "post", form.action || window.location.href);
    xhr.upload.addEventListener("progress", function (progress) {
      if (bar && progress.lengthComputable) {
        bar.max = progress.total;
        bar.value = progress.loaded;
        if (progress.loaded >= progress.total) { bar.removeAttribute("value"); }
      }
      if (status) {
        status.textContent = progress.loaded >= progress.total
          ? form.dataset.progressWorking
          : form.dataset.progressSending + " " + Math.round(100 * progress.loaded / progress.total) + "%";
      }
    });
    xhr.addEventListener("load", function () { showPage(xhr); });
    xhr.addEventListener("error", function () { form.submit(); });
    xhr.send(new FormData(form));
  });
})();
