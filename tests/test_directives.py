"""The directive-number recogniser: a table of real and messy spellings, kinds, whole documents."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from bantin.model.directives import (
    PARTY,
    STATE,
    canonical,
    find_numbers,
    kind_named,
    parse_number,
    scan_lines,
)

DATA = Path(__file__).parent / "data"
EXAMPLES = DATA / "examples"


def _rows() -> list[pytest.param]:
    rows = []
    text = (DATA / "directive_numbers.txt").read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        given, _, expected = line.rpartition(" → ")
        assert given, f"directive_numbers.txt:{number}: expected `input → expected`"
        if given.startswith("NFD:"):
            given = unicodedata.normalize("NFD", given.removeprefix("NFD:"))
        found = [] if expected == "-" else expected.split(" ; ")
        rows.append(pytest.param(given, found, id=f"line{number}"))
    return rows


ROWS = _rows()


def test_table_has_hundreds_of_rows_both_positive_and_negative() -> None:
    assert len(ROWS) >= 500
    assert sum(1 for row in ROWS if not row.values[1]) >= 100


@pytest.mark.parametrize(("text", "expected"), ROWS)
def test_recogniser_table(text: str, expected: list[str]) -> None:
    nfc = unicodedata.normalize("NFC", text)
    assert [m.number.text for m in find_numbers(nfc)] == expected


def test_scanning_the_district_article_finds_exactly_the_numbers_it_cites() -> None:
    text = (EXAMPLES / "district-news-article.txt").read_text(encoding="utf-8")
    assert [(line, n.text) for line, n in scan_lines(text)] == [
        (1, "57-KL/TW"), (8, "94-KH/HU"), (8, "57-KL/TW"), (10, "34-NQ/TW"), (10, "03-QC/TU"),
    ]


def test_scanning_the_provincial_guidance_finds_exactly_the_numbers_it_cites() -> None:
    text = (EXAMPLES / "provincial-guidance-2021.txt").read_text(encoding="utf-8")
    assert [(line, n.text) for line, n in scan_lines(text)] == [
        (10, "06-HD/ĐUK"), (15, "10-HD/BTGTU"), (35, "16-KL/TW"), (35, "3935/ĐA-UBND"),
    ]


def test_scanning_decomposed_text_with_icelandic_eth_gives_canonical_numbers() -> None:
    text = unicodedata.normalize("NFD", "Số 06 - HD/ÐUK\nngày 18 tháng 3\nQuyết định 362/qđ-ttg\n")
    assert [(line, n.text) for line, n in scan_lines(text)] == [
        (1, "06-HD/ĐUK"), (3, "362/QĐ-TTg")]


def test_spans_point_at_the_number_as_written() -> None:
    text = "Thực hiện Hướng dẫn số 10 -HD/BTGTU, ngày 9/03/2021"
    (mention,) = find_numbers(text)
    assert text[mention.start:mention.end] == "10 -HD/BTGTU"


def test_parts_of_a_number() -> None:
    party = parse_number("Số 06 - HD/ÐUK")
    assert party is not None
    assert (party.system, party.serial, party.code, party.issuer) == (PARTY, "06", "HD", "ĐUK")
    state = parse_number("30/2020/nđ-cp")
    assert state is not None
    assert (state.system, state.serial, state.year, state.code, state.issuer) == (
        STATE, "30", "2020", "NĐ", "CP")


def test_parse_number_takes_only_a_whole_number() -> None:
    assert canonical("  57-kl/tw ") == "57-KL/TW"
    assert canonical("số 362/QĐ-TTg") == "362/QĐ-TTg"
    assert canonical("Kết luận 57-KL/TW") is None
    assert canonical("57-KL/TW, 34-NQ/TW") is None
    assert canonical("15/6/2023") is None
    assert canonical("") is None


@pytest.mark.parametrize(("number", "vi", "en"), [
    ("57-KL/TW", "Kết luận", "Conclusion"),
    ("34-NQ/TW", "Nghị quyết", "Resolution"),
    ("05-CT/TW", "Chỉ thị", "Directive"),
    ("21/CT-TTg", "Chỉ thị", "Directive"),
    ("362/QĐ-TTg", "Quyết định", "Decision"),
    ("08-QĐi/TW", "Quy định", "Regulation"),
    ("03-QC/TU", "Quy chế", "Rules"),
    ("06-HD/ĐUK", "Hướng dẫn", "Guidance"),
    ("94-KH/HU", "Kế hoạch", "Plan"),
    ("3935/ĐA-UBND", "Đề án", "Scheme"),
    ("12-TB/TU", "Thông báo", "Notice"),
    ("01-CTr/TU", "Chương trình", "Programme"),
    ("30/2020/NĐ-CP", "Nghị định", "Decree"),
    ("22/2016/TT-BTTTT", "Thông tư", "Circular"),
    ("03-TT/TW", "Thông tri", "Instruction"),  # the Party's TT is a Thông tri
    ("45-BC/HU", "Báo cáo", "Report"),
    ("118-CV/HU", "Công văn", "Official letter"),
    ("24/2018/QH14", "Luật", "Law"),
])
def test_kind_comes_from_the_code(number: str, vi: str, en: str) -> None:
    parsed = parse_number(number)
    assert parsed is not None
    assert (parsed.kind.name("vi"), parsed.kind.name("en")) == (vi, en)


def test_front_matter_kind_may_be_a_code_a_name_or_free_text() -> None:
    assert kind_named("kh").vi == "Kế hoạch"
    assert kind_named("Kế hoạch").en == "Plan"
    assert kind_named("Hướng dẫn").code == "HD"
    assert kind_named("Văn bản hợp nhất").vi == "Văn bản hợp nhất"
