"""The search index: Pagefind over exactly the pages a build wrote, in shards of bounded size.

Words with a đ are found without marks by a metadata field of their own (folding.py).

Each language's pages are cut into shards of about `shard_pages()` pages (1,000 unless
`BANTIN_SEARCH_SHARD_PAGES` says otherwise, see docs/readers-site.md), in the order they were
published (pages without a date first, then by date and address), and each shard is a
Pagefind index of its own, made by
`pagefind --site` (multi-threaded, reading the files itself) on a folder of links to that
shard's pages as this build wrote them. Pagefind's memory grows with the pages it indexes at
once, so a build's peak is bounded by the shard size, not the site's. In publication order
an edited page touches its own shard, and a new article the language's last one. A shard
whose pages are the same, byte for byte, as when it was made keeps its files as they are; a
shard is never kept when one of its pages left the site (its set of pages changed), so no
page that left the site stays in the index (docs/front-matter.md, what is never published).
A page withdrawn from the middle moves the pages after it, whose shards are made again.

A language's first shard is at the top of pagefind/, with Pagefind's script and WebAssembly
(the same for all) and the first shards of the other languages; each other shard is in a
folder of its own (pagefind/vi-x-1/), as Pagefind wrote it, its pagefind-entry.json
included (`_folder_of`). The top pagefind-entry.json lists the first shard of each language
under the language's code ("vi"), where Pagefind's own choice of the index for a page's
`<html lang>` finds it, and, under a key of Bantin's own, the other shards of each. The
search page (assets/js/search.js) loads the first and merges the others with Pagefind's
`mergeIndex("/pagefind/vi-x-1/", …)`: one search, one list. Pagefind ranks each shard by
its own statistics (a word's IDF among the shard's pages): for a language in several
shards the build writes a ranking file (`_rankings`: each shard's page count and pages), by
which the search page brings every shard's scores to the language's IDF and leaves out what
a shard found only by Pagefind's fallback for a word it does not have; what still differs
from one index is the page length against the shard's average, which reorders near-ties
(tests/browser/test_search_shards.py).
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..core.messages import Text, msg
from ..website.outputs import output_path

BUNDLE_DIR = "pagefind"  # /pagefind/pagefind.js, /pagefind/index/…
ENTRY = "pagefind-entry.json"
# Pagefind's ready-made interfaces; the search page has its own (assets/js/search.js).
_UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
           "pagefind-modular-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
           "pagefind-highlight.js")


class SearchIndexError(Exception):
    """Pagefind could not build the index (its binary is missing or failed)."""

    def __init__(self, message: Text) -> None:
        super().__init__(message)
        self.message = message


SHARD_PAGES = 1_000  # pages of one language in a shard (shards_of); 0: a language is one
SHARD_ENV = "BANTIN_SEARCH_SHARD_PAGES"


def shard_pages() -> int:
    """The shard size: $BANTIN_SEARCH_SHARD_PAGES when it is a number (0: one index per
    language), else SHARD_PAGES. A thousand pages keep Pagefind's part of a production build
    near 350 MB however large the site, and an edit's re-indexing near 2.5 s (of some 4 s
    to publish it at 10,000 articles, against 100 to 125 s for the whole production build),
    while a reader's search merges a shard per thousand pages of the language
    (bench/README.md); a site of up to 1,499 pages a language has one index."""
    given = os.environ.get(SHARD_ENV, "")
    return int(given) if given.isdigit() else SHARD_PAGES


@dataclass(frozen=True)
class IndexedPage:
    """A page to index, as this build wrote it."""

    url: str
    lang: str
    folder: Path  # the folder its HTML is in, wherever the build has it now
    digest: str  # of that HTML
    published: str = ""  # when it was published (ISO 8601), "" for a page without a date
    name: str = ""  # its file in `folder`, when not the one its URL names (a staged page)

    @property
    def path(self) -> Path:
        """Its HTML; made only for a page that is read (an edit reads a shard's changed
        pages, of tens of thousands): an output's file path costs more than the rest."""
        return self.folder / (self.name or output_path(self.url))


@dataclass(frozen=True)
class Shard:
    """One shard of the bundle, as the build that made it left it."""

    html: dict[str, str]  # its pages: address -> digest of the HTML as written
    searched: dict[str, str]  # address -> digest of what Pagefind reads of it (_searched)
    files: dict[str, str]  # its files (path under pagefind/) and their digests as written
    entry: dict[str, Any]  # the pagefind-entry.json Pagefind wrote for this shard alone


