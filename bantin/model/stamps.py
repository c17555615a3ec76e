"""Translation stamps: what a translation was translated from, as a digest in its front-matter.

A translation records `source_digest:`, a digest of its original's *translatable* text only
(title, summary, body, image alt and caption, …), so edits that need no translation (rating,
tag order, dates) never make it stale. Pure functions of one file: the Site, the renderer and
`build.py translations` share them.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from .content import is_boundary
from .document import Document, FrontMatter

DIGEST_LENGTH = 16  # hex characters: plenty to tell versions of one page apart
_STAMP_LINE = re.compile(rb"^source_digest\s*:")
_BOM = b"\xef\xbb\xbf"


def translatable(meta: FrontMatter, body: str, kind: str) -> dict[str, Any]:
    """What a translator translates from this page, normalised so layout-only edits don't count.

    Tags count as a set (their order is not translated); body whitespace at line ends and
    runs of blank lines do not count."""
    text: dict[str, Any] = {"title": meta.title, "summary": meta.summary}
    if meta.image is not None:
        text["image.alt"] = meta.image.alt
        text["image.caption"] = meta.image.caption
    if kind in ("article", "page"):
        text["tags"] = sorted(meta.tags or ())
    if kind == "directive":
        text.update(issuer=meta.issuer, issuer_parent=meta.issuer_parent, place=meta.place,
                    recipients=list(meta.recipients or ()))
        if meta.signer is not None:
            text["signer.on_behalf"] = meta.signer.on_behalf
            text["signer.title"] = meta.signer.title
    text["body"] = _normalise_body(body)
    return {key: value for key, value in text.items() if value not in (None, "", [])}


def _normalise_body(body: str) -> str:
    lines = [line.rstrip() for line in body.strip().split("\n")]
    kept = [line for i, line in enumerate(lines) if line or (i and lines[i - 1])]
    return "\n".join(kept)


def source_digest(doc: Document, kind: str) -> str:
    """The stamp a translation of `doc` carries while it is up to date."""
    data = json.dumps(translatable(doc.meta, doc.text(), kind), ensure_ascii=False,
                      sort_keys=True)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:DIGEST_LENGTH]


def is_stale(translation: Document, original: Document, kind: str) -> bool:
    """A translation is stale when it was never stamped or its original changed since."""
    return translation.meta.source_digest != source_digest(original, kind)


def stamp_bytes(raw: bytes, digest: str) -> bytes | None:
    """The file with its `source_digest:` line set to `digest`; every other byte unchanged.
    None when the front-matter has no closing line (the caller says so)."""
    bom = _BOM if raw.startswith(_BOM) else b""
    lines = raw[len(bom):].splitlines(keepends=True)
    newline = b"\r\n" if lines and lines[0].endswith(b"\r\n") else b"\n"
    stamp = b"source_digest: " + digest.encode("ascii")
    if not lines or not is_boundary(lines[0].rstrip(b"\r\n")):
        return bom + b"---" + newline + stamp + newline + b"---" + newline + raw[len(bom):]
    for index in range(1, len(lines)):
        content = lines[index].rstrip(b"\r\n")
        if is_boundary(content):
            lines.insert(index, stamp + newline)
            break
        if _STAMP_LINE.match(content):
            lines[index] = stamp + lines[index][len(content):]
            break
    else:  # no closing line: leave the file as it is
        return None
    return bom + b"".join(lines)
