"""Orchestration: read, validate, collect, render, write. No knowledge of the command line."""

from __future__ import annotations

import functools
import gettext
import hashlib
import os
import shutil
import tempfile
from datetime import datetime
from pathlib import Path

from . import (
    cms,
    facts,
    freshness,
    heap,
    incremental,
    quick,
    reads,
    saved,
    svg,
    timing,
)
from .cache import Cache, CacheCorrupt, engine_digest, stat_keys, variant_folder
from .config import Config
from .config_file import load_config
from .content import Document, Source, parse_source_path, read_document
from .diagnostics import Diagnostics
from .i18n import load_translations, remembered_check
from .images import ImageError, ImageSet
from .incremental import Output
from .links import check_site
from .messages import msg
from .outputs import Asset, fingerprint_assets
from .page import Page
from .plan import plan
from .publishing import image_uses, private_assets, shown_images
from .quick import BuildResult
from .render import Renderer
from .search import BUNDLE_DIR, SearchIndexError, index_files
from .site import BuildOptions, Site, collect, discover

# What the cache keeps per output URL: its key, the bodies it read as (path, digest), the
# digest of its bytes.
OutputEntry = tuple[str, tuple[tuple[str, str], ...], str]


def load_site(config: Config, options: BuildOptions, diagnostics: Diagnostics,
              files: freshness.Scan) -> Site:
    """Read and validate every source file and resolve them into a Site."""
    documents: list[Document] = []
    for relative in discover(files):
        source = parse_source_path(relative, config)
        if not isinstance(source, Source):
            diagnostics.error(relative, 1, source)
            continue
        documents.append(read_document(config.root, source, config))
    site = collect(config, documents, options, diagnostics)
    check_site(site, diagnostics, files)  # links, anchors and images, at their lines
    return site


def check(config: Config, options: BuildOptions) -> BuildResult:
    """Every validation of a build (content, links, images, catalogs), writing nothing."""
    diagnostics = Diagnostics()
    files = freshness.scan(config.root)
    diagnostics.extend(files.refused)  # symbolic links out of the site: never followed
    site = load_site(config, options, diagnostics, files)
    diagnostics.extend(svg.check_assets(config.root, files))
    images = ImageSet(config.root, files).prepare(shown_images(site), encode=False)
    # too large only: what the build merely warns about it finds when it reads them whole
    image_problems(site, [problem for problem in images if problem.fatal], diagnostics)
    if not files.refused:  # a catalog may be such a link: not even read
        diagnostics.extend(load_translations(config)[1])
    return BuildResult(site, diagnostics)


def image_problems(site: Site, problems: list[ImageError], diagnostics: Diagnostics) -> None:
    """A damaged or too large image is an error wherever a published page shows it; one
    Pillow merely cannot read is served as it is (the browser may show it), with a warning."""
    uses = image_uses(site)
    for problem in problems:
        if problem.fatal:
            for path, line, src in uses.get(problem.key, []):
                diagnostics.error(path, line, msg("image %(src)s: %(problem)s", src=src,
                                                  problem=problem.message))
        else:
            diagnostics.warning(f"assets/{problem.key}", 0, msg(
                "%(problem)s; it is served as it is, without smaller sizes or WebP",
                problem=problem.message))


def build(config: Config, options: BuildOptions, out: Path,
          stats: freshness.Scan | None = None, save: bool = False) -> BuildResult:
    """Build `out`: only what changed since the last build, or everything into a fresh
    folder; a failed build leaves `out` as it was (see incremental.py). `stats`: the scan
    of the inputs (freshness.scan), when the caller has just made it. `save`: keep the
    build's state for the next process's quick rebuild (saved.py)."""
    out = out.resolve()
    folder = variant_folder(config.root, out, options.drafts, options.future)
    if stats is None:
        with timing.phase("scan"):
            stats = freshness.scan(config.root)
    cache = Cache(folder)
    facts.BODIES = cache.body  # pages are made from the bodies prepared when files were read
    try:
        with heap.uncollected():
            try:
                return _build(config, options, out, cache, stats, save)
            except CacheCorrupt:  # a row failed its checksum: forget the cache, build clean
                cache.reset()
                return _build(config, options, out, cache, stats, save)
    finally:
        facts.BODIES = None
        cache.close()
        timing.note("cache_kb", sum(p.stat().st_size for p in folder.glob("build.db*")) / 1024)


