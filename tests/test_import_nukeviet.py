"""`build.py import nukeviet`: a small NukeViet 4 portal moved into a site, file by file."""

from __future__ import annotations

import gzip
import json
import re
import tomllib
from collections.abc import Callable
from datetime import date
from pathlib import Path

import frontmatter
import pytest
from PIL import Image

from tests.conftest import SiteDir
from tests.nukeviet_portal import (
    CAT,
    CONFIG,
    DETAIL,
    LAW_CAT,
    LAW_ROW,
    LAW_SUBJECT,
    MODULES,
    PAGE,
    ROWS,
    SIGNER,
    TAGS,
    TAGS_ID,
    dump,
)

WORD_BODY = (
    '<p class="MsoNormal" style="text-align:justify"><span style="font-size:14.0pt;'
    'font-family:&quot;Times New Roman&quot;">Tối 31&#x002F;8, tại khu di tích Trương Định, '
    'huyện Gò Công Tây long trọng khai mạc Lễ hội&nbsp;&nbsp;truyền thống.<o:p></o:p></span></p>'
    '<p>&nbsp;</p><p><strong>Nhiều hoạt động </strong>văn hóa<br /><br /><br />diễn ra suốt '
    '<em>ba ngày</em>.</p>'
    '<figure class="image"><img src="/uploads/news/2023_08/khai-mac.jpg" alt="" />'
    '<figcaption>Quang cảnh lễ khai mạc</figcaption></figure>'
    '<table border="1"><tbody><tr><td>Xã</td><td>Số đội</td></tr>'
    '<tr><td>Bình Nhì</td><td>4</td></tr></tbody></table>'
    '<p><iframe width="560" height="315" src="https://www.youtube.com/embed/Xy12ab34CDE" '
    'title="Lễ hội Trương Định"></iframe></p>'
    '<p><img src="/uploads/news/2023_08/khong-co.jpg" alt="Ảnh đã mất" /></p>'
    '<p>Xem thêm <a href="/tin-tuc/tin-hoat-dong/hoi-nghi-dan-van-25.html">'
    'hội nghị dân vận</a>.</p>'
)


