"""Front-matter fields, each read into its typed value with the error that says what to
write instead: the parsers content.py applies to every key of a document.

A parser depends on its value alone (and the site's time zone), so that a file is read the
same wherever and whenever it is read.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date, datetime, time, tzinfo
from typing import Any

from ..core.messages import Text, msg, msg_n
from ..core.text import MAX_URL_NAME, SLUG_PATTERN, slugify
from ..core.yaml_front import NotADate
from .aliases import read_alias
from .document import FrontMatter, Image, Rating, Signer


class FieldError(Exception):
    def __init__(self, message: Text, key: str | None = None, item: int | None = None,
                 more: tuple[FieldError, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.key = key  # a nested key, e.g. "rating.points", for a more precise line
        self.item = item  # a list's item, reported at its own line (ITEM_LINES)
        self.more = more  # the problems of the list's later items


Parser = Callable[[Any, "Context"], Any]


@dataclass(frozen=True, slots=True)
class Context:
    tz: tzinfo
    translation: bool = False  # not in the default language: may leave out `image.src`


def _text(value: Any, ctx: Context) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise FieldError(msg("must be text, got %(value)s", value=describe(value)))
    if not value.strip():
        raise FieldError(msg("must not be empty: write the text after the colon, or delete "
                                "the line"))
    return value.strip()


def _name(value: Any, ctx: Context) -> str:
    """Text that names something many documents name too (an author, a category, a tag, a
    directive): one string however many documents the build keeps with it."""
    return sys.intern(_text(value, ctx))


def _names(value: Any, ctx: Context) -> tuple[str, ...]:
    return tuple(sys.intern(text) for text in _text_list(value, ctx))


def _tags(value: Any, ctx: Context) -> tuple[str, ...]:
    """Tags are free text; each becomes the address of its page (/vi/the/<slug>/)."""
    tags = _names(value, ctx)
    for tag in tags:
        slug = slugify(tag)
        if not slug:
            raise FieldError(msg("holds %(tag)s, which has no letters or digits to make the "
                                  "address of its page from: write the tag with letters or "
                                  "digits, or delete it", tag=repr(tag)))
        if len(slug) > MAX_URL_NAME:
            raise FieldError(msg("holds a tag of %(length)s characters; the address of its "
                                  "page may have %(limit)s at most: shorten the tag",
                                  length=len(slug), limit=MAX_URL_NAME))
    return tags


def _slug(value: Any, ctx: Context) -> str:
    text = _text(value, ctx)
    if not SLUG_PATTERN.match(text):
        raise FieldError(msg("must be lowercase ASCII letters, digits and hyphens, got "
                              "%(value)s; did you mean %(slug)s?", value=repr(text),
                              slug=repr(slugify(text))))
    if len(text) > MAX_URL_NAME:
        raise FieldError(msg("is %(length)s characters long; an address may have %(limit)s "
                              "at most: shorten it", length=len(text), limit=MAX_URL_NAME))
    return text


def _text_list(value: Any, ctx: Context) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise FieldError(msg('must be a list of text, e.g. ["a", "b"], got %(value)s',
                              value=describe(value)))
    return tuple(_text(item, ctx) for item in value)


def _bool(value: Any, ctx: Context) -> bool:
    if not isinstance(value, bool):
        raise FieldError(msg("must be true or false, got %(value)s", value=describe(value)))
    return value


def _datetime(value: Any, ctx: Context) -> datetime:
    """A date-time; without an offset it is the site's local time, not UTC."""
    if isinstance(value, NotADate):
        raise FieldError(msg("must be a real date such as 2023-09-01 00:14, got %(value)s",
                              value=repr(str(value))))
    if isinstance(value, datetime):
        result = value
    elif isinstance(value, date):
        result = datetime.combine(value, time())
    elif isinstance(value, str):
        try:
            result = datetime.fromisoformat(value.strip())
        except ValueError:
            raise FieldError(msg("must be a date-time such as 2023-09-01 00:14 or "
                                  "2023-09-01T00:14:00+07:00, got %(value)s",
                                  value=repr(value))) from None
    else:
        raise FieldError(msg("must be a date-time such as 2023-09-01 00:14, got %(value)s",
                              value=describe(value)))
    if result.tzinfo is None:
        result = result.replace(tzinfo=ctx.tz)
    return result


