// The search page, enhanced: reads ?q=, asks Pagefind's index (every shard of this page's
// language) and lists the results. Without JavaScript the form still leads here and the
// page says so.
// Pagefind finds "doi" in a page's `folded` metadata (see bantin/rendering/search.py) but marks only
// the words it found in the text: the words of an excerpt are marked here, marks or not.

const PAGE_SIZE = 10;
const EXCERPT_WORDS = 30;

const box = document.getElementById("search-results");
const statusLine = document.getElementById("search-status");
const list = document.getElementById("search-list");
const input = document.getElementById("search-query");

// "Gò Công Tây, đối" -> "go cong tay, doi", one character for one, so positions match.
function fold(text) {
  return Array.from(text, (ch) => {
    const base = ch.normalize("NFD")[0];
    return { "đ": "d", "Đ": "d", "ð": "d", "Ð": "d" }[base] ?? base.toLowerCase();
  }).join("");
}

function words(query) {
  return fold(query).split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
}

// An excerpt of the page's text with the query's words marked, with or without marks:
// Pagefind's own (cut around the words it found in the text), or, when it found them only
// in the metadata, one around the first place where a query word starts. Built from text
// nodes, never from HTML.
function excerptFrom(data, query) {
  const found = data.locations.length > 0;
  const text = found ? data.plain_excerpt : data.content;
  const terms = words(query);
  const tokens = text.split(/(\s+)/); // words at even positions, spaces between
  const folded = tokens.map((t) => fold(t).replace(/[^\p{L}\p{N}-]/gu, ""));
  const hit = (t) => terms.some((term) => t.startsWith(term));
  let start = 0;
  let end = tokens.length;
  if (!found) {
    const first = Math.max(0, folded.findIndex((t) => t && hit(t)));
    start = Math.max(0, first - 10);
    if (start % 2 === 1) start -= 1; // tokens alternate word, space
    end = Math.min(tokens.length, start + EXCERPT_WORDS * 2);
  }
  const fragment = document.createDocumentFragment();
  if (start > 0) fragment.append("… ");
  for (let i = start; i < end; i++) {
    if (folded[i] && hit(folded[i])) {
      const mark = document.createElement("mark");
      mark.textContent = tokens[i];
      fragment.append(mark);
    } else {
      fragment.append(tokens[i]);
    }
  }
  if (end < tokens.length) fragment.append(" …");
  return fragment;
}

function say(template, values) {
  statusLine.textContent = template.replace(/\{(\w+)\}/g, (_, key) => values[key] ?? "");
}

// Pagefind names a page by its file's path ("/vi/tin-tuc/bài một/"); the link is the
// page's address, percent-encoded as Bantin writes it.
function address(url) {
  return url.split("/").map((part) => encodeURIComponent(part)).join("/");
}

// Every page lives under its language's prefix ("/vi/…"). A result in another language than
// this page's (Pagefind searches the largest index when this language has none) says so, for
// screen readers and hyphenation.
function languageOf(url) {
  return url.split("/")[1] || "";
}

function render(data, query) {
  const li = document.createElement("li");
  const lang = languageOf(data.url);
  if (lang && lang !== document.documentElement.lang) li.lang = lang;
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = address(data.url);
  link.textContent = data.meta.title || data.url;
  heading.append(link);
  // When it was published and what it is: a category, or a document's kind
  const facts = [data.meta.date, data.meta.kind].filter(Boolean).join(" · ");
  const meta = document.createElement("p");
  meta.className = "meta";
  meta.textContent = facts;
  const excerpt = document.createElement("p");
  excerpt.append(excerptFrom(data, query));
  li.append(heading);
  if (facts) li.append(meta);
  li.append(excerpt);
  list.append(li);
}

