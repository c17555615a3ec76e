"""The directive registry: content/van-ban/ keyed by canonical number, and who cites what.

Built once on the Site from every directive file (published or not, so that a draft
directive does not make the articles citing it fail), then related to the published
pages: front-matter `directives:`/`implements:` and mentions in the body.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

from ..core.diagnostics import Diagnostics
from ..core.messages import Text, msg
from ..model import markdown
from ..model.config import Config
from ..model.directives import DirectiveNumber, Kind, kind_named, parse_number
from ..model.document import Document, FrontMatter
from ..model.facts import Facts
from ..model.page import Page
from ..model.reads import Recorder


@dataclass(eq=False)
class Directive:
    number: DirectiveNumber
    key: tuple[str, str]  # the page key: (section, name)
    path: str  # the file that registers it (the default-language one when there is one)
    meta: FrontMatter
    implements: tuple[str, ...] = ()  # canonical numbers, registered ones only
    pages: dict[str, Page] = field(default_factory=dict)  # published pages by language

    @property
    def text(self) -> str:
        return self.number.text

    @property
    def kind(self) -> Kind:
        return kind_named(self.meta.kind) if self.meta.kind else self.number.kind

    @property
    def published(self) -> bool:
        return bool(self.pages)


@dataclass(frozen=True, slots=True)
class Node:
    """A directive in the "implemented by" tree below another."""

    directive: Directive
    children: tuple[Node, ...]


@dataclass
class Registry:
    config: Config | None = None
    by_number: dict[str, Directive] = field(default_factory=dict)
    by_key: dict[tuple[str, str], Directive] = field(default_factory=dict)  # by page key
    children: dict[str, list[str]] = field(default_factory=dict)
    cited: dict[Page, tuple[str, ...]] = field(default_factory=dict)  # page -> numbers
    citing: dict[str, list[Page]] = field(default_factory=dict)  # number -> pages citing it

    def get(self, number: str | DirectiveNumber) -> Directive | None:
        text = number.text if isinstance(number, DirectiveNumber) else number
        found = self.by_number.get(text)
        if found is None and isinstance(number, str):
            parsed = parse_number(number)
            found = self.by_number.get(parsed.text) if parsed else None
        return found

    def __iter__(self) -> Iterator[Directive]:
        return iter(sorted(self.by_number.values(), key=lambda d: (_day(d), d.text)))

    def __len__(self) -> int:
        return len(self.by_number)

    def page_for(self, directive: Directive, lang: str) -> Page | None:
        """The directive's page in `lang`, else in the default language, else any."""
        if lang in directive.pages:
            return directive.pages[lang]
        default = self.config.default_language if self.config else ""
        if default in directive.pages:
            return directive.pages[default]
        return next(iter(directive.pages.values()), None)

    def meta_in(self, directive: Directive, lang: str) -> FrontMatter:
        page = self.page_for(directive, lang)
        return page.meta if page is not None else directive.meta

    def parents(self, directive: Directive) -> list[Directive]:
        return [self.by_number[n] for n in directive.implements if n in self.by_number]

    def chains(self, directive: Directive, limit: int = 12) -> list[list[Directive]]:
        """Every path from a top document down to this one's parent (top first)."""
        paths: list[list[Directive]] = []

        def walk(current: Directive, below: list[Directive]) -> None:
            parents = [p for p in self.parents(current) if p not in below and p is not directive]
            if not parents:
                if below:
                    paths.append(list(reversed(below)))
                return
            for parent in parents:
                if len(paths) < limit:
                    walk(parent, [*below, parent])

        walk(directive, [])
        return paths

    def descendants(self, directive: Directive, limit: int = 200) -> tuple[Node, ...]:
        """What carries this directive out, and what carries those out, as a tree
        (at most `limit` entries, so that a web of plans cannot blow a page up)."""
        budget = [limit]

        def below(number: str, seen: frozenset[str]) -> tuple[Node, ...]:
            nodes = []
            for child in sorted(self.children.get(number, ()),
                                key=lambda n: (_day(self.by_number[n]), n)):
                if child not in seen and budget[0] > 0:
                    budget[0] -= 1
                    nodes.append(Node(self.by_number[child], below(child, seen | {child})))
            return tuple(nodes)

        return below(directive.text, frozenset({directive.text}))

    def related_pages(self, directive: Directive, lang: str) -> list[Page]:
        """Articles and pages in `lang` that cite the directive, newest first."""
        pages = [p for p in self.citing.get(directive.text, ()) if p.lang == lang]
        return sorted(pages, key=lambda p: (-(p.meta.date.timestamp() if p.meta.date else 0),
                                            p.url))

    def related_documents(self, page: Page) -> list[Directive]:
        """Published directives a page cites in front-matter or text, in that order."""
        found = [self.by_number[n] for n in self.cited.get(page, ())]
        return [d for d in found if d.published and d.key != page.key]


