"""What search engines and social networks read: JSON-LD, Open Graph and Twitter cards."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from markupsafe import Markup

from ..model.authors import Author
from ..model.config import Config, Language
from ..model.page import Page

# Inside <script type="application/ld+json"> the HTML parser ends the element at the first
# "</script", whatever JSON thinks; JSON's own \u escapes keep every such sequence out.
# (Replaced one by one: str.translate with a table is slow on non-ASCII text.)
_SCRIPT_SAFE = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


@dataclass(frozen=True, slots=True)
class Crumb:
    name: str
    url: str  # site-relative, starts and ends with "/"


def json_ld(data: dict[str, Any]) -> Markup:
    """JSON for a <script type="application/ld+json"> element, safe against "</script>"."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for unsafe, escaped in _SCRIPT_SAFE:
        if unsafe in text:
            text = text.replace(unsafe, escaped)
    return Markup(text)


def iso(value: datetime, config: Config) -> str:
    return value.astimezone(config.tz).isoformat()


def og_locale(language: Language) -> str:
    """Open Graph wants language_TERRITORY: "vi" -> "vi_VN", "en" -> "en_US"."""
    return _og_locale(language.locale, language.code)


@functools.lru_cache(maxsize=64)
def _og_locale(code_or_locale: str, code: str) -> str:
    try:
        locale = Locale.parse(code_or_locale)
    except (UnknownLocaleError, ValueError):
        return code
    if not locale.territory:
        likely = get_global("likely_subtags").get(locale.language, "")
        territory = Locale.parse(likely).territory if likely else None
        return f"{locale.language}_{territory}" if territory else locale.language
    return f"{locale.language}_{locale.territory}"


def breadcrumb_list(crumbs: Sequence[Crumb], absolute: Callable[[str], str]) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": crumb.name, "item": absolute(crumb.url)}
            for n, crumb in enumerate(crumbs, start=1)
        ],
    }


def news_article(page: Page, config: Config, author: Author | None, image: str | None,
                 absolute: Callable[[str], str]) -> dict[str, Any]:
    """schema.org NewsArticle for an article page; absolute URLs, dates with their offset."""
    meta = page.meta
    language = config.language(page.lang)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title,
        "url": absolute(page.url),
        "mainEntityOfPage": {"@type": "WebPage", "@id": absolute(page.url)},
        "inLanguage": page.lang,
        "publisher": {"@type": "Organization", "name": language.title,
                      "url": absolute(f"/{page.lang}/")},
    }
    if meta.summary:
        data["description"] = meta.summary
    if meta.date:
        data["datePublished"] = iso(meta.date, config)
        data["dateModified"] = iso(meta.updated or meta.date, config)
    if author is not None:
        person: dict[str, Any] = {"@type": "Person", "name": author.name}
        role = config.pick(author.role, page.lang)
        if role:
            person["jobTitle"] = role
        data["author"] = person
    if image:
        data["image"] = [image]
    if meta.category:
        data["articleSection"] = config.pick(config.categories[meta.category].name, page.lang)
    if meta.tags:
        data["keywords"] = list(meta.tags)
    if meta.rating and meta.rating.votes:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": round(meta.rating.points / meta.rating.votes, 2),
            "ratingCount": meta.rating.votes,
            "bestRating": 5,
            "worstRating": 1,
        }
    return data


@dataclass(frozen=True, slots=True)
class Social:
    """Open Graph and Twitter card values for one page (absolute URLs)."""

    type: str  # article | website
    title: str
    description: str
    url: str
    site_name: str
    locale: str
    alternate_locales: tuple[str, ...]
    image: str | None = None
    image_alt: str = ""
    published: str | None = None
    modified: str | None = None
    section: str | None = None
    tags: tuple[str, ...] = ()

    @property
    def card(self) -> str:
        return "summary_large_image" if self.image else "summary"
