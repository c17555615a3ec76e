"""Translation status: which translations are up to date, missing or stale, and why (git).

The digests and the stamping of files are in stamps.py; this module reads the whole content
folder for `python build.py translations`.
"""

from __future__ import annotations

import difflib
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import Config
from .content import Document, Source, parse_document, parse_source_path
from .diagnostics import Diagnostics
from .freshness import scan
from .site import discover
from .stamps import source_digest, stamp_bytes, translatable

UP_TO_DATE, MISSING, STALE = "up to date", "missing", "stale"
STATUSES = (UP_TO_DATE, STALE, MISSING)


@dataclass(frozen=True, slots=True)
class Status:
    original: Source
    lang: str
    status: str  # up to date | missing | stale
    translation: Source | None
    stamp: str | None = None  # the translation's source_digest
    current: str = ""  # the original's digest now


def read_sources(config: Config, diagnostics: Diagnostics) -> dict[tuple[str, str],
                                                                   dict[str, Document]]:
    """Every content file, grouped by translation key then language."""
    groups: dict[tuple[str, str], dict[str, Document]] = {}
    files = scan(config.root)
    diagnostics.extend([d for d in files.refused if d.path.startswith("content/")])
    for relative in discover(files):
        source = parse_source_path(relative, config)
        if isinstance(source, str):
            diagnostics.error(relative, 0, source)
            continue
        doc = parse_document(source, (config.root / relative).read_bytes(), config)
        diagnostics.extend(list(doc.diagnostics))
        groups.setdefault(source.key, {})[source.lang] = doc
    return groups


def statuses(config: Config, diagnostics: Diagnostics) -> list[Status]:
    """Per original (in the default language) and other configured language, its status.

    Internal pages are left out: they are never published, so never translated for readers."""
    found: list[Status] = []
    default = config.default_language
    for key, group in sorted(read_sources(config, diagnostics).items()):
        original = group.get(default)
        if original is None:
            for doc in group.values():
                diagnostics.warning(doc.source.path, 1, f"translation without an original: "
                                    f"expected {key[0]}/{key[1]}.md in `{default}`")
            continue
        if original.meta.internal:
            continue
        kind = config.sections[key[0]].kind
        current = source_digest(original, kind)
        for lang in config.language_codes:
            if lang == default:
                continue
            doc = group.get(lang)
            if doc is None:
                found.append(Status(original.source, lang, MISSING, None, None, current))
                continue
            stamp = doc.meta.source_digest
            status = UP_TO_DATE if stamp == current else STALE
            found.append(Status(original.source, lang, status, doc.source, stamp, current))
    return found


def format_table(rows: list[Status]) -> list[str]:
    header = ("original", "language", "status", "translation")
    cells = [(row.original.path, row.lang, row.status,
              row.translation.path if row.translation else "–") for row in rows]
    widths = [max(len(line[i]) for line in [header, *cells]) for i in range(3)]
    return ["  ".join([*(value.ljust(width) for value, width in zip(line[:3], widths,
                                                                    strict=True)), line[3]])
            .rstrip() for line in [header, *cells]]


def summary_line(rows: list[Status]) -> str:
    counts = {status: sum(1 for row in rows if row.status == status) for status in STATUSES}
    return ", ".join(f"{count} {status}" for status, count in counts.items())


# --- What changed since the stamp, from git history -------------------------------------------

def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True,
                              check=False)
    except OSError:
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", errors="replace")


