"""What an import is going to write, whatever the old site ran: the items and their files,
new authors and categories, the old addresses no page stands for, and the counts of the
summary. Each source (NukeViet, WordPress, a feed) fills one in; commands/import_run.py
writes it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..core.messages import msg
from ..core.text import slugify
from ..model.aliases import alias_key
from ..model.bylines import bylines
from ..model.config import Config
from ..website.feed_list import FEED_NAME
from .import_files import Staging, toml_string
from .import_write import (
    Item,
    Links,
    Media,
    Warnings,
    author_file,
    compose,
    convert,
    plain,
    put,
)

EDITORS = ("ban-bien-tap", "Ban Biên tập")


@dataclass
class Plan:
    config: Config
    staging: Staging
    authors: set[str]
    articles: dict[str, Item] = field(default_factory=dict)  # awaiting their bodies
    titles: dict[str, str] = field(default_factory=dict)
    pending: list[tuple[Item, str, str]] = field(default_factory=list)  # body in hand
    others: dict[str, bytes] = field(default_factory=dict)
    categories: dict[str, dict[str, str]] = field(default_factory=dict)
    not_kept: dict[str, str] = field(default_factory=dict)
    # old addresses of lists -> the site's address (content/aliases.toml)
    moved: dict[str, str] = field(default_factory=dict)
    moved_written: int = 0  # of those, the ones content/aliases.toml holds (aliases_file)
    counts: Counter[str] = field(default_factory=Counter)

    def all_items(self) -> list[Item]:
        return [*self.articles.values(), *(item for item, _body, _alt in self.pending)]

    def links(self) -> Links:
        """Every old address of an item -> its file, for the links of the bodies."""
        return Links({alias_key(a): item.path for item in self.all_items() for a in item.aliases})

    def list_url(self, lang: str, kind: str, key: str = "") -> str:
        """The site's address of a list: `kind` "category" or "tag" with its key, "feed"
        (the language's feed), or a section kind ("article", "page", "directive")."""
        if kind == "feed":
            return f"/{lang}/{FEED_NAME}"
        if kind in ("category", "tag"):
            return f"/{lang}/{getattr(self.config.listings, kind)[lang]}/{key}/"
        return f"/{lang}/{self.config.sections[self.folder(kind)].url[lang]}/"

    def aliases_file(self) -> bytes | None:
        """content/aliases.toml: the old addresses of lists (`moved`) no item claims as its
        own alias, each leading to the site's list; None when there is none."""
        owned = {alias_key(a) for item in self.all_items() for a in item.aliases}
        owned |= {alias_key(url) for url in self.own_lists()}  # the same address here
        lines = [f"{toml_string(old)} = {toml_string(target)}"
                 for old, target in sorted(self.moved.items()) if alias_key(old) not in owned]
        self.moved_written = len(lines)
        if not lines:
            return None
        return ("# Old addresses of the lists of the site this one replaces (categories, tags,\n"
                "# feeds), written by `build.py import`: each answers with a redirect to the\n"
                "# site's address on its right (docs/front-matter.md).\n"
                + "\n".join(lines) + "\n").encode("utf-8")

    def own_lists(self) -> list[str]:
        """This site's own addresses an old one may coincide with (a portal's module
        `/vi/tin-tuc/` is this site's section): each language's home and sections."""
        config = self.config
        return [f"/{lang}/" for lang in config.language_codes] + [
            f"/{lang}/{section.url[lang]}/" for section in config.sections.values()
            for lang in config.language_codes]

    def folder(self, kind: str) -> str:
        return next(s.id for s in self.config.sections.values() if s.kind == kind)

    def place(self, kind: str, lang: str, key: str, name: str, number: int | str) -> str:
        folder = self.folder(kind)
        suffix = "" if lang == self.config.default_language else f".{lang}"
        wanted = f"content/{folder}/{name}{suffix}.md"
        original = f"content/{folder}/{name}.md"
        if suffix and (original in self.staging.claimed
                       or (self.config.root / original).exists()):
            wanted = ""  # not a translation of an unrelated page of the same name
        return self.staging.place(key, wanted, f"content/{folder}/{name}-{number}{suffix}.md")

    def finish_items(self, media: Media, links: Links, warnings: Warnings) -> None:
        for item, body, alt in self.pending:
            text = convert(body, item, media, links, warnings, alt)
            put(self.staging, warnings, item.line, item.path, compose(item, item.prefix + text))
        self.pending.clear()

    def author(self, text: str, lang: str, item: Item, warnings: Warnings) -> str:
        """The author of a free-text byline (the first person it names), added when new."""
        people = bylines(plain(text))
        if len(people) > 1:
            warnings.add("byline", item.line, item.path, msg(
                "the byline names %(count)s people; the article's author is the first, "
                "%(name)s (the others: %(others)s)", count=len(people), name=people[0].name,
                others=", ".join(p.name for p in people[1:])))
        if not people:
            return self.add_author("", "", lang)
        return self.add_author(people[0].name, people[0].role, lang)

    def add_author(self, name: str, role: str, lang: str) -> str:
        """The id of the author of that name (the editors without one); its file is
        written when the id is new, an existing one used as it is."""
        author_id = slugify(name) if name else ""
        if not author_id:
            author_id, name, role = EDITORS[0], EDITORS[1], ""
        if author_id not in self.authors:
            self.authors.add(author_id)
            self.others[f"content/authors/{author_id}.toml"] = author_file(name, role, lang)
            self.counts["author"] += 1
        return author_id

    def add_category(self, candidate: str, lang: str, name: str) -> str:
        """A category of config.toml, new ones given their name in `lang`."""
        if candidate not in self.config.categories:
            self.categories.setdefault(candidate, {})[lang] = name
        return candidate


def settle_aliases(plan: Plan, warnings: Warnings) -> None:
    """Two pages never share an alias, nor an alias a page's own URL: such an address is
    dropped from both, and listed as not kept."""
    config = plan.config
    urls = set()
    for path in [*plan.staging.claimed, *(str(p.relative_to(config.root)) for p in
                                          (config.root / "content").glob("*/*.md"))]:
        parts = path.split("/")
        if len(parts) != 3 or parts[1] not in config.sections:
            continue
        stem = parts[2].removesuffix(".md")
        name, _dot, lang = stem.rpartition(".") if "." in stem else (stem, "", "")
        lang = lang or config.default_language
        section_url = config.sections[parts[1]].url.get(lang, parts[1])
        urls.add(alias_key(f"/{lang}/{section_url}/{name}/"))
    owners: dict[str, list[Item]] = {}
    for item in plan.all_items():
        for alias in item.aliases:
            owners.setdefault(alias_key(alias), []).append(item)
    for key, items in owners.items():
        if len(items) > 1 or key in urls:
            for item in items:
                item.aliases = [a for a in item.aliases if alias_key(a) != key]
            plan.not_kept[key] = "collision"
            warnings.add("alias", items[0].line, items[0].path, msg(
                "the old address %(alias)s is claimed by %(count)s pages, or is a page's own "
                "address: not kept", alias=key, count=len(items)))
    for address in list(plan.not_kept):  # an item's own alias is kept, whatever else
        if alias_key(address) in owners and plan.not_kept[address] != "collision":
            del plan.not_kept[address]
