// The header search box over the site's own index (indeks/ at the site root, read by engine.js).
//
// - Loads indeks/ relative to the site root, which is computed from Material's `base` (a relative
//   URL), so the site works from any folder of any static server. Nothing is loaded from elsewhere.
// - Search text from the index is data: it is put into the page with textContent only; the
//   engine's excerpts (escaped text with <mark> around hits) are split on <mark> by hand.
// - Facets: unit, type and status match any ticked value, competencies must all be present.
// - Word forms: each query word is looked up in the form → lemma dictionary built with Vabamorf
//   (indeks/lemmad/, one small shard per word start) and searched by its lemma(s), which the
//   index holds beside every word as written. A word the dictionary does not know is searched as
//   typed (the index matches word starts), unless it has 5+ letters and no dictionary form starts with
//   it: then it is a typo, corrected to the nearest dictionary form (edit distance 1, from 9 letters 2;
//   swapped neighbours count 1).
// - The query and the ticked facets are kept in the address (?q=…&yksus=…), so results can be sent
//   as a link; Enter without a selected result opens the results page otsing/?q=….

// The lemma layer of the index: a run of text is followed by its lemmas as words between "|" and "||"
// ("toe. | tugi ||"), see ametijuhend/search.py; excerpts are shown without them.
const MARK = "|";
const MARK_END = "||";
const PAGE_SIZE = 10;
const FULL_PAGE_SIZE = 50; // the results page (otsing/)
// Short pause after a key before searching. A search whose word has changed meanwhile is dropped
// before its result fragments are fetched, so a fast typist's word is not fetched letter by letter.
// One search runs at a time (see `oneAtATime`).
const DEBOUNCE_MS = 60;
const MIN_TERM = 2; // one letter matches nearly everything
// A query of two or three letters is the start of a word far more often than the word itself, and
// the dearest to search (as a prefix it matches the most words: "ja…" holds the commonest word of
// the language): it is searched after a longer pause, and its index chunks are not fetched ahead.
const SHORT_TERM = 4;
const SHORT_PAUSE_MS = 300;
const FACETS = [
  { key: "yksus", param: "yksus", label: "Struktuuriüksus", mode: "any" },
  { key: "kompetents", param: "kompetents", label: "Kompetents", mode: "all" },
  { key: "tüüp", param: "tyyp", label: "Dokumendi tüüp", mode: "any" },
  { key: "staatus", param: "staatus", label: "Staatus", mode: "any" },
];
const QUERY_PARAM = "q";
const AS_TYPED_PARAM = "tapselt"; // search the words as typed: no lemmas, no typo correction
const RESULTS_PAGE = "otsing/";
const MAX_VARIANTS = 6; // lemma combinations searched for one query (a form may have several lemmas)
const MIN_TYPO = 5; // shorter words are not corrected
const TYPO_2 = 9; // from this length two edits are allowed
const NEAR_SHARDS = 3; // dictionary shards of longer prefixes searched for a typo (nearShards)
const TEXT = {
  idle: "Sisesta otsingusõna",
  short: "Sisesta vähemalt kaks tähte",
  busy: "Otsin…",
  none: "Ühtegi ametikohta ei leitud",
  one: "1 ametikoht",
  many: (n) => `${n} ametikohta`,
  failed: "Otsing ei ole praegu saadaval",
  corrected: "Näitan tulemusi sõnale ",
  asTyped: "Otsi hoopis ",
};


import { create as createIndex, distance } from "./engine.js";

// One index and one dictionary for both the header box and the results page.
let loading = null;
function loadIndex(base) {
  const folder = new URL("indeks/", base);
  // Past any cache (revalidated): the manifest names the build whose files are asked for (engine.js, `file`).
  loading ??= fetch(new URL("manifest.json", folder), { cache: "no-cache" })
    .then((r) => {
      if (!r.ok) throw new Error(`search index: ${r.status}`);
      return r.json();
    })
    .then((manifest) => createIndex(folder, manifest, { marks: [MARK, MARK_END] }));
  loading.catch(() => {
    loading = null; // tried again at the next search
  });
  return loading;
}

