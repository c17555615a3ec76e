"""`python build.py new --directive FILE`: a draft directive page from a document's text."""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path

import frontmatter
import pytest

from tests.conftest import directive

DATA = Path(__file__).parent / "data"
EXAMPLE = str(DATA / "examples/provincial-guidance-2021.txt")
GUIDANCE_10 = {"content/van-ban/huong-dan-10.md": directive(
    "10-HD/BTGTU", "Về công tác thông tin đối ngoại năm 2021", "Ban Tuyên giáo Tỉnh ủy",
    "2021-03-09")}


def test_example_becomes_a_draft_whose_fields_match_the_document(make_site, capsys) -> None:
    site = make_site(GUIDANCE_10)
    assert site.run("new", "--directive", EXAMPLE) == 0
    out, err = capsys.readouterr()
    assert out == "content/van-ban/huong-dan-06-hd-duk.md\n"
    assert "warning:" not in err
    post = frontmatter.loads((site.root / out.strip()).read_text(encoding="utf-8"))
    assert post.metadata == {
        "number": "06-HD/ĐUK",
        "kind": "Hướng dẫn",
        "title": "Công tác thông tin đối ngoại năm 2021",
        "issuer_parent": "ĐẢNG BỘ TỈNH PHÚ THỌ",
        "issuer": "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH",
        "place": "Việt Trì",
        "date": datetime.date(2021, 3, 18),
        "implements": ["10-HD/BTGTU"],
        "signer": {"on_behalf": "T/M BAN THƯỜNG VỤ", "title": "PHÓ BÍ THƯ",
                   "name": "Lưu Ngọc Trâm"},
        "recipients": ["Thường trực Tỉnh ủy (B/c)", "Ban Tuyên giáo Tỉnh ủy (B/c)",
                       "Thường trực Đảng ủy khối", "Các đoàn thể Khối",
                       "Các chi, đảng ủy trực thuộc", "Lưu VT, BTG"],
        "draft": True,
    }
    assert post.content.startswith("Thực hiện Hướng dẫn số 10 -HD/BTGTU, ngày 9/03/2021")
    assert site.run("check", "--strict") == 0
    assert site.build("--drafts") == 0
    page = site.read("vi/van-ban/huong-dan-06-hd-duk/index.html")
    assert "Công tác thông tin đối ngoại năm 2021" in page
    assert "tình hình Biển Đông; các chương trình" in page
    assert site.build() == 0
    assert not site.exists("vi/van-ban/huong-dan-06-hd-duk/index.html")  # a draft


def test_unregistered_documents_it_carries_out_are_warnings_not_fields(make_site,
                                                                      capsys) -> None:
    site = make_site({})
    assert site.run("new", "--directive", EXAMPLE) == 0
    err = capsys.readouterr().err
    assert (f"{EXAMPLE}: warning: 10-HD/BTGTU, which the opening “Thực hiện …” names, is not "
            "registered in content/van-ban/; add it to implements: once it is\n") in err
    text = (site.root / "content/van-ban/huong-dan-06-hd-duk.md").read_text(encoding="utf-8")
    assert "implements" not in frontmatter.loads(text).metadata
    assert "# implements: 10-HD/BTGTU" in text
    assert site.run("check", "--strict") == 0


def test_plan_with_footnotes_names_registered_parents_and_keeps_its_notes(make_site,
                                                                          capsys) -> None:
    site = make_site({"content/van-ban/kl-57.md": directive(
        "57-KL/TW", "Về thông tin đối ngoại", "Bộ Chính trị", "2023-06-15")})
    plan = str(DATA / "formal/district-plan.txt")
    assert site.run("new", "--directive", plan) == 0
    out, err = capsys.readouterr()
    assert out == "content/van-ban/ke-hoach-157-kh-hu.md\n"
    assert f"{plan}: warning: 201-KH/TU, which the opening" in err
    assert err.count("warning:") == 1
    post = frontmatter.loads((site.root / out.strip()).read_text(encoding="utf-8"))
    assert post.metadata["implements"] == ["57-KL/TW"]
    assert post.metadata["signer"] == {"on_behalf": "KT. BÍ THƯ", "title": "PHÓ BÍ THƯ",
                                       "name": "Phạm Thị Ngọc Lan"}
    assert site.run("check", "--strict") == 0
    assert site.build("--drafts") == 0
    page = site.read("vi/van-ban/ke-hoach-157-kh-hu/index.html")
    assert "từng ấp trong huyện; tránh hình thức" in page
    assert 'class="footnote' in page and "26/3/2004 về công tác đối với người Việt" in page


