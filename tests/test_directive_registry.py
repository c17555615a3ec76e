"""The directive registry as editors meet it: the command, and errors at the right line."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import CITED_DIRECTIVES, DIAMOND, article, directive
from tests.test_messages import VIETNAMESE_SITE

EXAMPLES = Path(__file__).parent / "data" / "examples"


def test_directives_lists_the_registry_oldest_first(make_site, capsys) -> None:
    site = make_site(CITED_DIRECTIVES)
    assert site.run("directives") == 0
    assert capsys.readouterr().out.splitlines() == [
        "57-KL/TW\tKết luận\t2023-06-15\tBộ Chính trị\tVề tiếp tục nâng cao chất lượng, hiệu "
        "quả công tác thông tin đối ngoại trong tình hình mới",
        "94-KH/HU\tKế hoạch\t2023-08-31\tHuyện ủy Gò Công Tây\tVề tiếp tục nâng cao chất "
        "lượng, hiệu quả công tác thông tin đối ngoại trong tình hình mới",
    ]


def test_front_matter_kind_wins_over_the_code(make_site, capsys) -> None:
    site = make_site({"content/van-ban/tb.md": directive(
        "12-TB/TU", "Ý kiến chỉ đạo", "Tỉnh ủy Tiền Giang", "2022-01-05",
        kind='"Thông báo kết luận"')})
    assert site.run("directives") == 0
    assert capsys.readouterr().out.startswith("12-TB/TU\tThông báo kết luận\t2022-01-05\t")


def test_scan_prints_canonical_numbers_and_marks_unregistered_ones(make_site, capsys) -> None:
    site = make_site(CITED_DIRECTIVES)
    article_path = str(EXAMPLES / "district-news-article.txt")
    guidance = str(EXAMPLES / "provincial-guidance-2021.txt")
    assert site.run("directives", "--scan", article_path, guidance) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{article_path}:1: 57-KL/TW",
        f"{article_path}:8: 94-KH/HU",
        f"{article_path}:8: 57-KL/TW",
        f"{article_path}:10: 34-NQ/TW (not registered)",
        f"{article_path}:10: 03-QC/TU (not registered)",
        f"{guidance}:10: 06-HD/ĐUK (not registered)",
        f"{guidance}:15: 10-HD/BTGTU (not registered)",
        f"{guidance}:35: 16-KL/TW (not registered)",
        f"{guidance}:35: 3935/ĐA-UBND (not registered)",
    ]


def test_scan_of_a_missing_file_is_a_usage_error(make_site, capsys, tmp_path) -> None:
    site = make_site(CITED_DIRECTIVES)
    missing = str(tmp_path / "nowhere.txt")
    assert site.run("directives", "--scan", missing) == 2
    assert (f"{missing}: error: cannot read the file: No such file or directory; check its "
            "name and that you may read it") in capsys.readouterr().err.splitlines()


def test_scan_speaks_the_editors_language(make_site, capsys, tmp_path) -> None:
    site = make_site(CITED_DIRECTIVES, config=VIETNAMESE_SITE)
    pasted = tmp_path / "van-ban-moi.txt"
    pasted.write_text("Thực hiện Kết luận 57-KL/TW và Hướng dẫn số 06-HD/ĐUK.\n",
                      encoding="utf-8")
    utf16 = tmp_path / "cu.txt"
    utf16.write_bytes("Kế hoạch 94-KH/HU".encode("utf-16"))
    assert site.run("directives", "--scan", str(pasted), str(utf16)) == 2
    out, err = capsys.readouterr()
    assert out.splitlines() == [f"{pasted}:1: 57-KL/TW",
                                f"{pasted}:1: 06-HD/ĐUK (chưa có trong content/van-ban/)"]
    assert err.splitlines() == [f"{utf16}:1: error: tệp không phải văn bản UTF-8 (byte 0xFF); "
                                "hãy mở tệp và lưu lại với bảng mã UTF-8"]
    assert site.run("directives", "--scan", str(pasted), "--lang", "en") == 0
    assert capsys.readouterr().out.splitlines()[1] == f"{pasted}:1: 06-HD/ĐUK (not registered)"


def test_scan_without_files_is_a_usage_error(make_site, capsys) -> None:
    site = make_site()
    try:
        code = site.run("directives", "--scan")
    except SystemExit as exc:
        code = exc.code
    assert code == 2


def test_unknown_number_in_front_matter_fails_the_build_at_its_line(make_site, capsys) -> None:
    site = make_site({**CITED_DIRECTIVES, "content/tin-tuc/bai.md": article(
        directives='["57-KL/TW", "57-KL/TU"]')})
    assert site.build() == 1
    err = capsys.readouterr().err
    assert ("content/tin-tuc/bai.md:6: error: `directives` names 57-KL/TU, which is not a "
            "registered directive; did you mean 57-KL/TW?") in err.splitlines()


def test_unknown_number_in_implements_is_an_error_at_its_line(make_site, capsys) -> None:
    site = make_site({"content/van-ban/kh.md": directive(
        "157-KH/TU", "Kế hoạch", "Tỉnh ủy", "2023-08-10", implements='["57-KL/TW"]')})
    assert site.run("check") == 1
    assert ("content/van-ban/kh.md:6: error: `implements` names 57-KL/TW, which is not a "
            "registered directive; register it with a file in content/van-ban/ whose "
            "`number:` is 57-KL/TW, or correct the number") in capsys.readouterr().err


def test_registry_errors_are_in_the_editors_language(make_site, capsys) -> None:
    site = make_site({
        **CITED_DIRECTIVES, "content/tin-tuc/bai.md": article(directives='["57-KL/TU"]'),
        "content/van-ban/kh.md": directive("157-KH/TU", "Kế hoạch", "Tỉnh ủy", "2023-08-10",
                                           implements='["157-KH/TU", "3935/ĐA-UBND"]'),
    }, config=VIETNAMESE_SITE)
    assert site.run("check") == 1
    lines = capsys.readouterr().err.splitlines()
    assert ("content/tin-tuc/bai.md:6: error: `directives` ghi số hiệu 57-KL/TU nhưng chưa có "
            "văn bản này trong content/van-ban/; có phải là 57-KL/TW không?") in lines
    assert ("content/van-ban/kh.md:6: error: `implements` ghi số hiệu 3935/ĐA-UBND nhưng chưa có "
            "văn bản này trong content/van-ban/; thêm một tệp vào content/van-ban/ có "
            "`number:` là 3935/ĐA-UBND, hoặc sửa lại số hiệu") in lines
    assert ("content/van-ban/kh.md:6: error: `implements` ghi chính số hiệu của văn bản này "
            "(157-KH/TU); xóa số hiệu đó khỏi danh sách") in lines
    assert site.run("check", "--lang", "en") == 1
    assert ("content/van-ban/kh.md:6: error: `implements` names the document itself "
            "(157-KH/TU); remove it from the list") in capsys.readouterr().err.splitlines()


def test_messy_spelling_in_front_matter_is_canonicalised_not_an_error(make_site) -> None:
    site = make_site({**CITED_DIRECTIVES, "content/tin-tuc/bai.md": article(
        directives='["57 - kl/tw", "Số 94-KH /HU"]')})
    assert site.build() == 0
    html = site.read("vi/tin-tuc/bai/index.html")
    assert 'href="/vi/van-ban/ket-luan-57/"' in html and 'href="/vi/van-ban/ke-hoach-94/"' in html


def test_text_that_is_no_number_is_an_error(make_site, capsys) -> None:
    site = make_site({**CITED_DIRECTIVES,
                      "content/tin-tuc/bai.md": article(directives='["Kết luận 57"]'),
                      "content/van-ban/sai.md": directive("15/6/2023", "Sai", "Huyện ủy",
                                                          "2023-06-15")})
    assert site.run("check") == 1
    lines = capsys.readouterr().err.splitlines()
    assert ("content/tin-tuc/bai.md:6: error: `directives` item 'Kết luận 57' is not a "
            "directive number such as 57-KL/TW, 06-HD/ĐUK or 362/QĐ-TTg") in lines
    assert ("content/van-ban/sai.md:2: error: `number` '15/6/2023' is not a directive number "
            "such as 57-KL/TW, 06-HD/ĐUK or 362/QĐ-TTg") in lines


def test_two_files_with_one_number_is_an_error_naming_both(make_site, capsys) -> None:
    site = make_site({**CITED_DIRECTIVES, "content/van-ban/trung.md": directive(
        "57-kl/tw", "Bản sao", "Bộ Chính trị", "2023-06-15")})
    assert site.build() == 1
    message = ("error: directive 57-KL/TW is registered twice: content/van-ban/ket-luan-57.md "
               "and content/van-ban/trung.md; one number, one file: delete one of them or "
               "correct its `number`")
    lines = capsys.readouterr().err.splitlines()
    assert f"content/van-ban/ket-luan-57.md:2: {message}" in lines
    assert f"content/van-ban/trung.md:2: {message}" in lines


def test_a_translation_keeps_its_originals_number(make_site, capsys) -> None:
    site = make_site({**CITED_DIRECTIVES, "content/van-ban/ket-luan-57.en.md":
                      '---\ntitle: "Conclusion 57"\nnumber: "58-KL/TW"\n---\n'})
    assert site.run("check") == 1
    assert ("content/van-ban/ket-luan-57.en.md:3: error: `number` 58-KL/TW differs from the "
            "original's 57-KL/TW in content/van-ban/ket-luan-57.md; a translation may leave "
            "`number` out") in capsys.readouterr().err.splitlines()


def test_implements_loop_is_an_error(make_site, capsys) -> None:
    site = make_site({
        "content/van-ban/a.md": directive("1-KH/HU", "A", "Huyện ủy", "2023-01-01",
                                          implements='["2-KH/HU"]'),
        "content/van-ban/b.md": directive("2-KH/HU", "B", "Huyện ủy", "2023-01-02",
                                          implements='["1-KH/HU"]'),
    })
    assert site.run("check") == 1
    assert ("content/van-ban/a.md:6: error: `implements` goes round in a loop: "
            "1-KH/HU → 2-KH/HU → 1-KH/HU; remove the link that is wrong from one of these "
            "documents") in capsys.readouterr().err.splitlines()


def test_draft_directive_is_registered_but_not_linked(make_site) -> None:
    site = make_site({
        "content/van-ban/nhap.md": directive("5-KH/HU", "Nháp", "Huyện ủy", "2023-01-01",
                                             draft="true"),
        "content/tin-tuc/bai.md": article(directives='["5-KH/HU"]', body="Theo 5-KH/HU.\n"),
    })
    assert site.build() == 0
    html = site.read("vi/tin-tuc/bai/index.html")
    assert "van-ban/nhap" not in html and "Nháp" not in html


def test_pages_carry_canonical_numbers_so_related_articles_match(make_site) -> None:
    site = make_site({**CITED_DIRECTIVES,
                      "content/tin-tuc/mot.md": article("Một", directives='["57 - kl/tw"]'),
                      "content/tin-tuc/hai.md": article("Hai", directives='["57-KL/TW"]',
                                                        category="van-hoa-du-lich")})
    assert site.build() == 0
    related = site.read("vi/tin-tuc/mot/index.html").split('<section class="related"', 1)[1]
    assert 'href="/vi/tin-tuc/hai/"' in related.split("</section>", 1)[0]


def test_each_implements_loop_is_reported_once_and_a_diamond_is_no_loop(make_site,
                                                                      capsys) -> None:
    site = make_site({
        **DIAMOND,
        "content/van-ban/x.md": directive("7-KH/HU", "X", "Huyện ủy", "2023-01-05",
                                          implements='["9-KH/HU"]'),
        "content/van-ban/y.md": directive("8-KH/HU", "Y", "Huyện ủy", "2023-01-06",
                                          implements='["7-KH/HU"]'),
        "content/van-ban/z.md": directive("9-KH/HU", "Z", "Huyện ủy", "2023-01-07",
                                          implements='["8-KH/HU"]'),
    })
    assert site.run("check") == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if ": error: " in line]
    assert errors == ["content/van-ban/x.md:6: error: `implements` goes round in a loop: "
                      "7-KH/HU → 9-KH/HU → 8-KH/HU → 7-KH/HU; remove the link that is wrong "
                      "from one of these documents"]
