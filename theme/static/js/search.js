// Search with the Pagefind index built next to the site. The form is hidden
// until this script runs, so visitors without JavaScript see the link to the
// course listing instead.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) { return; }
  var input = document.getElementById("search-input");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var fallback = document.getElementById("search-fallback");
  var pagefind = null;
  var LIMIT = 30;

  function load() {
    if (!pagefind) {
      pagefind = import(form.getAttribute("data-pagefind")).then(function (pf) {
        pf.options({ baseUrl: form.getAttribute("data-base") });
        return pf;
      });
    }
    return pagefind;
  }
  function show(results, total) {
    list.textContent = "";
    results.forEach(function (data) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = data.url;
      link.textContent = (data.meta && data.meta.title) || data.url;
      var excerpt = document.createElement("p");
      excerpt.innerHTML = data.excerpt; // Pagefind escapes the text and adds only <mark>
      item.appendChild(link);
      item.appendChild(excerpt);
      list.appendChild(item);
    });
    status.textContent = total
      ? form.getAttribute("data-text-count").replace("%(count)s", total)
      : form.getAttribute("data-text-none");
    if (total > results.length) {
      status.textContent += " " + form.getAttribute("data-text-more").replace("%(shown)s", results.length);
    }
  }
  function run(query) {
    if (!query.trim()) { list.textContent = ""; status.textContent = ""; return; }
    load()
      .then(function (pf) { return pf.search(query); })
      .then(function (search) {
        // Load the first LIMIT results' text; the count says how many matched in all.
        return Promise.all(search.results.slice(0, LIMIT).map(function (r) { return r.data(); }))
          .then(function (shown) { show(shown, search.results.length); });
      })
      .catch(function () { status.textContent = form.getAttribute("data-text-error"); });
  }
  form.hidden = false;
  if (fallback) { fallback.parentNode.removeChild(fallback); }  // not needed once search works
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    window.history.replaceState(null, "", url);
    run(input.value);
  });
  // Results follow the typing, after a short pause so each key press does not search.
  var pending = null;
  input.addEventListener("input", function () {
    window.clearTimeout(pending);
    pending = window.setTimeout(function () { run(input.value); }, 250);
  });
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) { input.value = initial; run(initial); }
}());
