/* Kursportalen service: small progressive enhancements. Every page works without them.
   - After a failed submit, focus moves to the error summary, so screen reader and keyboard
     users start where the problems are listed (the summary has tabindex=-1).
   - On a narrow screen the main menu folds behind a "Menu" button, so the page heading
     starts near the top; without JavaScript the menu just wraps. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  function start() {
    var summary = document.querySelector(".error-summary");
    if (summary) {
      summary.focus();
    }
    var nav = document.querySelector(".site-nav");
    var toggle = document.querySelector(".menu-toggle");
    if (nav && toggle) {
      nav.classList.add("folded");
      toggle.hidden = false;
      toggle.setAttribute("aria-expanded", "false");
      toggle.addEventListener("click", function () {
        var folded = nav.classList.toggle("folded");
        toggle.setAttribute("aria-expanded", folded ? "false" : "true");
      });
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
