"""What a build needs from a Markdown body, parsed once and kept by the document's digest.

A body is parsed once per version of its file, where the file is read (`analyse`, in the
parse workers of a cold build): the facts the checks and the Site need (each link and image
with its line, the element ids, the directive numbers mentioned) and the body rendered
without the site (`markdown.Prepared`), which pages are made from (`prepared`). The
incremental cache (bantin/cache.py) keeps both between builds, so an unchanged body is
never parsed again.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from . import directives, markdown, reads, stamps
from .content import Document

if TYPE_CHECKING:
    from markdown_it.token import Token

    from .messages import Text


@dataclass(frozen=True, slots=True)
class Item:
    """A link (`src` is its href, `alt` empty) or an image in a body, at its 0-based line."""

    kind: str  # "link" | "image"
    line: int
    src: str
    alt: str = ""


NO_ITEMS: tuple[Item, ...] = ()
# "kind:document digest" -> (value, digest of the value); filled on demand and from the cache
STORE: dict[str, tuple[Any, str]] = {}
NEW: set[str] = set()  # computed in this process, not yet in the cache
# (kind, path, value digest) of every fact looked up since `USED.clear()`: what the Site
# was built from, besides front-matter (see cache.py)
USED: set[tuple[str, str, str]] = set()


def key(kind: str, doc: Document) -> str:
    return f"{kind}:{doc.digest}"


_Fact = TypeVar("_Fact")


def memo(kind: str, doc: Document, compute: Callable[[str], _Fact]) -> _Fact:
    """`compute(doc.body)`, once per version of the document; the value must pickle."""
    name = key(kind, doc)
    found = STORE.get(name)
    if found is None:
        with reads.paused():  # kept by the digest: not a dependency of what is rendered
            value = compute(doc.body)
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        found = STORE[name] = (value, hashlib.blake2b(data, digest_size=16).hexdigest())
        NEW.add(name)
    USED.add((kind, doc.source.path, found[1]))
    fact: _Fact = found[0]  # STORE holds every kind: its key says what `compute` made
    return fact


# Facts computed when a file is read (in the parse workers of a cold build), by kind.
EAGER: dict[str, Callable[[str], Any]] = {}
_last: tuple[str, list[Token]] | None = None
# Where a process finds the prepared body of a document digest (the build's cache), or None
BODIES: Callable[[str], markdown.Prepared | None] | None = None


def eager(kind: str, compute: Callable[[str], Any]) -> None:
    """Compute this fact for every document as it is read (see incremental.parse_file)."""
    EAGER[kind] = compute


def analyse(doc: Document) -> markdown.Prepared:
    """Parse the body once: every eager fact (memoised: see `eager_keys`) and the prepared
    body."""
    global _last
    with reads.paused():
        body = doc.body
    with directives.remembering():  # the facts and prepare() search the same texts
        parsed = tokens(body)
        for kind, compute in EAGER.items():
            memo(kind, doc, compute)
        _last = None  # prepare() rewrites the tokens: no fact may see them after
        return markdown.prepare(parsed)


def eager_keys(doc: Document) -> list[str]:
    return [key(kind, doc) for kind in EAGER]


def prepared(doc: Document) -> markdown.Prepared:
    """The body rendered without the site, to be finished for one page (markdown.finish).
    What is being made now depends on this body (reads.py)."""
    reads.note(doc)
    found = BODIES(doc.digest) if BODIES is not None else None
    if found is None:  # not in the cache (a build without one, or a check)
        with reads.paused():
            found = markdown.prepare(markdown.parse(doc.body))
    return found


def tokens(body: str) -> list[Token]:
    """The body's Markdown tokens, shared by the fact functions: never modify them."""
    global _last
    if _last is None or _last[0] is not body:
        _last = (body, markdown.parse(body))
    return _last[1]


def _items(body: str) -> tuple[Item, ...]:
    if "[" not in body and "<" not in body:
        return NO_ITEMS
    found: list[Item] = []
    for block in tokens(body):
        if block.type != "inline" or not block.children:
            continue
        line = block.map[0] if block.map else 0
        for child in block.children:
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "link_open":
                found.append(Item("link", line, str(child.attrs.get("href", ""))))
            elif child.type == "image":
                found.append(Item("image", line, str(child.attrs.get("src", "")),
                                  child.content))
    return tuple(found)


def _ids(body: str) -> tuple[str, ...]:
    ids: set[str] = set()
    for token in tokens(body):
        for item in (token, *(token.children or ())):
            value = item.attrs.get("id")
            if value:
                ids.add(str(value))
    return tuple(sorted(ids))


def source_digest(doc: Document, kind: str) -> str:
    """stamps.source_digest, once per file version: what makes a translation stale. What is
    being made now depends on the original's body (reads.py)."""
    reads.note(doc)
    return memo(source_digest_kind(kind), doc, lambda _body: stamps.source_digest(doc, kind))


def source_digest_kind(kind: str) -> str:
    return f"source-digest:{kind}"


def items(doc: Document) -> tuple[Item, ...]:
    """Every link and image in the document's body."""
    return memo("items", doc, _items)


def ids(doc: Document) -> frozenset[str]:
    """The ids the rendered body carries: heading anchors and `{#id}` attributes."""
    return frozenset(memo("ids", doc, _ids))


def _problems(body: str) -> tuple[tuple[int, Text], ...]:
    return tuple(markdown.problems(tokens(body)))


def markdown_problems(doc: Document) -> tuple[tuple[int, Text], ...]:
    """What the body's Markdown would lose or break, as (0-based body line, message)."""
    return memo("problems", doc, _problems)


eager("items", _items)
eager("ids", _ids)
eager("problems", _problems)
