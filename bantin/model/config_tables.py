"""config.toml's values, read one by one: the reader that reports each problem at its line,
and the tables beyond languages, sections and categories ([listings], [search], [branding],
[identity], [editor])."""

from __future__ import annotations

import re
import tomllib
from dataclasses import MISSING, fields
from typing import TYPE_CHECKING, Any, TypeVar

from ..core.diagnostics import Diagnostics
from ..core.messages import Text, msg
from ..core.toml_lines import TomlLines
from .config import (
    CONFIG_FILE,
    DEFAULT_PER_PAGE,
    DEFAULT_THEME_COLOR,
    EDITOR_BACKENDS,
    LISTING_DEFAULTS,
    RATING_FORMS,
    URL_NAME,
    Branding,
    Editor,
    Identity,
    Listings,
    Ratings,
)

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

# The settings record Reader.record makes: one of this module's dataclasses.
_Record = TypeVar("_Record", bound="DataclassInstance")


class Reader:
    """Turns the parsed TOML into dataclasses, collecting every problem with its line: the
    key's own, else its table's header (`table`, the `index`-th of an array of tables)."""

    def __init__(self, text: str, diagnostics: Diagnostics) -> None:
        self.lines = TomlLines(text)
        self.diagnostics = diagnostics

    def error(self, table: tuple[str, ...], key: str | None, message: Text,
              index: int = 0) -> None:
        self.diagnostics.error(CONFIG_FILE, self.lines.line(table, key, index), message)

    def record(self, cls: type[_Record], data: dict[str, Any], where: str,
               table: tuple[str, ...], index: int = 0, /, **extra: Any) -> _Record:
        # `index` is positional-only so that no field a caller passes in **extra can meet it
        known = {f.name for f in fields(cls)} - set(extra)
        for key in data:
            if key not in known:
                self.error(table, key, msg("unknown setting `%(key)s` in %(where)s; expected "
                                           "one of: %(known)s", key=key, where=where,
                                           known=", ".join(sorted(known))), index)
        values = dict(extra)
        for f in fields(cls):
            if f.name in extra:
                continue
            if f.name in data:
                values[f.name] = data[f.name]
                if f.type == "str" and not isinstance(data[f.name], str):
                    self.error(table, f.name, must_be_text(where, f.name, data[f.name]), index)
                    values[f.name] = "" if f.default is MISSING else f.default
            elif f.default is MISSING and f.default_factory is MISSING:
                self.error(table, None, msg("%(where)s needs `%(key)s`: add a `%(key)s = …` "
                                            "line to it", where=where, key=f.name), index)
                values[f.name] = ""
        return cls(**values)

    def per_language(self, value: Any, key: str, where: str, codes: list[str],
                     table: tuple[str, ...]) -> dict[str, str]:
        if isinstance(value, str):
            return {code: value for code in codes}
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            self.error(table, key, msg('%(where)s.%(key)s must be a table of text per language, '
                                       'e.g. { vi = "…", en = "…" }', where=where, key=key))
            return {}
        for code in value:
            if code not in codes:
                self.error(table, key, msg("%(where)s.%(key)s names language `%(code)s`, which "
                                           "is not configured: add it to [[languages]] or "
                                           "remove it here", where=where, key=key, code=code))
        return dict(value)


def describe(value: Any) -> Text | str:
    """A TOML value as a message names it: "a list", "a table", 3, true, 'text'."""
    if isinstance(value, list):
        return msg("a list")
    if isinstance(value, dict):
        return msg("a table")
    if isinstance(value, bool):
        return str(value).lower()
    return repr(value) if isinstance(value, str) else str(value)


def must_be_text(where: str, key: str, value: Any) -> Text:
    return msg('%(where)s %(key)s must be text in quotes, e.g. %(key)s = "…"; got %(value)s',
               where=where, key=key, value=describe(value))


def url_name(where: str, name: str) -> Text:
    return msg("%(where)s URL name `%(name)s` must be lowercase ASCII letters, digits and "
               "hyphens", where=where, name=name)


def invalid_toml(exc: tomllib.TOMLDecodeError) -> Text:
    """TOML's own words (English, from the library), framed with what to do."""
    return msg("invalid TOML: %(problem)s; check the quotes, `=` signs and [table] lines "
               "there", problem=str(exc))



def tables(reader: Reader, data: dict[str, Any], name: str) -> dict[str, dict[str, Any]]:
    """[name.<id>] tables by id; anything else there is an error at its line."""
    found = data.get(name, {})
    if not isinstance(found, dict):
        reader.error((), name, msg("`%(name)s` must be tables: [%(name)s.<id>] with its "
                                   "settings below", name=name))
        return {}
    tables = {}
    for key, entry in found.items():
        if isinstance(entry, dict):
            tables[key] = dict(entry)
        else:
            reader.error((name,), key, msg("[%(name)s.%(key)s] must be a table: "
                                           "[%(name)s.%(key)s] with its settings on the lines "
                                           "below", name=name, key=key))
    return tables



def editor(reader: Reader, entry: Any) -> Editor | None:
    where = "[editor]"
    table = ("editor",)
    if not isinstance(entry, dict):
        reader.error((), "editor", msg('[editor] must be a table, e.g. repo = "owner/name"'))
        return None
    editor: Editor = reader.record(Editor, entry, where, table)
    if not re.match(r"^[\w.-]+(/[\w.-]+)+$", str(editor.repo)):
        reader.error(table, "repo", msg('[editor] repo must be the repository as "owner/name", '
                                        "got %(repo)s", repo=repr(editor.repo)))
    if editor.backend not in EDITOR_BACKENDS:
        reader.error(table, "backend", msg(
            "[editor] backend must be one of %(known)s (the ones whose review workflow the "
            "editor supports)", known=", ".join(EDITOR_BACKENDS)))
    if not isinstance(editor.review, bool):
        reader.error(table, "review", msg("[editor] review must be true or false"))
    if editor.auth_url and not re.match(r"^https://[^/]+$", str(editor.auth_url)):
        reader.error(table, "auth_url", msg(
            "[editor] auth_url must be an https:// origin such as https://auth.example.org, "
            "without a path"))
    return editor