def _day(directive: Directive) -> str:
    return directive.meta.date.date().isoformat() if directive.meta.date else ""


def _unregistered(name: str, number: str, registered: Iterable[str]) -> Text:
    close = difflib.get_close_matches(number, list(registered), n=1, cutoff=0.5)
    if close:
        return msg("`%(field)s` names %(number)s, which is not a registered directive; did you "
                   "mean %(close)s?", field=name, number=number, close=close[0])
    return msg("`%(field)s` names %(number)s, which is not a registered directive; register "
               "it with a file in content/van-ban/ whose `number:` is %(number)s, or correct "
               "the number", field=name, number=number)


def canonical_or_none(text: str | None) -> str | None:
    parsed = parse_number(text) if text else None
    return parsed.text if parsed else None


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def build_registry(config: Config, groups: dict[tuple[str, str], dict[str, Document]],
                   pages: list[Page], diagnostics: Diagnostics, facts: Facts) -> Registry:
    registry = Registry(config)
    default = config.default_language
    directive_sections = {s for s, sec in config.sections.items() if sec.kind == "directive"}

    # 1. Register every directive file's number; a number has one file.
    owners: dict[str, Document] = {}
    for key in sorted(groups):
        if key[0] not in directive_sections:
            continue
        group = groups[key]
        original = group.get(default) or group[sorted(group)[0]]
        number: DirectiveNumber | None = None
        for doc in [original, *(d for d in group.values() if d is not original)]:
            if doc.meta.number is None:
                continue
            parsed = parse_number(doc.meta.number)
            line = doc.line("number")
            if parsed is None:
                diagnostics.error(doc.source.path, line, msg(
                    "`number` %(value)s is not a directive number such as 57-KL/TW, 06-HD/ĐUK "
                    "or 362/QĐ-TTg", value=repr(doc.meta.number)))
            elif doc is original:
                number = parsed
            elif number is not None and parsed.text != number.text:
                diagnostics.error(doc.source.path, line, msg(
                    "`number` %(number)s differs from the original's %(original_number)s in "
                    "%(original)s; a translation may leave `number` out",
                    number=parsed.text, original_number=number.text,
                    original=original.source.path))
        if number is None:
            continue
        if number.text in owners:
            first = owners[number.text]
            message = msg("directive %(number)s is registered twice: %(first)s and %(second)s; "
                          "one number, one file: delete one of them or correct its `number`",
                          number=number.text, first=first.source.path,
                          second=original.source.path)
            diagnostics.error(first.source.path, first.line("number"), message)
            diagnostics.error(original.source.path, original.line("number"), message)
            continue
        owners[number.text] = original
        registry.by_number[number.text] = registry.by_key[key] = Directive(
            number, key, original.source.path, original.meta)

    # 2. Check every number that front-matter names, where it is written.
    registered = sorted(registry.by_number)
    named: dict[int, tuple[str, ...]] = {}
    for key in sorted(groups):
        for doc in groups[key].values():
            for name in ("directives", "implements"):
                values = getattr(doc.meta, name)
                if not values or name not in doc.lines:
                    continue
                good = []
                for value in values:
                    parsed = parse_number(value)
                    if parsed is None:
                        diagnostics.error(doc.source.path, doc.line(name), msg(
                            "`%(field)s` item %(value)s is not a directive number such as "
                            "57-KL/TW, 06-HD/ĐUK or 362/QĐ-TTg", field=name, value=repr(value)))
                    elif parsed.text not in registry.by_number:
                        diagnostics.error(doc.source.path, doc.line(name), _unregistered(
                            name, parsed.text, [n for n in registered
                                                if n != canonical_or_none(doc.meta.number)]))
                    else:
                        good.append(parsed.text)
                named[id(doc)] = _unique(good)

    # 3. Implementation links, checked for loops.
    for directive in registry.by_number.values():
        group = groups[directive.key]
        original = group.get(default) or group[sorted(group)[0]]
        parents = [n for n in named.get(id(original), ()) if n != directive.text]
        if directive.meta.implements and directive.text in {
                p.text for p in map(parse_number, directive.meta.implements) if p}:
            diagnostics.error(directive.path, original.line("implements"),
                              msg("`implements` names the document itself (%(number)s); "
                                  "remove it from the list", number=directive.text))
        directive.implements = tuple(parents)
        for parent in parents:
            registry.children.setdefault(parent, []).append(directive.text)
    for loop in _loops(registry):
        directive = registry.by_number[loop[0]]
        group = groups[directive.key]
        original = group.get(default) or group[sorted(group)[0]]
        diagnostics.error(directive.path, original.line("implements"),
                          msg("`implements` goes round in a loop: %(loop)s; remove the link "
                              "that is wrong from one of these documents",
                              loop=" → ".join([*loop, loop[0]])))

    # 4. Published pages: which directive pages exist, who cites what. Pages carry the
    # canonical numbers from here on, so listings and feeds compare like with like.
    for page in pages:
        if page.kind == "directive":
            own_directive = registry.by_key.get(page.key)
            if own_directive is not None:
                own_directive.pages[page.lang] = page
                canonical = (own_directive.text, own_directive.implements or None)
                if (page.meta.number, page.meta.implements) != canonical:
                    page.meta = replace(page.meta, number=canonical[0], implements=canonical[1])
            continue
        own = page.doc if id(page.doc) in named else None
        front = named.get(id(own)) if own else None
        if front is None:  # a translation inherits its original's `directives:`
            translated = groups.get(page.key, {}).get(default)
            front = named.get(id(translated), ()) if translated else ()
        if page.meta.directives is not None and page.meta.directives != front:
            page.meta = replace(page.meta, directives=front)
        mentioned = [n for n in facts.mentions(page.doc)
                     if n in registry.by_number]
        cited = _unique([*front, *mentioned])
        registry.cited[page] = cited
        for cited_number in cited:
            registry.citing.setdefault(cited_number, []).append(page)
    return registry


