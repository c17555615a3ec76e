"""Files that are not UTF-8 text: one error line at the first bad byte, never a traceback."""

from __future__ import annotations

import pytest

from tests.conftest import article
from tests.hostile.broken_build import fails_keeping_public

BAD = "content/tin-tuc/bad.md"


@pytest.mark.parametrize(("data", "line", "message"), [
    pytest.param(article("Công Đoàn", body="x").encode("cp1258"), 2,
                 "the file is not UTF-8 text (byte 0xF4); save it as UTF-8", id="cp1258"),
    pytest.param(article("Cafe", body="Café de Paris.\n").encode("latin-1"), 7,
                 "the file is not UTF-8 text (byte 0xE9); save it as UTF-8", id="latin-1"),
    pytest.param(article().encode("utf-16"), 1,
                 "the file is not UTF-8 text (byte 0xFF); save it as UTF-8", id="utf-16"),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 1,
                 "the file is not UTF-8 text (byte 0x89); save it as UTF-8", id="binary"),
    pytest.param(article("Bai", body="x").encode("utf-16-le"), 1,
                 "the file holds a NUL byte (0x00), which text never does: it is binary or "
                 "UTF-16; save it as UTF-8 text", id="utf-16 without byte-order mark"),
    pytest.param(b'---\ntitle: "x"\nsummary: "a\x00b"\n' + article().encode()[4:], 3,
                 "the file holds a NUL byte (0x00), which text never does: it is binary or "
                 "UTF-16; save it as UTF-8 text", id="NUL in front-matter"),
])
def test_text_that_is_not_utf8_is_one_error_line(make_site, capsys, data: bytes, line: int,
                                                 message: str) -> None:
    site = make_site({"content/tin-tuc/ok.md": article()})
    errors = fails_keeping_public(site, capsys, {BAD: data})
    assert errors == [f"{BAD}:{line}: error: {message}"]


def test_every_broken_file_is_reported_in_one_build(make_site, capsys) -> None:
    site = make_site({"content/tin-tuc/ok.md": article()})
    errors = fails_keeping_public(site, capsys, {
        "content/tin-tuc/a.md": article("Ngày", body="x").encode("cp1258"),
        "content/gioi-thieu/b.md": b"---\ntitle: \x00\n---\n",
        "content/tin-tuc/c.md": article(rating="{points: 9, votes: 1}"),
    })
    assert errors == [
        "content/gioi-thieu/b.md:2: error: the file holds a NUL byte (0x00), which text never "
        "does: it is binary or UTF-16; save it as UTF-8 text",
        "content/tin-tuc/a.md:2: error: the file is not UTF-8 text (byte 0xE0); save it as "
        "UTF-8",
        "content/tin-tuc/c.md:6: error: `rating.points` must be between votes and 5 × votes "
        "(1–5 stars per vote); got 9 for 1 vote",
    ]


def test_directive_scan_of_a_file_not_in_utf8_names_its_line(make_site, capsys, tmp_path
                                                             ) -> None:
    site = make_site({})
    scanned = tmp_path / "cong-van.txt"
    scanned.write_bytes("Thực hiện Kết luận 57-KL/TW\nNgày 15/6\n".encode()
                        + "Cà Mau\n".encode("cp1258"))
    assert site.run("directives", "--scan", str(scanned)) == 2
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"{scanned}:3: error: the file is not UTF-8 text (byte 0xE0); save it as UTF-8"]
