"""What search engines and social networks read: canonical URL, Open Graph, Twitter cards,
JSON-LD NewsArticle and BreadcrumbList; and the rating a reader sees."""

from __future__ import annotations

import json
import re

from tests.conftest import article
from tests.test_navigation import CONFIG

LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(html: str) -> dict[str, dict]:
    """The page's JSON-LD blocks by @type; each must parse as JSON on its own."""
    return {data["@type"]: data for data in (json.loads(block) for block in LD.findall(html))}


def meta(html: str, key: str) -> list[str]:
    return re.findall(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)">', html)


def rated_article(**fields: str) -> str:
    return article("Gò Công Tây triển khai Kết luận 57", date="2023-09-01 00:14",
                   updated="2023-09-05T08:30:00+07:00", summary='"Sapo của bài."',
                   rating="{points: 9, votes: 2}", tags='["Thông tin đối ngoại"]',
                   image='{src: "/images/hoi-nghi.jpg", alt: "Hội nghị quán triệt"}', **fields)


def test_article_has_news_article_json_ld_with_rating_author_and_dates(make_site) -> None:
    site = make_site({"content/tin-tuc/kl57.md": rated_article()}, config=CONFIG)
    assert site.build() == 0
    data = json_ld(site.read("vi/tin-tuc/kl57/index.html"))
    news = data["NewsArticle"]
    assert news["@context"] == "https://schema.org"
    assert news["headline"] == "Gò Công Tây triển khai Kết luận 57"
    assert news["datePublished"] == "2023-09-01T00:14:00+07:00"
    assert news["dateModified"] == "2023-09-05T08:30:00+07:00"
    assert news["inLanguage"] == "vi"
    assert news["author"] == {"@type": "Person", "name": "Lê Minh Khoa",
                              "jobTitle": "Phó Trưởng Ban Tuyên giáo Huyện ủy"}
    assert news["publisher"]["@type"] == "Organization"
    assert news["publisher"]["name"] == "Bản tin thử"
    assert re.fullmatch(r"https://example\.test/\S*hoi-nghi\S*", news["image"][0])
    assert news["aggregateRating"] == {"@type": "AggregateRating", "ratingValue": 4.5,
                                       "ratingCount": 2, "bestRating": 5, "worstRating": 1}
    assert news["mainEntityOfPage"]["@id"] == "https://example.test/vi/tin-tuc/kl57/"
    crumbs = data["BreadcrumbList"]["itemListElement"]
    assert [(c["position"], c["name"], c["item"]) for c in crumbs] == [
        (1, "Trang chủ", "https://example.test/vi/"),
        (2, "Tin tức", "https://example.test/vi/tin-tuc/"),
        (3, "Thông tin đối ngoại", "https://example.test/vi/chuyen-muc/doi-ngoai/"),
        (4, "Gò Công Tây triển khai Kết luận 57", "https://example.test/vi/tin-tuc/kl57/"),
    ]


def test_json_ld_cannot_end_its_script_element_early(make_site) -> None:
    title = "</script><script>alert(1)</script> & <!-- Ý kiến"
    site = make_site({"content/tin-tuc/a.md": article(json.dumps(title)[1:-1])}, config=CONFIG)
    assert site.build() == 0
    html = site.read("vi/tin-tuc/a/index.html")
    blocks = LD.findall(html)
    assert len(blocks) == 2  # no block was cut short, none injected
    for block in blocks:
        assert "<" not in block and ">" not in block and "&" not in block
    assert json_ld(html)["NewsArticle"]["headline"] == title
    assert "<script>alert(1)" not in html


