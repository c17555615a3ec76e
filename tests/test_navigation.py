"""Finding articles: home blocks, category/tag/author/year pages, pagination, breadcrumbs,
related articles and newer/older, as a reader following links sees them."""

from __future__ import annotations

import re

from tests.conftest import CITED_DIRECTIVES, MINIMAL_CONFIG, article

LISTINGS = """
[listings]
per_page = 2
category = { vi = "chuyen-muc", en = "category" }
tag = { vi = "the", en = "tag" }
author = { vi = "tac-gia", en = "author" }
year = { vi = "nam", en = "year" }
page = { vi = "trang", en = "page" }
"""
CONFIG = MINIMAL_CONFIG + LISTINGS

AUTHORS = """\
[le-minh-khoa]
name = "Lê Minh Khoa"
role = { vi = "Phó Trưởng Ban Tuyên giáo Huyện ủy", en = "Deputy Head" }

[dang-thu-ha]
name = "Đặng Thu Hà"
role = { vi = "Phóng viên", en = "Reporter" }

[an-binh]
name = "An Bình"
role = { vi = "Cộng tác viên", en = "Contributor" }
"""


def links(html: str) -> list[str]:
    return re.findall(r'href="(/[^"]*)"', html)


def main_part(html: str) -> str:
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def test_new_article_appears_in_its_category_tag_author_and_year_pages(make_site) -> None:
    site = make_site({
        "content/tin-tuc/cu.md": article("Bài cũ", date="2022-05-01 08:00"),
        "content/tin-tuc/moi.md": article("Lễ hội Nghinh Ông", date="2024-03-10 09:30",
                                          category="van-hoa-du-lich",
                                          tags='["Lễ hội", "du lịch"]'),
    }, config=CONFIG)
    assert site.build() == 0
    url = "/vi/tin-tuc/moi/"
    for page in ("vi/chuyen-muc/van-hoa-du-lich/index.html", "vi/the/le-hoi/index.html",
                 "vi/the/du-lich/index.html", "vi/tac-gia/le-minh-khoa/index.html",
                 "vi/nam/2024/index.html", "vi/tin-tuc/index.html", "vi/index.html"):
        assert url in links(site.read(page)), page
    assert url not in links(main_part(site.read("vi/nam/2022/index.html")))
    assert url not in links(main_part(site.read("vi/chuyen-muc/doi-ngoai/index.html")))
    # The article links to those pages itself.
    html = site.read("vi/tin-tuc/moi/index.html")
    for target in ("/vi/chuyen-muc/van-hoa-du-lich/", "/vi/the/le-hoi/", "/vi/the/du-lich/",
                   "/vi/tac-gia/le-minh-khoa/"):
        assert target in links(html), target
    # The indexes list every tag, author, year and category with a count.
    tags = main_part(site.read("vi/the/index.html"))
    assert '<a href="/vi/the/le-hoi/">Lễ hội</a> <span class="count">(1 bài viết)</span>' in tags
    assert "/vi/nam/2024/" in site.read("vi/nam/index.html")
    assert "Văn hóa – Du lịch" in site.read("vi/chuyen-muc/index.html")


def test_listing_pages_split_into_numbered_pages_that_link_each_other(make_site) -> None:
    files = {f"content/tin-tuc/bai-{n}.md": article(f"Bài số {n}", date=f"2023-0{n}-01 08:00")
             for n in range(1, 6)}
    site = make_site(files, config=CONFIG)
    assert site.build() == 0
    first = site.read("vi/chuyen-muc/doi-ngoai/index.html")
    second = site.read("vi/chuyen-muc/doi-ngoai/trang/2/index.html")
    third = site.read("vi/chuyen-muc/doi-ngoai/trang/3/index.html")
    assert not site.exists("vi/chuyen-muc/doi-ngoai/trang/4/index.html")
    # Newest first, two per page, each article on exactly one page.
    assert re.findall(r'<h2><a href="/vi/tin-tuc/(bai-\d)/"', first) == ["bai-5", "bai-4"]
    assert re.findall(r'<h2><a href="/vi/tin-tuc/(bai-\d)/"', second) == ["bai-3", "bai-2"]
    assert re.findall(r'<h2><a href="/vi/tin-tuc/(bai-\d)/"', third) == ["bai-1"]
    assert 'href="/vi/chuyen-muc/doi-ngoai/trang/2/" rel="next"' in first
    assert 'href="/vi/chuyen-muc/doi-ngoai/" rel="prev"' in second
    assert 'href="/vi/chuyen-muc/doi-ngoai/trang/3/" rel="next"' in second
    assert 'rel="next"' not in third
    assert 'href="/vi/chuyen-muc/doi-ngoai/trang/2/" aria-current="page"' in second
    assert "Trang 2 trên 3" in second
    # The section list and the English pages paginate with their own words.
    assert site.exists("vi/tin-tuc/trang/3/index.html")
    assert site.exists("en/category/doi-ngoai/index.html")
    assert "<title>Thông tin đối ngoại – Trang 2 – Bản tin thử</title>" in second


