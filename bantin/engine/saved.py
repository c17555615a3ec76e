"""The last build's State on disk, for quick rebuilds from the command line.

`serve` keeps its last build's State in memory. A command-line build is a new process every
time: without a State it reads every document's cache record and resolves the Site again,
about a second at 10,000 pages however small the edit. So a command-line build saves its
State beside its cache (`state.pickle`: the Site, its bodies left on disk, and the Renderer
without its layouts' environments), and the next one loads it for a quick rebuild.

The file is trusted only with the cache it was saved beside. Both hold the same token,
which every full build removes from the cache first and sets again once it has saved a new
file. The bodies quick rebuilds replaced since are recorded in the cache (`BodyChange`s),
in the transaction that records the outputs they made, and are applied on loading.
Anything unexpected (no file, another token, engine or site folder, a file that does not
unpickle) means a full build. A file whose stat changed but not its bytes is not a change:
in a new clone of the repository, as every Netlify deploy is, each file has a new stat, and
the state the last deploy saved (kept with the cache by the build plugin) is still used.
"""

from __future__ import annotations

import copyreg
import dataclasses
import os
import pickle
import secrets
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from ..core.digests import digests_of, sha256_file
from ..model.config import Config
from ..model.content import parse_source_path
from ..model.document import BodyChanged, Document, FrontMatter, Source
from ..model.facts import Facts
from ..model.freshness import Scan
from ..model.options import BuildOptions
from ..model.page import Page
from ..rendering.render import Renderer
from ..website.site import Site
from .cache import Cache
from .catalogs import remembered_check, translations
from .documents import file_digests, parse_file
from .quick import bodies_changed, put_documents
from .records import DocRecord, Readers, StateHeader
from .state import State
from .workers import documents_of

FILE = "state.pickle"
TOKEN = "state"  # in the cache's meta table: the token of the file that goes with it


def forget(cache: Cache) -> None:
    """No saved state goes with this cache any more (a full build is changing it)."""
    cache.forget(TOKEN)
    cache.forget_body_changes()


class Saving:
    """A state being saved beside `cache`, in two steps. Its bulk, the Site and the
    Renderer, is pickled when the outputs are about to be made: the pickler holds on to
    every object it writes until it is done, and that fits in what the build holds then,
    not in what it holds once every output is made. The rest follows when the build has
    succeeded (`finish`). Closed unfinished, it leaves no file."""

    def __init__(self, cache: Cache, options: BuildOptions, out: Path, stats: dict[str, str],
                 digests: dict[str, str], until: datetime | None, site: Site,
                 renderer: Renderer) -> None:
        self.cache = cache
        self.token = secrets.token_hex(16)
        self.part = cache.folder / f"{FILE}.{os.getpid()}.part"
        self.handle = self.part.open("wb")
        try:
            pickle.dump(StateHeader(self.token, cache.engine, str(site.config.root), options,
                                    out, stats, frozenset(), until,  # the Site reads no body
                                    digests | {doc.source.path: doc.digest
                                               for doc in site.documents()}),
                        self.handle, protocol=pickle.HIGHEST_PROTOCOL)
            _SharingPickler(self.handle).dump((site, renderer))
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> Saving:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        if not self.handle.closed:
            self.handle.close()
            self.part.unlink(missing_ok=True)

    def finish(self, state: State, readers: dict[str, Readers]) -> None:
        """Save the rest of the state of the build that just succeeded, with who read each
        body (`readers`, quick.readers_of the outputs table); inside a cache transaction."""
        # Without the front-matter digests (the changed files' are in their records) and
        # without the names of shown fields: what a quick rebuild makes depends on every
        # shown field (Watched.unnamed), so a later title edit anywhere makes it again,
        # which is all it costs. With who read each body instead of the whole outputs table.
        rest = {name: getattr(state, name) for name in _REST}
        rest.update(outputs=None, fronts={}, readers=readers, watched=state.watched.unnamed())
        pickle.dump(rest, self.handle, protocol=pickle.HIGHEST_PROTOCOL)
        self.handle.close()
        os.replace(self.part, self.cache.folder / FILE)
        forget(self.cache)
        self.cache.set(TOKEN, self.token)


# What a saved state holds after its header and its bulk (the Site and the Renderer)
_REST = tuple(field.name for field in dataclasses.fields(State)
              if field.name not in {"site", "renderer", "facts"}
              | {shared.name for shared in dataclasses.fields(StateHeader)})