def test_open_graph_and_twitter_cards_use_absolute_urls_and_the_lead_image(make_site) -> None:
    site = make_site({
        "content/tin-tuc/kl57.md": rated_article(),
        "content/tin-tuc/kl57.en.md": '---\ntitle: "Go Cong Tay carries out Conclusion 57"\n'
                                      'image: {src: "/images/hoi-nghi.jpg", '
                                      'alt: "The conference"}\n'
                                      '---\nx\n',
    }, config=CONFIG)
    assert site.build() == 0
    html = site.read("vi/tin-tuc/kl57/index.html")
    assert '<link rel="canonical" href="https://example.test/vi/tin-tuc/kl57/">' in html
    assert meta(html, "og:type") == ["article"]
    assert meta(html, "og:title") == ["Gò Công Tây triển khai Kết luận 57"]
    assert meta(html, "og:description") == ["Sapo của bài."]
    assert meta(html, "og:url") == ["https://example.test/vi/tin-tuc/kl57/"]
    assert meta(html, "og:locale") == ["vi_VN"]
    assert meta(html, "og:locale:alternate") == ["en_US"]
    [image] = meta(html, "og:image")
    assert re.fullmatch(r"https://example\.test/\S*hoi-nghi\S*", image)
    assert meta(html, "og:image:alt") == ["Hội nghị quán triệt"]
    assert meta(html, "article:published_time") == ["2023-09-01T00:14:00+07:00"]
    assert meta(html, "twitter:card") == ["summary_large_image"]
    assert meta(html, "twitter:image") == [image]
    english = site.read("en/news/kl57/index.html")
    assert meta(english, "og:image:alt") == ["The conference"]
    assert meta(english, "og:locale") == ["en_US"]
    assert json_ld(english)["NewsArticle"]["inLanguage"] == "en"
    assert json_ld(english)["NewsArticle"]["author"]["jobTitle"] == \
        "Deputy Head, Commission for Information"


def test_listing_pages_have_website_cards_and_breadcrumb_json_ld(make_site) -> None:
    site = make_site({"content/tin-tuc/a.md": article(tags='["Lễ hội"]')}, config=CONFIG)
    assert site.build() == 0
    html = site.read("vi/the/le-hoi/index.html")
    assert meta(html, "og:type") == ["website"]
    assert meta(html, "og:url") == ["https://example.test/vi/the/le-hoi/"]
    assert meta(html, "twitter:card") == ["summary"]
    assert '<link rel="canonical" href="https://example.test/vi/the/le-hoi/">' in html
    crumbs = json_ld(html)["BreadcrumbList"]["itemListElement"]
    assert [c["name"] for c in crumbs] == ["Trang chủ", "Từ khóa", "Lễ hội"]
    assert "NewsArticle" not in json_ld(html)


def test_rating_shows_stars_and_tells_screen_readers_in_words(make_site) -> None:
    site = make_site({
        "content/tin-tuc/a.md": rated_article(),
        "content/tin-tuc/a.en.md": '---\ntitle: "Rated"\n---\nx\n',
        "content/tin-tuc/b.md": article("Một phiếu", rating="{points: 5, votes: 1}"),
        "content/tin-tuc/b.en.md": '---\ntitle: "One vote"\n---\nx\n',
    }, config=CONFIG)
    assert site.build() == 0
    html = site.read("vi/tin-tuc/a/index.html")
    rating = re.search(r'<p class="rating">.*?</p>', html, re.S).group(0)
    # 4.5 stars: four full, a half, none empty; hidden from screen readers, which get words.
    assert ('<span class="stars" aria-hidden="true">★★★★<span class="star-half">★</span>'
            '<span class="star-empty"></span></span>') in rating
    assert '<span class="visually-hidden">Xếp hạng 4,5 trên 5.</span>' in rating
    assert "Tổng số điểm là 9 trong 2 lượt đánh giá" in rating
    english = site.read("en/news/a/index.html")
    assert "Rated 4.5 out of 5." in english and "Rated 4.5 out of 5 by 2 readers" in english
    assert "Rated 5 out of 5 by 1 reader<" in site.read("en/news/b/index.html")
    assert "★★★★★" in site.read("vi/tin-tuc/b/index.html")
