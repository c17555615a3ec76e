"""Parallel and incremental builds: only what changed, and what depends on it, is made again.

A build is a plan — every output file with how to make it (`Output`) — executed against a
cache of the previous build (cache.py):

- Documents are parsed once per file version (looked up by size, mtime and inode; the
  digest decides), Markdown included: the facts the Site needs and the body rendered
  without the site are kept by the file's digest (facts.py); bodies stay on disk until
  something reads them (reads.py).
- Each output has a key: the engine, every input outside content/ and layouts/ (config,
  assets, locales, authors), the Site (every document's front-matter apart from what pages
  only show, the facts the Site was built from, which pages are published) and what the
  output read when it was last made: bodies, layouts (render.py notes each template it
  hands out) and the shown fields (title, summary, translation stamp) of the pages it
  showed. An output whose key is unchanged is not made again: a body edit remakes only the
  outputs that read that body (the page itself, a translation's stale notice, …), a title
  edit those that show that title, a layout edit those that use it, while a date, tag or
  other front-matter edit changes the Site and remakes every page.
- Outputs are rendered by this process and, when there are many, by forked workers beside
  it (`spread`; spawned where there is no fork, each worker rebuilding the Site from the
  cache), in one serial pass otherwise; the result is the same bytes either way.
- A cold build writes a fresh folder and swaps it in. A build over a previous output known
  to the cache renders changed files into a staging folder beside it and, only when every
  output succeeded, moves them into place and deletes the files no longer made; files whose
  bytes did not change are never touched. A failed build leaves the output as it was; a
  build interrupted while moving files is detected by the next one, which starts clean.
"""

from __future__ import annotations

import gc
import hashlib
import os
import shutil
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from . import facts, reads
from .cache import Cache, stat_keys, unpack
from .config import Config
from .content import Document, FrontMatter, Source, parse_document, parse_source_path
from .diagnostics import Diagnostic, Diagnostics
from .markdown import Prepared
from .messages import msg
from .outputs import UnsafePath
from .site import Site, discover
from .text import NotText, normalize_source

if TYPE_CHECKING:  # the pool is imported only by a build that uses one
    import multiprocessing.context
    from concurrent.futures import Future

PARALLEL_FROM = 48  # outputs (or documents to parse) below which one process is quicker
KNOWN_FIELDS = {"source", "meta", "lines", "body", "body_line", "digest", "diagnostics"}

# One output made (_run): its index, the digest of its bytes, the bodies it read as
# (path, digest), the error that stopped it, and whether its file was written.
Made = tuple[int, str, tuple[tuple[str, str], ...], Diagnostic | None, bool]


@dataclass(frozen=True, slots=True)
class Output:
    """One file of the site: its URL path and how it is made.

    `render` names a Renderer method called with `args` ("page", "view", …), or is "copy"
    (args: the source file), "literal" (args: the text or bytes) or "call" (args: a function
    of no arguments that returns the text)."""

    url: str
    render: str
    args: tuple[Any, ...] = ()


def output_path(url: str) -> PurePosixPath:
    """The file of a URL path inside the output folder ("/vi/a/" -> vi/a/index.html); a
    percent-encoded URL names its file decoded ("/a%20b.jpg" -> a b.jpg), checked after."""
    relative = PurePosixPath(unquote(url).lstrip("/"))
    if url.endswith("/"):
        relative = relative / "index.html"
    if (not url.startswith("/") or any(part in ("..", ".", "") for part in relative.parts)
            or relative.is_absolute()):
        raise UnsafePath(url)
    return relative