// --- the form → lemma dictionary (ametijuhend/search.py, write_dictionary) ---------------------

function fold(word) {
  return word.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "");
}

const dictionary = { manifest: null, shards: new Map() };

function dictionaryUrl(base, name) {
  return new URL(`indeks/lemmad/${name}`, base);
}

async function manifest(base) {
  // Revalidated: the shards' names change with their content, the manifest's name does not.
  dictionary.manifest ??= fetch(dictionaryUrl(base, "manifest.json"), { cache: "no-cache" }).then((r) => (r.ok ? r.json() : {}), () => ({}));
  return dictionary.manifest;
}

// The shard that holds the forms starting like `folded`: the longest prefix in the manifest.
async function shardFor(base, folded) {
  const files = await manifest(base);
  for (let n = folded.length; n > 0; n--) {
    const file = files[folded.slice(0, n)];
    if (file) return shardFile(base, file);
  }
  return new Map();
}

function shardFile(base, file) {
  if (!dictionary.shards.has(file)) dictionary.shards.set(file, fetch(dictionaryUrl(base, file)).then(parseShard, () => new Map()));
  return dictionary.shards.get(file);
}

// Whether forms that start with `folded` are in a longer shard (a prefix cut into several by its next
// letters, with no form of its own): then `folded` is a word still being typed, not a typo.
async function beginsShard(base, folded) {
  return Object.keys(await manifest(base)).some((prefix) => prefix.length > folded.length && prefix.startsWith(folded));
}

// For a typo after the letters that chose the word's shard (a large prefix is cut into shards by the next
// letters: "jarelevalbe" has its shard "jarele", "jarelevalve" is in "jarelevalv"): the longer shards of that
// prefix whose own prefix is within `limit` edits of the word's start, nearest first, at most NEAR_SHARDS.
async function nearShards(base, folded, limit) {
  const files = await manifest(base);
  let own = "";
  for (let n = folded.length; n > 0 && !own; n--) if (files[folded.slice(0, n)]) own = folded.slice(0, n);
  if (!own) return [];
  return Object.keys(files)
    .filter((prefix) => prefix.length > own.length && prefix.startsWith(own))
    .map((prefix) => ({ prefix, d: distance(folded.slice(0, prefix.length), prefix, limit) }))
    .filter(({ d }) => d <= limit)
    .sort((a, b) => a.d - b.d || b.prefix.length - a.prefix.length)
    .slice(0, NEAR_SHARDS)
    .map(({ prefix }) => files[prefix]);
}

// A shard is lines of "lemma form form …"; forms are folded.
async function parseShard(response) {
  const forms = new Map();
  if (!response.ok) return forms;
  for (const line of (await response.text()).split("\n")) {
    const [lemma, ...written] = line.split(" ");
    for (const form of written) {
      if (!forms.has(form)) forms.set(form, []);
      forms.get(form).push(lemma);
    }
  }
  return forms;
}

// The dictionary form nearest to `word` (folded), or null: looked for in the word's own shard and,
// for a slip in the first letters, in the shard of the word with its first two letters swapped.
async function nearest(base, folded) {
  const limit = folded.length >= TYPO_2 ? 2 : 1;
  const shards = [await shardFor(base, folded)];
  if (folded.length > 1) shards.push(await shardFor(base, folded[1] + folded[0] + folded.slice(2)));
  shards.push(...(await Promise.all((await nearShards(base, folded, limit)).map((file) => shardFile(base, file)))));
  let best = null;
  let bestDistance = limit + 1;
  for (const forms of shards) {
    for (const form of forms.keys()) {
      const d = distance(folded, form, Math.min(limit, bestDistance));
      if (d < bestDistance || (d === bestDistance && best && form.length === folded.length && best.length !== folded.length)) {
        best = form;
        bestDistance = d;
      }
    }
  }
  return best;
}

const LETTERS = /^[\p{L}\p{M}]+$/u;

