"""`python build.py i18n extract|update|check`: the UI catalogs' workflow, wrapping Babel."""

from __future__ import annotations

import sys

from ..core.diagnostics import Diagnostics
from ..core.messages import Translations, msg_n
from ..model.config import Config
from ..website.i18n import (
    TEMPLATE,
    check_catalogs,
    extract,
    load_translations,
    update_catalogs,
    write_template,
)

EXIT_OK, EXIT_CONTENT = 0, 1


def run(config: Config, action: str, words: Translations | None = None) -> int:
    if action in ("extract", "update"):
        template = extract(config.root)
        write_template(config.root, template)
        print(msg_n("wrote %(path)s: %(count)s message", "wrote %(path)s: %(count)s messages",
                    sum(1 for m in template if m.id), path=TEMPLATE).render(words))
        if action == "update":
            for path, catalog in update_catalogs(config):
                messages = [m for m in catalog if m.id]
                todo = sum(1 for m in messages if m.fuzzy or not _filled(m.string))
                print(msg_n("updated %(path)s: %(count)s message, %(todo)s to translate",
                            "updated %(path)s: %(count)s messages, %(todo)s to translate",
                            len(messages), path=path, todo=todo).render(words))
    diagnostics = Diagnostics()
    if action == "check":
        _, problems = load_translations(config)  # parse errors, then the missing msgids
        diagnostics.extend(problems)
    else:
        diagnostics.extend(check_catalogs(config))
    for item in diagnostics.sorted():
        print(item.render(words), file=sys.stderr)
    if action == "check":
        errors, warnings = len(diagnostics.errors), len(diagnostics.warnings)
        print(msg_n("%(count)s catalog checked: %(errors)s, %(warnings)s",
                    "%(count)s catalogs checked: %(errors)s, %(warnings)s",
                    len(config.language_codes),
                    errors=msg_n("%(count)s error", "%(count)s errors", errors),
                    warnings=msg_n("%(count)s warning", "%(count)s warnings", warnings)
                    ).render(words), file=sys.stderr)
        return EXIT_CONTENT if diagnostics.items else EXIT_OK
    return EXIT_CONTENT if diagnostics.errors else EXIT_OK


def _filled(string: str | tuple[str, ...] | list[str] | None) -> bool:
    return all(string) if isinstance(string, (list, tuple)) else bool(string)
