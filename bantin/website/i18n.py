"""UI strings: gettext catalogs in locales/<lang>/LC_MESSAGES/messages.po, compiled in memory.

Also the catalog workflow behind `python build.py i18n extract|update|check`: Babel's
extraction from the layouts, the update of every configured language's catalog, and the
check that reports each msgid a language lacks (readers then see the default language's).
"""

from __future__ import annotations

import gettext
import hashlib
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.diagnostics import Diagnostic
from ..core.messages import msg
from ..model.config import Config

if TYPE_CHECKING:  # Babel's catalogs are imported where a .po is read: a build whose
    # catalogs it compiled before reads none (load_translations' `compiled`)
    from babel.messages.catalog import Catalog, Message

LOCALES_DIR = "locales"
TEMPLATE = f"{LOCALES_DIR}/messages.pot"
LAYOUTS = "layouts"
MAPPING = "babel.cfg"  # what to extract from, shared with plain `pybabel extract -F babel.cfg`
# When a site has no babel.cfg: the layouts' HTML, as the repository's babel.cfg says.
_METHODS = [("layouts/**.html", "jinja2.ext:babel_extract")]
_OPTIONS = {"layouts/**.html": {"extensions": "jinja2.ext.i18n", "trim_blocks": "true",
                                "lstrip_blocks": "true"}}
_WIDTH = 76  # pybabel's default, so its output and ours never differ


def catalog_path(lang: str) -> str:
    return f"{LOCALES_DIR}/{lang}/LC_MESSAGES/messages.po"


def _compile(root: Path, lang: str, problems: list[Diagnostic],
             compiled: dict[str, tuple[str, bytes]]) -> gettext.NullTranslations:
    path = root / catalog_path(lang)
    if not path.exists():
        return gettext.NullTranslations()
    data = path.read_bytes()
    digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    known = compiled.get(lang)
    if known is None or known[0] != digest:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import PoFileError, read_po

        try:
            catalog = read_po(io.BytesIO(data), locale=None, abort_invalid=True)
        except (PoFileError, ValueError) as exc:
            problems.append(Diagnostic(catalog_path(lang), 0, "error", msg(
                "invalid catalog: %(problem)s; correct the file, or make it again with "
                "`python build.py i18n update`", problem=str(exc))))
            return gettext.NullTranslations()
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)  # fuzzy ones are not yet checked by a human
        known = compiled[lang] = (digest, buffer.getvalue())
    return gettext.GNUTranslations(io.BytesIO(known[1]))


def load_translations(config: Config,
                      check: Callable[[Config], list[Diagnostic]] | None = None,
                      compiled: dict[str, tuple[str, bytes]] | None = None
                      ) -> tuple[dict[str, gettext.NullTranslations], list[Diagnostic]]:
    """Per language, its catalog falling back to the default language's, then to the msgid.

    The problems include a warning for every msgid of the layouts a language lacks
    (`check`, by default check_catalogs: a build passes one that remembers its answer).
    `compiled`: per language, the digest of its .po and the catalog compiled from it (.mo),
    used while the .po is the same, and filled in for those compiled here (a build keeps
    it in its cache)."""
    problems: list[Diagnostic] = []
    known = compiled if compiled is not None else {}
    translations = {lang: _compile(config.root, lang, problems, known)
                    for lang in config.language_codes}
    if not problems:
        problems += (check or check_catalogs)(config)
    default = translations[config.default_language]
    for lang, found in translations.items():
        if lang != config.default_language:
            found.add_fallback(default)
    return translations, problems



def extract(root: Path) -> Catalog:
    """The template: every gettext msgid of the layouts, with where it is used."""
    # imported here: a build only compiles the catalogs
    from babel.messages.catalog import Catalog
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    template = Catalog(fuzzy=False)
    layouts = root / LAYOUTS
    if not layouts.is_dir():
        return template
    methods, options = _METHODS, _OPTIONS
    if (root / MAPPING).is_file():
        with (root / MAPPING).open(encoding="utf-8") as handle:
            methods, options = parse_mapping_cfg(handle, MAPPING)

    # Only the folders the mapping names (layouts/, and bantin/ for the few UI strings built
    # in Python): never content/, .venv/ or public/.
    folders = [root / pattern.split("/")[0] for pattern, _ in methods if "/" in pattern]

    def only_layouts(path: str) -> bool:
        return any(Path(path).is_relative_to(folder) for folder in [layouts, *folders])

    for filename, lineno, message, comments, context in extract_from_dir(
            root, methods, options, keywords=DEFAULT_KEYWORDS,
            directory_filter=only_layouts):
        template.add(message, None, [(filename, lineno)], auto_comments=comments,
                     context=context)
    return template


