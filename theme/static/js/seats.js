// Live seat counts from the registration service. Without JavaScript, or when
// the service does not answer within a few seconds, the static capacity stays.
(function () {
  "use strict";
  var TIMEOUT_MS = 4000;
  function fill(el, session) {
    var left = Math.max(0, session.capacity - session.seats_taken);
    var text;
    if (session.open === false) {
      text = el.getAttribute("data-text-closed");
    } else if (left === 0) {
      text = el.getAttribute("data-text-full").replace("%(waiting)s", session.waiting || 0);
    } else {
      text = el.getAttribute("data-text-left")
        .replace("%(left)s", left).replace("%(capacity)s", session.capacity);
    }
    el.textContent = text;
    el.setAttribute("data-live", "true");
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-seats-api]"), function (el) {
    if (!window.fetch) { return; }
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? window.setTimeout(function () { controller.abort(); }, TIMEOUT_MS) : null;
    fetch(el.getAttribute("data-seats-api"), { signal: controller ? controller.signal : undefined, credentials: "omit" })
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
      .then(function (session) {
        if (typeof session.capacity === "number" && typeof session.seats_taken === "number") { fill(el, session); }
      })
      .catch(function () { /* service unreachable: keep the static capacity */ })
      .then(function () { if (timer) { window.clearTimeout(timer); } });
  });
}());
