"""Authors: content/authors.toml (a table per author) and content/authors/<id>.toml (one file
per author, as the web editor writes them): a name and a role per language."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.diagnostics import Diagnostic
from ..core.messages import msg
from ..core.text import MAX_URL_NAME, SLUG_PATTERN, NotText, normalize_source, slugify
from ..core.toml_lines import TomlLines
from .config_tables import invalid_toml

AUTHORS_FILE = "content/authors.toml"
AUTHORS_FOLDER = "content/authors"


@dataclass(frozen=True, slots=True)
class Author:
    id: str
    name: str
    role: dict[str, str]  # language -> role; the default language's is the fallback


def load_authors(root: Path, languages: tuple[str, ...]) -> tuple[dict[str, Author],
                                                                  list[Diagnostic]]:
    problems: list[Diagnostic] = []
    authors: dict[str, Author] = {}
    where: dict[str, str] = {}  # author id -> the file that gave it

    def add(author: Author | None, path: str, line: int) -> None:
        if author is None:
            return
        if author.id in authors:
            problems.append(Diagnostic(path, line, "error", msg(
                "author `%(id)s` is given twice: in %(first)s and %(second)s; keep one",
                id=author.id, first=where[author.id], second=path)))
            return
        authors[author.id] = author
        where[author.id] = path

    data, lines = _read(root, AUTHORS_FILE, problems)
    for author_id, entry in (data or {}).items():
        line = lines.line((author_id,))
        # the id is the author's address, /vi/tac-gia/<id>/: never a way out of the output
        if not SLUG_PATTERN.match(author_id) or len(author_id) > MAX_URL_NAME:
            problems.append(Diagnostic(AUTHORS_FILE, line, "error", msg(
                "author id `%(id)s` must be lowercase ASCII letters, digits and hyphens, e.g. "
                "[%(example)s]: it is the author's address, and articles name it in `author:`",
                id=author_id, example=slugify(author_id) or "nguyen-van-a")))
            continue
        if not isinstance(entry, dict):
            problems.append(Diagnostic(AUTHORS_FILE, line, "error",
                                       msg("`%(id)s` must be a table: [%(id)s] name = …",
                                           id=author_id)))
            continue

        def table_key_line(key: str, author_id: str = author_id) -> int:
            return lines.line((author_id,), key)

        add(_author(author_id, entry, languages, AUTHORS_FILE, line, table_key_line,
                    problems), AUTHORS_FILE, line)

    folder = root / AUTHORS_FOLDER
    files = sorted(folder.glob("*.toml")) if folder.is_dir() else []
    for file in files:
        path = f"{AUTHORS_FOLDER}/{file.name}"
        author_id = file.name.removesuffix(".toml")
        if not SLUG_PATTERN.match(author_id):
            problems.append(Diagnostic(path, 1, "error", msg(
                "an author's file name is their id: lowercase ASCII letters, digits and "
                "hyphens, e.g. content/authors/nguyen-van-a.toml")))
            continue
        entry, file_lines = _read(root, path, problems)
        if entry is None:
            continue

        def file_key_line(key: str, file_lines: TomlLines = file_lines) -> int:
            return file_lines.line((), key)

        add(_author(author_id, entry, languages, path, 1, file_key_line, problems), path, 1)
    return authors, problems


def _read(root: Path, path: str, problems: list[Diagnostic]
          ) -> tuple[dict[str, Any] | None, TomlLines]:
    """The TOML of one authors file and where its keys are; None when it is missing or
    broken (reported)."""
    file = root / path
    if not file.is_file():
        return None, TomlLines("")
    try:
        text = normalize_source(file.read_bytes())
        return tomllib.loads(text), TomlLines(text)
    except NotText as exc:
        problems.append(Diagnostic(path, exc.line, "error", exc.message))
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        problems.append(Diagnostic(path, int(match.group(1)) if match else 1, "error",
                                   invalid_toml(exc)))
    return None, TomlLines("")


def _author(author_id: str, entry: dict[str, Any], languages: tuple[str, ...], path: str,
            line: int, key_line: Callable[[str], int],
            problems: list[Diagnostic]) -> Author | None:
    for key in sorted(set(entry) - {"name", "role"}):
        problems.append(Diagnostic(path, key_line(key), "error",
                                   msg("author `%(id)s` has unknown key `%(key)s`; "
                                       "expected name, role", id=author_id, key=key)))
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append(Diagnostic(path, key_line("name") if "name" in entry else line,
                                   "error", msg('author `%(id)s` needs a `name`, e.g. '
                                                'name = "Nguyễn Văn A"', id=author_id)))
        return None
    role = entry.get("role", {})
    if isinstance(role, str):
        role = {lang: role for lang in languages}
    if not isinstance(role, dict):
        problems.append(Diagnostic(path, key_line("role"), "error",
                                   msg('author `%(id)s`: role must be text per language, '
                                       'e.g. role = { vi = "…", en = "…" }', id=author_id)))
        role = {}
    # The web editor writes a role left empty as ""; the default language's is the fallback.
    return Author(author_id, name.strip(), {k: v for k, v in role.items() if v})
