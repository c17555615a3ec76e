"""Reading one file: front-matter typed and validated, errors at the offending line."""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bantin.core.text import fold, normalize_source, slugify
from bantin.model.config_file import load_config
from bantin.model.content import parse_document
from bantin.model.document import Source
from tests.conftest import MINIMAL_CONFIG, article


@pytest.fixture
def config(tmp_path: Path):
    (tmp_path / "config.toml").write_text(MINIMAL_CONFIG, encoding="utf-8")
    return load_config(tmp_path)


ARTICLE = Source("content/tin-tuc/a.md", "tin-tuc", "a", "vi")
DIRECTIVE = Source("content/van-ban/57-kl-tw.md", "van-ban", "57-kl-tw", "vi")


def errors(doc) -> list[str]:
    return [str(d) for d in doc.diagnostics]


@pytest.mark.parametrize(("text", "expected"), [
    ("Mục đích, yêu cầu", "muc-dich-yeu-cau"),
    ("Gò Công Tây", "go-cong-tay"),
    ("Đảng bộ ĐUK", "dang-bo-duk"),
    ("Kết luận 57-KL/TW", "ket-luan-57-kl-tw"),
    ("  Hội nghị -- thông tin!  ", "hoi-nghi-thong-tin"),
    ("Ðà Lạt (Icelandic Ð)", "da-lat-icelandic-d"),
])
def test_slug_is_ascii_and_vietnamese_aware(text: str, expected: str) -> None:
    assert slugify(text) == expected


def test_fold_strips_tones_and_d_stroke() -> None:
    assert fold("Gò Công Tây, đối ngoại") == "Go Cong Tay, doi ngoai"


def test_source_is_normalised_to_nfc_with_bom_and_crlf_accepted() -> None:
    nfd = unicodedata.normalize("NFD", "Gò Công Tây\r\n")
    assert normalize_source(b"\xef\xbb\xbf" + nfd.encode()) == "Gò Công Tây\n"


def test_article_fields_become_typed_values(config) -> None:
    doc = parse_document(ARTICLE, article(
        rating="{points: 9, votes: 2}", directives='["57-KL/TW"]', tags='["đối ngoại"]'),
        config)
    assert errors(doc) == []
    assert doc.meta.rating is not None and doc.meta.rating.average == 4.5
    assert doc.meta.directives == ("57-KL/TW",)
    assert doc.meta.tags == ("đối ngoại",)


def test_date_without_offset_is_local_time_not_utc(config) -> None:
    doc = parse_document(ARTICLE, article(date="2023-09-01 00:14"), config)
    assert doc.meta.date is not None
    assert doc.meta.date.utcoffset() == timedelta(hours=7)
    assert doc.meta.date.isoformat() == "2023-09-01T00:14:00+07:00"


def test_date_with_offset_keeps_it(config) -> None:
    doc = parse_document(ARTICLE, article(date="2023-08-31T17:14:00+00:00"), config)
    assert doc.meta.date == datetime.fromisoformat("2023-09-01T00:14:00+07:00")


def test_nfd_front_matter_is_read_as_nfc(config) -> None:
    text = unicodedata.normalize("NFD", article(title="Gò Công Tây"))
    doc = parse_document(ARTICLE, text.encode(), config)
    assert doc.meta.title == "Gò Công Tây"


def test_bad_date_is_reported_at_its_line(config) -> None:
    doc = parse_document(ARTICLE, article(date="2023-13-45 00:14"), config)
    assert errors(doc) == [
        "content/tin-tuc/a.md:3: error: `date` must be a date-time such as 2023-09-01 00:14 "
        "or 2023-09-01T00:14:00+07:00, got '2023-13-45 00:14'"
    ]


def test_impossible_rating_says_what_is_expected(config) -> None:
    text = "---\ntitle: x\nrating:\n  votes: 1\n  points: 7\n---\n"
    doc = parse_document(ARTICLE, text, config)
    assert errors(doc) == [
        "content/tin-tuc/a.md:5: error: `rating.points` must be between votes and 5 × votes "
        "(1–5 stars per vote); got 7 for 1 vote"
    ]


def test_zero_votes_is_an_error(config) -> None:
    doc = parse_document(ARTICLE, article(rating="{points: 0, votes: 0}"), config)
    assert any("`rating.votes` must be at least 1" in e for e in errors(doc))


def test_image_without_alt_is_an_error(config) -> None:
    doc = parse_document(ARTICLE, article(image='{src: "/a.jpg"}'), config)
    assert any(":6: error: `image.alt` is required" in e for e in errors(doc))


def test_yaml_syntax_error_is_reported_at_the_file_line(config) -> None:
    text = "---\ntitle: ok\nsummary: [unclosed\ndate: 2023-09-01\n---\nbody\n"
    doc = parse_document(ARTICLE, text, config)
    assert len(errors(doc)) == 1
    assert errors(doc) == [
        "content/tin-tuc/a.md:3: error: the summary opens `[` (column 10) and never closes it: "
        "end the list with `]`, or, if the summary is text, put all of it in double quotes, "
        'e.g. summary: "[unclosed"']


def test_unknown_field_is_an_error_naming_the_expected_ones(config) -> None:
    doc = parse_document(ARTICLE, article(autor="x"), config)
    assert len(errors(doc)) == 1
    assert errors(doc)[0].startswith(
        "content/tin-tuc/a.md:6: error: unknown front-matter field `autor`")
    assert "author" in errors(doc)[0]


def test_every_problem_of_a_file_is_reported(config) -> None:
    text = article(date="yesterday", rating="{points: 30, votes: 2}", draft="maybe")
    assert len(errors(parse_document(ARTICLE, text, config))) == 3


def test_key_given_twice_is_an_error(config) -> None:
    doc = parse_document(ARTICLE, "---\ntitle: a\ntitle: b\n---\n", config)
    assert errors(doc) == ["content/tin-tuc/a.md:3: error: `title` is given twice in the "
                           "front-matter: keep one and delete the other"]


def test_file_without_front_matter_is_an_error(config) -> None:
    doc = parse_document(ARTICLE, "Chỉ có nội dung.\n", config)
    assert errors(doc) == ["content/tin-tuc/a.md:1: error: the file must start with "
                           "front-matter between two `---` lines: put a `---` line, the fields "
                           "such as `title: …`, and another `---` line at the top"]


def test_slug_with_path_characters_is_refused(config) -> None:
    doc = parse_document(ARTICLE, article(slug='"../../etc/passwd"'), config)
    assert any("`slug` must be lowercase ASCII" in e for e in errors(doc))


def test_body_line_offset_points_at_the_file_line(config) -> None:
    text = "---\ntitle: a\n---\nfirst body line\n"
    doc = parse_document(ARTICLE, text, config)
    assert text.splitlines()[doc.body_line] == "first body line"


def test_directive_date_is_a_plain_date(config) -> None:
    text = ('---\nnumber: "57-KL/TW"\ntitle: "Về thông tin đối ngoại"\n'
            'issuer: "Bộ Chính trị"\ndate: 2023-06-07\n---\n')
    doc = parse_document(DIRECTIVE, text, config)
    assert errors(doc) == []
    assert doc.meta.date is not None and doc.meta.date.date().isoformat() == "2023-06-07"


def test_article_fields_are_not_allowed_on_directives(config) -> None:
    text = ('---\nnumber: "1-KH/HU"\ntitle: t\nissuer: i\ndate: 2023-06-07\n'
            'rating: {points: 1, votes: 1}\n---\n')
    assert any("unknown front-matter field `rating` for a directive" in e
               for e in errors(parse_document(DIRECTIVE, text, config)))