@dataclass
class Bundle:
    """What the search step gives the build."""

    made: list[tuple[str, Path | bytes]] = field(default_factory=list)  # to write
    kept: set[str] = field(default_factory=set)  # files the output keeps as they are
    shards: dict[str, Shard] = field(default_factory=dict)  # digests of new files unknown
    indexed: int = 0  # pages Pagefind indexed in this build

    def remember(self, digests: dict[str, str]) -> dict[str, Shard]:
        """The shards for the next build, given the digests of the files as written."""
        return {key: replace(shard, files={name: digests[name] for name in shard.files})
                for key, shard in self.shards.items()}


def shard_key(lang: str, number: int) -> str:
    """A shard's key in pagefind-entry.json: "vi" for the first, "vi-x-1" for the next."""
    return lang if number == 0 else f"{lang}-x-{number}"


def shards_of(pages: Sequence[IndexedPage], size: int) -> dict[str, list[IndexedPage]]:
    """The pages cut into shards: by language, in the order they were published, `size`
    pages each; by key (shard_key). The newest pages left over join the shard before them
    when they are fewer than half a shard: a shard of a few pages has statistics of its
    own (a word on two of its ten pages is rare there, common in the language), which
    Pagefind's ranking would carry into the merged list, at the top, where the newest
    articles are. So every shard has from half of `size` to one and a half (but a
    language's only one), and a new article still changes only the last shard, or the last
    two when it makes the leftover half a shard."""
    by_language: dict[str, list[IndexedPage]] = {}
    for page in pages:
        by_language.setdefault(page.lang, []).append(page)
    shards: dict[str, list[IndexedPage]] = {}
    for lang, group in sorted(by_language.items()):
        group.sort(key=lambda page: (page.published, page.url))
        starts = list(range(0, len(group), size))
        if len(starts) > 1 and len(group) - starts[-1] < (size + 1) // 2:
            starts.pop()  # the leftover joins the shard before it
        for number, first in enumerate(starts):
            last = starts[number + 1] if number + 1 < len(starts) else len(group)
            shards[shard_key(lang, number)] = group[first:last]
    return shards


Part = tuple[bytes, bool]  # a page's data-pagefind-body element and True, or it all and False


def _indexed_part(page: IndexedPage) -> Part:
    """What Pagefind reads of a page: its data-pagefind-body element (the layouts keep every
    data-pagefind-* inside it: docs/readers-site.md), or the whole page without one."""
    data = page.path.read_bytes()
    body = _body_element(data)
    return body, body is not data


def _searched(page: IndexedPage, part: Part) -> str:
    """The digest of what Pagefind reads of a page: its language and its indexed part. What
    is around it (the head, the site's header, a banner saying that a translation is out
    of date, the newer and older articles beside it, which a new article changes) changes
    no record, and re-indexes no shard."""
    h = hashlib.blake2b(f"{page.lang}\0".encode(), digest_size=16)
    h.update(part[0])
    return h.hexdigest()


def _what_pagefind_reads(page: IndexedPage, part: Part) -> bytes | None:
    """The page Pagefind is given: the indexed part alone, in a page of its language (None:
    no data-pagefind-body; Pagefind reads the page as it is). Given whole pages, Pagefind
    took the header's emblem for the picture of each page without one and indexed its
    address as words ("icons", "svg"); it reads nothing else outside that element."""
    body, found = part
    if not found:
        return None
    lang = html.escape(page.lang, quote=True).encode()
    return (b'<!DOCTYPE html><html lang="' + lang + b'"><head><meta charset="utf-8"></head>'
            b"<body>" + body + b"</body></html>")


def _body_element(data: bytes) -> bytes:
    """The element with data-pagefind-body, from its start tag to its end tag; from there
    to the end of the page when it cannot be told where it ends; the page without one."""
    found = data.find(b"data-pagefind-body")
    start = data.rfind(b"<", 0, found)
    if found < 0 or start < 0:
        return data
    name = re.match(rb"<([A-Za-z][\w-]*)", data[start:found])
    if name is None:
        return data[start:]
    opening = re.compile(rb"<(/?)" + re.escape(name.group(1)) + rb"[\s>]", re.IGNORECASE)
    depth = 0
    for tag in opening.finditer(data, start):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return data[start:tag.end()]
    return data[start:]


