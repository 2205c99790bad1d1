/* Compare page (vordle/?a=<id>[@<version>]&b=<id>[@<version>]): two job descriptions side by side,
   sections aligned, differences marked word by word. Filled from the per-position JSON
   (andmed/ametikohad/<id>.json, <id>@<version>.json); the picker reads andmed/ametikohad/index.json.
   All data text is inserted as text (textContent), never as HTML. */
(function () {
  "use strict";
  var root = document.querySelector("[data-aj-compare-root]");
  if (!root) return;
  var dataUrl = root.getAttribute("data-aj-data");
  var pagesUrl = root.getAttribute("data-aj-pages");
  var status = root.querySelector(".aj-compare__status");
  var out = root.querySelector(".aj-compare__table");
  var index = null, indexLoading = null;
  var aliases = JSON.parse(root.getAttribute("data-aj-aliases") || "{}");  /* former id → id (a rename) */

  function fold(s) {
    return s.toLocaleLowerCase("et").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text != null) n.textContent = text;
    return n;
  }
  function params() {
    var q = new URLSearchParams(location.search);
    return { a: q.get("a") || "", b: q.get("b") || "" };
  }
  function jsonFor(ref) {
    var at = ref.indexOf("@");
    var id = at < 0 ? ref : ref.slice(0, at);
    if (Object.prototype.hasOwnProperty.call(aliases, id)) id = aliases[id];
    if (!/^[a-z0-9-]+$/.test(id)) return null;
    var version = at < 0 ? "" : ref.slice(at + 1);
    if (version && !/^[0-9a-f]+$/.test(version)) return null;
    return dataUrl + id + (version ? "@" + version : "") + ".json";
  }
  function load(ref) {
    var url = jsonFor(ref);
    if (!url) return Promise.reject(new Error(ref));
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(ref);
      return r.json();
    });
  }

  /* Word diff (longest common subsequence on words). */
  function diff(a, b) {
    var x = a.split(/\s+/).filter(Boolean), y = b.split(/\s+/).filter(Boolean);
    var n = x.length, m = y.length, i, j;
    if (n * m > 400000) return [["-", a], ["+", b]];
    var t = [];
    for (i = 0; i <= n; i++) t.push(new Uint16Array(m + 1));
    for (i = n - 1; i >= 0; i--) for (j = m - 1; j >= 0; j--)
      t[i][j] = x[i] === y[j] ? t[i + 1][j + 1] + 1 : Math.max(t[i + 1][j], t[i][j + 1]);
    var ops = [];
    function push(op, w) {
      var last = ops[ops.length - 1];
      if (last && last[0] === op) last[1] += " " + w; else ops.push([op, w]);
    }
    i = 0; j = 0;
    while (i < n && j < m) {
      if (x[i] === y[j]) { push("=", x[i]); i++; j++; }
      else if (t[i + 1][j] >= t[i][j + 1]) push("-", x[i++]);
      else push("+", y[j++]);
    }
    while (i < n) push("-", x[i++]);
    while (j < m) push("+", y[j++]);
    return ops;
  }
  function cell(ops, keep) {
    var td = el("td");
    ops.forEach(function (op, k) {
      if (op[0] !== "=" && op[0] !== keep) return;
      if (td.childNodes.length) td.appendChild(document.createTextNode(" "));
      td.appendChild(op[0] === "=" ? document.createTextNode(op[1]) : el(op[0] === "+" ? "ins" : "del", null, op[1]));
    });
    return td;
  }
  function title(doc) {
    return doc.title + (doc.approval && doc.version && doc.url.indexOf("/ajalugu/") > 0 ? " (" + doc.approval + ")" : "");
  }

  function render(a, b) {
    out.textContent = "";
    var table = el("table", "aj-compare-table");
    var head = el("thead"), tr = el("tr");
    tr.appendChild(el("th", null, ""));
    [a, b].forEach(function (doc) {
      var th = el("th"); th.scope = "col";
      var link = el("a", null, title(doc)); link.href = pagesUrl + doc.url;
      th.appendChild(link);
      tr.appendChild(th);
    });
    head.appendChild(tr); table.appendChild(head);
    var body = el("tbody");
    var keys = [], sa = {}, sb = {};
    a.sections.forEach(function (s) { sa[s.key] = s; keys.push(s.key); });
    b.sections.forEach(function (s) { sb[s.key] = s; if (!(s.key in sa)) keys.push(s.key); });
    var differences = 0;
    keys.forEach(function (key) {
      var s1 = sa[key], s2 = sb[key];
      var h = el("tr", "aj-compare-table__section"), th = el("th", null, (s2 || s1).title);
      th.colSpan = 3; th.scope = "colgroup"; h.appendChild(th); body.appendChild(h);
      var rows = [], r1 = {}, r2 = {};
      (s1 ? s1.rows : []).forEach(function (r) { r1[r[0]] = r; rows.push(r[0]); });
      (s2 ? s2.rows : []).forEach(function (r) { r2[r[0]] = r; if (!(r[0] in r1)) rows.push(r[0]); });
      rows.forEach(function (k) {
        var x = r1[k], y = r2[k];
        var ta = x ? x[2] : "", tb = y ? y[2] : "";
        var row = el("tr");
        var label = el("th", null, (y || x)[1]); label.scope = "row"; row.appendChild(label);
        if (ta === tb) {
          row.appendChild(el("td", null, ta)); row.appendChild(el("td", null, tb));
        } else {
          differences++;
          row.className = "aj-compare-table__differs";
          var ops = diff(ta, tb);
          row.appendChild(cell(ops, "-")); row.appendChild(cell(ops, "+"));
        }
        // On a phone the two cells stack, each under its position's name (compare.css).
        row.children[1].dataset.label = title(a); row.children[2].dataset.label = title(b);
        body.appendChild(row);
      });
    });
    table.appendChild(body);
    out.appendChild(table);
    status.textContent = differences ? "Erinevusi: " + differences + " rida." : "Sisu on sama.";
  }

  function show() {
    var p = params();
    root.querySelector("#aj-pick-a").value = p.a;
    root.querySelector("#aj-pick-b").value = p.b;
    if (!p.a || !p.b) {
      out.textContent = "";
      status.textContent = "Vali võrreldavad ametikohad.";
      return;
    }
    status.textContent = "Laadin…";
    Promise.all([load(p.a), load(p.b)]).then(function (docs) {
      render(docs[0], docs[1]);
      root.querySelector("#aj-pick-a").value = title(docs[0]);
      root.querySelector("#aj-pick-b").value = title(docs[1]);
    }, function (error) {
      out.textContent = "";
      status.textContent = "Ametikohta „" + error.message + "” ei leitud.";
    });
  }

  /* Picker: a combobox searching by title; arrows move, Enter chooses, Escape closes. */
  function picker(box) {
    var side = box.getAttribute("data-aj-side");
    var input = box.querySelector("input"), list = box.querySelector("ul");
    var active = -1, shown = [];
    function close() { list.hidden = true; input.setAttribute("aria-expanded", "false"); active = -1; input.removeAttribute("aria-activedescendant"); }
    function mark() {
      Array.prototype.forEach.call(list.children, function (li, k) { li.setAttribute("aria-selected", k === active ? "true" : "false"); });
      if (active >= 0) { input.setAttribute("aria-activedescendant", list.children[active].id); list.children[active].scrollIntoView({ block: "nearest" }); }
    }
    function choose(item) {
      var q = new URLSearchParams(location.search);
      q.set(side, item[0]);
      history.replaceState(null, "", "?" + q.toString());
      close();
      show();
    }
    function fill() {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      shown = index.filter(function (item) {
        var t = fold(item[1]);
        return words.every(function (w) { return t.indexOf(w) >= 0; });
      }).slice(0, 20);
      list.textContent = "";
      shown.forEach(function (item, k) {
        var li = el("li", null, item[1]);
        li.id = "aj-pick-" + side + "-" + k; li.setAttribute("role", "option");
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(item); });
        list.appendChild(li);
      });
      list.hidden = !shown.length; input.setAttribute("aria-expanded", shown.length ? "true" : "false");
      active = -1; mark();
    }
    function ready(then) {
      if (index) return then();
      /* One request for both pickers and every key typed before it answers; `then` runs once it has. */
      indexLoading = indexLoading || fetch(dataUrl + "index.json").then(function (r) { return r.json(); })
        .then(function (data) { index = data; }, function (error) { indexLoading = null; throw error; });
      indexLoading.then(then, function () {});  /* (not loaded: the next key or focus asks again) */
    }
    input.addEventListener("input", function () { ready(fill); });
    /* Select the name to replace it, unless keys were typed while the index loaded: the next key would
       replace what was typed (a fast typist on a slow line lost "nõu" of "nõun"). */
    input.addEventListener("focus", function () {
      var before = input.value;
      ready(function () { if (input.value === before && document.activeElement === input) input.select(); });
    });
    input.addEventListener("blur", close);
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        if (list.hidden) { ready(fill); return; }
        var n = shown.length;
        if (!n) return;
        active = e.key === "ArrowDown" ? (active + 1) % n : (active - 1 + n) % n;
        mark();
      } else if (e.key === "Enter") {
        e.preventDefault();
        if (!list.hidden && shown.length) choose(shown[active < 0 ? 0 : active]);
      } else if (e.key === "Escape") {
        close();
      }
    });
  }

  root.querySelector("form").addEventListener("submit", function (e) { e.preventDefault(); });
  Array.prototype.forEach.call(root.querySelectorAll("[data-aj-side]"), picker);
  show();
})();
