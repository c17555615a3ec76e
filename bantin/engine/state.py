"""What a build leaves for the next one to reuse (`State`), and what it tells its caller."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from ..core.diagnostics import Diagnostic, Diagnostics
from ..website.outputs import Output

if TYPE_CHECKING:  # an up-to-date build imports this module, and needs none of them
    from datetime import datetime
    from pathlib import Path

    from ..model.facts import Facts
    from ..model.options import BuildOptions
    from ..model.reads import Watched
    from ..rendering.render import Renderer
    from ..website.site import Site
    from .records import Readers


@dataclass
class State:
    """What a successful build leaves for a quick rebuild (quick.py): kept in memory by
    `serve`, saved beside the cache by a command-line build (saved.py)."""

    options: BuildOptions
    out: Path
    stats: dict[str, str]  # every input file -> its stat key at that build
    until: datetime | None  # the same inputs give the same site until then
    site: Site
    renderer: Renderer
    facts: Facts  # the build's, which quick rebuilds parse into (not saved: saved.py)
    outputs: list[Output] | None  # the plan, without the search bundle (None: not made yet)
    # content file -> digests of all but its body (documents.load_documents)
    fronts: dict[str, tuple[str, str]]
    site_reads: frozenset[str]  # files whose bodies the Site itself was made from
    diagnostics: list[Diagnostic]  # the build's warnings
    pages: int
    watched: Watched  # how the build named what its outputs read
    # content file -> each output that read its body, as the build left them (a saved
    # state: its build's outputs table is not read again); None: read the table
    readers: dict[str, Readers] | None = None

    def outputs_for(self, urls: list[str]) -> list[Output]:
        """The outputs of the plan at these URLs (those it has), in that order. A saved
        state has no plan: pages are made without one, anything else plans again."""
        if self.outputs is None:
            pages = {page.url: page for page in self.site.pages}
            if all(url in pages for url in urls):
                return [Output(url, "page", (pages[url],), (pages[url].source.path,))
                        for url in urls]
            # here, not above: planning needs feeds, search and the web editor, some
            # milliseconds of imports that a quick rebuild of pages alone never spends
            from ..rendering.plan import plan
            from ..rendering.search import BUNDLE_DIR

            self.outputs = [o for o in plan(self.site, self.renderer, self.renderer.assets)
                            if not o.url.startswith(f"/{BUNDLE_DIR}/")]
        planned = {output.url: output for output in self.outputs}
        return [planned[url] for url in urls if url in planned]


class Kind(Enum):
    """How a build brought the output up to date (Engine.build decides)."""

    UP_TO_DATE = "up to date"  # nothing changed: nothing done
    QUICK = "quick"  # only bodies changed: the last build's Site reused
    INCREMENTAL = "incremental"  # the Site made again; only changed outputs remade
    FULL = "full"  # everything made into a fresh folder


@dataclass
class BuildResult:
    kind: Kind
    site: Site | None  # None: up to date (nothing was loaded)
    diagnostics: Diagnostics
    pages_written: int = 0  # pages in the site
    made: int = 0  # files written by this build (the rest were unchanged)
    removed: int = 0  # files deleted because the site no longer has them
    state: State | None = None  # what a quick rebuild reuses (a successful build)

    @property
    def ok(self) -> bool:
        return not self.diagnostics.errors
