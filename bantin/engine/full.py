"""A build from the documents up: read what changed, resolve the Site, plan, make the outputs
whose keys changed, publish.

Over an output the cache knows (`trusted`), only the outputs whose key or reads changed are
made, into a staging folder (incremental); otherwise every output is made into a fresh
folder (full). See keys.py for what an output's key covers, publish.py for how files
reach the output folder.
"""

from __future__ import annotations

import contextlib
import functools
import gettext
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from ..core.diagnostics import Diagnostics
from ..model import reads
from ..model.config import Config
from ..model.config_file import load_config
from ..model.facts import Facts
from ..model.freshness import Scan, scan
from ..model.options import BuildOptions
from ..rendering import cms, redirects
from ..rendering.layouts import compile_layouts
from ..rendering.plan import plan
from ..rendering.render import Renderer
from ..rendering.search import BUNDLE_DIR, SearchIndexError
from ..website import svg
from ..website.i18n import load_translations
from ..website.images import ImageSet
from ..website.links import LinkIndex, check_site
from ..website.outputs import Asset, Output
from ..website.publishing import published_assets, shown_images
from ..website.site import Site, collect
from . import catalogs, indexing, publish, saved
from .cache import Cache, engine_digest, variant_folder
from .catalogs import remembered_check
from .documents import Fronts, file_digests, load_documents
from .keys import base_key, output_key, watch_shown
from .quick import readers_of
from .records import Made, OutputRecord
from .stamp import Stamp
from .state import BuildResult, Kind, State
from .timings import Timings
from .validation import check_images, claimed_twice, image_problems
from .workers import Plan, documents_of, render

# The outputs table is written whole when the entries changed since it last was exceed this
# share of it (1 / WHOLE_TABLE_SHARE); else only the changed entries are.
WHOLE_TABLE_SHARE = 8


def _prepare(config: Config, options: BuildOptions, cache: Cache, stats: Scan,
             diagnostics: Diagnostics, timings: Timings, readonly: bool = False,
             meanwhile: Callable[[], None] | None = None
             ) -> tuple[Site, Facts, Fronts, LinkIndex]:
    facts = Facts.of_rows(cache.facts())
    with timings.phase("parse"):
        documents, fronts = load_documents(config, cache, stats, diagnostics, facts, readonly,
                                           timings, meanwhile)
    facts.used.clear()  # from here: what the Site is made from
    with timings.phase("collect"):
        site = collect(config, documents, options, diagnostics, facts)
        links = check_site(site, facts, diagnostics, stats)  # at their lines
    return site, facts, fronts, links


def _renderer(config: Config, site: Site, translations: dict[str, gettext.NullTranslations],
              files: Scan, timings: Timings, facts: Facts, planning: reads.Recorder,
              links: LinkIndex) -> tuple[Renderer, dict[str, Asset]]:
    # images only unpublished pages show, documents no published page links: never out
    assets = published_assets(site, facts, config.root, files)
    images = ImageSet(config.root, files)
    shown = shown_images(site, facts)
    with timings.phase("images", len(shown)):  # encoded once: later builds read them
        images.prepare(shown, advance=timings.advance)
    return Renderer(site, assets, translations, facts, planning, links, images), assets


def rebuild_plan(root: Path, options: BuildOptions, out: Path, target: Path, fresh: bool,
                 old: dict[str, str]) -> Plan:
    """A spawned worker's copy of the parent's plan, from the cache the parent saved."""
    config = load_config(root)
    cache = Cache(variant_folder(root, out, options.drafts, options.future), engine_digest())
    stats = scan(root)
    timings = Timings()  # not reported: the parent's are
    site, facts, _fronts, links = _prepare(config, options, cache, stats, Diagnostics(),
                                           timings, readonly=True)
    watched = watch_shown(site, file_digests(root, cache, stats, readonly=True))
    renderer, assets = _renderer(config, site, load_translations(config)[0], stats, timings,
                                 facts, reads.Recorder(watched), links)
    return Plan(plan(site, renderer, assets), renderer, target, fresh, old, out, watched,
                cache, documents_of(site))


