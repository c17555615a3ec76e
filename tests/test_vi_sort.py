"""Vietnamese alphabetical order (vi_sort_key), as a reader expects it in lists of names."""

from __future__ import annotations

import random
import unicodedata

import pytest

from bantin.core.text import vi_sort_key

# Each row: (earlier, later) — the first must sort strictly before the second.
BEFORE = [
    ("Dương", "Đà Nẵng"),            # d < đ
    ("Đà Nẵng", "Gò Công"),          # đ < g (a code-point sort puts Đ after Z)
    ("Đồng Tháp", "Zeta"),
    ("o", "ô"),
    ("ô", "ơ"),
    ("ơ", "p"),
    ("a", "ă"),
    ("ă", "â"),
    ("â", "b"),
    ("e", "ê"),
    ("u", "ư"),
    ("ư", "v"),
    ("Út", "Ưng"),
    ("Ưng", "Vân"),
    # tones after base letters: ngang, huyền, hỏi, ngã, sắc, nặng
    ("ba", "bà"),
    ("bà", "bả"),
    ("bả", "bã"),
    ("bã", "bá"),
    ("bá", "bạ"),
    ("bạ", "bác"),     # letters decide before tones: ba* < bac
    ("bác", "bạc"),
    ("bạc", "băn"),
    # word by word, as in a dictionary
    ("ba ba", "bà con"),
    ("Gò", "Gò Công"),
    ("Gò Công", "Gò Công Tây"),
    ("Gò Công Tây", "Gòa"),
    # case-insensitive: the letters decide, not the case
    ("an giang", "Bến Tre"),
    ("An Giang", "bến tre"),
    # numbers by value, before words
    ("Tổ 2", "Tổ 10"),
    ("Ấp 9", "Ấp Bình"),
    # f j w z in their Latin places
    ("Hà", "Jakarta"),
    ("Vĩnh", "Washington"),
    ("Yên", "Zürich"),
]


@pytest.mark.parametrize(("earlier", "later"), BEFORE)
def test_vietnamese_order(earlier: str, later: str) -> None:
    assert vi_sort_key(earlier) < vi_sort_key(later)
    assert sorted([later, earlier], key=vi_sort_key) == [earlier, later]


def test_full_alphabet_in_order() -> None:
    alphabet = list("aăâbcdđeêghiklmnoôơpqrstuưvxy")
    shuffled = alphabet[:]
    random.Random(4).shuffle(shuffled)
    assert sorted(shuffled, key=vi_sort_key) == alphabet
    upper = [letter.upper() for letter in alphabet]
    assert sorted(reversed(upper), key=vi_sort_key) == upper


def test_every_vowel_tone_order() -> None:
    for vowel in "aăâeêioôơuưy":
        toned = [unicodedata.normalize("NFC", vowel + mark)
                 for mark in ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")]
        assert sorted(reversed(toned), key=vi_sort_key) == toned, vowel


def test_nfd_and_nfc_sort_together() -> None:
    nfd = unicodedata.normalize("NFD", "Đà Nẵng")
    assert vi_sort_key(nfd) == vi_sort_key("Đà Nẵng")


def test_icelandic_eth_sorts_as_d_stroke() -> None:
    assert sorted(["Ðồng", "Dương", "Đa", "Em"], key=vi_sort_key) == ["Dương", "Đa", "Ðồng", "Em"]


def test_ties_are_broken_stably() -> None:
    # Same letters and tones: lower case first, then by the text, so the order is total.
    names = ["Hòa Bình", "hòa bình", "Hoà Bình", "HÒA BÌNH"]
    first = sorted(names, key=vi_sort_key)
    assert first[0] == "hòa bình"
    assert sorted(reversed(names), key=vi_sort_key) == first
    assert len({vi_sort_key(n) for n in names}) == len(names)


def test_a_realistic_list_of_issuers() -> None:
    issuers = ["Ủy ban nhân dân huyện", "Ban Tuyên giáo Tỉnh ủy", "Đảng ủy khối",
               "Bộ Chính trị", "Chính phủ", "Thủ tướng Chính phủ", "Huyện ủy Gò Công Tây",
               "Ban Chấp hành Trung ương", "Đoàn Thanh niên"]
    assert sorted(issuers, key=vi_sort_key) == [
        "Ban Chấp hành Trung ương", "Ban Tuyên giáo Tỉnh ủy", "Bộ Chính trị", "Chính phủ",
        "Đảng ủy khối", "Đoàn Thanh niên", "Huyện ủy Gò Công Tây", "Thủ tướng Chính phủ",
        "Ủy ban nhân dân huyện"]
