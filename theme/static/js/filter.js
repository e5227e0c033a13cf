// Progressive filtering of the course listing: shows the filter form (hidden
// without JavaScript, where the generated filter pages do the same job) and
// hides courses that do not match. OR within a facet, AND across facets;
// the same meaning as plugins/catalogue_site/facets.py.
(function () {
  "use strict";
  var form = document.getElementById("course-filters");
  if (!form) { return; }
  var cards = Array.prototype.slice.call(document.querySelectorAll(".course-card"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("[data-kind-group]"));
  var status = form.querySelector(".filter-count");

  function words(card, name) {
    var value = card.getAttribute("data-" + name) || "";
    return value ? value.split(" ") : [];
  }
  function checked(name) {
    return Array.prototype.map.call(
      form.querySelectorAll('input[name="' + name + '"]:checked'), function (box) { return box.value; });
  }
  function overlaps(have, wanted) {
    return wanted.length === 0 || wanted.some(function (w) { return have.indexOf(w) !== -1; });
  }
  function matches(card, want) {
    var audience = words(card, "audience");
    if (want.audience.length && audience.indexOf("all") === -1 && !overlaps(audience, want.audience)) { return false; }
    if (!overlaps(words(card, "themes"), want.theme)) { return false; }
    if (!overlaps([card.getAttribute("data-kind")], want.kind)) { return false; }
    var orgs = words(card, "organisations");
    if (want.organisation && orgs.indexOf("all") === -1 && orgs.indexOf(want.organisation) === -1) { return false; }
    if (want.month && words(card, "months").indexOf(want.month) === -1) { return false; }
    return true;
  }
  function apply() {
    var want = {
      audience: checked("audience"), theme: checked("theme"), kind: checked("kind"),
      organisation: form.elements.organisation.value, month: form.elements.month.value
    };
    var shown = 0;
    cards.forEach(function (card) {
      var ok = matches(card, want);
      card.hidden = !ok;
      if (ok) { shown += 1; }
    });
    groups.forEach(function (group) {
      group.hidden = !group.querySelector(".course-card:not([hidden])");
    });
    status.textContent = status.getAttribute("data-text-count")
      .replace("%(shown)s", shown).replace("%(total)s", cards.length);
  }
  // The chosen filters live in the address (?audience=new&theme=law), so a
  // filtered list can be bookmarked or sent to a colleague.
  function remember() {
    var params = new URLSearchParams();
    Array.prototype.forEach.call(form.elements, function (el) {
      if ((el.type === "checkbox" && el.checked) || (el.tagName === "SELECT" && el.value)) {
        params.append(el.name, el.value);
      }
    });
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
  }
  function restore() {
    var params = new URLSearchParams(window.location.search);
    Array.prototype.forEach.call(form.elements, function (el) {
      var wanted = params.getAll(el.name);
      if (el.type === "checkbox") { el.checked = wanted.indexOf(el.value) !== -1; }
      if (el.tagName === "SELECT" && wanted.length) { el.value = wanted[0]; }
    });
  }
  form.hidden = false;
  form.addEventListener("change", function () { apply(); remember(); });
  form.addEventListener("reset", function () { window.setTimeout(function () { apply(); remember(); }, 0); });
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  restore();
  apply();
}());
