"""Every content file as a Document, parsed only when it changed, and the digests of inputs.

Documents are parsed once per file version (looked up by size, mtime and inode, and when
those changed, by the digest of the bytes), Markdown included: the facts the Site needs and
the body rendered without the site are kept by the file's digest (facts.py); bodies stay on
disk (content.OnDisk): pages are made from the prepared bodies. What the cache keeps of a
document is its `DocRecord`.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path

from ..core.diagnostics import Diagnostics
from ..core.digests import sha256_file
from ..core.text import NotText, normalize_source
from ..model import facts, reads
from ..model.config import Config
from ..model.content import parse_document, parse_source_path
from ..model.document import Document, FrontMatter, Source
from ..model.facts import Facts
from ..model.freshness import Scan
from ..model.markdown import Prepared
from ..website.site import discover
from . import workers
from .cache import Cache, doc_record
from .records import DocRecord
from .timings import Timings


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _front_digest(doc: Document, front: str) -> str:
    """The document apart from its body: its front-matter text, with its path."""
    return _digest(f"{doc.source.path}\0{front}".encode())


def _structure_digest(doc: Document) -> str:
    """The front-matter apart from what a page only shows (reads.SHOWN_FIELDS): what the
    Site is made from."""
    values = [(name, getattr(doc.meta, name)) for name in _STRUCTURE]
    return _digest(repr([doc.source.path, values]).encode())


_STRUCTURE = tuple(f.name for f in fields(FrontMatter) if f.name not in reads.SHOWN_FIELDS)


def parse_file(root: Path, source: Source, config: Config, found: Facts
               ) -> tuple[Document, DocRecord, Prepared]:
    """Parse one file, its Markdown once: its cache record (body left on disk where it can
    be found again; facts in `found`) and its body rendered without the site."""
    raw = (root / source.path).read_bytes()
    doc = parse_document(source, raw, config)
    body = doc.text()
    try:
        text = normalize_source(raw)
        offset: int | None = len(text) - len(body)
    except NotText:  # reported in the document; its (empty) body is kept in the record
        text, offset = "", None
    if offset is not None and text[offset:] != body:
        offset = None  # the body is not the end of the text: keep it in the record
    prepared = found.analyse(doc)
    kinds = list(facts.EAGER)
    if source.lang == config.default_language:  # what its translations are checked against
        kind = config.sections[source.section].kind
        found.source_digest(doc, kind)
        kinds.append(facts.source_digest_kind(kind))
    # The facts of this file version travel with its record, not in the facts table.
    record = DocRecord(
        source=doc.source, meta=doc.meta, lines=doc.lines, body_line=doc.body_line,
        digest=doc.digest, diagnostics=doc.diagnostics, offset=offset,
        body="" if offset is not None else body,
        front=_front_digest(doc, text[: offset or 0] if offset is not None else text),
        structure=_structure_digest(doc),
        facts={kind: found.store[kind][doc.digest] for kind in kinds})
    found.new.difference_update((kind, doc.digest) for kind in kinds)
    return doc, record, prepared


def _holds(path: Path, digest: str) -> bool:
    """The file holds the bytes of this digest (Document.digest): a file whose size, time
    or inode changed, as every file of a new clone of the repository (each Netlify deploy,
    whose cache the build plugin keeps), is parsed again only when its bytes did."""
    return sha256_file(str(path)) == digest  # "" when unreadable: reported when parsed


def restore(root: Path, record: DocRecord, found: Facts, source: Source) -> Document:
    """The Document of a record, its body left in its file; `source`: the record's, as this
    process found it (its path the scan's own string: a record unpickled has copies)."""
    for kind, pair in record.facts.items():
        found.put(kind, record.digest, pair)
    return Document(source=source, meta=record.meta, lines=record.lines,
                    body=record.body_at(root), body_line=record.body_line,
                    digest=record.digest, diagnostics=record.diagnostics)


def _parse_chunk(root: Path, config: Config, sources: list[Source]
                 ) -> list[tuple[DocRecord, Prepared]]:
    found = []
    for source in sources:
        _doc, record, prepared = parse_file(root, source, config, Facts())
        found.append((record, prepared))
    return found


# Per content file: the digest of the document apart from its body, and of its front-matter
# apart from what is only shown (title, summary, …)
Fronts = dict[str, tuple[str, str]]


def load_documents(config: Config, cache: Cache, stats: Scan, diagnostics: Diagnostics,
                   found: Facts, readonly: bool = False, timings: Timings | None = None,
                   meanwhile: Callable[[], None] | None = None
                   ) -> tuple[list[Document], Fronts]:
    """Every content file as a Document, parsed again only when it changed; `timings` is
    told how many files are parsed again, and as each chunk of them is done; `meanwhile()`
    is done by this process while workers start parsing, and not at all when this process
    parses alone (it is work done later anyway, only earlier when there is time for it)."""
    root = config.root
    cached = cache.docs()
    documents: list[Document] = []
    fronts: Fronts = {}
    todo: list[Source] = []
    records: dict[str, DocRecord] = {}  # to write: of the files parsed again or moved
    for relative in discover(stats):
        source = parse_source_path(relative, config)
        if not isinstance(source, Source):
            diagnostics.error(relative, 1, source)
            continue
        row = cached.get(relative)
        if row is not None:
            record = doc_record(row[1])
            same = row[0] == stats[relative] or _holds(root / relative, record.digest)
            if same and record.source == source:
                documents.append(restore(root, record, found, source))
                fronts[relative] = (record.front, record.structure)
                if row[0] != stats[relative]:  # the same bytes in another file: a new clone
                    records[relative] = record
                continue
        todo.append(source)
    parsed: list[DocRecord] = []
    if timings is not None:
        timings.expect(len(todo))
    n = workers.workers() if len(todo) >= workers.PARALLEL_FROM else 1
    # 64 chunks per process (some 16 files each at 1,000 articles): the process that takes
    # the last one keeps the others waiting for no longer than it takes
    chunks = [chunk for chunk in (todo[i::n * 64] for i in range(n * 64)) if chunk]
    here = functools.partial(_parse_chunk, root, config)
    for result in workers.spread(here, chunks, n, first=meanwhile if n > 1 else None):
        parsed.extend(record for record, _prepared in result)
        if not readonly:  # kept on disk, not in this process
            cache.put_bodies((record.digest, prepared) for record, prepared in result)
        if timings is not None:
            timings.advance(len(result))
    sources = {source.path: source for source in todo}
    for record in parsed:
        path = record.source.path
        documents.append(restore(root, record, found, sources[path]))
        fronts[path] = (record.front, record.structure)
        records[path] = record
    if not readonly:
        cache.put_docs((path, stats[path], record) for path, record in records.items())
        gone = set(cached) - set(fronts)
        cache.drop_docs(gone)
        # the bodies of the file versions replaced or deleted, unless another file has them
        before = {doc_record(cached[path][1]).digest for path in gone | set(records)
                  if path in cached}
        if before:
            cache.drop_bodies(before - {doc.digest for doc in documents})
    documents.sort(key=lambda d: d.source.path)
    return documents, fronts


def file_digests(root: Path, cache: Cache, stats: Scan, readonly: bool = False
                 ) -> dict[str, str]:
    """Digest of every input file except content Markdown, read again only when it changed."""
    known = cache.files()
    found: dict[str, str] = {}
    rows = []
    for relative, key in sorted(stats.items()):
        if relative.startswith("content/") and relative.endswith(".md"):
            continue
        old = known.get(relative)
        digest = old[1] if old and old[0] == key else \
            hashlib.sha256((root / relative).read_bytes()).hexdigest()
        found[relative] = digest
        rows.append((relative, key, digest))
    if not readonly:
        cache.put_files(rows)
    return found
