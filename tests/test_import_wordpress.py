"""`build.py import wordpress`: a WordPress export (WXR) of a small district site moved
into a site, file by file, with the NukeViet import's machinery (staging, manifest,
warnings, media, aliases)."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from pathlib import Path

import frontmatter
import pytest
from PIL import Image

from tests.conftest import MINIMAL_CONFIG, SiteDir
from tests.wordpress_site import ATOM, RSS, file_lines, refused, wxr

Imported = tuple[SiteDir, int, list[str], Path]


def read(site: SiteDir, relative: str) -> frontmatter.Post:
    return frontmatter.loads((site.root / relative).read_text(encoding="utf-8"))


@pytest.fixture
def uploads(tmp_path: Path) -> Path:
    folder = tmp_path / "uploads"
    (folder / "2023/08").mkdir(parents=True)
    Image.new("RGB", (64, 48), (200, 120, 40)).save(folder / "2023/08/khai-mac.jpg")
    (folder / "2023/06").mkdir(parents=True)
    (folder / "2023/06/qd-12.pdf").write_bytes(b"%PDF-1.4")
    return folder


@pytest.fixture
def wordpress(make_site: Callable[..., SiteDir], tmp_path: Path, uploads: Path,
              capsys: pytest.CaptureFixture[str]) -> Imported:
    site = make_site()
    source = tmp_path / "gocongtay.WordPress.2026-11-20.xml"
    source.write_text(wxr(), encoding="utf-8")
    capsys.readouterr()
    status = site.run("import", "wordpress", str(source), "--uploads", str(uploads),
                      "--quiet")
    return site, status, file_lines(capsys.readouterr().err, source), source


def test_posts_pages_and_attachments_become_files_with_the_nukeviet_mapping(
        wordpress: Imported) -> None:
    site, status, err, source = wordpress
    assert status == 0
    post = read(site, "content/tin-tuc/khai-mac-le-hoi.md")
    assert post.metadata == {
        "title": "Khai mạc Lễ hội truyền thống “Trương Định”",
        "date": "2023-09-01 00:14",  # post_date_gmt 2023-08-31 17:14 in Asia/Ho_Chi_Minh
        "author": "tran-thi-mai", "category": "tin-hoat-dong",
        "summary": "Lễ hội diễn ra từ ngày 31/8.", "tags": ["lễ hội", "Văn hóa - Du lịch"],
        "image": {"src": "/images/2023/08/khai-mac.jpg", "alt": "Sân khấu lễ khai mạc"},
        "aliases": ["/2023/09/01/khai-mac-le-hoi/",
                    "/2023/09/01/khai-mac-le-hoi-truyen-thong/"]}  # and its old slug
    assert (site.root / "assets/images/2023/08/khai-mac.jpg").read_bytes() == (
        source.parent / "uploads/2023/08/khai-mac.jpg").read_bytes()
    assert (site.root / "assets/files/2023/06/qd-12.pdf").read_bytes() == b"%PDF-1.4"
    # the classic editor's text: paragraphs by blank lines, a newline a line break
    assert post.content == (
        "Tối 31/8, tại khu di tích Trương Định, huyện Gò Công Tây long trọng khai mạc Lễ hội "
        "truyền thống.\\\nLễ hội diễn ra suốt **ba ngày**.\n\n"
        "![Quang cảnh lễ khai mạc](/images/2023/08/khai-mac.jpg)\n\n"
        "*Quang cảnh lễ khai mạc*\n\n"
        "Xem thêm [hội nghị dân vận](hoi-nghi-dan-van.md) và "
        "[Quyết định 12/QĐ-UBND](/files/2023/06/qd-12.pdf).\n\n"
        '\\[gallery ids="31"\\]\n\n'
        # the embedded player: the site's click-to-play video, with nothing lost
        "![Lễ hội Trương Định](https://www.youtube.com/watch?v=Xy12ab34CDE)")
    block = read(site, "content/tin-tuc/hoi-nghi-dan-van.md")
    assert (block.metadata["author"], block.metadata["category"]) == ("minh-tam", "xa-binh-nhi")
    assert block.content == ("Hội nghị biểu dương 12 mô hình dân vận khéo.\n\n"
                             "- Xã Bình Nhì: 4 mô hình\n- Xã Long Bình: 3 mô hình")
    page = read(site, "content/gioi-thieu/lich-su-huyen.md")
    assert page.metadata == {"title": "Lịch sử huyện Gò Công Tây",
                             "summary": "Vùng đất giàu truyền thống.",
                             "aliases": ["/gioi-thieu/lich-su-huyen/"]}
    assert page.content == ("## Tên đất\n\nGò Công là vùng đất cổ.\n\n"
                            "Nay thuộc tỉnh Tiền Giang.")
    assert (site.root / "content/authors/tran-thi-mai.toml").read_text(encoding="utf-8") == (
        'name = "Trần Thị Mai"\n')
    assert (site.root / "config.toml").read_text(encoding="utf-8") == MINIMAL_CONFIG + (
        '\n[categories.tin-hoat-dong]\nname = { vi = "Tin hoạt động" }\n'
        '\n[categories.xa-binh-nhi]\nname = { vi = "Xã Bình Nhì" }\n'
        '\n[categories.tin-tuc]\nname = { vi = "Tin tức" }\n')


def test_what_the_old_site_did_not_show_is_not_published(wordpress: Imported) -> None:
    site, _status, err, _source = wordpress
    draft = read(site, "content/tin-tuc/bai-dang-soan.md").metadata
    assert draft["draft"] is True and "aliases" not in draft  # its link was /?p=26
    private = read(site, "content/tin-tuc/ke-hoach-noi-bo.md").metadata
    assert private["internal"] is True
    scheduled = read(site, "content/tin-tuc/le-hoi-ky-yen-2027.md").metadata
    assert scheduled["date"] == "2027-01-10 08:00" and "draft" not in scheduled
    assert not list(site.root.glob("content/tin-tuc/bai-da-xoa*"))  # in the trash
    assert not list(site.root.glob("content/*/trang-chu*"))  # a menu item
    assert err == [
        "FILE:31: warning: content/tin-tuc/khai-mac-le-hoi.md: WordPress shortcodes cannot "
        "be shown from Markdown, their text was kept as it is: [gallery]",
        'FILE:168: warning: /?p=29: "Bài đã xóa" has the status trash (trash, or not a post '
        "WordPress showed): not imported",
        "imported: 5 articles (1 drafts, 1 scheduled, 0 expired), 1 pages, 0 documents, "
        "2 files from uploads, 2 new authors, 3 new categories",
        "files: 9 new, 0 updated, 0 unchanged, 0 left as they were (edited since the last "
        "import, or not written by it)",
        "1 warning: what Markdown cannot hold",
        "1 warning: items not imported",
        "5 old addresses of lists (categories, tags, feeds) lead to the site's lists: "
        "content/aliases.toml",
        "old addresses not kept (no Bantin page or list stands for them): addresses with a "
        "query string 6; listed in .bantin-import.json"]
    not_kept = json.loads((site.root / ".bantin-import.json").read_text())["not_kept"]
    assert not_kept["/?p=24"] == not_kept["/?page_id=30"] == "query"
    moved = tomllib.loads((site.root / "content/aliases.toml").read_text(encoding="utf-8"))
    assert moved == {
        "/category/tin-hoat-dong/": "/vi/category/tin-hoat-dong/",
        "/category/xã-bình-nhì/": "/vi/category/xa-binh-nhi/",
        # a category no post has first: the tag its name is on the posts
        "/category/van-hoa-du-lich/": "/vi/tag/van-hoa-du-lich/",
        "/tag/le-hoi/": "/vi/tag/le-hoi/", "/feed/": "/vi/atom.xml"}


def test_a_second_run_keeps_an_edited_file_and_a_dry_run_writes_nothing(
        wordpress: Imported, capsys: pytest.CaptureFixture[str]) -> None:
    site, _status, _err, source = wordpress
    edited = site.root / "content/tin-tuc/hoi-nghi-dan-van.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nThêm.\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in site.root.rglob("*") if p.is_file()}
    assert site.run("import", "wordpress", str(source), "--dry-run") == 0
    assert {p: p.read_bytes() for p in site.root.rglob("*") if p.is_file()} == before
    assert site.run("import", "wordpress", str(source)) == 0  # no --uploads this time
    err = file_lines(capsys.readouterr().err, source)
    assert "FILE:73: warning: content/tin-tuc/hoi-nghi-dan-van.md: changed since it was " \
        "imported, or not written by an import: left as it is" in err
    assert "files: 0 new, 0 updated, 6 unchanged, 1 left as they were (edited since the " \
        "last import, or not written by it)" in err
    assert edited.read_text(encoding="utf-8").endswith("Thêm.\n")
    assert not (site.root / "content/tin-tuc/khai-mac-le-hoi-24.md").exists()


def test_the_imported_site_passes_check_and_its_old_addresses_redirect(
        wordpress: Imported) -> None:
    site, _status, _err, _source = wordpress
    assert site.run("check") == 0
    assert site.build("--no-search") == 0
    rules = site.read("_redirects").splitlines()
    for old, page in (("/2023/09/01/khai-mac-le-hoi/", "/vi/tin-tuc/khai-mac-le-hoi/"),
                      ("/2023/09/01/khai-mac-le-hoi-truyen-thong/",
                       "/vi/tin-tuc/khai-mac-le-hoi/"),
                      ("/gioi-thieu/lich-su-huyen/", "/vi/gioi-thieu/lich-su-huyen/")):
        assert f"{old} {page} 301!" in rules
        assert f'content="0; url={page}"' in site.read(old.lstrip("/") + "index.html")
    assert not site.exists("2026/11/20/ke-hoach-noi-bo/index.html")  # internal: none


def test_an_attachment_outside_the_uploads_folder_is_not_read(
        make_site: Callable[..., SiteDir], tmp_path: Path, uploads: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    secret = tmp_path / "secret.jpg"
    Image.new("RGB", (8, 8)).save(secret)
    text = wxr().replace("[2023/06/qd-12.pdf]", "[../../../../../../etc/hostname]")
    (uploads / "2023/08/khai-mac.jpg").unlink()
    (uploads / "2023/08/khai-mac.jpg").symlink_to(secret)  # a link out of uploads/
    source = tmp_path / "export.xml"
    source.write_text(text, encoding="utf-8")
    site = make_site()
    capsys.readouterr()
    assert site.run("import", "wordpress", str(source), "--uploads", str(uploads)) == 0
    err = capsys.readouterr().err
    written = [p for p in site.root.rglob("*") if p.is_file()]
    assert not any(p.name == "hostname" or p.read_bytes() == secret.read_bytes()
                   for p in written)
    assert "../../../../../etc/hostname is not a file of the uploads folder: left out" in err
    assert "2023/08/khai-mac.jpg is not a file of the uploads folder: left out" in err


@pytest.mark.parametrize(("source", "text", "expected"), [
    ("wordpress", "hello, this is not XML\n",
     "FILE:1: error: this is not an XML file, so not a WordPress export (WXR)"),
    ("wordpress", None,
     "FILE:81: error: this is not well-formed XML (unclosed CDATA section): the file is "
     "damaged or cut short; save a WordPress export (WXR) again"),
    ("wordpress", RSS, "FILE:10: error: this is an RSS feed, not a WordPress export (it has "
     "no <wp:wxr_version>): export the site from Tools → Export, or import the feed with "
     "`import feed`"),
    ("wordpress", ATOM, "FILE:2: error: this is an Atom feed, not a WordPress export: import "
     "it with `import feed`"),
])
def test_bad_input_is_an_error_line_and_nothing_is_written(
        make_site: Callable[..., SiteDir], tmp_path: Path,
        capsys: pytest.CaptureFixture[str], source: str, text: str | None,
        expected: str) -> None:
    assert refused(make_site(), tmp_path, capsys, source, text) == [
        expected, "nothing was imported"]
