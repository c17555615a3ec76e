"""`python build.py import wordpress FILE.xml [--uploads DIR] [--dry-run]`: a WordPress
site moved in from its export (Tools → Export: WXR, wp-admin/includes/export.php), with the
NukeViet import's mapping where the data exists (docs/import-other.md).

The file is read twice, as a stream (core.xml_stream): first everything but the posts'
text — authors, categories, attachments (copied from --uploads as they come), each post's
fields and old address — then the text of each post, converted and written as it comes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote

from ..core.messages import Translations, msg, msg_n
from ..core.progress import Progress
from ..core.text import slugify
from ..core.wpautop import autop, captions, shortcodes
from ..core.xml_stream import Node, XmlError, local_name, read_elements, web_page
from ..model.config import Config
from ..model.syndication import (
    DRAFT,
    host,
    old_path,
    prefix,
    wordpress_date,
    wordpress_status,
)
from .import_files import Staging
from .import_plan import Plan, settle_aliases
from .import_run import run_import
from .import_write import (
    IMAGE_TYPES,
    Item,
    Links,
    Media,
    Warnings,
    compose,
    convert,
    plain,
    put,
    quote,
    when,
)

EXPECTED = msg("a WordPress export (WXR)")
# WordPress's own machinery, not content: left out without a word.
_INTERNAL = {"revision", "nav_menu_item", "custom_css", "customize_changeset", "oembed_cache",
             "user_request", "wp_block", "wp_template", "wp_template_part",
             "wp_global_styles", "wp_navigation", "wp_font_family", "wp_font_face"}


@dataclass
class WordPressPlan(Plan):
    hosts: set[str] = field(default_factory=set)
    names: dict[str, str] = field(default_factory=dict)  # login -> display name
    terms: dict[str, str] = field(default_factory=dict)  # category nicename -> name
    attachments: dict[str, tuple[str | None, str]] = field(default_factory=dict)
    thumbnails: list[tuple[Item, str]] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # old path -> /files/ address
    skipped: dict[str, list[int]] = field(default_factory=dict)  # type -> [line, count]


def _root(tag: str, line: int) -> None:
    if local_name(tag) == "html":
        raise web_page(line, EXPECTED)
    if tag == "atom:feed":
        raise XmlError(line, msg("this is an Atom feed, not a WordPress export: import it "
                                 "with `import feed`"))
    if tag != "rss":
        raise XmlError(line, msg("this XML file is not %(expected)s: its root element is "
                                 "<%(tag)s>, not <rss>", expected=EXPECTED, tag=local_name(tag)))


def _elements(path: Path) -> Iterator[Node]:
    """The channel's children: its link, authors, categories, tags, items."""
    return read_elements(path, prefix, lambda p: len(p) == 3 and p[:2] == ("rss", "channel"),
                         _root, EXPECTED)


def _not_wxr(line: int) -> XmlError:
    return XmlError(line, msg("this is an RSS feed, not a WordPress export (it has no "
                              "<wp:wxr_version>): export the site from Tools → Export, or "
                              "import the feed with `import feed`"))


def _read(path: Path, plan: WordPressPlan, warnings: Warnings, media: Media,
          now: datetime) -> None:
    """Pass one: everything but the posts' text."""
    wxr = False
    for node in _elements(path):
        if node.tag == "wp:wxr_version":
            wxr = True
        elif node.tag in ("link", "wp:base_site_url", "wp:base_blog_url"):
            plan.hosts.add(host(node.text()))
        elif node.tag == "wp:author":
            login = node.value("wp:author_login")
            plan.names[login] = plain(node.value("wp:author_display_name")) or login
        elif node.tag == "wp:category":
            plan.terms[node.value("wp:category_nicename")] = plain(node.value("wp:cat_name"))
        elif node.tag == "item":
            if not wxr:
                raise _not_wxr(node.line)
            _item(plan, node, warnings, media, now)
    if not wxr:
        raise _not_wxr(1)
    for post_type, (line, count) in sorted(plan.skipped.items()):
        warnings.add("skipped", line, f"wp:post_type {post_type}", msg_n(
            "%(count)s item of this type was not imported (Bantin has articles and pages)",
            "%(count)s items of this type were not imported (Bantin has articles and pages)",
            count))
    for item, attachment in plan.thumbnails:
        address, alt = plan.attachments.get(attachment, (None, ""))
        if address is not None and address.startswith("/images/"):
            item.fields += ["image:", f"  src: {quote(address)}",
                            f"  alt: {quote(alt or plan.titles[item.key])}"]


