"""`python build.py i18n extract|update|check`: the UI catalogs' workflow, wrapping Babel."""

from __future__ import annotations

import sys

from .config import Config
from .diagnostics import Diagnostics
from .i18n import (
    TEMPLATE,
    check_catalogs,
    extract,
    load_translations,
    update_catalogs,
    write_template,
)

EXIT_OK, EXIT_CONTENT = 0, 1


def run(config: Config, action: str) -> int:
    if action in ("extract", "update"):
        template = extract(config.root)
        write_template(config.root, template)
        print(f"wrote {TEMPLATE}: {sum(1 for m in template if m.id)} messages")
        if action == "update":
            for path, catalog in update_catalogs(config):
                messages = [m for m in catalog if m.id]
                todo = sum(1 for m in messages if m.fuzzy or not _filled(m.string))
                print(f"updated {path}: {len(messages)} messages, {todo} to translate")
    diagnostics = Diagnostics()
    if action == "check":
        _, problems = load_translations(config)  # parse errors, then the missing msgids
        diagnostics.extend(problems)
    else:
        diagnostics.extend(check_catalogs(config))
    for item in diagnostics.sorted():
        print(item, file=sys.stderr)
    if action == "check":
        print(f"{len(config.language_codes)} catalogs checked: {len(diagnostics.errors)} "
              f"errors, {len(diagnostics.warnings)} warnings", file=sys.stderr)
        return EXIT_CONTENT if diagnostics.items else EXIT_OK
    return EXIT_CONTENT if diagnostics.errors else EXIT_OK


def _filled(string: str | tuple[str, ...] | list[str]) -> bool:
    return all(string) if isinstance(string, (list, tuple)) else bool(string)