def test_long_listings_link_the_first_last_and_nearby_pages_only(make_site) -> None:
    files = {f"content/tin-tuc/bai-{n}.md": article(f"Bài {n}", date=f"2023-01-{n:02} 08:00")
             for n in range(1, 19)}
    site = make_site(files, config=CONFIG)  # 18 articles, 2 a page: 9 pages
    assert site.build() == 0
    pager = re.search(r'<nav class="pager".*?</nav>',
                      site.read("vi/tin-tuc/trang/5/index.html"), re.S).group(0)
    numbers = re.findall(r'</span>(\d+)</a>|(…)', pager)
    assert ["".join(n) for n in numbers] == ["1", "…", "3", "4", "5", "6", "7", "…", "9"]
    assert 'href="/vi/tin-tuc/trang/9/"' in pager and 'href="/vi/tin-tuc/trang/2/"' not in pager


def test_listing_url_names_come_from_config_for_any_language(make_site) -> None:
    config = CONFIG.replace("[sections.tin-tuc]", """[[languages]]
code = "fr"
name = "Français"
locale = "fr"
title = "Bulletin"

[sections.tin-tuc]""").replace('category = { vi = "chuyen-muc", en = "category" }',
                               'category = { vi = "chuyen-muc", en = "category", '
                               'fr = "rubrique" }')
    site = make_site({
        "content/tin-tuc/a.md": article(tags='["Hợp tác"]'),
        "content/tin-tuc/a.fr.md": '---\ntitle: "Coopération"\ntags: ["Coopération"]\n---\nx\n',
    }, config=config)
    assert site.build() == 0
    assert "/fr/tin-tuc/a/" in site.read("fr/rubrique/doi-ngoai/index.html")
    # A name left out for a language borrows the default language's.
    assert "/fr/tin-tuc/a/" in site.read("fr/the/cooperation/index.html")
    assert "/fr/tin-tuc/a/" in site.read("fr/nam/2023/index.html")
    # The switcher on a category page leads to the same category in the other languages.
    html = site.read("vi/chuyen-muc/doi-ngoai/index.html")
    assert re.search(r'<a href="/fr/rubrique/doi-ngoai/" hreflang="fr"', html)
    assert re.search(r'<a href="/en/category/doi-ngoai/" hreflang="en"', html)


def test_bad_listing_settings_are_config_errors(make_site, capsys) -> None:
    site = make_site({}, config=MINIMAL_CONFIG + '\n[listings]\nper_page = 0\ntag = "Thẻ"\n')
    assert site.build() == 1
    err = capsys.readouterr().err
    assert "config.toml:" in err and "per_page must be a whole number of at least 1" in err
    assert "URL name `Thẻ` must be lowercase ASCII" in err