def portal() -> str:
    news_cat = [
        {"catid": 1, "title": "Tin hoạt động", "alias": "tin-hoat-dong", "status": 1},
        {"catid": 2, "title": "Văn hóa - Du lịch", "alias": "van-hoa-du-lich", "status": 1},
    ]
    base = {"admin_id": 1, "inhome": 1, "allowed_rating": 1}
    rows = [
        {**base, "id": 24, "catid": 1, "listcatid": "1,2", "status": 1,
         "author": "Đ/c Hồ Văn Hùng - UVBTV - Trưởng Ban Tuyên giáo",
         "addtime": 1693502040, "publtime": 1693502040,
         "title": "Khai mạc Lễ hội truyền thống &quot;Trương Định&quot;",
         "alias": "khai-mac-le-hoi", "hometext": "Lễ hội diễn ra từ ngày 31&#x002F;8.",
         "homeimgfile": "2023_08/khai-mac.jpg", "homeimgalt": "Sân khấu lễ khai mạc",
         "homeimgthumb": 1, "total_rating": 9, "click_rating": 2},
        {**base, "id": 25, "catid": 1, "listcatid": "1", "status": 1,
         "author": "Minh Tâm", "addtime": 1692837000, "publtime": 1692837000,
         "title": "Hội nghị dân vận khéo", "alias": "hoi-nghi-dan-van",
         "hometext": "Biểu dương các mô hình dân vận khéo.", "total_rating": 12,
         "click_rating": 2},
        {**base, "id": 26, "catid": 2, "listcatid": "2", "status": 4, "author": "",
         "addtime": 1790910300, "publtime": 1790910300,
         "title": "Bài đang soạn", "alias": "bai-dang-soan", "hometext": ""},
        {**base, "id": 27, "catid": 2, "listcatid": "2", "status": 2, "author": "Minh Tâm",
         "addtime": 1790910300, "publtime": 1799542800,
         "title": "Lễ hội Kỳ Yên 2027", "alias": "le-hoi-ky-yen-2027", "hometext": ""},
        {**base, "id": 28, "catid": 1, "listcatid": "1", "status": 1, "author": "Minh Tâm",
         "addtime": 1678845600, "publtime": 1678845600, "exptime": 1704042000, "archive": 1,
         "title": "Thông báo lịch tiếp dân quý I", "alias": "lich-tiep-dan", "hometext": ""},
    ]
    detail = [
        {"id": 24, "bodyhtml": WORD_BODY, "imgposition": 1},
        {"id": 25, "bodyhtml": "<p>Hội nghị biểu dương 12 mô hình.</p>"},
        {"id": 26, "bodyhtml": "<p>Chưa xong.</p>"},
        {"id": 27, "bodyhtml": "<p>Chương trình lễ hội năm 2027.</p>"},
        {"id": 28, "bodyhtml": "<p>Lịch tiếp dân.</p>"},
    ]
    local_cat = [{"catid": 1, "title": "Xã Bình Nhì", "alias": "xa-binh-nhi", "status": 1}]
    local_rows = [{**base, "id": 3, "catid": 1, "listcatid": "1", "status": 1,
                   "author": "Lê Hoàng Phúc (Phòng VH-TT)", "addtime": 1746428400,
                   "publtime": 1746428400, "title": "Bình Nhì ra mắt tổ tự quản",
                   "alias": "binh-nhi-ra-mat-to-tu-quan", "hometext": "Tổ tự quản mới."}]
    en_rows = [{**base, "id": 2, "catid": 1, "listcatid": "1", "status": 1, "author": "",
                "addtime": 1693502040, "publtime": 1693502040,
                "title": "Truong Dinh Festival opens", "alias": "khai-mac-le-hoi",
                "hometext": "The festival runs for three days."}]
    en_cat = [{"catid": 1, "title": "Activities", "alias": "tin-hoat-dong", "status": 1}]
    modules = [
        {"title": "tin-tuc", "module_file": "news", "module_data": "news",
         "module_upload": "news", "custom_title": "Tin tức", "act": 1},
        {"title": "tin-dia-phuong", "module_file": "news", "module_data": "tin_dia_phuong",
         "module_upload": "tin-dia-phuong", "custom_title": "Tin địa phương", "act": 1},
        {"title": "gioi-thieu", "module_file": "page", "module_data": "about",
         "module_upload": "about", "custom_title": "Giới thiệu", "act": 1},
        {"title": "van-ban", "module_file": "laws", "module_data": "laws",
         "module_upload": "laws", "custom_title": "Văn bản", "act": 1},
        {"title": "users", "module_file": "users", "module_data": "users",
         "module_upload": "users", "custom_title": "Thành viên", "act": 1},
    ]
    return dump([
        ("nv4_config", CONFIG, [
            {"lang": "sys", "module": "global", "config_name": "rewrite_op_mod",
             "config_value": "tin-tuc"},
            {"lang": "sys", "module": "global", "config_name": "rewrite_exturl",
             "config_value": ".html"}]),
        ("nv4_en_modules", MODULES, [{**modules[0], "title": "news", "custom_title": "News"}]),
        ("nv4_en_news_cat", CAT, en_cat),
        ("nv4_en_news_detail", DETAIL, [{"id": 2, "bodyhtml": "<p>Three days of music.</p>"}]),
        ("nv4_en_news_rows", ROWS, en_rows),
        ("nv4_vi_about", PAGE, [{
            "id": 1, "title": "Lịch sử huyện Gò Công Tây", "alias": "lich-su-huyen",
            "description": "Vùng đất giàu truyền thống.", "status": 1,
            "bodytext": "<h2>Tên đất</h2><p>Gò Công là vùng đất cổ.</p>"}]),
        ("nv4_vi_laws_cat", LAW_CAT, [{"id": 1, "alias": "quyet-dinh", "title": "Quyết định"}]),
        ("nv4_vi_laws_row", LAW_ROW, [{
            "id": 12, "title": "Quyết định ban hành Quy chế thông tin đối ngoại",
            "alias": "quyet-dinh-ban-hanh-quy-che-12", "code": "12/QĐ-UBND", "cid": 1,
            "sid": 1, "sgid": 1, "introtext": "Về việc ban hành Quy chế thông tin đối ngoại",
            "bodytext": "", "files": "2023_06/qd-12.pdf", "status": 1,
            "publtime": 1686762000, "startvalid": 1688144400, "groups_view": "6"}]),
        ("nv4_vi_laws_signer", SIGNER, [{"id": 1, "title": "Nguyễn Văn Thành",
                                         "positions": "Chủ tịch UBND huyện"}]),
        ("nv4_vi_laws_subject", LAW_SUBJECT, [{"id": 1, "alias": "ubnd-huyen",
                                               "title": "UBND huyện Gò Công Tây"}]),
        ("nv4_vi_modules", MODULES, modules),
        ("nv4_vi_news_cat", CAT, news_cat),
        ("nv4_vi_news_detail", DETAIL, detail),
        ("nv4_vi_news_rows", ROWS, rows),
        ("nv4_vi_news_tags", TAGS, [{"tid": 1, "title": "lễ hội", "alias": "lễ-hội"}]),
        ("nv4_vi_news_tags_id", TAGS_ID, [{"id": 24, "tid": 1, "keyword": "lễ hội"}]),
        ("nv4_vi_tin_dia_phuong_cat", CAT, local_cat),
        ("nv4_vi_tin_dia_phuong_detail", DETAIL, [{"id": 3, "bodyhtml": "<p>Tổ có 9 hộ.</p>"}]),
        ("nv4_vi_tin_dia_phuong_rows", ROWS, local_rows),
    ])