def _meta(node: Node) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for meta in node.find_all("wp:postmeta"):
        found.setdefault(meta.value("wp:meta_key"), []).append(meta.value("wp:meta_value"))
    return found


def _attachment(plan: WordPressPlan, node: Node, meta: dict[str, list[str]],
                media: Media) -> None:
    url = node.value("wp:attachment_url")
    relative = (meta.get("_wp_attached_file") or [""])[0] or media.local(url) or ""
    folder = "images" if relative.lower().endswith(IMAGE_TYPES) else "files"
    where = Item(f"wordpress/{node.value('wp:post_id')}", f"assets/{folder}/{relative}",
                 node.line, plan.config.default_language, [])
    address = media.bring(relative, folder, where) if relative else None
    alt = plain((meta.get("_wp_attachment_image_alt") or [""])[0])
    plan.attachments[node.value("wp:post_id")] = (address, alt or plain(node.value("title")))
    if address is not None:
        path, why = old_path(url)
        if not why:
            plan.files[path] = address


def _item(plan: WordPressPlan, node: Node, warnings: Warnings, media: Media,
          now: datetime) -> None:
    post_type, number = node.value("wp:post_type"), node.value("wp:post_id")
    meta = _meta(node)
    if post_type == "attachment":
        _attachment(plan, node, meta, media)
        return
    if post_type not in ("post", "page"):
        if post_type not in _INTERNAL:
            plan.skipped.setdefault(post_type, [node.line, 0])[1] += 1
        return
    config, lang = plan.config, plan.config.default_language
    title = plain(node.value("title"))
    date = wordpress_date(node.value("wp:post_date_gmt"), node.value("wp:post_date"),
                          config.tz) or now.astimezone(config.tz).replace(tzinfo=None)
    status = wordpress_status(node.value("wp:status"), date, now)
    ask = "page_id" if post_type == "page" else "p"
    if status is None:
        warnings.add("skipped", node.line, f"/?{ask}={number}", msg(
            "%(title)s has the status %(status)s (trash, or not a post WordPress showed): "
            "not imported", title=quote(title), status=node.value("wp:status")))
        return
    kind = "article" if post_type == "post" else "page"
    slug = unquote(node.value("wp:post_name"))
    name = slugify(slug) or slugify(title) or f"{'bai' if kind == 'article' else 'trang'}-{number}"
    key = f"wordpress/{number}"
    item = Item(key, plan.place(kind, lang, key, name, number), node.line, lang,
                [f"title: {quote(title)}"])
    if kind == "article":
        login = node.value("dc:creator")
        item.fields += [f"date: {when(date)}",
                        f"author: {plan.add_author(plan.names.get(login, login), '', lang)}"]
        _terms(plan, node, item, lang)
    elif status.why == "scheduled":  # a page has no date to wait for
        status = DRAFT
    summary = plain(node.value("excerpt:encoded"))
    if summary:
        item.fields.insert(4 if kind == "article" else 1, f"summary: {quote(summary)}")
    if node.value("wp:post_password") and not status.line:
        status = DRAFT
        warnings.add("password", node.line, item.path, msg(
            "the old site asked a password for this post: imported as a draft"))
    if status.line:
        item.fields.append(status.line)
    plan.counts[status.why] += 1
    plan.counts[kind] += 1
    item.aliases = _aliases(plan, node, slug, f"/?{ask}={number}")
    if meta.get("_thumbnail_id"):
        plan.thumbnails.append((item, meta["_thumbnail_id"][0]))
    plan.articles[key] = item
    plan.titles[key] = title


