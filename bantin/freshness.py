"""Is the output already up to date? Answered from file stats alone, before anything heavy loads.

A successful build leaves a stamp in its cache folder: a digest of the engine, the build's
options, the output folder's identity and the size, mtime and inode of every input file,
with the time until which the same inputs give the same site (the next scheduled article
or expiry). A build whose stamp still matches has nothing to do.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from datetime import datetime
from pathlib import Path

from . import symlinks
from .cache import engine_digest, stat_keys, variant_folder
from .diagnostics import Diagnostic

# What a site is made from, besides Bantin itself: top-level files and folders of the site.
INPUTS = ("config.toml", "content", "layouts", "assets", "locales", "data", "static")
STAMP = "stamp"
WARNINGS = "warnings.pickle"


class Scan(dict[str, os.stat_result]):
    """Every input file (relative path, forward slashes) with its stat, and the symbolic
    links refused on the way (symlinks.py): errors at the links' paths, never followed."""

    def __init__(self) -> None:
        super().__init__()
        self.refused: list[Diagnostic] = []


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
                found[relative] = entry.stat()

    def link(path: str, relative: str, walking: tuple[str, ...]) -> None:
        real, refused = symlinks.refusal(path, relative, real_root, walking)
        if refused is not None:
            found.refused.append(refused)
        elif os.path.isdir(real):
            walk(path, relative + "/", (*walking, real))
        elif os.path.isfile(real):
            found[relative] = os.stat(real)

    for name in INPUTS:
        path = root / name
        if path.is_symlink():
            link(str(path), name, ())
        elif path.is_dir():
            walk(str(path), name + "/", (os.path.realpath(path),))
        elif path.is_file():
            found[name] = path.stat()
    return found


def out_identity(out: Path) -> str:
    try:
        st = out.stat()
    except OSError:
        return "missing"
    return f"{st.st_dev}:{st.st_ino}"


def stamp(stats: dict[str, os.stat_result], out: Path, options: str) -> str:
    h = hashlib.sha256(f"{engine_digest()}\0{options}\0{out}\0{out_identity(out)}\n".encode())
    h.update(_listing(stats))
    return h.hexdigest()


_listed: tuple[dict[str, os.stat_result], bytes] | None = None


def _listing(stats: dict[str, os.stat_result]) -> bytes:
    """Every input with its stat key; made once for the scan a build checks and stamps."""
    global _listed
    if _listed is None or _listed[0] is not stats:
        keys = stat_keys(stats)
        _listed = (stats, "".join(f"{relative}\0{keys[relative]}\n"
                                  for relative in sorted(stats)).encode())
    return _listed[1]


def options_key(drafts: bool, future: bool, search: bool) -> str:
    return f"drafts={drafts} future={future} search={search}"


def is_fresh(root: Path, out: Path, drafts: bool, future: bool, now: datetime,
             search: bool = True, stats: Scan | None = None) -> bool:
    """True when the last build of `out` with these options saw exactly these inputs
    (`stats`: the scan of them, when already made)."""
    current = scan(root) if stats is None else stats
    if current.refused:  # a link the last build did not have: the build reports it
        return False
    path = variant_folder(root, out, drafts, future) / STAMP
    try:
        saved, until = path.read_text(encoding="utf-8").split("\n")[:2]
    except (OSError, ValueError):
        return False
    if until and now >= datetime.fromisoformat(until):
        return False
    return saved == stamp(current, out, options_key(drafts, future, search))


def write_stamp(root: Path, out: Path, drafts: bool, future: bool, search: bool,
                stats: dict[str, os.stat_result], until: datetime | None) -> None:
    path = variant_folder(root, out, drafts, future) / STAMP
    text = stamp(stats, out, options_key(drafts, future, search)) + "\n" + (
        until.isoformat() if until else "") + "\n"
    path.write_text(text, encoding="utf-8")


def clear_stamp(root: Path, out: Path, drafts: bool, future: bool) -> None:
    (variant_folder(root, out, drafts, future) / STAMP).unlink(missing_ok=True)


def write_warnings(root: Path, out: Path, drafts: bool, future: bool,
                   items: list[Diagnostic]) -> None:
    """The warnings of the last build, repeated by a build that has nothing to do (kept as
    values, so they are shown in the language asked for then)."""
    path = variant_folder(root, out, drafts, future) / WARNINGS
    path.write_bytes(pickle.dumps(items, protocol=pickle.HIGHEST_PROTOCOL))


def saved_warnings(root: Path, out: Path, drafts: bool, future: bool) -> list[Diagnostic]:
    try:
        data = (variant_folder(root, out, drafts, future) / WARNINGS).read_bytes()
        items = pickle.loads(data)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return []
    return [item for item in items if isinstance(item, Diagnostic)] \
        if isinstance(items, list) else []
