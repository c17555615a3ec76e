"""The incremental build's cache: one SQLite file per output folder under .cache/bantin/.

It keeps, between builds: parsed documents (front-matter only; bodies stay on disk and are
read when needed), the links and images of each body (facts.py), each body rendered without
the site (markdown.Prepared, read by whichever process makes the page), the digest of every other
input file, and for each output file what it was made from (a key) and what it holds (a
digest). Every row carries a checksum; the whole file is stamped with the engine that wrote
it (Bantin's own source, the libraries' versions). A cache that cannot be read, fails a
checksum or was written by another engine is deleted and the build starts clean: it is
never trusted.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import pickle
import sqlite3
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

CACHE_DIR = ".cache/bantin"
FORMAT = 3  # bump when what is stored changes shape
LIBRARIES = ("jinja2", "markdown_it", "mdit_py_plugins", "nh3", "babel", "yaml", "markupsafe")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value BLOB);
CREATE TABLE IF NOT EXISTS docs (path TEXT PRIMARY KEY, stat TEXT, value BLOB);
CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, stat TEXT, digest TEXT);
CREATE TABLE IF NOT EXISTS facts (digest TEXT PRIMARY KEY, value BLOB);
CREATE TABLE IF NOT EXISTS bodies (digest TEXT PRIMARY KEY, value BLOB);
"""


class CacheCorrupt(Exception):
    """A row failed its checksum or could not be decoded."""


_engine: str | None = None


def engine_digest() -> str:
    """Bantin's source and the versions of the libraries that shape the output."""
    global _engine
    if _engine is None:
        h = hashlib.sha256(f"{FORMAT}|{sys.version}".encode())
        package = Path(__file__).resolve().parent
        for path in sorted(package.glob("*.py")):
            h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        sites = set()
        for name in LIBRARIES:
            spec = importlib.util.find_spec(name)
            if spec and spec.origin:
                sites.add(Path(spec.origin).resolve().parent.parent)
        for site in sorted(sites):  # the installed versions, from the dist-info folder names
            h.update(",".join(sorted(n for n in os.listdir(site)
                                     if n.endswith(".dist-info"))).encode())
        _engine = h.hexdigest()
    return _engine


def stat_key(st: os.stat_result) -> str:
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"


_keyed: tuple[dict[str, os.stat_result], dict[str, str]] | None = None


def stat_keys(stats: dict[str, os.stat_result]) -> dict[str, str]:
    """The stat_key of every file of a scan (freshness.scan), made once for the scan: a
    build compares them with its stamp, its cache and its saved state."""
    global _keyed
    if _keyed is None or _keyed[0] is not stats:
        _keyed = (stats, {path: stat_key(st) for path, st in stats.items()})
    return _keyed[1]


def _pack(value: Any) -> bytes:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return hashlib.blake2b(data, digest_size=16).digest() + data


def _unpack(blob: bytes) -> Any:
    data = bytes(blob[16:])
    if hashlib.blake2b(data, digest_size=16).digest() != bytes(blob[:16]):
        raise CacheCorrupt("checksum")
    try:
        return pickle.loads(data)  # noqa: S301 - our own file, checksummed
    except Exception as exc:  # noqa: BLE001 - any decoding problem means: do not trust
        raise CacheCorrupt(str(exc)) from exc


