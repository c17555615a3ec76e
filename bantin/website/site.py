"""The Site: every published page, resolved (URL, language, translations) and indexed.

Cross-page facts are computed here once, never by re-reading files.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from ..core.diagnostics import Diagnostics
from ..core.messages import msg
from ..directive.registry import Registry, build_registry
from ..model.aliases import Moved, load_moved
from ..model.authors import Author, load_authors
from ..model.config import Config
from ..model.document import INHERITED, Document, FrontMatter, inherit, kind_name, missing_required
from ..model.facts import Facts
from ..model.options import BuildOptions
from ..model.page import Page
from .outputs import url_of


@dataclass(frozen=True, slots=True)
class Alternate:
    """One `<link rel="alternate" hreflang>` (and sitemap `xhtml:link`) entry."""

    hreflang: str  # a BCP 47 tag from the language's locale, or "x-default"
    url: str  # site-relative, starts and ends with "/"


def publication_status(meta: FrontMatter, options: BuildOptions) -> str | None:
    """Why a page stays out of this build, or None when it is published."""
    if meta.internal:
        return "internal"
    if meta.draft and not options.drafts:
        return "draft"
    if meta.date and meta.date > options.now and not options.future:
        return "scheduled"
    if meta.expires and meta.expires <= options.now:
        return "expired"
    return None


@dataclass
class Site:
    config: Config
    options: BuildOptions
    authors: dict[str, Author]
    pages: list[Page]  # published, in a stable order
    by_key: dict[tuple[str, str], dict[str, Page]] = field(default_factory=dict)
    withheld: list[tuple[Document, str]] = field(default_factory=list)  # (doc, why)
    directives: Registry = field(default_factory=Registry)
    moved: tuple[Moved, ...] = ()  # old addresses of listings (content/aliases.toml)

    def __post_init__(self) -> None:
        for page in self.pages:
            self.by_key.setdefault(page.key, {})[page.lang] = page

    def documents(self) -> list[Document]:
        """Every document of the build: the published pages' and the withheld ones."""
        return [page.doc for page in self.pages] + [doc for doc, _why in self.withheld]

    def translations(self, page: Page) -> dict[str, Page]:
        """The page in every language it exists in (itself included), in configured order."""
        found = self.by_key.get(page.key, {})
        return {code: found[code] for code in self.config.language_codes if code in found}

    def alternates(self, page: Page) -> list[Alternate]:
        """hreflang alternates of a translated page: every language it exists in, plus
        x-default (the default language's version). Empty for a page in one language only."""
        return self.language_alternates({code: p.url for code, p in
                                         self.translations(page).items()})

    def language_alternates(self, urls: dict[str, str],
                            x_default: str | None = None) -> list[Alternate]:
        """Alternates from one URL per language (homes, listings, pages), in configured order.

        x-default is `x_default`, else the default language's URL; nothing when fewer than two
        languages have a URL, since a page with no other version has no alternates."""
        present = [lang for lang in self.config.languages if lang.code in urls]
        if len(present) < 2:
            return []
        found = [Alternate(lang.hreflang, urls[lang.code]) for lang in present]
        default = x_default or urls.get(self.config.default_language)
        if default:
            found.append(Alternate("x-default", default))
        return found

    def original(self, page: Page) -> Page | None:
        """The default-language page a translation was made from (None for an original)."""
        if page.lang == self.config.default_language:
            return None
        return self.by_key.get(page.key, {}).get(self.config.default_language)

    def staleness(self, facts: Facts, documents: Iterable[Document] | None = None
                  ) -> dict[str, bool]:
        """For each translation (of these documents' pages; of all by default), by URL: is
        it stale, its original changed since it was stamped (or never stamped)? Not noted
        as a fact the Site is made from: a translation's page reads its original's body
        (Recorder.depends_on), so that page alone is made again when it changes."""
        default = self.config.default_language
        keys = self.by_key.keys() if documents is None else {d.source.key for d in documents}
        found: dict[str, bool] = {}
        for key in keys:
            pages = self.by_key.get(key, {})
            original = pages.get(default)
            for lang, page in pages.items():
                if original is not None and lang != default:
                    found[page.url] = page.doc.meta.source_digest != facts.source_digest(
                        original.doc, page.kind, noted=False)
        return found

    def listed(self, lang: str, kind: str | None = None,
               section: str | None = None) -> list[Page]:
        """What a list in `lang` shows: its pages and, when the language is configured with
        `untranslated = "label"`, the default-language pages not translated into it (their
        `lang` differs from `lang`: templates label them and link to the original)."""
        found = self.in_language(lang, kind, section)
        default = self.config.default_language
        if lang != default and self.config.language(lang).untranslated == "label":
            found += [p for p in self.in_language(default, kind, section)
                      if lang not in self.by_key[p.key]]
        return found

    def listed_articles(self, lang: str) -> list[Page]:
        """listed(lang, "article"), newest first."""
        return sorted(self.listed(lang, kind="article"), key=lambda p: (-_timestamp(p), p.url))

    def in_language(self, lang: str, kind: str | None = None,
                    section: str | None = None) -> list[Page]:
        return [p for p in self.pages if p.lang == lang
                and (kind is None or p.kind == kind)
                and (section is None or p.source.section == section)]

    def articles(self, lang: str) -> list[Page]:
        """Articles newest first; ties broken by URL so the order never varies."""
        found = self.in_language(lang, kind="article")
        return sorted(found, key=lambda p: (-_timestamp(p), p.url))

    def next_change(self) -> datetime | None:
        """When the next scheduled page goes live or the next published page expires."""
        times = [doc.meta.date for doc, why in self.withheld
                 if why == "scheduled" and doc.meta.date]
        times += [p.meta.expires for p in self.pages if p.meta.expires]
        upcoming = [t for t in times if t > self.options.now]
        return min(upcoming) if upcoming else None