def index(pages: Sequence[IndexedPage], previous: dict[str, Shard], written: dict[str, str],
          work: Path) -> Bundle:
    """The bundle for these pages. `previous` are the shards the last build with an index
    left, `written` the files under pagefind/ the output holds now and their digests (a
    shard is kept only when all of its files are still there as it wrote them); Pagefind
    works in `work`, whose files the bundle refers to until they are written."""
    try:
        return _index(pages, previous, written, work)
    except (OSError, ValueError, KeyError) as exc:
        raise SearchIndexError(msg("Pagefind could not build the search index: %(problem)s; "
                                   "is `pagefind[bin]` installed?", problem=str(exc))) from exc


def _index(pages: Sequence[IndexedPage], previous: dict[str, Shard], written: dict[str, str],
           work: Path) -> Bundle:
    bundle = Bundle()
    entries: dict[str, dict[str, Any]] = {}
    files: dict[str, Path] = {}
    size = shard_pages()
    for key, group in shards_of(pages, size or max(len(pages), 1)).items():
        old = previous.get(key) or Shard({}, {}, {}, {})
        html = {page.url: page.digest for page in group}
        # the pages changed since the shard was made, read once: digested, and given to Pagefind
        parts = {page.url: _indexed_part(page) for page in group
                 if old.html.get(page.url) != page.digest}
        searched = {page.url: _searched(page, parts[page.url]) if page.url in parts
                    else old.searched[page.url] for page in group}
        if (searched == old.searched
                and all(written.get(name) == d for name, d in old.files.items())):
            bundle.kept.update(old.files)
            entries[key] = old.entry
            bundle.shards[key] = Shard(html, searched, old.files, old.entry)
            continue
        made, entry = _pagefind(group, parts, work / key, _folder_of(key))
        bundle.indexed += len(group)
        entries[key] = entry
        for name, path in made.items():
            if name in files and files[name].read_bytes() != path.read_bytes():
                raise SearchIndexError(msg("Pagefind made two versions of %(file)s", file=name))
            files[name] = path
        bundle.shards[key] = Shard(html, searched, dict.fromkeys(sorted(made), ""), entry)
    bundle.kept.difference_update(files)
    bundle.made = [(name, path) for name, path in sorted(files.items())]
    if entries:
        tables = _rankings(bundle.shards)
        bundle.made.extend(tables.values())
        bundle.made.append((ENTRY, _entry(entries, {page.lang for page in pages}, {
            lang: name for lang, (name, _data) in tables.items()})))
    return bundle


def _folder_of(key: str) -> str:
    """Where a shard's files go under pagefind/: a language's first shard at the top, with
    Pagefind's script and WebAssembly, each other one in a folder of its own ("vi-x-1/"),
    where the search page merges it from. Never two shards in one folder: Pagefind names a
    page's fragment by seven hex digits of a digest, unique within an index only (two of
    50,000 pages in separate shards had one name)."""
    return "" if "-x-" not in key else f"{key}/"


def _rankings(shards: dict[str, Shard]) -> dict[str, tuple[str, bytes]]:
    """For each language in more than one shard, the file that lets the search page rank
    the shards' results as one index would (assets/js/search.js): each shard's page count
    and its pages as Pagefind names them in results (their fragments' names); by language,
    with its file's name (ranking-vi-<digest>.json: a browser never mixes one build's with
    another's). Some 11 bytes a page, fetched by the search page of that language only."""
    by_language: dict[str, dict[str, Any]] = {}
    for key, shard in shards.items():
        fragments = f"{_folder_of(key)}fragment/"
        ids = sorted(name.removeprefix(fragments).removesuffix(".pf_fragment")
                     for name in shard.files if name.startswith(fragments))
        lang = key.split("-x-")[0]
        pages = shard.entry.get("languages", {}).get(lang, {}).get("page_count", len(ids))
        by_language.setdefault(lang, {})[key] = {"pages": pages, "ids": " ".join(ids)}
    tables = {}
    for lang, table in sorted(by_language.items()):
        if len(table) > 1:
            data = json.dumps({"shards": table}, sort_keys=True,
                              separators=(",", ":")).encode("utf-8")
            digest = hashlib.blake2b(data, digest_size=6).hexdigest()
            tables[lang] = (f"ranking-{lang}-{digest}.json", data)
    return tables


