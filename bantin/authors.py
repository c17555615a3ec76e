"""Authors from content/authors.toml: a name and a role per language."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .config import invalid_toml
from .diagnostics import Diagnostic
from .messages import msg
from .text import NotText, normalize_source
from .toml_lines import TomlLines

AUTHORS_FILE = "content/authors.toml"


@dataclass(frozen=True, slots=True)
class Author:
    id: str
    name: str
    role: dict[str, str]  # language -> role; the default language's is the fallback


def load_authors(root: Path, languages: tuple[str, ...]) -> tuple[dict[str, Author],
                                                                  list[Diagnostic]]:
    path = root / AUTHORS_FILE
    problems: list[Diagnostic] = []
    if not path.exists():
        return {}, problems
    try:
        text = normalize_source(path.read_bytes())
        data = tomllib.loads(text)
    except NotText as exc:
        problems.append(Diagnostic(AUTHORS_FILE, exc.line, "error", exc.message))
        return {}, problems
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        problems.append(Diagnostic(AUTHORS_FILE, int(match.group(1)) if match else 0, "error",
                                   invalid_toml(exc)))
        return {}, problems
    lines = TomlLines(text)
    authors: dict[str, Author] = {}
    for author_id, entry in data.items():
        line = lines.line((author_id,))
        if not isinstance(entry, dict):
            problems.append(Diagnostic(AUTHORS_FILE, line, "error",
                                       msg("`%(id)s` must be a table: [%(id)s] name = …",
                                           id=author_id)))
            continue
        unknown = set(entry) - {"name", "role"}
        for key in sorted(unknown):
            problems.append(Diagnostic(AUTHORS_FILE, lines.line((author_id,), key), "error",
                                       msg("author `%(id)s` has unknown key `%(key)s`; "
                                           "expected name, role", id=author_id, key=key)))
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            problems.append(Diagnostic(AUTHORS_FILE, lines.line((author_id,), "name"), "error",
                                       msg('author `%(id)s` needs a `name`, e.g. '
                                           'name = "Nguyễn Văn A"', id=author_id)))
            continue
        role = entry.get("role", {})
        if isinstance(role, str):
            role = {lang: role for lang in languages}
        if not isinstance(role, dict):
            problems.append(Diagnostic(AUTHORS_FILE, lines.line((author_id,), "role"), "error",
                                       msg('author `%(id)s`: role must be text per language, '
                                           'e.g. role = { vi = "…", en = "…" }', id=author_id)))
            role = {}
        authors[author_id] = Author(author_id, name.strip(), dict(role))
    return authors, problems
