"""The last build's State on disk, for quick rebuilds from the command line.

`serve` keeps its last build's State in memory and, after a text-only edit, makes again
only the outputs that read the changed bodies (quick.py). A command-line build is a new
process every time: without a State it reads every document's cache record and resolves
the Site again, about a second at 10,000 pages however small the edit. So a command-line
build saves its State beside its cache (`state.pickle`: the Site, its bodies left on disk,
and the Renderer without its layouts' environments), and the next one first tries a quick
rebuild from it.

The file is trusted only with the cache it was saved beside. Both hold the same token,
which every full build removes from the cache first and sets again once it has saved a new
file. The bodies quick rebuilds replaced since are recorded in the cache (quick.CHANGES),
in the transaction that records the outputs they made, and are applied on loading.
Anything unexpected (no file, another token, engine or site folder, a file that does not
unpickle) means a full build.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
import secrets
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import facts, freshness, heap, incremental, quick, reads, timing
from .cache import Cache, engine_digest, stat_keys, variant_folder
from .config import Config
from .content import Source, parse_source_path
from .site import BuildOptions, Site

if TYPE_CHECKING:
    from .quick import BuildResult

FILE = "state.pickle"
TOKEN = "state"  # in the cache's meta table: the token of the file that goes with it


def forget(cache: Cache) -> None:
    """No saved state goes with this cache any more (a full build is changing it)."""
    cache.db.execute("DELETE FROM meta WHERE name IN (?, ?)", (TOKEN, quick.CHANGES))


def save(cache: Cache, state: quick.State, table: dict[str, Any]) -> None:
    """Save the state of the build that just succeeded, whose outputs table is `table`;
    inside a cache transaction."""
    _share_strings(state.site)
    token = secrets.token_hex(16)
    header = (token, engine_digest(), str(state.site.config.root), state.options, state.out,
              state.stats, state.site_reads, state.until)
    path = cache.folder / FILE
    part = path.with_name(f"{FILE}.{os.getpid()}.part")
    with part.open("wb") as handle:
        pickle.dump(header, handle, protocol=pickle.HIGHEST_PROTOCOL)
        # Without the front-matter digests (the changed files' are in their records) and
        # without reads.SHOWN: what a quick rebuild makes depends on every shown field
        # (reads.ALL), so a later title edit anywhere makes it again, which is all it costs.
        # With who read each body instead of the whole outputs table.
        pickle.dump((dataclasses.replace(state, outputs=None, fm={},
                                         readers=quick.readers_of(table)), reads.ALL[0]),
                    handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(part, path)
    forget(cache)
    cache.set(TOKEN, token)


def rebuild(config: Config, options: BuildOptions, out: Path,
            stats: freshness.Scan) -> BuildResult | None:
    """quick.rebuild from the saved state, or None: build fully instead."""
    if stats.refused:  # reported by the full build
        return None
    cache = Cache(variant_folder(config.root, out, options.drafts, options.future))
    try:
        with heap.uncollected():  # hundreds of thousands of objects, none of them garbage
            with timing.phase("state"):
                state = _load(cache, config, options, out, stats)
            cache.close()
            if state is None:
                return None
            with timing.phase("quick"):
                result = quick.rebuild(state, config, options, out, stats)
    finally:
        cache.close()
    if result is not None and not result.ok:  # the state is not this build's: never reuse
        cache = Cache(cache.folder)
        try:
            forget(cache)
        finally:
            cache.close()
    return result


def _load(cache: Cache, config: Config, options: BuildOptions, out: Path,
          stats: dict[str, os.stat_result]) -> quick.State | None:
    token = cache.get(TOKEN)
    if token is None or options.search:
        return None
    try:
        handle = (cache.folder / FILE).open("rb")
    except OSError:
        return None
    with handle:
        try:
            header = pickle.load(handle)  # noqa: S301 - our own file, matched to the cache
            saved_token, engine, root, saved_options, saved_out, saved_stats, site_reads, \
                until = header
        except Exception:  # noqa: BLE001 - a file we cannot read is not trusted
            return None
        changes: dict[str, tuple[str, str, Any]] = cache.get(quick.CHANGES, {})
        now = {path: change[0] for path, change in changes.items()}
        if (saved_token != token or engine != engine_digest() or root != str(config.root)
                or saved_out != out or stats.keys() != saved_stats.keys()
                or (until is not None and options.now >= until)
                or (saved_options.drafts, saved_options.future)
                != (options.drafts, options.future)):
            return None
        changed = [path for path, key in stat_keys(stats).items()
                   if key != now.get(path, saved_stats[path])]
        if any(not (path.startswith("content/") and path.endswith(".md"))
               or path in site_reads for path in changed):
            return None  # not only texts changed: the rest is not even loaded
        records = {path: cache.doc(path) for path in changed}
        if not all(record is not None and _same_front_matter(config, path, record)
                   for path, record in records.items()):
            return None  # nor when a front-matter changed
        state: quick.State  # what save() pickled after the header
        try:
            state, shown_all = pickle.load(handle)  # noqa: S301
        except Exception:  # noqa: BLE001
            return None
    documents = {doc.source.path: doc for doc in state.site.documents()}
    for path, (stat, digest, body) in changes.items():
        doc = documents.get(path)
        if doc is None:
            return None
        object.__setattr__(doc, "digest", digest)
        reads.set_body(doc, body)
        state.stats[path] = stat
    for path, record in records.items():  # the facts of the versions about to be replaced
        if path not in documents or record["digest"] != documents[path].digest:
            return None
        for key, value in record.get("__facts__", {}).items():
            facts.STORE.setdefault(key, value)
        state.fm[path] = (record["__fm__"], record["__structure__"])
    from .i18n import load_translations, remembered_check

    inputs = incremental.file_digests(config.root, cache, stats, readonly=True)
    reads.watch_layouts(inputs)
    reads.SHOWN.clear()
    reads.ALL[0] = shown_all
    # the layouts and catalogs are the build's: their check is remembered (no warning lost)
    state.renderer.attach(load_translations(config, remembered_check(cache, inputs))[0])
    return state


def _same_front_matter(config: Config, path: str, record: dict[str, Any]) -> bool:
    """The file at `path` has the front-matter of the version `record` was made from."""
    source = parse_source_path(path, config)
    if not isinstance(source, Source):
        return False
    _doc, now, _prepared = incremental.parse_file(config.root, source, config)
    return bool(now["__fm__"] == record["__fm__"])


_SHARED = ("author", "category", "kind", "issuer", "issuer_parent", "place")  # FrontMatter
_SHARED_TUPLES = ("tags", "directives", "implements", "recipients")


def _share_strings(site: Site) -> None:
    """Make the strings many documents repeat (front-matter keys, authors, categories,
    tags, languages) one object each: pickle writes an object it has seen once, so the
    file is smaller and quicker to load. The values are the same; only their identity is."""
    metas = {id(page.meta): page.meta for page in site.pages}
    for doc in site.documents():
        metas[id(doc.meta)] = doc.meta
        object.__setattr__(doc, "lines", {sys.intern(key): line
                                          for key, line in doc.lines.items()})
        source = doc.source
        object.__setattr__(source, "section", sys.intern(source.section))
        object.__setattr__(source, "lang", sys.intern(source.lang))
    for meta in metas.values():
        for name in _SHARED:
            value = getattr(meta, name)
            if value.__class__ is str:
                object.__setattr__(meta, name, sys.intern(value))
        for name in _SHARED_TUPLES:
            values = getattr(meta, name)
            if values:
                object.__setattr__(meta, name, tuple([sys.intern(v) for v in values]))
    for page in site.pages:
        page.kind, page.lang = sys.intern(page.kind), sys.intern(page.lang)