def test_every_page_has_breadcrumbs_ending_at_itself(make_site) -> None:
    site = make_site({
        "content/tin-tuc/a.md": article(tags='["Lễ hội"]'),
        "content/tin-tuc/a.en.md": '---\ntitle: "Festival"\n---\nx\n',
        "content/gioi-thieu/lich-su.md": "---\ntitle: Lịch sử\n---\nx\n",
    }, config=CONFIG)
    assert site.build() == 0
    pages = [name for name in site.output_files()
             if name.endswith(".html") and name.startswith(("vi/", "en/"))]
    assert len(pages) > 20
    for name in pages:
        html = site.read(name)
        crumbs = re.search(r'<nav class="breadcrumbs[^"]*" aria-label="[^"]+">(.*?)</nav>',
                           html, re.S)
        assert crumbs, name
        items = re.findall(r'<li>(?:<a href="([^"]+)">|<span aria-current="page">)', crumbs[1])
        assert items[-1] == "", name  # the last crumb is the page itself, not a link
        if len(items) > 1:
            assert items[0] == f"/{name[:2]}/", name
    article_crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>',
                               site.read("vi/tin-tuc/a/index.html"), re.S).group(0)
    assert re.findall(r">([^<>]+)</(?:a|span)>", article_crumbs) == [
        "Trang chủ", "Tin tức", "Thông tin đối ngoại", "Bài thử"]
    english = re.search(r'<nav class="breadcrumbs".*?</nav>',
                        site.read("en/news/a/index.html"), re.S).group(0)
    assert re.findall(r">([^<>]+)</(?:a|span)>", english) == [
        "Home", "News", "Foreign information", "Festival"]


def test_related_articles_share_directives_first_then_category_then_tags(make_site) -> None:
    site = make_site({
        "content/tin-tuc/goc.md": article("Gốc", directives='["57-KL/TW"]', tags='["Hợp tác"]'),
        "content/tin-tuc/cung-van-ban.md": article("Cùng văn bản", category="van-hoa-du-lich",
                                                   directives='["57-KL/TW"]',
                                                   date="2020-01-01 08:00"),
        "content/tin-tuc/cung-chuyen-muc.md": article("Cùng chuyên mục", date="2021-01-01 08:00"),
        "content/tin-tuc/cung-the.md": article("Cùng từ khóa", category="van-hoa-du-lich",
                                               tags='["hợp tác"]', date="2024-01-01 08:00"),
        "content/tin-tuc/khac.md": article("Không liên quan", category="van-hoa-du-lich"),
        **CITED_DIRECTIVES,  # directives named in front-matter must be registered
    }, config=CONFIG)
    assert site.build() == 0
    html = site.read("vi/tin-tuc/goc/index.html")
    related = re.search(r'<section class="related".*?</section>', html, re.S).group(0)
    assert "Bài viết liên quan" in related
    assert re.findall(r'<a href="/vi/tin-tuc/([^/]+)/">', related) == [
        "cung-van-ban", "cung-chuyen-muc", "cung-the"]


def test_newer_and_older_stay_within_the_category(make_site) -> None:
    site = make_site({
        "content/tin-tuc/mot.md": article("Một", date="2023-01-01 08:00"),
        "content/tin-tuc/hai.md": article("Hai", date="2023-02-01 08:00"),
        "content/tin-tuc/khac.md": article("Khác", date="2023-02-15 08:00",
                                           category="van-hoa-du-lich"),
        "content/tin-tuc/ba.md": article("Ba", date="2023-03-01 08:00"),
    }, config=CONFIG)
    assert site.build() == 0
    html = site.read("vi/tin-tuc/hai/index.html")
    assert re.search(r'Mới hơn:</span> <a href="/vi/tin-tuc/ba/" rel="next">Ba</a>', html)
    assert re.search(r'Cũ hơn:</span> <a href="/vi/tin-tuc/mot/" rel="prev">Một</a>', html)
    newest = site.read("vi/tin-tuc/ba/index.html")
    assert "Mới hơn:" not in newest and 'href="/vi/tin-tuc/hai/" rel="prev"' in newest


def test_home_shows_featured_latest_and_a_block_per_category(make_site) -> None:
    site = make_site({
        "content/tin-tuc/nhieu-phieu.md": article("Nhiều phiếu", rating="{points: 184, votes: 40}",
                                                  date="2022-01-01 08:00"),
        "content/tin-tuc/mot-phieu.md": article("Một phiếu", rating="{points: 5, votes: 1}",
                                                date="2023-01-01 08:00"),
        "content/tin-tuc/du-lich.md": article("Du lịch sinh thái", category="van-hoa-du-lich",
                                              date="2023-06-01 08:00"),
    }, config=CONFIG)
    assert site.build() == 0
    html = site.read("vi/index.html")
    featured = re.search(r'<section class="featured".*?</section>', html, re.S).group(0)
    # 40 votes averaging 4.6 outrank a single 5-star vote; unrated articles are not featured.
    assert re.findall(r'<a href="/vi/tin-tuc/([^/]+)/">', featured) == [
        "nhieu-phieu", "mot-phieu"]
    latest = re.search(r'<section class="latest".*?</section>', html, re.S).group(0)
    assert "/vi/tin-tuc/du-lich/" in latest
    blocks = re.findall(r'<section class="category-block" aria-labelledby="category-([a-z-]+)"',
                        html)
    assert blocks == ["doi-ngoai", "van-hoa-du-lich"]  # configured order, empty ones left out
    assert '<a href="/vi/chuyen-muc/van-hoa-du-lich/">Văn hóa – Du lịch</a>' in html


