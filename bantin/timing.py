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
_phases: dict[str, float] = {}


@contextmanager
def phase(name: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        _phases[name] = _phases.get(name, 0.0) + time.perf_counter() - start


def note(name: str, value: float) -> None:
    """A figure that is not a time, e.g. how many pages were rendered."""
    _phases[name] = value


def write() -> None:
    target = os.environ.get(ENV)
    if target:
        with open(target, "w", encoding="utf-8") as handle:
            json.dump(_phases, handle, sort_keys=True)
    _phases.clear()
