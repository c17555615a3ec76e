"""SQL dumps read as a stream of tables and rows, without a database server.

Reads what NukeViet's admin saves (`includes/core/dump.php`: a `CREATE TABLE` per table, then
one multi-row `INSERT INTO `t` VALUES (…), (…);` without a column list, strings escaped with
PHP's addslashes) and what `mysqldump` writes (extended inserts, `/*!…*/` comments, `_binary`
and `0x…` literals), plain or gzip'd (found by its first bytes, not its name).

The file is read in chunks and tokenised as it comes, so memory stays that of one value,
whatever the size of the dump: a table's rows are yielded one by one, each with the columns
its `CREATE TABLE` (or the INSERT's own column list) names. A problem is a DumpError at the
line it is on; nothing here raises anything else for a file that is not a dump.
"""

from __future__ import annotations

import codecs
import gzip
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .diagnostics import InputError
from .messages import msg

Value = str | int | float | bytes | None
CHUNK = 1 << 20

_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<comment>--(?:[ \t][^\n]*)?(?:\n|\Z)|\#[^\n]*(?:\n|\Z)|/\*.*?\*/)
  | (?P<string>'[^'\\]*(?:(?:\\.|'')[^'\\]*)*')
  | (?P<dstring>"[^"\\]*(?:(?:\\.|"")[^"\\]*)*")
  | (?P<quoted>`(?:[^`]|``)*`)
  | (?P<hex>0x[0-9A-Fa-f]*(?![\w$])|[xX]'[0-9A-Fa-f]*')
  | (?P<number>[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?(?![\w$]))
  | (?P<word>[A-Za-z0-9_$]+)
  | (?P<open>['"`]|/\*)
  | (?P<other>.)
""", re.S | re.X)
_ESCAPES = {"0": "\0", "b": "\b", "n": "\n", "r": "\r", "t": "\t", "Z": "\x1a",
            "%": "\\%", "_": "\\_"}
_ESCAPE = re.compile(r"\\(.)|''|\"\"", re.S)
MARGIN = 256  # a token this near the end of what was read may go on in the next chunk
_NOT_COLUMNS = {"PRIMARY", "KEY", "UNIQUE", "INDEX", "CONSTRAINT", "FOREIGN", "FULLTEXT",
                "SPATIAL", "CHECK", "PERIOD"}


class DumpError(InputError):
    """Why the dump cannot be read, at `line` (1-based)."""


@dataclass(frozen=True, slots=True)
class Table:
    """A `CREATE TABLE`: the table's name and its columns, in order."""

    name: str
    columns: tuple[str, ...]
    line: int


@dataclass(frozen=True, slots=True)
class Row:
    """One row of an INSERT; `columns` is None when neither the INSERT nor a CREATE TABLE
    before it names them."""

    table: str
    values: tuple[Value, ...]
    columns: tuple[str, ...] | None
    line: int

    def mapping(self) -> dict[str, Value] | None:
        """Column -> value, or None when the columns are unknown or their count differs."""
        if self.columns is None or len(self.columns) != len(self.values):
            return None
        return dict(zip(self.columns, self.values, strict=True))


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str
    text: str
    line: int


def _unescape(body: str) -> str:
    def one(match: re.Match[str]) -> str:
        escaped = match.group(1)
        if escaped is None:
            return match.group(0)[0]  # '' or "" inside: one quote
        return _ESCAPES.get(escaped, escaped)

    return _ESCAPE.sub(one, body) if "\\" in body or "''" in body or '""' in body else body


def _open(path: Path) -> BinaryIO:
    handle = path.open("rb")
    start = handle.peek(4)[:4] if hasattr(handle, "peek") else b""
    if start[:2] == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=handle)  # type: ignore[return-value]
    if start[:4] == b"PK\x03\x04":
        handle.close()
        raise DumpError(1, msg("this is a ZIP archive, not an SQL dump: unzip it and give the "
                               ".sql file inside"))
    return handle


