// The header search box over the Pagefind index (pagefind/ at the site root).
//
// - Loads pagefind/pagefind.js relative to the site root, which is computed from
//   Material's `base` (a relative URL), so the site works from any folder of
//   any static server. Nothing is loaded from elsewhere.
// - Search text from the index is data: it is put into the page with
//   textContent only; Pagefind's excerpts are split on <mark> by hand.
// - Facets are Pagefind filters: unit, type and status match any ticked value,
//   competencies must all be present.

const MARK = /(?<=\p{L})\|(?=\p{L})/gu; // compound-part marks, see ametijuhend/compounds.py
const PAGE_SIZE = 10;
// Short pause after a key before searching. A search whose word has changed meanwhile is dropped
// before its result fragments are fetched, so a fast typist's word is not fetched letter by letter.
const DEBOUNCE_MS = 60;
const MIN_TERM = 2; // one letter matches nearly everything
const FACETS = [
  { key: "yksus", label: "Üksus", mode: "any" },
  { key: "kompetents", label: "Kompetents", mode: "all" },
  { key: "tüüp", label: "Dokumendi tüüp", mode: "any" },
  { key: "staatus", label: "Staatus", mode: "any" },
];
const TEXT = {
  idle: "Sisesta otsingusõna",
  busy: "Otsin…",
  none: "Ühtegi ametikohta ei leitud",
  one: "1 ametikoht",
  many: (n) => `${n} ametikohta`,
  failed: "Otsing ei ole praegu saadaval",
};

const root = document.querySelector("[data-ajs-search]");
if (root) setUp(root);

function siteRoot(el) {
  let base = el.dataset.ajsBase || ".";
  const config = document.getElementById("__config");
  if (config) {
    try {
      base = JSON.parse(config.textContent).base || base;
    } catch {
      /* keep the attribute */
    }
  }
  return new URL(base.endsWith("/") ? base : `${base}/`, location.href);
}

