"""Which document bodies and titles an output read, and bodies loaded only when read.

`Document.body` is wrapped by a descriptor that (1) notes, while an output is being rendered,
every document whose body was read — so the incremental build knows that this output must
be made again when one of those bodies changes — and (2) loads a body the cache left on
disk (`Deferred`) the first time it is read. Everything else about Document is unchanged.

The fields a page only shows (SHOWN_FIELDS: title, summary, translation stamp) are watched
the same way: while an output is made, each front-matter whose shown fields it read is
noted by name (`SHOWN`: its page or file and a digest of those fields), so a title edit
re-makes the pages that show that title (the page, listings, neighbours, related
articles, …), not every page. Read while the plan is made (`shown_by_site`), they count
for every output instead. The Site's own indexes never look at them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .content import Document, FrontMatter
from .text import normalize_source

# (path, digest) of each body read since `record()` started; None: not recording
_current: set[tuple[str, str]] | None = None


class BodyChanged(Exception):
    """A file changed between reading its front-matter and reading its body."""


class Deferred:
    """A body still on disk: the text of `path` after `offset` characters, once normalised."""

    __slots__ = ("path", "offset", "digest")

    def __init__(self, path: Path | str, offset: int, digest: str) -> None:
        # a str: quicker to unpickle by the ten thousand (saved.py)
        self.path, self.offset, self.digest = str(path), offset, digest

    def __reduce__(self) -> tuple[Any, ...]:
        return Deferred, (self.path, self.offset, self.digest)

    def load(self) -> str:
        with open(self.path, "rb") as handle:
            raw = handle.read()
        if hashlib.sha256(raw).hexdigest() != self.digest:
            raise BodyChanged(self.path)
        body = _Loaded(normalize_source(raw)[self.offset:])
        body.deferred = self
        return body


class _Loaded(str):
    """A body read from disk: pickled as where it was read, not as its text (saved.py keeps
    a build's documents without their bodies)."""

    deferred: Deferred

    def __reduce__(self) -> tuple[Any, ...]:
        return self.deferred.__reduce__()


_slot = Document.__dict__["body"]  # the member descriptor of the slots dataclass


class _Body:
    def __get__(self, doc: Any, owner: type | None = None) -> Any:
        if doc is None:
            return self
        value = _slot.__get__(doc, owner)
        if value.__class__ is Deferred:
            value = value.load()
            _slot.__set__(doc, value)
        if _current is not None:
            _current.add((doc.source.path, doc.digest))
        return value

    def __set__(self, doc: Any, value: Any) -> None:
        _slot.__set__(doc, value)


if not isinstance(Document.__dict__["body"], _Body):
    # The slot's descriptor is swapped for _Body on purpose; mypy sees a str field assigned.
    Document.body = _Body()  # type: ignore[assignment,misc]


def raw_body(doc: Document) -> Any:
    """The body as stored: a str, or a Deferred not yet loaded (nothing recorded)."""
    return _slot.__get__(doc, Document)


def set_body(doc: Document, body: Any) -> None:
    """Give a document another body (a str, or a Deferred)."""
    _slot.__set__(doc, body)


def defer(doc: Document, deferred: Deferred) -> None:
    _slot.__set__(doc, deferred)


def note(doc: Document) -> None:
    """Record a read of the body without reading it (what was made from it is cached)."""
    if _current is not None:
        _current.add((doc.source.path, doc.digest))


SHOWN_FIELDS = ("title", "summary", "source_digest")
# id(front-matter) -> (dependency name, digest of its shown fields), for every page's and
# document's front-matter of this build; ALL stands for any other (any title may change it)
SHOWN: dict[int, tuple[str, str]] = {}
ALL: list[tuple[str, str]] = [("#shown", "")]
_shown: set[tuple[str, str]] | None = None  # while an output is made
_by_site: dict[int, Any] | None = None  # while the plan is made: id -> the front-matter


class _Shown:
    """A shown field of FrontMatter: reads are noted as above."""

    def __init__(self, slot: Any) -> None:
        self.slot = slot

    def __get__(self, meta: Any, owner: type | None = None) -> Any:
        if meta is None:
            return self
        if _shown is not None:
            _shown.add(SHOWN.get(id(meta)) or ALL[0])
        elif _by_site is not None:
            _by_site[id(meta)] = meta
        return self.slot.__get__(meta, owner)

    def __set__(self, meta: Any, value: Any) -> None:
        self.slot.__set__(meta, value)


for _name in SHOWN_FIELDS:
    if not isinstance(FrontMatter.__dict__[_name], _Shown):
        setattr(FrontMatter, _name, _Shown(FrontMatter.__dict__[_name]))


def shown_digest(meta: Any) -> str:
    values = [FrontMatter.__dict__[name].slot.__get__(meta) for name in SHOWN_FIELDS]
    return hashlib.blake2b(repr(values).encode(), digest_size=8).hexdigest()


@contextmanager
def record_shown() -> Iterator[set[tuple[str, str]]]:
    """Collect the shown fields read inside the block, as (dependency, digest)."""
    global _shown
    outer, _shown = _shown, set()
    try:
        yield _shown
    finally:
        _shown = outer


@contextmanager
def shown_by_site() -> Iterator[dict[int, Any]]:
    """Collect the front-matters whose shown fields are read inside the block."""
    global _by_site
    outer, _by_site = _by_site, {}
    try:
        yield _by_site
    finally:
        _by_site = outer


# "layouts/x.html" -> digest of the file, for this build (set before outputs are made)
LAYOUTS: dict[str, str] = {}


def watch_layouts(inputs: dict[str, str]) -> None:
    """The layouts of this build, from the digests of its input files."""
    LAYOUTS.clear()
    LAYOUTS.update((path, digest) for path, digest in inputs.items()
                   if path.startswith("layouts/"))


def note_layout(name: str) -> None:
    """Record that what is being made now uses this layout (render.py's environments call
    this for every template they hand out: the page's own, what it extends and includes)."""
    if _current is not None:
        relative = f"layouts/{name}"
        _current.add((relative, LAYOUTS.get(relative, "")))


@contextmanager
def record() -> Iterator[set[tuple[str, str]]]:
    """Collect the (path, digest) of every body read inside the block."""
    global _current
    outer, _current = _current, set()
    try:
        yield _current
    finally:
        found, _current = _current, outer
        if outer is not None:
            outer |= found


@contextmanager
def paused() -> Iterator[None]:
    """Reads inside the block are not recorded (e.g. facts cached by the body's digest)."""
    global _current
    outer, _current = _current, None
    try:
        yield
    finally:
        _current = outer
