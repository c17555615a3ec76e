"""`python build.py translations`: the status report, and `--stamp FILE…`."""

from __future__ import annotations

import sys
from pathlib import Path

from ..core.diagnostics import Diagnostics
from ..core.messages import Translations, msg, render
from ..model.config import Config
from ..website.translations import (
    STALE,
    explain_stale,
    format_table,
    stamp,
    statuses,
    summary_line,
)

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def _relative(config: Config, name: str) -> str | None:
    """FILE as given (relative to the current folder, or to the site root) -> site-relative."""
    path = Path(name)
    for candidate in (path, config.root / path):
        resolved = candidate.resolve()
        if resolved.is_file() and resolved.is_relative_to(config.root):
            return resolved.relative_to(config.root).as_posix()
    return None


def run(config: Config, files: list[str] | None, fail_on: list[str],
        words: Translations | None = None) -> int:
    diagnostics = Diagnostics()
    if files is not None:
        code = EXIT_OK
        for name in files:
            relative = _relative(config, name)
            if relative is None:
                problem = msg("%(name)s is not a file in the site folder %(root)s; give the "
                              "path of a translation, such as content/tin-tuc/bai.en.md",
                              name=name, root=str(config.root))
                print(f"build.py translations: error: {problem.render(words)}", file=sys.stderr)
                code = EXIT_USAGE
                continue
            digest = stamp(config, relative, diagnostics)
            if digest:
                print(msg("stamped %(path)s (source_digest: %(digest)s)", path=relative,
                          digest=digest).render(words))
        for item in diagnostics.sorted():
            print(item.render(words), file=sys.stderr)
        return code or (EXIT_CONTENT if diagnostics.errors else EXIT_OK)

    rows = statuses(config, diagnostics)
    for item in diagnostics.sorted():
        print(item.render(words), file=sys.stderr)
    if rows:
        print("\n".join(format_table(rows, words)))
    for row in rows:
        if row.status == STALE:
            print("\n" + msg("stale: %(translation)s (%(lang)s, from %(original)s)",
                             translation=row.translation.path if row.translation else "",
                             lang=row.lang, original=row.original.path).render(words))
            print("\n".join(f"  {render(line, words)}" for line in explain_stale(config, row)))
    print(("\n" if rows else "") + summary_line(rows).render(words))
    failing = [row for row in rows if row.status in fail_on]
    if failing:
        print(msg("failing as asked by --fail-on %(statuses)s: %(summary)s",
                  statuses=",".join(sorted(set(fail_on))),
                  summary=summary_line(failing)).render(words), file=sys.stderr)
        return EXIT_CONTENT
    return EXIT_CONTENT if diagnostics.errors else EXIT_OK
