"""How readers move around: breadcrumbs, listing views, and the navigation around a page.

A `View` is one listing page to render (home, a section, a category, a tag, an author, a
year, or the index of one of those kinds), with everything its layout needs. Article,
page and directive pages get their extra context from `Navigation.page_context`.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..model.page import Page
from ..model.reads import Recorder
from . import feed_list, seo
from .listings import Listings, Term, newest_first
from .outputs import Asset
from .seo import Crumb
from .site import Site


def N_(message: str) -> str:
    """Marks a UI string for `pybabel extract`; it is translated per language when used."""
    return message


KIND_TITLES = {"category": N_("Categories"), "tag": N_("Tags"), "author": N_("Authors"),
               "year": N_("Archive")}
HOME = N_("Home")
PAGE_LABEL = N_("Page %(number)s")
TAG_TITLE = N_("Tag: %(name)s")
YEAR_TITLE = N_("Articles of %(year)s")


@dataclass(slots=True)
class View:
    lang: str
    url: str
    template: str
    title: str
    description: str
    breadcrumbs: tuple[Crumb, ...]
    alternates: dict[str, str]  # language -> URL of the same listing, itself included
    context: dict[str, Any] = field(default_factory=dict)
    lastmod: datetime | None = None  # the newest article listed, for the sitemap
    in_sitemap: bool = True  # page 2 and later are reached through page 1
    x_default: str | None = None  # hreflang x-default when not the default language's URL


class Navigation:
    def __init__(self, site: Site, listings: Listings, assets: dict[str, Asset],
                 translations: dict[str, gettext.NullTranslations], planning: Recorder) -> None:
        self.site = site
        self.config = site.config
        self.listings = listings
        self.assets = assets
        self.translations = translations
        self.feed_list = feed_list.feeds(site, listings, planning)
        self.feed_urls = {feed.url for feed in self.feed_list}

    def __getstate__(self) -> dict[str, Any]:
        """Without the catalogs, which do not pickle: Renderer.attach gives them back."""
        return {name: value for name, value in vars(self).items() if name != "translations"}

    def _(self, lang: str, message: str) -> str:
        return self.translations[lang].gettext(message)

    def absolute(self, url: str) -> str:
        return url if url.startswith(("http://", "https://")) else self.config.base_url + url

    def image_url(self, src: str) -> str:
        """Where an image front-matter `src` is served: the fingerprinted asset if there is one."""
        asset = self.assets.get(src.lstrip("/"))
        return asset.url if asset is not None else src

    # Breadcrumbs -------------------------------------------------------------

    def home_crumb(self, lang: str) -> Crumb:
        return Crumb(self._(lang, HOME), f"/{lang}/")

    def section_crumb(self, lang: str, section_id: str) -> Crumb:
        section = self.config.sections[section_id]
        return Crumb(self.config.pick(section.title, lang), f"/{lang}/{section.url[lang]}/")

    def kind_crumb(self, lang: str, kind: str) -> Crumb:
        return Crumb(self.kind_title(lang, kind), self.listings.kind_url(lang, kind))

    def kind_title(self, lang: str, kind: str) -> str:
        return self._(lang, KIND_TITLES[kind])

    def page_crumbs(self, page: Page) -> tuple[Crumb, ...]:
        crumbs = [self.home_crumb(page.lang), self.section_crumb(page.lang, page.source.section)]
        category = self.listings.term(page.lang, "category", page.meta.category or "")
        if page.kind == "article" and category is not None:
            crumbs.append(Crumb(category.name, category.url))
        crumbs.append(Crumb(page.title, page.url))
        return tuple(crumbs)

    # Pages (article, page, directive) ----------------------------------------

    def feeds(self, lang: str, extra: list[tuple[str, str]] | None = None) -> list[tuple[str, str]]:
        """(title, URL) of the Atom feeds a page announces in its <head>."""
        found = [(self.config.language(lang).title, f"/{lang}/{feed_list.FEED_NAME}")]
        return [(title, url) for title, url in found + (extra or []) if url in self.feed_urls]

    def page_context(self, page: Page) -> dict[str, Any]:
        crumbs = self.page_crumbs(page)
        config = self.config
        language = config.language(page.lang)
        image = self.absolute(self.image_url(page.meta.image.src)) if page.meta.image else None
        author = self.site.authors.get(page.meta.author or "")
        newer, older = self.listings.neighbours(page) if page.kind == "article" else (None, None)
        category = self.listings.term(page.lang, "category", page.meta.category or "")
        feeds = []
        if page.kind == "article" and category is not None:
            feeds.append((category.name, f"{category.url}{feed_list.FEED_NAME}"))
        page_feed = None
        if page.kind == "directive" and f"{page.url}{feed_list.FEED_NAME}" in self.feed_urls:
            page_feed = (page.meta.number or page.title, f"{page.url}{feed_list.FEED_NAME}")
            feeds.append(page_feed)
        translations = self.site.translations(page)
        structured = [seo.breadcrumb_list(crumbs, self.absolute)]
        if page.kind == "article":
            structured.insert(0, seo.news_article(page, config, author, image, self.absolute))
        social = seo.Social(
            type="article" if page.kind == "article" else "website",
            title=page.title,
            description=page.meta.summary or language.description,
            url=self.absolute(page.url),
            site_name=language.title,
            locale=seo.og_locale(language),
            alternate_locales=tuple(seo.og_locale(config.language(code))
                                    for code in translations if code != page.lang),
            image=image,
            image_alt=page.meta.image.alt if page.meta.image else "",
            published=seo.iso(page.meta.date, config) if page.kind == "article"
            and page.meta.date else None,
            modified=seo.iso(page.meta.updated or page.meta.date, config)
            if page.kind == "article" and page.meta.date else None,
            section=category.name if category is not None else None,
            tags=tuple(page.meta.tags or ()),
        )
        return {
            "breadcrumbs": crumbs,
            "related": self.listings.related(page) if page.kind == "article" else [],
            "newer": newer,
            "older": older,
            "category_term": category,
            "tag_terms": self.listings.tags_of(page) if page.kind == "article" else [],
            "author_url": self.listings.term_url(page.lang, "author", page.meta.author)
            if page.kind == "article" and page.meta.author else None,
            "feeds": self.feeds(page.lang, feeds),
            "page_feed": page_feed,  # a directive's feed of the articles citing it
            "social": social,
            "structured_data": [seo.json_ld(item) for item in structured],
        }

    def listing_context(self, lang: str, url: str, title: str, description: str,
                        crumbs: tuple[Crumb, ...],
                        extra_feeds: list[tuple[str, str]] | None = None) -> dict[str, Any]:
        """What base.html needs on a listing page (breadcrumbs, feeds, sharing)."""
        language = self.config.language(lang)
        social = seo.Social(type="website", title=title,
                            description=description or language.description,
                            url=self.absolute(url), site_name=language.title,
                            locale=seo.og_locale(language), alternate_locales=())
        return {
            "breadcrumbs": crumbs,
            "feeds": self.feeds(lang, extra_feeds),
            "social": social,
            "structured_data": [seo.json_ld(seo.breadcrumb_list(crumbs, self.absolute))],
        }

    # Listing views -------------------------------------------------------------

    def views(self) -> list[View]:
        views: list[View] = []
        for lang in self.config.language_codes:
            views.append(self.home(lang))
            for section_id, section in self.config.sections.items():
                if section.kind == "article":
                    views += self.section(lang, section_id)
            for kind in ("category", "tag", "author", "year"):
                views.append(self.kind_index(lang, kind))
                for term in self.listings.terms(lang, kind):
                    views += self.term_pages(term)
        return views

    def home(self, lang: str) -> View:
        language = self.config.language(lang)
        # The newest story leads with its picture, four cards follow; readers' choice is a
        # ranking beside them (it may name one of those); the category blocks show the rest.
        latest = self.listings.latest(lang, limit=5)
        featured = self.listings.featured(lang, limit=5)
        articles = self.site.listed_articles(lang)
        return View(
            lang, f"/{lang}/", "home.html", language.title, language.description,
            (self.home_crumb(lang),),
            {code: f"/{code}/" for code in self.config.language_codes},
            {"featured": featured, "latest": latest,
             "blocks": self.listings.category_blocks(lang, exclude=latest)},
            lastmod=_newest(articles), x_default="/",
        )

    def section(self, lang: str, section_id: str) -> list[View]:
        section = self.config.sections[section_id]
        crumb = self.section_crumb(lang, section_id)
        pages = newest_first(self.site.listed(lang, section=section_id))
        alternates = {code: f"/{code}/{section.url[code]}/" for code in self.config.language_codes}
        return self._paginated(lang, crumb.url, crumb.name, "", (self.home_crumb(lang), crumb),
                               pages, alternates, {"section": section})

    def kind_index(self, lang: str, kind: str) -> View:
        crumb = self.kind_crumb(lang, kind)
        terms = self.listings.terms(lang, kind)
        return View(
            lang, crumb.url, "terms.html", crumb.name, "", (self.home_crumb(lang), crumb),
            {code: self.listings.kind_url(code, kind) for code in self.config.language_codes},
            {"kind": kind, "terms": terms},
            lastmod=_newest([p for t in terms for p in t.articles[:1]]),
        )

    def term_pages(self, term: Term) -> list[View]:
        lang = term.lang
        crumbs = (self.home_crumb(lang), self.kind_crumb(lang, term.kind),
                  Crumb(term.name, term.url))
        title = term.name
        if term.kind == "tag":
            title = self._(lang, TAG_TITLE) % {"name": term.name}
        elif term.kind == "year":
            title = self._(lang, YEAR_TITLE) % {"year": term.name}
        context: dict[str, Any] = {"term": term}
        if term.kind == "author":
            author = self.site.authors.get(term.key)
            context["author"] = author
        return self._paginated(lang, term.url, title, "", crumbs, list(term.articles),
                               self.listings.counterparts(term.kind, term.key), context,
                               feed=(term.name, f"{term.url}{feed_list.FEED_NAME}")
                               if f"{term.url}{feed_list.FEED_NAME}" in self.feed_urls
                               else None)

    def _paginated(self, lang: str, first_url: str, title: str, description: str,
                   crumbs: tuple[Crumb, ...], items: list[Page], alternates: dict[str, str],
                   context: dict[str, Any], feed: tuple[str, str] | None = None) -> list[View]:
        views = []
        newest = _newest(items)  # every page of one listing has the listing's lastmod
        for pager in self.listings.paginate(lang, first_url, items):
            page_title, page_crumbs = title, crumbs
            if pager.number > 1:
                label = self._(lang, PAGE_LABEL) % {"number": pager.number}
                page_title = f"{title} – {label}"
                page_crumbs = (*crumbs, Crumb(label, pager.url))
            views.append(View(
                lang, pager.url, "list.html", page_title, description, page_crumbs,
                alternates if pager.number == 1 else {},
                {**context, "pager": pager, "pages": list(pager.items), "feed": feed},
                lastmod=newest, in_sitemap=pager.number == 1,
            ))
        return views


def _newest(pages: list[Page]) -> datetime | None:
    dates = [p.meta.updated or p.meta.date for p in pages if p.meta.date]
    return max(dates) if dates else None

