"""What feed readers and crawlers get: Atom feeds, sitemap.xml with hreflang, robots.txt."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from tests.conftest import CITED_DIRECTIVES, article
from tests.test_navigation import CONFIG

ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def entries(xml: str) -> list[ET.Element]:
    return ET.fromstring(xml).findall(f"{ATOM}entry")


def link(entry: ET.Element) -> str:
    found = [el.get("href") for el in entry.findall(f"{ATOM}link")
             if el.get("rel") == "alternate" and not el.get("hreflang")]
    assert len(found) == 1
    return found[0]


def sitemap_urls(xml: str) -> dict[str, dict[str, str]]:
    """loc -> {hreflang: href} of every <url>."""
    found = {}
    for url in ET.fromstring(xml).findall(f"{SM}url"):
        found[url.findtext(f"{SM}loc")] = {el.get("hreflang"): el.get("href")
                                           for el in url.findall(f"{XHTML}link")}
    return found


def test_new_article_reaches_language_and_category_feeds_with_absolute_urls(make_site) -> None:
    site = make_site({
        "content/tin-tuc/cu.md": article("Bài cũ", date="2022-05-01 08:00",
                                         summary='"Sapo bài cũ."'),
        "content/tin-tuc/moi.md": article("Lễ hội & ẩm thực", date="2024-03-10 09:30",
                                          category="van-hoa-du-lich", tags='["Lễ hội"]',
                                          image='{src: "/images/hoi-nghi.jpg", alt: "Lễ hội"}',
                                          body="## Mở đầu\n\nNội dung **đầu tiên** của bài. "
                                               + "Thêm chữ. " * 60),
        "content/tin-tuc/moi.en.md": '---\ntitle: "Festival and food"\nsummary: "Lead."\n---\nx\n',
    }, config=CONFIG)
    assert site.build() == 0
    feed = ET.fromstring(site.read("vi/atom.xml"))
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "vi"
    assert feed.findtext(f"{ATOM}title") == "Bản tin thử"
    self_link = [el.get("href") for el in feed.findall(f"{ATOM}link") if el.get("rel") == "self"]
    assert self_link == ["https://example.test/vi/atom.xml"]
    items = feed.findall(f"{ATOM}entry")
    assert [link(e) for e in items] == ["https://example.test/vi/tin-tuc/moi/",
                                        "https://example.test/vi/tin-tuc/cu/"]
    newest, oldest = items
    assert newest.findtext(f"{ATOM}title") == "Lễ hội & ẩm thực"
    assert newest.findtext(f"{ATOM}id") == "https://example.test/vi/tin-tuc/moi/"
    assert newest.findtext(f"{ATOM}published") == "2024-03-10T09:30:00+07:00"
    assert newest.findtext(f"{ATOM}author/{ATOM}name") == "Lê Minh Khoa"
    # Without `summary:` the start of the text stands in, as plain text, cut at a word.
    text = newest.findtext(f"{ATOM}summary")
    assert text.startswith("Mở đầu Nội dung đầu tiên của bài.") and text.endswith("…")
    assert "<" not in text and len(text) <= 301
    assert oldest.findtext(f"{ATOM}summary") == "Sapo bài cũ."
    enclosure = [el for el in newest.findall(f"{ATOM}link") if el.get("rel") == "enclosure"]
    assert re.fullmatch(r"https://example\.test/\S*hoi-nghi\S*\.(jpg|webp)",
                        enclosure[0].get("href"))
    translation = [el for el in newest.findall(f"{ATOM}link") if el.get("hreflang") == "en"]
    assert translation[0].get("href") == "https://example.test/en/news/moi/"
    # Every URL in a feed is absolute.
    for xml in (site.read("vi/atom.xml"), site.read("en/atom.xml"),
                site.read("vi/chuyen-muc/van-hoa-du-lich/atom.xml")):
        for href in re.findall(r'(?:href|scheme)="([^"]*)"', xml):
            assert href.startswith("https://example.test/"), href
    # The category feed holds the category's articles only.
    category = site.read("vi/chuyen-muc/van-hoa-du-lich/atom.xml")
    assert [link(e) for e in entries(category)] == ["https://example.test/vi/tin-tuc/moi/"]
    assert [link(e) for e in entries(site.read("en/atom.xml"))] == [
        "https://example.test/en/news/moi/"]
    assert entries(site.read("en/atom.xml"))[0].findtext(f"{ATOM}summary") == "Lead."


def test_feed_updated_is_its_newest_entry_so_rebuilds_are_identical(make_site) -> None:
    site = make_site({
        "content/tin-tuc/a.md": article("Một", date="2023-01-01 08:00"),
        "content/tin-tuc/b.md": article("Hai", date="2023-02-01 08:00",
                                        updated="2023-06-30T10:00:00+07:00"),
    }, config=CONFIG)
    assert site.build() == 0
    feed = ET.fromstring(site.read("vi/atom.xml"))
    assert feed.findtext(f"{ATOM}updated") == "2023-06-30T10:00:00+07:00"
    first = site.read("vi/atom.xml") + site.read("sitemap.xml")
    assert site.build() == 0
    assert site.read("vi/atom.xml") + site.read("sitemap.xml") == first


def test_pages_announce_their_feeds_in_the_head(make_site) -> None:
    site = make_site({"content/tin-tuc/a.md": article()}, config=CONFIG)
    assert site.build() == 0
    html = site.read("vi/tin-tuc/a/index.html")
    head = html.split("</head>")[0]
    assert ('<link rel="alternate" type="application/atom+xml" title="Bản tin thử" '
            'href="https://example.test/vi/atom.xml">') in head
    assert ('<link rel="alternate" type="application/atom+xml" title="Thông tin đối ngoại" '
            'href="https://example.test/vi/chuyen-muc/doi-ngoai/atom.xml">') in head
    category = site.read("vi/chuyen-muc/doi-ngoai/index.html")
    assert 'href="https://example.test/vi/chuyen-muc/doi-ngoai/atom.xml"' in category
    assert 'href="/vi/chuyen-muc/doi-ngoai/atom.xml" type="application/atom+xml"' in category
    # An empty category has no feed, and no page points to one.
    assert not site.exists("vi/chuyen-muc/van-hoa-du-lich/atom.xml")
    assert "van-hoa-du-lich/atom.xml" not in site.read("vi/chuyen-muc/van-hoa-du-lich/index.html")


def test_sitemap_lists_pages_and_listings_with_hreflang_alternates(make_site) -> None:
    site = make_site({
        "content/tin-tuc/a.md": article(tags='["Lễ hội"]'),
        "content/tin-tuc/a.en.md": '---\ntitle: "One"\nslug: one\n---\nx\n',
        "content/tin-tuc/chi-viet.md": article("Chỉ tiếng Việt"),
        "content/gioi-thieu/lich-su.md": "---\ntitle: Lịch sử\n---\nx\n",
    }, config=CONFIG)
    assert site.build() == 0
    xml = site.read("sitemap.xml")
    urls = sitemap_urls(xml)
    base = "https://example.test"
    expected = {
        "vi": f"{base}/vi/tin-tuc/a/", "en": f"{base}/en/news/one/",
        "x-default": f"{base}/vi/tin-tuc/a/",
    }
    assert urls[f"{base}/vi/tin-tuc/a/"] == expected
    assert urls[f"{base}/en/news/one/"] == expected
    assert urls[f"{base}/vi/tin-tuc/chi-viet/"] == {}  # no other language, no alternates
    for listing in ("/vi/", "/vi/tin-tuc/", "/vi/chuyen-muc/doi-ngoai/", "/vi/the/le-hoi/",
                    "/vi/tac-gia/le-minh-khoa/", "/vi/nam/2023/", "/vi/gioi-thieu/lich-su/",
                    "/en/category/doi-ngoai/", "/vi/gioi-thieu/"):
        assert base + listing in urls, listing
    assert urls[f"{base}/vi/"]["x-default"] == f"{base}/"
    assert urls[f"{base}/vi/chuyen-muc/doi-ngoai/"]["en"] == f"{base}/en/category/doi-ngoai/"
    assert "<lastmod>2023-09-01T00:14:00+07:00</lastmod>" in xml
    assert list(urls) == sorted(urls)
    assert site.read("robots.txt") == ("User-agent: *\nAllow: /\n\n"
                                       "Sitemap: https://example.test/sitemap.xml\n")


def test_unpublished_articles_never_reach_feeds_or_sitemap(make_site) -> None:
    site = make_site({
        "content/tin-tuc/cong-khai.md": article("Công khai"),
        "content/tin-tuc/nhap.md": article("Nháp", draft="true"),
        "content/tin-tuc/noi-bo.md": article("Nội bộ", internal="true"),
        "content/tin-tuc/hen-gio.md": article("Hẹn giờ", date="2027-01-01 08:00"),
        "content/tin-tuc/het-han.md": article("Hết hạn", expires="2026-01-01 00:00"),
    }, config=CONFIG)
    for options in ((), ("--drafts",)):
        assert site.build(*options) == 0
        machine = site.read("vi/atom.xml") + site.read("vi/chuyen-muc/doi-ngoai/atom.xml") \
            + site.read("sitemap.xml")
        assert "/vi/tin-tuc/cong-khai/" in machine
        for name in ("nhap", "noi-bo", "hen-gio", "het-han"):
            assert f"/vi/tin-tuc/{name}/" not in machine, (options, name)
    # Previews keep search engines out altogether.
    assert "Disallow: /" in site.read("robots.txt")


def test_directive_feed_holds_the_articles_citing_it(make_site) -> None:
    site = make_site({
        **CITED_DIRECTIVES,
        "content/van-ban/ket-luan-57.en.md": '---\ntitle: "On foreign information"\n---\n',
        "content/tin-tuc/trien-khai.md": article("Triển khai Kết luận 57", date="2023-09-01 08:00",
                                                 directives='["57-KL/TW"]'),
        "content/tin-tuc/trong-bai.md": article("Nhắc trong bài", date="2023-10-01 08:00",
                                                body="Thực hiện Kết luận số 57 - KL/TW.\n"),
        "content/tin-tuc/ke-hoach.md": article("Kế hoạch huyện", date="2023-11-01 08:00",
                                               directives='["94-KH/HU"]'),
        "content/tin-tuc/nhap.md": article("Nháp", draft="true", directives='["57-KL/TW"]'),
        "content/tin-tuc/trien-khai.en.md": '---\ntitle: "Carrying out Conclusion 57"\n---\nx\n',
    }, config=CONFIG)
    assert site.build("--drafts") == 0
    feed = ET.fromstring(site.read("vi/van-ban/ket-luan-57/atom.xml"))
    assert feed.findtext(f"{ATOM}title").startswith("57-KL/TW: ")
    assert [link(e) for e in feed.findall(f"{ATOM}entry")] == [
        "https://example.test/vi/tin-tuc/trong-bai/", "https://example.test/vi/tin-tuc/trien-khai/"]
    assert [link(e) for e in entries(site.read("en/documents/ket-luan-57/atom.xml"))] == [
        "https://example.test/en/news/trien-khai/"]
    assert [link(e) for e in entries(site.read("vi/van-ban/ke-hoach-94/atom.xml"))] == [
        "https://example.test/vi/tin-tuc/ke-hoach/"]
    html = site.read("vi/van-ban/ket-luan-57/index.html")
    assert ('<link rel="alternate" type="application/atom+xml" title="57-KL/TW" '
            'href="https://example.test/vi/van-ban/ket-luan-57/atom.xml">') in html
    assert 'href="/vi/van-ban/ket-luan-57/atom.xml" type="application/atom+xml"' in html
