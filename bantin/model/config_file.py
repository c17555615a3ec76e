"""Reading config.toml into a Config: every problem reported at its line, with the fix."""

from __future__ import annotations

import re
import tomllib
from dataclasses import MISSING, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError

from ..core import messages
from ..core.diagnostics import Diagnostics
from ..core.messages import Text, msg
from ..core.text import NotText, normalize_source, slugify
from ..core.toml_lines import TomlLines
from .config import (
    CONFIG_FILE,
    DEFAULT_PER_PAGE,
    DEFAULT_THEME_COLOR,
    EDITOR_BACKENDS,
    LISTING_DEFAULTS,
    RATING_FORMS,
    SECTION_KINDS,
    UNTRANSLATED,
    URL_NAME,
    Branding,
    Category,
    Config,
    ConfigError,
    Editor,
    Identity,
    Language,
    Listings,
    Ratings,
    Section,
)

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

# The settings record _Reader.record makes: one of this module's dataclasses.
_Record = TypeVar("_Record", bound="DataclassInstance")


class _Reader:
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


def _url_name(where: str, name: str) -> Text:
    return msg("%(where)s URL name `%(name)s` must be lowercase ASCII letters, digits and "
               "hyphens", where=where, name=name)


def invalid_toml(exc: tomllib.TOMLDecodeError) -> Text:
    """TOML's own words (English, from the library), framed with what to do."""
    return msg("invalid TOML: %(problem)s; check the quotes, `=` signs and [table] lines "
               "there", problem=str(exc))


def load_config(root: Path) -> Config:
    path = root / CONFIG_FILE
    diagnostics = Diagnostics()
    try:
        text = normalize_source(path.read_bytes())
        data = tomllib.loads(text)
    except FileNotFoundError:
        diagnostics.error(CONFIG_FILE, 0, msg("config.toml not found in the site folder: run "
                                              "the command in the site folder, or give it "
                                              "with --root"))
        raise ConfigError(diagnostics) from None
    except NotText as exc:
        diagnostics.error(CONFIG_FILE, exc.line, exc.message)
        raise ConfigError(diagnostics) from None
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        diagnostics.error(CONFIG_FILE, int(match.group(1)) if match else 0, invalid_toml(exc))
        raise ConfigError(diagnostics) from None
    reader = _Reader(text, diagnostics)
    top = {"base_url", "timezone", "default_language", "languages", "sections", "categories",
           "listings", "search", "editor_language", "branding", "identity", "editor",
           "ratings"}
    for key in data:
        if key not in top:
            reader.error((), key, msg("unknown setting `%(key)s`; expected one of: %(known)s",
                                      key=key, known=", ".join(sorted(top))))

    entries = [entry for entry in data.get("languages", []) if isinstance(entry, dict)]
    languages = tuple(reader.record(Language, entry, "[[languages]]", ("languages",), index)
                      for index, entry in enumerate(entries))
    codes = [lang.code for lang in languages]
    if not languages:
        reader.error((), "languages", msg("configure at least one [[languages]] entry"))
    for index, lang in enumerate(languages):
        if lang.code in codes[:index]:
            reader.error(("languages",), "code", msg(
                "language code `%(code)s` is configured twice: give each [[languages]] entry "
                "its own code", code=lang.code), index)
        if lang.locale:  # a missing one is reported above
            try:
                Locale.parse(lang.locale)
            except (UnknownLocaleError, ValueError):
                reader.error(("languages",), "locale", msg(
                    "language `%(code)s` has unknown locale `%(locale)s`: write a locale such "
                    "as vi_VN or en_US", code=lang.code, locale=lang.locale), index)
        if lang.untranslated not in UNTRANSLATED:
            reader.error(("languages",), "untranslated", msg(
                "language `%(code)s` has untranslated = %(value)s; expected one of: %(known)s",
                code=lang.code, value=repr(lang.untranslated), known=", ".join(UNTRANSLATED)),
                index)
    default = data.get("default_language", codes[0] if codes else "")
    if codes and default not in codes:
        reader.error((), "default_language", msg(
            "default_language `%(lang)s` is not among the configured languages (%(codes)s): "
            "write one of them", lang=default, codes=", ".join(codes)))
    timezone = data.get("timezone", "Asia/Ho_Chi_Minh")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        reader.error((), "timezone", msg("unknown time zone `%(zone)s`: write one such as "
                                         "Asia/Ho_Chi_Minh", zone=timezone))
        timezone = "Asia/Ho_Chi_Minh"
    base_url = str(data.get("base_url", "")).rstrip("/")
    if "base_url" not in data:
        reader.error((), "base_url", msg(
            "base_url is missing: add the site's address at the top of config.toml, e.g. "
            'base_url = "https://thongtindoingoai.example.vn"'))
    elif not re.match(r"^https?://[^/]+(/.*)?$", base_url):
        reader.error((), "base_url", msg("base_url must be an absolute http(s) URL, "
                                         "e.g. https://thongtindoingoai.example.vn"))

    sections: dict[str, Section] = {}
    for section_id, entry in _tables(reader, data, "sections").items():
        where = f"[sections.{section_id}]"
        table = ("sections", section_id)
        kind = entry.get("kind", "")
        if kind not in SECTION_KINDS:
            reader.error(table, "kind", msg("%(where)s kind must be one of %(kinds)s",
                                            where=where, kinds=", ".join(SECTION_KINDS)))
        url = reader.per_language(entry.pop("url", section_id), "url", where, codes, table)
        # Every language gets a URL name; one not given borrows the default language's.
        url = {code: url.get(code) or url.get(default) or section_id for code in codes}
        title = reader.per_language(entry.pop("title", section_id), "title", where, codes,
                                    table)
        for url_name in url.values():
            if not URL_NAME.match(url_name):
                reader.error(table, "url", _url_name(where=where, name=url_name))
        sections[section_id] = reader.record(Section, entry, where, table, id=section_id,
                                             url=url, title=title)

    categories: dict[str, Category] = {}
    for category_id, entry in _tables(reader, data, "categories").items():
        where = f"[categories.{category_id}]"
        table = ("categories", category_id)
        name = reader.per_language(entry.pop("name", category_id), "name", where, codes, table)
        if not URL_NAME.match(category_id):
            reader.error(table, None, msg(
                "category id `%(id)s` must be lowercase ASCII letters, digits and hyphens, "
                "e.g. [categories.%(example)s]; articles name it in `category:`",
                id=category_id, example=slugify(category_id) or "the-thao"))
        categories[category_id] = reader.record(Category, entry, where, table,
                                                id=category_id, name=name)

    editor_language = data.get("editor_language", default)
    if editor_language not in messages.languages():
        reader.error((), "editor_language", msg(
            "editor_language `%(lang)s`: Bantin's messages exist in %(langs)s",
            lang=editor_language, langs=", ".join(messages.languages())))
    listings = _listings(reader, data.get("listings", {}), codes, default)
    search_url = _search_url(reader, data.get("search", {}), codes, default)
    branding = _branding(reader, data.get("branding", {}))
    identity = _identity(reader, data.get("identity", {}), codes)
    ratings = _ratings(reader, data.get("ratings", {}))

    editor = _editor(reader, data["editor"]) if "editor" in data else None

    if diagnostics.errors:
        raise ConfigError(diagnostics)
    return Config(
        root=root,
        base_url=base_url,
        timezone=timezone,
        default_language=default,
        languages=languages,
        sections=sections,
        categories=categories,
        listings=listings,
        search_url=search_url,
        editor_language=editor_language,
        branding=branding,
        identity=identity,
        ratings=ratings,
        editor=editor,
    )


