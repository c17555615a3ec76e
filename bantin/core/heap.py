"""The garbage collector during a build.

A build makes hundreds of thousands of objects that live to its end (the Site, its pages,
their front-matter) and little cyclic garbage: the collector's passes over the growing heap
cost more than they free. So it is paused while a build runs and turned back on after, when
the caller may go on building (`serve`, tests): what the build left behind — the previous
build's renderer, its Jinja environments, the Site it replaced — is cyclic garbage that only
the collector frees.

A command-line run ends right after its one command (build.py exits without tearing the
interpreter down), so `for_one_command` keeps the collector off for the whole command: the
first pass after turning it back on would walk everything the build made (some 40 ms after
a quick rebuild of 10,000 pages) for nothing.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def uncollected() -> Iterator[None]:
    """No collector passes inside; the collector as it was after."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def for_one_command() -> None:
    """This process runs one short command and exits: no collector passes at all."""
    gc.disable()
