"""What a build may publish beyond pages: the assets that only unpublished pages use stay out.

Pages themselves are filtered in site.py (`publication_status`); everything rendered from
the Site sees published pages only. Assets are copied from assets/ as a whole, so an image
that only a draft, scheduled, expired or internal page shows is removed here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from html import escape, unescape
from pathlib import Path
from posixpath import normpath
from urllib.parse import unquote

from ..model.document import Document
from ..model.facts import Facts
from .outputs import Asset, asset_keys, fingerprint_assets
from .site import Site

IMAGES_PREFIX = "/images/"
# Documents a page links to (a directive's official PDF, an attachment), kept in
# assets/files/ and linked as /files/<file>: published only when a published page links them.
FILES_PREFIX = "/files/"
FILES = FILES_PREFIX.strip("/") + "/"
_FILE_HREF = re.compile(r'href="(/files/[^"]*)"')


def _asset_key(src: str, prefix: str) -> str | None:
    path = src.split("#", 1)[0].split("?", 1)[0]
    if not path.startswith(prefix):
        return None
    # Markdown gives "/images/%C3%81nh%20a.jpg" for "</images/Ảnh a.jpg>"; keys are NFC (as
    # asset_keys), decoded before `..` is resolved so that an encoded one stays out too
    key = normpath(unicodedata.normalize("NFC", unquote(path)).lstrip("/"))
    return key if key.startswith(prefix.lstrip("/")) else None


def image_asset_key(src: str) -> str | None:
    """The key under assets/ of a site image ("/images/a.jpg" -> "images/a.jpg"), else None.

    External images (http:, https:, data:) and anything that is not under /images/ give None.
    """
    return _asset_key(src, IMAGES_PREFIX)


def file_asset_key(href: str) -> str | None:
    """The key under assets/ of a linked document ("/files/qd-12.pdf" -> "files/qd-12.pdf")."""
    return _asset_key(href, FILES_PREFIX)


def link_files(html: str, urls: Mapping[str, str]) -> str:
    """A body's links to /files/<file> at the file's fingerprinted URL (`urls`, by key).
    Runs on the sanitiser's output; the link check has reported any file that is missing."""
    if 'href="/files/' not in html:
        return html

    def replace(match: re.Match[str]) -> str:
        url = urls.get(file_asset_key(unescape(match.group(1))) or "")
        return f'href="{escape(url)}"' if url else match.group(0)

    return _FILE_HREF.sub(replace, html)


def document_images(doc: Document, facts: Facts) -> Iterator[str]:
    """Every image source a document shows: its lead image and the images in its body."""
    if doc.meta.image is not None:
        yield doc.meta.image.src
    for item in facts.items(doc):  # parsed once per file version, see facts.py
        if item.kind == "image":
            yield item.src


def document_files(doc: Document, facts: Facts) -> Iterator[str]:
    """The keys of the documents under assets/files/ a document's body links to."""
    for item in facts.items(doc):
        if item.kind == "link" and (key := file_asset_key(item.src)):
            yield key


def private_assets(site: Site, facts: Facts, keys: Iterable[str]) -> set[str]:
    """Keys under assets/ (of `keys`, all there is) used by unpublished pages and by no
    published page; and every file under assets/files/ no published page links to."""
    linked = {key for page in site.pages for key in document_files(page.doc, facts)}
    unlinked = {key for key in keys if key.startswith(FILES) and key not in linked}
    withheld = {key for doc, _why in site.withheld for src in document_images(doc, facts)
                if (key := image_asset_key(src))}
    if not withheld:
        return unlinked
    used = {key for page in site.pages for src in document_images(page.doc, facts)
            if (key := image_asset_key(src))}
    # A published translation shows its original's lead image (content.inherit).
    used |= {key for page in site.pages if page.meta.image
             if (key := image_asset_key(page.meta.image.src))}
    return (withheld - used) | unlinked


def published_assets(site: Site, facts: Facts, root: Path, files: Iterable[str]
                     ) -> dict[str, Asset]:
    """The files under assets/ this build publishes, fingerprinted (outputs.Asset), by key:
    all but the private ones."""
    private = private_assets(site, facts, asset_keys(files))
    return {key: asset for key, asset in fingerprint_assets(root, files).items()
            if key not in private}


def image_uses(site: Site, facts: Facts) -> dict[str, list[tuple[str, int, str]]]:
    """Where published pages show each site image: key -> (file, line, src as written) of
    each front-matter `image.src` and Markdown image naming it."""
    uses: dict[str, list[tuple[str, int, str]]] = {}
    docs = {page.doc.source.path: page.doc for page in site.pages}
    for path, doc in sorted(docs.items()):
        found = [(doc.line("image.src"), doc.meta.image.src)] if (
            doc.meta.image is not None and doc.meta.image.src and "image" in doc.lines) else []
        found += [(doc.body_line + item.line + 1, item.src) for item in facts.items(doc)
                  if item.kind == "image"]
        for line, src in found:
            key = image_asset_key(src)
            if key is not None:
                uses.setdefault(key, []).append((path, line, unquote(src)))
    return uses


def shown_images(site: Site, facts: Facts) -> set[str]:
    """Keys under assets/ of the site images published pages show (lead and body images)."""
    shown = {key for page in site.pages for src in document_images(page.doc, facts)
             if (key := image_asset_key(src))}
    # A published translation shows its original's lead image (content.inherit).
    return shown | {key for page in site.pages if page.meta.image
                    if (key := image_asset_key(page.meta.image.src))}
