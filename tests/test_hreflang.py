"""hreflang alternates and canonical links in every page's <head>."""

from __future__ import annotations

import re
from datetime import datetime

from bantin.engine.validation import check
from bantin.model.config_file import load_config
from bantin.website.site import Alternate, BuildOptions
from tests.conftest import MINIMAL_CONFIG, article

BASE = "https://example.test"


def head_links(html: str) -> tuple[str | None, list[tuple[str, str]]]:
    """(canonical URL, [(hreflang, href)]) from the page's <head> only."""
    head = html.split("</head>", 1)[0]
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', head)
    alternates = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', head)
    return (canonical.group(1) if canonical else None), alternates


def translated_site(make_site):
    return make_site({
        "content/tin-tuc/ket-luan-57.md": article("Kết luận 57"),
        "content/tin-tuc/ket-luan-57.en.md":
            '---\ntitle: "Conclusion 57"\nslug: conclusion-57\n---\nx\n',
        "content/tin-tuc/chi-tieng-viet.md": article("Chỉ tiếng Việt"),
    })


def test_translated_article_lists_every_language_and_x_default(make_site) -> None:
    site = translated_site(make_site)
    assert site.build() == 0
    expected = [("vi", f"{BASE}/vi/tin-tuc/ket-luan-57/"),
                ("en", f"{BASE}/en/news/conclusion-57/"),
                ("x-default", f"{BASE}/vi/tin-tuc/ket-luan-57/")]
    for path, own in (("vi/tin-tuc/ket-luan-57/index.html", expected[0][1]),
                      ("en/news/conclusion-57/index.html", expected[1][1])):
        canonical, alternates = head_links(site.read(path))
        assert canonical == own
        assert alternates == expected  # the same set on both versions, so they confirm each other


def test_untranslated_article_has_canonical_but_no_alternates(make_site) -> None:
    site = translated_site(make_site)
    assert site.build() == 0
    canonical, alternates = head_links(site.read("vi/tin-tuc/chi-tieng-viet/index.html"))
    assert canonical == f"{BASE}/vi/tin-tuc/chi-tieng-viet/"
    assert alternates == []


def test_homes_and_listings_point_at_each_other_and_x_default_is_the_chooser(make_site) -> None:
    site = translated_site(make_site)
    assert site.build() == 0
    homes = [("vi", f"{BASE}/vi/"), ("en", f"{BASE}/en/"), ("x-default", f"{BASE}/")]
    assert head_links(site.read("en/index.html")) == (f"{BASE}/en/", homes)
    assert head_links(site.read("index.html")) == (f"{BASE}/", homes)
    lists = [("vi", f"{BASE}/vi/tin-tuc/"), ("en", f"{BASE}/en/news/"),
             ("x-default", f"{BASE}/vi/tin-tuc/")]
    assert head_links(site.read("en/news/index.html")) == (f"{BASE}/en/news/", lists)


def test_hreflang_comes_from_the_locale(make_site) -> None:
    config = MINIMAL_CONFIG.replace('code = "en"\nname = "English"\nlocale = "en"',
                                    'code = "en"\nname = "English"\nlocale = "en_GB"')
    site = make_site({
        "content/tin-tuc/a.md": article("A"),
        "content/tin-tuc/a.en.md": '---\ntitle: "A"\n---\nx\n',
    }, config=config)
    assert site.build() == 0
    _, alternates = head_links(site.read("vi/tin-tuc/a/index.html"))
    assert [code for code, _ in alternates] == ["vi", "en-GB", "x-default"]


def test_site_alternates_are_reusable_for_the_sitemap(make_site) -> None:
    site_dir = translated_site(make_site)
    config = load_config(site_dir.root)
    site = check(config, BuildOptions(now=datetime.now(tz=config.tz))).site
    page = next(p for p in site.pages if p.url == "/en/news/conclusion-57/")
    assert site.alternates(page) == [Alternate("vi", "/vi/tin-tuc/ket-luan-57/"),
                                     Alternate("en", "/en/news/conclusion-57/"),
                                     Alternate("x-default", "/vi/tin-tuc/ket-luan-57/")]