@pytest.fixture
def imported(make_site: Callable[..., SiteDir], tmp_path: Path,
             capsys: pytest.CaptureFixture[str]) -> tuple[SiteDir, int, str, Path]:
    site = make_site()
    source = tmp_path / "portal.sql"
    source.write_text(portal(), encoding="utf-8")
    uploads = tmp_path / "uploads"
    (uploads / "news/2023_08").mkdir(parents=True)
    Image.new("RGB", (64, 48), (200, 120, 40)).save(uploads / "news/2023_08/khai-mac.jpg")
    (uploads / "laws/2023_06").mkdir(parents=True)
    (uploads / "laws/2023_06/qd-12.pdf").write_bytes(b"%PDF-1.4")
    capsys.readouterr()
    status = site.run("import", "nukeviet", str(source), "--uploads", str(uploads), "--quiet")
    return site, status, capsys.readouterr().err, source


def read(site: SiteDir, relative: str) -> frontmatter.Post:
    return frontmatter.loads((site.root / relative).read_text(encoding="utf-8"))


def lines(err: str, source: Path) -> list[str]:
    return [line.replace(str(source), "DUMP") for line in err.splitlines()]


def test_articles_keep_what_the_old_site_showed_and_hide_the_rest(
        imported: tuple[SiteDir, int, str, Path]) -> None:
    site, status, _err, source = imported
    assert status == 0
    post = read(site, "content/tin-tuc/khai-mac-le-hoi.md")
    assert {k: v for k, v in post.metadata.items() if k != "aliases"} == {
        "title": 'Khai mạc Lễ hội truyền thống "Trương Định"',
        "date": "2023-09-01 00:14", "author": "ho-van-hung", "category": "tin-hoat-dong",
        "summary": "Lễ hội diễn ra từ ngày 31/8.", "tags": ["lễ hội", "Văn hóa - Du lịch"],
        "rating": {"points": 9, "votes": 2},
        "image": {"src": "/images/news/2023_08/khai-mac.jpg", "alt": "Sân khấu lễ khai mạc"}}
    copied = site.root / "assets/images/news/2023_08/khai-mac.jpg"
    assert copied.read_bytes() == (source.parent / "uploads/news/2023_08/khai-mac.jpg").read_bytes()
    assert "rating" not in read(site, "content/tin-tuc/hoi-nghi-dan-van.md").metadata
    draft = read(site, "content/tin-tuc/bai-dang-soan.md").metadata
    assert draft["draft"] is True and draft["author"] == "ban-bien-tap"
    scheduled = read(site, "content/tin-tuc/le-hoi-ky-yen-2027.md").metadata
    assert scheduled["date"] == "2027-01-10 08:00" and "draft" not in scheduled
    expired = read(site, "content/tin-tuc/lich-tiep-dan.md").metadata
    assert expired["expires"] == "2024-01-01 00:00"
    local = read(site, "content/tin-tuc/binh-nhi-ra-mat-to-tu-quan.md").metadata
    assert (local["category"], local["author"]) == ("xa-binh-nhi", "le-hoang-phuc")
    assert (site.root / "content/authors/ho-van-hung.toml").read_text(encoding="utf-8") == (
        'name = "Hồ Văn Hùng"\n\n[role]\nvi = "UVBTV - Trưởng Ban Tuyên giáo"\n')
    # NukeViet's English site is not a translation of the Vietnamese one: its own file
    english = read(site, "content/tin-tuc/khai-mac-le-hoi-2.en.md").metadata
    assert (english["title"], english["category"]) == ("Truong Dinh Festival opens",
                                                       "tin-hoat-dong")