def _prepare(config: Config, options: BuildOptions, cache: Cache,
             stats: freshness.Scan, diagnostics: Diagnostics,
             readonly: bool = False
             ) -> tuple[Site, dict[str, tuple[str, str]], set[tuple[str, str]]]:
    for key, value in cache.facts():
        facts.STORE.setdefault(key, value)
    with timing.phase("parse"):
        documents, fm = incremental.load_documents(config, cache, stats, diagnostics, readonly)
    facts.USED.clear()
    with timing.phase("collect"), reads.record() as body_reads:  # what the Site is made from
        site = collect(config, documents, options, diagnostics)
        check_site(site, diagnostics, stats)  # links, anchors and images, at their lines
    return site, fm, body_reads


def _renderer(config: Config, site: Site, translations: dict[str, gettext.NullTranslations],
              files: freshness.Scan) -> tuple[Renderer, dict[str, Asset]]:
    private = private_assets(site)  # images only unpublished pages show (DESIGN §6)
    assets = {key: asset for key, asset in fingerprint_assets(config.root, files).items()
              if key not in private}
    images = ImageSet(config.root, files)
    with timing.phase("images"):
        images.prepare(shown_images(site))  # encoded once: later builds read .cache/images
    return Renderer(site, assets, translations, images=images), assets


def _rebuild_plan(root: Path, options: BuildOptions, out: Path, target: Path, fresh: bool,
                  old: dict[str, str]) -> incremental.Plan:
    """A spawned worker's copy of the parent's plan, from the cache the parent saved."""
    config = load_config(root)
    cache = Cache(variant_folder(root, out, options.drafts, options.future))
    facts.BODIES = cache.body
    stats = freshness.scan(root)
    site, _fm, _reads = _prepare(config, options, cache, stats, Diagnostics(), readonly=True)
    incremental.watch_shown(site)
    reads.watch_layouts(incremental.file_digests(root, cache, stats, readonly=True))
    renderer, assets = _renderer(config, site, load_translations(config)[0], stats)
    return incremental.Plan(plan(site, renderer, assets), renderer, target, fresh, old, out)


