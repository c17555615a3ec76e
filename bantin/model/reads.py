"""What an output read while it was made: the bodies, layouts and shown fields it depends on.

Rendering is handed a `Recorder` by its caller, one per output, and notes in it what it
reads: the documents whose prepared bodies it used, the layouts it loaded (the page's own,
what it extends and includes: render.py's environment notes them), and the front-matters
whose shown fields (SHOWN_FIELDS: title, summary, translation stamp) it read. The
incremental build keys each output by what it read, so a body edit re-makes the outputs
that read that body, a title edit those that show that title (the page, listings,
neighbours, related articles, …), a layout edit those that use it, and nothing else.

What the plan itself reads (a feed named after a directive's title, …) is recorded the same
way, in a recorder of its own, and counts for every output. The Site's own indexes never
read shown fields.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from .document import Document, FrontMatter
from .markdown import Prepared

SHOWN_FIELDS = ("title", "summary", "source_digest")
EVERYTHING = "#shown"  # the name of every shown field at once


def shown_digest(meta: FrontMatter) -> str:
    values = [getattr(meta, name) for name in SHOWN_FIELDS]
    return hashlib.blake2b(repr(values).encode(), digest_size=8).hexdigest()


@dataclass(frozen=True, slots=True)
class Watched:
    """How one build names and dates what its outputs read.

    `shown`: id(front-matter) -> (name, digest of its shown fields), for every page's and
    document's front-matter of the Site; `everything`: the name and digest standing for any
    front-matter it does not name (any title may change what read it). `layouts`: the
    digest of each file under layouts/."""

    shown: Mapping[int, tuple[str, str]]
    everything: tuple[str, str]
    layouts: Mapping[str, str]
    # layout name -> its read, one tuple per layout per build however many outputs note it
    noted: dict[str, tuple[str, str]] = field(default_factory=dict, init=False,
                                              compare=False)

    def layout(self, name: str) -> tuple[str, str]:
        found = self.noted.get(name)
        if found is None:
            relative = f"layouts/{name}"
            found = self.noted[name] = (relative, self.layouts.get(relative, ""))
        return found

    def current(self) -> dict[str, str]:
        """The digest of each name a recorded read may carry, as of this build."""
        return ({name: digest for name, digest in self.shown.values()}
                | {self.everything[0]: self.everything[1]} | dict(self.layouts))

    def unnamed(self) -> Watched:
        """The same without its names, which are of objects of this process: what a saved
        state keeps (any shown field read then counts as every one: `everything`)."""
        return replace(self, shown={}, layouts={})


def watch(named: Iterable[tuple[FrontMatter, str]], layouts: Mapping[str, str]) -> Watched:
    """Watched of the Site's front-matters, each with its name, and of these layouts."""
    shown: dict[int, tuple[str, str]] = {}
    for meta, name in named:
        shown[id(meta)] = (name, shown_digest(meta))
    everything = hashlib.blake2b(repr(sorted(shown.values())).encode(),
                                 digest_size=16).hexdigest()
    return Watched(shown, (EVERYTHING, everything), layouts)


@dataclass(slots=True)
class Recorder:
    """What one output (or the plan) read, as (name, digest) pairs the build compares;
    `given`: the prepared bodies its caller looked up for it, by document digest (the
    documents its Output `needs`), which it reads through `body`."""

    watched: Watched
    given: Mapping[str, Prepared] = field(default_factory=dict)
    bodies: set[tuple[str, str]] = field(default_factory=set)  # (content file, its digest)
    layouts: set[tuple[str, str]] = field(default_factory=set)  # ("layouts/x.html", digest)
    shown: set[tuple[str, str]] = field(default_factory=set)  # (front-matter name, digest)

    def body(self, doc: Document) -> Prepared:
        """The document's body rendered without the site; what is made depends on it."""
        self.bodies.add((doc.source.path, doc.digest))
        return self.given[doc.digest]

    def depends_on(self, doc: Document) -> None:
        """What is made depends on the document's body, though it does not show it (a
        translation's stale notice depends on its original's)."""
        self.bodies.add((doc.source.path, doc.digest))

    def layout(self, name: str) -> None:
        self.layouts.add(self.watched.layout(name))

    def show(self, meta: FrontMatter) -> None:
        """The shown fields of this front-matter were read."""
        self.shown.add(self.watched.shown.get(id(meta)) or self.watched.everything)

    def add(self, other: Recorder) -> None:
        """What `other` recorded was read here too (a fragment rendered once, shown again)."""
        self.bodies |= other.bodies
        self.layouts |= other.layouts
        self.shown |= other.shown

    def reads(self) -> tuple[tuple[str, str], ...]:
        return tuple(sorted(self.bodies | self.layouts | self.shown))