// The index is in shards (bantin/rendering/search.py): pagefind-entry.json lists the first
// of each language under its code ("vi"); Pagefind loads that of this page's language (or,
// when the language has no index, of the language with the most pages, as it does for a
// single index). The others of that language, each in a folder of its own ("vi-x-1/"),
// listed under `bantin` with the language's ranking file, are merged into it: one search.
function searchedLanguage(languages) {
  const own = document.documentElement.lang.toLowerCase();
  if (languages[own]) return own;
  if (languages[own.split("-")[0]]) return own.split("-")[0];
  const codes = Object.keys(languages);
  // Pagefind's own choice: the most pages, the first listed of those that tie.
  return codes.reduce((best, key) =>
    (languages[key].page_count > languages[best].page_count ? key : best), codes[0]);
}

// Pagefind scores each shard's pages by that shard's statistics: a word's IDF (the fewer of
// the shard's pages have it, the more it counts) multiplies every score. So that the list
// is ranked as one index of the whole language would rank it, each shard's scores are
// brought to the language's: multiplied by the query's IDF over the language's pages over
// its IDF over the shard's, from how many pages of each shard each word of the query is on.
// The ranking file (bantin/rendering/search.py, `_rankings`) says which shard each result is
// from and how many pages each has.
function idf(pages, having) {
  return Math.log((pages - having + 0.5) / (having + 0.5) + 1); // Pagefind's own formula
}

// The query's words as Pagefind splits them: lower case, without punctuation.
function queryWords(query) {
  return query.toLowerCase().replace(/[\p{Pd}\p{Pe}\p{Pf}\p{Pi}\p{Po}\p{Ps}]/gu, "")
    .split(/\s+/).filter((w) => w.length > 0);
}

// Whether a page has a word that begins as `word` does (marks and đ folded), in its text or
// its metadata, as a word or as a part of one ("57-KL/TW": "57kltw", "57", "kl", "tw").
function beginsAWord(data, word) {
  const term = fold(word);
  const text = [data.content, ...Object.values(data.meta || {})].join(" ");
  return fold(text).split(/\s+/).some((token) =>
    [token.replace(/[\p{Pd}\p{Pe}\p{Pf}\p{Pi}\p{Po}\p{Ps}]/gu, ""),
      ...token.split(/[^\p{L}\p{N}]+/u)].some((part) => part.startsWith(term)));
}

function rankedSearch(pagefind, table, stemmed) {
  // Pagefind names a result by its fragment's name, unique within a shard only: a name
  // two shards have (a few in 50,000 pages) is left unscaled (`undefined` below).
  const shardOf = new Map();
  for (const [key, shard] of Object.entries(table.shards)) {
    for (const id of shard.ids.split(" ")) shardOf.set(id, shardOf.has(id) ? undefined : key);
  }
  const keys = Object.keys(table.shards);
  const total = keys.reduce((sum, key) => sum + table.shards[key].pages, 0);

  // Per shard, how many pages have the word. A shard without any word beginning as this
  // one does answers with the pages of its longest word that begins the query word
  // ("tri" for "trình", Pagefind's fallback), which one index of the language, having the
  // word, would not: such a shard counts none (and its pages are left out, below).
  async function having(word, results) {
    const count = Object.fromEntries(keys.map((key) => [key, 0]));
    const first = new Map(); // the best result of each shard
    for (const result of results) {
      const key = shardOf.get(result.id);
      if (key === undefined) continue;
      count[key] += 1;
      if (!first.has(key)) first.set(key, result);
    }
    if (first.size > 1) {
      // Pagefind's exact search (the word in quotes) has no fallback: the shards it finds
      // the word in have it. Of the others, the best page of each tells whether the shard
      // has a word beginning as this one does (a page fetched only for those, rarely for a
      // whole word). In a language Pagefind stems ("shows" finds "showed", "running"
      // "run"), the page must have a word beginning as the word does without its last
      // four letters (three at least): a stem is rarely shorter, and the fallback's word
      // is much shorter than the query's.
      const exact = await pagefind.search(`"${word}"`);
      const sure = new Set(exact.results.map((result) => shardOf.get(result.id)));
      const doubtful = [...first.keys()].filter((key) => !sure.has(key));
      const begins = stemmed ? word.slice(0, Math.max(3, word.length - 4)) : word;
      const has = await Promise.all(doubtful.map(async (key) =>
        [key, beginsAWord(await first.get(key).data(), begins)]));
      if (sure.size > 0 || has.some(([, yes]) => yes)) {
        for (const [key, yes] of has) if (!yes) count[key] = 0;
      }
    }
    return count;
  }

  return async (query) => {
    const found = await pagefind.search(query);
    const terms = queryWords(query);
    if (terms.length === 0) return found;
    const each = await Promise.all(terms.map(async (term) => having(term,
      terms.length === 1 ? found.results : (await pagefind.search(term)).results)));
    const language = each.reduce((sum, count) =>
      sum + idf(total, keys.reduce((n, key) => n + count[key], 0)), 0);
    const factor = {};
    for (const key of keys) {
      const own = each.reduce((sum, count) => sum + idf(table.shards[key].pages, count[key]), 0);
      factor[key] = own > 0 ? language / own : 1;
    }
    // A page of a shard where a word of the query is on no page (or only by the fallback)
    // was found by the fallback: one index of the language would not find it.
    const left = (result) => {
      const key = shardOf.get(result.id);
      return key === undefined || each.every((count) => count[key] > 0);
    };
    const results = found.results.filter(left)
      .map((result) => ({ ...result, score: result.score * (factor[shardOf.get(result.id)] ?? 1) }))
      .sort((a, b) => b.score - a.score);
    return { ...found, results };
  };
}

