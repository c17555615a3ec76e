"""Which Atom feeds the site has: one per language, category and cited directive.

Apart from the writing of feeds (feeds.py) because navigation announces them on every
page, and the writer needs navigation for absolute URLs and the listings.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.page import Page
from ..model.reads import Recorder
from .listings import Listings
from .site import Site

FEED_NAME = "atom.xml"
FEED_SIZE = 20  # entries in a language or category feed


@dataclass(frozen=True, slots=True)
class Feed:
    url: str  # site-relative, ends in atom.xml
    lang: str
    title: str
    html_url: str  # the page the feed follows
    entries: tuple[Page, ...]


def feeds(site: Site, listings: Listings, planning: Recorder) -> list[Feed]:
    """The language feeds, one per category and one per directive with articles, in a
    stable order. `planning`: where the titles they are named after are noted read."""
    found = []
    for lang in site.config.language_codes:
        articles = [p for p in site.articles(lang) if not p.is_draft]
        title = site.config.language(lang).title
        if articles:
            found.append(Feed(f"/{lang}/{FEED_NAME}", lang, title, f"/{lang}/",
                              tuple(articles[:FEED_SIZE])))
        for term in listings.terms(lang, "category"):
            entries = tuple(p for p in term.articles
                            if p.lang == lang and not p.is_draft)[:FEED_SIZE]
            if entries:
                found.append(Feed(f"{term.url}{FEED_NAME}", lang, f"{term.name} – {title}",
                                  term.url, entries))
        found += directive_feeds(site, lang, title, planning)
    return found


def directive_feeds(site: Site, lang: str, title: str, planning: Recorder) -> list[Feed]:
    """Per directive with a page in `lang`: the articles in `lang` that cite it, beside the
    page (/vi/van-ban/ket-luan-57/atom.xml), so a reader can follow what is done about it."""
    found = []
    registry = site.directives
    for directive in registry:
        page = directive.pages.get(lang)
        if page is None:
            continue
        entries = tuple(p for p in registry.related_pages(directive, lang)
                        if p.kind == "article" and not p.is_draft)[:FEED_SIZE]
        if entries:
            planning.show(page.meta)
            found.append(Feed(f"{page.url}{FEED_NAME}", lang,
                              f"{directive.text}: {page.title} – {title}", page.url, entries))
    return found
