"""Is the output already up to date? Answered from file stats alone, before anything heavy loads.

A successful build leaves a stamp in its cache folder: a digest of the engine, the build's
options, the output folder's identity and the size, mtime and inode of every input file,
with the time until which the same inputs give the same site (the next scheduled article
or expiry). A build whose stamp still matches has nothing to do; it repeats the warnings
the last build left beside the stamp.
"""

from __future__ import annotations

import hashlib
import pickle
from datetime import datetime
from pathlib import Path

from ..core.diagnostics import Diagnostic
from ..model.freshness import Scan
from .publish import out_identity

STAMP = "stamp"
WARNINGS = "warnings.pickle"


class Stamp:
    """The stamp of one build variant's cache folder (cache.variant_folder) for `out`,
    built with these options by the engine `engine` (cache.engine_digest)."""

    def __init__(self, folder: Path, engine: str, out: Path, drafts: bool, future: bool,
                 search: bool, shards: int = 0) -> None:
        self.path = folder / STAMP
        self.warnings_path = folder / WARNINGS
        self.engine = engine
        self.out = out
        # shards: the search index's shard size (search.shard_pages), which the environment
        # sets: another size is another index
        self.options = f"drafts={drafts} future={future} search={search} shards={shards}"
        # the scan last checked or written, and its listing: made once for the scan a
        # build checks and then stamps (some 10 ms at 10,000 files)
        self._listed: tuple[Scan, bytes] | None = None

    def _digest(self, scan: Scan) -> str:
        if self._listed is None or self._listed[0] is not scan:
            self._listed = (scan, "".join(f"{relative}\0{scan[relative]}\n"
                                          for relative in sorted(scan)).encode())
        h = hashlib.sha256(f"{self.engine}\0{self.options}\0{self.out}\0"
                           f"{out_identity(self.out)}\n".encode())
        h.update(self._listed[1])
        return h.hexdigest()

    def matches(self, scan: Scan, now: datetime) -> bool:
        """The last build with these options saw exactly these inputs, and no scheduled
        change has come since."""
        if scan.refused:  # a link the last build did not have: the build reports it
            return False
        try:
            saved, until = self.path.read_text(encoding="utf-8").split("\n")[:2]
        except (OSError, ValueError):
            return False
        if until and now >= datetime.fromisoformat(until):
            return False
        return saved == self._digest(scan)

    def write(self, scan: Scan, until: datetime | None) -> None:
        text = self._digest(scan) + "\n" + (until.isoformat() if until else "") + "\n"
        self.path.write_text(text, encoding="utf-8")

    def clear(self) -> None:
        """Before the output changes: a build interrupted now is not taken for done."""
        self.path.unlink(missing_ok=True)

    def write_warnings(self, items: list[Diagnostic]) -> None:
        """The warnings of the last build, repeated by a build that has nothing to do (kept
        as values, so they are shown in the language asked for then)."""
        self.warnings_path.write_bytes(pickle.dumps(items, protocol=pickle.HIGHEST_PROTOCOL))

    def warnings(self) -> list[Diagnostic]:
        try:
            items = pickle.loads(self.warnings_path.read_bytes())  # noqa: S301 - our own
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return []
        return [item for item in items if isinstance(item, Diagnostic)] \
            if isinstance(items, list) else []
