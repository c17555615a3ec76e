"""netlify.toml's redirect rules applied the way Netlify applies them, for tests on 127.0.0.1.

Rules are tried in order; a rule whose `from` names an existing file is skipped unless it is
forced (Netlify's "shadowing"); `Language` matches the browser's first language, by its
primary subtag, as `netlify dev` matches it. One difference: with no Accept-Language at all
this gives no language (the chooser), where `netlify dev` assumes "en"
(tests/test_netlify_cli.py; docs/hosting.md).
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.conftest import REPO


def redirects(path: Path = REPO / "netlify.toml") -> list[dict[str, Any]]:
    return tomllib.loads(path.read_text(encoding="utf-8")).get("redirects", [])


def browser_language(accept_language: str | None) -> str | None:
    if not accept_language:
        return None
    first = accept_language.split(",")[0].split(";")[0].strip()
    return first.split("-")[0].lower() or None


@dataclass(frozen=True)
class Outcome:
    status: int
    to: str


def route(rules: list[dict[str, Any]], path: str, accept_language: str | None,
          exists: Callable[[str], bool]) -> Outcome | None:
    """What Netlify does with a request: a redirect or a rewrite, or None (serve the file)."""
    for rule in rules:
        source = rule["from"]
        matched = path.startswith(source[:-1]) if source.endswith("/*") else path == source
        if not matched:
            continue
        languages = rule.get("conditions", {}).get("Language")
        if languages is not None and browser_language(accept_language) not in languages:
            continue
        if not rule.get("force", False) and exists(path):
            continue
        return Outcome(int(rule.get("status", 301)), rule["to"])
    return None


def file_exists(folder: Path) -> Callable[[str], bool]:
    def exists(path: str) -> bool:
        target = folder / path.lstrip("/")
        return target.is_file() or (target / "index.html").is_file()
    return exists
