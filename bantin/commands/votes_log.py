"""The readers' votes nginx logged: what `ratings fetch --from-log PATH` reads on a self-hosted
site (the log and its line are set up by `server-config nginx`, rendering/nginx.py).

Each vote is one JSON line, `{"time", "id", "ip", "body"}`: the time, nginx's random
request id, the client's address and the form's urlencoded body. A run reads the lines added
since the last one: it remembers a Position (the file's inode, the offset it stopped at and
a digest of the line before it), kept in the ratings ledger. When logrotate has renamed the
file (Debian: daily, the newest old file kept as PATH.1 uncompressed), the run finds the
position in PATH.1, reads the rest of it, then PATH from its start. A position found in
neither (rotated twice since, or another file) starts again from PATH.1 and PATH, whole.
"""

from __future__ import annotations

import hashlib
import json
import os
import urllib.parse
from dataclasses import dataclass
from pathlib import Path


class LogError(Exception):
    """The log cannot be read; the message says why."""


@dataclass(frozen=True, slots=True)
class Position:
    """Where a run stopped: the file (its inode), the offset of the next line, and a
    digest of the line that ends there ("" at the start of the file)."""

    inode: int
    offset: int
    last: str = ""

    def to_json(self) -> dict[str, object]:
        return {"inode": self.inode, "offset": self.offset, "last": self.last}

    @classmethod
    def from_json(cls, data: object) -> Position | None:
        if not isinstance(data, dict):
            return None
        inode, offset, last = data.get("inode"), data.get("offset"), data.get("last", "")
        if not isinstance(inode, int) or not isinstance(offset, int) or not isinstance(last, str):
            return None
        return cls(inode, offset, last)


@dataclass(frozen=True, slots=True)
class Line:
    """One complete line of the log: a vote as the form sent it, and where it is."""

    id: str  # nginx's $request_id; the line's place when the line has none
    ip: str
    fields: dict[str, str]  # the form's fields (the first value of each)
    at: Position  # the position of this line: a run that stops here reads it again


def _digest(line: bytes) -> str:
    return hashlib.blake2b(line, digest_size=8).hexdigest()


def _read(path: Path) -> tuple[int, bytes] | None:
    try:
        with path.open("rb") as file:
            return os.fstat(file.fileno()).st_ino, file.read()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise LogError(f"{path}: {exc.strerror or exc}") from None


def _continues(position: Position, inode: int, data: bytes) -> bool:
    """Whether `position` is in this file: the line before it is the one remembered (an
    inode alone for the start of a file: the inode of a deleted file can come back)."""
    if position.offset == 0:
        return position.inode == inode
    if len(data) < position.offset or data[position.offset - 1:position.offset] != b"\n":
        return False
    begin = data.rfind(b"\n", 0, position.offset - 1) + 1
    return _digest(data[begin:position.offset]) == position.last


def _parse(line: bytes, at: Position) -> Line:
    try:
        record = json.loads(line.decode("utf-8", errors="replace"))
    except ValueError:
        record = None
    if not isinstance(record, dict):
        record = {}
    body = record.get("body")
    pairs = urllib.parse.parse_qsl(body, keep_blank_values=True) if isinstance(body, str) else []
    fields: dict[str, str] = {}
    for key, value in pairs:
        fields.setdefault(key, value)
    given = record.get("id")
    ip = record.get("ip")
    return Line(given if isinstance(given, str) and given else f"{at.inode}:{at.offset}",
                ip if isinstance(ip, str) else "", fields, at)


def _lines(inode: int, data: bytes, start: int) -> tuple[list[Line], Position]:
    """The complete lines from `start` (a line being written is left for the next run), and
    the position after them."""
    lines: list[Line] = []
    position = Position(inode, start, "")
    if start:
        begin = data.rfind(b"\n", 0, start - 1) + 1
        position = Position(inode, start, _digest(data[begin:start]))
    while (end := data.find(b"\n", position.offset)) != -1:
        raw = data[position.offset:end + 1]
        if raw.strip():
            lines.append(_parse(raw.strip(), position))
        position = Position(inode, end + 1, _digest(raw))
    return lines, position


def read(path: Path, position: Position | None) -> tuple[list[Line], Position, bool]:
    """The lines logged since `position`, oldest first; the position after the last one; and
    whether lines may have been lost (the position found in neither PATH nor PATH.1)."""
    current = _read(path)
    if current is None:
        raise LogError(f"{path}: no such file")
    rotated = _read(path.with_name(path.name + ".1"))
    lost = False
    if position is not None and _continues(position, *current):
        plan = [(current, position.offset)]
    elif position is not None and rotated is not None and _continues(position, *rotated):
        plan = [(rotated, position.offset), (current, 0)]
    else:  # a first run, or the position is gone: all there is
        plan = ([(rotated, 0)] if rotated is not None else []) + [(current, 0)]
        lost = position is not None
    found: list[Line] = []
    end = Position(current[0], 0)
    for (inode, data), start in plan:
        lines, end = _lines(inode, data, start)
        found += lines
    return found, end, lost
