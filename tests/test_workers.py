"""Spreading work over processes (bantin/engine/workers.py): every job done once, whichever
process did it, also when forked workers are replaced as they go."""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from bantin.engine import workers


def _who(job: int) -> tuple[int, int]:
    return job, os.getpid()


def _slowly(job: int) -> tuple[int, int]:
    """This process's jobs take longer, so that workers surely get some."""
    time.sleep(0.05)
    return _who(job)


def _fast() -> Callable[[int], tuple[int, int]]:
    return _who


def test_every_job_is_done_once_by_this_process_and_a_worker() -> None:
    done = list(workers.spread(_slowly, list(range(40)), 2, _fast))
    assert sorted(job for job, _pid in done) == list(range(40))
    assert len({pid for _job, pid in done}) == 2


def test_renewed_workers_do_every_job_once_each_in_a_fresh_process() -> None:
    """A worker that did `renew` jobs ends and a fresh fork takes its place: none of the
    jobs is lost or done twice, and no worker did more than `renew` of them."""
    done = list(workers.spread(_slowly, list(range(60)), 2, _fast, renew=3))
    assert sorted(job for job, _pid in done) == list(range(60))
    by_worker: dict[int, int] = {}
    for _job, pid in done:
        if pid != os.getpid():
            by_worker[pid] = by_worker.get(pid, 0) + 1
    assert len(by_worker) >= 2
    assert max(by_worker.values()) <= 3
