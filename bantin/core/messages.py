"""What Bantin tells editors and translators: English texts, shown in the editors' language.

A message is made where the problem is found, as a `Text` value (its English msgid and its
arguments), and put into words only where it is printed, with the catalog of the language
the editor chose (`--lang`, else `editor_language` in config.toml, else the site's default
language). The catalogs are the engine's own, shipped with it:
`bantin/locales/<lang>/LC_MESSAGES/bantin.po`; a language without one reads English.

    Text("`%(key)s` is given twice in the front-matter", args=(("key", key),))
    msg("`%(key)s` is given twice in the front-matter", key=key)  # the same, shorter

`python -m bantin.core.messages update` extracts every msg()/msg_n() text from the package into
bantin/locales/bantin.pot and brings the catalogs up to it; `check` lists what a catalog lacks.
"""

from __future__ import annotations

import gettext
import io
import os
import struct
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CATALOGS = Path(__file__).resolve().parents[1] / "locales"
DOMAIN = "bantin"
TEMPLATE = CATALOGS / f"{DOMAIN}.pot"
SOURCE_LANGUAGE = "en"  # the language the msgids are written in
KEYWORDS = {"msg": (1,), "msg_n": (1, 2)}  # for Babel's extractor
Translations = gettext.NullTranslations


@dataclass(frozen=True, slots=True, order=True)
class Text:
    """One message: its English msgid (and plural), the count choosing the form, the values
    for its `%(name)s` placeholders (a value may be a Text: put into the same language)."""

    singular: str
    plural: str | None = None
    count: int = 0
    args: tuple[tuple[str, Any], ...] = ()

    def render(self, translations: gettext.NullTranslations | None = None) -> str:
        words = translations or gettext.NullTranslations()
        if self.plural is None:
            template = words.gettext(self.singular)
        else:
            template = words.ngettext(self.singular, self.plural, self.count)
        if not self.args:
            return template
        return template % {key: value.render(words) if isinstance(value, Text) else value
                           for key, value in self.args}

    def __str__(self) -> str:
        return self.render()


def _values(args: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    # Texts are hashed and pickled with the diagnostics: keep plain values (or Texts) only.
    return tuple(sorted((key, value if isinstance(value, (str, int, float, Text))
                         else str(value)) for key, value in args.items()))


def msg(singular: str, /, **args: Any) -> Text:
    """A message; `args` fill its `%(name)s` placeholders (a literal % is written %%)."""
    return Text(singular, args=_values(args))


def msg_n(singular: str, plural: str, count: int, /, **args: Any) -> Text:
    """A message with a plural form chosen by `count`, which is also the `%(count)s` value."""
    return Text(singular, plural, count, _values({"count": count, **args}))


def render(message: Text | str, translations: gettext.NullTranslations | None) -> str:
    """A message in words; text that is not a Text (e.g. a library's own) is shown as is."""
    return message.render(translations) if isinstance(message, Text) else message


def catalog_path(lang: str) -> Path:
    return CATALOGS / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def translations_for(lang: str) -> gettext.NullTranslations:
    """The engine's catalog for `lang`; English when it has none.

    Every command prints in the editor's language, a no-op build too: the compiled catalog
    is kept beside the .po (bantin.mo, git-ignored) and read with the standard library, and
    Babel compiles it again only when the .po is newer (or the folder is read-only)."""
    path = catalog_path(lang)
    if not path.is_file():
        return gettext.NullTranslations()
    compiled = path.with_suffix(".mo")
    try:
        if compiled.stat().st_mtime_ns >= path.stat().st_mtime_ns:
            with compiled.open("rb") as handle:
                return gettext.GNUTranslations(handle)
    except (OSError, ValueError, struct.error):
        pass  # none yet, or damaged: compiled again below
    data = _compile(path)
    partial = compiled.with_name(f".{compiled.name}.{os.getpid()}")
    try:  # whole or not at all: another command may be reading it
        partial.write_bytes(data)
        os.replace(partial, compiled)
    except OSError:  # a read-only install: compiled again next time
        partial.unlink(missing_ok=True)
    return gettext.GNUTranslations(io.BytesIO(data))


def _compile(path: Path) -> bytes:
    from babel.messages.mofile import write_mo  # imported here: only when the .po changed
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        catalog = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def languages() -> list[str]:
    """The languages Bantin's messages are available in."""
    return sorted({SOURCE_LANGUAGE} | {p.name for p in CATALOGS.iterdir()
                                       if (p / "LC_MESSAGES" / f"{DOMAIN}.po").is_file()})


def _extract() -> Any:
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    template = Catalog(project="Bantin", fuzzy=False)
    package = CATALOGS.parent
    for filename, lineno, message, comments, context in extract_from_dir(
            package, [("**.py", "python")], keywords=KEYWORDS,
            comment_tags=("TRANSLATORS:",)):
        # "" not None: a catalog takes a new message's text from here, and None breaks
        # update() (and the English fill) for every message that is not a plural
        template.add(message, "", [(f"bantin/{filename}", lineno)],
                     auto_comments=comments, context=context)
    return template


def update() -> list[tuple[str, int]]:
    """Write the template and bring every catalog up to it; (catalog, untranslated) each."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    template = _extract()
    TEMPLATE.parent.mkdir(parents=True, exist_ok=True)
    with TEMPLATE.open("wb") as handle:
        write_po(handle, template, omit_header=True, sort_output=True, no_location=True)
    report = []
    for lang in ("vi", "en"):
        path = catalog_path(lang)
        if path.is_file():
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=lang)
        else:
            catalog = Catalog(locale=lang, project="Bantin", fuzzy=False)
            path.parent.mkdir(parents=True, exist_ok=True)
        catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
        if lang == SOURCE_LANGUAGE:  # English starts as the msgid; a writer may improve it
            for message in catalog:
                strings = message.string
                filled = all(strings) if isinstance(strings, (list, tuple)) else bool(strings)
                if message.id and not filled:
                    message.string = message.id
        with path.open("wb") as handle:
            write_po(handle, catalog, ignore_obsolete=True, sort_output=True, no_location=True)
        todo = len(untranslated(lang, template))
        report.append((str(path.relative_to(CATALOGS.parent.parent)), todo))
    return report


def untranslated(lang: str, template: Any = None) -> list[str]:
    """The msgids of the package (or of `template`, when already extracted) that `lang`'s
    catalog lacks, leaves empty or marks fuzzy."""
    from babel.messages.pofile import read_po

    path = catalog_path(lang)
    catalog = None
    if path.is_file():
        with path.open("rb") as handle:
            catalog = read_po(handle)
    missing = []
    for message in template if template is not None else _extract():
        if not message.id:
            continue
        found = catalog.get(message.id) if catalog is not None else None
        strings = found.string if found is not None else ""
        strings = strings if isinstance(strings, (list, tuple)) else [strings or ""]
        if found is None or found.fuzzy or not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def main(argv: list[str]) -> int:
    """python -m bantin.core.messages update|check: the engine's own catalogs, for developers."""
    action = argv[0] if argv else ""
    if action == "update":
        for path, todo in update():
            print(f"updated {path}: {todo} to translate")
        return 0
    if action == "check":
        template = _extract()
        missing = {lang: untranslated(lang, template) for lang in ("vi", "en")}
        for lang, ids in missing.items():
            for msgid in ids:
                print(f"{catalog_path(lang).relative_to(CATALOGS.parent.parent)}: "
                      f"msgid {msgid!r} has no translation", file=sys.stderr)
        return 1 if any(missing.values()) else 0
    print("usage: python -m bantin.core.messages update|check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
