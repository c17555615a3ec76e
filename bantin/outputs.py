"""Writing the site: fingerprinted assets and an output folder swapped in atomically."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

ASSETS_DIR = "assets"


class UnsafePath(Exception):
    """An output path that would land outside the output folder."""


@dataclass(frozen=True, slots=True)
class Asset:
    source: Path
    url: str  # /assets/css/main.1a2b3c4d5e.css


def fingerprint_assets(root: Path, files: Iterable[str]) -> dict[str, Asset]:
    """Every file under assets/ among the site's input files (freshness.scan), keyed by its
    path there ("css/main.css"), with a hashed URL."""
    found: dict[str, Asset] = {}
    prefix = ASSETS_DIR + "/"
    for relative in sorted(f.removeprefix(prefix) for f in files if f.startswith(prefix)):
        path = root / ASSETS_DIR / relative
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
        posix = PurePosixPath(relative)
        hashed = posix.with_name(f"{posix.stem}.{digest}{posix.suffix}")
        found[relative] = Asset(path, f"/{ASSETS_DIR}/{hashed}")
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
        relative = PurePosixPath(url_path.lstrip("/"))
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
