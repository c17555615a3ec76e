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
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # an up-to-date build opens no cache, and imports no record
    from .records import BodyChange, DocRecord, OutputRecord, Read

CACHE_DIR = ".cache/bantin"
FORMAT = 5  # bump when what is stored changes shape
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


def engine_digest() -> str:
    """Bantin's source and the versions of the libraries that shape the output. Read once
    per build by the engine (engine.py), which hands it to what needs it."""
    h = hashlib.sha256(f"{FORMAT}|{sys.version}".encode())
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):
        name = path.relative_to(package).as_posix()
        h.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    sites = set()
    for library in LIBRARIES:
        spec = importlib.util.find_spec(library)
        if spec and spec.origin:
            sites.add(Path(spec.origin).resolve().parent.parent)
    for site in sorted(sites):  # the installed versions, from the dist-info folder names
        h.update(",".join(sorted(n for n in os.listdir(site)
                                 if n.endswith(".dist-info"))).encode())
    return h.hexdigest()


def _pack(value: Any) -> bytes:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return hashlib.blake2b(data, digest_size=16).digest() + data


def _unpack(blob: bytes) -> Any:
    data = memoryview(blob)[16:]  # not a copy: the outputs table is megabytes
    if hashlib.blake2b(data, digest_size=16).digest() != blob[:16]:
        raise CacheCorrupt("checksum")
    try:
        return pickle.loads(data)  # noqa: S301 - our own file, checksummed
    except Exception as exc:  # noqa: BLE001 - any decoding problem means: do not trust
        raise CacheCorrupt(str(exc)) from exc


class Cache:
    """The cache of one build variant (output folder, drafts, future), written by the
    engine `engine` (engine_digest): a cache another engine wrote is started again."""

    def __init__(self, folder: Path, engine: str) -> None:
        self.folder = folder
        self.path = folder / "build.db"
        self.engine = engine
        self.db = self._open()
        self._pid = os.getpid()
        self._reader: sqlite3.Connection | None = None  # a forked worker's own connection

    def _open(self) -> sqlite3.Connection:
        self.folder.mkdir(parents=True, exist_ok=True)
        try:
            db = self._connect()
            row = db.execute("SELECT value FROM meta WHERE name = 'engine'").fetchone()
            if row is None or _unpack(row[0]) != self.engine:
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
        db.execute("INSERT OR REPLACE INTO meta VALUES ('engine', ?)", (_pack(self.engine),))
        self.db = db
        return db

    # meta -----------------------------------------------------------------------------
    def get(self, name: str, default: Any = None) -> Any:
        row = self.db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return default if row is None else _unpack(row[0])

    def set(self, name: str, value: Any) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, _pack(value)))

    def set_large(self, name: str, value: Any) -> None:
        """`set`, for a value of many megabytes: pickled into a file beside the cache, then
        copied into its row in pieces. Packed in memory, it would be there three times over
        (the pickle, the pickle after its checksum, SQLite's copy)."""
        with tempfile.TemporaryFile(dir=self.folder) as spill:
            pickle.dump(value, spill, protocol=pickle.HIGHEST_PROTOCOL)
            size = spill.tell()
            spill.seek(0)
            row = self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, zeroblob(?))",
                                  (name, 16 + size)).lastrowid
            checksum = hashlib.blake2b(digest_size=16)
            with self.db.blobopen("meta", "value", row) as blob:  # type: ignore[arg-type]  # an INSERT has one
                blob.seek(16)
                while chunk := spill.read(1 << 20):
                    checksum.update(chunk)
                    blob.write(chunk)
                blob.seek(0)
                blob.write(checksum.digest())

    def forget(self, *names: str) -> None:
        self.db.executemany("DELETE FROM meta WHERE name = ?", ((name,) for name in names))

    # documents ---------------------------------------------------------------------------
    def docs(self) -> dict[str, tuple[str, bytes]]:
        """Per content file: the stat key of the version recorded, and its record packed
        (`doc_record` unpacks the ones still wanted)."""
        return {path: (stat, blob) for path, stat, blob in
                self.db.execute("SELECT path, stat, value FROM docs")}

    def doc(self, path: str) -> DocRecord | None:
        """One document's record, or None."""
        row = self.db.execute("SELECT value FROM docs WHERE path = ?", (path,)).fetchone()
        return None if row is None else doc_record(row[0])

    def put_docs(self, rows: Iterable[tuple[str, str, DocRecord]]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO docs VALUES (?, ?, ?)",
                            ((path, stat, _pack(record)) for path, stat, record in rows))

    def drop_docs(self, paths: Iterable[str]) -> None:
        self.db.executemany("DELETE FROM docs WHERE path = ?", ((p,) for p in paths))

    # other input files -------------------------------------------------------------------
    def files(self) -> dict[str, tuple[str, str]]:
        return {path: (stat, digest) for path, stat, digest in
                self.db.execute("SELECT path, stat, digest FROM files")}

    def put_files(self, rows: Iterable[tuple[str, str, str]]) -> None:
        self.db.execute("DELETE FROM files")
        self.db.executemany("INSERT INTO files VALUES (?, ?, ?)", rows)

    # facts and prepared bodies, by digest --------------------------------------------------
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

    # outputs -------------------------------------------------------------------------------
    def outputs(self) -> dict[str, OutputRecord]:
        """Per output URL, its record. One value, which every full build reads whole and
        writes whole when much changed, and the entries changed since (`outputs+`: by quick
        rebuilds, and by full builds that changed a few)."""
        found = _records(self.get(_OUTPUTS, _NO_COLUMNS))
        for url, record in self.changed_outputs().items():
            if record.key:
                found[url] = record
            else:  # an output that left since (record_outputs)
                found.pop(url, None)
        return found

    def put_outputs(self, table: dict[str, OutputRecord]) -> None:
        self.set_large(_OUTPUTS, _columns(table))
        self.forget(_CHANGED_OUTPUTS)

    def update_outputs(self, entries: dict[str, OutputRecord], gone: Iterable[str] = ()
                       ) -> None:
        """Change some entries, and drop those of the outputs `gone`, without writing the
        whole table again (a quick rebuild)."""
        self._put_changed(self.changed_outputs() | entries, gone)

    def record_outputs(self, table: dict[str, OutputRecord], changed: dict[str, OutputRecord],
                       gone: Iterable[str], most: int) -> None:
        """After a build over the last output, whose outputs are now `table`: the entries
        it `changed` and those of the outputs `gone`, beside the table as it was; or the
        whole table, when they and the entries changed since it was written whole are
        more than `most`."""
        gone = list(gone)
        since = self.changed_outputs()
        if len(since) + len(changed) + len(gone) > most:
            self.put_outputs(table)
        elif changed or gone:
            self._put_changed(since | changed, gone)

    def _put_changed(self, changed: dict[str, OutputRecord], gone: Iterable[str]) -> None:
        from .records import OutputRecord

        changed.update((url, OutputRecord("", (), "")) for url in gone)  # no key: left
        self.set(_CHANGED_OUTPUTS, _columns(changed))

    def changed_outputs(self) -> dict[str, OutputRecord]:
        """The entries quick rebuilds changed since the table was last written whole."""
        return _records(self.get(_CHANGED_OUTPUTS, _NO_COLUMNS))

    # the saved state's changes (saved.py) ---------------------------------------------------
    def body_changes(self) -> dict[str, BodyChange]:
        """The bodies quick rebuilds replaced since the saved state was saved, by file."""
        found: dict[str, BodyChange] = self.get(_BODY_CHANGES, {})
        return found

    def put_body_changes(self, changes: dict[str, BodyChange]) -> None:
        self.set(_BODY_CHANGES, changes)

    def forget_body_changes(self) -> None:
        self.forget(_BODY_CHANGES)

    def begin(self) -> None:
        self.db.execute("BEGIN")

    def commit(self) -> None:
        self.db.execute("COMMIT")

    def close(self) -> None:
        self.db.close()