def build(config: Config, options: BuildOptions, out: Path, cache: Cache, stats: Scan,
          stamp: Stamp, timings: Timings, save: bool) -> BuildResult:
    """Build `out` from the documents up; `save`: keep the State on disk (saved.py)."""
    diagnostics = Diagnostics()
    root = config.root
    trusted = out.is_dir() and publish.known(cache, out)
    kind = Kind.INCREMENTAL if trusted else Kind.FULL
    cache.begin()
    saved.forget(cache)  # the saved state is the previous build's: not this one's
    with timings.phase("load"):
        inputs = file_digests(root, cache, stats)
        check = remembered_check(cache, inputs)

        def meanwhile() -> None:  # what needs no document, while workers parse them
            compile_layouts(root)  # else each layout is compiled when first rendered
            if not stats.refused:  # the catalogs' answer, kept in the cache for below
                check(config)

        site, facts, fronts, links = _prepare(config, options, cache, stats, diagnostics,
                                              timings, meanwhile=meanwhile)
        cache.put_facts(facts.take_new())
        diagnostics.extend(stats.refused)  # symbolic links out of the site: never followed
        diagnostics.extend(svg.check_assets(root, stats))  # no SVG that runs a script
        # a catalog may be such a link: then not even read (the build fails anyway)
        translations, problems = ({}, []) if stats.refused else catalogs.translations(
            cache, config, check, keep=True)
        diagnostics.extend(problems)
    with timings.phase("commit"):
        cache.commit()
    if diagnostics.errors:  # no plan of a site with errors; its images are told all the same
        check_images(config, stats, site, facts, diagnostics)
        return BuildResult(kind, site, diagnostics)
    watched = watch_shown(site, inputs)
    planning = reads.Recorder(watched)  # what the plan itself reads counts for every output
    renderer, assets = _renderer(config, site, translations, stats, timings, facts, planning,
                                 links)
    with timings.phase("plan"):
        outputs = plan(site, renderer, assets)
    diagnostics.extend(redirects.collisions(outputs) + redirects.lost(site, outputs))
    image_problems(site, facts, renderer.images.problems, diagnostics)
    editor_missing = cms.missing(config)
    if editor_missing:
        diagnostics.warning("package.json", 1, editor_missing)

    with timings.phase("keys"):
        base = base_key(cache.engine, options, inputs, site, fronts, planning.reads(),
                        facts.used)
        facts.used.clear()  # in the key now; held to the end of the build, it weighs
        old = cache.outputs() if trusted else {}
        keys, todo = _stale(outputs, base, root, inputs, old, {
            doc.source.path: doc.digest for doc in site.documents()} | watched.current(),
            diagnostics)
        if diagnostics.errors:
            return BuildResult(kind, site, diagnostics)
    target = publish.staging_folder(out) if trusted else publish.fresh_folder(out)
    old_digests = {url: entry.digest for url, entry in old.items()}
    the_plan = Plan(outputs, renderer, target, not trusted, old_digests, out, watched, cache,
                    documents_of(site))
    until = valid_until(site, options)
    saving = None
    if save:
        with timings.phase("save"):
            saving = saved.Saving(cache, options, out, dict(stats), inputs, until, site,
                                  renderer)
    with saving or contextlib.nullcontext():
        with timings.phase("render", len(todo)):
            results = render(the_plan, todo, functools.partial(
                rebuild_plan, root, options, out, target, not trusted, old_digests),
                timings.advance)
        timings.note("rendered", len(todo))
        diagnostics.items.extend(made.error for made in results if made.error is not None)
        index, kept = _index_wanted(options, outputs, old)
        if index and not diagnostics.errors:
            # After every page is made, before anything is swapped in: the index holds exactly
            # the pages of this build. Made again only when a page changed.
            with timings.phase("search"):
                try:
                    results += indexing.search_step(site, the_plan, results, old, cache,
                                                    kept, keys, timings)
                except SearchIndexError as exc:
                    diagnostics.error("pagefind", 0, exc.message)
        if diagnostics.errors:
            publish.discard(target)
            return BuildResult(kind, site, diagnostics)

        with timings.phase("write"):
            removed = _removed(old, outputs, kept)
            written = sum(1 for m in results if m.written)
            stamp.clear()  # from here the output is not the one the stamp describes
            table = _publish(the_plan, results, keys, old, removed, cache)
            stamp.write_warnings(diagnostics.sorted())
            stamp.write(stats, until)
        timings.note("written", written + len(removed))
        pages = sum(1 for output in outputs if output.url.endswith(("/", ".html")))
        state = State(
            options=options, out=out, stats=dict(stats), until=until, site=site,
            renderer=renderer, facts=facts,
            outputs=[o for o in outputs if not o.url.startswith(f"/{BUNDLE_DIR}/")],
            fronts=fronts, site_reads=frozenset(),  # the Site reads no body: facts only
            diagnostics=list(diagnostics.items), pages=pages, watched=watched)
        if saving is not None:
            with timings.phase("save"):
                readers = readers_of(table)
                del results, table  # let go before the readers are pickled
                cache.begin()
                saving.finish(state, readers)
                cache.commit()
        return BuildResult(kind, site, diagnostics, pages, made=written,
                           removed=len(removed), state=state)


