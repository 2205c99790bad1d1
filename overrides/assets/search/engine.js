// The site's own search index (ametijuhend/postings.py) for the search box (search.js), with the interface of
// the Pagefind library the box was first written for: search(term, {filters}), filters(), preload(term), and for each result
// data() with url, meta, excerpt and sub_results (one per section that matches, with its anchor).
//
// - A query word matches every index word that starts with it ; a word equal to it
//   counts in full, a longer one by the share of its letters typed. All words of a query must match.
// - Postings are fetched by word start: for a word, only the shards of the index words that start like it.
// - Scores are BM25, made at build time; a result's score is the sum of its words' best scores.
// - Facets: "any" matches any ticked value, "all" needs every one; the facet data is fetched only when a
//   facet is used or the facet panel is opened (filters()).
// - Excerpts are made here from the position's fragment, which holds its texts with their lemma groups
//   ("toe. | tugi ||"): a word matches as written or by a lemma of its group; search.js drops the groups.
// Everything fetched is data: it is returned as text, never put into the page as markup here.

const EXCERPT_WORDS = 30;
const MIN_PREFIX = 3; // shorter query words match only themselves (prefixMatch)
const MIN_HEAD = 4; // a compound's parts when a query word is split (compoundMatch)
const MIN_PART = 4;
const MIN_TYPO = 5; // as search.js: shorter words are not corrected
const TYPO_2 = 9;
const MAX_TYPO_SHARDS = 8;

// Optimal string alignment distance, stopping early above `limit`.
export function distance(a, b, limit) {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = null;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
      if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > limit) return limit + 1;
    before = previous;
    previous = row;
  }
  return previous[b.length];
}

function fold(word) {
  return word.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "");
}

const ALNUM = /[\p{L}\p{N}]+/gu;

// The index words of one run of text: as postings.word_terms.
function wordTerms(chunk) {
  const parts = fold(chunk).match(ALNUM) || [];
  if (!parts.length) return [];
  const joined = parts.join("");
  return parts.length > 1 ? [joined, ...parts.filter((p) => p !== joined)] : [joined];
}

// Gzip-compressed files are inflated here; a server that already did so (Content-Encoding) is fine too.
async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function fetchJson(url) {
  return JSON.parse(new TextDecoder().decode(await fetchBytes(url)));
}

// [u32 header length][header JSON: [word, postings, bytes]…][per word: varint gaps, then one byte a score]
function decodeShard(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + length)));
  const words = new Map();
  let offset = 4 + length;
  for (const [word, count, size] of header) {
    words.set(word, { count, bytes: bytes.subarray(offset, offset + size) });
    offset += size;
  }
  return words;
}

