"""Quick rebuilds: the previous build's Site reused, when only article text changed.

A build from the documents up reads every document's cache record and resolves the Site
again: about a second on a 10,000-page site, however small the edit. Most edits in a
preview are to the text of an article. When the only inputs that changed since the last
build are Markdown files whose front-matter is unchanged, whose parse reported nothing, and
whose bodies have the same links, images, anchors and directive mentions as before, the
Site is the same but for those bodies. The previous build's `State` (kept in memory by
`serve`, loaded from disk by the command line: saved.py) is then reused: the changed files
are parsed, their new Documents put where the Site held the old ones, and only the outputs
that read those bodies (the page, a translation's stale notice, …) are made again, into the
output folder the way an incremental build writes them. When the last build made the
search index, so does this one, indexing again only the shards whose pages' text changed
(indexing.py): an edit is live in seconds on a site of any size. Anything else — a new or
deleted file, a front-matter, layout, asset or config edit, a scheduled time passed, a
changed link — is for the full build (`rebuild` returns None). The cache is kept up to date either
way, so the next build of any kind starts from the same place.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from ..core.diagnostics import Diagnostics
from ..model import facts
from ..model.config import Config
from ..model.content import parse_source_path
from ..model.document import Document, Source
from ..model.freshness import Scan
from ..model.markdown import Prepared
from ..model.options import BuildOptions
from ..rendering.render import Renderer
from ..website.site import Site
from . import publish
from .cache import Cache
from .documents import parse_file
from .records import BodyChange, DocRecord, Made, OutputRecord, Reader, Readers
from .stamp import Stamp
from .state import BuildResult, Kind, State
from .timings import Timings
from .workers import Plan, documents_of, render


def rebuild(state: State, config: Config, options: BuildOptions, stats: Scan, cache: Cache,
            stamp: Stamp, timings: Timings) -> BuildResult | None:
    """Bring the state's output up to date by re-making only what read the changed bodies,
    or None when the edit is not of that kind (build fully instead). A failed quick
    rebuild leaves the output as it was; the state must not be used again."""
    out = state.out
    changed = bodies_changed(state.options, state.stats, state.site_reads, state.until,
                             options, stats)
    if changed is None or not publish.known(cache, out):
        return None
    documents = documents_of(state.site)
    found = state.facts
    parsed: list[tuple[Document, Document, DocRecord, Prepared]] = []
    for path in changed:
        source = parse_source_path(path, config)
        old = documents.get(path)
        if not isinstance(source, Source) or old is None:
            return None
        doc, record, prepared = parse_file(config.root, source, config, found)
        if (doc.diagnostics or record.front != state.fronts[path][0]
                or not _same_facts(found, old, doc)):
            return None
        parsed.append((old, doc, record, prepared))
    diagnostics, made, removed = _remake(state, config, stats, cache, stamp, parsed,
                                         documents, timings)
    return BuildResult(Kind.QUICK, state.site, diagnostics, state.pages, made=made,
                       removed=removed, state=state)


def bodies_changed(before: BuildOptions, stats_before: dict[str, str],
                   site_reads: frozenset[str], until: datetime | None,
                   options: BuildOptions, stats: Scan) -> list[str] | None:
    """The content files changed since a build (its options, the stat key of each input
    file, the files whose bodies its Site was made from, until when it held), or None when
    anything else changed: another option (the search index asked for, or left out, unlike
    then; a preview keeps it), a scheduled time come, a file added, deleted or refused, any
    other input, a body the Site is made from."""
    if (before.drafts, before.future) != (options.drafts, options.future):
        return None
    if before.search != options.search and not (before.search and options.keep_index):
        return None  # the index made, or left out, as the last build did (or kept: a preview)
    if (until is not None and options.now >= until) or stats.refused:
        return None
    if stats.keys() != stats_before.keys():  # a file added or deleted
        return None
    changed = sorted(path for path, key in stats.items()
                     if key != stats_before[path])
    if any(not (path.startswith("content/") and path.endswith(".md"))
           or path in site_reads for path in changed):
        return None
    return changed


def _same_facts(found: facts.Facts, old: Document, new: Document) -> bool:
    """The new body links, anchors and mentions exactly as the old one did."""
    for kind in facts.EAGER:
        before, after = found.get(kind, old.digest), found.get(kind, new.digest)
        if before is None or after is None or before[1] != after[1]:
            return False
    return True


def put_documents(site: Site, renderer: Renderer, new: dict[str, Document], found: facts.Facts
                  ) -> None:
    """Put these documents where the Site (and its renderer's link index) held the ones of
    the same files: the pages', the withheld ones'; `found` has the facts of their new
    versions, which say whether the translations of these files are stale now."""
    for path, doc in new.items():  # a page is filed under its file's key, in its language
        for page in site.by_key.get(doc.source.key, {}).values():
            if page.source.path == path:
                page.doc = doc
    site.withheld[:] = [(new.get(doc.source.path, doc), why) for doc, why in site.withheld]
    renderer.links.docs.update((path, doc) for path, doc in new.items()
                               if path in renderer.links.docs)
    renderer.restale(new.values(), found)


def _readers(state: State, cache: Cache, stale: set[tuple[str, str]]) -> dict[str, Reader]:
    """The outputs that read one of these (file, digest) bodies, by URL."""
    def reader(url: str, record: OutputRecord) -> Reader:
        body = next(digest for path, digest in record.reads if (path, digest) in stale)
        return Reader(url, record.key, record.digest, body)

    if state.readers is None:  # the whole table
        return {url: reader(url, record) for url, record in cache.outputs().items()
                if not stale.isdisjoint(record.reads)}
    changed = cache.changed_outputs()  # newer than state.readers
    found = {entry.url: entry for path, body in stale
             for entry in state.readers.get(path, ())
             if entry.body == body and entry.url not in changed}
    found.update((url, reader(url, record)) for url, record in changed.items()
                 if not stale.isdisjoint(record.reads))
    return found


def readers_of(table: dict[str, OutputRecord]) -> dict[str, Readers]:
    """State.readers, from an outputs table."""
    found: dict[str, list[str]] = {}
    for url, record in table.items():
        for path, body in record.reads:
            if path.startswith("content/"):
                found.setdefault(path, []).extend((url, record.key, record.digest, body))
    return {path: Readers(tuple(fields)) for path, fields in found.items()}


def _remake(state: State, config: Config, stats: Scan, cache: Cache, stamp: Stamp,
            parsed: list[tuple[Document, Document, DocRecord, Prepared]],
            documents: dict[str, Document], timings: Timings
            ) -> tuple[Diagnostics, int, int]:
    """Make again what read the parsed (old, new) bodies, and the search index when the
    state's build made one; the files written and removed. `documents`: the Site's, by
    file, which the new versions replace."""
    root = config.root
    out = state.out
    stale = {(old.source.path, old.digest) for old, _doc, _record, _prepared in parsed}
    made = _readers(state, cache, stale)  # url -> each output to make again
    outputs = state.outputs_for(sorted(made))
    cache.begin()
    cache.put_docs((old.source.path, stats[old.source.path], record)
                   for old, _doc, record, _prepared in parsed)
    cache.put_bodies((record.digest, prepared) for _old, _doc, record, prepared in parsed)
    # the Site's documents, now of these versions
    new = {old.source.path: replace(old, digest=doc.digest, body=doc.body)
           for old, doc, _record, _prepared in parsed}
    put_documents(state.site, state.renderer, new, state.facts)
    documents.update(new)
    for old, _doc, _record, _prepared in parsed:
        state.stats[old.source.path] = stats[old.source.path]
    in_use = {doc.digest for doc in documents.values()}
    cache.drop_bodies({digest for _path, digest in stale} - in_use)
    cache.commit()

    staging = publish.staging_folder(out)
    plan = Plan(outputs, state.renderer, staging, False,
                {output.url: made[output.url].digest for output in outputs}, out,
                state.watched, cache, documents)
    results = render(plan, list(range(len(outputs))), None)
    diagnostics = Diagnostics(list(state.diagnostics))
    errors = [m.error for m in results if m.error is not None]
    if errors:
        publish.discard(staging)
        diagnostics.items.extend(errors)
        return diagnostics, 0, 0
    timings.note("rendered", len(outputs))
    keys = [made[output.url].key for output in outputs]
    removed: list[str] = []
    if state.options.search:
        from ..rendering.search import SearchIndexError

        try:
            results, removed = _index(state, plan, results, keys, cache, timings)
        except SearchIndexError as exc:
            publish.discard(staging)
            diagnostics.error("pagefind", 0, exc.message)
            return diagnostics, 0, 0
    written = {m.index: outputs[m.index].url for m in results if m.written}
    stamp.clear()
    cache.begin()
    publish.apply(cache, out, staging, written, removed)
    cache.update_outputs({outputs[m.index].url: OutputRecord(keys[m.index], m.reads, m.digest)
                          for m in results}, removed)
    # what a state saved before (saved.py) must change to be this build's
    changes = cache.body_changes()
    for _old, doc, record, _prepared in parsed:
        path = doc.source.path
        changes[path] = BodyChange(state.stats[path], record.digest, record.body_at(root))
    cache.put_body_changes(changes)
    cache.commit()
    stamp.write(stats, state.until)
    return diagnostics, len(written), len(removed)


def _index(state: State, plan: Plan, results: list[Made], keys: list[str], cache: Cache,
           timings: Timings) -> tuple[list[Made], list[str]]:
    """The search step of a full build (indexing.py) over what this rebuild made: the
    shards of the pages whose text changed indexed again. With the outputs made, those of
    the bundle; and the bundle's files that left the output (those of the shards made
    again: Pagefind names its files by their contents)."""
    from ..rendering.search import BUNDLE_DIR
    from . import indexing

    old = cache.outputs()  # the pages not made again are indexed as the table has them
    prefix = f"/{BUNDLE_DIR}/"
    plan.old.update((url, entry.digest) for url, entry in old.items() if url.startswith(prefix))
    kept: set[str] = set()
    with timings.phase("search"):
        bundle = indexing.search_step(state.site, plan, results, old, cache, kept, keys,
                                      timings)
    now = kept | {plan.outputs[m.index].url for m in bundle}
    return results + bundle, [url for url in old if url.startswith(prefix) and url not in now]
