"""UI strings: gettext catalogs in locales/<lang>/LC_MESSAGES/messages.po, compiled in memory."""

from __future__ import annotations

import gettext
import io
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po

from .config import Config
from .diagnostics import Diagnostic

LOCALES_DIR = "locales"


def catalog_path(lang: str) -> str:
    return f"{LOCALES_DIR}/{lang}/LC_MESSAGES/messages.po"


def _compile(root: Path, lang: str, problems: list[Diagnostic]) -> gettext.NullTranslations:
    path = root / catalog_path(lang)
    if not path.exists():
        return gettext.NullTranslations()
    try:
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=None, abort_invalid=True)
    except (PoFileError, ValueError) as exc:
        problems.append(Diagnostic(catalog_path(lang), 0, "error", f"invalid catalog: {exc}"))
        return gettext.NullTranslations()
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)  # fuzzy entries are not yet checked by a human
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def load_translations(config: Config) -> tuple[dict[str, gettext.NullTranslations],
                                               list[Diagnostic]]:
    """Per language, its catalog falling back to the default language's, then to the msgid."""
    problems: list[Diagnostic] = []
    compiled = {lang: _compile(config.root, lang, problems) for lang in config.language_codes}
    default = compiled[config.default_language]
    for lang, translations in compiled.items():
        if lang != config.default_language:
            translations.add_fallback(default)
    return compiled, problems
