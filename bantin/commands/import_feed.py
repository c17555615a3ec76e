"""`python build.py import feed FILE [--dry-run]`: the articles of an RSS 2.0 or Atom feed
moved in, each item an article, with the NukeViet import's mapping where a feed has the data
(docs/import-other.md): what an old site without an export still offers.

The file is read twice, as a stream (core.xml_stream): first each item's fields and the
site's address (for old addresses on the same host), then each item's text, converted and
written as it comes.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..core.messages import Translations, msg
from ..core.progress import Progress
from ..core.text import slugify
from ..core.xml_stream import Node, XmlError, local_name, read_elements, web_page
from ..model.config import Config
from ..model.syndication import feed_date, host, old_path, prefix, rss_author
from .import_files import Staging
from .import_plan import Plan, settle_aliases
from .import_run import run_import
from .import_write import Item, Links, Media, Warnings, compose, convert, plain, put, quote, when

EXPECTED = msg("an RSS 2.0 or Atom feed")


@dataclass
class FeedPlan(Plan):
    hosts: set[str] = field(default_factory=set)
    byline: str = ""  # an Atom feed's own author: its entries' when they name none


def _root(tag: str, line: int) -> None:
    if local_name(tag) == "html":
        raise web_page(line, EXPECTED)
    if tag.endswith("}RDF"):
        raise XmlError(line, msg("this is an RSS 1.0 (RDF) feed, which is not read: save the "
                                 "site's RSS 2.0 or Atom feed instead"))
    if tag not in ("rss", "atom:feed"):
        raise XmlError(line, msg("this XML file is not %(expected)s: its root element is "
                                 "<%(tag)s>", expected=EXPECTED, tag=local_name(tag)))


def _elements(path: Path) -> Iterator[Node]:
    """The channel's (RSS) or the feed's (Atom) children: its link, author, items."""
    return read_elements(path, prefix, lambda p: (len(p) == 3 and p[:2] == ("rss", "channel"))
                         or (len(p) == 2 and p[0] == "atom:feed"), _root, EXPECTED)


def _link(node: Node) -> str:
    """An Atom element's `rel="alternate"` (or rel-less) link; RSS's `link`."""
    for link in node.find_all("atom:link"):
        if link.attrs.get("rel", "alternate") == "alternate" and link.attrs.get("href"):
            return link.attrs["href"].strip()
    return node.value("link")


def _text(node: Node | None) -> str:
    """An Atom text construct (or an RSS element) as HTML."""
    if node is None:
        return ""
    kind = node.attrs.get("type", "html" if not node.tag.startswith("atom:") else "text")
    if kind == "xhtml" or kind.endswith("xhtml+xml"):
        div = node.find("xhtml:div")
        return (div or node).markup()
    if kind in ("text", "text/plain"):
        paragraphs = [p.strip() for p in node.text().split("\n\n") if p.strip()]
        return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return node.text()


def _parts(node: Node) -> tuple[str, str]:
    """(body, summary) as HTML: the full text, and the short one when there are both."""
    if node.tag == "item":
        content, description = node.find("content:encoded"), node.find("description")
    else:
        content, description = node.find("atom:content"), node.find("atom:summary")
    body = _text(content)
    if body.strip():
        return body, _text(description)
    return _text(description), ""


def _key(node: Node, number: int) -> str:
    given = node.value("guid") or node.value("atom:id") or _link(node)
    return f"feed/{given or number}"


def _read(path: Path, plan: FeedPlan, warnings: Warnings, now: datetime) -> None:
    """Pass one: the site's address, then every item but its text."""
    entries: list[tuple[Node, str]] = []
    for node in _elements(path):
        if node.tag == "wp:wxr_version":
            raise XmlError(node.line, msg("this is a WordPress export: import it with `import "
                                          "wordpress`, which reads its pages, drafts and "
                                          "images too"))
        if node.tag in ("link", "atom:link") and not plan.hosts:
            link = node.text() if node.tag == "link" else node.attrs.get("href", "")
            if node.tag == "link" or node.attrs.get("rel", "alternate") == "alternate":
                plan.hosts.add(host(link))
        elif node.tag == "atom:author":
            plan.byline = node.value("atom:name")
        elif node.tag in ("item", "atom:entry"):
            summary = plain(_parts(node)[1])
            node.children = [c for c in node.children if isinstance(c, str) or c.tag not in (
                "content:encoded", "description", "atom:content", "atom:summary")]
            entries.append((node, summary))  # the text comes in pass two
    for number, (node, summary) in enumerate(entries, 1):
        _item(plan, node, number, summary, warnings, now)