def _timestamp(page: Page) -> float:
    return page.meta.date.timestamp() if page.meta.date else 0.0


def _has_errors(doc: Document) -> bool:
    return any(d.severity == "error" for d in doc.diagnostics)


def _check_references(doc: Document, authors: dict[str, Author] | None, config: Config,
                      diagnostics: Diagnostics) -> None:
    """The file's own author and category name known ones. An inherited value is checked, and
    reported, in the original's file; authors is None when authors.toml could not be read."""
    meta = doc.meta
    if ("author" in doc.lines and meta.author is not None and authors is not None
            and meta.author not in authors):
        diagnostics.error(doc.source.path, doc.line("author"),
                          msg("unknown author `%(author)s`; write an id from "
                              "content/authors.toml: %(known)s", author=meta.author,
                              known=", ".join(sorted(authors)) or msg("none")))
    if ("category" in doc.lines and meta.category is not None
            and meta.category not in config.categories):
        diagnostics.error(doc.source.path, doc.line("category"),
                          msg("unknown category `%(category)s`; expected one of: %(known)s",
                              category=meta.category, known=", ".join(config.categories)))


def collect(config: Config, documents: list[Document], options: BuildOptions,
            diagnostics: Diagnostics, facts: Facts) -> Site:
    """Resolve documents into pages: inherit from originals, check references, assign URLs."""
    authors, problems = load_authors(config.root, config.language_codes)
    diagnostics.extend(problems)
    unreadable = bool(problems) and not authors  # reported: every author would be unknown
    moved, moved_problems = load_moved(config.root)
    diagnostics.extend(moved_problems)
    groups: dict[tuple[str, str], dict[str, Document]] = defaultdict(dict)
    for doc in sorted(documents, key=lambda d: d.source.path):
        diagnostics.extend(list(doc.diagnostics))
        for line, message in facts.markdown_problems(doc):
            diagnostics.error(doc.source.path, doc.body_line + line + 1, message)
        group = groups[doc.source.key]
        if doc.source.lang in group:
            other = group[doc.source.lang]
            diagnostics.error(doc.source.path, 1, msg(
                "two files for one page in language `%(lang)s`: %(first)s and %(second)s; "
                "delete one of them, or rename it if it is another page", lang=doc.source.lang,
                first=other.source.path, second=doc.source.path))
            continue
        group[doc.source.lang] = doc

    pages: list[Page] = []
    withheld: list[tuple[Document, str]] = []
    default = config.default_language
    for key in sorted(groups):
        group = groups[key]
        section = config.sections[key[0]]
        original = group.get(default)
        for lang in config.language_codes:
            if lang not in group:
                continue
            doc = group[lang]
            if _has_errors(doc):  # its other problems are reported all the same
                _check_references(doc, authors if not unreadable else None, config,
                                  diagnostics)
                continue
            meta = doc.meta
            if original is not None and doc is not original:
                meta = inherit(meta, original.meta, section.kind)
            elif original is None:
                diagnostics.warning(doc.source.path, 1, msg(
                    "translation without an original: expected %(section)s/%(name)s.md in "
                    "`%(lang)s`; name the translation after its original's file",
                    section=section.id, name=key[1], lang=default))
            if meta.image is not None and not meta.image.src:  # nothing to take it from
                if original is None or not _has_errors(original):
                    diagnostics.error(doc.source.path, doc.line("image"),
                                      msg("`image.src` is required: the original has no lead "
                                          "image for this translation to show"))
                continue
            missing = missing_required(meta, section.kind)
            if doc is not original and original is not None and _has_errors(original):
                # The original's own errors are reported in its file; what the translation
                # would inherit from it is not the translation's fault.
                reported = [n for n in missing if n not in INHERITED[section.kind]]
            else:
                reported = missing
            for name in reported:
                # A key written but left empty is reported at its own line.
                diagnostics.error(doc.source.path, doc.lines.get(name, 1),
                                  msg("missing required front-matter field `%(key)s` for "
                                      "%(kind)s in %(section)s/: write `%(key)s: …` in the "
                                      "front-matter", key=name,
                                      kind=kind_name(section.kind), section=section.id))
            _check_references(doc, authors if not unreadable else None, config, diagnostics)
            if missing:
                continue
            why = publication_status(meta, options)
            if why:
                withheld.append((doc, why))
                continue
            slug = meta.slug or key[1]
            url = url_of(f"/{lang}/{section.url[lang]}/{slug}/")  # the name may have spaces
            scheduled = bool(meta.date and meta.date > options.now)
            pages.append(Page(doc, section.kind, lang, meta, slug, url, scheduled))

    claimed: dict[str, Page] = {}
    for page in pages:
        if page.url in claimed:
            first = claimed[page.url]
            message = msg("two pages claim the URL %(url)s: %(first)s and %(second)s; give one "
                          "of them another `slug:`", url=page.url, first=first.source.path,
                          second=page.source.path)
            diagnostics.error(first.source.path, first.doc.line("slug"), message)
            diagnostics.error(page.source.path, page.doc.line("slug"), message)
        else:
            claimed[page.url] = page
    pages.sort(key=lambda p: (p.lang, p.url))
    registry = build_registry(config, groups, pages, diagnostics, facts)
    return Site(config, options, authors, pages, withheld=withheld, directives=registry,
                moved=moved)


def discover(files: Iterable[str]) -> list[str]:
    """The Markdown files under content/ among the site's input files (freshness.scan),
    sorted: links refused by the scan are not among them."""
    return sorted(p for p in files if p.startswith("content/") and p.endswith(".md"))
