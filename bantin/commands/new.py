"""`python build.py new`: its options checked, the scaffold written, what to do next said."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from ..core.diagnostics import Diagnostic
from ..core.messages import Text, Translations, msg, render
from ..model.config import Config
from .directive_draft import run as run_directive
from .scaffold import EXIT_OK, EXIT_USAGE, ScaffoldError, new_article, new_translation, write


def _relative(config: Config, name: str) -> str:
    path = Path(name)
    for candidate in (config.root / path, Path.cwd() / path):
        resolved = candidate.resolve()
        if resolved.is_file() and resolved.is_relative_to(config.root):
            return resolved.relative_to(config.root).as_posix()
    return path.as_posix()


def _misused(given: dict[Text | str, object], command: str) -> list[Text]:
    return [msg("%(option)s cannot be used with %(command)s", option=option, command=command)
            for option, value in given.items()
            if value not in (None, False, "")]


def run_new(config: Config, title: str | None, author: str | None, category: str | None,
            section: str | None, translate: str | None, lang: str | None,
            directive: str | None, now: datetime, words: Translations | None = None) -> int:
    try:
        if directive:
            problems = _misused({msg("a title"): title, "--translate": translate, "--lang": lang,
                                 "--author": author, "--category": category,
                                 "--section": section}, "--directive")
            if problems:
                raise ScaffoldError(*problems)
            return run_directive(config, directive, words)
        if translate:
            problems = _misused({msg("a title"): title, "--author": author, "--category": category,
                                 "--section": section}, "--translate")
            try:
                scaffold = new_translation(config, _relative(config, translate), lang)
            except ScaffoldError as exc:
                raise ScaffoldError(*problems, *exc.messages) from None
            if problems:
                raise ScaffoldError(*problems)
        elif title and title.strip():
            scaffold = new_article(config, title, author, category, section or "tin-tuc", now)
        else:
            raise ScaffoldError(msg('give a title: new "Tiêu đề bài viết" --author ID --category '
                                    "ID, or --translate FILE --lang CODE, or --directive FILE"))
        write(config, scaffold)
    except ScaffoldError as exc:
        for message in exc.messages:
            if isinstance(message, Diagnostic):  # the original's own error, as `check` says it
                print(message.render(words), file=sys.stderr)
            else:
                print(f"build.py new: error: {render(message, words)}", file=sys.stderr)
        return EXIT_USAGE
    if translate:
        print(msg("created %(path)s: a draft; remove `draft: true` when the translation is "
                  "done", path=scaffold.path).render(words))
    else:
        print(msg("created %(path)s: a draft; remove `draft: true` when it is ready",
                  path=scaffold.path).render(words))
    print(msg("next: edit it, preview with `python build.py serve`, then `python build.py "
              "check`").render(words))
    return EXIT_OK
