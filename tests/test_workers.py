"""Spreading work over processes (bantin/engine/workers.py): every job done once, whichever
process did it, also when forked workers are replaced as they go."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable

from bantin.engine import workers


def _who(job: int) -> tuple[int, int]:
    return job, os.getpid()


def _taking_turns() -> tuple[Callable[[int], tuple[int, int]],
                              Callable[[], Callable[[int], tuple[int, int]]]]:
    """What this process and a worker do. Each of this process's jobs waits, up to a second,
    for the workers to do one more: workers surely get jobs however loaded the machine (a
    fork may take seconds to start), and this process still gets back between its jobs,
    where it starts the fresh worker that replaces a retired one."""
    count = multiprocessing.get_context("fork").Value("i", 0)
    seen = [0]

    def here(job: int) -> tuple[int, int]:
        deadline = time.monotonic() + 1
        while count.value <= seen[0] and time.monotonic() < deadline:
            time.sleep(0.005)
        seen[0] = count.value
        return _who(job)

    def there() -> Callable[[int], tuple[int, int]]:
        def work(job: int) -> tuple[int, int]:
            with count.get_lock():
                count.value += 1
            return _who(job)
        return work

    return here, there


def test_every_job_is_done_once_by_this_process_and_a_worker() -> None:
    here, there = _taking_turns()
    done = list(workers.spread(here, list(range(40)), 2, there))
    assert sorted(job for job, _pid in done) == list(range(40))
    assert len({pid for _job, pid in done}) == 2


def test_renewed_workers_do_every_job_once_each_in_a_fresh_process() -> None:
    """A worker that did `renew` jobs ends and a fresh fork takes its place: none of the
    jobs is lost or done twice, and no worker did more than `renew` of them."""
    here, there = _taking_turns()
    done = list(workers.spread(here, list(range(60)), 2, there, renew=3))
    assert sorted(job for job, _pid in done) == list(range(60))
    by_worker: dict[int, int] = {}
    for _job, pid in done:
        if pid != os.getpid():
            by_worker[pid] = by_worker.get(pid, 0) + 1
    assert len(by_worker) >= 2
    assert max(by_worker.values()) <= 3
