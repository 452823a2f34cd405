// Phase countdown and elapsed time: counts on from the seconds the server rendered, so the
// clock of the phone does not matter. Elements swapped in by htmx start from their own values.
(function () {
  "use strict";
  function clock(seconds) {
    var sign = seconds < 0 ? "+" : "";
    var abs = Math.abs(seconds);
    var rest = abs % 60;
    return sign + Math.floor(abs / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }
  function tick() {
    var now = Date.now();
    document.querySelectorAll("[data-seconds-left], [data-seconds-elapsed]").forEach(function (el) {
      if (!el.dataset.shownAt) { el.dataset.shownAt = String(now); }
      var passed = Math.floor((now - Number(el.dataset.shownAt)) / 1000);
      if (el.dataset.secondsLeft !== undefined) {
        var left = Number(el.dataset.secondsLeft) - passed;
        el.textContent = clock(left);
        el.classList.toggle("overtime", left < 0);
      } else {
        el.textContent = clock(Number(el.dataset.secondsElapsed) + passed);
      }
    });
  }
  tick();
  window.setInterval(tick, 1000);

  // The session page follows the phase: when the polled phase panel names another step to
  // write in, that step opens (the others stay as they are, so nothing being typed is hidden).
  var panel = document.getElementById("phase");
  var shownStep = panel ? panel.dataset.step : undefined;
  document.body.addEventListener("htmx:afterSettle", function () {
    var current = document.getElementById("phase");
    var step = current ? current.dataset.step : undefined;
    if (step && step !== shownStep) {
      shownStep = step;
      var details = document.getElementById("step-" + step);
      if (details) { details.open = true; }
    }
  });
})();
