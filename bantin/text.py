"""Text helpers: reading sources as NFC, Vietnamese-aware slugs and diacritic folding."""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Letters that do not decompose into a base letter plus combining marks.
_FOLD = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})


def normalize_source(raw: bytes | str) -> str:
    """Decode UTF-8 (a byte-order mark is allowed), unify line endings, compose to NFC."""
    text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw.removeprefix("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Strip Vietnamese tones and marks: "Gò Công Tây, đối ngoại" -> "Go Cong Tay, doi ngoai"."""
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped)


def slugify(text: str) -> str:
    """ASCII URL name: "Mục đích, yêu cầu" -> "muc-dich-yeu-cau"."""
    return _NON_ALNUM.sub("-", fold(text).lower()).strip("-")


SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
