"""`build.py import feed`: the RSS 2.0 and Atom feeds of an old site moved into a site,
each item an article, with the NukeViet import's machinery."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import frontmatter
import pytest

from tests.conftest import SiteDir
from tests.wordpress_site import ATOM, RSS, file_lines, refused, wxr


def read(site: SiteDir, relative: str) -> frontmatter.Post:
    return frontmatter.loads((site.root / relative).read_text(encoding="utf-8"))


def test_an_rss_feed_becomes_articles_with_aliases_on_its_own_host(
        make_site: Callable[..., SiteDir], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site()
    source = tmp_path / "feed.rss"
    source.write_text(RSS, encoding="utf-8")
    capsys.readouterr()
    assert site.run("import", "feed", str(source), "--quiet") == 0
    err = file_lines(capsys.readouterr().err, source)
    first = read(site, "content/tin-tuc/khai-mac-le-hoi-truyen-thong-truong-dinh.md")
    assert first.metadata == {
        "title": "Khai mạc Lễ hội truyền thống Trương Định", "date": "2023-09-01 00:14",
        "author": "ho-van-hung", "category": "tin-tuc",
        "summary": "Lễ hội diễn ra từ ngày 31/8.", "tags": ["Tin hoạt động", "lễ hội"],
        "aliases": ["/tin-hoat-dong/khai-mac-le-hoi-24.html"]}
    assert first.content == ("Tối 31/8, huyện Gò Công Tây khai mạc Lễ hội.\n\n"
                             "Xem [hội nghị](hoi-nghi-dan-van-kheo.md).")
    second = read(site, "content/tin-tuc/hoi-nghi-dan-van-kheo.md")
    assert (second.metadata["author"], second.content) == (
        "minh-tam", "Hội nghị biểu dương 12 mô hình dân vận khéo.")
    assert "summary" not in second.metadata  # its description is its text
    elsewhere = read(site, "content/tin-tuc/tin-tu-bao-tinh.md").metadata
    assert "aliases" not in elsewhere  # on another host
    assert (site.root / "content/authors/ho-van-hung.toml").read_text(encoding="utf-8") == (
        'name = "Hồ Văn Hùng"\n\n[role]\nvi = "UVBTV - Trưởng Ban Tuyên giáo"\n')
    assert err[0] == ("FILE:34: warning: content/tin-tuc/thong-bao-lich-tiep-dan.md: the item "
                      "has no date (pubDate, published or updated): given the time of the "
                      "import")
    assert err[1].startswith("imported: 4 articles (0 drafts, 0 scheduled, 0 expired)")
    assert site.run("check") == 0


def test_an_atom_feed_becomes_articles(make_site: Callable[..., SiteDir], tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site()
    source = tmp_path / "atom.xml"
    source.write_text(ATOM, encoding="utf-8")
    assert site.run("import", "feed", str(source), "--quiet") == 0
    post = read(site, "content/tin-tuc/binh-nhi-ra-mat-to-tu-quan-an-ninh.md")
    assert post.metadata == {
        "title": "Bình Nhì ra mắt tổ tự quản & an ninh", "date": "2025-05-05 14:00",
        "author": "le-hoang-phuc", "category": "tin-tuc",
        "summary": "Tổ tự quản mới ra mắt.", "tags": ["An ninh trật tự"],
        "aliases": ["/2025/05/05/binh-nhi-ra-mat-to-tu-quan/"]}
    assert post.content == "Tổ có **9 hộ**."
    other = read(site, "content/tin-tuc/lich-tiep-dan-quy-ii.md")
    assert (other.metadata["date"], other.metadata["author"]) == ("2025-04-01 14:30",
                                                                  "ban-bien-tap")
    assert other.content == ("Lịch tiếp dân của lãnh đạo huyện.\n\n"
                             "Mời người dân đến đúng giờ.")
    assert site.build("--no-search") == 0
    assert "/2025/04/01/lich-tiep-dan/ /vi/tin-tuc/lich-tiep-dan-quy-ii/ 301!" in (
        site.read("_redirects").splitlines())


HTML_PAGE = "<!doctype html>\n<html lang=\"vi\"><head><title>Tin</title></head></html>\n"
BOMB = ('<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY a "aaaaaaaaaa">\n'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n<rss><channel/></rss>\n')


@pytest.mark.parametrize(("source", "text", "expected"), [
    ("feed", HTML_PAGE, "FILE:1: error: this is a web page (HTML), not an RSS 2.0 or Atom "
     "feed"),
    ("feed", wxr(), "FILE:17: error: this is a WordPress export: import it with `import "
     "wordpress`, which reads its pages, drafts and images too"),
    ("feed", '<?xml version="1.0"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/'
     'sitemap/0.9"/>', "FILE:2: error: this XML file is not an RSS 2.0 or Atom feed: its "
     "root element is <urlset>"),
    ("feed", BOMB, "FILE:3: error: the file declares the entity a in its DOCTYPE: refused "
     "(an RSS 2.0 or Atom feed never declares one, and entity expansion can exhaust the "
     "computer)"),
])
def test_bad_input_is_an_error_line_and_nothing_is_written(
        make_site: Callable[..., SiteDir], tmp_path: Path,
        capsys: pytest.CaptureFixture[str], source: str, text: str | None,
        expected: str) -> None:
    assert refused(make_site(), tmp_path, capsys, source, text) == [
        expected, "nothing was imported"]
