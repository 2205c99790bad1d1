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

  function init() {
    label();
    searchForms();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