function setUp(el) {
  const input = el.querySelector("[data-ajs-query]");
  const form = el.querySelector("[data-ajs-form]");
  const status = el.querySelector("[data-ajs-status]");
  const list = el.querySelector("[data-ajs-results]");
  const more = el.querySelector("[data-ajs-more]");
  const facetsBox = el.querySelector("[data-ajs-facets]");
  const facetGroups = el.querySelector("[data-ajs-facet-groups]");
  const facetCount = el.querySelector("[data-ajs-facet-count]");
  const toggle = document.getElementById("__search");
  const base = siteRoot(el);

  const selected = Object.fromEntries(FACETS.map((f) => [f.key, new Set()]));
  let pagefind = null;
  let loading = null;
  let timer = 0;
  let sequence = 0; // searches started
  let edits = 0; // changes of the query text
  let results = [];
  let shown = 0;
  let active = -1;
  let facetsLoaded = null; // filter data is fetched when the facet panel is first opened

  function load() {
    const bundle = new URL("pagefind/", base);
    loading ??= import(new URL("pagefind.js", bundle).href).then(async (module) => {
      await module.options({ excerptLength: 26 });
      await module.init();
      // A large site is indexed in shards (ametijuhend/search.py, SHARD_SIZE); merge the others.
      const shards = await fetch(new URL("shards.json", bundle)).then((r) => (r.ok ? r.json() : []), () => []);
      await Promise.all(shards.map((shard) => module.mergeIndex(new URL(shard, bundle).href)));
      pagefind = module;
      return module;
    });
    return loading;
  }

  function open() {
    if (toggle && !toggle.checked) toggle.checked = true;
    input.setAttribute("aria-expanded", "true");
    load().catch(() => {});
  }

  function close() {
    if (toggle) toggle.checked = false;
    input.setAttribute("aria-expanded", "false");
    setActive(-1);
    input.blur();
  }

  function filters() {
    const out = {};
    for (const facet of FACETS) {
      const values = [...selected[facet.key]];
      if (values.length) out[facet.key] = { [facet.mode]: values };
    }
    return out;
  }

  function hasFilters() {
    return FACETS.some((f) => selected[f.key].size);
  }

  function schedule() {
    clearTimeout(timer);
    edits += 1;
    const term = input.value.trim();
    if (pagefind && term.length >= MIN_TERM) pagefind.preload(term);
    timer = setTimeout(run, DEBOUNCE_MS);
  }

  async function run() {
    const mine = ++sequence;
    const editsAtStart = edits;
    const term = input.value.trim();
    if (term.length < MIN_TERM && !hasFilters()) {
      clear(TEXT.idle);
      facetsBox.hidden = true;
      list.dataset.query = "";
      return;
    }
    facetsBox.hidden = false;
    status.textContent = TEXT.busy;
    try {
      const module = pagefind ?? (await load());
      const search = await module.search(term.length >= MIN_TERM ? term : null, { filters: filters() });
      // Typed on meanwhile: a newer search is coming, so fetch no result fragments for this one.
      if (mine !== sequence || edits !== editsAtStart || !search) return;
      results = search.results;
      shown = 0;
      await showMore(mine, term);
      if (mine !== sequence) return;
      list.dataset.query = term; // for tests: the list shows this query's results
      if (facetsLoaded) renderFacets(search.filters, search.totalFilters);
    } catch (error) {
      if (mine === sequence) clear(TEXT.failed);
      console.warn("search failed", error);
    }
  }

  function clear(message) {
    results = [];
    shown = 0;
    list.replaceChildren();
    more.hidden = true;
    status.textContent = message;
    setActive(-1);
  }

  // Show the next page of results; `term` marks the first page of a new query, which replaces
  // the old list when its first result is ready. Fragments load in parallel and are shown in order.
  async function showMore(mine, term = null) {
    const start = shown;
    const pending = results.slice(start, start + PAGE_SIZE).map((r) => r.data());
    if (term !== null && !pending.length) {
      list.replaceChildren();
      setActive(-1);
    }
    for (const [i, promise] of pending.entries()) {
      const data = await promise;
      if (mine !== sequence) return;
      if (term !== null && i === 0) {
        list.replaceChildren();
        setActive(-1);
      }
      list.append(resultItem(data, start + i));
      if (term !== null && i === 0) list.dataset.first = term; // for the benchmark: first result shown
    }
    shown = start + pending.length;
    more.hidden = shown >= results.length;
    const n = results.length;
    status.textContent = n === 0 ? TEXT.none : n === 1 ? TEXT.one : TEXT.many(n);
    list.dataset.ready = String(mine); // for tests: a query has finished rendering
  }

  function resultItem(data, index) {
    const where = bestPlace(data);
    const li = element("li", "md-search-result__item");
    li.id = `ajs-result-${index}`;
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", "false");
    const link = element("a", "md-search-result__link");
    link.href = where ? where.url : data.url;
    link.tabIndex = -1;
    const article = element("article", "md-search-result__article md-typeset");
    const title = element("h1", "", unmark(data.meta.title || data.url));
    const details = [data.meta.yksus, data.meta["tüüp"], data.meta.staatus].filter(Boolean).join(" · ");
    article.append(element("div", "md-search-result__icon md-icon"), title);
    if (details) article.append(element("p", "ajs-result__unit", details));
    const excerpt = element("p", "ajs-result__excerpt");
    let text = where ? where.excerpt : data.excerpt;
    if (where && where.anchor) {
      excerpt.append(element("span", "ajs-result__where", `${unmark(where.title)}: `));
      if (text.startsWith(`${where.title}. `)) text = text.slice(where.title.length + 2); // said just before
    }
    excerpt.append(...excerptNodes(text));
    article.append(excerpt);
    link.append(article);
    li.append(link);
    return li;
  }

  function setActive(index) {
    const items = list.querySelectorAll(".md-search-result__item");
    items.forEach((item, i) => {
      item.classList.toggle("ajs-active", i === index);
      item.setAttribute("aria-selected", String(i === index));
    });
    active = index >= 0 && index < items.length ? index : -1;
    if (active >= 0) {
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function renderFacets(available, total) {
    const groups = [];
    for (const facet of FACETS) {
      const counts = available?.[facet.key] ?? {};
      const all = total?.[facet.key] ?? counts;
      const values = Object.keys(all)
        .filter((v) => all[v] > 0 || selected[facet.key].has(v))
        .sort((a, b) => a.localeCompare(b, "et"));
      if (!values.length) continue;
      const fieldset = element("fieldset", "ajs-facet");
      fieldset.append(element("legend", "", facet.label));
      for (const value of values) {
        const label = element("label", "ajs-facet__value");
        const box = element("input");
        box.type = "checkbox";
        box.checked = selected[facet.key].has(value);
        box.dataset.facet = facet.key;
        box.value = value;
        label.append(box, element("span", "", value), element("span", "ajs-facet__n", String(counts[value] ?? 0)));
        fieldset.append(label);
      }
      groups.push(fieldset);
    }
    facetGroups.replaceChildren(...groups);
    const n = FACETS.reduce((sum, f) => sum + selected[f.key].size, 0);
    facetCount.textContent = n ? `(${n})` : "";
  }

  input.addEventListener("focus", open);
  input.addEventListener("input", schedule);
  toggle?.addEventListener("change", () => {
    // The header's search icon (phones) and the overlay are labels of this toggle.
    if (toggle.checked) input.focus();
    else input.setAttribute("aria-expanded", "false");
  });
  form.addEventListener("submit", (event) => event.preventDefault()); // Enter is handled on the input
  form.addEventListener("reset", () => {
    setTimeout(() => {
      for (const facet of FACETS) selected[facet.key].clear();
      schedule();
      input.focus();
    });
  });
  facetGroups.addEventListener("change", (event) => {
    const box = event.target;
    if (!box.dataset?.facet) return;
    if (box.checked) selected[box.dataset.facet].add(box.value);
    else selected[box.dataset.facet].delete(box.value);
    schedule();
  });
  more.addEventListener("click", () => showMore(sequence));
  facetsBox.addEventListener("toggle", () => {
    if (!facetsBox.open || facetsLoaded) return;
    facetGroups.replaceChildren(element("p", "", TEXT.busy));
    facetsLoaded = load()
      .then((module) => module.filters())
      .then(run);
  });

  input.addEventListener("keydown", (event) => {
    const count = list.children.length;
    switch (event.key) {
      case "ArrowDown":
      case "ArrowUp":
        if (!count) return;
        event.preventDefault();
        setActive(event.key === "ArrowDown" ? (active + 1) % count : (active - 1 + count) % count);
        break;
      case "Enter":
        event.preventDefault();
        follow(active >= 0 ? active : 0);
        break;
      case "Escape":
        event.preventDefault();
        close();
        break;
      default:
    }
  });

  // Like Material: "/" or "s" anywhere outside a text field jumps to the search box.
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key !== "/" && event.key !== "s") return;
    const target = event.target;
    if (target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) {
      return;
    }
    event.preventDefault();
    input.focus();
  });

  function follow(index) {
    const link = list.children[index]?.querySelector("a");
    if (link) link.click();
  }
}

