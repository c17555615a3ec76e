"""Text helpers: reading sources as NFC, Vietnamese-aware slugs and diacritic folding."""

from __future__ import annotations

import functools
import re
import unicodedata

from .messages import Text, msg

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Letters that do not decompose into a base letter plus combining marks.
_FOLD = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})


class NotText(ValueError):
    """A source that is not UTF-8 text: the line of the first bad byte and what to do."""

    def __init__(self, line: int, message: Text) -> None:
        super().__init__(str(message))
        self.line = line
        self.message = message


def normalize_source(raw: bytes | str) -> str:
    """Decode UTF-8 (a byte-order mark is allowed), unify line endings, compose to NFC.

    Raises NotText for bytes that are not UTF-8 (cp1258, latin-1, UTF-16, a binary file) and
    for NUL bytes, which no text editor writes: each at the line it is on."""
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            byte = format(raw[exc.start], "02X")
            raise NotText(line, msg("the file is not UTF-8 text (byte 0x%(byte)s); save it as "
                                    "UTF-8", byte=byte)) from None
    else:
        text = raw.removeprefix("\ufeff")
    nul = text.find("\0")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise NotText(line, msg("the file holds a NUL byte (0x00), which text never does: it "
                                "is binary or UTF-16; save it as UTF-8 text"))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Strip Vietnamese tones and marks: "Gò Công Tây, đối ngoại" -> "Go Cong Tay, doi ngoai"."""
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped)


@functools.lru_cache(maxsize=65536)  # tags, categories and headings repeat across pages
def slugify(text: str) -> str:
    """ASCII URL name: "Mục đích, yêu cầu" -> "muc-dich-yeu-cau"."""
    return _NON_ALNUM.sub("-", fold(text).lower()).strip("-")


SLUG_PATTERN = re.compile(r"\A[a-z0-9]+(?:-[a-z0-9]+)*\Z")
# The longest URL name (a `slug:`, a tag's): each is a folder of the output, and a file
# system holds names of 255 bytes at most.
MAX_URL_NAME = 200


# Vietnamese collation. The alphabet is a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y;
# f j w z (foreign words) take their Latin places. Tones rank after the letters, in dictionary
# order: ngang, huyền, hỏi, ngã, sắc, nặng (a à ả ã á ạ), as in CLDR's "vi" collation.
_ALPHABET = tuple("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}
_LETTER_RANK["ð"] = _LETTER_RANK["đ"]  # the Icelandic look-alike typed for Đ
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_TOKEN = re.compile(r"\d+|[^\W\d_]+")


def _letters_and_tone(word: str) -> tuple[tuple[int, ...], int]:
    """Rank each letter of a lower-case NFD word; the tone is the word's first tone mark."""
    ranks: list[int] = []
    tone = 0
    for char in unicodedata.normalize("NFD", word):
        if char in _TONE_RANK:
            tone = tone or _TONE_RANK[char]
        elif unicodedata.combining(char) and ranks:
            # breve, circumflex, horn: recompose with the letter before to find ă â ê ô ơ ư
            letter = _ALPHABET[ranks[-1]] if ranks[-1] < len(_ALPHABET) else ""
            combined = unicodedata.normalize("NFC", letter + char)
            if combined in _LETTER_RANK:
                ranks[-1] = _LETTER_RANK[combined]
        else:
            ranks.append(_LETTER_RANK.get(char, len(_ALPHABET) + ord(char)))
    return tuple(ranks), tone


# One word of a sort key: (0 for a number, 1 for a word), the ranks, the tone.
_WordKey = tuple[int, tuple[int, ...], int]


def vi_sort_key(text: str) -> tuple[tuple[_WordKey, ...], str, str]:
    """Key for sorting names by the Vietnamese alphabet: sorted(names, key=vi_sort_key).

    Case-insensitive; word by word (as dictionaries do: "ba ba" < "bà con"); within a word the
    letters first, then the tone; numbers by value ("Tổ 2" < "Tổ 10") and before words. Ties
    (case, spacing, old/new tone placement) are broken by the NFC text itself, so the order is
    total and stable.
    """
    nfc = unicodedata.normalize("NFC", text)
    words: list[_WordKey] = []
    for token in _TOKEN.findall(nfc.lower()):
        if token.isdigit():
            words.append((0, (int(token),), 0))
        else:
            words.append((1, *_letters_and_tone(token)))
    return tuple(words), nfc.swapcase(), nfc
