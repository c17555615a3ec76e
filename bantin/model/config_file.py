"""Reading config.toml into a Config: every problem reported at its line, with the fix."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError

from ..core import messages
from ..core.diagnostics import Diagnostics
from ..core.messages import msg
from ..core.text import NotText, normalize_source, slugify
from . import config_tables
from .config import (
    CONFIG_FILE,
    LANGUAGE_CODE,
    SECTION_KINDS,
    UNTRANSLATED,
    URL_NAME,
    Category,
    Config,
    ConfigError,
    Language,
    Section,
)
from .config_tables import Reader, invalid_toml, must_be_text


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
    reader = config_tables.Reader(text, diagnostics)
    top = {"base_url", "timezone", "default_language", "languages", "sections", "categories",
           "listings", "search", "editor_language", "branding", "identity", "editor",
           "ratings"}
    for key in data:
        if key not in top:
            reader.error((), key, msg("unknown setting `%(key)s`; expected one of: %(known)s",
                                      key=key, known=", ".join(sorted(top))))

    languages = _languages(reader, data.get("languages", []))
    codes = [lang.code for lang in languages]
    default = data.get("default_language", codes[0] if codes else "")
    if not isinstance(default, str):
        reader.error((), "default_language",
                     must_be_text(CONFIG_FILE, "default_language", default))
        default = codes[0] if codes else ""
    elif codes and default not in codes:
        reader.error((), "default_language", msg(
            "default_language `%(lang)s` is not among the configured languages (%(codes)s): "
            "write one of them", lang=default, codes=", ".join(codes)))
    timezone = data.get("timezone", "Asia/Ho_Chi_Minh")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
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
    for section_id, entry in config_tables.tables(reader, data, "sections").items():
        where = f"[sections.{section_id}]"
        table = ("sections", section_id)
        if not URL_NAME.match(section_id):
            reader.error(table, None, msg(
                "section id `%(id)s` must be lowercase ASCII letters, digits and hyphens, "
                "e.g. [sections.%(example)s]: it is the folder content/%(example)s/",
                id=section_id, example=slugify(section_id) or "tin-tuc"))
        kind = entry.get("kind", "")
        if isinstance(kind, str) and kind not in SECTION_KINDS:
            reader.error(table, "kind", msg("%(where)s kind must be one of %(kinds)s",
                                            where=where, kinds=", ".join(SECTION_KINDS)))
        url = reader.per_language(entry.pop("url", section_id), "url", where, codes, table)
        # Every language gets a URL name; one not given borrows the default language's.
        url = {code: url.get(code) or url.get(default) or section_id for code in codes}
        title = reader.per_language(entry.pop("title", section_id), "title", where, codes,
                                    table)
        for url_name in url.values():
            if not URL_NAME.match(url_name):
                reader.error(table, "url", config_tables.url_name(where=where, name=url_name))
        sections[section_id] = reader.record(Section, entry, where, table, id=section_id,
                                             url=url, title=title)

    categories: dict[str, Category] = {}
    for category_id, entry in config_tables.tables(reader, data, "categories").items():
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

    editor_language = data.get("editor_language", default or "vi")  # no language: reported
    if editor_language not in messages.languages():
        reader.error((), "editor_language", msg(
            "editor_language `%(lang)s`: Bantin's messages exist in %(langs)s",
            lang=editor_language, langs=", ".join(messages.languages())))
    listings = config_tables.listings(reader, data.get("listings", {}), codes, default)
    search_url = config_tables.search_url(reader, data.get("search", {}), codes, default)
    branding = config_tables.branding(reader, data.get("branding", {}))
    identity = config_tables.identity(reader, data.get("identity", {}), codes)
    ratings = config_tables.ratings(reader, data.get("ratings", {}))

    editor = config_tables.editor(reader, data["editor"]) if "editor" in data else None

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


def _languages(reader: Reader, entries: object) -> tuple[Language, ...]:
    """The [[languages]] entries; a code that is not a language tag is an error at its line,
    and the entry is left out (its code would name files and URLs)."""
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        reader.error((), "languages", msg(
            "configure each language in a [[languages]] table (two brackets), with its code, "
            "name, locale and title on the lines below"))
        entries = [] if not isinstance(entries, list) else entries
    elif not entries:
        reader.error((), "languages", msg("configure at least one [[languages]] entry"))
    languages: list[Language] = []
    codes: list[str] = []
    for index, entry in enumerate(e for e in entries if isinstance(e, dict)):
        lang = reader.record(Language, entry, "[[languages]]", ("languages",), index)
        if not LANGUAGE_CODE.match(lang.code):
            if isinstance(entry.get("code"), str):  # not text: reported by record
                reader.error(("languages",), "code", msg(
                    "language code `%(code)s` must be a language tag such as vi, en or "
                    "zh-Hans: it names the language's files (bai-viet.en.md) and is the first "
                    "part of its addresses (/en/)", code=lang.code), index)
            continue
        if lang.code in codes:
            reader.error(("languages",), "code", msg(
                "language code `%(code)s` is configured twice: give each [[languages]] entry "
                "its own code", code=lang.code), index)
            continue
        codes.append(lang.code)
        languages.append(lang)
        if "locale" in entry and isinstance(entry["locale"], str):  # else reported above
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
    return tuple(languages)