class Cache:
    """The cache of one build variant (output folder, drafts, future)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / "build.db"
        self.db = self._open()
        self._pid = os.getpid()
        self._reader: sqlite3.Connection | None = None  # a forked worker's own connection

    def _open(self) -> sqlite3.Connection:
        self.folder.mkdir(parents=True, exist_ok=True)
        try:
            db = self._connect()
            row = db.execute("SELECT value FROM meta WHERE name = 'engine'").fetchone()
            if row is None or _unpack(row[0]) != engine_digest():
                db.close()
                raise CacheCorrupt("another engine")
            return db
        except (sqlite3.DatabaseError, CacheCorrupt):
            return self.reset()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, isolation_level=None)
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        db.executescript(_SCHEMA)
        return db

    def reset(self) -> sqlite3.Connection:
        """Forget everything: delete the file and start an empty cache."""
        if getattr(self, "db", None) is not None:
            self.db.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        db = self._connect()
        db.execute("INSERT OR REPLACE INTO meta VALUES ('engine', ?)", (_pack(engine_digest()),))
        self.db = db
        return db

    # meta -----------------------------------------------------------------------------
    def get(self, name: str, default: Any = None) -> Any:
        row = self.db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return default if row is None else _unpack(row[0])

    def set(self, name: str, value: Any) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, _pack(value)))

    # tables of (key, stat, value) ----------------------------------------------------------
    def docs(self) -> dict[str, tuple[str, Any]]:
        return {path: (stat, blob) for path, stat, blob in
                self.db.execute("SELECT path, stat, value FROM docs")}

    def doc(self, path: str) -> Any:
        """One document's record, or None."""
        row = self.db.execute("SELECT value FROM docs WHERE path = ?", (path,)).fetchone()
        return None if row is None else _unpack(row[0])

    def put_docs(self, rows: Iterable[tuple[str, str, Any]]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO docs VALUES (?, ?, ?)",
                            ((path, stat, _pack(value)) for path, stat, value in rows))

    def drop_docs(self, paths: Iterable[str]) -> None:
        self.db.executemany("DELETE FROM docs WHERE path = ?", ((p,) for p in paths))

    def files(self) -> dict[str, tuple[str, str]]:
        return {path: (stat, digest) for path, stat, digest in
                self.db.execute("SELECT path, stat, digest FROM files")}

    def put_files(self, rows: Iterable[tuple[str, str, str]]) -> None:
        self.db.execute("DELETE FROM files")
        self.db.executemany("INSERT INTO files VALUES (?, ?, ?)", rows)

    def facts(self) -> Iterator[tuple[str, Any]]:
        for digest, blob in self.db.execute("SELECT digest, value FROM facts"):
            yield digest, _unpack(blob)

    def put_facts(self, rows: Iterable[tuple[str, Any]]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO facts VALUES (?, ?)",
                            ((digest, _pack(value)) for digest, value in rows))

    def put_bodies(self, rows: Iterable[tuple[str, Any]]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO bodies VALUES (?, ?)",
                            ((digest, _pack(value)) for digest, value in rows))

    def drop_bodies(self, digests: Iterable[str]) -> None:
        self.db.executemany("DELETE FROM bodies WHERE digest = ?", ((d,) for d in digests))

    def body(self, digest: str) -> Any:
        """A body by its file's digest, or None; from any process (a forked worker opens
        its own connection: one inherited across fork must not be used)."""
        db = self.db
        if os.getpid() != self._pid:
            if self._reader is None:
                self._reader = sqlite3.connect(self.path, isolation_level=None)
            db = self._reader
        row = db.execute("SELECT value FROM bodies WHERE digest = ?", (digest,)).fetchone()
        return None if row is None else _unpack(row[0])

    def outputs(self) -> dict[str, Any]:
        """Per output URL: (key, what it read, digest). One value, which every full build
        reads and writes whole, and the entries quick rebuilds changed since (`outputs+`)."""
        found: dict[str, Any] = self.get("outputs", {})
        found.update(self.changed_outputs())
        return found

    def put_outputs(self, table: dict[str, Any]) -> None:
        self.set("outputs", _interned(table))
        self.db.execute("DELETE FROM meta WHERE name = 'outputs+'")

    def update_outputs(self, entries: dict[str, Any]) -> None:
        """Change some entries without writing the whole table again (a quick rebuild)."""
        self.set("outputs+", self.changed_outputs() | _interned(entries))

    def changed_outputs(self) -> dict[str, Any]:
        """The entries quick rebuilds changed since the table was last written whole."""
        found: dict[str, Any] = self.get("outputs+", {})
        return found

    def begin(self) -> None:
        self.db.execute("BEGIN")

    def commit(self) -> None:
        self.db.execute("COMMIT")

    def close(self) -> None:
        self.db.close()


def _interned(table: dict[str, Any]) -> dict[str, Any]:
    """The table with equal reads (and equal (file, digest) pairs in them) made one object:
    most pages read the same layouts, and pickle writes an object it has seen once."""
    pairs: dict[Any, Any] = {}
    seen: dict[Any, Any] = {}
    found = {}
    for url, (key, read, digest) in table.items():
        read = tuple([pairs.setdefault(pair, pair) for pair in read])
        found[url] = (key, seen.setdefault(read, read), digest)
    return found


def unpack(blob: bytes) -> Any:
    return _unpack(blob)


def variant_folder(root: Path, out: Path, drafts: bool, future: bool) -> Path:
    """Each output folder (and drafts/future choice) has its own cache."""
    name = hashlib.sha1(f"{out.resolve()}|{drafts}|{future}".encode()).hexdigest()[:12]
    return root / CACHE_DIR / name