def test_a_word_pasted_body_becomes_clean_markdown_and_each_loss_is_said(
        imported: tuple[SiteDir, int, str, Path]) -> None:
    site, _status, err, source = imported
    assert read(site, "content/tin-tuc/khai-mac-le-hoi.md").content == (
        "Tối 31/8, tại khu di tích Trương Định, huyện Gò Công Tây long trọng khai mạc Lễ hội "
        "truyền thống.\n\n"
        "**Nhiều hoạt động** văn hóa\n\n"
        "diễn ra suốt *ba ngày*.\n\n"
        "![Quang cảnh lễ khai mạc](/images/news/2023_08/khai-mac.jpg)\n\n"
        "*Quang cảnh lễ khai mạc*\n\n"
        "| Xã | Số đội |\n| --- | --- |\n| Bình Nhì | 4 |\n\n"
        "![Lễ hội Trương Định](https://www.youtube.com/watch?v=Xy12ab34CDE)\n\n"
        "Xem thêm [hội nghị dân vận](hoi-nghi-dan-van.md).")
    # the YouTube iframe is the site's click-to-play video: nothing lost, nothing to say
    assert "iframe" not in err
    assert lines(err, source)[:2] == [
        "DUMP:557: warning: content/tin-tuc/khai-mac-le-hoi.md: uploads/news/2023_08/"
        "khong-co.jpg is not in the uploads folder given: left out",
        "DUMP:558: warning: content/tin-tuc/hoi-nghi-dan-van.md: the rating (12 points, 2 "
        "votes) is not possible with 1 to 5 stars a vote: left out"]


@pytest.mark.parametrize(("frame", "markdown"), [
    ('<iframe src="https://www.youtube.com/embed/Xy12ab34CDE?start=30" title="Hội thi *đờn ca*">'
     "</iframe>", "![Hội thi \\*đờn ca\\*](https://www.youtube.com/watch?v=Xy12ab34CDE&t=30s)"),
    ('<iframe src="//www.youtube-nocookie.com/embed/Xy12ab34CDE" allowfullscreen></iframe>',
     "![Khai mạc lễ hội (video)](https://www.youtube.com/watch?v=Xy12ab34CDE)"),
    ('<p><iframe src="https://youtu.be/Xy12ab34CDE?t=1m" title=" "></iframe></p>',
     "![Khai mạc lễ hội (video)](https://www.youtube.com/watch?v=Xy12ab34CDE&t=60s)"),
])
def test_a_youtube_iframe_becomes_the_video_form(frame: str, markdown: str) -> None:
    from bantin.core.html_markdown import html_to_markdown

    converted = html_to_markdown(frame, title="Khai mạc lễ hội")
    assert (converted.markdown, converted.losses) == (markdown + "\n", [])