class _Lexer:
    """Tokens of a dump, read chunk by chunk; comments and spaces are dropped."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.decoder = codecs.getincrementaldecoder("utf-8")("strict")
        self.buffer = ""
        self.pos = 0
        self.line = 1
        self.eof = False
        self.first = True

    def _fill(self) -> bool:
        """Read one more chunk; False at the end of the file."""
        if self.eof:
            return False
        try:
            raw = self.stream.read(CHUNK)
        except (OSError, EOFError, zlib.error) as exc:
            raise DumpError(self.line + self.buffer.count("\n", self.pos), msg(
                "the compressed dump is damaged or cut short (%(problem)s): save it again",
                problem=str(exc) or type(exc).__name__)) from None
        try:
            text = self.decoder.decode(raw, final=not raw)
        except UnicodeDecodeError as exc:
            line = self.line + self.buffer.count("\n", self.pos)
            line += raw[:exc.start].count(b"\n")
            raise DumpError(line, msg("the dump is not UTF-8 text (byte 0x%(byte)s); save it "
                                      "again in UTF-8 (NukeViet's own dumps are)",
                                      byte=format(raw[exc.start], "02X"))) from None
        if self.first:
            text = text.removeprefix("\ufeff")
            self.first = False
            if "\0" in text[:4096]:
                raise DumpError(1, msg("this is a binary file, not an SQL dump"))
        if not raw:
            self.eof = True
        self.buffer = self.buffer[self.pos:] + text
        self.pos = 0
        return bool(raw)

    def next(self) -> _Token | None:
        """The next token, or None at the end of the file."""
        while True:
            match = _TOKEN.match(self.buffer, self.pos)
            # a string, name or comment not closed in what was read closes in a later chunk
            if not self.eof and (match is None or len(self.buffer) - match.end() < MARGIN
                                 or match.lastgroup == "open"):
                self._fill()
                continue
            if match is None:
                return None
            kind = match.lastgroup or "other"
            start = self.line
            self.line += self.buffer.count("\n", match.start(), match.end())
            self.pos = match.end()
            if kind == "open":
                what = {"'": msg("a string"), '"': msg("a string"),
                        "`": msg("a name")}.get(match.group(0), msg("a comment"))
                raise DumpError(start, msg("the dump ends inside %(what)s that starts here: "
                                           "it is cut short; save it again", what=what))
            if kind in ("space", "comment"):  # mysqldump's /*!…*/ hold SETs: nothing to keep
                continue
            return _Token(kind, match.group(0), start)


def _value(token: _Token) -> Value:
    if token.kind == "string" or token.kind == "dstring":
        return _unescape(token.text[1:-1])
    if token.kind == "number":
        text = token.text
        return int(text) if re.fullmatch(r"[-+]?\d+", text) else float(text)
    if token.kind == "hex":
        digits = token.text[2:].strip("'")
        data = bytes.fromhex(digits if len(digits) % 2 == 0 else "0" + digits)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data
    if token.kind == "word" and token.text.upper() == "NULL":
        return None
    if token.kind == "word" and token.text.upper() in ("TRUE", "FALSE"):
        return int(token.text.upper() == "TRUE")
    if token.kind == "word" and re.fullmatch(r"\d+", token.text):
        return int(token.text)
    raise DumpError(token.line, msg("unexpected %(token)s in a row of values",
                                    token=repr(token.text[:40])))


def _name(token: _Token) -> str:
    if token.kind == "quoted":
        return token.text[1:-1].replace("``", "`")
    return token.text


class DumpReader:
    """Tables and rows of one dump, in the order the dump gives them.

    `wanted(table)` says which tables' rows to yield (the others' values are still read, to
    find where they end, but not kept)."""

    def __init__(self, path: Path, wanted: Callable[[str], bool] = lambda name: True) -> None:
        self.path = path
        self.wanted = wanted
        self.columns: dict[str, tuple[str, ...]] = {}
        self.statements = 0  # CREATE TABLE and INSERT statements read

    def __iter__(self) -> Iterator[Table | Row]:
        try:
            stream = _open(self.path)
        except OSError as exc:
            raise DumpError(0, msg("cannot read the dump: %(problem)s",
                                   problem=exc.strerror or str(exc))) from None
        lexer = _Lexer(stream)
        with stream:
            while (token := lexer.next()) is not None:
                word = token.text.upper() if token.kind == "word" else ""
                if word == "CREATE":
                    yield from self._create(lexer, token)
                elif word in ("INSERT", "REPLACE"):
                    yield from self._insert(lexer, token)
                elif token.text != ";":
                    self._skip(lexer)
        if not self.statements:
            raise DumpError(0, msg(  # about the whole file
                "no CREATE TABLE or INSERT statement: this is not an SQL dump"))

    def _skip(self, lexer: _Lexer) -> None:
        """To the end of the statement."""
        while (token := lexer.next()) is not None and token.text != ";":
            pass

    def _expect(self, lexer: _Lexer, start: _Token) -> _Token:
        token = lexer.next()
        if token is None:
            raise DumpError(start.line, msg("the dump ends inside the statement that starts "
                                            "here: it is cut short; save it again"))
        return token

    def _create(self, lexer: _Lexer, start: _Token) -> Iterator[Table]:
        token = self._expect(lexer, start)
        if token.text.upper() != "TABLE":
            if token.text != ";":
                self._skip(lexer)
            return
        token = self._expect(lexer, start)
        if token.text.upper() == "IF":  # IF NOT EXISTS
            self._expect(lexer, start)
            self._expect(lexer, start)
            token = self._expect(lexer, start)
        name = _name(token)
        token = self._expect(lexer, start)
        while token.text == ".":  # db.table
            name = _name(self._expect(lexer, start))
            token = self._expect(lexer, start)
        if token.text != "(":
            if token.text != ";":
                self._skip(lexer)
            return
        columns: list[str] = []
        depth, first = 1, True
        while depth:
            token = self._expect(lexer, start)
            if token.text == "(":
                depth += 1
            elif token.text == ")":
                depth -= 1
            elif token.text == "," and depth == 1:
                first = True
                continue
            elif first and depth == 1 and (token.kind == "quoted" or (
                    token.kind == "word" and token.text.upper() not in _NOT_COLUMNS)):
                columns.append(_name(token))
            first = False
        if token.text != ";":
            self._skip(lexer)
        self.statements += 1
        self.columns[name] = tuple(columns)
        yield Table(name, tuple(columns), start.line)

    def _insert(self, lexer: _Lexer, start: _Token) -> Iterator[Row]:
        token = self._expect(lexer, start)
        while token.kind == "word" and token.text.upper() in ("IGNORE", "INTO", "LOW_PRIORITY",
                                                               "DELAYED", "HIGH_PRIORITY"):
            token = self._expect(lexer, start)
        name = _name(token)
        token = self._expect(lexer, start)
        while token.text == ".":
            name = _name(self._expect(lexer, start))
            token = self._expect(lexer, start)
        columns = self.columns.get(name)
        if token.text == "(":
            listed: list[str] = []
            while (token := self._expect(lexer, start)).text != ")":
                if token.text != ",":
                    listed.append(_name(token))
            columns = tuple(listed)
            token = self._expect(lexer, start)
        if token.text.upper() not in ("VALUES", "VALUE"):
            if token.text != ";":
                self._skip(lexer)  # INSERT … SELECT, INSERT … SET: no rows to read here
            return
        self.statements += 1
        keep = self.wanted(name)
        while True:
            token = self._expect(lexer, start)
            if token.text != "(":
                raise DumpError(token.line, msg("expected `(` to start a row of table "
                                                "%(table)s, found %(token)s", table=name,
                                                token=repr(token.text[:40])))
            row_line = token.line
            values: list[Value] = []
            while True:
                token = self._expect(lexer, start)
                if token.kind == "word" and token.text.lower() in ("_binary", "_utf8",
                                                                   "_utf8mb4", "_latin1"):
                    token = self._expect(lexer, start)
                if token.text == ")" and not values:
                    break
                values.append(_value(token) if keep else None)
                token = self._expect(lexer, start)
                if token.text == ")":
                    break
                if token.text != ",":
                    raise DumpError(token.line, msg("expected `,` or `)` between the values "
                                                    "of a row of table %(table)s, found "
                                                    "%(token)s", table=name,
                                                    token=repr(token.text[:40])))
            if keep:
                yield Row(name, tuple(values), columns, row_line)
            after = lexer.next()
            if after is None or after.text == ";":
                return
            if after.kind == "word" and after.text.upper() == "ON":  # ON DUPLICATE KEY …
                self._skip(lexer)
                return
            if after.text != ",":
                raise DumpError(after.line, msg("expected `,` or `;` after a row of table "
                                                "%(table)s, found %(token)s", table=name,
                                                token=repr(after.text[:40])))
