"""The engine: one place that decides how a build brings the output up to date.

`Engine(out, saves_state).build(config, options, scan)` is all the command line and
`serve` call. In order, the first that applies:

1. up to date: the stamp of the last build with these options matches every input's stat
   and no scheduled change has come (stamp.py): nothing is loaded, nothing written;
2. quick: only Markdown bodies changed, with the same front-matter, links, anchors and
   mentions, and no body the Site itself is made from: the last build's State (this
   engine's, or the one the last command-line build saved: saved.py) is reused and only
   the outputs that read those bodies are made again, and the search index's shards
   that hold them when the last build made the index (quick.py);
3. incremental: the cache describes the output as it is (the same folder, or one put back
   with the cache, file for file: publish.adopt): the Site is made again from the
   cached documents, and only the outputs whose keys or reads changed are made (full.py);
4. full: everything, into a fresh folder swapped in at the end (full.py).

A cache that fails a checksum or was written by another engine is never trusted: it is
started again and the build is a full one. A failed quick rebuild leaves its State unused
from then on. The engine owns the cache (opened once per build), the stamp, the timings
and the State kept between builds; a `serve` keeps one engine, the command line makes one
per process.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..core import heap
from ..core.diagnostics import Diagnostics
from .cache import Cache, CacheCorrupt, engine_digest, variant_folder
from .stamp import Stamp
from .state import BuildResult, Kind, State
from .timings import Timings

if TYPE_CHECKING:  # an up-to-date build imports neither
    from ..core.progress import Progress
    from ..model.config import Config
    from ..model.freshness import Scan
    from ..model.options import BuildOptions


class Engine:
    """Builds of one output folder, one after the other (see the module's docstring)."""

    def __init__(self, out: Path, saves_state: bool = False) -> None:
        self.out = out.resolve()
        self.saves_state = saves_state  # saved for (and loaded by) the next process
        self.state: State | None = None  # the last successful build's, for quick rebuilds
        self._identity: str | None = None

    @property
    def identity(self) -> str:
        """The engine's digest (cache.engine_digest), read once."""
        if self._identity is None:
            self._identity = engine_digest()
        return self._identity

    def build(self, config: Config, options: BuildOptions, scan: Scan,
              progress: Callable[[], Progress] | None = None) -> BuildResult:
        """Bring the output up to date. `progress` makes what shows the build's phases
        (progress.py; nothing by default), only once the build is not up to date; its line
        is erased before this returns."""
        folder = variant_folder(config.root, self.out, options.drafts, options.future)
        stamp = Stamp(folder, self.identity, self.out, options.drafts, options.future,
                      options.search, _shard_pages() if options.search else 0)
        if stamp.matches(scan, options.now):
            return BuildResult(Kind.UP_TO_DATE, None, Diagnostics(stamp.warnings()),
                               state=self.state)
        shown = progress() if progress is not None else None
        with shown if shown is not None else contextlib.nullcontext():
            return self._build(config, options, scan, folder, stamp, Timings(shown))

    def _build(self, config: Config, options: BuildOptions, scan: Scan, folder: Path,
               stamp: Stamp, timings: Timings) -> BuildResult:
        from . import publish

        cache = Cache(folder, self.identity)
        try:
            with heap.uncollected():  # hundreds of thousands of objects, none of them garbage
                try:
                    with timings.phase("adopt"):
                        publish.adopt(cache, self.out)  # one restored with the cache
                    result = self._quick(config, options, scan, cache, stamp, timings)
                    if result is None:
                        result = self._full(config, options, scan, cache, stamp, timings)
                except CacheCorrupt:  # a row failed its checksum: forget the cache, build clean
                    self.state = None
                    cache.reset()
                    result = self._full(config, options, scan, cache, stamp, timings)
        finally:
            cache.close()
        timings.note("cache_kb", sum(p.stat().st_size for p in folder.glob("build.db*")) / 1024)
        timings.write()
        self.state = result.state if result.ok else None
        return result

    def _quick(self, config: Config, options: BuildOptions, scan: Scan, cache: Cache,
               stamp: Stamp, timings: Timings) -> BuildResult | None:
        from . import quick, saved

        state = self.state
        if state is None and self.saves_state:
            with timings.phase("state"):
                state = saved.load(cache, config, options, self.out, scan)
        if state is None or state.out != self.out:
            return None
        with timings.phase("quick"):
            result = quick.rebuild(state, config, options, scan, cache, stamp, timings)
        if result is not None and not result.ok:  # the state is not this build's any more
            saved.forget(cache)
        return result

    def _full(self, config: Config, options: BuildOptions, scan: Scan, cache: Cache,
              stamp: Stamp, timings: Timings) -> BuildResult:
        from . import full

        return full.build(config, options, self.out, cache, scan, stamp, timings,
                          save=self.saves_state)


def _shard_pages() -> int:
    """The search index's shard size; imported only by a build with the index."""
    from ..rendering.search import shard_pages

    return shard_pages()