def _index_wanted(options: BuildOptions, outputs: list[Output], old: dict[str, OutputRecord]
                  ) -> tuple[bool, set[str]]:
    """Whether this build makes the search index, and the URLs of the index's files it keeps
    as they are instead. A preview keeps its index, unless a page left the site: the index
    must not keep the text of a page since made internal (docs/front-matter.md)."""
    if options.search or not options.keep_index:
        return options.search, set()
    made_now = {output.url for output in outputs}
    if any(url not in made_now for url in old if url.endswith("/")):
        return True, set()
    return False, {url for url in old if url.startswith(f"/{BUNDLE_DIR}/")}


def _publish(the_plan: Plan, results: list[Made], keys: list[str],
             old: dict[str, OutputRecord], removed: list[str], cache: Cache
             ) -> dict[str, OutputRecord]:
    """Put what this build made in place of the current output (only the files that
    changed, or the fresh folder as a whole), with the outputs table that now describes
    it, in one cache transaction; the table."""
    outputs = the_plan.outputs
    table = {} if the_plan.fresh else {url: old[url] for url in old.keys() - set(removed)}
    now = {outputs[m.index].url: OutputRecord(keys[m.index], m.reads, m.digest)
           for m in results}
    changed = {url: record for url, record in now.items() if table.get(url) != record}
    table.update(now)
    cache.begin()
    if the_plan.fresh:
        publish.swap_in(the_plan.target, the_plan.out)
    else:
        publish.apply(cache, the_plan.out, the_plan.target, {
            m.index: outputs[m.index].url for m in results if m.written}, removed)
    # An edit changes a few entries of tens of thousands: only those are written, until
    # they are many; then the whole table
    if the_plan.fresh:
        cache.put_outputs(table)
    else:
        cache.record_outputs(table, changed, removed, len(table) // WHOLE_TABLE_SHARE)
    publish.describe(cache, the_plan.out)
    cache.commit()
    return table


def _stale(outputs: list[Output], base: str, root: Path, inputs: dict[str, str],
           old: dict[str, OutputRecord], now: dict[str, str], diagnostics: Diagnostics
           ) -> tuple[list[str], list[int]]:
    """Each output's key, and the outputs to make: those whose key changed since `old`, or
    which read something whose digest is not the one `now` gives."""
    keys: list[str] = []
    todo: list[int] = []
    claimed_twice(outputs, diagnostics)
    # (file, digest) pairs as now: a listing reads hundreds, and an edit checks them all
    current = set(now.items()).__contains__
    for index, output in enumerate(outputs):
        key = output_key(base, output, root, inputs)
        keys.append(key)
        entry = old.get(output.url)
        if entry is None or entry.key != key or not all(map(current, entry.reads)):
            todo.append(index)
    return keys, todo


def _removed(old: dict[str, OutputRecord], outputs: list[Output], kept: set[str]
             ) -> list[str]:
    """The URLs of the last build's outputs that this one has not (nor kept)."""
    if not old:
        return []
    made = {output.url for output in outputs} | kept
    return [url for url in old if url not in made]


def valid_until(site: Site, options: BuildOptions) -> datetime | None:
    """Until when the same inputs give the same site: the next date or expiry to come."""
    times = [doc.meta.date for doc in site.documents() if doc.meta.date]
    times += [page.meta.date for page in site.pages if page.meta.date]
    times += [doc.meta.expires for doc in site.documents() if doc.meta.expires]
    times += [page.meta.expires for page in site.pages if page.meta.expires]
    upcoming = [t for t in times if t > options.now]
    return min(upcoming) if upcoming else None
