"""Which document bodies an output read, and bodies loaded only when something reads them.

`Document.body` is wrapped by a descriptor that (1) notes, while an output is being rendered,
every document whose body was read — so the incremental build knows that this output must
be made again when one of those bodies changes — and (2) loads a body the cache left on
disk (`Deferred`) the first time it is read. Everything else about Document is unchanged.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .content import Document
from .text import normalize_source

# (path, digest) of each body read since `record()` started; None: not recording
_current: set[tuple[str, str]] | None = None


class BodyChanged(Exception):
    """A file changed between reading its front-matter and reading its body."""


class Deferred:
    """A body still on disk: the text of `path` after `offset` characters, once normalised."""

    __slots__ = ("path", "offset", "digest")

    def __init__(self, path: Path, offset: int, digest: str) -> None:
        self.path, self.offset, self.digest = path, offset, digest

    def load(self) -> str:
        raw = self.path.read_bytes()
        if hashlib.sha256(raw).hexdigest() != self.digest:
            raise BodyChanged(str(self.path))
        return normalize_source(raw)[self.offset:]


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
