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

// The index is in shards (bantin/rendering/search.py), all in one folder, each listed in
// pagefind-entry.json: a language's first under its code ("vi"), the others as "vi-x-1" …
// Pagefind loads the first shard of this page's language (or, when the language has no
// index, of the language with the most pages, as it does for a single index); the other
// shards of that language are merged into it, and one search ranks them all by score.
const SHARD = /^(.+)-x-(\d+)$/;

function searchedLanguage(languages) {
  const own = document.documentElement.lang.toLowerCase();
  if (languages[own]) return own;
  if (languages[own.split("-")[0]]) return own.split("-")[0];
  const firsts = Object.keys(languages).filter((key) => !SHARD.test(key));
  // Pagefind's own choice: the most pages, the first listed of those that tie.
  return firsts.reduce((best, key) =>
    (languages[key].page_count > languages[best].page_count ? key : best), firsts[0]);
}

// Exported for tests/browser/test_search_shards.py, which runs many queries on one page.
export async function openIndex(bundle) {
  const answer = await fetch(`${bundle}pagefind-entry.json`, { cache: "no-cache" });
  const { languages } = await answer.json();
  const lang = searchedLanguage(languages);
  const others = Object.keys(languages).filter((key) => SHARD.exec(key)?.[1] === lang);
  const pagefind = await import(`${bundle}pagefind.js`);
  // Pagefind skips a merged index at the address of the one it loaded first: the shards'
  // common folder is named another way ("/pagefind/./"), the same folder for the browser.
  await Promise.all(others.map((key) =>
    pagefind.mergeIndex(`${bundle}./`, { language: key })));
  return pagefind;
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