def write_template(root: Path, template: Catalog) -> Path:
    """locales/messages.pot as `pybabel extract --no-location --sort-output --omit-header`."""
    from babel.messages.pofile import write_po

    path = root / TEMPLATE
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, template, width=_WIDTH, no_location=True, omit_header=True,
                 sort_output=True)
    return path


def update_catalogs(config: Config) -> list[tuple[str, Catalog]]:
    """Bring every configured language's catalog up to locales/messages.pot, creating
    missing ones.

    Like `pybabel update --no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date`:
    no guessed (fuzzy) translations, no dead entries, and no header churn between commits."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    with (config.root / TEMPLATE).open("rb") as handle:
        template = read_po(handle)
    updated = []
    for lang in config.languages:
        path = config.root / catalog_path(lang.code)
        if path.exists():
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=lang.locale)
        else:
            catalog = Catalog(locale=lang.locale, fuzzy=False)
            catalog.creation_date = template.creation_date
            path.parent.mkdir(parents=True, exist_ok=True)
        catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
        with path.open("wb") as handle:
            write_po(handle, catalog, width=_WIDTH, ignore_obsolete=True)
        updated.append((catalog_path(lang.code), catalog))
    return updated


def _translated(message: Message | None) -> bool:
    if message is None or message.fuzzy:
        return False
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return all(strings)


def check_catalogs(config: Config, template: Catalog | None = None) -> list[Diagnostic]:
    """A warning per msgid of the layouts that a language's catalog lacks (or leaves empty or
    fuzzy), and an error per translation whose placeholders do not match its msgid."""
    from babel.messages.pofile import PoFileError, read_po

    template = template if template is not None else extract(config.root)
    default = config.default_language
    problems: list[Diagnostic] = []
    for lang in config.language_codes:
        relative = catalog_path(lang)
        path = config.root / relative
        catalog = None
        if path.exists():
            try:
                with path.open("rb") as handle:
                    catalog = read_po(handle)
            except (PoFileError, ValueError):
                continue  # reported by load_translations
        fallback = (msg("the msgid itself") if lang == default
                    else msg("the `%(lang)s` text", lang=default))
        for message in template:
            if not message.id:
                continue
            found = catalog.get(message.id, message.context) if catalog else None
            if _translated(found):
                continue
            msgid = _first(message.id)
            where = message.locations[0] if message.locations else None
            line = found.lineno if found and found.lineno else 0
            if where:
                warning = msg('msgid "%(msgid)s" has no `%(lang)s` translation (used in '
                              '%(file)s:%(line)s); readers see %(fallback)s', msgid=msgid,
                              lang=lang, file=where[0], line=where[1], fallback=fallback)
            else:
                warning = msg('msgid "%(msgid)s" has no `%(lang)s` translation; readers see '
                              '%(fallback)s', msgid=msgid, lang=lang, fallback=fallback)
            problems.append(Diagnostic(relative, line, "warning", warning))
        if catalog is not None:
            for message, errors in catalog.check():
                for error in errors:
                    problems.append(Diagnostic(relative, message.lineno or 0, "error", msg(
                        'msgid "%(msgid)s": %(problem)s; correct its translation (msgstr)',
                        msgid=_first(message.id),
                        problem=str(error))))
            problems += _markup_warnings(relative, catalog)
    return problems


_TAG = re.compile(r"</?[A-Za-z!][^>]*>?")


def _markup_warnings(relative: str, catalog: Catalog) -> list[Diagnostic]:
    """A warning per translation that holds HTML: layouts escape catalog strings (render.py),
    so readers would see the tag as text; a tag that ran would run on every page."""
    problems = []
    for message in catalog:
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        tags = [found.group(0) for text in strings if text and (found := _TAG.search(text))]
        if message.id and tags:
            problems.append(Diagnostic(
                relative, message.lineno or 0, "warning",
                msg('msgid "%(msgid)s": the translation holds HTML (%(tag)s), which readers see '
                    "as text, never as markup: interface strings are plain text; write the "
                    "words only", msgid=_first(message.id), tag=tags[0])))
    return problems


def _first(msgid: str | tuple[str, ...] | list[str]) -> str:
    return msgid[0] if isinstance(msgid, (list, tuple)) else msgid