def test_no_date_is_warned_left_out_and_fails_check_at_its_line(make_site, capsys) -> None:
    site = make_site({})
    source = str(DATA / "formal/no-date-guidance.txt")
    assert site.run("new", "--directive", source) == 0
    out, err = capsys.readouterr()
    assert f"{source}: warning: no date found; fill in date:\n" in err
    assert f"{source}: warning: no place of issue found; fill in place:\n" in err
    path = out.strip()
    lines = (site.root / path).read_text(encoding="utf-8").splitlines()
    date_line = next(i for i, line in enumerate(lines, 1) if line.startswith("date:"))
    # The body's date (ngày 18 tháng 3 năm 2021) is not the document's.
    assert lines[date_line - 1].split("#")[0].strip() == "date:"
    assert any(line.startswith("# place:") for line in lines)
    assert site.run("check") == 1
    err = capsys.readouterr().err
    assert [line for line in err.splitlines() if ": error:" in line] == [
        f"{path}:{date_line}: error: missing required front-matter field `date` for a "
        "directive in van-ban/: write `date: …` in the front-matter"]


def test_values_are_quoted_as_yaml_needs(make_site, capsys) -> None:
    site = make_site({})
    source = site.write("van-ban.txt", (
        "TỈNH ỦY PHÚ THỌ\nBAN TUYÊN GIÁO\n*\nSố 3-KH/BTGTU\tPhú Thọ, ngày 1 tháng 2 năm 2022\n\n"
        'KẾ HOẠCH\nTuyên truyền: "chủ đề #1" và [tài liệu] {năm 2022}\n\nNội dung.\n'))
    assert site.run("new", "--directive", str(source)) == 0
    path = capsys.readouterr().out.strip()
    post = frontmatter.loads((site.root / path).read_text(encoding="utf-8"))
    assert post.metadata["title"] == 'Tuyên truyền: "chủ đề #1" và [tài liệu] {năm 2022}'


def test_never_overwrites_nor_imports_a_registered_number_again(make_site, capsys) -> None:
    site = make_site({})
    assert site.run("new", "--directive", EXAMPLE) == 0
    path = site.root / "content/van-ban/huong-dan-06-hd-duk.md"
    path.write_text(path.read_text(encoding="utf-8") + "Sửa tay.\n", encoding="utf-8")
    capsys.readouterr()
    assert site.run("new", "--directive", EXAMPLE) == 2
    assert ("build.py new: error: 06-HD/ĐUK is already registered by "
            "content/van-ban/huong-dan-06-hd-duk.md; not importing it again") in (
        capsys.readouterr().err)
    assert path.read_text(encoding="utf-8").endswith("Sửa tay.\n")


def test_unreadable_input_is_an_error_line(make_site, capsys) -> None:
    site = make_site({})
    binary = site.write("scan.txt", b"\xff\xfe\x00garbage")
    assert site.run("new", "--directive", str(binary)) == 1
    assert (f"{binary}:1: error: the file is not UTF-8 text (byte 0xFF); save it as UTF-8, "
            "then run again") in capsys.readouterr().err
    pdf = site.write("van-ban.pdf", b"%PDF-1.4")
    assert site.run("new", "--directive", str(pdf)) == 2
    assert "cannot read a .pdf file; copy its text into a .txt file" in capsys.readouterr().err
    fake = site.write("van-ban.docx", b"not a zip")
    assert site.run("new", "--directive", str(fake)) == 2
    assert f"{fake}: error: not a .docx file" in capsys.readouterr().err
    assert site.run("new", "--directive", str(site.root / "missing.txt")) == 2
    assert "error: cannot read the file" in capsys.readouterr().err
    assert not (site.root / "content/van-ban").exists()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _p(*runs: str) -> str:
    return "<w:p>" + "".join(runs) + "</w:p>"


def _r(text: str, superscript: bool = False) -> str:
    props = '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>' if superscript else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{text}</w:t></w:r>'


def _cell(*paragraphs: str) -> str:
    return "<w:tc>" + "".join(paragraphs) + "</w:tc>"


