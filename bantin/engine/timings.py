"""Wall-clock time of a build's phases, for the benchmark (bench/run.py).

With the environment variable BANTIN_TIMINGS=FILE a build writes {phase: seconds} as JSON
to FILE when it ends; without it nothing is recorded but the clock reads.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

ENV = "BANTIN_TIMINGS"


class Timings:
    """The phases of one build, and figures that are not times (pages rendered, …)."""

    def __init__(self) -> None:
        self.figures: dict[str, float] = {}

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.figures[name] = self.figures.get(name, 0.0) + time.perf_counter() - start

    def note(self, name: str, value: float) -> None:
        """A figure that is not a time, e.g. how many pages were rendered."""
        self.figures[name] = value

    def write(self) -> None:
        """To the file BANTIN_TIMINGS names, if it names one."""
        target = os.environ.get(ENV)
        if target:
            with open(target, "w", encoding="utf-8") as handle:
                json.dump(self.figures, handle, sort_keys=True)
