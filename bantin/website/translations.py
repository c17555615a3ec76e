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

from ..core.diagnostics import Diagnostics
from ..core.messages import Text, Translations, msg, msg_n
from ..model.config import Config
from ..model.content import parse_document, parse_source_path
from ..model.document import Document, Source
from ..model.freshness import scan
from ..model.stamps import source_digest, stamp_bytes, translatable
from .site import discover

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
        if not isinstance(source, Source):
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
            for translation in group.values():
                diagnostics.warning(translation.source.path, 1, msg(
                    "translation without an original: expected %(section)s/%(name)s.md in "
                    "`%(lang)s`; name the translation after its original's file",
                    section=key[0], name=key[1], lang=default))
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


def _status_name(status: str) -> Text:
    """A status as the report shows it (`--fail-on` takes the English names)."""
    return {UP_TO_DATE: msg("up to date"), STALE: msg("stale"), MISSING: msg("missing")}[status]


def format_table(rows: list[Status], words: Translations | None = None) -> list[str]:
    header = tuple(name.render(words) for name in (
        msg("original"), msg("language"), msg("status"), msg("translation")))
    cells = [(row.original.path, row.lang, _status_name(row.status).render(words),
              row.translation.path if row.translation else "–") for row in rows]
    widths = [max(len(line[i]) for line in [header, *cells]) for i in range(3)]
    return ["  ".join([*(value.ljust(width) for value, width in zip(line[:3], widths,
                                                                    strict=True)), line[3]])
            .rstrip() for line in [header, *cells]]


def summary_line(rows: list[Status]) -> Text:
    counts = {status: sum(1 for row in rows if row.status == status) for status in STATUSES}
    return msg("%(current)s up to date, %(stale)s stale, %(missing)s missing",
               current=counts[UP_TO_DATE], stale=counts[STALE], missing=counts[MISSING])


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


def explain_stale(config: Config, row: Status, max_lines: int = 40) -> list[Text | str]:
    """For a stale translation: the commits of the original since the stamped version, and a
    short diff of its translatable text. Lines to print (git's own as they are), indented by
    the caller."""
    if row.stamp is None:
        return [msg("never stamped: check the translation against the original, then run "
                    "`python build.py translations --stamp %(path)s`",
                    path=row.translation.path if row.translation else "")]
    root = config.root
    path = row.original.path
    kind = config.sections[row.original.section].kind
    if _git(root, "rev-parse", "--show-toplevel") is None:
        return [msg("stamped from an earlier version (source_digest %(stamp)s, now "
                    "%(current)s); no git history here to say what changed: compare the "
                    "translation with the original by hand", stamp=row.stamp,
                    current=row.current)]
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
        return [msg("the stamped version (source_digest %(stamp)s) is not in the git history "
                    "of %(path)s; compare the translation with the original by hand",
                    stamp=row.stamp, path=path)]
    lines: list[Text | str] = []
    when = (_git(root, "log", "-1", "--format=%h %ad", "--date=short", stamped_commit)
            or "").strip()
    lines.append(msg("translated from %(path)s as of %(when)s; changes since:", path=path,
                     when=when))
    log = (_git(root, "log", "--format=%h %ad %an: %s", "--date=short",
                f"{stamped_commit}..HEAD", "--", path) or "").strip()
    lines += [f"  {entry}" for entry in log.splitlines()]
    if _git(root, "diff", "--quiet", "HEAD", "--", path) is None:
        lines.append(msg("  (uncommitted changes in the working tree)"))
    current_doc = parse_document(row.original, (root / path).read_bytes(), config)
    diff: list[Text | str] = list(difflib.unified_diff(
        _text_lines(translatable(stamped_doc.meta, stamped_doc.text(), kind)),
        _text_lines(translatable(current_doc.meta, current_doc.text(), kind)), lineterm="", n=1))
    if diff:  # its two header lines, in words
        diff[:2] = [msg("--- %(path)s (stamped)", path=path), msg("+++ %(path)s (now)", path=path)]
    if len(diff) > max_lines:
        more = msg_n("… %(count)s more line", "… %(count)s more lines", len(diff) - max_lines)
        return [*lines, *diff[:max_lines], more]
    return [*lines, *diff]


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
    body: str = text.get("body", "")
    return lines + body.split("\n")


# --- Stamping -----------------------------------------------------------------------------------

def stamp(config: Config, relative: str, diagnostics: Diagnostics) -> str | None:
    """Stamp the translation at `relative` with its original's digest; the digest, or None
    when the translation or its original has problems (reported in `diagnostics`)."""
    source = parse_source_path(relative, config)
    if not isinstance(source, Source):
        diagnostics.error(relative, 0, source)
        return None
    if source.lang == config.default_language:
        diagnostics.error(relative, 0, msg(
            "is in the default language `%(lang)s`, not a translation; stamp a "
            "<name>.<lang>.md file", lang=source.lang))
        return None
    group = {}
    for candidate in (f"content/{source.section}/{source.name}.md",
                      f"content/{source.section}/{source.name}.{config.default_language}.md"):
        if (config.root / candidate).is_file():
            parsed = parse_source_path(candidate, config)
            if isinstance(parsed, Source):
                group[candidate] = parsed
    if not group:
        diagnostics.error(relative, 0, msg(
            "no original to stamp from: expected content/%(section)s/%(name)s.md; name the "
            "translation after its original's file", section=source.section, name=source.name))
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
    updated = stamp_bytes(raw, digest)
    if updated is None:
        diagnostics.error(relative, 1, msg(
            "the front-matter has no closing `---` line; end it with a line of three dashes "
            "`---`, then stamp again"))
        return None
    if updated != raw:
        path.write_bytes(updated)
    return digest
