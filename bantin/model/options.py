"""What a build includes (drafts, scheduled articles, the search index) and its time.

Apart from the Site, which resolves pages by them, so that a build which turns out to be up
to date decides so without importing what makes a Site.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class BuildOptions:
    now: datetime
    drafts: bool = False  # previews: drafts shown, with a banner and noindex
    future: bool = False  # scheduled articles shown before their time
    search: bool = True  # build the Pagefind index (--no-search skips it, for quick builds)
    keep_index: bool = False  # without search: keep the previous index (a preview's rebuilds)
