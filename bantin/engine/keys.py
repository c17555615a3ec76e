"""The key of each output: what must be the same for the file of the last build to stand.

An output's key covers the engine, every input outside content/ and layouts/ (config,
assets, locales, authors) and the Site: every document's front-matter apart from what
pages only show, the facts the Site was built from, which pages are published, and the
shown fields the plan itself read. Beside its key, each output records what it read when
it was last made (reads.Recorder): bodies, layouts (layouts.py notes each template) and the
shown fields (title, summary, translation stamp) of the pages it showed. So a body edit
remakes only the outputs that read that body, a title edit those that show that title, a
layout edit those that use it, while a date, tag or other front-matter edit changes the
Site and remakes every page.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from ..model import reads
from ..model.document import FrontMatter
from ..model.options import BuildOptions
from ..website.outputs import Output
from ..website.site import Site
from .documents import Fronts


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def base_key(engine: str, options: BuildOptions, inputs: dict[str, str], site: Site,
             fronts: Fronts, shown: Iterable[tuple[str, str]],
             used: Iterable[tuple[str, str, str]]) -> str:
    """What every output depends on besides its own reads."""
    base = hashlib.blake2b(digest_size=16)
    # not options.search: the pages are the same with or without the index
    base.update(f"{engine}\0{options.drafts}\0{options.future}\n".encode())
    for relative, digest in sorted(inputs.items()):
        if not relative.startswith("layouts/"):  # each output names the layouts it used
            base.update(f"{relative}\0{digest}\n".encode())
    base.update(site_digest(site, fronts, shown, used).encode())
    return base.hexdigest()


def site_digest(site: Site, fronts: Fronts, shown: Iterable[tuple[str, str]],
                used: Iterable[tuple[str, str, str]]) -> str:
    """The Site, from front-matter (without what is only shown) and the facts of bodies it
    looked up (`used`: the Site reads no body itself), and the shown fields the plan itself
    read (`shown`)."""
    h = hashlib.blake2b(digest_size=16)
    for path in sorted(fronts):
        h.update(f"{path}\0{fronts[path][1]}\n".encode())
    for name, digest in sorted(shown):
        h.update(f"shown\0{name}\0{digest}\n".encode())
    for kind, path, value in sorted(used):
        h.update(f"fact\0{kind}\0{path}\0{value}\n".encode())
    for page in site.pages:
        h.update(f"page\0{page.url}\0{page.source.path}\0{page.lang}\0"
                 f"{page.scheduled}\n".encode())
    for doc, why in site.withheld:
        h.update(f"withheld\0{doc.source.path}\0{why}\n".encode())
    return h.hexdigest()


def output_key(base: str, output: Output, root: Path, inputs: dict[str, str]) -> str:
    if output.render == "copy":  # a file copied as it is: its digest alone
        source = Path(output.args[0])
        relative = source.relative_to(root).as_posix() if source.is_relative_to(root) else ""
        what = inputs.get(relative) or hashlib.sha256(source.read_bytes()).hexdigest()
        return f"copy:{output.url}:{what}"
    if output.render == "literal":
        data = output.args[0]
        return "literal:" + _digest(data.encode() if isinstance(data, str) else data)
    return _digest(f"{base}\0{output.url}\0{output.render}".encode())


def watch_shown(site: Site, inputs: dict[str, str]) -> reads.Watched:
    """How this build names what outputs read: every page's and document's front-matter,
    and the layouts among the input files (documents.file_digests)."""
    return reads.watch(shown_names(site), {path: digest for path, digest in inputs.items()
                                           if path.startswith("layouts/")})


def shown_names(site: Site) -> list[tuple[FrontMatter, str]]:
    """Every front-matter of the Site whose shown fields are watched, with its name."""
    named = [(page.meta, f"{page.url}#shown") for page in site.pages]
    named += [(page.doc.meta, f"{page.source.path}#shown") for page in site.pages]
    named += [(doc.meta, f"{doc.source.path}#shown") for doc, _why in site.withheld]
    return named
