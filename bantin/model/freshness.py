"""The input files of a site with their stats: what the engine compares with the last build
to tell whether, and what, changed (engine/stamp.py, engine/cache.py), before anything
heavy loads."""

from __future__ import annotations

import os
from pathlib import Path

from ..core import symlinks
from ..core.diagnostics import Diagnostic

# What a site is made from, besides Bantin itself: top-level files and folders of the site.
INPUTS = ("config.toml", "content", "layouts", "assets", "locales", "data", "static")


class Scan(dict[str, str]):
    """Every input file (relative path, forward slashes) with its stat key, and the symbolic
    links refused on the way (symlinks.py): errors at the links' paths, never followed.
    The key, not the whole `os.stat_result`: a build needs no more, and keeps the scan."""

    def __init__(self) -> None:
        super().__init__()
        self.refused: list[Diagnostic] = []


def stat_key(st: os.stat_result) -> str:
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"


def scan(root: Path) -> Scan:
    """Every input file with its stat; hidden names skipped, links followed only within the
    site's source folders."""
    found = Scan()
    real_root = os.path.realpath(root)

    def walk(folder: str, prefix: str, walking: tuple[str, ...]) -> None:
        """`walking`: the real paths of the folders down to this one (the last)."""
        try:
            entries = list(os.scandir(folder))
        except OSError:  # gone since it was listed, or not readable
            return
        for entry in entries:
            relative = prefix + entry.name
            # A hidden page (`content/tin-tuc/...md`) is scanned, to be reported: an editor
            # who made it expects it published.
            hidden = entry.name.startswith(".") and not (
                relative.startswith("content/") and relative.endswith(".md"))
            if hidden or entry.name == "__pycache__":
                continue
            if entry.is_symlink():  # rare: the slow path
                link(entry.path, relative, walking)
            elif entry.is_dir(follow_symlinks=False):
                walk(entry.path, relative + "/",
                     (*walking, os.path.join(walking[-1], entry.name)))
            elif entry.is_file(follow_symlinks=False):
                found[relative] = stat_key(entry.stat())

    def link(path: str, relative: str, walking: tuple[str, ...]) -> None:
        real, refused = symlinks.refusal(path, relative, real_root, walking)
        if refused is not None:
            found.refused.append(refused)
        elif os.path.isdir(real):
            walk(path, relative + "/", (*walking, real))
        elif os.path.isfile(real):
            found[relative] = stat_key(os.stat(real))

    for name in INPUTS:
        path = root / name
        if path.is_symlink():
            link(str(path), name, ())
        elif path.is_dir():
            walk(str(path), name + "/", (os.path.realpath(path),))
        elif path.is_file():
            found[name] = stat_key(path.stat())
    return found


