"""Front-matter YAML mistakes, said as what to do, at their line; dates that are no day."""

from __future__ import annotations

from tests.conftest import article, directive
from tests.hostile.broken_build import fails_keeping_public

REST = "date: 2023-09-01 00:14\nauthor: le-minh-khoa\ncategory: doi-ngoai\n"
MISTAKES = {  # file -> (its front-matter, the error line the build gives)
    "dau-hai-cham": (
        "title: Hội nghị: tổng kết năm\n" + REST,
        "2: error: the title holds a colon (column 16): put the whole title in double quotes, "
        'e.g. title: "Hội nghị: tổng kết năm"'),
    "tab": (
        'title: "Tab"\n' + REST + "tags:\n\t- a\n",
        "7: error: a tab at column 1: indent with spaces, not tabs"),
    "ngoac-kep": (
        'title: "Ban "Tuyên giáo" huyện"\n' + REST,
        '2: error: the title goes on after its closing quote (column 14): quotes inside the '
        "title must differ from the quotes around it, e.g. title: 'Ban \"Tuyên giáo\" huyện'"),
    "chua-dong": (
        'title: "Chưa đóng\n' + REST,
        '2: error: the title opens a quote (`"`, column 8) that is never closed: add the '
        'closing `"` at the end of the value'),
    "ngoac-vuong": (
        "title: [Video] Lễ hội\n" + REST,
        "2: error: the title starts with `[`, which YAML reads as a list or mapping: put the "
        'whole title in double quotes, e.g. title: "[Video] Lễ hội"'),
    "sao": (
        "title: *Nóng* Lễ hội\n" + REST,
        "2: error: the title starts with `*` (column 8), which YAML reads as an anchor or "
        "alias; front-matter takes neither: put the whole title in double quotes, e.g. "
        'title: "*Nóng* Lễ hội"'),
    "a-cong": (
        'title: "A"\nsummary: @gocongtay ra mắt\n' + REST,
        "3: error: the summary starts with `@` (column 10), which YAML reserves: put the whole "
        'summary in double quotes, e.g. summary: "@gocongtay ra mắt"'),
    "thut-le": (
        'title: "A"\n' + REST + 'image:\n  src: /images/a.jpg\n   alt: "Ảnh"\n',
        "8: error: the indentation of `alt` (column 7) does not match the lines above: indent "
        "keys of one level with the same number of spaces"),
    "thieu-cach": (
        'title:"A"\n' + REST,
        "2: error: write a space after the colon: `key: value`"),
    "ky-tu-dieu-khien": (
        'title: "A\x07"\n' + REST,
        "2: error: the front-matter holds the control character U+0007, which YAML does not "
        "allow: delete it (it often comes with text copied from Word or a PDF)"),
    "the-yaml": (
        'title: !!python/object "A"\n' + REST,
        "2: error: the title has the YAML tag `tag:yaml.org,2002:python/object` (column 8), "
        "which front-matter does not use: put the whole title in double quotes, e.g. "
        'title: "!!python/object \\"A\\""'),
}


def test_yaml_mistakes_are_reported_as_their_fix_at_their_line(make_site, capsys) -> None:
    site = make_site({"content/tin-tuc/ok.md": article()})
    errors = fails_keeping_public(site, capsys, {
        f"content/tin-tuc/{name}.md": f"---\n{front}---\nNội dung.\n"
        for name, (front, _line) in MISTAKES.items()})
    assert errors == sorted(f"content/tin-tuc/{name}.md:{line}"
                            for name, (_front, line) in MISTAKES.items())


def test_impossible_date_does_not_hide_the_files_other_errors(make_site, capsys) -> None:
    site = make_site({"content/tin-tuc/ok.md": article()})
    errors = fails_keeping_public(site, capsys, {
        "content/tin-tuc/a.md": article(date="2023-02-30", rating="{points: 9, votes: 1}"),
        "content/tin-tuc/b.md": article(date="2023-13-45", category="khong-co"),
        "content/van-ban/c.md": directive("5-KH/HU", "Kế hoạch", "Huyện ủy", "2023-02-30",
                                          source="ftp://x"),
    })
    assert errors == [
        "content/tin-tuc/a.md:3: error: `date` must be a real date such as 2023-09-01 00:14, "
        "got '2023-02-30'",
        "content/tin-tuc/a.md:6: error: `rating.points` must be between votes and 5 × votes "
        "(1–5 stars per vote); got 9 for 1 vote",
        "content/tin-tuc/b.md:3: error: `date` must be a real date such as 2023-09-01 00:14, "
        "got '2023-13-45'",
        "content/tin-tuc/b.md:5: error: unknown category `khong-co`; expected one of: "
        "doi-ngoai, van-hoa-du-lich",
        "content/van-ban/c.md:5: error: `date` must be a real date such as 2023-09-01 00:14, "
        "got '2023-02-30'",
        "content/van-ban/c.md:6: error: `source` must be an absolute http(s) URL, got 'ftp://x'",
    ]


def test_anchors_and_aliases_are_refused_at_their_line(make_site, capsys) -> None:
    site = make_site({"content/tin-tuc/ok.md": article()})
    errors = fails_keeping_public(site, capsys, {
        "content/tin-tuc/a.md": article(summary="&tom Tóm tắt", tags="*tom")})
    assert errors == [
        "content/tin-tuc/a.md:6: error: the summary holds `&` (column 10), which YAML reads as "
        "an anchor or alias; front-matter takes neither: write the value out in full, or, when "
        "`&` is part of the text, put the whole summary in double quotes"]