// Exported for tests/browser/test_search_shards.py, which runs many queries on one page.
// An object with search(query), as Pagefind's: one list for all the shards of a language.
export async function openIndex(bundle) {
  const answer = await fetch(`${bundle}pagefind-entry.json`, { cache: "no-cache" });
  const entry = await answer.json();
  const lang = searchedLanguage(entry.languages);
  const shards = entry.bantin?.[lang];
  const pagefind = await import(`${bundle}pagefind.js`);
  if (!shards) return pagefind;
  await Promise.all(shards.shards.map((key) =>
    pagefind.mergeIndex(`${bundle}${key}/`, { language: lang })));
  const table = await (await fetch(`${bundle}${shards.ranking}`)).json();
  // Pagefind's entry names the WebAssembly of a language it stems ("en"), none otherwise.
  return { search: rankedSearch(pagefind, table, Boolean(entry.languages[lang].wasm)) };
}

async function run(query) {
  say(box.dataset.searching, {});
  if (!box.dataset.bundle) {
    // A site with no page yet has no index: nothing to find, nothing failed.
    say(box.dataset.none, { query });
    return;
  }
  const pagefind = await openIndex(box.dataset.bundle);
  const search = await pagefind.search(query);
  let next = 0;
  let shown = 0;
  let moreButton = null;

  async function showMore() {
    let added = 0;
    while (next < search.results.length && added < PAGE_SIZE) {
      const batch = search.results.slice(next, next + PAGE_SIZE);
      next += batch.length;
      for (const data of await Promise.all(batch.map((r) => r.data()))) {
        render(data, query);
        added += 1;
        shown += 1;
      }
    }
    if (moreButton && next >= search.results.length) moreButton.remove();
  }

  await showMore();
  if (shown === 0) {
    say(box.dataset.none, { query });
    return;
  }
  // "10+" while more remain to be shown.
  const count = () => (next >= search.results.length ? `${shown}` : `${shown}+`);
  say(box.dataset.results, { query, count: count() });
  if (next < search.results.length) {
    moreButton = document.createElement("button");
    moreButton.type = "button";
    moreButton.className = "search-more";
    moreButton.textContent = box.dataset.more;
    moreButton.addEventListener("click", async () => {
      moreButton.disabled = true; // one page at a time
      await showMore();
      moreButton.disabled = false;
      say(box.dataset.results, { query, count: count() });
    });
    box.append(moreButton);
  }
}

const query = (new URLSearchParams(window.location.search).get("q") || "").trim();
if (input) input.value = query;
if (box && query) {
  run(query).catch((error) => {
    console.error(error);
    say(box.dataset.failed, {});
  });
}