def _ratings(reader: _Reader, entry: Any) -> Ratings:
    if not isinstance(entry, dict):
        reader.error((), "ratings", msg('[ratings] must be a table, e.g. form = "netlify"'))
        return Ratings()
    ratings = reader.record(Ratings, entry, "[ratings]", ("ratings",))
    if ratings.form not in RATING_FORMS:
        reader.error(("ratings",), "form", msg(
            "[ratings] form must be one of %(known)s (Netlify's form, the nginx block's "
            "votes log, no form); got %(value)s", known=", ".join(RATING_FORMS),
            value=repr(ratings.form)))
        return Ratings()
    return ratings


def _tables(reader: _Reader, data: dict[str, Any], name: str) -> dict[str, dict[str, Any]]:
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


def _editor(reader: _Reader, entry: Any) -> Editor | None:
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


def _listings(reader: _Reader, entry: Any, codes: list[str], default: str) -> Listings:
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
                reader.error(("listings",), kind, _url_name(where=where, name=name))
    per_page = entry.get("per_page", DEFAULT_PER_PAGE)
    if not isinstance(per_page, int) or isinstance(per_page, bool) or per_page < 1:
        reader.error(("listings",), "per_page", msg(
            "%(where)s per_page must be a whole number of at least 1, got %(value)s",
            where=where, value=repr(per_page)))
        entry["per_page"] = DEFAULT_PER_PAGE
    return reader.record(Listings, entry, where, ("listings",), **names)


def _search_url(reader: _Reader, entry: Any, codes: list[str], default: str) -> dict[str, str]:
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
            reader.error(("search",), "url", _url_name(where="[search]", name=name))
    return names


def editor_language(root: Path, requested: str | None) -> str:
    """The language of the messages: `--lang`, else config.toml's editor_language, else its
    default_language, else Vietnamese. Read leniently: a broken config.toml is reported in
    the editors' language too."""
    if requested:
        return requested
    try:
        data = tomllib.loads((root / CONFIG_FILE).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return "vi"
    chosen = data.get("editor_language", data.get("default_language", "vi"))
    return chosen if isinstance(chosen, str) else "vi"

def _branding(reader: _Reader, entry: Any) -> Branding:
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


def _identity(reader: _Reader, entry: Any, codes: list[str]) -> Identity:
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
