"""The search index: Pagefind over exactly the pages a build wrote, one index per language.

Pagefind matches words with or without tones, but it does not fold đ into d (đ is a letter
of its own, not d plus a mark), so "doi ngoai" would miss "đối ngoại". The layouts give each
indexed page a `folded` metadata field holding just its words with a đ, without marks
(`folded_words`): Pagefind searches metadata as it searches the text, and cuts excerpts
from the text alone, so readers see the page as written.

Each language is indexed by `pagefind --site` (multi-threaded, reading the files itself) on
a folder of links to that language's pages as this build wrote them. A language whose pages
are the same, byte for byte, as when its index was made keeps its files as they are: after
an edit, only the edited page's languages are indexed again. A language is never kept when
one of its pages left the site (its set of pages changed), so no page that left the site
stays in the index (docs/front-matter.md, what is never published).
"""

from __future__ import annotations

import functools
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
from ..core.text import fold
from ..website.outputs import output_path

BUNDLE_DIR = "pagefind"  # /pagefind/pagefind.js, /pagefind/index/…
ENTRY = "pagefind-entry.json"
# Pagefind's ready-made interfaces; the search page has its own (assets/js/search.js).
_UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
           "pagefind-modular-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
           "pagefind-highlight.js")
_TAG = re.compile(r"<[^>]*>")
_D_STROKE = re.compile("[đĐðÐ]")
# What Pagefind strips around a word before indexing it ("(Đảng)," -> "Đảng")
_EDGE_PUNCTUATION = re.compile(r"^[^\w]+|[^\w]+$")


class SearchIndexError(Exception):
    """Pagefind could not build the index (its binary is missing or failed)."""

    def __init__(self, message: Text) -> None:
        super().__init__(message)
        self.message = message


def folded_words(*parts: str | None) -> str:
    """The words with a đ among these texts or HTML fragments, without marks, lowercase,
    each once, sorted: "Đường đến Đảng" -> "dang den duong". A layout puts them in the
    page's `folded` search metadata, which is searched but never shown."""
    words: set[str] = set()  # each word folded once, however often the page has it
    for part in parts:
        if part and _D_STROKE.search(part):
            words.update(html.unescape(_TAG.sub(" ", str(part))).split())
    found = {_folded(word) for word in words if _D_STROKE.search(word)}
    found.discard("")
    return " ".join(sorted(found))


@functools.lru_cache(maxsize=65536)  # every article has "đối", "Đảng", "được" …
def _folded(word: str) -> str:
    return _EDGE_PUNCTUATION.sub("", fold(word).lower())


@dataclass(frozen=True)
class IndexedPage:
    """A page to index, as this build wrote it."""

    url: str
    lang: str
    path: Path  # its HTML, wherever the build has it now
    digest: str  # of that HTML


@dataclass(frozen=True)
class Shard:
    """One language's part of the bundle, as the build that made it left it."""

    html: dict[str, str]  # its pages: address -> digest of the HTML as written
    searched: dict[str, str]  # address -> digest of what Pagefind reads of it (_searched)
    files: dict[str, str]  # its files (path under pagefind/) and their digests as written
    entry: dict[str, Any]  # the pagefind-entry.json Pagefind wrote for this language alone


@dataclass
class Bundle:
    """What the search step gives the build."""

    made: list[tuple[str, Path | bytes]] = field(default_factory=list)  # to write
    kept: set[str] = field(default_factory=set)  # files the output keeps as they are
    shards: dict[str, Shard] = field(default_factory=dict)  # digests of new files unknown
    indexed: int = 0  # pages Pagefind indexed in this build

    def remember(self, digests: dict[str, str]) -> dict[str, Shard]:
        """The shards for the next build, given the digests of the files as written."""
        return {lang: replace(shard, files={name: digests[name] for name in shard.files})
                for lang, shard in self.shards.items()}


