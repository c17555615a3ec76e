"""Quick rebuilds: the previous build's Site reused, in memory (serve) or saved (saved.py).

A full incremental build reads every document's cache record and resolves the Site again:
about a second on a 10,000-page site, however small the edit. Most edits in a preview are to
the text of an article. When the only inputs that changed since the last build are Markdown
files whose front-matter is unchanged, whose parse reported nothing, and whose bodies have
the same links, images, anchors and directive mentions as before, the Site is the same but
for those bodies. The previous build's Site, renderer and plan (a `State`, kept by `serve`)
are then reused: the changed files are parsed, their documents updated in place, and only
the outputs that read those bodies (the page, a translation's stale notice, …) are made
again, into the output folder the way an incremental build writes them. Anything else — a
new or deleted file, a front-matter, layout, asset or config edit, a scheduled time passed,
a changed link — falls back to the full build (`rebuild` returns None). The cache is kept
up to date either way, so the next build of any kind starts from the same place.

`serve` keeps the State of its last build; a command-line build loads the one the last
full build saved (saved.py), which has no plan: a page is made without one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from . import facts, freshness, incremental, reads
from .cache import Cache, stat_keys, variant_folder
from .config import Config
from .content import Document, Source, parse_source_path
from .diagnostics import Diagnostic, Diagnostics
from .incremental import Output
from .markdown import Prepared
from .site import BuildOptions, Site

CHANGES = "state+"  # in the cache: the bodies quick rebuilds replaced since a state was saved


@dataclass
class State:
    """What a successful build leaves for a quick rebuild."""

    options: BuildOptions
    out: Path
    stats: dict[str, str]  # every input file -> its stat key at that build
    until: datetime | None  # the same inputs give the same site until then
    site: Site
    renderer: Any  # render.Renderer
    outputs: list[Output] | None  # the plan, without the search bundle (None: not made yet)
    fm: dict[str, tuple[str, str]]  # content file -> digests of all but its body (see
    # incremental.load_documents)
    site_reads: set[str]  # files whose bodies the Site itself was made from
    diagnostics: list[Diagnostic]  # the build's warnings
    pages: int
    # content file -> (url, key, digest, body digest read) of each output that read its body,
    # as the build left them (a saved state: its build's outputs table is not read again)
    readers: dict[str, tuple[tuple[str, str, str, str], ...]] | None = None

    def outputs_for(self, urls: list[str]) -> list[Output]:
        """The outputs of the plan at these URLs (those it has), in that order. A saved
        state has no plan: pages are made without one, anything else plans again."""
        if self.outputs is None:
            pages = {page.url: page for page in self.site.pages}
            if all(url in pages for url in urls):
                return [Output(url, "page", (pages[url],)) for url in urls]
            # here, not above: planning needs feeds, search and the web editor, some
            # milliseconds of imports that a quick rebuild of pages alone never spends
            from .plan import plan
            from .search import BUNDLE_DIR

            self.outputs = [o for o in plan(self.site, self.renderer, self.renderer.assets)
                            if not o.url.startswith(f"/{BUNDLE_DIR}/")]
        planned = {output.url: output for output in self.outputs}
        return [planned[url] for url in urls if url in planned]


@dataclass
class BuildResult:
    site: Site | None
    diagnostics: Diagnostics
    pages_written: int = 0  # pages in the site
    made: int = 0  # files written by this build (the rest were unchanged)
    removed: int = 0  # files deleted because the site no longer has them
    state: State | None = None  # what a quick rebuild reuses (a successful build)

    @property
    def ok(self) -> bool:
        return not self.diagnostics.errors


def rebuild(state: State, config: Config, options: BuildOptions, out: Path,
            stats: freshness.Scan) -> BuildResult | None:
    """Bring `out` up to date by re-making only what read the changed bodies, or None when
    the edit is not of that kind (build fully instead). A failed quick rebuild leaves `out`
    as it was; the state must not be used again (the caller builds fully next)."""
    if (options.drafts, options.future, options.search) != (
            state.options.drafts, state.options.future, False) or out != state.out:
        return None
    if (state.until is not None and options.now >= state.until) or stats.refused:
        return None
    if stats.keys() != state.stats.keys():
        return None
    keys = stat_keys(stats)
    changed = sorted(path for path, key in keys.items() if key != state.stats[path])
    if any(not (path.startswith("content/") and path.endswith(".md"))
           or path in state.site_reads for path in changed):
        return None
    documents = {doc.source.path: doc for doc in state.site.documents()}
    cache = Cache(variant_folder(config.root, out, options.drafts, options.future))
    facts.BODIES = cache.body
    try:
        if cache.get("out") != freshness.out_identity(out) or cache.get("applying"):
            return None
        parsed: list[tuple[Document, Document, dict[str, Any], Prepared]] = []
        for path in changed:
            source = parse_source_path(path, config)
            old = documents.get(path)
            if not isinstance(source, Source) or old is None:
                return None
            doc, record, prepared = incremental.parse_file(config.root, source, config)
            if (doc.diagnostics or record["__fm__"] != state.fm[path][0]
                    or not _same_facts(old, doc)):
                return None
            parsed.append((old, doc, record, prepared))
        result = _remake(state, config, options, out, stats, cache, parsed)
        return BuildResult(state.site, result[0], state.pages, made=result[1], state=state)
    finally:
        facts.BODIES = None
        cache.close()


def _same_facts(old: Document, new: Document) -> bool:
    """The new body links, anchors and mentions exactly as the old one did."""
    for kind in facts.EAGER:
        before = facts.STORE.get(facts.key(kind, old))
        if before is None or before[1] != facts.STORE[facts.key(kind, new)][1]:
            return False
    return True


def _readers(state: State, cache: Cache, stale: set[tuple[str, str]]
             ) -> dict[str, tuple[str, str]]:
    """The outputs that read one of these (file, digest) bodies: url -> (key, digest)."""
    if state.readers is None:  # the whole table
        return {url: (key, digest) for url, (key, read, digest) in cache.outputs().items()
                if not stale.isdisjoint(read)}
    changed = cache.changed_outputs()  # newer than state.readers
    found = {url: (key, digest) for path, body in stale
             for url, key, digest, read in state.readers.get(path, ())
             if read == body and url not in changed}
    found.update((url, (key, digest)) for url, (key, read, digest) in changed.items()
                 if not stale.isdisjoint(read))
    return found


def readers_of(table: dict[str, Any]) -> dict[str, tuple[tuple[str, str, str, str], ...]]:
    """State.readers, from an outputs table (cache.outputs)."""
    found: dict[str, list[tuple[str, str, str, str]]] = {}
    bodies: dict[str, str] = {}  # each digest one object: pickle writes it once
    for url, (key, read, digest) in table.items():
        for path, body in read:
            if path.startswith("content/"):
                found.setdefault(path, []).append((url, key, digest,
                                                   bodies.setdefault(body, body)))
    return {path: tuple(entries) for path, entries in found.items()}


def _remake(state: State, config: Config, options: BuildOptions, out: Path,
            stats: dict[str, os.stat_result], cache: Cache,
            parsed: list[tuple[Document, Document, dict[str, Any], Prepared]]
            ) -> tuple[Diagnostics, int]:
    root = config.root
    keys = stat_keys(stats)
    stale = {(old.source.path, old.digest) for old, _doc, _record, _prepared in parsed}
    made = _readers(state, cache, stale)  # url -> (key, digest) of each output to make again
    outputs = state.outputs_for(sorted(made))
    cache.begin()
    cache.put_docs((old.source.path, keys[old.source.path], record)
                   for old, _doc, record, _prepared in parsed)
    cache.put_bodies((record["digest"], prepared) for _old, _doc, record, prepared in parsed)
    for old, doc, _record, _prepared in parsed:  # the Site's document, now this version
        object.__setattr__(old, "digest", doc.digest)
        reads.set_body(old, reads.raw_body(doc))
        state.stats[old.source.path] = keys[old.source.path]
    in_use = {doc.digest for doc in state.site.documents()}
    cache.drop_bodies({digest for _path, digest in stale} - in_use)
    cache.commit()

    staging = incremental.staging_folder(out)
    plan = incremental.Plan(outputs, state.renderer, staging, False,
                            {output.url: made[output.url][1] for output in outputs}, out)
    results = incremental.render(plan, list(range(len(outputs))), None)
    diagnostics = Diagnostics(list(state.diagnostics))
    errors = [error for _i, _digest, _read, error, _written in results if error is not None]
    if errors:
        incremental.discard_folder(staging)
        diagnostics.items.extend(errors)
        return diagnostics, 0
    written = [i for i, _digest, _read, _error, was_written in results if was_written]
    freshness.clear_stamp(root, out, options.drafts, options.future)
    cache.begin()
    incremental.apply(cache, out, staging, plan, written, [])
    cache.update_outputs({outputs[i].url: (made[outputs[i].url][0], read, digest)
                          for i, digest, read, _error, _written in results})
    # what a state saved before (saved.py) must change to be this build's
    changes = cache.get(CHANGES, {})
    for old, _doc, record, _prepared in parsed:
        path = old.source.path
        body = (record["__body__"] if record["__offset__"] is None
                else reads.Deferred(root / path, record["__offset__"], old.digest))
        changes[path] = (state.stats[path], old.digest, body)
    cache.set(CHANGES, changes)
    cache.commit()
    freshness.write_stamp(root, out, options.drafts, options.future, options.search, stats,
                          state.until)
    return diagnostics, len(written)
