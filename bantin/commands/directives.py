"""`build.py directives [--scan FILE…]`: the registry as a list, or the numbers in files."""

from __future__ import annotations

import sys
from pathlib import Path

from ..core.messages import Translations, msg
from ..core.text import NotText, normalize_source
from ..directive.registry import Registry
from ..model.directives import scan_lines

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def list_registry(registry: Registry) -> None:
    """One directive a line: number, kind, date, issuer, title, separated by tabs."""
    for directive in registry:
        meta = directive.meta
        day = meta.date.date().isoformat() if meta.date else ""
        print("\t".join([directive.text, directive.kind.vi, day, meta.issuer or "",
                         meta.title or ""]))


def scan(files: list[str], registry: Registry, words: Translations | None = None) -> int:
    """`path:line: NUMBER` for every number in the files; unregistered ones marked."""
    status = EXIT_OK
    not_registered = msg("(not registered)").render(words)
    for name in files:
        try:
            text = normalize_source(Path(name).read_bytes())
        except OSError as exc:
            problem = msg("cannot read the file: %(reason)s; check its name and that you may "
                          "read it", reason=exc.strerror or str(exc))
            print(f"{name}: error: {problem.render(words)}", file=sys.stderr)
            status = EXIT_USAGE
            continue
        except NotText as exc:
            print(f"{name}:{exc.line}: error: {exc.message.render(words)}", file=sys.stderr)
            status = EXIT_USAGE
            continue
        for line, number in scan_lines(text):
            mark = "" if registry.get(number) else f" {not_registered}"
            print(f"{name}:{line}: {number.text}{mark}")
    return status
