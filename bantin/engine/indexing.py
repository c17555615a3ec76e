"""The search step of a build: the Pagefind bundle made again where pages changed, as
outputs of the build (rendering/search.py says how the index is cut into shards). Full and
incremental builds (full.py) and quick rebuilds of a build with the index (quick.py) take
it the same way."""

from __future__ import annotations

import tempfile
from datetime import UTC
from pathlib import Path

from ..model.page import Page
from ..rendering import search
from ..rendering.search import BUNDLE_DIR, IndexedPage
from ..website.outputs import Output
from ..website.site import Site
from .cache import Cache
from .keys import output_key
from .records import Made, OutputRecord
from .timings import Timings, cpu_seconds
from .workers import Plan, make

SEARCH = "search"  # in the cache: what each shard of the index was made of


def search_step(site: Site, the_plan: Plan, results: list[Made], old: dict[str, OutputRecord],
                cache: Cache, kept: set[str], keys: list[str], timings: Timings
                ) -> list[Made]:
    """The Pagefind bundle as outputs of this build (only files whose bytes changed are
    written): the shards whose pages changed indexed again, the others' files kept."""
    prefix = f"/{BUNDLE_DIR}/"
    outputs = the_plan.outputs
    made = {outputs[m.index].url: m for m in results}

    def as_written(page: Page) -> IndexedPage:
        done = made.get(page.url)
        name = ""
        if done is None or not done.written:  # unchanged: the file in the current output
            folder = the_plan.out
        elif the_plan.fresh:
            folder = the_plan.target
        else:
            folder, name = the_plan.target, str(done.index)
        return IndexedPage(page.url, page.lang, folder,
                           done.digest if done is not None else old[page.url].digest,
                           page.meta.date.astimezone(UTC).isoformat() if page.meta.date else "",
                           name)

    # A fresh build's output is new: nothing of the previous index can be kept in it.
    present = {} if the_plan.fresh else {url.removeprefix(prefix): entry.digest
                                         for url, entry in old.items() if url.startswith(prefix)}
    cpu = cpu_seconds()
    with tempfile.TemporaryDirectory(prefix=".search-", dir=the_plan.target.parent) as work:
        bundle = search.index([as_written(page) for page in site.pages],
                              cache.get(SEARCH, {}), present, Path(work))
        timings.note("search_pages", bundle.indexed)
        kept.update(prefix + name for name in bundle.kept)
        start = len(outputs)
        for name, data in bundle.made:
            output = Output(prefix + name, "copy" if isinstance(data, Path) else "literal",
                            (data,))
            outputs.append(output)
            keys.append(output_key("", output, site.config.root, {}))
        folders: set[str] = set()
        written = [make(the_plan, index, folders) for index in range(start, len(outputs))]
    digests = {name: present[name] for name in bundle.kept}
    digests.update((outputs[m.index].url.removeprefix(prefix), m.digest) for m in written)
    cache.set(SEARCH, bundle.remember(digests))
    timings.note("search_cpu", cpu_seconds() - cpu)
    return written