// The searches for `term`: one per combination of the words' lemmas; unknown words as typed,
// except that a word of MIN_TYPO+ letters that neither is a dictionary form nor begins one (a word
// still being typed) is replaced by the nearest dictionary form, and `corrected` says so.
async function interpret(base, term) {
  const words = term.split(/\s+/).filter(Boolean);
  const choices = [];
  const shown = [];
  let corrected = false;
  for (const word of words) {
    const core = word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
    let lemmas = null;
    let spelled = word;
    if (LETTERS.test(core)) {
      const folded = fold(core);
      const forms = await shardFor(base, folded);
      lemmas = forms.get(folded) ?? null;
      const begun = [...forms.keys()].some((f) => f.startsWith(folded)) || (await beginsShard(base, folded));
      if (!lemmas && folded.length >= MIN_TYPO && !begun) {
        const form = await nearest(base, folded);
        if (form) {
          lemmas = (await shardFor(base, form)).get(form);
          spelled = form;
          corrected = true;
        }
      }
    }
    choices.push(lemmas ? lemmas.slice(0, 3) : [word]);
    shown.push(spelled);
  }
  let variants = [[]];
  for (const options of choices) {
    variants = variants.flatMap((v) => options.map((o) => [...v, o])).slice(0, MAX_VARIANTS);
  }
  return { variants: variants.map((v) => v.join(" ")), corrected: corrected ? shown.join(" ") : null };
}

// A search over thousands of matching positions fetches postings and ranks them: searches started at every
// pause in typing would overlap, and the last word's results would wait for all the words typed before
// it. So a search starts only when
// the one before it has ended, and only if it is still wanted then (`stale`): a fast typist's word
// waits for at most one search, whichever letters were typed meanwhile.
let running = null;
async function oneAtATime(stale, job) {
  while (running) {
    await running.catch(() => {});
    if (stale()) return null;
  }
  const mine = job();
  running = mine;
  try {
    return await mine;
  } finally {
    if (running === mine) running = null;
  }
}

// The results of all `variants`, merged: a position found by several keeps its best score.
// With `counts`, the facet counts are those of the merged results (see unionCounts).
// `options`: {filters, typos} (typos false: the words as typed, engine.js).
async function searchAll(module, variants, options, counts = false) {
  const searches = await Promise.all(variants.map((v) => module.search(v || null, options)));
  if (searches.some((s) => !s)) return null; // a newer search replaced this one
  if (searches.length === 1) return searches[0];
  const byId = new Map();
  for (const search of searches) {
    for (const result of search.results) {
      const known = byId.get(result.id);
      if (!known || known.score < result.score) byId.set(result.id, result);
    }
  }
  return {
    results: [...byId.values()].sort((a, b) => b.score - a.score),
    filters: counts ? await unionCounts(module, variants, searches, options) : searches[0].filters,
    totalFilters: totalUnion(searches),
  };
}

// Which facet values the results of any variant have (a value is listed when this is above 0): the largest
// count of a value among the variants' unfiltered results.
function totalUnion(searches) {
  const out = {};
  for (const search of searches) {
    for (const [key, values] of Object.entries(search.totalFilters ?? {})) {
      out[key] ??= {};
      for (const [value, n] of Object.entries(values)) out[key][value] = Math.max(out[key][value] ?? 0, n);
    }
  }
  return out;
}

// Facet counts of the union of the variants' results, by inclusion and exclusion: a search counts
// the positions it finds that have a value, and a search for all words of several variants finds
// the positions that every one of them finds (all words must match), so
// |A ∪ B| = |A| + |B| - |A ∩ B| for every value (and so on for more variants: 2^n - 1 searches).
async function unionCounts(module, variants, searches, options) {
  const subsets = [];
  for (let mask = 1; mask < 1 << variants.length; mask++) {
    const members = variants.filter((_, i) => mask & (1 << i));
    if (members.length > 1) subsets.push(members);
  }
  const words = (members) => [...new Set(members.flatMap((v) => v.split(/\s+/)))].join(" ");
  const overlaps = await Promise.all(subsets.map((members) => module.search(words(members), options)));
  const terms = [
    ...searches.map((search) => ({ search, sign: 1 })),
    ...overlaps.map((search, i) => ({ search, sign: subsets[i].length % 2 ? 1 : -1 })),
  ];
  const out = {};
  for (const { search, sign } of terms) {
    for (const [key, values] of Object.entries(search?.filters ?? {})) {
      out[key] ??= {};
      for (const [value, n] of Object.entries(values)) out[key][value] = (out[key][value] ?? 0) + sign * n;
    }
  }
  return out;
}

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