def _build(config: Config, options: BuildOptions, out: Path, cache: Cache,
           stats: freshness.Scan, save: bool) -> BuildResult:
    diagnostics = Diagnostics()
    root = config.root
    cache.begin()
    saved.forget(cache)  # the saved state is the previous build's: not this one's
    with timing.phase("load"):
        site, fm, body_reads = _prepare(config, options, cache, stats, diagnostics)
        cache.put_facts((key, facts.STORE[key]) for key in facts.NEW)
        facts.NEW.clear()
        inputs = incremental.file_digests(root, cache, stats)
        diagnostics.extend(stats.refused)  # symbolic links out of the site: never followed
        diagnostics.extend(svg.check_assets(root, stats))  # no SVG that runs a script
        # a catalog may be such a link: then not even read (the build fails anyway)
        translations, problems = (({}, []) if stats.refused else
                                  load_translations(config, remembered_check(cache, inputs)))
        diagnostics.extend(problems)
    with timing.phase("commit"):
        cache.commit()
    if diagnostics.errors:
        return BuildResult(site, diagnostics)
    shown_now = incremental.watch_shown(site)
    with reads.shown_by_site() as read_by_site:  # titles the plan itself shows
        renderer, assets = _renderer(config, site, translations, stats)
        with timing.phase("plan"):
            outputs = plan(site, renderer, assets)
    image_problems(site, renderer.images.problems, diagnostics)
    editor_missing = cms.missing(config)
    if editor_missing:
        diagnostics.warning("package.json", 1, editor_missing)

    with timing.phase("plan"):
        base = hashlib.blake2b(digest_size=16)
        # not options.search: the pages are the same with or without the index
        base.update(f"{engine_digest()}\0{options.drafts}\0{options.future}\n".encode())
        for relative, digest in sorted(inputs.items()):
            if not relative.startswith("layouts/"):  # each output names the layouts it used
                base.update(f"{relative}\0{digest}\n".encode())
        shown = {reads.SHOWN.get(i) or reads.ALL[0] for i in read_by_site}
        base.update(incremental.site_digest(site, fm, body_reads, shown).encode())
        base_key = base.hexdigest()
        trusted = (out.is_dir() and cache.get("out") == freshness.out_identity(out)
                   and not cache.get("applying"))
        old: dict[str, OutputEntry] = cache.outputs() if trusted else {}
        reads.watch_layouts(inputs)
        now = ({doc.source.path: doc.digest for doc in site.documents()} | shown_now
               | reads.LAYOUTS)
        keys: list[str] = []
        todo: list[int] = []
        seen: set[str] = set()
        for index, output in enumerate(outputs):
            if output.url in seen:
                diagnostics.error("content", 0, msg(
                    "two outputs claim %(url)s; give the page with this address another "
                    "`slug`, or change the address in config.toml", url=output.url))
            seen.add(output.url)
            key = _key(base_key, output, root, inputs)
            keys.append(key)
            entry = old.get(output.url)
            if entry is None or entry[0] != key or any(now.get(p) != d for p, d in entry[1]):
                todo.append(index)
        if diagnostics.errors:
            return BuildResult(site, diagnostics)
    fresh = not trusted
    target = (Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=_parent(out))) if fresh
              else incremental.staging_folder(out))
    old_digests = {url: entry[2] for url, entry in old.items()}
    the_plan = incremental.Plan(outputs, renderer, target, fresh, old_digests, out)
    with timing.phase("render"):
        results = incremental.render(the_plan, todo, functools.partial(
            _rebuild_plan, root, options, out, target, fresh, old_digests))
    timing.note("rendered", len(todo))
    for _index, _digest, _read, error, _written in results:
        if error is not None:
            diagnostics.items.append(error)
    kept: set[str] = set()
    index = options.search
    if not options.search and options.keep_index:
        # A preview keeps its index as it is, unless a page left the site: the index must
        # not keep the text of a page since made internal (DESIGN §6).
        made_now = {output.url for output in outputs}
        if any(url not in made_now for url in old if url.endswith("/")):
            index = True
        else:
            kept.update(url for url in old if url.startswith(f"/{BUNDLE_DIR}/"))
    if index and not diagnostics.errors:
        # After every page is made, before anything is swapped in: the index holds exactly
        # the pages of this build. Made again only when a page changed.
        with timing.phase("search"):
            try:
                results += _search(site, the_plan, results, old, cache, kept, keys)
            except SearchIndexError as exc:
                diagnostics.error("pagefind", 0, exc.message)
    if diagnostics.errors:
        incremental.discard_folder(target)
        return BuildResult(site, diagnostics)

    with timing.phase("write"):
        made = {output.url for output in outputs} | kept
        removed = [url for url in old if url not in made]
        rows = [(outputs[i].url, (keys[i], read, digest))
                for i, digest, read, _error, _written in results]
        changed = [i for i, _digest, _read, _error, written in results if written]
        freshness.clear_stamp(root, out, options.drafts, options.future)
        table = {} if fresh else {url: old[url] for url in old.keys() - set(removed)}
        table.update(rows)
        cache.begin()
        if fresh:
            commit_fresh(target, out)
        else:
            incremental.apply(cache, out, target, the_plan, changed, removed)
        cache.put_outputs(table)
        cache.set("out", freshness.out_identity(out))
        cache.commit()
        freshness.write_warnings(root, out, options.drafts, options.future,
                                 diagnostics.sorted())
        freshness.write_stamp(root, out, options.drafts, options.future, options.search, stats,
                              _valid_until(site, options))
    timing.note("written", len(changed) + len(removed))
    pages = sum(1 for output in outputs if output.url.endswith(("/", ".html")))
    state = quick.State(
        options=options, out=out, stats=dict(stat_keys(stats)),
        until=_valid_until(site, options), site=site, renderer=renderer,
        outputs=[o for o in outputs if not o.url.startswith(f"/{BUNDLE_DIR}/")], fm=fm,
        site_reads={path for path, _digest in body_reads}, diagnostics=list(diagnostics.items),
        pages=pages)
    if save and not options.search:  # a quick rebuild never makes the search index
        with timing.phase("save"):
            cache.begin()
            saved.save(cache, state, table)
            cache.commit()
    return BuildResult(site, diagnostics, pages, made=len(changed), removed=len(removed),
                       state=state)