def test_tags_and_authors_are_listed_in_vietnamese_alphabetical_order(make_site) -> None:
    site = make_site({
        "content/tin-tuc/a.md": article(author="dang-thu-ha", tags='["Đình làng", "Du lịch"]'),
        "content/tin-tuc/b.md": article(author="an-binh", tags='["Ẩm thực", "Bánh tét"]'),
        "content/tin-tuc/c.md": article(tags='["an ninh"]'),
    }, config=CONFIG, authors=AUTHORS)
    assert site.build() == 0
    tags = re.findall(r'<li><a href="/vi/the/[^"]+">([^<]+)</a>',
                      site.read("vi/the/index.html"))
    assert tags == ["an ninh", "Ẩm thực", "Bánh tét", "Du lịch", "Đình làng"]
    authors = re.findall(r'<li><a href="/vi/tac-gia/[^"]+">([^<]+)</a>',
                         site.read("vi/tac-gia/index.html"))
    assert authors == ["An Bình", "Đặng Thu Hà", "Lê Minh Khoa"]
    assert "Phóng viên" in site.read("vi/tac-gia/dang-thu-ha/index.html")


def test_tags_differing_only_in_case_and_marks_share_one_page(make_site) -> None:
    site = make_site({
        "content/tin-tuc/a.md": article("Một", tags='["Lễ hội"]'),
        "content/tin-tuc/b.md": article("Hai", tags='["Lễ hội"]'),
        "content/tin-tuc/c.md": article("Ba", tags='["lễ hội"]'),
    }, config=CONFIG)
    assert site.build() == 0
    html = site.read("vi/the/le-hoi/index.html")
    assert "<h1>Từ khóa: Lễ hội</h1>" in html
    assert len(re.findall(r'<h2><a href="/vi/tin-tuc/', html)) == 2  # per_page = 2
    assert site.exists("vi/the/le-hoi/trang/2/index.html")


def test_every_internal_link_leads_to_a_page_that_exists(make_site) -> None:
    site = make_site({
        "content/tin-tuc/a.md": article(tags='["Lễ hội", "Hợp tác"]', date="2021-01-01 08:00"),
        "content/tin-tuc/b.md": article("Hai", tags='["Lễ hội"]', date="2022-01-01 08:00"),
        "content/tin-tuc/c.md": article("Ba", category="van-hoa-du-lich"),
        "content/tin-tuc/a.en.md": '---\ntitle: "One"\ntags: ["Festival"]\n---\nx\n',
        "content/gioi-thieu/lich-su.md": "---\ntitle: Lịch sử\n---\nx\n",
    }, config=CONFIG)
    assert site.build() == 0
    files = site.output_files()
    for name in files:
        if not name.endswith(".html"):
            continue
        for href in links(site.read(name)):
            target = href.split("#")[0]
            target = target[1:] + ("index.html" if target.endswith("/") else "")
            assert target in files, f"{name} links to {href}"


def test_drafts_show_in_preview_listings_only(make_site) -> None:
    files = {"content/tin-tuc/nhap.md": article("Nháp", draft="true", tags='["Riêng"]'),
             "content/tin-tuc/noi-bo.md": article("Nội bộ", internal="true", tags='["Riêng"]')}
    site = make_site(files, config=CONFIG)
    assert site.build() == 0
    assert not site.exists("vi/the/rieng/index.html")
    assert "/vi/tin-tuc/nhap/" not in site.read("vi/chuyen-muc/doi-ngoai/index.html")
    assert site.build("--drafts") == 0
    assert "/vi/tin-tuc/nhap/" in site.read("vi/the/rieng/index.html")
    assert "/vi/tin-tuc/noi-bo/" not in site.read("vi/the/rieng/index.html")
