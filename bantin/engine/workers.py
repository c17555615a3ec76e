"""Making the outputs of a plan, in this process and, when there are many, in workers beside it.

Workers are processes started for one build and handed what they work from as arguments:
forked ones the plan itself (a forked process shares the parent's memory, nothing is
pickled), spawned ones (where there is no fork) a function that rebuilds the plan from the
cache the build just saved. Work goes to them as chunks of plan indices through a queue
that this process takes chunks from too; what each chunk made comes back through another.
The result is the same bytes whichever process made a file.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import os
import queue
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..core.diagnostics import Diagnostic
from ..core.messages import msg
from ..model import reads
from ..model.document import BodyChanged, Document
from ..model.facts import prepare
from ..model.markdown import Prepared
from ..rendering.render import Renderer
from ..website.outputs import Output, UnsafePath, output_path
from ..website.site import Site
from .cache import Cache
from .records import Made, Read
from .validation import leaves_output

if TYPE_CHECKING:  # multiprocessing is imported only by a build that uses workers
    import multiprocessing.context

PARALLEL_FROM = 48  # outputs (or documents to parse) below which one process is quicker
RENEW = 200  # outputs a forked render worker makes before a fresh one takes its place


@dataclass
class Plan:
    """What a build makes and where: every output, the renderer, and the folders."""

    outputs: list[Output]
    renderer: Renderer
    target: Path  # where rendered files go: the fresh folder, or the staging folder
    fresh: bool  # True: files at their paths in a fresh folder; False: staging/<index>
    old: dict[str, str]  # url -> digest of the file in the current output
    out: Path  # the current output folder
    watched: reads.Watched  # what the outputs' reads are named and dated by
    cache: Cache | None  # where the bodies prepared when files were read are found
    documents: dict[str, Document]  # content file -> its Document in this build


def documents_of(site: Site) -> dict[str, Document]:
    """Every document of the Site by its content file."""
    return {doc.source.path: doc for doc in site.documents()}


def prepared(plan: Plan, doc: Document) -> Prepared:
    """A document's body rendered without the site: from the cache, or made now."""
    found: Prepared | None = plan.cache.body(doc.digest) if plan.cache is not None else None
    return found if found is not None else prepare(doc)


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


# One output -----------------------------------------------------------------------------------

def make(plan: Plan, index: int, folders: set[str]) -> Made:
    """Make one output. `folders`: those this process made in a fresh output folder (one
    mkdir per folder, not per file; as strings, a fraction of a Path's memory)."""
    output = plan.outputs[index]
    try:
        relative = output_path(output.url)
        data: bytes | str
        # the bodies it reads, looked up here: rendering itself reads no cache and no file
        needs = [plan.documents[path] for path in output.needs]
        seen = reads.Recorder(plan.watched, {doc.digest: prepared(plan, doc) for doc in needs})
        if output.render == "copy":
            data = Path(output.args[0]).read_bytes()
        elif output.render == "literal":
            data = output.args[0]
        elif output.render == "call":
            data = output.args[0](seen)
        else:
            data = plan.renderer.make(output.render, output.args, seen)
        if isinstance(data, str):
            data = data.encode("utf-8")
        digest = _digest(data)
        written = False
        if plan.fresh:
            path = plan.target / relative
            folder = path.parent
            if (name := str(folder)) not in folders:
                folder.mkdir(parents=True, exist_ok=True)
                folders.add(name)
            path.write_bytes(data)
            written = True
        elif plan.old.get(output.url) != digest:
            (plan.target / str(index)).write_bytes(data)
            written = True
        return Made(index, digest, seen.reads(), None, written)
    except UnsafePath:
        return Made(index, "", (), leaves_output(output.url), False)
    except BodyChanged as exc:
        return Made(index, "", (), Diagnostic(str(exc), 0, "error", msg(
            "the file changed during the build; build again")), False)
    except Exception as exc:
        diagnostic = getattr(exc, "diagnostic", None)
        if isinstance(diagnostic, Diagnostic):  # a LayoutError: reported at its layout line
            return Made(index, "", (), diagnostic, False)
        raise


class _Maker:
    """Makes chunks of a plan's outputs in one process."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.folders: set[str] = set()

    def __call__(self, indices: Sequence[int]) -> list[Made]:
        return [make(self.plan, index, self.folders) for index in indices]


def _maker_of(rebuild: Callable[[], Plan]) -> _Maker:
    """A spawned worker's maker: the plan rebuilt in it."""
    return _Maker(rebuild())


def _as_is(value: Any) -> Any:
    return value


