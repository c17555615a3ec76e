"""WordPress exports (WXR) and feeds (RSS 2.0, Atom) in Bantin's terms: their namespaces,
dates, statuses and the old addresses of an item. Pure functions: the importers
(commands/import_wordpress.py, commands/import_feed.py) read the files and write the pages.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from email.utils import parsedate_to_datetime
from urllib.parse import unquote, urlsplit

ATOM = "http://www.w3.org/2005/Atom"
NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    ATOM: "atom",
    "http://www.w3.org/1999/xhtml": "xhtml",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}
# WordPress's own, one per WXR version (wp-admin/includes/export.php: WXR_VERSION 1.0–1.2)
_WXR = re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/(excerpt/)?$")


def prefix(uri: str) -> str | None:
    """The prefix a namespace's names are written with (core.xml_stream)."""
    wxr = _WXR.match(uri)
    if wxr:
        return "excerpt" if wxr.group(1) else "wp"
    return NAMESPACES.get(uri)


def _minute(moment: datetime, tz: tzinfo) -> datetime:
    return moment.astimezone(tz).replace(second=0, microsecond=0, tzinfo=None)


def wordpress_date(gmt: str, local: str, tz: tzinfo) -> datetime | None:
    """`wp:post_date_gmt` in the site's time zone; `wp:post_date` (the old site's own time,
    taken as the site's) when a draft has no GMT date ("0000-00-00 00:00:00")."""
    for text, zone in ((gmt, UTC), (local, tz)):
        try:
            moment = datetime.strptime(text.strip(), "%Y-%m-%d %H:%M:%S")
        except ValueError:
            continue
        return _minute(moment.replace(tzinfo=zone), tz)
    return None


def feed_date(text: str, tz: tzinfo) -> datetime | None:
    """RSS's `pubDate` (RFC 822) or Atom's `published`/`updated` (RFC 3339), in the site's
    time zone; a date without a zone is taken as UTC."""
    text = text.strip()
    if not text:
        return None
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        try:
            moment = datetime.fromisoformat(text.replace("z", "Z"))
        except ValueError:
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return _minute(moment, tz)


@dataclass(frozen=True, slots=True)
class Status:
    """What Bantin makes of a WordPress status: None for a post it does not import."""

    line: str = ""  # the front-matter line: "draft: true", "internal: true" or ""
    why: str = ""  # published, scheduled, draft, internal


DRAFT = Status("draft: true", "draft")


def wordpress_status(status: str, date: datetime, now: datetime) -> Status | None:
    """publish: published; future: scheduled (a draft when its time passed unpublished);
    draft, pending: drafts; private: internal (only logged-in editors saw it)."""
    naive_now = now.replace(tzinfo=None) if now.tzinfo is None else _minute(now, now.tzinfo)
    if status == "publish":
        return Status("", "scheduled" if date > naive_now else "published")
    if status == "future":
        return Status("", "scheduled") if date > naive_now else DRAFT
    if status in ("draft", "pending"):
        return DRAFT
    if status == "private":
        return Status("internal: true", "internal")
    return None


def old_path(link: str, hosts: set[str] | None = None) -> tuple[str, str]:
    """An item's old address as (path, "") to keep as an alias, or (address, why) when it
    cannot be one: "query" (`/?p=24`), "home" (the site's home page), "elsewhere" (on
    another host than `hosts`)."""
    parts = urlsplit(link.strip())
    if hosts is not None and parts.netloc and parts.netloc.lower() not in hosts:
        return link, "elsewhere"
    path = unicodedata.normalize("NFC", unquote(parts.path or "/"))
    if parts.query:
        return f"{path}?{unquote(parts.query)}", "query"
    if path.strip("/") == "":
        return path, "home"
    return path, ""


def host(link: str) -> str:
    return urlsplit(link.strip()).netloc.lower()


def rss_author(text: str) -> str:
    """RSS's `author` is an address, with the name in brackets: "x@y.vn (Lan)" -> "Lan";
    an address alone names nobody (and is not published)."""
    match = re.match(r"^\s*\S+@\S+\s*\((.*)\)\s*$", text)
    if match:
        return match.group(1).strip()
    return "" if re.fullmatch(r"\s*\S+@\S+\s*", text) else text.strip()