def _terms(plan: WordPressPlan, node: Node, item: Item, lang: str) -> None:
    """The first category is the article's; the others' names and the tags are its tags."""
    categories: list[str] = []
    tags: list[str] = []
    for term in node.find_all("category"):
        nicename, text = unquote(term.attrs.get("nicename", "")), plain(term.text())
        if term.attrs.get("domain") == "category":
            name = plan.terms.get(term.attrs.get("nicename", ""), "") or text
            old = f"/category/{nicename}/"
            if not categories:
                category = plan.add_category(
                    slugify(nicename) or slugify(name) or "chuyen-muc", lang, name)
                item.fields.append(f"category: {category}")
                # its list, wherever the category is first; else the tag its name becomes
                plan.moved[old] = plan.list_url(lang, "category", category)
            else:
                plan.moved.setdefault(old, plan.list_url(lang, "tag", slugify(name)))
            categories.append(name)
        elif term.attrs.get("domain") == "post_tag":
            tags.append(text)
            plan.moved.setdefault(f"/tag/{nicename}/", plan.list_url(lang, "tag", slugify(text)))
    if not categories:
        item.fields.append(f"category: {plan.add_category('tin-tuc', lang, 'Tin tức')}")
    words = [w for w in dict.fromkeys([*tags, *categories[1:]]) if w]
    if words:
        item.fields.append("tags: [" + ", ".join(quote(w) for w in words) + "]")
    plan.moved.setdefault("/feed/", plan.list_url(lang, "feed"))


def _aliases(plan: WordPressPlan, node: Node, slug: str, short: str) -> list[str]:
    """The address `link` shows (the site's permalinks: /YYYY/MM/DD/slug/, /slug/, …),
    and the same with each old slug WordPress kept redirecting (`_wp_old_slug`)."""
    plan.not_kept[short] = "query"
    path, why = old_path(node.value("link"), plan.hosts)
    if why == "query":
        plan.not_kept[path] = why
    if why:
        return []
    found = [path]
    tail = f"/{slug}/" if path.endswith("/") else f"/{slug}"
    if slug and path.endswith(tail):
        for old in _meta(node).get("_wp_old_slug", []):
            found.append(path[:-len(tail)] + tail.replace(slug, unquote(old)))
    return list(dict.fromkeys(found))


def _bodies(path: Path, plan: WordPressPlan, staging: Staging, media: Media, links: Links,
            warnings: Warnings, progress: Progress) -> None:
    """Pass two: each post's text as it comes, its file written at once."""
    for node in _elements(path):
        if node.tag != "item":
            continue
        item = plan.articles.pop(f"wordpress/{node.value('wp:post_id')}", None)
        if item is None:
            continue
        found = node.find("content:encoded")
        text = found.text() if found is not None else ""
        names = [n for n in shortcodes(text) if n != "caption"]
        if names:
            warnings.add("not in Markdown", item.line, item.path, msg(
                "WordPress shortcodes cannot be shown from Markdown, their text was kept as "
                "it is: %(names)s", names=", ".join(f"[{n}]" for n in names)))
        put(staging, warnings, item.line, item.path, compose(
            item, convert(captions(autop(text)), item, media, links, warnings,
                          plan.titles.get(item.key, ""))))
        progress.advance()


def run(config: Config, source: Path, uploads: Path | None, dry_run: bool, now: datetime,
        words: Translations | None, progress: Progress | None = None) -> int:
    def work(staging: Staging, warnings: Warnings, media: Media, authors: set[str],
             progress: Progress) -> Plan:
        plan = WordPressPlan(config, staging, authors)
        with progress.phase("import-read"):
            _read(source, plan, warnings, media, now)
            settle_aliases(plan, warnings)
            links = plan.links()
            links.hosts, links.files = plan.hosts, plan.files
        with progress.phase("import-write", len(plan.articles)):
            _bodies(source, plan, staging, media, links, warnings, progress)
        return plan

    return run_import(config, source, uploads, dry_run, words, work, progress)
