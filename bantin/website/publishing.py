"""What a build may publish beyond pages: the assets that only unpublished pages use stay out.

Pages themselves are filtered in site.py (`publication_status`); everything rendered from
the Site sees published pages only. Assets are copied from assets/ as a whole, so an image
that only a draft, scheduled, expired or internal page shows is removed here.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from posixpath import normpath
from urllib.parse import unquote

from ..model.document import Document
from ..model.facts import Facts
from .site import Site

IMAGES_PREFIX = "/images/"


def image_asset_key(src: str) -> str | None:
    """The key under assets/ of a site image ("/images/a.jpg" -> "images/a.jpg"), else None.

    External images (http:, https:, data:) and anything that is not under /images/ give None.
    """
    path = src.split("#", 1)[0].split("?", 1)[0]
    if not path.startswith(IMAGES_PREFIX):
        return None
    # Markdown gives "/images/%C3%81nh%20a.jpg" for "</images/Ảnh a.jpg>"; keys are NFC (as
    # asset_keys), decoded before `..` is resolved so that an encoded one stays out too
    key = normpath(unicodedata.normalize("NFC", unquote(path)).lstrip("/"))
    return key if key.startswith("images/") else None


def document_images(doc: Document, facts: Facts) -> Iterator[str]:
    """Every image source a document shows: its lead image and the images in its body."""
    if doc.meta.image is not None:
        yield doc.meta.image.src
    for item in facts.items(doc):  # parsed once per file version, see facts.py
        if item.kind == "image":
            yield item.src


def private_assets(site: Site, facts: Facts) -> set[str]:
    """Keys under assets/ used by unpublished pages and by no published page."""
    withheld = {key for doc, _why in site.withheld for src in document_images(doc, facts)
                if (key := image_asset_key(src))}
    if not withheld:
        return set()
    used = {key for page in site.pages for src in document_images(page.doc, facts)
            if (key := image_asset_key(src))}
    # A published translation shows its original's lead image (content.inherit).
    used |= {key for page in site.pages if page.meta.image
             if (key := image_asset_key(page.meta.image.src))}
    return withheld - used


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
