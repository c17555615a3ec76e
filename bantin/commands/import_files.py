"""What an import writes, staged, and moved into the site only when the whole import succeeded.

Every file goes first into a staging folder beside the site's files (`.cache/import-<pid>/`),
then is moved into place by renaming; an error before the end leaves the site as it was.
`.bantin-import.json` records the digest of each file the import wrote: a re-run updates
those files, never one edited since (its digest differs) nor one it did not write.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MANIFEST = ".bantin-import.json"


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str:
    hasher = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            hasher.update(chunk)
    return hasher.hexdigest()


@dataclass
class Staging:
    """The files of one import run, kept out of the site until `commit`."""

    root: Path
    dry_run: bool = False
    files: dict[str, str] = field(default_factory=dict)  # path -> digest, as last written
    items: dict[str, str] = field(default_factory=dict)  # NukeViet item key -> path
    claimed: dict[str, str] = field(default_factory=dict)  # path -> item key, this run
    written: dict[str, str] = field(default_factory=dict)  # path -> digest, this run
    counts: dict[str, int] = field(default_factory=dict)  # new, updated, unchanged, kept
    extra: dict[str, Any] = field(default_factory=dict)  # more to record in the manifest
    folder: Path | None = None

    def __post_init__(self) -> None:
        try:
            data = json.loads((self.root / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        if isinstance(data, dict):
            self.files = {str(k): str(v) for k, v in dict(data.get("files", {})).items()}
            self.items = {str(k): str(v) for k, v in dict(data.get("items", {})).items()}

    def _stage(self) -> Path:
        if self.folder is None:
            self.folder = self.root / ".cache" / f"import-{os.getpid()}"
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder.mkdir(parents=True)
        return self.folder

    def edited(self, path: str) -> bool:
        target = self.root / path
        return (path in self.files and target.is_file()
                and file_digest(target) != self.files[path])

    def place(self, key: str, wanted: str, fallback: str) -> str:
        """The file an item goes to: where the last import put it, else `wanted`, else
        `fallback` (`wanted` is another item's, or a file the import did not write), else
        `fallback` numbered."""
        previous = self.items.get(key)
        stem, dot, suffix = fallback.partition(".")
        numbered = (f"{stem}-{n}{dot}{suffix}" for n in range(2, 1000))
        for path in (previous, wanted, fallback, *numbered):
            if path and path not in self.claimed and (
                    path == previous or not (self.root / path).exists()):
                self.claimed[path] = key
                return path
        raise OSError(f"no free file name for {fallback}")

    def _count(self, what: str) -> None:
        self.counts[what] = self.counts.get(what, 0) + 1

    def write(self, path: str, data: bytes) -> str:
        """Stage one file: "new", "updated", "unchanged" or "edited" (left as it is)."""
        target = self.root / path
        if self.edited(path) or (target.exists() and path not in self.files
                                 and path not in self.written):
            self._count("edited")
            return "edited"
        if target.is_file() and file_digest(target) == digest(data):
            self.written[path] = digest(data)
            self._count("unchanged")
            return "unchanged"
        state = "updated" if target.exists() else "new"
        self.written[path] = digest(data)
        self._count(state)
        if not self.dry_run:
            staged = self._stage() / path
            staged.parent.mkdir(parents=True, exist_ok=True)
            staged.write_bytes(data)
        return state

    def copy(self, path: str, source: Path) -> str:
        """Stage a copy of a file (an image, an attachment), streamed."""
        target = self.root / path
        if path in self.written:
            return "unchanged"
        if self.edited(path):
            self._count("edited")
            return "edited"
        source_digest = file_digest(source)
        if target.is_file() and file_digest(target) == source_digest:
            self.written[path] = source_digest
            return "unchanged"
        if target.exists() and path not in self.files:
            self._count("edited")
            return "edited"
        self.written[path] = source_digest
        if not self.dry_run:
            staged = self._stage() / path
            staged.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, staged)
        return "updated" if target.exists() else "new"

    def commit(self) -> None:
        """Move every staged file into the site, then record what was written."""
        if self.dry_run:
            return
        if self.folder is not None:
            for staged in sorted(p for p in self.folder.rglob("*") if p.is_file()):
                relative = staged.relative_to(self.folder)
                target = self.root / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(staged, target)
        files = {**self.files, **self.written}
        items = {**self.items, **{key: path for path, key in self.claimed.items()}}
        manifest = {"files": dict(sorted(files.items())), "items": dict(sorted(items.items())),
                    **self.extra}
        partial = self.root / f".{MANIFEST}.{os.getpid()}"
        partial.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n",
                           encoding="utf-8")
        os.replace(partial, self.root / MANIFEST)
        self.discard()

    def discard(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


def toml_string(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)


def add_categories(config_text: str, names: dict[str, dict[str, str]]) -> str:
    """config.toml with a `[categories.<id>]` table for each new id, after the last
    categories table (else at the end); every other line as it was."""
    known = tomllib.loads(config_text).get("categories", {})
    new = {key: value for key, value in names.items() if key not in known}
    if not new:
        return config_text
    tables = "".join(
        f"\n[categories.{key}]\nname = {{ "
        + ", ".join(f"{lang} = {toml_string(name)}" for lang, name in value.items()) + " }\n"
        for key, value in new.items())
    lines = config_text.splitlines(keepends=True)
    last = max((i for i, line in enumerate(lines) if line.startswith("[categories.")),
               default=None)
    if last is None:
        return config_text.rstrip("\n") + "\n" + tables
    end = last + 1
    while end < len(lines) and not lines[end].lstrip().startswith("["):
        end += 1
    while end > last + 1 and not lines[end - 1].strip() or (
            end > last + 1 and lines[end - 1].lstrip().startswith("#")):
        end -= 1  # the blank and comment lines before the next table stay with it
    before = "".join(lines[:end])
    if not before.endswith("\n"):
        before += "\n"
    return before + tables + "".join(lines[end:])