def render(plan: Plan, todo: list[int], rebuild: Callable[[], Plan] | None,
           advance: Callable[[int], None] | None = None) -> list[Made]:
    """Make the outputs `todo` (indices into the plan), spread over processes when they are
    many. `rebuild`: how a spawned worker makes the plan (None: no spawned workers);
    `advance(n)`: told as each chunk of n outputs is done."""
    n = workers()
    here = _Maker(plan)
    share = _ReadSharer()
    serial = len(todo) < PARALLEL_FROM or n < 2
    fork = not serial and _context().get_start_method() == "fork"  # imports multiprocessing
    if serial or (rebuild is None and not fork):  # a quick rebuild's plan is only here
        made = []
        for start in range(0, len(todo), 16):
            made += share(here(todo[start:start + 16]))
            if advance is not None:
                advance(len(made) - start)
        return made
    there: Callable[[], _Maker] | None = None  # a forked worker: this process's maker
    results = []
    if fork:
        # here, not above: the plan's module imports the feeds and the web editor, which a
        # quick rebuild's few pages never need
        from ..rendering.plan import reads_widely

        plan.renderer.preload()  # compiled once here, not once in every worker
        # What reads pages from all over the site is made here before a worker is forked:
        # made while one shares the heap, each such output would copy much of it.
        wide = {index for index in todo if reads_widely(plan.outputs[index])}
        if wide:
            results += share(here(sorted(wide)))
            if advance is not None:
                advance(len(wide))
            todo = [index for index in todo if index not in wide]
    elif rebuild is not None:  # a spawned one makes the plan again
        there = functools.partial(_maker_of, rebuild)
    # small chunks: the process that takes the last one keeps the others waiting for no
    # longer than 16 outputs take
    size = max(1, min(16, len(todo) // (n * 8)))
    chunks = [todo[i:i + size] for i in range(0, len(todo), size)]
    # a forked worker is replaced by a fresh one after some RENEW outputs (see spread)
    renew = max(1, RENEW // size) if fork else None
    for chunk in spread(here, chunks, n, there, renew=renew):
        results += share(chunk)
        if advance is not None:
            advance(len(chunk))
    results.sort(key=lambda made: made.index)
    return results


class _ReadSharer:
    """Results with each read and each read set one object however many outputs have it:
    what a worker made arrives unpickled, every string and pair its own copy, and the build
    keeps every output's reads to its end (some 20 per output). Done to each chunk as it
    arrives, so that the copies live no longer than their chunk."""

    def __init__(self) -> None:
        self.pairs: dict[Read, Read] = {}
        self.sets: dict[tuple[Read, ...], tuple[Read, ...]] = {}

    def __call__(self, chunk: list[Made]) -> list[Made]:
        pairs, sets = self.pairs, self.sets
        shared = []
        for made in chunk:
            reads = tuple([pairs.setdefault(pair, pair) for pair in made.reads])
            shared.append(replace(made, reads=sets.setdefault(reads, reads)))
        return shared


# Spreading work -------------------------------------------------------------------------------

J = TypeVar("J")
R = TypeVar("R")


@dataclass(frozen=True)
class _Failed:
    """A worker stopped on an exception (a bug in Bantin, not a content error)."""

    trace: str


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


@dataclass(frozen=True)
class _Retired:
    """A worker did as many jobs as it was started for and ended: start another."""


def _work(there: Callable[[], Callable[[J], R]], tasks: Any, results: Any,
          renew: int | None = None) -> None:
    """A worker: make its `work` (`there()`), then do the jobs it takes until told to stop,
    or until it did `renew` of them."""
    try:
        work = there()
        done = 0
        while (job := tasks.get()) is not None:
            results.put(work(job))
            done += 1
            if done == renew:
                results.put(_Retired())
                return
    except BaseException:  # noqa: BLE001 - reported to the parent, which raises it
        results.put(_Failed(traceback.format_exc()))


def _ready(results: Any, started: list[Any], timeout: float, start: Callable[[], None]
           ) -> Any:
    """A worker's result if one arrives within `timeout` seconds (0: only one already
    there), else None; a worker that retired is replaced (`start()`) and None returned;
    raises if a worker failed or ended unexpectedly."""
    try:
        done = results.get(timeout=timeout) if timeout else results.get_nowait()
    except queue.Empty:
        if any(p.exitcode not in (None, 0) for p in started):
            raise RuntimeError("a build worker ended unexpectedly") from None
        return None
    if isinstance(done, _Failed):
        raise RuntimeError(f"a build worker failed:\n{done.trace}")
    if isinstance(done, _Retired):
        start()
        return None
    return done


def spread(here: Callable[[J], R], jobs: Sequence[J], n: int,
           there: Callable[[], Callable[[J], R]] | None = None,
           first: Callable[[], None] | None = None, renew: int | None = None
           ) -> Iterator[R]:
    """The result of every job, as each is done: by this process (`here(job)`) and n - 1
    workers, each doing `there()(job)` (`there`: what a worker is started with; by default
    `here` itself, which a spawned worker receives pickled). `first()`: what this process
    does before its first job, while the workers start on theirs.

    This process works too instead of waiting: one process fewer than cores, so one copy
    fewer of what workers come to hold (the memory a forked worker shares with this process
    is copied as it touches it). `renew`: a forked worker ends after that many jobs and a
    fresh fork takes its place. Every page of memory that a worker or this process writes to
    (a reference count is a write) becomes the worker's own copy, so a long-lived worker
    comes to hold most of the heap a second time; a fresh fork shares all of it again."""
    if n < 2 or len(jobs) < 2:
        if first is not None:
            first()
        yield from map(here, jobs)
        return
    if there is None:
        there = functools.partial(_as_is, here)
    context = _context()
    tasks = context.Queue()
    results = context.Queue()
    for job in jobs:
        tasks.put(job)
    for _worker in range(n):  # one stop for each worker and one for this process
        tasks.put(None)
    started: list[Any] = []

    def start() -> None:
        process = context.Process(  # type: ignore[attr-defined]  # every context has it
            target=_work, args=(there, tasks, results, renew), daemon=True)
        process.start()
        started.append(process)

    try:
        with _shared():
            for _worker in range(n - 1):
                start()
            if first is not None:
                first()
            pending = len(jobs)
            while (job := tasks.get()) is not None:
                yield here(job)
                pending -= 1
                # what workers made so far, taken now: left in their queues, it would be
                # held in their memory until this process is done with its own jobs
                while pending and (done := _ready(results, started, 0, start)) is not None:
                    pending -= 1
                    yield done
            while pending:
                if (done := _ready(results, started, 1, start)) is not None:
                    pending -= 1
                    yield done
        for process in started:
            process.join()
    finally:
        for process in started:
            if process.is_alive():
                process.terminate()
                process.join()
        tasks.cancel_join_thread()
        results.cancel_join_thread()