def listings(reader: Reader, entry: Any, codes: list[str], default: str) -> Listings:
    where = "[listings]"
    if not isinstance(entry, dict):
        reader.error((), "listings", msg("[listings] must be a table: a [listings] line with "
                                         "its settings below"))
        return Listings()
    entry = dict(entry)
    names: dict[str, dict[str, str]] = {}
    for kind, fallback in LISTING_DEFAULTS.items():
        given = reader.per_language(entry.pop(kind, fallback), kind, where, codes,
                                    ("listings",))
        # A language without its own URL name borrows the default language's.
        names[kind] = {code: given.get(code) or given.get(default) or fallback for code in codes}
        for name in names[kind].values():
            if not URL_NAME.match(name):
                reader.error(("listings",), kind, url_name(where=where, name=name))
    per_page = entry.get("per_page", DEFAULT_PER_PAGE)
    if not isinstance(per_page, int) or isinstance(per_page, bool) or per_page < 1:
        reader.error(("listings",), "per_page", msg(
            "%(where)s per_page must be a whole number of at least 1, got %(value)s",
            where=where, value=repr(per_page)))
        entry["per_page"] = DEFAULT_PER_PAGE
    return reader.record(Listings, entry, where, ("listings",), **names)


def search_url(reader: Reader, entry: Any, codes: list[str], default: str) -> dict[str, str]:
    """[search] url = { vi = "tim-kiem", en = "search" }; a language left out borrows the
    default language's name, and "search" is the name when none is given."""
    if not isinstance(entry, dict):
        reader.error((), "search", msg("[search] must be a table with `url`"))
        return {code: "search" for code in codes}
    for key in entry:
        if key != "url":
            reader.error(("search",), key, msg("unknown setting `%(key)s` in [search]; "
                                               "expected one of: url", key=key))
    given = reader.per_language(entry.get("url", "search"), "url", "[search]", codes,
                                ("search",))
    names = {code: given.get(code) or given.get(default) or "search" for code in codes}
    for name in names.values():
        if not URL_NAME.match(name):
            reader.error(("search",), "url", url_name(where="[search]", name=name))
    return names


def branding(reader: Reader, entry: Any) -> Branding:
    if not isinstance(entry, dict):
        reader.error((), "branding", msg("[branding] must be a table: write its settings "
                                         "under a [branding] line"))
        return Branding()
    entry = dict(entry)
    for key in ("logo", "favicon", "touch_icon"):
        value = entry.get(key, "")
        if not isinstance(value, str) or value.startswith("/") or ".." in value.split("/"):
            reader.error(("branding",), key, msg(
                '[branding] %(key)s must be a file\'s path in assets/, e.g. "images/emblem.svg"; '
                "got %(value)s", key=key, value=repr(value)))
            entry[key] = ""
    color = entry.get("theme_color", DEFAULT_THEME_COLOR)
    if not isinstance(color, str) or not re.fullmatch(r"#[0-9a-fA-F]{6}", color):
        reader.error(("branding",), "theme_color", msg(
            '[branding] theme_color must be a colour such as "#a3120f"; got %(value)s',
            value=repr(color)))
        entry["theme_color"] = DEFAULT_THEME_COLOR
    return reader.record(Branding, entry, "[branding]", ("branding",))


def identity(reader: Reader, entry: Any, codes: list[str]) -> Identity:
    if not isinstance(entry, dict):
        reader.error((), "identity", msg("[identity] must be a table: write its settings "
                                         "under an [identity] line"))
        return Identity()
    entry = dict(entry)
    texts = {}
    for name in ("agency", "in_charge", "licence", "address", "phone", "email"):
        if name in entry:
            texts[name] = reader.per_language(entry.pop(name), name, "[identity]", codes,
                                              ("identity",))
    pages = entry.pop("pages", [])
    if not isinstance(pages, list) or not all(
            isinstance(p, str) and re.fullmatch(r"[a-z0-9-]+/[a-z0-9-]+", p) for p in pages):
        reader.error(("identity",), "pages", msg(
            "[identity] pages must be a list of content files without language or extension, "
            'e.g. ["gioi-thieu/lien-he"]'))
        pages = []
    privacy = entry.get("privacy", "")
    if not isinstance(privacy, str) or (privacy and not re.fullmatch(r"[a-z0-9-]+/[a-z0-9-]+",
                                                                      privacy)):
        reader.error(("identity",), "privacy", msg(
            "[identity] privacy must be a content file without language or extension, "
            'e.g. "gioi-thieu/quyen-rieng-tu"'))
        entry["privacy"] = ""
    return reader.record(Identity, entry, "[identity]", ("identity",), pages=tuple(pages),
                         **texts)


def ratings(reader: Reader, entry: Any) -> Ratings:
    if not isinstance(entry, dict):
        reader.error((), "ratings", msg('[ratings] must be a table, e.g. form = "netlify"'))
        return Ratings()
    found = reader.record(Ratings, entry, "[ratings]", ("ratings",))
    if found.form not in RATING_FORMS:
        reader.error(("ratings",), "form", msg(
            "[ratings] form must be one of %(known)s (Netlify's form, the nginx block's "
            "votes log, no form); got %(value)s", known=", ".join(RATING_FORMS),
            value=repr(found.form)))
        return Ratings()
    return found