def explain_stale(config: Config, row: Status, max_lines: int = 40) -> list[str]:
    """For a stale translation: the commits of the original since the stamped version, and a
    short diff of its translatable text. Lines to print, indented by the caller."""
    if row.stamp is None:
        return ["never stamped: check the translation against the original, then run "
                f"`python build.py translations --stamp {row.translation.path}`"
                if row.translation else "never stamped"]
    root = config.root
    path = row.original.path
    kind = config.sections[row.original.section].kind
    if _git(root, "rev-parse", "--show-toplevel") is None:
        return [f"stamped from an earlier version (source_digest {row.stamp}, now "
                f"{row.current}); no git history here to say what changed"]
    history = (_git(root, "log", "--format=%H", "--", path) or "").split()
    stamped_commit, stamped_doc = None, None
    for commit in history[:200]:
        raw = _git_bytes(root, f"{commit}:./{path}")
        if raw is None:
            continue
        doc = parse_document(row.original, raw, config)
        if source_digest(doc, kind) == row.stamp:
            stamped_commit, stamped_doc = commit, doc
            break
    if stamped_commit is None or stamped_doc is None:
        return [f"the stamped version (source_digest {row.stamp}) is not in the git history "
                f"of {path}; compare the translation with the original by hand"]
    lines = []
    when = (_git(root, "log", "-1", "--format=%h %ad", "--date=short", stamped_commit)
            or "").strip()
    lines.append(f"translated from {path} as of {when}; changes since:")
    log = (_git(root, "log", "--format=%h %ad %an: %s", "--date=short",
                f"{stamped_commit}..HEAD", "--", path) or "").strip()
    lines += [f"  {entry}" for entry in log.splitlines()]
    if _git(root, "diff", "--quiet", "HEAD", "--", path) is None:
        lines.append("  (uncommitted changes in the working tree)")
    current_doc = parse_document(row.original, (root / path).read_bytes(), config)
    diff = list(difflib.unified_diff(
        _text_lines(translatable(stamped_doc.meta, stamped_doc.body, kind)),
        _text_lines(translatable(current_doc.meta, current_doc.body, kind)),
        fromfile=f"{path} (stamped)", tofile=f"{path} (now)", lineterm="", n=1))
    if len(diff) > max_lines:
        diff = [*diff[:max_lines], f"… {len(diff) - max_lines} more lines"]
    return lines + diff


def _git_bytes(root: Path, spec: str) -> bytes | None:
    try:
        done = subprocess.run(["git", "-C", str(root), "show", spec], capture_output=True,
                              check=False)
    except OSError:
        return None
    return done.stdout if done.returncode == 0 else None


def _text_lines(text: dict[str, Any]) -> list[str]:
    lines = []
    for key, value in text.items():
        if key == "body":
            continue
        lines.append(f"{key}: {', '.join(value) if isinstance(value, list) else value}")
    return lines + text.get("body", "").split("\n")


# --- Stamping -----------------------------------------------------------------------------------

def stamp(config: Config, relative: str, diagnostics: Diagnostics) -> str | None:
    """Stamp the translation at `relative` with its original's digest; the digest, or None
    when the translation or its original has problems (reported in `diagnostics`)."""
    source = parse_source_path(relative, config)
    if isinstance(source, str):
        diagnostics.error(relative, 0, source)
        return None
    if source.lang == config.default_language:
        diagnostics.error(relative, 0, f"is in the default language `{source.lang}`, not a "
                          f"translation; stamp a <name>.<lang>.md file")
        return None
    group = {}
    for candidate in (f"content/{source.section}/{source.name}.md",
                      f"content/{source.section}/{source.name}.{config.default_language}.md"):
        if (config.root / candidate).is_file():
            parsed = parse_source_path(candidate, config)
            if not isinstance(parsed, str):
                group[candidate] = parsed
    if not group:
        diagnostics.error(relative, 0, f"no original to stamp from: expected "
                          f"content/{source.section}/{source.name}.md")
        return None
    original_source = next(iter(group.values()))
    original = parse_document(original_source,
                              (config.root / original_source.path).read_bytes(), config)
    if original.diagnostics:
        diagnostics.extend(list(original.diagnostics))
        return None
    digest = source_digest(original, config.sections[source.section].kind)
    path = config.root / relative
    raw = path.read_bytes()
    try:
        updated = stamp_bytes(raw, digest)
    except ValueError as exc:
        diagnostics.error(relative, 1, str(exc))
        return None
    if updated != raw:
        path.write_bytes(updated)
    return digest
