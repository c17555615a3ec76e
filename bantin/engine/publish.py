"""Where a build writes, and how what it wrote reaches the output folder.

A cold build writes a fresh folder beside the output and swaps it in. A build over an
output the cache knows writes the files that changed into a staging folder beside it (one
file per output, named by its index in the plan) and, only when every output succeeded,
moves them into place and deletes the files no longer made; unchanged files are never
touched. Either way a failed build leaves the output as it was. While files move the cache
says so (committed first), so a build interrupted then is detected by the next one, which
starts clean.

The cache knows the output folder by its identity (device and inode). An output folder put
back in its place together with the cache, as Netlify's build cache does between deploys
(netlify/plugins/bantin-cache), is another folder with the same files: `adopt` takes it as
the output the cache describes once every file is there with the bytes the cache recorded,
and no other file.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from ..core import digests
from ..website.outputs import UnsafePath, output_path
from .cache import Cache

APPLYING = "applying"  # in the cache: files are being moved into the output folder
OUT = "out"  # in the cache: the identity of the output folder its outputs table describes


def out_identity(out: Path) -> str:
    try:
        st = out.stat()
    except OSError:
        return "missing"
    return f"{st.st_dev}:{st.st_ino}"


def known(cache: Cache, out: Path) -> bool:
    """The cache's outputs table describes `out` as it is: the same folder, and no build
    stopped while moving files into it (the output is then neither the old nor the new)."""
    return cache.get(OUT) == out_identity(out) and not interrupted(cache)


def adopt(cache: Cache, out: Path) -> bool:
    """The cache's outputs table describes `out` (`known`), or describes it from now on: a
    folder put back where the described one was, holding exactly the files the table lists,
    each with the digest it records. Anything else (a file changed, missing or added, a
    symbolic link, a build stopped while moving files) and the build that follows makes
    the output again from nothing, so no file the table does not know is ever published."""
    if known(cache, out):
        return True
    if cache.get(OUT) is None or interrupted(cache) or not out.is_dir() or out.is_symlink():
        return False
    expected = {_file_of(url): entry.digest for url, entry in cache.outputs().items()}
    if not _holds_exactly(out, expected):
        return False
    cache.begin()
    describe(cache, out)
    cache.commit()
    return True


def _file_of(url: str) -> str:
    """output_path(url).as_posix(), made without pathlib for a URL that needs nothing of it
    (no empty, "." or ".." part to refuse or normalise): an adopted output has tens of
    thousands, and the paths took 0.7 s at 10,000 articles."""
    relative = unquote(url).lstrip("/") + ("index.html" if url.endswith("/") else "")
    if url.startswith("/") and all(part not in ("", ".", "..") for part in relative.split("/")):
        return relative
    return output_path(url).as_posix()  # which normalises it, or refuses it: UnsafePath


def _holds_exactly(out: Path, expected: dict[str, str]) -> bool:
    """`out` holds these files (relative path -> blake2b digest of the bytes, as the
    workers record it) and nothing else; no symbolic link or other special file anywhere.
    Every byte is read: at 10,000 articles some 900 MB in 51,000 files, read and digested
    by a thread per core (core/digests.py): 1.5 s where a walk with pathlib and one thread
    took 2.7."""
    found: list[tuple[str, str]] = []  # each file and the digest it must have
    folders = [(str(out), "")]
    while folders:
        folder, prefix = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                relative = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    folders.append((entry.path, relative + "/"))
                    continue
                digest = expected.get(relative)
                if digest is None or not entry.is_file(follow_symlinks=False):
                    return False
                found.append((entry.path, digest))
    if len(found) != len(expected):
        return False
    made = digests.digests_of([path for path, _digest in found], digests.blake2b_file)
    return all(now == digest for now, (_path, digest) in zip(made, found, strict=True))


def describe(cache: Cache, out: Path) -> None:
    """The outputs table just written describes `out` (inside the caller's transaction)."""
    cache.set(OUT, out_identity(out))


def fresh_folder(out: Path) -> Path:
    """A new folder beside `out`, for a build of everything. It becomes the output folder,
    so it is made readable as any folder is (mkdtemp makes it 0700): a web server running as
    another user (nginx's www-data) must read the site, and `rsync -a` keeps the mode."""
    folder = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=_parent(out)))
    folder.chmod(0o777 & ~_umask())
    return folder


def _umask() -> int:
    """The process's umask; os.umask can only be read by setting it, so it is set back at
    once (to the common 022 meanwhile, not to 0, should anything be created then)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def staging_folder(out: Path) -> Path:
    """A new folder beside `out`, for the files a build changes."""
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=_parent(out)))


def _parent(out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    return out.parent


def discard(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def interrupted(cache: Cache) -> bool:
    """A build stopped while moving files into the output folder."""
    return bool(cache.get(APPLYING))


def swap_in(fresh: Path, out: Path) -> None:
    """Swap the fresh folder in; the previous output goes only after the swap succeeded."""
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        os.rmdir(old)
        os.rename(out, old)
    os.rename(fresh, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def apply(cache: Cache, out: Path, staging: Path, changed: dict[int, str],
          removed: Iterable[str]) -> None:
    """Move the changed files (plan index -> URL) into place, delete the ones no longer
    made and the staging folder. Inside a cache transaction, which the caller commits:
    while files move, the cache says so (committed)."""
    cache.set(APPLYING, True)
    cache.commit()
    cache.begin()
    for index, url in changed.items():
        path = out / output_path(url)
        try:
            os.replace(staging / str(index), path)
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / str(index), path)
    for url in removed:
        try:
            relative = output_path(url)
        except UnsafePath:
            continue
        (out / relative).unlink(missing_ok=True)
        _prune(out, relative)
    discard(staging)
    cache.set(APPLYING, False)


def _prune(out: Path, relative: PurePosixPath) -> None:
    """Remove the folders a deleted file leaves empty, up to the output folder."""
    parent = (out / relative).parent
    while parent != out:
        try:
            parent.rmdir()
        except OSError:
            return
        parent = parent.parent
