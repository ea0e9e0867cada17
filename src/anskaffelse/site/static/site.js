/* Search and filters of the requirement list, offline: the index comes from search-<lang>.js. */
(function () {
  "use strict";
  var index = window.KRAV_INDEX;
  var form = document.getElementById("search-form");
  var list = document.getElementById("results");
  if (!index || !form || !list) { return; }
  var query = document.getElementById("q");
  var count = document.getElementById("result-count");
  var none = document.getElementById("no-results");
  var keys = ["area", "module", "tag", "obligation", "standard"];
  var selects = {};
  keys.forEach(function (key) { selects[key] = document.getElementById("f-" + key); });
  var items = {};
  index.forEach(function (entry) { items[entry.id] = document.getElementById("r-" + entry.id); });

  function matches(entry, words, chosen) {
    for (var i = 0; i < words.length; i++) {
      if (entry.text.indexOf(words[i]) < 0) { return false; }
    }
    if (chosen.area && entry.areas.indexOf(chosen.area) < 0 && entry.areas.indexOf("alle") < 0) { return false; }
    if (chosen.module && entry.module !== chosen.module) { return false; }
    if (chosen.tag && entry.tags.indexOf(chosen.tag) < 0) { return false; }
    if (chosen.obligation && entry.obligation !== chosen.obligation) { return false; }
    if (chosen.standard && entry.standards.indexOf(chosen.standard) < 0) { return false; }
    return true;
  }

  function update(remember) {
    var words = query.value.toLowerCase().split(/\s+/).filter(Boolean);
    var chosen = {};
    keys.forEach(function (key) { chosen[key] = selects[key].value; });
    var shown = 0;
    index.forEach(function (entry) {
      var hit = matches(entry, words, chosen);
      items[entry.id].hidden = !hit;
      if (hit) { shown += 1; }
    });
    count.textContent = count.getAttribute("data-template")
      .replace("{count}", String(shown)).replace("{total}", count.getAttribute("data-total"));
    none.hidden = shown > 0;
    if (remember) { remember_state(chosen); }
  }

  /* The search is kept in the address (?q=…&area=…), so a search can be pasted into an e-mail too. */
  function remember_state(chosen) {
    var params = new URLSearchParams();
    if (query.value) { params.set("q", query.value); }
    keys.forEach(function (key) { if (chosen[key]) { params.set(key, chosen[key]); } });
    var search = params.toString();
    /* The link to the other language keeps the search, so the same hits appear in the other language. */
    var other = document.querySelector("a.language");
    if (other) { other.href = other.href.split("?")[0] + (search ? "?" + search : ""); }
    try {
      history.replaceState(null, "", search ? "?" + search : location.pathname);
    } catch (e) { /* some browsers refuse this for file:// pages; the search still works */ }
  }

  var start = new URLSearchParams(location.search);
  if (start.get("q")) { query.value = start.get("q"); }
  keys.forEach(function (key) {
    var value = start.get(key);
    if (value && selects[key].querySelector("option[value='" + CSS.escape(value) + "']")) {
      selects[key].value = value;
    }
  });
  form.addEventListener("input", function () { update(true); });
  form.addEventListener("change", function () { update(true); });
  form.addEventListener("submit", function (event) { event.preventDefault(); update(true); });
  form.addEventListener("reset", function () { setTimeout(function () { update(true); }, 0); });
  update(true);
}());
