"""`python build.py check`: every validation of a build, reported as text or JSON."""

from __future__ import annotations

import json
import sys

from . import builder
from .config import Config
from .diagnostics import Diagnostics
from .site import BuildOptions

EXIT_OK, EXIT_CONTENT = 0, 1


def summary(pages: int, diagnostics: Diagnostics, strict: bool) -> str:
    errors, warnings = len(diagnostics.errors), len(diagnostics.warnings)
    verdict = "ok" if not errors and not (strict and warnings) else "FAILED"
    strictly = " (--strict: warnings fail)" if strict and warnings and not errors else ""
    return (f"{pages} pages checked: {errors} error{'s' if errors != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''}: {verdict}{strictly}")


def run_check(config: Config, options: BuildOptions, strict: bool = False,
              output: str = "text") -> int:
    result = builder.check(config, options)
    diagnostics = result.diagnostics
    pages = len(result.site.pages) if result.site else 0
    failed = bool(diagnostics.errors) or (strict and bool(diagnostics.warnings))
    if output == "json":
        json.dump({
            "ok": not failed,
            "pages": pages,
            "errors": len(diagnostics.errors),
            "warnings": len(diagnostics.warnings),
            "diagnostics": [
                {"path": d.path, "line": d.line, "severity": d.severity, "message": d.message,
                 "text": str(d)}
                for d in diagnostics.sorted()
            ],
        }, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for item in diagnostics.sorted():
            print(item, file=sys.stderr)
        print(summary(pages, diagnostics, strict), file=sys.stderr)
    return EXIT_CONTENT if failed else EXIT_OK
