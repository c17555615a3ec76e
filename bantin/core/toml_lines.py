"""Where each table and key of a TOML file is written, for `path:line:` error lines.

tomllib gives values without positions; this reads the lines once more, only for headers
(`[a.b]`, `[[a]]`) and `key =` lines, so an error lands on the key's own line, or on its
table's header when the key is missing from the table, or on line 1 when the table too is
missing.
"""

from __future__ import annotations

import re

_PART = r'(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|\'[^\']*\')'
_DOTTED = rf"{_PART}(?:\s*\.\s*{_PART})*"
_HEADER = re.compile(rf"^\s*(\[\[?)\s*({_DOTTED})\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(rf"^\s*({_DOTTED})\s*=")
_SPLIT = re.compile(_PART)

Path = tuple[str, ...]


def _parts(dotted: str) -> Path:
    return tuple(part.strip("\"'") for part in _SPLIT.findall(dotted))


class TomlLines:
    """The line (1-based) of each table header and key of one TOML text."""

    def __init__(self, text: str) -> None:
        self.headers: dict[tuple[Path, int], int] = {}
        self.keys: dict[tuple[Path, int, str], int] = {}
        counts: dict[Path, int] = {}
        table: Path = ()
        index = 0
        in_string = False
        for number, line in enumerate(text.splitlines(), start=1):
            if in_string:  # inside a multi-line string: no keys here
                in_string = line.count('"""') % 2 == 0
                continue
            header = _HEADER.match(line)
            if header:
                table = _parts(header.group(2))
                if header.group(1) == "[[":
                    index = counts[table] = counts.get(table, -1) + 1
                else:
                    index = 0
                self.headers.setdefault((table, index), number)
                continue
            key = _KEY.match(line)
            if key:
                path = _parts(key.group(1))
                for depth in range(len(path)):  # a.b.c = … names a, a.b and a.b.c
                    self.keys.setdefault((table + path[:depth], index if depth == 0 else 0,
                                          path[depth]), number)
                in_string = line.count('"""') % 2 == 1

    def line(self, table: Path, key: str | None = None, index: int = 0) -> int:
        """The key's line; else its table's header; else the nearest enclosing table or key
        that is written; else 1 (the whole file)."""
        if key is not None and (table, index, key) in self.keys:
            return self.keys[(table, index, key)]
        if (table, index) in self.headers:
            return self.headers[(table, index)]
        for depth in range(len(table) - 1, -1, -1):
            parent, name = table[:depth], table[depth]
            if (parent, 0, name) in self.keys:  # [sections] tin-tuc = { … }
                return self.keys[(parent, 0, name)]
            if (parent, 0) in self.headers:
                return self.headers[(parent, 0)]
        return 1