def _date(value: Any, ctx: Context) -> datetime:
    if isinstance(value, NotADate):
        raise FieldError(msg("must be a real date such as 2021-03-18, got %(value)s",
                              value=repr(str(value))))
    if isinstance(value, datetime):
        raise FieldError(msg("must be a date without time such as 2021-03-18, got %(value)s",
                              value=str(value)))
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            raise FieldError(msg("must be a date such as 2021-03-18, got %(value)s",
                                  value=repr(value))) from None
    if not isinstance(value, date):
        raise FieldError(msg("must be a date such as 2021-03-18, got %(value)s",
                              value=describe(value)))
    return datetime.combine(value, time(), tzinfo=ctx.tz)


def _url(value: Any, ctx: Context) -> str:
    text = _text(value, ctx)
    if not re.match(r"^https?://\S+$", text):
        raise FieldError(msg("must be an absolute http(s) URL, got %(value)s",
                              value=repr(text)))
    return text


def _mapping(value: Any, allowed: set[str], example: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise FieldError(msg("must be a mapping such as %(example)s, got %(value)s",
                              example=example, value=describe(value)))
    for key in value:
        if key not in allowed:
            raise FieldError(msg("is not a known key; expected %(keys)s",
                                  keys=", ".join(sorted(allowed))), key=str(key))
    return value


def _rating(value: Any, ctx: Context) -> Rating:
    data = _mapping(value, {"points", "votes"}, "{points: 5, votes: 1}")
    for key in ("points", "votes"):
        item = data.get(key)
        if not isinstance(item, int) or isinstance(item, bool):
            raise FieldError(msg("must be a whole number, got %(value)s",
                                  value=describe(item)), key=key)
    points, votes = data["points"], data["votes"]
    if votes < 1:
        raise FieldError(msg("must be at least 1, got %(value)s", value=votes), key="votes")
    if not votes <= points <= 5 * votes:
        raise FieldError(msg_n(
            "must be between votes and 5 × votes (1–5 stars per vote); got %(points)s "
            "for %(count)s vote", "must be between votes and 5 × votes (1–5 stars per vote); "
            "got %(points)s for %(count)s votes", votes, points=points), key="points")
    return Rating(points, votes)


def _image(value: Any, ctx: Context) -> Image:
    data = _mapping(value, {"src", "alt", "caption"}, '{src: "/images/a.jpg", alt: "…"}')
    if not data.get("src") and not ctx.translation:  # a translation shows the original's
        raise FieldError(msg("is required: the image file, e.g. /images/hoi-nghi.jpg"),
                          key="src")
    if not isinstance(data.get("alt"), str) or not data["alt"].strip():
        raise FieldError(msg("is required: describe the image for readers who cannot see it"),
                          key="alt")
    return Image(_text(data["src"], ctx) if data.get("src") else "", _text(data["alt"], ctx),
                 _text(data["caption"], ctx) if data.get("caption") else "")


def _aliases(value: Any, ctx: Context) -> tuple[str, ...]:
    paths = [read_alias(text) for text in _text_list(value, ctx)]
    problems = [FieldError(path, item=index) for index, path in enumerate(paths)
                if not isinstance(path, str)]
    if problems:
        raise FieldError(problems[0].message, item=problems[0].item, more=tuple(problems[1:]))
    return tuple(path for path in paths if isinstance(path, str))


def _signer(value: Any, ctx: Context) -> Signer:
    data = _mapping(value, {"on_behalf", "title", "name"},
                    '{on_behalf: "T/M BAN THƯỜNG VỤ", title: "PHÓ BÍ THƯ", name: "…"}')
    return Signer(**{k: str(v).strip() for k, v in data.items() if v})


PARSERS: dict[str, Parser] = {
    "title": _text, "slug": _slug, "summary": _text, "date": _datetime, "updated": _datetime,
    "expires": _datetime, "author": _name, "category": _name, "tags": _tags,
    "directives": _names, "rating": _rating, "image": _image, "draft": _bool,
    "internal": _bool, "number": _name, "issuer": _name, "kind": _name,
    "implements": _names, "issuer_parent": _name, "place": _text, "signer": _signer,
    "recipients": _text_list, "source": _url, "source_digest": _text, "aliases": _aliases,
}
# Lists whose items are reported at their own lines ("aliases.2"): each alias names a file.
ITEM_LINES = {"aliases"}
assert {f.name for f in fields(FrontMatter)} == set(PARSERS)


def describe(value: Any) -> Text | str:
    if value is None:
        return msg("nothing")
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (list, tuple)):
        return msg("a list")
    if isinstance(value, dict):
        return msg("a mapping")
    return repr(value) if isinstance(value, str) else str(value)
