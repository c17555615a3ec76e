"""Machine-read outputs: Atom feeds, sitemap.xml with hreflang alternates, robots.txt.

All deterministic: a feed's `updated` is its newest entry's, never the build time, and
every list has a total order. Drafts never reach these files, not even in previews.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..model.page import Page
from ..model.reads import Recorder
from ..website.feed_list import Feed
from ..website.navigation import Navigation, View
from ..website.site import Alternate, Site

ATOM_NS = "http://www.w3.org/2005/Atom"
SUMMARY_LENGTH = 300  # characters of body text when an article has no `summary`
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


@functools.cache
def _saxutils() -> Any:
    """xml.sax.saxutils, imported when a feed is written: it imports urllib and ssl, some
    14 ms that a build writing no feed (a quick rebuild) need not spend."""
    import xml.sax.saxutils

    return xml.sax.saxutils


def escape(data: str) -> str:
    escaped: str = _saxutils().escape(data)  # the module is typed Any; its functions give str
    return escaped


def quoteattr(data: str) -> str:
    quoted: str = _saxutils().quoteattr(data)
    return quoted


def summary(page: Page, seen: Recorder, length: int = SUMMARY_LENGTH) -> str:
    """The article's `summary`, else the start of its text, cut at a word (its body must
    be among those the output `needs`: see `makers`)."""
    if page.meta.summary:
        return page.meta.summary
    body = seen.body(page.doc).html  # placeholders are links: their words are the text
    text = _SPACE.sub(" ", html.unescape(_TAG.sub(" ", body))).strip()
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0].rstrip(",;:–-") + "…"


def _time(value: datetime, nav: Navigation) -> str:
    return value.astimezone(nav.config.tz).isoformat()


def atom(feed: Feed, site: Site, nav: Navigation, seen: Recorder) -> str:
    absolute = nav.absolute
    config = site.config
    updated = max((p.meta.updated or p.meta.date) for p in feed.entries if p.meta.date)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="{ATOM_NS}" xml:lang={quoteattr(feed.lang)}>',
        f"  <title>{escape(feed.title)}</title>",
    ]
    description = config.language(feed.lang).description
    if description:
        lines.append(f"  <subtitle>{escape(description)}</subtitle>")
    lines += [
        f'  <link rel="self" type="application/atom+xml" href={quoteattr(absolute(feed.url))}/>',
        f'  <link rel="alternate" type="text/html" href={quoteattr(absolute(feed.html_url))}/>',
        f"  <id>{escape(absolute(feed.url))}</id>",
        f"  <updated>{_time(updated, nav)}</updated>",
    ]
    for page in feed.entries:
        seen.show(page.meta)  # its title and summary
        lines += _entry(page, site, nav, seen)
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def _entry(page: Page, site: Site, nav: Navigation, seen: Recorder) -> list[str]:
    absolute = nav.absolute
    meta = page.meta
    url = absolute(page.url)
    lines = [
        "  <entry>",
        f"    <title>{escape(page.title)}</title>",
        f'    <link rel="alternate" type="text/html" href={quoteattr(url)}/>',
    ]
    for code, other in site.translations(page).items():
        if other is not page and not other.is_draft:
            lines.append(f'    <link rel="alternate" type="text/html" hreflang={quoteattr(code)} '
                         f"href={quoteattr(absolute(other.url))}/>")
    lines.append(f"    <id>{escape(url)}</id>")
    if meta.date:
        lines.append(f"    <published>{_time(meta.date, nav)}</published>")
        lines.append(f"    <updated>{_time(meta.updated or meta.date, nav)}</updated>")
    author = site.authors.get(meta.author or "")
    if author is not None:
        lines.append(f"    <author><name>{escape(author.name)}</name></author>")
    category = nav.listings.term(page.lang, "category", meta.category or "")
    if category is not None:
        lines.append(f"    <category term={quoteattr(category.key)} "
                     f"label={quoteattr(category.name)} "
                     f"scheme={quoteattr(absolute(category.url))}/>")
    for tag in nav.listings.tags_of(page):
        lines.append(f"    <category term={quoteattr(tag.key)} label={quoteattr(tag.name)} "
                     f"scheme={quoteattr(absolute(nav.listings.kind_url(page.lang, 'tag')))}/>")
    if meta.image:
        image = absolute(nav.image_url(meta.image.src))
        lines.append(f'    <link rel="enclosure" type={quoteattr(_image_type(image))} '
                     f"href={quoteattr(image)}/>")
    lines.append(f'    <summary type="text">{escape(summary(page, seen))}</summary>')
    lines.append("  </entry>")
    return lines


def _image_type(url: str) -> str:
    suffix = url.rsplit(".", 1)[-1].lower()
    return {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp",
            "gif": "image/gif", "svg": "image/svg+xml", "avif": "image/avif"}.get(suffix,
                                                                                 "image/jpeg")


# Sitemap -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    url: str
    lastmod: datetime | None
    alternates: list[Alternate]  # every language version, itself and x-default included


def sitemap_entries(site: Site, views: Sequence[View]) -> list[SitemapEntry]:
    config = site.config
    entries = []
    for page in site.pages:
        if page.is_draft:
            continue
        group = {code: other.url for code, other in site.translations(page).items()
                 if not other.is_draft}
        entries.append(SitemapEntry(page.url, page.meta.updated or page.meta.date,
                                    site.language_alternates(group)))
    for view in views:
        if view.in_sitemap:
            entries.append(SitemapEntry(view.url, view.lastmod, site.language_alternates(
                view.alternates, x_default=view.x_default)))
    for section in config.sections.values():
        if section.kind != "article":  # article sections are views
            group = {code: f"/{code}/{section.url[code]}/" for code in config.language_codes}
            for url in group.values():
                entries.append(SitemapEntry(url, None, site.language_alternates(group)))
    return sorted(entries, key=lambda e: e.url)


def sitemap(site: Site, views: Sequence[View], nav: Navigation, seen: Recorder) -> str:
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for entry in sitemap_entries(site, views):
        lines.append("  <url>")
        lines.append(f"    <loc>{escape(nav.absolute(entry.url))}</loc>")
        if entry.lastmod:
            lines.append(f"    <lastmod>{_time(entry.lastmod, nav)}</lastmod>")
        for alternate in entry.alternates:
            lines.append(f'    <xhtml:link rel="alternate" '
                         f"hreflang={quoteattr(alternate.hreflang)} "
                         f"href={quoteattr(nav.absolute(alternate.url))}/>")
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots(site: Site, seen: Recorder) -> str:
    if site.options.drafts or site.options.future:  # previews are not for search engines
        return "User-agent: *\nDisallow: /\n"
    return f"User-agent: *\nAllow: /\n\nSitemap: {site.config.base_url}/sitemap.xml\n"


def makers(site: Site, views: Sequence[View], nav: Navigation
           ) -> Iterator[tuple[str, Callable[[Recorder], str], tuple[str, ...]]]:
    """(URL path, how to make its text, the documents whose prepared bodies that reads)
    of every feed, the sitemap and robots.txt; the incremental build calls each only when
    what it depends on changed."""
    for feed in nav.feed_list:
        needs = tuple(page.source.path for page in feed.entries if not page.meta.summary)
        yield feed.url, functools.partial(atom, feed, site, nav), needs
    yield "/sitemap.xml", functools.partial(sitemap, site, views, nav), ()
    yield "/robots.txt", functools.partial(robots, site), ()
