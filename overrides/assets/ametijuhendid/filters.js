/* Combinable filters and sortable columns of the positions index (ametikohad/).
 *
 * Every row of the table carries space-separated tokens: data-yksus (the unit
 * and its parent units), data-kompetents, data-staatus, data-keeled (one
 * `language:level:kind` per language named, level `-` when none is given,
 * kind `n` required or `k` an advantage, "kasuks tuleb") and data-kinnitatud
 * (the approval date, ISO). The language level filter means "at least": B2
 * also lists C1 and C2. Required languages and advantages are kept apart
 * (filter `noue`).
 *
 * The state lives in the query string (?yksus=…&kompetents=…&keel=…&tase=…
 * &noue=…&staatus=…&sort=…), so a filtered and sorted view can be linked;
 * `sort` is a column key, with `-` in front for descending order. Without
 * JavaScript the form stays hidden and all rows are shown in name order.
 *
 * A long list is split over pages (ametikohad/, ametikohad/2/ …); its first
 * page names a script with every row (data-aj-all, the same HTML as on the
 * pages). It is loaded when the first filter or sort is used (or the address
 * already holds one), replaces the page's rows and hides the page links, so
 * filters and sorting cover every position. A script rather than JSON: it also
 * loads from a file share (file://), where browsers refuse fetch().
 */
(function () {
  "use strict";
  var FIELDS = ["yksus", "kompetents", "keel", "tase", "noue", "staatus"];
  var LEVELS = ["A1", "A2", "B1", "B2", "C1", "C2"];
  var COLLATOR = new Intl.Collator("et", { sensitivity: "base", numeric: true });

  function tokens(row, name) {
    var value = (row.getAttribute("data-" + name) || "").trim();
    return value ? value.split(/\s+/) : [];
  }

  function languageMatches(row, state) {
    if (!state.keel && !state.tase && !state.noue) return true;
    var least = state.tase ? LEVELS.indexOf(state.tase) : -1;
    return tokens(row, "keeled").some(function (token) {
      var parts = token.split(":");
      if (state.keel && parts[0] !== state.keel) return false;
      if (state.noue === "kasuks" ? parts[2] !== "k" : state.noue !== "koik" && parts[2] !== "n") return false;
      return least < 0 || LEVELS.indexOf(parts[1]) >= least;
    });
  }

  function matches(row, state) {
    if (state.yksus && tokens(row, "yksus").indexOf(state.yksus) < 0) return false;
    if (state.kompetents && tokens(row, "kompetents").indexOf(state.kompetents) < 0) return false;
    if (state.staatus && row.getAttribute("data-staatus") !== state.staatus) return false;
    return languageMatches(row, state);
  }

  /* Sort keys of a row by column; rows come from the server in name order (index = name key). */
  function sortValue(row, index, column, key) {
    if (key === "nimi") return index;
    if (key === "kinnitatud") return row.getAttribute("data-kinnitatud") || "";
    var cell = row.cells[column];
    if (cell.querySelector(".aj-missing, .aj-empty")) return "";
    return cell.textContent.trim();
  }

  function compare(a, b, descending) {
    // Empty values (no date, no unit) stay last in both directions.
    if (a.value === "" || b.value === "") {
      if (a.value === b.value) return a.index - b.index;
      return a.value === "" ? 1 : -1;
    }
    var order = typeof a.value === "number" ? a.value - b.value : COLLATOR.compare(a.value, b.value);
    if (descending) order = -order;
    return order || a.index - b.index;
  }

  function init() {
    var form = document.querySelector("form[data-aj-filters]");
    var table = document.querySelector("table[data-aj-rows]");
    if (!form || !table) return;
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var all = table.getAttribute("data-aj-all");
    var loading = null;
    var count = form.querySelector("[data-aj-count]");
    var none = document.querySelector("[data-aj-none]");
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var columns = {};
    var sort = "";

    headers.forEach(function (th, column) {
      var key = th.getAttribute("data-aj-sort");
      if (!key) return;
      columns[key] = column;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "aj-sort";
      button.setAttribute("data-aj-sort-key", key);
      var label = document.createElement("span");
      label.textContent = th.textContent;
      var arrow = document.createElement("span");
      arrow.className = "aj-sort__arrow";
      arrow.setAttribute("aria-hidden", "true");
      button.appendChild(label);
      button.appendChild(arrow);
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        sort = sort === key ? "-" + key : key;
        withAllRows(function () { sortRows(); apply(true); });
      });
    });

    function sortRows() {
      var descending = sort.charAt(0) === "-";
      var key = descending ? sort.slice(1) : sort || "nimi";
      if (!(key in columns)) { key = "nimi"; descending = false; sort = ""; }
      var keyed = rows.map(function (row, index) {
        return { row: row, index: index, value: sortValue(row, index, columns[key], key) };
      });
      keyed.sort(function (a, b) { return compare(a, b, descending); });
      keyed.forEach(function (item) { body.appendChild(item.row); });
      headers.forEach(function (th) {
        var own = th.getAttribute("data-aj-sort");
        var button = th.querySelector("button.aj-sort");
        if (!button) return;
        if (own === key) {
          th.setAttribute("aria-sort", descending ? "descending" : "ascending");
          button.querySelector(".aj-sort__arrow").textContent = descending ? "▼" : "▲";
          button.title = descending ? "Järjestatud kahanevalt; klõpsa, et järjestada kasvavalt"
            : "Järjestatud kasvavalt; klõpsa, et järjestada kahanevalt";
        } else {
          th.removeAttribute("aria-sort");
          button.querySelector(".aj-sort__arrow").textContent = "";
          button.title = "Järjesta selle veeru järgi";
        }
      });
    }

    /* Run `then` once every row of the list is in the table (at once when the page has them all). */
    function withAllRows(then) {
      if (!all) { then(); return; }
      if (loading) { loading.push(then); return; }
      loading = [then];
      count.textContent = "Laadin kõiki ametikohti…";
      var script = document.createElement("script");
      script.src = all;
      script.onload = function () {
        body.innerHTML = window.ametijuhendPositionRows;
        window.ametijuhendPositionRows = undefined;
        rows = Array.prototype.slice.call(body.rows);
        document.querySelectorAll("[data-aj-pager]").forEach(function (nav) { nav.hidden = true; });
        done();
      };
      script.onerror = function () {  // keep this page's rows; the page links stay
        done();
        count.textContent += " (ainult selle lehe read: kõiki ridu ei õnnestunud laadida)";
      };
      function done() {
        var waiting = loading;
        all = null;
        loading = null;
        waiting.forEach(function (callback) { callback(); });
      }
      document.head.appendChild(script);
    }

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
      count.textContent = "Näidatud " + shown + (shown === 1 ? " ametikoht " : " ametikohta ") + rows.length + "-st";
      if (none) none.hidden = shown > 0;
      if (updateUrl) {
        var params = new URLSearchParams();
        FIELDS.forEach(function (name) { if (state[name]) params.set(name, state[name]); });
        if (sort) params.set("sort", sort);
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
    sort = params.get("sort") || "";
    form.hidden = false;
    form.addEventListener("change", function () { withAllRows(function () { apply(true); }); });
    form.addEventListener("reset", function () { setTimeout(function () { withAllRows(function () { apply(true); }); }, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var state = read();
    if (!sort && FIELDS.every(function (name) { return !state[name]; })) {
      sortRows();
      apply(false);
      if (all) count.textContent = "Filtri või järjestuse valimisel laaditakse kõik " + table.getAttribute("data-aj-total") + " ametikohta.";
    } else {
      withAllRows(function () { sortRows(); apply(false); });
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
