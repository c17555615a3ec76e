"""Building small sites end to end: what readers see in the HTML, what editors see on errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import CITED_DIRECTIVES, MINIMAL_CONFIG, article
from tests.test_messages import VIETNAMESE_SITE

EXAMPLES = Path(__file__).parent / "data" / "examples"


def example_article() -> str:
    """The real district article, with the front-matter an editor would give it."""
    lines = (EXAMPLES / "district-news-article.txt").read_text(encoding="utf-8").splitlines()
    title, lead = lines[0], lines[3]
    body_end = next(i for i, line in enumerate(lines) if line.startswith("Tác giả bài viết"))
    body = "\n".join(lines[6:body_end]).strip() + "\n"
    return (
        "---\n"
        f'title: "{title}"\n'
        "date: 2023-09-01 00:14\n"
        "author: le-minh-khoa\n"
        "category: doi-ngoai\n"
        f'summary: "{lead}"\n'
        'directives: ["57-KL/TW", "94-KH/HU"]\n'
        "rating: {points: 5, votes: 1}\n"
        "---\n" + body
    )


def test_real_article_renders_author_role_date_and_rating(make_site, capsys) -> None:
    site = make_site({"content/tin-tuc/ket-luan-57.md": example_article(), **CITED_DIRECTIVES})
    assert site.build() == 0
    html = site.read("vi/tin-tuc/ket-luan-57/index.html")
    assert '<html lang="vi">' in html
    # the number kept on one line (no break at its hyphen or slash)
    assert ("<h1>Gò Công Tây tích cực tuyên truyền thực hiện Kết luận "
            '<span class="doc-number">57-KL/TW</span>') in html
    assert "Lê Minh Khoa" in html and "Phó Trưởng Ban Tuyên giáo Huyện ủy" in html
    assert ">Thứ Sáu, 01/09/2023 00:14</time>" in html
    assert 'datetime="2023-09-01T00:14:00+07:00"' in html
    assert "Tổng số điểm là 5 trong 1 lượt đánh giá" in html
    assert "★★★★★" in html
    assert "57-KL/TW" in html and "94-KH/HU" in html
    assert "Công tác thông tin đối ngoại là bộ phận quan trọng" in html  # the lead
    assert ("Huyện ủy Gò Công Tây đã ban hành Kế hoạch số "  # the body, the number linked
            '<a href="/vi/van-ban/ke-hoach-94/" class="directive-link"') in html


def test_translation_inherits_date_author_and_rating_and_shows_english(make_site) -> None:
    site = make_site({
        "content/tin-tuc/ket-luan-57.md": example_article(), **CITED_DIRECTIVES,
        "content/tin-tuc/ket-luan-57.en.md":
            '---\ntitle: "Go Cong Tay promotes Conclusion 57"\nslug: conclusion-57\n---\n'
            "The district issued a plan.\n",
    })
    assert site.build() == 0
    html = site.read("en/news/conclusion-57/index.html")
    assert '<html lang="en">' in html
    assert ">Friday, 1 September 2023, 00:14</time>" in html
    assert "Deputy Head, Commission for Information" in html
    assert "Rated 5 out of 5 by 1 reader" in html
    vi = site.read("vi/tin-tuc/ket-luan-57/index.html")
    assert 'href="/en/news/conclusion-57/"' in vi
    assert 'hreflang="en" href="https://example.test/en/news/conclusion-57/"' in vi
    assert 'href="/vi/tin-tuc/ket-luan-57/"' in html


def test_translation_image_gives_only_its_words_and_shows_the_originals_picture(
        make_site) -> None:
    site = make_site({
        "content/tin-tuc/hoi-nghi.md": article(
            "Hội nghị", image='{src: "/images/hoi-nghi.jpg", alt: "Toàn cảnh hội nghị"}'),
        "content/tin-tuc/hoi-nghi.en.md":
            '---\ntitle: "The conference"\n'
            'image: {alt: "The conference hall", caption: "Photo: the district"}\n---\n'
            "The conference met.\n",
        "assets/images/hoi-nghi.jpg": b"\xff\xd8\xff\xd9"})
    assert site.build() == 0
    vi = site.read("vi/tin-tuc/hoi-nghi/index.html")
    en = site.read("en/news/hoi-nghi/index.html")
    picture = re.search(r'<img src="(/assets/images/hoi-nghi\.[0-9a-f]+\.jpg)"', vi)
    assert picture, "the original shows its picture"
    assert f'<img src="{picture.group(1)}"' in en
    assert 'alt="The conference hall"' in en and "Photo: the district" in en
    assert "Toàn cảnh hội nghị" not in en


def test_translation_image_without_src_needs_the_originals_picture(make_site, capsys) -> None:
    site = make_site({
        "content/tin-tuc/hoi-nghi.md": article("Hội nghị"),
        "content/tin-tuc/hoi-nghi.en.md":
            '---\ntitle: "The conference"\nimage: {alt: "The hall"}\n---\nText.\n',
        "content/tin-tuc/khac.md": article("Bài khác", image='{alt: "Không có ảnh"}')})
    assert site.build() == 1
    err = capsys.readouterr().err
    assert ("content/tin-tuc/hoi-nghi.en.md:3: error: `image.src` is required: the original "
            "has no lead image for this translation to show") in err
    assert ("content/tin-tuc/khac.md:6: error: `image.src` is required: the image file, "
            "e.g. /images/hoi-nghi.jpg") in err


def test_switcher_goes_to_language_home_without_translation(make_site) -> None:
    site = make_site({"content/tin-tuc/chi-tieng-viet.md": article()})
    assert site.build() == 0
    html = site.read("vi/tin-tuc/chi-tieng-viet/index.html")
    assert re.search(r'<a href="/en/" hreflang="en"[^>]*>English</a>', html)
    assert 'hreflang="en" href="https://example.test/en/' not in html


def test_broken_article_fails_with_one_line_per_problem_and_keeps_public(
        make_site, capsys) -> None:
    site = make_site({"content/tin-tuc/tot.md": article("Bài tốt")})
    assert site.build() == 0
    before = site.output_files()
    site.write("content/tin-tuc/hong.md", article(
        "Bài hỏng", date="2023-02-30 08:00", rating="{points: 7, votes: 1}"))
    capsys.readouterr()
    assert site.build() == 1
    err = capsys.readouterr().err
    assert "content/tin-tuc/hong.md:3: error: `date` must be a date-time" in err
    assert ("content/tin-tuc/hong.md:6: error: `rating.points` must be between votes and "
            "5 × votes (1–5 stars per vote); got 7 for 1 vote") in err
    assert "Traceback" not in err
    assert len([line for line in err.splitlines() if ": error: " in line]) == 2
    assert site.output_files() == before
    leftovers = [p.name for p in site.root.iterdir() if p.name.startswith(".public")]
    assert leftovers == []


def test_errors_from_many_files_are_all_reported(make_site, capsys) -> None:
    site = make_site({
        "content/tin-tuc/a.md": article(author="khong-co"),
        "content/tin-tuc/b.md": article(category="the-thao"),
    })
    assert site.build() == 1
    err = capsys.readouterr().err
    assert "content/tin-tuc/a.md:4: error: unknown author `khong-co`" in err
    assert "content/tin-tuc/b.md:5: error: unknown category `the-thao`" in err


def test_missing_required_field_is_an_error(make_site, capsys) -> None:
    site = make_site({"content/tin-tuc/a.md": "---\ntitle: Thiếu ngày\n---\nx\n"})
    assert site.build() == 1
    err = capsys.readouterr().err
    assert "content/tin-tuc/a.md:1: error: missing required front-matter field `date`" in err
    assert "`author`" in err and "`category`" in err


def test_broken_original_is_reported_once_not_again_in_its_translation(make_site,
                                                                          capsys) -> None:
    site = make_site({
        "content/tin-tuc/a.md": '---\ntitle: "Mở ngoặc\ndate: 2023-09-01 00:14\n---\nx\n',
        "content/tin-tuc/a.en.md": "---\ntitle: English\n---\nx\n",
    })
    assert site.build() == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if ": error: " in line]
    assert len(errors) == 1 and errors[0].startswith("content/tin-tuc/a.md:"), errors
    assert errors[0] == ('content/tin-tuc/a.md:2: error: the title opens a quote (`"`, column 8) '
                         'that is never closed: add the closing `"` at the end of the value')


def test_empty_author_and_category_are_one_error_each(make_site, capsys) -> None:
    site = make_site({"content/tin-tuc/a.md": article(author="", category="")})
    assert site.build() == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if ": error: " in line]
    assert sorted(errors) == [
        "content/tin-tuc/a.md:4: error: missing required front-matter field `author` for an "
        "article in tin-tuc/: write `author: …` in the front-matter",
        "content/tin-tuc/a.md:5: error: missing required front-matter field `category` for an "
        "article in tin-tuc/: write `category: …` in the front-matter",
    ]


def test_two_pages_claiming_one_url_is_an_error_naming_both(make_site, capsys) -> None:
    site = make_site({
        "content/tin-tuc/a.md": article(slug="trung"),
        "content/tin-tuc/trung.md": article(),
    })
    assert site.build() == 1
    err = capsys.readouterr().err
    assert ("two pages claim the URL /vi/tin-tuc/trung/: content/tin-tuc/a.md and "
            "content/tin-tuc/trung.md") in err


def test_same_input_gives_byte_identical_output(make_site) -> None:
    site = make_site({
        "content/tin-tuc/ket-luan-57.md": example_article(), **CITED_DIRECTIVES,
        "content/tin-tuc/b.md": article("Bài hai", date="2023-09-01 00:14"),
        "content/gioi-thieu/lich-su.md": "---\ntitle: Lịch sử\n---\nGò Công Tây.\n",
    })
    assert site.build() == 0
    first = site.output_files()
    assert site.build() == 0
    assert site.output_files() == first


def test_raw_html_and_script_urls_are_not_published(make_site) -> None:
    body = ('<script>alert("x")</script>\n\n<img src=x onerror=alert(1)>\n\n'
            "[bấm](javascript:alert(1)) [trang](https://example.org){onclick=\"alert(1)\"}\n")
    site = make_site({"content/tin-tuc/xss.md": article(body=body)})
    assert site.build() == 0
    html = site.read("vi/tin-tuc/xss/index.html")
    assert "<script>" not in html
    assert not re.search(r"<[^>]*\b(onerror|onclick)", html)  # as text it is harmless
    assert 'href="javascript:' not in html
    assert "&lt;script&gt;" in html  # shown as text, not run


def test_written_bantin_urls_are_never_links(make_site) -> None:
    # A body is rendered once with `bantin:` placeholders where site links go; one the
    # editor writes must not pass for a placeholder, nor stay in the page.
    body = "Xem [nguồn](bantin:l/0) và [văn bản](bantin:d/0), [trang](lich-su.md).\n"
    site = make_site({"content/tin-tuc/a.md": article(body=body),
                      "content/tin-tuc/lich-su.md": article("Lịch sử")})
    assert site.build() == 0
    html = site.read("vi/tin-tuc/a/index.html")
    assert "bantin:" not in html
    assert '<a href="/vi/tin-tuc/lich-su/">trang</a>' in html
    assert "<a>nguồn</a>" in html and "<a>văn bản</a>" in html


def test_front_matter_is_escaped_in_templates(make_site) -> None:
    site = make_site({"content/tin-tuc/a.md": article("<b>Tiêu đề</b> & trích dẫn")})
    assert site.build() == 0
    html = site.read("vi/tin-tuc/a/index.html")
    assert "<b>Tiêu đề</b>" not in html
    assert "&lt;b&gt;Tiêu đề&lt;/b&gt; &amp;" in html


def test_markdown_footnotes_tables_and_ascii_heading_ids(make_site) -> None:
    body = ("## Mục đích, yêu cầu\n\nNội dung[^1].\n\n| Cột | Số |\n|:--|--:|\n| a | 1 |\n\n"
            "[^1]: Chú thích cuối trang.\n")
    site = make_site({"content/tin-tuc/a.md": article(body=body)})
    assert site.build() == 0
    html = site.read("vi/tin-tuc/a/index.html")
    assert '<h2 id="muc-dich-yeu-cau">Mục đích, yêu cầu</h2>' in html
    assert 'class="footnotes"' in html and "Chú thích cuối trang." in html
    assert '<td class="align-right">1</td>' in html


def test_assets_are_fingerprinted_and_referenced(make_site) -> None:
    site = make_site({"content/tin-tuc/a.md": article()})
    assert site.build() == 0
    css = [name for name in site.output_files() if name.startswith("assets/css/main.")]
    assert len(css) == 1 and re.fullmatch(r"assets/css/main\.[0-9a-f]{10}\.css", css[0])
    assert f'href="/{css[0]}"' in site.read("vi/index.html")


def test_every_language_has_home_sections_and_404(make_site) -> None:
    site = make_site({"content/tin-tuc/a.md": article("Bài một")})
    assert site.build() == 0
    for path in ("index.html", "vi/index.html", "en/index.html", "vi/404.html", "en/404.html",
                 "vi/tin-tuc/index.html", "en/news/index.html", "en/about/index.html"):
        assert site.exists(path), path
    assert "Bài một" in site.read("vi/index.html")
    assert "Không tìm thấy trang" in site.read("vi/404.html")
    assert "Page not found" in site.read("en/404.html")
    chooser = site.read("index.html")
    assert 'href="/vi/"' in chooser and 'href="/en/"' in chooser


@pytest.mark.parametrize(("fields", "visible"), [
    ({}, True),
    ({"draft": "true"}, False),
    ({"internal": "true"}, False),
    ({"date": "2027-01-01 08:00"}, False),
    ({"expires": "2026-01-01 00:00"}, False),
])
def test_unpublished_articles_leave_no_trace(make_site, fields, visible) -> None:
    site = make_site({"content/tin-tuc/moc.md": article("DẤU-VẾT-RIÊNG", **fields)})
    assert site.build() == 0
    found = any(b"D\xe1\xba\xa4U-V\xe1\xba\xbeT-RI\xc3\x8aNG" in data
                for data in site.output_files().values())
    assert found is visible


def test_translation_of_a_draft_is_not_published(make_site) -> None:
    site = make_site({
        "content/tin-tuc/a.md": article(draft="true"),
        "content/tin-tuc/a.en.md": '---\ntitle: "SECRET-EN"\n---\nx\n',
    })
    assert site.build() == 0
    assert not any(b"SECRET-EN" in data for data in site.output_files().values())


def test_drafts_option_shows_drafts_with_banner_and_noindex(make_site) -> None:
    site = make_site({"content/tin-tuc/a.md": article(draft="true")})
    assert site.build("--drafts") == 0
    html = site.read("vi/tin-tuc/a/index.html")
    assert "Bản nháp" in html and '<meta name="robots" content="noindex">' in html


def test_a_third_language_needs_only_configuration(make_site) -> None:
    config = MINIMAL_CONFIG.replace('[sections.tin-tuc]', '''[[languages]]
code = "fr"
name = "Français"
locale = "fr"
title = "Bulletin"
date_format = "EEEE d MMMM y, HH:mm"

[sections.tin-tuc]''').replace('url = { vi = "tin-tuc", en = "news" }',
                               'url = { vi = "tin-tuc", en = "news", fr = "actualites" }')
    site = make_site({
        "content/tin-tuc/a.md": article(),
        "content/tin-tuc/a.fr.md": '---\ntitle: "Article en français"\n---\nTexte.\n',
    }, config=config)
    assert site.build() == 0
    html = site.read("fr/actualites/a/index.html")
    assert '<html lang="fr">' in html
    assert ">vendredi 1 septembre 2023, 00:14</time>" in html
    assert 'href="/fr/actualites/a/"' in site.read("vi/tin-tuc/a/index.html")


def test_layout_error_is_reported_at_the_layout_line(make_site, capsys) -> None:
    site = make_site({"content/tin-tuc/a.md": article()})
    (site.root / "layouts" / "404.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n{{ no_such_thing.x }}\n{% endblock %}\n')
    assert site.build() == 1
    err = capsys.readouterr().err
    assert "layouts/404.html:3: error:" in err and "no_such_thing" in err


def test_unknown_config_key_is_an_error(make_site, capsys) -> None:
    site = make_site({}, config=MINIMAL_CONFIG + '\nbase_ulr = "x"\n')
    assert site.build() == 1
    assert "config.toml:" in capsys.readouterr().err


def test_what_went_wrong_in_a_build_is_told_in_the_editors_language(make_site, capsys) -> None:
    site = make_site({"content/tin-tuc/a.md": article(image='{src: "/images/hong.jpg", '
                                                             'alt: "Hỏng"}'),
                      "assets/images/hong.jpg": b"\xff\xd8 not really a jpeg \xff\xd9"},
                     config=VIETNAMESE_SITE)
    assert site.build("--no-search") == 0
    warning = next(line for line in capsys.readouterr().err.splitlines()
                   if line.startswith("assets/images/hong.jpg: warning: "))
    assert warning.endswith("; ảnh vẫn được đưa lên nguyên như vậy, không có cỡ nhỏ hơn và "
                            "không có bản WebP")
    site.write("config.toml", VIETNAMESE_SITE + '\n[search]\nurl = "tin-tuc"\n')
    assert site.build("--no-search") == 1
    assert capsys.readouterr().err.splitlines()[-2:] == [
        "content: error: hai tệp kết quả cùng dùng địa chỉ /vi/tin-tuc/; đặt `slug` khác cho "
        "trang có địa chỉ này, hoặc đổi địa chỉ đó trong config.toml",
        "dựng trang không thành công: 1 lỗi; thư mục public/ được giữ nguyên"]
    assert site.build("--no-search", "--lang", "en") == 1
    assert ("content: error: two outputs claim /vi/tin-tuc/; give the page with this address "
            "another `slug`, or change the address in config.toml") in \
        capsys.readouterr().err.splitlines()


def test_a_file_saved_during_the_build_asks_for_another_build(make_site, capsys,
                                                              monkeypatch) -> None:
    from bantin.model.document import BodyChanged
    from bantin.rendering.render import Renderer

    def saved_meanwhile(self, page) -> str:
        raise BodyChanged(page.source.path)

    monkeypatch.setattr(Renderer, "page", saved_meanwhile)
    site = make_site({"content/tin-tuc/a.md": article()}, config=VIETNAMESE_SITE)
    before = site.output_files()
    assert site.build("--no-search") == 1
    assert "content/tin-tuc/a.md: error: tệp bị sửa trong lúc đang dựng trang; hãy dựng lại" \
        in capsys.readouterr().err.splitlines()
    assert site.output_files() == before
