"""`python build.py translations`: the status report, and `--stamp FILE…`."""

from __future__ import annotations

import sys
from pathlib import Path

from .config import Config
from .diagnostics import Diagnostics
from .translations import STALE, explain_stale, format_table, stamp, statuses, summary_line

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def _relative(config: Config, name: str) -> str | None:
    """FILE as given (relative to the current folder, or to the site root) -> site-relative."""
    path = Path(name)
    for candidate in (path, config.root / path):
        resolved = candidate.resolve()
        if resolved.is_file() and resolved.is_relative_to(config.root):
            return resolved.relative_to(config.root).as_posix()
    return None


def run(config: Config, files: list[str] | None, fail_on: list[str]) -> int:
    diagnostics = Diagnostics()
    if files is not None:
        code = EXIT_OK
        for name in files:
            relative = _relative(config, name)
            if relative is None:
                print(f"build.py translations: error: {name} is not a file in the site "
                      f"folder {config.root}", file=sys.stderr)
                code = EXIT_USAGE
                continue
            digest = stamp(config, relative, diagnostics)
            if digest:
                print(f"stamped {relative} (source_digest: {digest})")
        for item in diagnostics.sorted():
            print(item, file=sys.stderr)
        return code or (EXIT_CONTENT if diagnostics.errors else EXIT_OK)

    rows = statuses(config, diagnostics)
    for item in diagnostics.sorted():
        print(item, file=sys.stderr)
    if rows:
        print("\n".join(format_table(rows)))
    for row in rows:
        if row.status == STALE:
            print(f"\nstale: {row.translation.path if row.translation else ''} "
                  f"({row.lang}, from {row.original.path})")
            print("\n".join(f"  {line}" for line in explain_stale(config, row)))
    print(("\n" if rows else "") + summary_line(rows))
    failing = [row for row in rows if row.status in fail_on]
    if failing:
        print(f"failing as asked by --fail-on {','.join(sorted(set(fail_on)))}: "
              f"{summary_line(failing)}", file=sys.stderr)
        return EXIT_CONTENT
    return EXIT_CONTENT if diagnostics.errors else EXIT_OK
