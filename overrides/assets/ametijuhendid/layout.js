/* Stacked tables on narrow screens (site.css) show each cell under the heading of its column.
 * Cells rendered without `data-label` (the duty tables of position pages) get it here from
 * the table's header row; without JavaScript those cells are simply shown without a label.
 */
(function () {
  "use strict";

  function label() {
    var tables = document.querySelectorAll(".md-typeset table.aj-duties, .md-typeset table.aj-stack");
    Array.prototype.forEach.call(tables, function (table) {
      var head = table.tHead && table.tHead.rows[0];
      if (!head) return;
      var names = Array.prototype.map.call(head.cells, function (cell) { return cell.textContent.trim(); });
      Array.prototype.forEach.call(table.tBodies, function (body) {
        Array.prototype.forEach.call(body.rows, function (row) {
          Array.prototype.forEach.call(row.cells, function (cell, i) {
            if (i > 0 && names[i] && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", names[i]);
          });
        });
      });
    });
  }

  /* A search form in a page (the 404 page) hands its words to the header search box and opens it. */
  function searchForms() {
    var header = document.querySelector("[data-ajs-query]");
    if (!header) return;
    Array.prototype.forEach.call(document.querySelectorAll("form[data-aj-search-form]"), function (form) {
      form.hidden = false;
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        header.value = form.elements.q.value;
        header.focus(); // opens the search panel
        header.dispatchEvent(new Event("input", { bubbles: true }));
      });
    });
  }

  /* Opened from a file share (file://): a folder address would show the folder's listing, so
   * links to folders lead to their index.html; the search (a module script and fetch,
   * which browsers refuse for files) says that it needs a web server. */
  var SCHEME = /^[a-z][a-z0-9+.-]*:/i;

  function fileLinks(root) {
    Array.prototype.forEach.call(root.querySelectorAll("a[href]"), function (link) {
      var href = link.getAttribute("href");
      if (!href || SCHEME.test(href) || href.charAt(0) === "#" || href.charAt(0) === "/") return;
      var cut = href.search(/[?#]/);
      var path = cut < 0 ? href : href.slice(0, cut);
      var rest = cut < 0 ? "" : href.slice(cut);
      if (path.slice(-1) === "/" || /(^|\/)\.\.?$/.test(path)) { // a folder: ends in /, . or ..
        link.setAttribute("href", path.replace(/\/?$/, "/") + "index.html" + rest);
      }
    });
  }

  function fileSearch() {
    var input = document.querySelector("[data-ajs-query]");
    var status = document.querySelector("[data-ajs-status]");
    var toggle = document.getElementById("__search");
    if (!input || !status) return;
    input.placeholder = "Otsing vajab veebiserverit";
    status.textContent = "Otsing töötab ainult siis, kui sait on avatud veebiserveri kaudu (http:// või https://), " +
      "mitte failina. Kasuta ametikohtade nimekirja ja selle filtreid.";
    input.addEventListener("focus", function () { if (toggle) toggle.checked = true; });
  }

  /* Material's navigation drawer on narrow screens is a checkbox opened by <label>s. A label cannot be
   * focused, so the menu button is made a button for the keyboard (Enter, Space); and the closed drawer,
   * off-screen but still in the page, is left out of the Tab order (`inert`), or Tab walked through every
   * link of it before reaching the page. Escape closes it and gives the focus back to the menu button.
   * Wide screens show the navigation as a sidebar: untouched there. */
  var DRAWER = "(max-width: 76.234375em)"; // Material's own breakpoint of the drawer

  function drawer() {
    var toggle = document.getElementById("__drawer");
    var button = document.querySelector(".md-header label[for='__drawer']");
    var sidebar = document.querySelector(".md-sidebar--primary");
    if (!toggle || !button || !sidebar || !window.matchMedia) return;
    var narrow = window.matchMedia(DRAWER);
    sidebar.id = sidebar.id || "aj-drawer";
    button.setAttribute("role", "button");
    button.setAttribute("tabindex", "0");
    button.setAttribute("aria-controls", sidebar.id);
    if (!button.getAttribute("aria-label")) button.setAttribute("aria-label", "Menüü");
    function sync() {
      var shut = narrow.matches && !toggle.checked;
      button.setAttribute("aria-expanded", String(toggle.checked));
      if (shut) sidebar.setAttribute("inert", ""); else sidebar.removeAttribute("inert");
    }
    button.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      button.click(); // as a pointer does: the checkbox changes and Material follows it
      if (toggle.checked) {
        var first = sidebar.querySelector("a[href], label[tabindex], input");
        if (first) first.focus();
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.checked && narrow.matches) {
        button.click();
        button.focus();
      }
    });
    toggle.addEventListener("change", sync);
    if (narrow.addEventListener) narrow.addEventListener("change", sync);
    sync();
  }

  function init() {
    label();
    searchForms();
    drawer();
    if (location.protocol === "file:") {
      fileLinks(document);
      fileSearch();
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

/* The print date in the top right margin of a printed position page (the document made from the data). */
(function () {
  function stamp() {
    if (!document.querySelector(".aj-print")) return;
    var now = new Date();
    var text = ("0" + now.getDate()).slice(-2) + "." + ("0" + (now.getMonth() + 1)).slice(-2) + "." + now.getFullYear();
    var style = document.getElementById("aj-print-date") || document.head.appendChild(document.createElement("style"));
    style.id = "aj-print-date";
    style.textContent = '@media print { @page { @top-right { content: "prinditud ' + text + '"; font-size: 8pt; } } }';
  }
  window.addEventListener("beforeprint", stamp);
  stamp();
})();