function setUp(el, { restore = false, page = false } = {}) {
  const input = el.querySelector("[data-ajs-query]");
  const form = el.querySelector("[data-ajs-form]");
  const status = el.querySelector("[data-ajs-status]");
  const list = el.querySelector("[data-ajs-results]");
  const more = el.querySelector("[data-ajs-more]");
  const facetsBox = el.querySelector("[data-ajs-facets]");
  const facetGroups = el.querySelector("[data-ajs-facet-groups]");
  const facetCount = el.querySelector("[data-ajs-facet-count]");
  const note = el.querySelector("[data-ajs-note]");
  const toggle = page ? null : document.getElementById("__search");
  const base = siteRoot(el);
  const pageSize = page ? FULL_PAGE_SIZE : PAGE_SIZE;

  const selected = Object.fromEntries(FACETS.map((f) => [f.key, new Set()]));
  let index = null;
  let asTyped = false; // set by the address (AS_TYPED_PARAM) or the "search as typed" link
  let timer = 0;
  let sequence = 0; // searches started
  let edits = 0; // changes of the query text
  let results = [];
  let shown = 0;
  let active = -1;
  let facetsLoaded = null; // filter data is fetched when the facet panel is first opened

  function load() {
    return loadIndex(base).then((module) => {
      index = module;
      return module;
    });
  }

  function open() {
    if (toggle && !toggle.checked) toggle.checked = true;
    input.setAttribute("aria-expanded", "true");
    load().catch(() => {});
    manifest(base);
  }

  function close(blur = true) {
    if (toggle) toggle.checked = false;
    input.setAttribute("aria-expanded", "false");
    setActive(-1);
    if (blur) input.blur();
    if (!page) writeAddress("", true);
  }

  // The query and facets in the address bar (replaceState: typing does not fill the history).
  function address(term, clear = false) {
    const url = new URL(location.href);
    // On other pages, `yksus`, `kompetents` … without a query are that page's own (the positions list's
    // filters): the header box touches them only while it holds a query of its own.
    const ours = page || url.searchParams.has(QUERY_PARAM) || (!clear && term);
    for (const name of [QUERY_PARAM, AS_TYPED_PARAM]) url.searchParams.delete(name);
    if (ours) for (const facet of FACETS) url.searchParams.delete(facet.param);
    if (!clear) {
      if (term) url.searchParams.set(QUERY_PARAM, term);
      if (asTyped && term) url.searchParams.set(AS_TYPED_PARAM, "1");
      if (ours) for (const facet of FACETS) for (const value of selected[facet.key]) url.searchParams.append(facet.param, value);
    }
    return url;
  }

  function writeAddress(term, clear = false) {
    const url = address(term, clear);
    if (url.href !== location.href) history.replaceState(history.state, "", url);
  }

  function readAddress() {
    const params = new URLSearchParams(location.search);
    const term = params.get(QUERY_PARAM) || "";
    if (!term && !page) return false;  // another page's own parameters (the positions list's filters)
    for (const facet of FACETS) for (const value of params.getAll(facet.param)) selected[facet.key].add(value);
    asTyped = params.get(AS_TYPED_PARAM) === "1";
    if (!term && !hasFilters()) return false;
    input.value = term;
    return true;
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

  function schedule(typed = true) {
    clearTimeout(timer);
    edits += 1;
    if (typed) asTyped = false;
    const term = input.value.trim();
    if (index && term.length >= SHORT_TERM) index.preload(term);
    const short = typed && term.length >= MIN_TERM && term.length < SHORT_TERM;
    timer = setTimeout(run, short ? SHORT_PAUSE_MS : DEBOUNCE_MS);
  }

  async function run() {
    const mine = ++sequence;
    const editsAtStart = edits;
    const term = input.value.trim();
    if (term.length < MIN_TERM && !hasFilters()) {
      clear(term ? TEXT.short : TEXT.idle);  /* one letter typed: say what is missing */
      facetsBox.hidden = true;
      list.dataset.query = "";
      showNote(null, term);
      if (!page) writeAddress("", true);
      return;
    }
    facetsBox.hidden = false;
    status.textContent = TEXT.busy;
    writeAddress(term);
    try {
      const module = index ?? (await load());
      if (page) await facetsLoaded; // the results page shows the facets with the first results
      const query = term.length >= MIN_TERM ? term : "";
      const plan = asTyped ? { variants: [query], corrected: null } : await interpret(base, query);
      const stale = () => mine !== sequence || edits !== editsAtStart;
      if (stale()) return;
      const search = await oneAtATime(stale, () => searchAll(module, plan.variants, { filters: filters(), typos: !asTyped }, Boolean(facetsLoaded)));
      // Typed on meanwhile: a newer search is coming, so fetch no result fragments for this one.
      if (stale() || !search) return;
      results = search.results;
      shown = 0;
      await showMore(mine, term);
      if (mine !== sequence) return;
      showNote(plan.corrected, term);
      list.dataset.query = term; // for tests: the list shows this query's results
      if (facetsLoaded) renderFacets(search.filters, search.totalFilters);
    } catch (error) {
      if (mine === sequence) clear(TEXT.failed);
      console.warn("search failed", error);
    }
  }

  // "Näitan tulemusi sõnale magistrikraad. Otsi hoopis magistrikaad" (a link: the words as typed).
  function showNote(corrected, term) {
    if (!note) return;
    if (!corrected) {
      note.hidden = true;
      note.replaceChildren();
      return;
    }
    const link = element("a", "", term);
    asTyped = true;
    link.href = address(term).href;
    asTyped = false;
    link.dataset.ajsAsTyped = "";
    note.replaceChildren(TEXT.corrected, element("strong", "", corrected), ". ", TEXT.asTyped, link);
    note.hidden = false;
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
    const pending = results.slice(start, start + pageSize).map((r) => r.data());
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
    li.id = `${page ? "ajs-page-result" : "ajs-result"}-${index}`;
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", "false");
    const link = element("a", "md-search-result__link");
    link.href = String(where ? where.url : data.url);
    link.tabIndex = -1;
    const article = element("article", "md-search-result__article md-typeset");
    const title = element("h1", "", unmark(data.meta.title || String(data.url)));
    const details = [data.meta.yksus, data.meta["tüüp"], data.meta.staatus].filter(Boolean).join(" · ");
    article.append(element("div", "md-search-result__icon md-icon"), title);
    if (details) article.append(element("p", "ajs-result__unit", details));
    const excerpt = element("p", "ajs-result__excerpt");
    let text = withoutLemmas(where ? where.excerpt : data.excerpt);
    if (where && where.anchor) {
      excerpt.append(element("span", "ajs-result__where", `${unmark(where.title)}: `));
      const rest = afterHeading(text, where.title); // the heading is said just before
      text = rest === null ? `… ${text}` : rest;
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
  if (toggle) {
    // Leaving the header's search with the keyboard (Tab past it) closes it, as leaving any dropdown does, and
    // Escape closes it wherever the focus is (a click elsewhere closes it through the overlay, a label of the
    // toggle). A focus that goes nowhere (a click on text of the results, another window) leaves it open.
    el.addEventListener("focusout", (event) => {
      const next = event.relatedTarget;
      if (toggle.checked && next instanceof Node && !el.contains(next)) close(false);
    });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && toggle.checked && event.target !== input) close();
    });
  }
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
    schedule(false);
  });
  more.addEventListener("click", () => showMore(sequence));
  facetsBox.addEventListener("toggle", () => {
    if (!facetsBox.open || facetsLoaded) return;
    facetGroups.replaceChildren(element("p", "", TEXT.busy));
    facetsLoaded = load()
      .then((module) => module.filters())
      .then(run, (error) => {
        facetsLoaded = null; // tried again when the panel is next opened
        facetGroups.replaceChildren(element("p", "", TEXT.failed));
        console.warn("facets failed", error);
      });
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
        if (active >= 0) follow(active);
        else if (page) run();
        else openResultsPage();
        break;
      case "Escape":
        if (page) return;
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

  function openResultsPage() {
    const term = input.value.trim();
    if (term.length < MIN_TERM && !hasFilters()) return;
    const target = address(term);
    const url = new URL(RESULTS_PAGE, base);
    url.search = target.search;
    location.assign(url.href);
  }

  note?.addEventListener("click", (event) => {
    const link = event.target.closest?.("[data-ajs-as-typed]");
    if (!link) return;
    event.preventDefault();
    asTyped = true;
    schedule(false);
  });

  if (page) {
    facetsBox.open = true;
    facetsLoaded = load()
      .then((module) => module.filters())
      .catch((error) => {
        facetsLoaded = null; // the results are shown without facets
        console.warn("facets failed", error);
      });
  }
  if (restore && readAddress()) {
    if (!page) open();
    if (hasFilters() && !page) facetsBox.open = true;
    schedule(false);
  }
}

// The section where the match weighs most; sub-results come in page order. A match
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
  // A "|" of the data itself is indexed as U+FF5C (ametijuhend/search.py, DATA_BAR): shown as "|" again.
  return String(text).replace(/\uFF5C/g, "|");
}

