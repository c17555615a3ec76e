"""`python build.py check`: every validation of a build, reported as text or JSON."""

from __future__ import annotations

import json
import sys

from ..core.diagnostics import Diagnostics
from ..core.messages import Translations, msg, msg_n, render
from ..engine import validation
from ..model.config import Config
from ..model.document import Document
from ..model.options import BuildOptions
from ..model.stamps import is_stale
from ..website.site import Site

EXIT_OK, EXIT_CONTENT = 0, 1


def summary(pages: int, diagnostics: Diagnostics, strict: bool,
            words: Translations | None = None) -> str:
    errors, warnings = len(diagnostics.errors), len(diagnostics.warnings)
    failed = bool(errors) or (strict and bool(warnings))
    verdict = msg("FAILED") if failed else msg("ok")
    if strict and warnings and not errors:
        verdict = msg("FAILED (--strict: warnings fail)")
    return msg("%(pages)s pages checked: %(errors)s, %(warnings)s: %(verdict)s", pages=pages,
               errors=msg_n("%(count)s error", "%(count)s errors", errors),
               warnings=msg_n("%(count)s warning", "%(count)s warnings", warnings),
               verdict=verdict).render(words)


def translation_warnings(site: Site, diagnostics: Diagnostics) -> None:
    """A warning on every translation whose original changed since it was stamped."""
    groups: dict[tuple[str, str], dict[str, Document]] = {}
    for doc in [page.doc for page in site.pages] + [doc for doc, _why in site.withheld]:
        groups.setdefault(doc.source.key, {})[doc.source.lang] = doc
    default = site.config.default_language
    for key, group in sorted(groups.items()):
        original = group.get(default)
        if original is None or original.meta.internal:
            continue  # a translation without an original is reported by the Site
        kind = site.config.sections[key[0]].kind
        for lang, doc in sorted(group.items()):
            if lang == default or not is_stale(doc, original, kind):
                continue
            if doc.meta.source_digest is None:
                message = msg("translation is not stamped: when it matches %(original)s, run "
                              "python build.py translations --stamp %(path)s",
                              original=original.source.path, path=doc.source.path)
            else:
                message = msg("translation is stale: %(original)s changed since it was stamped; "
                              "see python build.py translations, update it, then stamp it",
                              original=original.source.path)
            diagnostics.warning(doc.source.path, doc.lines.get("source_digest", 1), message)


def run_check(config: Config, options: BuildOptions, strict: bool = False,
              output: str = "text", words: Translations | None = None) -> int:
    result = validation.check(config, options)
    if result.site is not None:
        translation_warnings(result.site, result.diagnostics)
    pages = len(result.site.pages) if result.site else 0
    return print_report(result.diagnostics, pages, strict, output, words)


def print_report(diagnostics: Diagnostics, pages: int, strict: bool, output: str,
                 words: Translations | None = None) -> int:
    """Text (one line per problem, then the summary) on stderr, or one JSON object on stdout."""
    failed = bool(diagnostics.errors) or (strict and bool(diagnostics.warnings))
    if output == "json":
        json.dump({
            "ok": not failed,
            "pages": pages,
            "errors": len(diagnostics.errors),
            "warnings": len(diagnostics.warnings),
            "diagnostics": [
                {"path": d.path, "line": d.line, "severity": d.severity,
                 "message": render(d.message, words), "text": d.render(words)}
                for d in diagnostics.sorted()
            ],
        }, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for item in diagnostics.sorted():
            print(item.render(words), file=sys.stderr)
        print(summary(pages, diagnostics, strict, words), file=sys.stderr)
    return EXIT_CONTENT if failed else EXIT_OK
