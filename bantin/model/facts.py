"""What a build needs from a Markdown body, parsed once and kept by the document's digest.

A body is parsed once per version of its file, where the file is read (`Facts.analyse`, in
the parse workers of a cold build): the facts the checks and the Site need (each link and
image with its line, the element ids, the directive numbers mentioned) and the body
rendered without the site (`markdown.Prepared`), which pages are made from. The
incremental cache (bantin/cache.py) keeps both between builds, so an unchanged body is
never parsed again. A build owns one `Facts` and hands it to whatever looks facts up.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, TypeVar

from . import directives, markdown, stamps
from .document import Document

if TYPE_CHECKING:
    from markdown_it.token import Token

    from ..core.messages import Text


@dataclass(frozen=True, slots=True)
class Item:
    """A link (`src` is its href, `alt` empty) or an image in a body, at its 0-based line."""

    kind: str  # "link" | "image"
    line: int
    src: str
    alt: str = ""


NO_ITEMS: tuple[Item, ...] = ()


class Body:
    """One body's text, with what every fact of it shares: its Markdown tokens, parsed
    once (never modify them), and the directive numbers of each text searched once (the
    facts and `markdown.prepare` search the same texts)."""

    __slots__ = ("text", "_tokens", "_numbers")

    def __init__(self, text: str) -> None:
        self.text = text
        self._tokens: list[Token] | None = None
        self._numbers: dict[str, tuple[directives.Mention, ...]] = {}

    def tokens(self) -> list[Token]:
        if self._tokens is None:
            self._tokens = markdown.parse(self.text)
        return self._tokens

    def numbers_in(self, text: str) -> tuple[directives.Mention, ...]:
        found = self._numbers.get(text)
        if found is None:
            found = self._numbers[text] = directives.numbers_in(text)
        return found


def _items(body: Body) -> tuple[Item, ...]:
    if "[" not in body.text and "<" not in body.text:
        return NO_ITEMS
    found: list[Item] = []
    for block in body.tokens():
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


def _ids(body: Body) -> tuple[str, ...]:
    ids: set[str] = set()
    for token in body.tokens():
        for item in (token, *(token.children or ())):
            value = item.attrs.get("id")
            if value:
                ids.add(str(value))
    return tuple(sorted(ids))


def _problems(body: Body) -> tuple[tuple[int, Text], ...]:
    return tuple(markdown.problems(body.tokens()))


def _mentions(body: Body) -> tuple[str, ...]:
    """Every directive number mentioned in the body's text (code left out), canonical."""
    if not any(True for _ in directives.find_numbers(body.text)):
        return ()  # most bodies: no need to parse the Markdown
    found: list[str] = []
    for token in body.tokens():
        for child in token.children or ():
            if child.type == "text":
                found.extend(m.number.text for m in body.numbers_in(child.content))
    return tuple(found)


# Facts computed when a file is read (in the parse workers of a cold build), by kind.
EAGER: Final[dict[str, Callable[[Body], Any]]] = {
    "items": _items, "ids": _ids, "problems": _problems, "mentions": _mentions}

_Fact = TypeVar("_Fact")


Pair = tuple[Any, str]  # a fact's value and the digest of its pickle