_OUTPUTS = "outputs"
_CHANGED_OUTPUTS = "outputs+"
_BODY_CHANGES = "state+"


# An outputs table as stored: its URLs, keys, reads and digests, each a list in one order.
_Columns = tuple[list[str], list[str], list[tuple[tuple[str, str], ...]], list[str]]
_NO_COLUMNS: _Columns = ([], [], [], [])


def _columns(table: dict[str, OutputRecord]) -> _Columns:
    """The table column by column, equal reads (and equal (file, digest) pairs in them)
    made one object: pickle writes an object it has seen once, and remembers each object it
    writes until it is done. Most pages read the same layouts; and as columns, there is
    no record (nor the tuple of its fields) to remember, some 300,000 at 50,000 articles."""
    pairs: dict[Read, Read] = {}
    seen: dict[tuple[Read, ...], tuple[Read, ...]] = {}
    urls, keys, reads, digests = [], [], [], []
    for url, record in table.items():
        read = seen.get(record.reads)
        if read is None:
            read = record.reads  # as it is when its pairs are shared (a new build's are)
            if any(pairs.setdefault(pair, pair) is not pair for pair in read):
                read = tuple([pairs.setdefault(pair, pair) for pair in read])
            seen[read] = read
        urls.append(url)
        keys.append(record.key)
        reads.append(read)
        digests.append(record.digest)
    return urls, keys, reads, digests


def _records(columns: _Columns) -> dict[str, OutputRecord]:
    from .records import OutputRecord

    urls, keys, reads, digests = columns
    return {url: OutputRecord(key, read, digest)
            for url, key, read, digest in zip(urls, keys, reads, digests, strict=True)}


def doc_record(blob: bytes) -> DocRecord:
    from .records import DocRecord

    record = _unpack(blob)
    if not isinstance(record, DocRecord):
        raise CacheCorrupt("not a document record")
    return record


def variant_folder(root: Path, out: Path, drafts: bool, future: bool) -> Path:
    """Each output folder (and drafts/future choice) has its own cache."""
    name = hashlib.sha1(f"{out.resolve()}|{drafts}|{future}".encode()).hexdigest()[:12]
    return root / CACHE_DIR / name