def _search(site: Site, the_plan: incremental.Plan, results: list[incremental.Made],
            old: dict[str, OutputEntry], cache: Cache, kept: set[str], keys: list[str]
            ) -> list[incremental.Made]:
    """The Pagefind bundle as outputs of this build (only files whose bytes changed are
    written), or, when no page changed, the previous bundle kept as it is."""
    prefix = f"/{BUNDLE_DIR}/"
    outputs = the_plan.outputs
    pages = {page.url for page in site.pages}
    written = {outputs[i].url: i for i, _d, _r, _e, was_written in results if was_written}
    indexed = hashlib.blake2b("\n".join(sorted(pages)).encode(), digest_size=16).hexdigest()
    previous = [url for url in old if url.startswith(prefix)]
    if (not the_plan.fresh and previous and cache.get("indexed") == indexed
            and not pages & written.keys()):
        kept.update(previous)
        return []

    def read_html(page: Page) -> str:
        index = written.get(page.url)
        if index is None:  # unchanged: the file in the current output
            path = the_plan.out / incremental.output_path(page.url)
        elif the_plan.fresh:
            path = the_plan.target / incremental.output_path(page.url)
        else:
            path = the_plan.target / str(index)
        return path.read_text(encoding="utf-8")

    files, records = index_files(site.pages, read_html)
    timing.note("search_records", records)
    cache.set("indexed", indexed)
    start = len(outputs)
    for relative, data in files:
        output = Output(prefix + relative, "literal", (data,))
        outputs.append(output)
        keys.append(_key("", output, site.config.root, {}))
    return [incremental._run(the_plan, index) for index in range(start, len(outputs))]


def _key(base: str, output: Output, root: Path, inputs: dict[str, str]) -> str:
    if output.render == "copy":  # a file copied as it is: its digest alone
        source = Path(output.args[0])
        relative = source.relative_to(root).as_posix() if source.is_relative_to(root) else ""
        what = inputs.get(relative) or hashlib.sha256(source.read_bytes()).hexdigest()
        return f"copy:{output.url}:{what}"
    if output.render == "literal":
        data = output.args[0]
        return "literal:" + hashlib.blake2b(data.encode() if isinstance(data, str) else data,
                                            digest_size=16).hexdigest()
    return hashlib.blake2b(f"{base}\0{output.url}\0{output.render}".encode(),
                           digest_size=16).hexdigest()


def _valid_until(site: Site, options: BuildOptions) -> datetime | None:
    """Until when the same inputs give the same site: the next date or expiry to come."""
    times = [doc.meta.date for doc in site.documents() if doc.meta.date]
    times += [page.meta.date for page in site.pages if page.meta.date]
    times += [doc.meta.expires for doc in site.documents() if doc.meta.expires]
    times += [page.meta.expires for page in site.pages if page.meta.expires]
    upcoming = [t for t in times if t > options.now]
    return min(upcoming) if upcoming else None


def _parent(out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    return out.parent


def commit_fresh(fresh: Path, out: Path) -> None:
    """Swap the fresh folder in; the previous output goes only after the swap succeeded."""
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        os.rmdir(old)
        os.rename(out, old)
    os.rename(fresh, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def now_local(config: Config) -> datetime:
    return datetime.now(tz=config.tz)


__all__ = ["BuildOptions", "BuildResult", "Source", "build", "check", "load_site", "now_local"]