def test_docx_header_table_and_footnotes_are_read(make_site, capsys) -> None:
    header = ("<w:tbl><w:tr>"
              + _cell(_p(_r("ĐẢNG BỘ TỈNH PHÚ THỌ")), _p(_r("ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH")),
                      _p(_r("*")), _p(_r("Số 06 - HD/ĐUK")))
              + _cell(_p(_r("ĐẢNG CỘNG SẢN VIỆT NAM")),
                      _p(_r("Việt Trì, ngày 18 tháng 3 năm 2021")))
              + "</w:tr></w:tbl>")
    footer = ("<w:tbl><w:tr>"
              + _cell(_p(_r("Nơi nhận:")), _p(_r("- Thường trực Tỉnh ủy (B/c),")),
                      _p(_r("- Lưu VT, BTG")))
              + _cell(_p(_r("T/M BAN THƯỜNG VỤ")), _p(_r("PHÓ BÍ THƯ")), _p(),
                      _p(_r("Lưu Ngọc Trâm")))
              + "</w:tr></w:tbl>")
    body = (header + _p(_r("HƯỚNG DẪN")) + _p(_r("Công tác thông tin đối ngoại năm 2021"))
            + _p() + _p(_r("Thực hiện Hướng dẫn số 10-HD/BTGTU"),
                         '<w:r><w:footnoteReference w:id="2"/></w:r>',
                         _r(", Ban Thường vụ hướng dẫn như sau:"))
            + _p(_r("I. MỤC ĐÍCH")) + _p(_r("Nội dung có chú thích"), _r("7", True), _r("."))
            + footer)
    notes = (f'<w:footnotes {W}><w:footnote w:type="separator" w:id="0">{_p(_r("—"))}'
             f'</w:footnote><w:footnote w:id="2">{_p(_r("Hướng dẫn ngày 9/3/2021."))}'
             "</w:footnote></w:footnotes>")
    site = make_site(GUIDANCE_10)
    docx = site.root / "van-ban.docx"
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("word/document.xml", f"<w:document {W}><w:body>{body}</w:body>"
                                              "</w:document>")
        archive.writestr("word/footnotes.xml", notes)
    assert site.run("new", "--directive", str(docx)) == 0
    out, err = capsys.readouterr()
    assert out == "content/van-ban/huong-dan-06-hd-duk.md\n"
    assert "warning: footnote mark 7 has no footnote text" in err
    post = frontmatter.loads((site.root / out.strip()).read_text(encoding="utf-8"))
    assert post.metadata["issuer"] == "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH"
    assert post.metadata["date"] == datetime.date(2021, 3, 18)
    assert post.metadata["implements"] == ["10-HD/BTGTU"]
    assert post.metadata["recipients"] == ["Thường trực Tỉnh ủy (B/c)", "Lưu VT, BTG"]
    assert post.metadata["signer"]["name"] == "Lưu Ngọc Trâm"
    assert "10-HD/BTGTU[^1], Ban Thường vụ" in post.content
    assert "[^1]: Hướng dẫn ngày 9/3/2021." in post.content
    assert site.run("check", "--strict") == 0


# A plan whose subject starts "Thực hiện …" as its opening does, pasted from a PDF or Word.
CARRIES_OUT = ("Thực hiện Kết luận số 57-KL/TW, ngày 15/6/2023 của Bộ Chính trị về tiếp tục nâng "
               "cao chất lượng, hiệu quả công tác thông tin đối ngoại trong tình hình mới")
OPENING = ("Thực hiện Kế hoạch số 157-KH/TU, ngày 10/8/2023 của Tỉnh ủy Tiền Giang về tăng cường "
           "công tác thông tin đối ngoại trên địa bàn tỉnh, Ban Thường vụ Huyện ủy xây dựng kế "
           "hoạch triển khai trên địa bàn huyện như sau:")


def _docx_of_lines(text: str, docx: Path) -> None:
    """A .docx with a paragraph for each line of `text`, tabs kept: Word's own layout."""
    body = "".join(_p(*(_r(piece) if i == 0 else f"<w:r><w:tab/></w:r>{_r(piece)}"
                        for i, piece in enumerate(line.split("\t"))))
                   for line in text.splitlines())
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("word/document.xml", f"<w:document {W}><w:body>{body}</w:body>"
                                              "</w:document>")


@pytest.mark.parametrize(("source", "title"), [
    ("plan-subject-carries-out.txt", CARRIES_OUT),  # a rule and a blank line under it
    ("plan-subject-carries-out-no-rule.txt", CARRIES_OUT),
    ("plan-subject-carries-out-run-on.txt", CARRIES_OUT),  # neither; lines cut mid-sentence
    ("plan-subject-carries-out-word.txt", CARRIES_OUT),  # copied from Word: one line
    ("plan-subject-carries-out-word.docx", CARRIES_OUT),  # the Word file itself
    ("plan-subject-carries-out-caps.txt", CARRIES_OUT.upper()),
])
def test_a_subject_that_starts_like_the_opening_is_the_title(make_site, capsys, source: str,
                                                             title: str) -> None:
    site = make_site({})
    path = DATA / "formal" / source
    if path.suffix == ".docx":
        path = site.root / source
        _docx_of_lines((DATA / "formal" / f"{path.stem}.txt").read_text(encoding="utf-8"), path)
    assert site.run("new", "--directive", str(path)) == 0
    out, err = capsys.readouterr()
    assert out == "content/van-ban/ke-hoach-94-kh-hu.md\n"
    assert "no subject found" not in err
    post = frontmatter.loads((site.root / out.strip()).read_text(encoding="utf-8"))
    assert post.metadata["title"] == title
    first, following = post.content.split("\n\n")[:2]
    assert first == OPENING
    assert following == "## I. MỤC ĐÍCH, YÊU CẦU"