@pytest.mark.parametrize(("frame", "link"), [
    ('<iframe src="https://www.youtube.com/embed/videoseries?list=PL1" title="Cả loạt">'
     "</iframe>", "[Cả loạt](https://www.youtube.com/embed/videoseries?list=PL1)"),
    ('<iframe src="https://www.youtube.com/embed/Xy12ab34CD"></iframe>',
     "[Video](https://www.youtube.com/embed/Xy12ab34CD)"),
    ('<iframe src="https://www.facebook.com/plugins/video.php?href=x" title="Facebook">'
     "</iframe>", "[Facebook](https://www.facebook.com/plugins/video.php?href=x)"),
])
def test_any_other_iframe_stays_a_link_with_a_warning(frame: str, link: str) -> None:
    from bantin.core.html_markdown import html_to_markdown

    converted = html_to_markdown(frame, title="Khai mạc lễ hội")
    src = link.rsplit("(", 1)[1].rstrip(")")
    assert converted.markdown == link + "\n"
    assert [str(loss) for loss in converted.losses] == [
        f"an embedded <iframe> ({src}) cannot be shown from Markdown: it became a link"]


def test_every_old_address_of_an_article_is_an_alias(
        imported: tuple[SiteDir, int, str, Path]) -> None:
    site, _status, _err, _source = imported
    aliases = read(site, "content/tin-tuc/khai-mac-le-hoi.md").metadata["aliases"]
    for old in ("/tin-hoat-dong/khai-mac-le-hoi-24.html",
                "/vi/tin-tuc/tin-hoat-dong/khai-mac-le-hoi-24.html",
                "/tin-tuc/tin-hoat-dong/khai-mac-le-hoi-24.html",
                "/tin-tuc/van-hoa-du-lich/khai-mac-le-hoi-24.html",  # its other category
                "/tin-tuc/tin-hoat-dong/khai-mac-le-hoi-24/",  # NukeViet 3
                "/tin-tuc/print/tin-hoat-dong/khai-mac-le-hoi-24.html"):
        assert old in aliases
    assert len(aliases) == len(set(aliases)) == 24
    assert all(a.startswith("/") and "?" not in a and "#" not in a for a in aliases)
    # the module the site's addresses left out is tin-tuc only
    local = read(site, "content/tin-tuc/binh-nhi-ra-mat-to-tu-quan.md").metadata["aliases"]
    assert "/tin-dia-phuong/xa-binh-nhi/binh-nhi-ra-mat-to-tu-quan-3.html" in local
    assert "/xa-binh-nhi/binh-nhi-ra-mat-to-tu-quan-3.html" not in local
    document = read(site, "content/van-ban/quyet-dinh-12-qd-ubnd.md").metadata
    assert document["aliases"] == ["/van-ban/detail/quyet-dinh-ban-hanh-quy-che-12/",
                                   "/vi/van-ban/detail/quyet-dinh-ban-hanh-quy-che-12/"]
    page = read(site, "content/gioi-thieu/lich-su-huyen.md").metadata
    assert page["aliases"] == ["/gioi-thieu/lich-su-huyen.html",
                               "/vi/gioi-thieu/lich-su-huyen.html"]
    manifest = json.loads((site.root / ".bantin-import.json").read_text(encoding="utf-8"))
    # the lists' old addresses lead to the site's lists (content/aliases.toml)
    moved = tomllib.loads((site.root / "content/aliases.toml").read_text(encoding="utf-8"))
    assert moved["/tin-tuc/tag/lễ-hội"] == "/vi/tag/le-hoi/"
    assert moved["/tin-tuc/tin-hoat-dong/"] == "/vi/category/tin-hoat-dong/"
    assert moved["/tin-tuc/rss/tin-hoat-dong/"] == "/vi/category/tin-hoat-dong/atom.xml"
    assert moved["/tin-tuc/rss/"] == "/vi/atom.xml"
    # the old modules' addresses that are this site's sections' are left to them
    assert "/vi/tin-tuc/" not in moved and "/en/news/" not in moved
    assert moved["/news/"] == "/en/news/"
    assert all(kind in ("query", "collision") for kind in manifest["not_kept"].values())