@dataclass(slots=True)
class Facts:
    """The facts of one build: `store` (kind -> document digest -> (value, digest of the
    value)) filled from the cache and on demand, `new` the (kind, document digest) computed
    here and not yet in the cache, `used` (kind, path, value digest) of every fact looked
    up: what the Site was built from, besides front-matter (see incremental.site_digest).

    Kept by kind, then by the document's own digest string, and each pair once however
    many documents have it (most bodies have no links, ids, problems or mentions): the
    build keeps some five facts per document to its end, and a forked render worker copies
    whatever memory it touches."""

    store: dict[str, dict[str, Pair]] = field(default_factory=dict)
    new: set[tuple[str, str]] = field(default_factory=set)
    used: set[tuple[str, str, str]] = field(default_factory=set)
    pairs: dict[str, Pair] = field(default_factory=dict)  # value digest -> its one pair

    @classmethod
    def of_rows(cls, rows: Iterable[tuple[str, Pair]]) -> Facts:
        """The facts of the cache's table: (`cache_key`, pair) rows."""
        found = cls()
        for name, pair in rows:
            found.put(*from_cache_key(name), pair)
        return found

    def take_new(self) -> list[tuple[str, Pair]]:
        """The facts computed here, as rows for the cache's table; none are new after."""
        rows = [(cache_key(kind, digest), self.store[kind][digest]) for kind, digest in self.new]
        self.new.clear()
        return rows

    def get(self, kind: str, digest: str) -> Pair | None:
        """The fact `kind` of the file version `digest`, when known."""
        found = self.store.get(kind)
        return found.get(digest) if found is not None else None

    def put(self, kind: str, digest: str, pair: Pair) -> Pair:
        """Keep a known fact (from the cache or a record) unless one is kept already."""
        by_doc = self.store.get(kind)
        if by_doc is None:
            by_doc = self.store[kind] = {}
        return by_doc.setdefault(digest, self.pairs.setdefault(pair[1], pair))

    def memo(self, kind: str, doc: Document, compute: Callable[[Body], _Fact],
             body: Body | None = None, noted: bool = True) -> _Fact:
        """`compute(body)`, once per version of the document; the value must pickle.
        `noted`: kept in `used`, as what the Site is made from."""
        found = self.get(kind, doc.digest)
        if found is None:
            value = compute(body or Body(doc.text()))
            data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            found = self.put(kind, doc.digest,
                             (value, hashlib.blake2b(data, digest_size=16).hexdigest()))
            self.new.add((kind, doc.digest))
        if noted:
            self.used.add((kind, doc.source.path, found[1]))
        fact: _Fact = found[0]  # the store holds every kind: its key says what made it
        return fact

    def analyse(self, doc: Document) -> markdown.Prepared:
        """Parse the body once: every eager fact (memoised: see `eager_keys`) and the
        prepared body."""
        body = Body(doc.text())
        for kind, compute in EAGER.items():
            self.memo(kind, doc, compute, body)
        # after the facts: prepare() rewrites the tokens
        return markdown.prepare(body.tokens(), body.numbers_in)

    def source_digest(self, doc: Document, kind: str, noted: bool = True) -> str:
        """stamps.source_digest, once per file version: what makes a translation stale."""
        return self.memo(source_digest_kind(kind), doc,
                         lambda _body: stamps.source_digest(doc, kind), noted=noted)

    def items(self, doc: Document) -> tuple[Item, ...]:
        """Every link and image in the document's body."""
        return self.memo("items", doc, _items)

    def ids(self, doc: Document) -> frozenset[str]:
        """The ids the rendered body carries: heading anchors and `{#id}` attributes."""
        return frozenset(self.memo("ids", doc, _ids))

    def markdown_problems(self, doc: Document) -> tuple[tuple[int, Text], ...]:
        """What the body's Markdown would lose or break, as (0-based body line, message)."""
        return self.memo("problems", doc, _problems)

    def mentions(self, doc: Document) -> tuple[str, ...]:
        """Every directive number the body mentions, canonical."""
        return self.memo("mentions", doc, _mentions)


def cache_key(kind: str, digest: str) -> str:
    """A fact's name in the cache's table: its kind and its file version's digest."""
    return f"{kind}:{digest}"


def from_cache_key(name: str) -> tuple[str, str]:
    """(kind, digest) of a `cache_key` (a kind may hold a colon, a digest never does)."""
    kind, _colon, digest = name.rpartition(":")
    return kind, digest


def source_digest_kind(kind: str) -> str:
    return f"source-digest:{kind}"


def prepare(doc: Document) -> markdown.Prepared:
    """The body rendered without the site, from its text: for a document the cache has
    no prepared body of (a build without a cache, or a check)."""
    body = Body(doc.text())
    return markdown.prepare(body.tokens(), body.numbers_in)