// The section where the match weighs most; Pagefind lists sub-results in page order. A match
// in the title only is shown as the title region: the title is on screen anyway, so a section wins.
function bestPlace(data) {
  const subs = data.sub_results || [];
  const sections = subs.filter((sub) => sub.anchor);
  let best = sections.length ? null : subs[0] ?? null;
  let bestScore = -1;
  for (const sub of sections) {
    const score = (sub.weighted_locations || []).reduce((sum, l) => sum + l.balanced_score, 0);
    if (score > bestScore) {
      best = sub;
      bestScore = score;
    }
  }
  return best;
}

function unmark(text) {
  return String(text).replace(MARK, "");
}

const ENTITIES = { "&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"', "&#39;": "'", "&#x27;": "'" };

// Pagefind's excerpt is text with &lt; &gt; escaped and <mark> around hits: rebuild it as nodes.
function excerptNodes(excerpt) {
  const nodes = [];
  let marked = false;
  for (const part of String(excerpt || "").split(/(<mark>|<\/mark>)/)) {
    if (part === "<mark>") marked = true;
    else if (part === "</mark>") marked = false;
    else if (part) {
      const text = unmark(part.replace(/&(lt|gt|amp|quot|#39|#x27);/g, (m) => ENTITIES[m]));
      if (!marked) {
        nodes.push(document.createTextNode(text));
        continue;
      }
      // Pagefind marks the whole token, "(perelepitus)."; highlight the word only.
      const [, before, word, after] = text.match(/^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/su);
      if (before) nodes.push(document.createTextNode(before));
      if (word) nodes.push(element("mark", "", word));
      if (after) nodes.push(document.createTextNode(after));
    }
  }
  return nodes;
}

function element(tag, className = "", text = null) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== null) el.textContent = text;
  return el;
}