def load(cache: Cache, config: Config, options: BuildOptions, out: Path, stats: Scan
         ) -> State | None:
    """The state the last full build saved, brought to what quick rebuilds made since; None
    when there is none this build may use (then it builds fully)."""
    token = cache.get(TOKEN)
    if token is None:
        return None
    try:
        handle = (cache.folder / FILE).open("rb")
    except OSError:
        return None
    with handle:
        try:
            header = pickle.load(handle)  # noqa: S301 - our own file, matched to the cache
        except Exception:  # noqa: BLE001 - a file we cannot read is not trusted
            return None
        if (not isinstance(header, StateHeader) or header.token != token
                or header.engine != cache.engine or header.root != str(config.root)
                or header.out != out):
            return None
        changes = cache.body_changes()
        now = header.stats | {path: change.stat for path, change in changes.items()}
        cache.begin()  # kept: when this state is not used, the full build reads them
        inputs = file_digests(config.root, cache, stats)
        cache.commit()
        moved = _moved(config.root, now, stats, inputs, header.digests | {
            path: change.digest for path, change in changes.items()})
        changed = bodies_changed(header.options, now | moved, header.site_reads,
                                 header.until, options, stats)
        if changed is None:
            return None  # not only texts changed: the rest is not even loaded
        records = {path: cache.doc(path) for path in changed}
        if not all(record is not None and _same_front_matter(config, path, record)
                   for path, record in records.items()):
            return None  # nor when a front-matter changed
        try:
            site, renderer = pickle.load(handle)  # noqa: S301
            rest = pickle.load(handle)  # noqa: S301
            state = State(options=header.options, out=header.out, stats=dict(header.stats),
                          until=header.until, site=site, renderer=renderer, facts=Facts(),
                          site_reads=header.site_reads, **rest)
        except Exception:  # noqa: BLE001
            return None
    if not isinstance(state.site, Site) or not isinstance(state.renderer, Renderer):
        return None
    documents = documents_of(state.site)
    if not changes.keys() | records.keys() <= documents.keys():
        return None
    # The saved state holds no facts. Those of the versions about to be replaced, and of the
    # originals that quick rebuilds changed since and that have translations (whether those
    # are stale depends on them): from their records, which are the cache's now.
    by_key = state.site.by_key
    for path in records.keys() | {path for path in changes
                                  if len(by_key.get(documents[path].source.key, {})) > 1}:
        record = records[path] if path in records else cache.doc(path)
        digest = changes[path].digest if path in changes else documents[path].digest
        if record is None or record.digest != digest:
            return None
        for kind, pair in record.facts.items():
            state.facts.put(kind, record.digest, pair)
        if path in records:
            state.fronts[path] = (record.front, record.structure)
    replaced = {path: dataclasses.replace(  # a body on disk stays there (content.OnDisk)
        documents[path], digest=change.digest, body=change.body)
                for path, change in changes.items()}
    try:
        put_documents(state.site, state.renderer, replaced, state.facts)
    except BodyChanged:  # a fact the records lacked, and the file changed since: not trusted
        return None
    for path, change in changes.items():
        state.stats[path] = change.stat
    state.stats.update(moved)
    state.watched = dataclasses.replace(state.watched, layouts={
        path: digest for path, digest in inputs.items() if path.startswith("layouts/")})
    # the layouts and catalogs are the build's: their check is remembered (no warning lost)
    state.renderer.attach(translations(cache, config, remembered_check(cache, inputs),
                                       keep=False)[0])
    return state


def _moved(root: Path, before: dict[str, str], stats: Scan, inputs: dict[str, str],
           digests: dict[str, str]) -> dict[str, str]:
    """The files whose stat keys changed since `before` but not their bytes, with their
    keys now: in a new clone of the repository, as every Netlify deploy is, every file.
    `inputs`: the digests of all but content Markdown now (file_digests), `digests`: those
    of all then."""
    if stats.keys() != before.keys():
        return {}  # a file added or deleted: not for a quick rebuild anyway
    changed = [path for path, key in stats.items() if key != before[path] and path in digests]
    sources = [path for path in changed if path not in inputs]  # content Markdown
    now = inputs | dict(zip(sources, digests_of([str(root / path) for path in sources],
                                                sha256_file), strict=True))
    return {path: stats[path] for path in changed if now[path] == digests[path]}


def _same_front_matter(config: Config, path: str, record: DocRecord) -> bool:
    """The file at `path` has the front-matter of the version `record` was made from."""
    source = parse_source_path(path, config)
    if not isinstance(source, Source):
        return False
    _doc, now, _prepared = parse_file(config.root, source, config, Facts())
    return now.front == record.front


def _shared_fields(cls: type, strings: tuple[str, ...], tuples: tuple[str, ...] = ()
                   ) -> tuple[tuple[int, ...], tuple[int, ...]]:
    names = [field.name for field in dataclasses.fields(cls)]
    return tuple(names.index(n) for n in strings), tuple(names.index(n) for n in tuples)


# Per class, the positions in its pickled state of the strings (and tuples of strings) that
# many objects repeat: front-matter keys, authors, categories, tags, languages, kinds.
_SHARED: dict[type, tuple[tuple[int, ...], tuple[int, ...]]] = {
    FrontMatter: _shared_fields(FrontMatter, (
        "author", "category", "kind", "issuer", "issuer_parent", "place"),
        ("tags", "directives", "implements", "recipients")),
    Source: _shared_fields(Source, ("section", "lang")),
    Page: _shared_fields(Page, ("kind", "lang")),
}
_LINES = [field.name for field in dataclasses.fields(Document)].index("lines")


class _SharingPickler(pickle.Pickler):
    """Pickles each string that many documents repeat as one object: pickle writes an
    object it has seen once, so the file is smaller and quicker to load. The objects
    pickled are not changed; only the strings their copies hold are shared."""

    def __init__(self, handle: IO[bytes]) -> None:
        super().__init__(handle, protocol=pickle.HIGHEST_PROTOCOL)
        self.strings: dict[str, str] = {}

    def _share(self, value: Any) -> Any:
        if value.__class__ is str:
            return self.strings.setdefault(value, value)
        return value

    def reducer_override(self, obj: Any) -> Any:
        cls = obj.__class__
        shared = _SHARED.get(cls)
        if shared is None and cls is not Document:
            return NotImplemented
        state = list(obj.__getstate__())  # quick_pickle's: the fields in order
        if cls is Document:
            state[_LINES] = {self._share(key): line for key, line in state[_LINES].items()}
        else:
            strings, tuples = shared  # type: ignore[misc]  # not None: checked above
            for index in strings:
                state[index] = self._share(state[index])
            for index in tuples:
                if state[index]:
                    state[index] = tuple([self._share(v) for v in state[index]])
        return copyreg.__newobj__, (cls,), tuple(state)  # type: ignore[attr-defined]