def _searched(page: IndexedPage) -> str:
    """The digest of what Pagefind reads of a page: its language, and its data-pagefind-body
    element (the layouts keep every data-pagefind-* inside it: docs/readers-site.md). What
    is around it (the head, the site's header, a banner saying that a translation is out
    of date, the newer and older articles beside it, which a new article changes) changes
    no record, and re-indexes no shard."""
    data = page.path.read_bytes()
    h = hashlib.blake2b(f"{page.lang}\0".encode(), digest_size=16)
    h.update(_body_element(data))
    return h.hexdigest()


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
    by_language: dict[str, list[IndexedPage]] = {}
    for page in pages:
        by_language.setdefault(page.lang, []).append(page)
    bundle = Bundle()
    entries: dict[str, dict[str, Any]] = {}
    files: dict[str, Path] = {}
    for lang, group in sorted(by_language.items()):
        old = previous.get(lang) or Shard({}, {}, {}, {})
        html = {page.url: page.digest for page in group}
        searched = {page.url: old.searched[page.url] if old.html.get(page.url) == page.digest
                    else _searched(page) for page in group}
        if (searched == old.searched
                and all(written.get(name) == d for name, d in old.files.items())):
            bundle.kept.update(old.files)
            entries[lang] = old.entry
            bundle.shards[lang] = Shard(html, searched, old.files, old.entry)
            continue
        folder = work / lang
        made, entry = _pagefind(group, folder)
        bundle.indexed += len(group)
        entries[lang] = entry
        for name, path in made.items():
            if name in files and files[name].read_bytes() != path.read_bytes():
                raise SearchIndexError(msg("Pagefind made two versions of %(file)s", file=name))
            files[name] = path
        bundle.shards[lang] = Shard(html, searched, dict.fromkeys(sorted(made), ""), entry)
    bundle.kept.difference_update(files)
    bundle.made = [(name, path) for name, path in sorted(files.items())]
    if entries:
        bundle.made.append((ENTRY, _entry(entries)))
    return bundle


def _pagefind(pages: Sequence[IndexedPage], folder: Path) -> tuple[dict[str, Path], dict[str, Any]]:
    """Index one language's pages: its files (path under pagefind/ -> file) and its entry."""
    # here, not above: every page's layout folds words (folded_words), and a quick rebuild
    # never runs Pagefind (subprocess alone is some 4 ms of imports)
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
    for page in pages:  # the pages as written, linked: no byte copied
        link = site / output_path(page.url)
        if link.parent not in made:
            link.parent.mkdir(parents=True, exist_ok=True)
            made.add(link.parent)
        try:
            os.link(page.path, link)
        except OSError:  # another file system, or one without links
            shutil.copyfile(page.path, link)
    with tempfile.TemporaryFile() as log:
        done = subprocess.run([str(binary), "--site", str(site), "--output-path", str(out),
                               "--quiet"], stdout=log, stderr=log, check=False)
        if done.returncode != 0:
            log.seek(0)
            said = log.read().decode("utf-8", "replace").strip()
            raise SearchIndexError(msg("Pagefind stopped: %(problem)s",
                                       problem=said or msg("no message")))
    files = {path.relative_to(out).as_posix(): path for path in out.rglob("*") if path.is_file()}
    entry: dict[str, Any] = json.loads(files.pop(ENTRY).read_bytes())
    return {name: path for name, path in files.items() if _used(name)}, entry


def _used(name: str) -> bool:
    """Whether the site uses this file of Pagefind's bundle."""
    return name.rpartition("/")[2] not in _UNUSED and not name.startswith("playground/")


def _entry(entries: dict[str, dict[str, Any]]) -> bytes:
    """pagefind-entry.json for every language, from each language's own: the same site gives
    the same bytes (Pagefind lists languages in hash-map order; here keys are sorted)."""
    languages: dict[str, Any] = {}
    common: dict[str, Any] = {}
    for lang, entry in sorted(entries.items()):
        entry = dict(entry)
        found = entry.pop("languages")
        if lang not in found or languages.keys() & found.keys() or len(found) > 1:
            raise SearchIndexError(msg(
                "pages of %(lang)s were indexed as %(langs)s: a page's <html lang> must be "
                "its language", lang=lang, langs=str(sorted(found))))
        languages.update(found)
        if common and common != entry:
            raise SearchIndexError(msg("Pagefind made two versions of %(file)s", file=ENTRY))
        common = entry
    return json.dumps({**common, "languages": languages}, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode("utf-8")