def _item(plan: FeedPlan, node: Node, number: int, summary: str, warnings: Warnings,
          now: datetime) -> None:
    config, lang = plan.config, plan.config.default_language
    title = plain(_text(node.find("title") or node.find("atom:title")))
    link = _link(node)
    path, why = old_path(link, plan.hosts) if link else ("", "home")
    name = (slugify(title)[:80].rsplit("-", 1)[0] if len(slugify(title)) > 80
            else slugify(title)) or slugify(path.rstrip("/").rsplit("/", 1)[-1].split(".")[0])
    key = _key(node, number)
    item = Item(key, plan.place("article", lang, key, name or f"bai-{number}", number),
                node.line, lang, [f"title: {quote(title)}"])
    date = None
    for tag in ("pubDate", "dc:date", "atom:published", "atom:updated"):
        date = date or feed_date(node.value(tag), config.tz)
    if date is None:
        date = now.astimezone(config.tz).replace(second=0, microsecond=0, tzinfo=None)
        warnings.add("date", node.line, item.path, msg(
            "the item has no date (pubDate, published or updated): given the time of the "
            "import"))
    author = node.find("atom:author")
    byline = (author.value("atom:name") if author is not None else "") or rss_author(
        node.value("author")) or node.value("dc:creator") or plan.byline
    item.fields += [f"date: {when(date)}",
                    f"author: {plan.author(byline, lang, item, warnings)}",
                    f"category: {plan.add_category('tin-tuc', lang, 'Tin tức')}"]
    if summary:
        item.fields.append(f"summary: {quote(summary)}")
    words = [plain(c.attrs.get("label") or c.attrs.get("term", "") or c.text())
             for c in node.find_all("category") + node.find_all("atom:category")]
    words = [w for w in dict.fromkeys(words) if w]
    if words:
        item.fields.append("tags: [" + ", ".join(quote(w) for w in words) + "]")
    naive_now = now.astimezone(config.tz).replace(tzinfo=None)
    plan.counts["scheduled" if date > naive_now else "published"] += 1
    plan.counts["article"] += 1
    if why == "query":
        plan.not_kept[path] = why
    item.aliases = [path] if path and not why else []
    plan.articles[key] = item
    plan.titles[key] = title


def _bodies(path: Path, plan: FeedPlan, staging: Staging, media: Media, links: Links,
            warnings: Warnings, progress: Progress) -> None:
    """Pass two: each item's text as it comes, its file written at once."""
    number = 0
    for node in _elements(path):
        if node.tag not in ("item", "atom:entry"):
            continue
        number += 1
        item = plan.articles.pop(_key(node, number), None)
        if item is not None:
            put(staging, warnings, item.line, item.path, compose(item, convert(
                _parts(node)[0], item, media, links, warnings, plan.titles[item.key])))
            progress.advance()


def run(config: Config, source: Path, uploads: Path | None, dry_run: bool, now: datetime,
        words: Translations | None, progress: Progress | None = None) -> int:
    def work(staging: Staging, warnings: Warnings, media: Media, authors: set[str],
             progress: Progress) -> Plan:
        plan = FeedPlan(config, staging, authors)
        with progress.phase("import-read"):
            _read(source, plan, warnings, now)
            settle_aliases(plan, warnings)
            links = plan.links()
            links.hosts = plan.hosts
        with progress.phase("import-write", len(plan.articles)):
            _bodies(source, plan, staging, media, links, warnings, progress)
        return plan

    return run_import(config, source, uploads, dry_run, words, work, progress)