@contextmanager
def _shared() -> Iterator[None]:
    """While forked workers run: the objects made so far are left out of the garbage
    collector's passes, which would otherwise write to each of them and so copy, in every
    worker, the memory it shares with this process."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def workers() -> int:
    wanted = os.environ.get("BANTIN_JOBS")
    if wanted:
        return max(1, int(wanted))
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _context() -> multiprocessing.context.BaseContext:
    import multiprocessing

    method = os.environ.get("BANTIN_START")
    if method is None:
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return multiprocessing.get_context(method)


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


# Documents ------------------------------------------------------------------------------------

def _record(doc: Document, text_offset: int | None) -> dict[str, Any]:
    """What the cache keeps of a parsed document: every field but the body."""
    values = {f.name: getattr(doc, f.name) for f in fields(Document) if f.name != "body"}
    return values | {"__offset__": text_offset}


def _fm_digest(doc: Document, front: str) -> str:
    """The document apart from its body: its front-matter text and any field made from it."""
    extra = repr([(f.name, getattr(doc, f.name)) for f in fields(Document)
                  if f.name not in KNOWN_FIELDS])
    return _digest(f"{doc.source.path}\0{front}\0{extra}".encode())


def _structure_digest(doc: Document) -> str:
    """The front-matter apart from what a page only shows (reads.SHOWN_FIELDS): what the
    Site is made from."""
    values = [(name, getattr(doc.meta, name)) for name in _STRUCTURE]
    extra = [(f.name, getattr(doc, f.name)) for f in fields(Document)
             if f.name not in KNOWN_FIELDS]
    return _digest(repr([doc.source.path, values, extra]).encode())


_STRUCTURE = tuple(f.name for f in fields(FrontMatter) if f.name not in reads.SHOWN_FIELDS)


def parse_file(root: Path, source: Source, config: Config
               ) -> tuple[Document, dict[str, Any], Prepared]:
    """Parse one file, its Markdown once: its cache record (body left on disk where it can
    be found again; facts in facts.STORE) and its body rendered without the site."""
    raw = (root / source.path).read_bytes()
    doc = parse_document(source, raw, config)
    body = reads.raw_body(doc)
    try:
        text = normalize_source(raw)
        offset: int | None = len(text) - len(body)
    except NotText:  # reported in the document; its (empty) body is kept in the record
        text, offset = "", None
    if offset is not None and text[offset:] != body:
        offset = None  # the body is not the end of the text: keep it in the record
    record = _record(doc, offset)
    record["__fm__"] = _fm_digest(doc, text[: offset or 0] if offset is not None else text)
    record["__structure__"] = _structure_digest(doc)
    if offset is None:
        record["__body__"] = body
    prepared = facts.analyse(doc)
    keys = facts.eager_keys(doc)
    if source.lang == config.default_language:  # what its translations are checked against
        kind = config.sections[source.section].kind
        facts.source_digest(doc, kind)
        keys.append(facts.key(facts.source_digest_kind(kind), doc))
    # The facts of this file version travel with its record, not in the facts table.
    record["__facts__"] = {key: facts.STORE[key] for key in keys}
    facts.NEW.difference_update(keys)
    return doc, record, prepared


def _restore(root: Path, record: dict[str, Any]) -> Document:
    for key, value in record.get("__facts__", {}).items():
        facts.STORE.setdefault(key, value)
    values = {k: v for k, v in record.items() if not k.startswith("__")}
    body = record.get("__body__", "")
    doc = Document(body=body, **values)
    if record["__offset__"] is not None:
        reads.defer(doc, reads.Deferred(root / doc.source.path, record["__offset__"],
                                        doc.digest))
    return doc


def _parse_worker(job: tuple[Path, list[Source], Config]
                  ) -> list[tuple[str, dict[str, Any], Prepared]]:
    root, sources, config = job
    found = []
    for source in sources:
        _doc, record, prepared = parse_file(root, source, config)
        found.append((source.path, record, prepared))
    return found


def load_documents(config: Config, cache: Cache, stats: dict[str, os.stat_result],
                   diagnostics: Diagnostics, readonly: bool = False
                   ) -> tuple[list[Document], dict[str, tuple[str, str]]]:
    """Every content file as a Document, parsed again only when it changed.

    Returns the documents and, per path, the digest of the document apart from its body,
    and of its front-matter apart from what is only shown (title, summary, …)."""
    root = config.root
    cached = cache.docs()
    documents: list[Document] = []
    fm: dict[str, tuple[str, str]] = {}
    todo: list[Source] = []
    keys = stat_keys(stats)
    for relative in discover(stats):
        source = parse_source_path(relative, config)
        if not isinstance(source, Source):
            diagnostics.error(relative, 1, source)
            continue
        row = cached.get(relative)
        if row is not None and row[0] == keys[relative]:
            record = unpack(row[1])
            if record["source"] == source:
                documents.append(_restore(root, record))
                fm[relative] = (record["__fm__"], record["__structure__"])
                continue
        todo.append(source)
    parsed: list[tuple[str, dict[str, Any]]] = []
    n = workers() if len(todo) >= PARALLEL_FROM else 1
    chunks = [todo[i::n * 16] for i in range(n * 16)]
    jobs = [(root, chunk, config) for chunk in chunks if chunk]
    for result in spread(_parse_worker, jobs, n):
        parsed.extend((path, record) for path, record, _prepared in result)
        if not readonly:  # kept on disk, not in this process
            cache.put_bodies((record["digest"], prepared) for _path, record, prepared in result)
    rows = []
    for path, record in parsed:
        documents.append(_restore(root, record))
        fm[path] = (record["__fm__"], record["__structure__"])
        rows.append((path, keys[path], record))
    if not readonly:
        cache.put_docs(rows)
        gone = set(cached) - set(fm)
        cache.drop_docs(gone)
        # the bodies of the file versions replaced or deleted, unless another file has them
        before = {unpack(cached[path][1])["digest"] for path in gone | {s.path for s in todo}
                  if path in cached}
        if before:
            cache.drop_bodies(before - {doc.digest for doc in documents})
    documents.sort(key=lambda d: d.source.path)
    return documents, fm


# Keys -----------------------------------------------------------------------------------------

def file_digests(root: Path, cache: Cache, stats: dict[str, os.stat_result],
                 readonly: bool = False) -> dict[str, str]:
    """Digest of every input file except content Markdown, read again only when it changed."""
    known = cache.files()
    found: dict[str, str] = {}
    rows = []
    for relative, key in sorted(stat_keys(stats).items()):
        if relative.startswith("content/") and relative.endswith(".md"):
            continue
        old = known.get(relative)
        digest = old[1] if old and old[0] == key else \
            hashlib.sha256((root / relative).read_bytes()).hexdigest()
        found[relative] = digest
        rows.append((relative, key, digest))
    if not readonly:
        cache.put_files(rows)
    return found


def site_digest(site: Site, fm: dict[str, tuple[str, str]],
                body_reads: Iterable[tuple[str, str]], shown: Iterable[tuple[str, str]]) -> str:
    """What every output may depend on besides its own reads: the Site, from front-matter
    (without what is only shown), and the shown fields the plan itself read (`shown`)."""
    h = hashlib.blake2b(digest_size=16)
    for path in sorted(fm):
        h.update(f"{path}\0{fm[path][1]}\n".encode())
    for name, digest in sorted(shown):
        h.update(f"shown\0{name}\0{digest}\n".encode())
    for kind, path, value in sorted(facts.USED):
        h.update(f"fact\0{kind}\0{path}\0{value}\n".encode())
    for path, digest in sorted(body_reads):
        h.update(f"body\0{path}\0{digest}\n".encode())
    for page in site.pages:
        h.update(f"page\0{page.url}\0{page.source.path}\0{page.lang}\0"
                 f"{getattr(page, 'scheduled', '')}\n".encode())
    for doc, why in site.withheld:
        h.update(f"withheld\0{doc.source.path}\0{why}\n".encode())
    return h.hexdigest()


def watch_shown(site: Site) -> dict[str, str]:
    """Name every page's and document's front-matter for reads.SHOWN; the current digest
    of each name (and of all of them, for a front-matter no name covers)."""
    reads.SHOWN.clear()
    now: dict[str, str] = {}
    for meta, name in shown_names(site):
        digest = reads.shown_digest(meta)
        reads.SHOWN[id(meta)] = (name, digest)
        now[name] = digest
    everything = _digest(repr(sorted(now.items())).encode())
    reads.ALL[0] = ("#shown", everything)
    now["#shown"] = everything
    return now


def shown_names(site: Site) -> list[tuple[FrontMatter, str]]:
    """Every front-matter of the Site whose shown fields are watched, with its name."""
    named = [(page.meta, f"{page.url}#shown") for page in site.pages]
    named += [(page.doc.meta, f"{page.source.path}#shown") for page in site.pages]
    named += [(doc.meta, f"{doc.source.path}#shown") for doc, _why in site.withheld]
    return named


# Rendering --------------------------------------------------------------------------------------

@dataclass
class Plan:
    outputs: list[Output]
    renderer: Any
    target: Path  # where rendered files go: the fresh folder, or the staging folder
    fresh: bool  # True: files at their paths in a fresh folder; False: staging/<index>
    old: dict[str, str]  # url -> digest of the file in the current output
    out: Path  # the current output folder


_PLAN: Plan | None = None  # the plan a worker executes (inherited by fork, or rebuilt)
_MADE: set[Path] = set()  # folders this process made in a fresh output folder


def _run(plan: Plan, index: int) -> Made:
    """Make one output; (index, digest, bodies read, error, written)."""
    output = plan.outputs[index]
    try:
        relative = output_path(output.url)
        data: bytes | str
        with reads.record() as read, reads.record_shown() as shown:
            if output.render == "copy":
                data = Path(output.args[0]).read_bytes()
            elif output.render == "literal":
                data = output.args[0]
            elif output.render == "call":
                data = output.args[0]()
            else:
                data = getattr(plan.renderer, output.render)(*output.args)
        if isinstance(data, str):
            data = data.encode("utf-8")
        digest = _digest(data)
        written = False
        if plan.fresh:
            path = plan.target / relative
            if path.parent not in _MADE:  # one mkdir per folder, not per file
                path.parent.mkdir(parents=True, exist_ok=True)
                _MADE.add(path.parent)
            path.write_bytes(data)
            written = True
        elif plan.old.get(output.url) != digest:
            (plan.target / str(index)).write_bytes(data)
            written = True
        return index, digest, tuple(sorted(read | shown)), None, written
    except UnsafePath:
        return index, "", (), Diagnostic("content", 0, "error", msg(
            "output path %(url)s would leave the output folder; correct the `slug` or the "
            "address in config.toml that makes it", url=output.url)), False
    except reads.BodyChanged as exc:
        return index, "", (), Diagnostic(str(exc), 0, "error", msg(
            "the file changed during the build; build again")), False
    except Exception as exc:
        diagnostic = getattr(exc, "diagnostic", None)
        if isinstance(diagnostic, Diagnostic):  # a LayoutError: reported at its layout line
            return index, "", (), diagnostic, False
        raise


def _run_chunk(indices: Sequence[int]) -> list[Made]:
    assert _PLAN is not None
    return [_run(_PLAN, index) for index in indices]


def _spawn_init(rebuild: Callable[[], Plan]) -> None:
    global _PLAN
    _PLAN = rebuild()


def render(plan: Plan, todo: list[int], rebuild: Callable[[], Plan] | None
           ) -> list[Made]:
    """Make the outputs `todo` (indices into the plan), spread over processes when they
    are many."""
    global _PLAN
    _MADE.clear()
    n = workers()
    serial = len(todo) < PARALLEL_FROM or n < 2
    fork = not serial and _context().get_start_method() == "fork"  # imports multiprocessing
    if serial or (rebuild is None and not fork):
        return [_run(plan, index) for index in todo]
    if fork:
        plan.renderer.preload()  # compiled once here, not once in every worker
    _PLAN = plan
    size = max(1, min(64, len(todo) // (n * 8)))
    chunks = [todo[i:i + size] for i in range(0, len(todo), size)]
    results = []
    try:
        # spawned workers rebuild the plan (from the cache, already saved)
        start = {} if fork else {"initializer": _spawn_init, "initargs": (rebuild,)}
        for chunk in spread(_run_chunk, chunks, n, **start):
            results.extend(chunk)
    finally:
        _PLAN = None
    results.sort(key=lambda result: result[0])
    return results


def spread(function: Callable[[Any], Any], jobs: Sequence[Any], n: int,
           **pool: Any) -> Iterator[Any]:
    """`function(job)` of every job, as each is done, by this process and n - 1 workers.

    This process works too instead of waiting: one process fewer than cores, so one copy
    fewer of what workers come to hold (the memory a forked worker shares with this process
    is copied as it touches it)."""
    if n < 2 or len(jobs) < 2:
        yield from map(function, jobs)
        return
    from concurrent.futures import ProcessPoolExecutor

    waiting = iter(jobs)
    in_flight: deque[Future[Any]] = deque()
    with _shared(), ProcessPoolExecutor(n - 1, mp_context=_context(), **pool) as workers:
        while True:
            while len(in_flight) < 3 * (n - 1):  # the workers never wait for this process
                job = next(waiting, _END)
                if job is _END:
                    break
                in_flight.append(workers.submit(function, job))
            while in_flight and in_flight[0].done():
                yield in_flight.popleft().result()
            job = next(waiting, _END)
            if job is _END:
                break
            yield function(job)
        for future in in_flight:
            yield future.result()


_END = object()


# Applying -------------------------------------------------------------------------------------

def _prune(out: Path, relative: PurePosixPath) -> None:
    """Remove the folders a deleted file leaves empty, up to the output folder."""
    parent = (out / relative).parent
    while parent != out:
        try:
            parent.rmdir()
        except OSError:
            return
        parent = parent.parent


def apply(cache: Cache, out: Path, staging: Path, plan: Plan, changed: list[int],
          removed: Iterable[str]) -> None:
    """Move the changed files into place, delete the ones no longer made and the staging
    folder. Inside a cache transaction, which the caller commits: while files move, the
    cache says so (committed), and a build interrupted then is followed by a clean one."""
    cache.set("applying", True)
    cache.commit()
    cache.begin()
    _move(out, staging, plan, changed, removed)
    discard_folder(staging)
    cache.set("applying", False)


def _move(out: Path, staging: Path, plan: Plan, changed: list[int], removed: Iterable[str]
          ) -> None:
    for index in changed:
        relative = output_path(plan.outputs[index].url)
        path = out / relative
        try:
            os.replace(staging / str(index), path)
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / str(index), path)
    for url in removed:
        try:
            relative = output_path(url)
        except UnsafePath:
            continue
        (out / relative).unlink(missing_ok=True)
        _prune(out, relative)


def discard_folder(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def staging_folder(out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))


