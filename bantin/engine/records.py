"""What the engine keeps between builds, as typed records: per document, per output, and
the saved state's header and changes. Each is pickled into the cache (cache.py) or the
saved state (saved.py); none is ever changed once made."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ..core.diagnostics import Diagnostic
from ..model.document import FrontMatter, OnDisk, Source, quick_pickle
from ..model.options import BuildOptions

Read = tuple[str, str]  # what an output read: (file, digest of the version it read)


@quick_pickle  # one per content file, unpickled by every incremental build
@dataclass(frozen=True, slots=True)
class DocRecord:
    """One parsed file version: its Document but the body, which stays in the file (read
    again from `offset`) unless the file is not text or its body is not the text's end."""

    source: Source
    meta: FrontMatter
    lines: dict[str, int]
    body_line: int
    digest: str
    diagnostics: tuple[Diagnostic, ...]
    offset: int | None  # where the body starts in the file's normalised text; None: `body`
    body: str  # the body, when it is not in the file ("" otherwise)
    front: str  # digest of the document apart from its body (front-matter text included)
    structure: str  # digest of the front-matter apart from what a page only shows
    facts: dict[str, tuple[Any, str]]  # the facts of this file version (facts.py), by kind

    def body_at(self, root: Path) -> str | OnDisk:
        """The body as a Document stores it: the text, or where to read it when needed."""
        if self.offset is None:
            return self.body
        return OnDisk(str(root / self.source.path), self.offset, self.digest)


@quick_pickle  # one per output file, in the table every incremental build reads whole
@dataclass(frozen=True, slots=True)
class OutputRecord:
    """One output file as the last build made it: from what (its key and what it read)
    and what it holds (the digest of its bytes)."""

    key: str
    reads: tuple[Read, ...]
    digest: str


@quick_pickle  # sent back by the workers, one per output made
@dataclass(frozen=True, slots=True)
class Made:
    """One output made by a worker (workers.make)."""

    index: int  # in the plan
    digest: str  # of its bytes ("" when it failed)
    reads: tuple[Read, ...]
    error: Diagnostic | None  # what stopped it
    written: bool  # its file was written (in the fresh folder or the staging folder)


@quick_pickle  # some per page in the saved state, loaded by every quick rebuild
@dataclass(frozen=True, slots=True)
class Reader:
    """An output that read one content file's body, as the saved state's build left it."""

    url: str
    key: str  # the output's key and digest (OutputRecord), not what else it read
    digest: str
    body: str  # the digest of the body it read


@quick_pickle  # one per content file in the saved state
@dataclass(frozen=True, slots=True)
class Readers:
    """The outputs that read one content file's body, as the saved state's build left them:
    each one's Reader fields, four by four, in one tuple. Not a Reader per output: pickle
    remembers each object it writes (and the tuple of its fields) until it is done, and
    a saved state holds some seven per article; a quick rebuild reads back only the
    changed files' (`__iter__`)."""

    fields: tuple[str, ...]

    def __iter__(self) -> Iterator[Reader]:
        fields = self.fields
        return (Reader(*fields[i:i + 4]) for i in range(0, len(fields), 4))


@quick_pickle
@dataclass(frozen=True, slots=True)
class BodyChange:
    """A body a quick rebuild replaced since the state was saved (applied on loading)."""

    stat: str  # the file's stat key now
    digest: str  # the file's digest now
    body: str | OnDisk


@dataclass(frozen=True, slots=True)
class StateHeader:
    """What decides whether a saved state may be used, read before the state itself."""

    token: str  # the same as the cache's: the file goes with that cache
    engine: str
    root: str
    options: BuildOptions
    out: Path
    stats: dict[str, str]  # every input file -> its stat key at that build
    site_reads: frozenset[str]  # files whose bodies the Site itself was made from
    until: datetime | None  # the same inputs give the same site until then
    digests: dict[str, str]  # every input file -> the sha256 of its bytes at that build
