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
  var index = null, indexLoading = null, showing = 0;
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
  function byKey(items, key) {
    var found = {};
    items.forEach(function (item) { found[key(item)] = item; });
    return found;
  }
  /* The keys of both lists in the order of both: the first list's, each key only the second has right after
     the key before it there (a section or row one of the documents lacks stays in its place). */
  function merged(first, second) {
    var out = first.slice();
    second.forEach(function (key, k) {
      if (out.indexOf(key) >= 0) return;
      var at = k === 0 ? -1 : out.indexOf(second[k - 1]);
      out.splice(at + 1, 0, key);
    });
    return out;
  }
  /* One text when both say the same (or one says nothing), else both: "6.1 Haridus / 7.1 Haridus". */
  function both(x, y) {
    return x && y && x !== y ? x + " / " + y : (x || y || "");
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
    var sa = byKey(a.sections, function (s) { return s.key; }), sb = byKey(b.sections, function (s) { return s.key; });
    var differences = 0;
    merged(a.sections.map(function (s) { return s.key; }), b.sections.map(function (s) { return s.key; }))
        .forEach(function (key) {
      var s1 = sa[key], s2 = sb[key];
      var heading = both(s1 && s1.title, s2 && s2.title);
      var h = el("tr", "aj-compare-table__section"), th = el("th", null, heading);
      th.colSpan = 3; th.scope = "colgroup"; h.appendChild(th); body.appendChild(h);
      var rows1 = s1 ? s1.rows : [], rows2 = s2 ? s2.rows : [];
      var r1 = byKey(rows1, function (r) { return r[0]; }), r2 = byKey(rows2, function (r) { return r[0]; });
      var keys1 = rows1.map(function (r) { return r[0]; }), keys2 = rows2.map(function (r) { return r[0]; });
      merged(keys1, keys2).forEach(function (k) {
        var x = r1[k], y = r2[k];
        var ta = x ? x[2] : "", tb = y ? y[2] : "";
        var row = el("tr");
        /* Each document's own label (they number differently: 6.1 of an ametnik's is 7.1 of a töötaja's); none
           when it only repeats the section's heading (the purpose). */
        var text = both(x && x[1], y && y[1]);
        var label = el("th", null, text === heading ? "" : text); label.scope = "row"; row.appendChild(label);
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
    status.textContent = differences === 1 ? "Erinevus on 1 real." :
      differences ? "Erinevused on " + differences + " real." : "Sisu on sama.";
  }

  /* The pickers show the positions' names, never their ids; a picker being typed in is left as it is. */
  function name(side, text) {
    var input = root.querySelector("#aj-pick-" + side);
    if (document.activeElement !== input) input.value = text;
  }
  function show() {
    var p = params();
    var shown = ++showing;
    out.textContent = "";
    ["a", "b"].forEach(function (side) { if (!p[side]) name(side, ""); });
    if (!p.a && !p.b) {
      status.textContent = "Vali võrreldavad ametikohad.";
      return;
    }
    status.textContent = "Laadin…";
    var docs = {}, missing = {};
    Promise.all(["a", "b"].filter(function (side) { return p[side]; }).map(function (side) {
      return load(p[side]).then(function (doc) { docs[side] = doc; }, function () { missing[side] = p[side]; });
    })).then(function () {
      if (shown !== showing) return;  /* (another choice since: its answer shows) */
      ["a", "b"].forEach(function (side) { if (docs[side]) name(side, title(docs[side])); });
      var lost = missing.a || missing.b;  /* (the first side's, whichever answer came first) */
      if (lost && location.protocol === "file:") {  /* a file share: the browser reads no data file */
        status.textContent = "Võrdlus töötab ainult siis, kui sait on avatud veebiserveri kaudu (http:// või " +
          "https://), mitte failina.";
      } else if (lost) {
        status.textContent = "Ametikohta „" + lost + "“ ei leitud: kontrolli aadressi.";
      } else if (docs.a && docs.b) {
        try {
          render(docs.a, docs.b);
        } catch (error) {  /* (a file of another build's form: say so, not "Laadin…" for ever) */
          out.textContent = "";
          status.textContent = "Võrdlust ei saanud näidata: ametikoha andmed on vigased.";
          console.warn("compare failed", error);
        }
      } else {
        status.textContent = "Vali teine ametikoht, millega võrrelda.";  /* one side chosen */
      }
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
      input.value = item[1];
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