def _pagefind(pages: Sequence[IndexedPage], parts: dict[str, Part], folder: Path, under: str
              ) -> tuple[dict[str, Path], dict[str, Any]]:
    """Index one shard's pages: its files (path under pagefind/ -> file; `under`: the
    shard's folder there, `_folder_of`) and its entry. A shard in a folder of its own keeps
    its own pagefind-entry.json (the search page's `mergeIndex` reads it) and leaves out
    Pagefind's script and WebAssembly, which only the top folder's are used of."""
    # here, not above: every page's layout folds words (folding.py), and a quick rebuild
    # without the index never runs Pagefind (subprocess alone is some 4 ms of imports)
    import shutil
    import subprocess
    import tempfile

    from pagefind.service import get_executable

    binary = get_executable()
    if binary is None:
        raise SearchIndexError(msg("the Pagefind binary was not found: install the site's "
                                   "packages again (./scripts/setup), or build with "
                                   "--no-search"))
    site, out = folder / "site", folder / "bundle"
    made: set[Path] = set()
    for page in pages:
        path = site / output_path(page.url)
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        read = _what_pagefind_reads(page, parts.get(page.url) or _indexed_part(page))
        if read is not None:
            path.write_bytes(read)
            continue
        try:  # the page as written, linked: no byte copied
            os.link(page.path, path)
        except OSError:  # another file system, or one without links
            shutil.copyfile(page.path, path)
    with tempfile.TemporaryFile() as log:
        done = subprocess.run([str(binary), "--site", str(site), "--output-path", str(out),
                               "--quiet"], stdout=log, stderr=log, check=False)
        if done.returncode != 0:
            log.seek(0)
            said = log.read().decode("utf-8", "replace").strip()
            raise SearchIndexError(msg("Pagefind stopped: %(problem)s",
                                       problem=said or msg("no message")))
    files = {path.relative_to(out).as_posix(): path for path in out.rglob("*") if path.is_file()}
    entry: dict[str, Any] = json.loads(files[ENTRY].read_bytes())
    if not under:
        del files[ENTRY]  # the top folder's lists every language (_entry)
    return {f"{under}{name}": path for name, path in files.items()
            if _used(name, merged=bool(under))}, entry


def _used(name: str, merged: bool = False) -> bool:
    """Whether the site uses this file of Pagefind's bundle; `merged`: of a shard merged
    into the first one (only its entry, metadata, word index and fragments)."""
    if merged:
        return name == ENTRY or name.endswith(".pf_meta") or name.startswith(
            ("index/", "fragment/", "filter/"))
    return name.rpartition("/")[2] not in _UNUSED and not name.startswith("playground/")


def _entry(entries: dict[str, dict[str, Any]], languages: set[str], rankings: dict[str, str]
           ) -> bytes:
    """The top folder's pagefind-entry.json, from each shard's own: the first shard of each
    language under the language's code, where Pagefind looks for the index of a page's
    `<html lang>`; the same site gives the same bytes (keys sorted). The first shard counts
    all of the language's pages: where a page's language has no index, Pagefind loads the
    one with the most pages, and that is then the first shard of the largest language.
    Under a key of Bantin's own, which Pagefind does not read, each language in several
    shards lists the others (their folders, `_folder_of`) and its ranking file
    (`rankings`, `_rankings`), for the search page."""
    found_all: dict[str, Any] = {}
    common: dict[str, Any] = {}
    for key, entry in sorted(entries.items()):
        lang = key.split("-x-")[0]
        entry = dict(entry)
        found = entry.pop("languages")
        if list(found) != [lang]:
            raise SearchIndexError(msg(
                "pages of %(lang)s were indexed as %(langs)s: a page's <html lang> must be "
                "its language", lang=lang, langs=str(sorted(found))))
        found_all[key] = dict(found[lang])
        if common and common != entry:
            raise SearchIndexError(msg("Pagefind made two versions of %(file)s", file=ENTRY))
        common = entry
    first = {lang: found_all[lang] for lang in languages}
    merged: dict[str, Any] = {}
    for lang in languages:
        others = sorted((key for key in found_all if key.startswith(f"{lang}-x-")),
                        key=lambda key: int(key.rpartition("-")[2]))
        first[lang]["page_count"] = sum(found_all[key]["page_count"] for key in [lang, *others])
        if others:
            merged[lang] = {"shards": others, "ranking": rankings[lang]}
    bantin = {"bantin": merged} if merged else {}
    return json.dumps({**common, **bantin, "languages": first}, ensure_ascii=False,
                      sort_keys=True, separators=(",", ":")).encode("utf-8")
