/* Combinable filters of the positions index (ametikohad/).
 *
 * Every row of the table carries space-separated tokens: data-yksus (the unit
 * and its parent units), data-kompetents, data-keel (`vene` and `vene-B2`),
 * data-staatus. The filter state lives in the query string
 * (?yksus=…&kompetents=…&keel=…&tase=…&staatus=…), so a filtered view can be
 * linked. Without JavaScript the form stays hidden and all rows are shown.
 */
(function () {
  "use strict";
  var FIELDS = ["yksus", "kompetents", "keel", "tase", "staatus"];

  function tokens(row, name) {
    var value = row.getAttribute("data-" + name) || "";
    return value ? value.split(" ") : [];
  }

  function matches(row, state) {
    if (state.yksus && tokens(row, "yksus").indexOf(state.yksus) < 0) return false;
    if (state.kompetents && tokens(row, "kompetents").indexOf(state.kompetents) < 0) return false;
    if (state.staatus && row.getAttribute("data-staatus") !== state.staatus) return false;
    var languages = tokens(row, "keel");
    if (state.keel && state.tase) return languages.indexOf(state.keel + "-" + state.tase) >= 0;
    if (state.keel) return languages.indexOf(state.keel) >= 0;
    if (state.tase) {
      return languages.some(function (t) { return t.slice(-3) === "-" + state.tase; });
    }
    return true;
  }

  function init() {
    var form = document.querySelector("form[data-aj-filters]");
    var table = document.querySelector("table[data-aj-rows]");
    if (!form || !table) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var count = form.querySelector("[data-aj-count]");
    var none = document.querySelector("[data-aj-none]");

    function read() {
      var state = {};
      FIELDS.forEach(function (name) { state[name] = form.elements[name].value; });
      return state;
    }

    function apply(updateUrl) {
      var state = read();
      var shown = 0;
      rows.forEach(function (row) {
        var visible = matches(row, state);
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      count.textContent = "Näidatud " + shown + " ametikohta " + rows.length + "-st";
      if (none) none.hidden = shown > 0;
      if (updateUrl) {
        var params = new URLSearchParams();
        FIELDS.forEach(function (name) { if (state[name]) params.set(name, state[name]); });
        var query = params.toString();
        history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
      }
    }

    var params = new URLSearchParams(location.search);
    FIELDS.forEach(function (name) {
      var select = form.elements[name];
      var value = params.get(name);
      if (value && select.querySelector('option[value="' + CSS.escape(value) + '"]')) select.value = value;
    });
    form.hidden = false;
    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply(false);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
