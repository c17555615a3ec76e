"""Every byte of a built site, for tests that must prove something is *not* published.

File names count as output too, and gzip'd files (Pagefind's index fragments, any
pre-compressed asset) are searched after decompression, however deeply nested.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path

GZIP_MAGIC = b"\x1f\x8b"


def _expand(data: bytes) -> bytes:
    """The bytes as stored, followed by every gzip layer found inside them, decompressed."""
    layers = [data]
    while data.startswith(GZIP_MAGIC):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error):
            break
        layers.append(data)
    return b"\n".join(layers)


def output_blobs(folder: Path) -> Iterator[tuple[str, bytes]]:
    """(relative path, searchable bytes) for every file under `folder`, hidden ones included."""
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            relative = path.relative_to(folder).as_posix()
            yield relative, relative.encode() + b"\n" + _expand(path.read_bytes())


def find_markers(folder: Path, markers: list[str]) -> dict[str, list[str]]:
    """Marker -> the output files it appears in (by name or content), case-insensitively."""
    needles = {marker: marker.lower().encode() for marker in markers}
    found: dict[str, list[str]] = {marker: [] for marker in markers}
    for relative, data in output_blobs(folder):
        lowered = data.lower()
        for marker, needle in needles.items():
            if needle in lowered:
                found[marker].append(relative)
    return found
