"""A build's phases: their wall-clock time, for the benchmark (bench/run.py), and what the
editor watching it is shown (progress.py).

With the environment variable BANTIN_TIMINGS=FILE a build writes {phase: seconds} as JSON
to FILE when it ends; without it nothing is recorded but the clock reads. The phases a
Progress knows (progress.PHASE_NAMES) are shown by it too, with their counts.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # an up-to-date build imports this module, and shows no progress
    from ..core.progress import Progress

ENV = "BANTIN_TIMINGS"


def cpu_seconds() -> float:
    """CPU time used so far by this process and the processes it waited for (Pagefind):
    on a shared machine it moves much less than wall-clock time does."""
    used = os.times()
    return used.user + used.system + used.children_user + used.children_system


class Timings:
    """The phases of one build, and figures that are not times (pages rendered, …)."""

    def __init__(self, progress: Progress | None = None) -> None:
        self.figures: dict[str, float] = {}
        self.progress = progress  # None: nobody watches (tests, workers, a quick rebuild)

    @contextmanager
    def phase(self, name: str, total: int | None = None) -> Iterator[None]:
        """A phase; `total`: how many pieces it makes (see `advance`), when that is known."""
        start = time.perf_counter()
        try:
            with ExitStack() as shown:
                if self.progress is not None and self.progress.shows(name):
                    shown.enter_context(self.progress.phase(name, total))
                yield
        finally:
            self.figures[name] = self.figures.get(name, 0.0) + time.perf_counter() - start

    def expect(self, total: int) -> None:
        """The current phase makes `total` pieces (see `advance`)."""
        if self.progress is not None:
            self.progress.expect(total)

    def advance(self, n: int = 1) -> None:
        """`n` more pieces of the current phase are done."""
        if self.progress is not None:
            self.progress.advance(n)

    def note(self, name: str, value: float) -> None:
        """A figure that is not a time, e.g. how many pages were rendered."""
        self.figures[name] = value

    def write(self) -> None:
        """To the file BANTIN_TIMINGS names, if it names one."""
        target = os.environ.get(ENV)
        if target:
            with open(target, "w", encoding="utf-8") as handle:
                json.dump(self.figures, handle, sort_keys=True)
