"""Writing the site: fingerprinted assets and an output folder swapped in atomically."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote, unquote

ASSETS_DIR = "assets"


class UnsafePath(Exception):
    """An output path that would land outside the output folder."""


@dataclass(frozen=True, slots=True)
class Asset:
    source: Path
    url: str  # /assets/css/main.1a2b3c4d5e.css


def asset_keys(files: Iterable[str]) -> dict[str, str]:
    """The files under assets/ among the site's input files (freshness.scan), by key: their
    path there in NFC ("images/Ảnh hội nghị.jpg"), as content names them (content is NFC;
    a name copied from macOS is often NFD on disk) -> the input's own path."""
    prefix = ASSETS_DIR + "/"
    return {unicodedata.normalize("NFC", f.removeprefix(prefix)): f
            for f in sorted(files) if f.startswith(prefix)}


def url_of(path: str) -> str:
    """The URL of an output path: percent-encoded, so that spaces, Vietnamese letters and
    commas in file names survive `srcset` and every browser ("/a b.jpg" -> "/a%20b.jpg")."""
    return quote(path, safe="/")


def fingerprint_assets(root: Path, files: Iterable[str]) -> dict[str, Asset]:
    """Every file under assets/ among the site's input files, keyed by its path there
    ("css/main.css", asset_keys), with a hashed URL."""
    found: dict[str, Asset] = {}
    for key, relative in sorted(asset_keys(files).items()):
        path = root / relative
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
        posix = PurePosixPath(key)
        hashed = posix.with_name(f"{posix.stem}.{digest}{posix.suffix}")
        found[key] = Asset(path, url_of(f"/{ASSETS_DIR}/{hashed}"))
    return found


class OutputFolder:
    """A fresh folder beside the target; `commit` swaps it in, `discard` removes it.

    A failed build therefore leaves the previous site exactly as it was.
    """

    def __init__(self, target: Path) -> None:
        self.target = target.resolve()
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.path = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.new-",
                                          dir=self.target.parent))

    def _resolve(self, url_path: str) -> Path:
        relative = PurePosixPath(unquote(url_path).lstrip("/"))
        if url_path.endswith("/"):
            relative = relative / "index.html"
        if any(part in ("..", "") for part in relative.parts) or relative.is_absolute():
            raise UnsafePath(url_path)
        path = (self.path / relative).resolve()
        if not path.is_relative_to(self.path.resolve()):
            raise UnsafePath(url_path)
        return path

    def write(self, url_path: str, data: bytes | str) -> Path:
        """Write the file for a URL path ("/vi/tin-tuc/a/" -> vi/tin-tuc/a/index.html)."""
        path = self._resolve(url_path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path

    def copy(self, source: Path, url_path: str) -> None:
        path = self._resolve(url_path)
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, path)

    def commit(self) -> None:
        old = None
        if self.target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.old-",
                                        dir=self.target.parent))
            os.rmdir(old)
            os.rename(self.target, old)
        os.rename(self.path, self.target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