// A section's excerpt after its heading, which the excerpt holds when it begins at the section's start:
// the whole heading or its last words (the excerpt may begin inside it, e.g. "3.4. Perelepitajate …" of
// "Ülesanne 3.4. Perelepitajate …"), hits marked or not. null: the excerpt begins inside the section's text.
function afterHeading(text, heading) {
  const words = text.split(" ");
  const plain = words.map((word) => word.replace(/<\/?mark>/g, ""));
  const head = escapeHtml(`${heading}.`).split(" "); // the excerpt is escaped text
  for (let from = 0; from < head.length; from++) {
    const tail = head.slice(from);
    if (tail.every((word, i) => plain[i] === word)) return words.slice(tail.length).join(" ");
  }
  return null;
}

// An excerpt without the groups of lemmas; a word whose lemma matched is highlighted itself.
// An excerpt may begin or end inside a group.
function withoutLemmas(excerpt) {
  let words = String(excerpt || "").split(" ");
  const open = words.indexOf(MARK);
  const end = words.indexOf(MARK_END);
  if (end >= 0 && (open < 0 || end < open)) words = words.slice(end + 1);
  const out = [];
  let inGroup = false;
  let hit = false;
  const highlight = () => {
    const last = out.length - 1;
    if (hit && last >= 0 && !out[last].includes("<mark>")) out[last] = `<mark>${out[last]}</mark>`;
  };
  for (const word of words) {
    if (word === MARK) {
      inGroup = true;
      hit = false;
    } else if (word === MARK_END) {
      highlight();
      inGroup = false;
    } else if (inGroup) {
      hit ||= word.includes("<mark>");
    } else {
      out.push(word);
    }
  }
  if (inGroup) highlight();
  return out.join(" ");
}

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);

const ENTITIES = { "&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"', "&#39;": "'", "&#x27;": "'" };

// An excerpt is text with &lt; &gt; escaped and <mark> around hits: rebuild it as nodes.
function excerptNodes(excerpt) {
  const nodes = [];
  let marked = false;
  for (const part of excerpt.split(/(<mark>|<\/mark>)/)) {
    if (part === "<mark>") marked = true;
    else if (part === "</mark>") marked = false;
    else if (part) {
      const text = unmark(part.replace(/&(lt|gt|amp|quot|#39|#x27);/g, (m) => ENTITIES[m]));
      if (!marked) {
        nodes.push(document.createTextNode(text));
        continue;
      }
      // The whole token is marked, "(perelepitus)."; highlight the word only.
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

const fullPage = document.querySelector("[data-ajs-page]");
const header = document.querySelector("[data-ajs-search]");
if (header) setUp(header, { restore: !fullPage });
if (fullPage) setUp(fullPage, { restore: true, page: true });