def test_a_legal_document_becomes_a_directive_with_its_file(
        imported: tuple[SiteDir, int, str, Path]) -> None:
    site, _status, _err, _source = imported
    post = read(site, "content/van-ban/quyet-dinh-12-qd-ubnd.md")
    assert {k: v for k, v in post.metadata.items() if k != "aliases"} == {
        "number": "12/QĐ-UBND", "title": "Quyết định ban hành Quy chế thông tin đối ngoại",
        "issuer": "UBND huyện Gò Công Tây", "date": date(2023, 6, 15),
        "kind": "Quyết định",
        "signer": {"title": "Chủ tịch UBND huyện", "name": "Nguyễn Văn Thành"}}
    assert post.content == ("Về việc ban hành Quy chế thông tin đối ngoại\n\n"
                            "- Ngày có hiệu lực: 01/07/2023\n"
                            "- Tệp văn bản: [qd-12.pdf](/files/laws/2023_06/qd-12.pdf)")
    assert (site.root / "assets/files/laws/2023_06/qd-12.pdf").read_bytes() == b"%PDF-1.4"


def test_categories_are_added_to_config_toml_and_nothing_else_changes(
        imported: tuple[SiteDir, int, str, Path]) -> None:
    from tests.conftest import MINIMAL_CONFIG

    site, _status, _err, _source = imported
    assert (site.root / "config.toml").read_text(encoding="utf-8") == (
        MINIMAL_CONFIG + '\n[categories.tin-hoat-dong]\nname = { vi = "Tin hoạt động", '
        'en = "Activities" }\n\n[categories.xa-binh-nhi]\nname = { vi = "Xã Bình Nhì" }\n')


