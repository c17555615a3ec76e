"""The files of the site: fingerprinted assets, and each output file with how it is made."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
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


@dataclass(frozen=True, slots=True)
class Output:
    """One file of the site: its URL path and how it is made.

    `render` names a Renderer method called with `args` and a reads.Recorder ("page",
    "view", …), or is "copy" (args: the source file), "literal" (args: the text or bytes)
    or "call" (args: a function of a Recorder that returns the text). `needs`: the
    content files whose prepared bodies it reads, handed to it in the Recorder."""

    url: str
    render: str
    args: tuple[Any, ...] = ()
    needs: tuple[str, ...] = ()


def output_path(url: str) -> PurePosixPath:
    """The file of a URL path inside the output folder ("/vi/a/" -> vi/a/index.html); a
    percent-encoded URL names its file decoded ("/a%20b.jpg" -> a b.jpg), checked after."""
    relative = PurePosixPath(unquote(url).lstrip("/"))
    if url.endswith("/"):
        relative = relative / "index.html"
    if (not url.startswith("/") or any(part in ("..", ".", "") for part in relative.parts)
            or relative.is_absolute()):
        raise UnsafePath(url)
    return relative
