"""The garbage collector during a build.

A build makes hundreds of thousands of objects that live to its end (the Site, its pages,
their front-matter) and little cyclic garbage: the collector's passes over the growing heap
cost more than they free. So it is paused while a build runs; and what the build made is
then filed in the oldest generation without being examined, because the first pass after
re-enabling would otherwise walk all of it (some 40 ms after a quick rebuild of 10,000
pages, more after a full build).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def uncollected() -> Iterator[None]:
    """No collector passes inside; on leaving, what was made counts as long-lived."""
    collecting = gc.isenabled()
    frozen = gc.get_freeze_count()  # somebody else's frozen objects stay frozen
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            if not frozen:
                gc.freeze()  # every tracked object to the permanent generation, unexamined,
                gc.unfreeze()  # and from there to the oldest one
            gc.enable()