def test_a_second_run_updates_its_files_and_keeps_an_edited_one(
        imported: tuple[SiteDir, int, str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    site, _status, _err, source = imported
    edited = site.root / "content/tin-tuc/hoi-nghi-dan-van.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nThêm một câu.\n",
                      encoding="utf-8")
    config = (site.root / "config.toml").read_text(encoding="utf-8")
    assert site.run("import", "nukeviet", str(source)) == 0  # no --uploads this time
    err = capsys.readouterr().err
    assert edited.read_text(encoding="utf-8").endswith("Thêm một câu.\n")
    assert (site.root / "config.toml").read_text(encoding="utf-8") == config
    assert "DUMP:558: warning: content/tin-tuc/hoi-nghi-dan-van.md: changed since it was " \
        "imported, or not written by an import: left as it is" in lines(err, source)
    # its files again, content/aliases.toml among them
    assert "files: 0 new, 0 updated, 9 unchanged, 1 left as they were" in err
    assert not (site.root / "content/tin-tuc/khai-mac-le-hoi-3.md").exists()


def test_a_dry_run_writes_nothing(make_site: Callable[..., SiteDir], tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site()
    source = tmp_path / "portal.sql.gz"
    source.write_bytes(gzip.compress(portal().encode("utf-8")))
    before = sorted(site.root.rglob("*"))
    assert site.run("import", "nukeviet", str(source), "--dry-run") == 0
    assert sorted(site.root.rglob("*")) == before
    assert "would import: 7 articles (2 drafts, 1 scheduled, 1 expired)" in (
        capsys.readouterr().err)


@pytest.mark.parametrize(("text", "expected"), [
    ("hello\nthis is not SQL\n", "DUMP: error: no CREATE TABLE or INSERT statement: this "
                                 "is not an SQL dump"),
    ("CREATE TABLE `wp_posts` (`ID` int);\nINSERT INTO `wp_posts` VALUES (1);\n",
     "DUMP:1: error: this is a dump of WordPress, not of NukeViet: it has no "
     "<prefix>_<lang>_modules table"),
    (None, "DUMP:"),  # the portal cut short: filled in below
])
def test_bad_input_is_an_error_line_and_nothing_is_written(
        make_site: Callable[..., SiteDir], tmp_path: Path,
        capsys: pytest.CaptureFixture[str], text: str | None, expected: str) -> None:
    site = make_site()
    source = tmp_path / "dump.sql"
    if text is None:
        whole = portal()
        text = whole[:whole.index("Gò Công là vùng")]
        expected = f"DUMP:{text.count(chr(10)) + 1}: error: the dump ends inside a string"
    source.write_text(text, encoding="utf-8")
    before = sorted(site.root.rglob("*"))
    capsys.readouterr()
    assert site.run("import", "nukeviet", str(source)) == 1
    err = lines(capsys.readouterr().err, source)
    assert err[0].startswith(expected) and err[1] == "nothing was imported"
    assert sorted(site.root.rglob("*")) == before


def test_the_imported_portal_builds_and_its_old_addresses_lead_to_the_pages(
        imported: tuple[SiteDir, int, str, Path]) -> None:
    site, _status, _err, _source = imported
    assert site.run("check") == 0
    assert site.build("--no-search") == 0
    # the old page's YouTube iframe: the click-to-play video, nothing framed before a click
    shown = site.read("vi/tin-tuc/khai-mac-le-hoi/index.html")
    assert ('<a class="video-facade" href="https://www.youtube.com/watch?v=Xy12ab34CDE" '
            'data-video="Xy12ab34CDE">') in shown and "<iframe" not in shown
    rules = site.read("_redirects")
    for old, page in (
            ("/tin-hoat-dong/khai-mac-le-hoi-24.html", "/vi/tin-tuc/khai-mac-le-hoi/"),
            ("/tin-tuc/tin-hoat-dong/khai-mac-le-hoi-24/", "/vi/tin-tuc/khai-mac-le-hoi/"),
            ("/gioi-thieu/lich-su-huyen.html", "/vi/gioi-thieu/lich-su-huyen/"),
            ("/van-ban/detail/quyet-dinh-ban-hanh-quy-che-12/",
             "/vi/van-ban/quyet-dinh-12-qd-ubnd/")):
        assert f"{old} {page} 301!" in rules.splitlines()
        redirect = old.lstrip("/") + ("index.html" if old.endswith("/") else "")
        assert f'content="0; url={page}"' in site.read(redirect)


def test_a_hostile_dump_reads_nothing_outside_the_uploads_folder(
        make_site: Callable[..., SiteDir], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A hacked portal's dump naming files out of uploads/ (`..`, an absolute path, a link
    that leads out) gets a warning for each, and nothing of them in the site."""
    secret = tmp_path / "secret.jpg"
    Image.new("RGB", (8, 8)).save(secret)
    text = portal().replace("'2023_08/khai-mac.jpg'", "'../../../../../../etc/passwd.jpg'")
    text = text.replace("2023_06/qd-12.pdf", "/etc/hostname", 1)
    assert "/etc/hostname" in text and "passwd.jpg" in text
    source = tmp_path / "portal.sql"
    source.write_text(text, encoding="utf-8")
    uploads = tmp_path / "uploads"
    (uploads / "news/2023_08").mkdir(parents=True)
    (uploads / "news/2023_08/khai-mac.jpg").symlink_to(secret)  # a link out of uploads/
    site = make_site()
    capsys.readouterr()
    assert site.run("import", "nukeviet", str(source), "--uploads", str(uploads)) == 0
    err = capsys.readouterr().err
    written = [p for p in site.root.rglob("*") if p.is_file()]
    assert not any(p.name in ("passwd.jpg", "hostname") for p in written)
    assert not any(p.read_bytes() == secret.read_bytes() for p in written)
    assert ("../../../../../etc/passwd.jpg is not a file of the uploads folder: left out"
            in err)
    assert "news/2023_08/khai-mac.jpg is not a file of the uploads folder: left out" in err
    # the absolute name is read under uploads/laws/, where there is no such file
    assert "uploads/laws/etc/hostname is not in the uploads folder given: left out" in err


def test_a_log_gets_a_line_per_phase_of_the_import(
        make_site: Callable[..., SiteDir], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A big portal takes a minute: its import says how far it has got (on a terminal a
    line redrawn with the time left; in a log, as here, a line per phase)."""
    source = tmp_path / "portal.sql"
    source.write_text(portal(), encoding="utf-8")
    site = make_site()
    capsys.readouterr()
    assert site.run("import", "nukeviet", str(source)) == 0
    phases = [re.sub(r"[0-9.]+ s$", "N s", line) for line in capsys.readouterr().err.splitlines()
              if line.startswith(("reading the old site", "writing its articles", "moving"))]
    assert phases == ["reading the old site: N s", "writing its articles: 7 in N s",
                      "moving the files into the site: N s"]
    assert site.run("import", "nukeviet", str(source), "--quiet") == 0
    assert "reading the old site" not in capsys.readouterr().err