// A word's postings as [record, score] pairs, scores back from their byte (postings.SCORE_STEPS).
function decodePostings({ count, bytes }, steps) {
  const records = new Uint32Array(count);
  let at = 0;
  let previous = 0;
  for (let i = 0; i < count; i++) {
    let gap = 0;
    let shift = 0;
    let byte;
    do {
      byte = bytes[at++];
      gap += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    previous += gap;
    records[i] = previous;
  }
  const scores = new Float32Array(count);
  for (let i = 0; i < count; i++) scores[i] = Math.expm1(bytes[at + i] / steps);
  return { records, scores };
}

function undoGaps(gaps) {
  let previous = 0;
  return gaps.map((gap) => (previous += gap));
}

const HTML = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escape = (text) => text.replace(/[&<>"']/g, (c) => HTML[c]);

export function create(bundle, manifest, { marks = ["|", "||"] } = {}) {
  const root = new URL("../", bundle);
  const steps = manifest.score_steps;
  const shards = manifest.shards.map((entry, number) => ({
    prefix: entry.replace(/=$/, ""),
    exact: entry.endsWith("="),
    number,
  }));
  const files = new Map(); // url → promise
  const [MARK, MARK_END] = marks;

  function cached(url, load) {
    if (!files.has(url)) {
      const promise = load(url);
      promise.catch(() => files.delete(url)); // a failed fetch may be tried again
      files.set(url, promise);
    }
    return files.get(url);
  }

  // Every file of one build is asked for with that build's version (postings.py: the manifest's `version`),
  // so no cache hands over a file of another build, whose record numbers may differ.
  const file = (path) => {
    const url = new URL(path, bundle);
    url.searchParams.set("v", manifest.version ?? "");
    return url.href;
  };
  const shardFile = (number) => cached(file(`t/${number}.ajs`), async (url) => decodeShard(await fetchBytes(url)));
  const fragment = (record) => cached(file(`f/${record}.ajs`), fetchJson);
  let filterData = null;
  const loadFilters = () =>
    (filterData ??= fetchJson(file("filters.ajs")).then(
      (facets) => {
        const out = {};
        for (const [facet, values] of Object.entries(facets)) {
          out[facet] = {};
          for (const [value, gaps] of Object.entries(values)) out[facet][value] = undoGaps(gaps);
        }
        return out;
      },
      (error) => {
        filterData = null; // tried again when next needed; a search without facets does not need it
        throw error;
      },
    ));

  // The shards that hold the index words starting with `word`.
  function shardsFor(word) {
    const chosen = shards.filter((s) => s.prefix.startsWith(word));
    let holder = null;
    for (const s of shards) {
      if (!s.exact && s.prefix.length < word.length && word.startsWith(s.prefix) && (!holder || s.prefix.length > holder.prefix.length)) {
        holder = s;
      }
    }
    if (holder) chosen.push(holder);
    return chosen.map((s) => s.number);
  }

  // The shard that holds the index word `word` itself, if any.
  function exactShard(word) {
    let holder = null;
    for (const s of shards) {
      if ((s.prefix === word || (!s.exact && word.startsWith(s.prefix))) && (!holder || s.prefix.length > holder.prefix.length)) {
        holder = s;
      }
    }
    return holder ? holder.number : null;
  }

  // record → best score of an index word that starts with `word`; a word of one or two letters ("B1", or the
  // start of the next word being typed) matches only itself: as a word start it would fetch a large part of
  // the index and match nearly everything.
  async function prefixMatch(word) {
    const best = new Map();
    const short = word.length < MIN_PREFIX;
    const numbers = short ? [exactShard(word)].filter((n) => n !== null) : shardsFor(word);
    for (const words of await Promise.all(numbers.map(shardFile))) {
      for (const [indexWord, entry] of words) {
        if (short ? indexWord !== word : !indexWord.startsWith(word)) continue;
        const share = indexWord.length === word.length ? 1 : (0.9 * word.length) / indexWord.length;
        const { records, scores } = decodePostings(entry, steps);
        for (let i = 0; i < records.length; i++) {
          const score = scores[i] * share;
          const known = best.get(records[i]);
          if (known === undefined || known < score) best.set(records[i], score);
        }
      }
    }
    return best;
  }

  // A word that no index word starts with may be a compound of index words that the texts hold apart
  // ("kindlustusamet" of "Sotsiaalkindlustusameti | kindlustus amet ||"): the longest index word it begins
  // with (4+ letters) and the rest (3+ letters, matched as a word start), both in the same position.
  async function compoundMatch(word) {
    for (let cut = word.length - MIN_PART; cut >= MIN_HEAD; cut--) {
      const head = word.slice(0, cut);
      const number = exactShard(head);
      if (number === null) continue;
      const entry = (await shardFile(number)).get(head);
      if (!entry) continue;
      const rest = await prefixMatch(word.slice(cut));
      if (!rest.size) continue;
      const { records, scores } = decodePostings(entry, steps);
      const both = new Map();
      for (let i = 0; i < records.length; i++) {
        const other = rest.get(records[i]);
        if (other !== undefined) both.set(records[i], (scores[i] + other) / 2);
      }
      if (both.size) return both;
    }
    return new Map();
  }

  // A word that matches nothing, not even as a compound, and that the dictionary could not correct (a name,
  // a word the analyser does not know): the index words within MIN_TYPO.. letters' edits of it (1, from
  // TYPO_2 letters 2) among those that begin like its first half, or whose start is that near it.
  async function typoMatch(word) {
    if (word.length < MIN_TYPO) return new Map();
    const limit = word.length >= TYPO_2 ? 2 : 1;
    const numbers = shardsFor(word.slice(0, Math.max(3, Math.ceil(word.length / 2))));
    if (numbers.length > MAX_TYPO_SHARDS) return new Map();
    const best = new Map();
    for (const words of await Promise.all(numbers.map(shardFile))) {
      for (const [indexWord, entry] of words) {
        const d = Math.min(distance(word, indexWord, limit), distance(word, indexWord.slice(0, word.length), limit));
        if (d > limit) continue;
        const { records, scores } = decodePostings(entry, steps);
        for (let i = 0; i < records.length; i++) {
          const score = scores[i] / (2 * Math.max(1, d));
          const known = best.get(records[i]);
          if (known === undefined || known < score) best.set(records[i], score);
        }
      }
    }
    return best;
  }

  // A query word's matches: as a word start, else as a compound, else (`matchWithTypos`) with a typo.
  const matches = new Map();
  function remember(key, job) {
    if (!matches.has(key)) {
      const promise = job();
      promise.catch(() => matches.delete(key));
      matches.set(key, promise);
      if (matches.size > 64) matches.delete(matches.keys().next().value);
    }
    return matches.get(key);
  }
  const matchAsTyped = (word) =>
    remember(`=${word}`, () => prefixMatch(word).then((best) => (best.size || word.length < MIN_HEAD + MIN_PART ? best : compoundMatch(word))));
  const matchWithTypos = (word) =>
    remember(`~${word}`, () => matchAsTyped(word).then((best) => (best.size ? best : typoMatch(word))));

  function queryWords(term) {
    return [...new Set(String(term || "").split(/\s+/).flatMap((chunk) => wordTerms(chunk).slice(0, 1)))];
  }

  function passes(facets, filters) {
    const sets = [];
    for (const [facet, rule] of Object.entries(filters || {})) {
      const values = facets[facet] || {};
      if (rule.any?.length) sets.push(new Set(rule.any.flatMap((v) => values[v] || [])));
      for (const value of rule.all || []) sets.push(new Set(values[value] || []));
    }
    return (record) => sets.every((set) => set.has(record));
  }

  function counts(facets, records) {
    const members = new Set(records);
    const out = {};
    for (const [facet, values] of Object.entries(facets)) {
      out[facet] = {};
      for (const [value, list] of Object.entries(values)) {
        let n = 0;
        for (const record of list) if (members.has(record)) n++;
        out[facet][value] = n;
      }
    }
    return out;
  }

  async function search(term, { filters = {}, typos = true } = {}) {
    const words = queryWords(term);
    const match = typos ? matchWithTypos : matchAsTyped;
    const filtering = Object.values(filters || {}).some((rule) => rule.any?.length || rule.all?.length);
    const [facets, found] = await Promise.all([
      filtering || filterData ? loadFilters() : null,
      words.length ? Promise.all(words.map(match)) : null,
    ]);
    let scored;
    if (found) {
      found.sort((a, b) => a.size - b.size);
      scored = [];
      for (const [record, score] of found[0]) {
        let total = score;
        let all = true;
        for (const other of found.slice(1)) {
          const s = other.get(record);
          if (s === undefined) {
            all = false;
            break;
          }
          total += s;
        }
        if (all) scored.push([record, total]);
      }
    } else {
      scored = filtering ? Array.from({ length: manifest.records }, (_, record) => [record, 0]) : [];
    }
    const unfiltered = scored;
    if (filtering) {
      const keep = passes(facets, filters);
      scored = scored.filter(([record]) => keep(record));
    }
    scored.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    return {
      results: scored.map(([record, score]) => ({ id: record, score, data: () => data(record, words) })),
      filters: facets ? counts(facets, scored.map(([record]) => record)) : {},
      totalFilters: facets ? counts(facets, unfiltered.map(([record]) => record)) : {},
    };
  }

  async function filters() {
    const facets = await loadFilters();
    const out = {};
    for (const [facet, values] of Object.entries(facets)) {
      out[facet] = Object.fromEntries(Object.entries(values).map(([value, list]) => [value, list.length]));
    }
    return out;
  }

  // The shards of the words being typed, fetched before the pause after the last key ends (no matching yet:
  // a word still being typed may match nothing, and its compound and typo matching would fetch more).
  function preload(term) {
    for (const word of queryWords(term)) {
      if (word.length >= MIN_PREFIX) for (const number of shardsFor(word)) shardFile(number).catch(() => {});
    }
  }

  // --- a result: its fragment, the sections where the words are, excerpts ---------------------------

  // As the search matched: by word start, a word of one or two letters only whole (prefixMatch).
  const hits = (chunk, words) =>
    wordTerms(chunk).some((w) => words.some((q) => (q.length < MIN_PREFIX ? w === q : w.startsWith(q))));

  // The tokens of a text with, for each, whether it matches; group words belong to the run before them.
  function tokens(text, words) {
    const out = [];
    let inGroup = false;
    for (const token of text.split(" ")) {
      if (!token) continue;
      if (token === MARK) inGroup = true;
      else if (token === MARK_END) inGroup = false;
      out.push({ token, group: inGroup || token === MARK || token === MARK_END, hit: token !== MARK && token !== MARK_END && hits(token, words) });
    }
    return out;
  }

  // An excerpt of `list` (tokens) from the densest run of hits: EXCERPT_WORDS words as written, with the
  // groups between them, hits in <mark>; `heading` is put before it when it starts at the text's start.
  function excerpt(list, heading = null) {
    const visible = [];
    list.forEach((t, i) => {
      if (!t.group) visible.push(i);
    });
    const hitAt = visible.map((i, v) => {
      let hit = list[i].hit;
      for (let j = i + 1; j < list.length && list[j].group; j++) hit ||= list[j].hit;
      return hit ? v : -1;
    }).filter((v) => v >= 0);
    let start = 0;
    let best = 0;
    for (const from of hitAt) {
      const n = hitAt.filter((v) => v >= from && v < from + EXCERPT_WORDS).length;
      if (n > best) {
        best = n;
        start = from;
      }
    }
    const first = visible[start] ?? 0;
    const last = visible[start + EXCERPT_WORDS] ?? list.length;
    let from = first;
    while (from > 0 && list[from].group) from--;
    const words = list.slice(from, last).map((t) => (t.hit ? `<mark>${escape(t.token)}</mark>` : escape(t.token)));
    if (start === 0 && heading) words.unshift(...escape(`${heading}.`).split(" "));
    return words.join(" ");
  }

  async function data(record, words) {
    const doc = await fragment(record);
    const url = new URL(doc.url, root);
    const page = url.pathname;
    const subResults = [];
    const titleTokens = tokens(doc.title, words);
    const all = [...titleTokens];
    for (const [anchor, heading, blocks] of doc.sections) {
      const list = blocks.flatMap(([, text]) => tokens(text, words));
      const locations = [];
      let at = 0;
      for (const [weight, text] of blocks) {
        for (const t of tokens(text, words)) {
          if (t.hit) locations.push({ weight, balanced_score: weight, location: at });
          at++;
        }
      }
      if (hits(heading, words)) locations.push({ weight: 0.5, balanced_score: 0.5, location: 0 });
      all.push(...list);
      if (locations.length) {
        subResults.push({
          title: heading,
          url: `${page}#${anchor}`,
          anchor: { id: anchor, element: "h2", text: heading },
          excerpt: excerpt(list, heading),
          weighted_locations: locations,
        });
      }
    }
    if (!subResults.length && titleTokens.some((t) => t.hit)) {
      subResults.push({ title: doc.meta.title, url: page, excerpt: excerpt(titleTokens), weighted_locations: [] });
    }
    return { url: page, meta: doc.meta, excerpt: excerpt(all), sub_results: subResults };
  }

  return { search, filters, preload, init: async () => {}, options: async () => {} };
}
