"""Words with a đ, searchable without marks.

Pagefind matches words with or without tones, but it does not fold đ into d (đ is a letter
of its own, not d plus a mark), so "doi ngoai" would miss "đối ngoại". The layouts give each
indexed page a `folded` metadata field holding just its words with a đ, without marks
(`folded_words`): Pagefind searches metadata as it searches the text, and cuts excerpts
from the text alone, so readers see the page as written (search.py makes the index).
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterator

from ..core.text import fold

_TAG = re.compile(r"<[^>]*>")
_D_STROKE = re.compile("[đĐðÐ]")
_NON_SPACE = re.compile(r"\S*")
# What Pagefind strips around a word before indexing it ("(Đảng)," -> "Đảng")
_EDGE_PUNCTUATION = re.compile(r"^[^\w]+|[^\w]+$")


def folded_words(*parts: str | None) -> str:
    """The words with a đ among these texts or HTML fragments, without marks, lowercase,
    each once, sorted: "Đường đến Đảng" -> "dang den duong". A layout puts them in the
    page's `folded` search metadata, which is searched but never shown."""
    words: set[str] = set()  # each word folded once, however often the page has it
    for part in parts:
        if part and _D_STROKE.search(part):
            words.update(_words_with_d(html.unescape(_TAG.sub(" ", str(part)))))
    found = {_folded(word) for word in words}
    found.discard("")
    return " ".join(sorted(found))


def _words_with_d(text: str) -> Iterator[str]:
    """The words of `text` (as str.split() cuts them) with a đ, found from each đ: a body
    has a few hundred words, most without one, and splitting all of them cost more than
    the rest of the page's search metadata."""
    end = 0
    for letter in _D_STROKE.finditer(text):
        start = letter.start()
        if start < end:  # in the word just found
            continue
        while start and not text[start - 1].isspace():  # most such words begin with it
            start -= 1
        rest = _NON_SPACE.match(text, letter.end())  # \S* matches, if only nothing
        end = rest.end() if rest is not None else letter.end()
        yield text[start:end]


@functools.lru_cache(maxsize=65536)  # every article has "đối", "Đảng", "được" …
def _folded(word: str) -> str:
    return _EDGE_PUNCTUATION.sub("", fold(word).lower())