def _loops(registry: Registry) -> list[list[str]]:
    """Each loop of `implements` links once, starting at its smallest number."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    loops: list[list[str]] = []

    def visit(number: str, path: list[str]) -> None:
        state[number] = 1
        path.append(number)
        for parent in registry.by_number[number].implements:
            if state.get(parent) == 1:
                loop = path[path.index(parent):]
                first = loop.index(min(loop))
                loops.append(loop[first:] + loop[:first])
            elif parent not in state:
                visit(parent, path)
        path.pop()
        state[number] = 2

    for number in sorted(registry.by_number):
        if number not in state:
            visit(number, [])
    return loops


def mention_filler(registry: Registry, page: Page, seen: Recorder
                   ) -> Callable[[str], tuple[str, str] | None]:
    """Where the first mention of each directive number in a body goes (markdown.finish):
    the directive's page, in the reader's language where it has one; None for a number no
    published file registers, or the page's own number."""
    linked: set[str] = set()

    def fill(number: str) -> tuple[str, str] | None:
        directive = registry.get(number)
        if directive is None or directive.text in linked or directive.key == page.key:
            return None
        target = registry.page_for(directive, page.lang)
        if target is None:
            return None
        linked.add(directive.text)
        meta = registry.meta_in(directive, page.lang)
        seen.show(meta)  # its title is the link's
        title = f"{directive.kind.name(page.lang)}: {meta.title or ''}"
        extra = f' class="directive-link" title="{markdown.escape_attribute(title)}"'
        if target.lang != page.lang:
            extra += f' hreflang="{target.lang}"'
        return target.url, extra

    return fill
