"""A document as Bantin holds it: its source file, its typed front-matter, its body, and
which fields each kind of page allows, requires and takes from its original."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from ..core.diagnostics import Diagnostic
from ..core.messages import Text, msg
from ..core.text import normalize_source

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

T = TypeVar("T", bound="DataclassInstance")


def quick_pickle(cls: type[T]) -> type[T]:
    """Unpickle a frozen slots dataclass without `dataclasses.fields()` per object: the
    incremental cache restores some 30,000 of them on every build of a large site."""
    names = tuple(f.name for f in fields(cls))
    slots = tuple(cls.__dict__[name] for name in names)  # the member descriptors

    def __getstate__(self: Any) -> tuple[Any, ...]:
        return tuple([slot.__get__(self) for slot in slots])

    # One statement per field, no loop: tens of thousands of objects are restored at once.
    lines = [f"    s{i}(self, state[{i}])" for i in range(len(names))]
    code = "def __setstate__(self, state):\n" + "\n".join(lines) + "\n"
    scope = {f"s{i}": slot.__set__ for i, slot in enumerate(slots)}
    exec(code, scope)  # noqa: S102 - made from the field names above, nothing else

    # Replacing the methods on the class is the point: mypy checks assignments to methods
    # against object's own __getstate__, and knows no __setstate__ on an arbitrary class.
    cls.__getstate__ = __getstate__  # type: ignore[method-assign]
    cls.__setstate__ = scope["__setstate__"]  # type: ignore[attr-defined]
    return cls


@quick_pickle
@dataclass(frozen=True, slots=True)
class Source:
    path: str  # relative to the site root, forward slashes
    section: str  # the content folder, e.g. "tin-tuc"
    name: str  # file name without language and extension: the translation key
    lang: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.section, self.name)


@quick_pickle
@dataclass(frozen=True, slots=True)
class Rating:
    points: int
    votes: int

    @property
    def average(self) -> float:
        return self.points / self.votes


@quick_pickle
@dataclass(frozen=True, slots=True)
class Image:
    src: str
    alt: str
    caption: str = ""


@quick_pickle
@dataclass(frozen=True, slots=True)
class Signer:
    on_behalf: str = ""
    title: str = ""
    name: str = ""


@quick_pickle
@dataclass(frozen=True, slots=True)
class FrontMatter:
    """Every front-matter field of every section kind; None where the file leaves it out."""

    title: str | None = None
    slug: str | None = None
    summary: str | None = None
    date: datetime | None = None
    updated: datetime | None = None
    expires: datetime | None = None
    author: str | None = None
    category: str | None = None
    tags: tuple[str, ...] | None = None
    directives: tuple[str, ...] | None = None
    rating: Rating | None = None
    image: Image | None = None
    draft: bool | None = None
    internal: bool | None = None
    # directives (van-ban/)
    number: str | None = None
    issuer: str | None = None
    kind: str | None = None
    implements: tuple[str, ...] | None = None
    issuer_parent: str | None = None
    place: str | None = None
    signer: Signer | None = None
    recipients: tuple[str, ...] | None = None
    source: str | None = None
    # translations
    source_digest: str | None = None
    # old addresses that redirect here (an imported portal's URLs, a renamed slug)
    aliases: tuple[str, ...] | None = None


class BodyChanged(Exception):
    """A file changed between reading its front-matter and reading its body."""


@quick_pickle
@dataclass(frozen=True, slots=True)
class OnDisk:
    """A body left in its file: the text of `path` after `offset` characters, once
    normalised. The incremental cache keeps documents so, and a build made from it reads a
    body only to compute a fact the cache lacks (pages are made from prepared bodies)."""

    path: str
    offset: int
    digest: str  # of the whole file, as when the document was read

    def load(self) -> str:
        with open(self.path, "rb") as handle:
            raw = handle.read()
        if hashlib.sha256(raw).hexdigest() != self.digest:
            raise BodyChanged(self.path)
        return normalize_source(raw)[self.offset:]


@quick_pickle
@dataclass(frozen=True, slots=True)
class Document:
    source: Source
    meta: FrontMatter
    lines: dict[str, int]  # front-matter key (dotted for nested) -> line in the file
    body: str | OnDisk  # the text, or where it is (see `text`)
    body_line: int  # lines before the body: body line i (0-based) is file line body_line + i + 1
    digest: str
    diagnostics: tuple[Diagnostic, ...] = field(default=())

    def line(self, key: str) -> int:
        return self.lines.get(key) or self.lines.get(key.split(".")[0], 1)

    def text(self) -> str:
        """The body's text, read from its file when it was left there."""
        return self.body if isinstance(self.body, str) else self.body.load()


COMMON = {"title", "slug", "summary", "draft", "internal", "expires", "updated", "source_digest",
          "aliases"}
ALLOWED: dict[str, set[str]] = {
    "article": COMMON | {"date", "author", "category", "tags", "directives", "rating", "image"},
    "page": COMMON | {"date", "image", "directives", "tags"},
    "directive": COMMON | {"number", "issuer", "date", "kind", "implements", "issuer_parent",
                            "place", "signer", "recipients", "source"},
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "article": ("title", "date", "author", "category"),
    "page": ("title",),
    "directive": ("number", "title", "issuer", "date"),
}
# Fields a translation may leave out, taken from the default-language page.
INHERITED: dict[str, tuple[str, ...]] = {
    "article": ("date", "updated", "author", "category", "directives", "rating", "image"),
    "page": ("date", "updated", "image", "directives"),
    "directive": ("number", "date", "kind", "implements", "issuer", "issuer_parent", "place",
                  "signer", "recipients", "source"),
}

def kind_name(kind: str) -> Text:
    """"an article", "a page", "a directive": a section kind as messages name it."""
    return {"article": msg("an article"), "page": msg("a page")}.get(kind, msg("a directive"))


def missing_required(meta: FrontMatter, kind: str) -> list[str]:
    return [name for name in REQUIRED[kind] if getattr(meta, name) is None]


def inherit(translation: FrontMatter, original: FrontMatter, kind: str) -> FrontMatter:
    """A translation's fields, with what it leaves out taken from the original."""
    updates: dict[str, Any] = {}
    for name in INHERITED[kind]:
        if getattr(translation, name) is None and getattr(original, name) is not None:
            updates[name] = getattr(original, name)
    if translation.image is not None and original.image is not None:
        # A translation gives its own alt and caption; the picture is the original's.
        updates["image"] = replace(translation.image, src=original.image.src)
    # An unpublished original keeps its translations unpublished too.
    for flag in ("draft", "internal"):
        if getattr(original, flag):
            updates[flag] = True
    if original.expires and (translation.expires is None or original.expires < translation.expires):
        updates["expires"] = original.expires
    return replace(translation, **updates) if updates else translation
