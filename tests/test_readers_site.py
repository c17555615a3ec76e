"""What a reader sees around the text: the image-led home, thumbnails, branding, the footer
a government site must have, numbers kept whole, sharing and the rating form, directives."""

from __future__ import annotations

import re

from tests.conftest import MINIMAL_CONFIG, article, directive
from tests.test_search_index import indexed

IDENTITY = """
[branding]
logo = "icons/emblem.svg"
favicon = "icons/favicon.ico"
touch_icon = "icons/apple-touch-icon.png"
theme_color = "#a3120f"

[identity]
agency = { vi = "Ban Chỉ đạo thông tin đối ngoại huyện", en = "District Steering Committee" }
in_charge = { vi = "Bà Nguyễn Thị Lan", en = "Ms Nguyen Thi Lan" }
licence = "01/GP-TTĐT"
address = { vi = "Khu phố 1, thị trấn", en = "Quarter 1, the town" }
phone = "0273 3800 000"
email = "bantin@example.test"
pages = ["gioi-thieu/lien-he"]
privacy = "gioi-thieu/lien-he"
"""
CONFIG = MINIMAL_CONFIG + IDENTITY
PICTURE = 'image: {src: "/images/hoi-nghi.jpg", alt: "Hội nghị"}'


def test_home_leads_with_a_picture_and_every_category_block_has_articles(make_site) -> None:
    site = make_site({
        "content/tin-tuc/moi.md": article("Tin mới nhất", date="2024-05-01 08:00",
                                          image=PICTURE[7:]),
        "content/tin-tuc/cu.md": article("Tin cũ", date="2023-01-01 08:00",
                                         category="van-hoa-du-lich"),
        "content/tin-tuc/moi.en.md": '---\ntitle: "Newest"\n---\nText.\n',
    }, config=CONFIG)
    assert site.build() == 0
    for path, lead in (("vi/index.html", "Tin mới nhất"), ("en/index.html", "Newest")):
        html = site.read(path)
        teaser = re.search(r'<article class="teaser teaser-lead">(.*?)</article>', html, re.S)
        assert teaser and lead in teaser.group(1), path
        # the lead picture is at the top: loaded at once, first in line
        assert 'fetchpriority="high"' in teaser.group(1) and 'loading="lazy"' not in teaser.group(1)
        for block in re.findall(r'<section class="category-block".*?</section>', html, re.S):
            assert '<article class="teaser' in block, (path, block)
    # English has an article in one category only: one block, not an empty heading per category
    english = site.read("en/index.html")
    assert re.findall(r'aria-labelledby="category-([a-z-]+)"', english) == ["doi-ngoai"]
    assert "Culture and tourism" not in english.split("<main", 1)[1].split("</main>", 1)[0]


def test_lists_show_thumbnails_of_the_lead_image(make_site) -> None:
    site = make_site({"content/tin-tuc/a.md": article("Có ảnh", image=PICTURE[7:]),
                      "content/tin-tuc/b.md": article("Không ảnh")}, config=CONFIG)
    assert site.build() == 0
    html = site.read("vi/tin-tuc/index.html")
    with_picture = re.search(r'<article class="teaser teaser-row">(.*?)</article>', html, re.S)
    assert with_picture and "Có ảnh" in with_picture.group(1)
    thumb = with_picture.group(1)
    # a small size, lazily, decoration beside the title link (alt="")
    assert re.search(r'srcset="/assets/images/hoi-nghi\.480w\.\w+\.webp 480w', thumb)
    assert 'loading="lazy"' in thumb and 'alt=""' in thumb
    assert re.search(r'<article class="teaser teaser-row no-picture">.*?Không ảnh', html, re.S)


def test_branding_gives_emblem_favicons_and_theme_colour(make_site) -> None:
    site = make_site({"content/tin-tuc/a.md": article()}, config=CONFIG)
    assert site.build() == 0
    html = site.read("vi/tin-tuc/a/index.html")
    assert re.search(r'<link rel="icon" href="/assets/icons/emblem\.\w+\.svg" '
                     r'type="image/svg\+xml">', html)
    assert re.search(r'<link rel="apple-touch-icon" '
                     r'href="/assets/icons/apple-touch-icon\.\w+\.png">', html)
    assert '<meta name="theme-color" content="#a3120f">' in html
    assert re.search(r'<img class="emblem" src="/assets/icons/emblem\.\w+\.svg" alt=""', html)
    # Browsers ask for /favicon.ico whatever the page says: it is there.
    assert (site.root / "public/favicon.ico").read_bytes() == (
        site.root / "assets/icons/favicon.ico").read_bytes()


def test_bad_branding_and_identity_are_config_errors_at_their_line(make_site, capsys) -> None:
    config = CONFIG.replace('theme_color = "#a3120f"', 'theme_color = "red"').replace(
        'pages = ["gioi-thieu/lien-he"]', 'pages = ["../lien-he"]')
    site = make_site({"content/tin-tuc/a.md": article()}, config=config)
    assert site.build() == 1
    err = capsys.readouterr().err
    line = config.splitlines().index('theme_color = "red"') + 1
    assert (f'config.toml:{line}: error: [branding] theme_color must be a colour such as '
            f'"#a3120f"; got \'red\'') in err
    line = config.splitlines().index('pages = ["../lien-he"]') + 1
    assert f"config.toml:{line}: error: [identity] pages must be a list of content files" in err


def test_footer_names_who_is_responsible_in_the_readers_language(make_site) -> None:
    site = make_site({
        "content/gioi-thieu/lien-he.md": '---\ntitle: "Liên hệ"\n---\nĐịa chỉ.\n',
        "content/gioi-thieu/lien-he.en.md": '---\ntitle: "Contact"\nslug: contact\n---\nAddress.\n',
        "content/tin-tuc/a.md": article(),
    }, config=CONFIG)
    assert site.build() == 0
    vi = site.read("vi/tin-tuc/a/index.html").split('<footer class="site-footer">', 1)[1]
    assert "Cơ quan chủ quản:</span> Ban Chỉ đạo thông tin đối ngoại huyện" in vi
    assert "Chịu trách nhiệm:</span> Bà Nguyễn Thị Lan" in vi
    assert "Giấy phép:</span> 01/GP-TTĐT" in vi
    assert '<a href="tel:02733800000">0273 3800 000</a>' in vi
    assert '<a href="mailto:bantin@example.test">bantin@example.test</a>' in vi
    assert '<a href="/vi/gioi-thieu/lien-he/">Liên hệ</a>' in vi
    en = site.read("en/index.html").split('<footer class="site-footer">', 1)[1]
    assert "Responsible agency:</span> District Steering Committee" in en
    assert "Person in charge:</span> Ms Nguyen Thi Lan" in en
    assert '<a href="/en/about/contact/">Contact</a>' in en


def test_directive_numbers_never_break_inside(make_site) -> None:
    site = make_site({"content/tin-tuc/a.md": article(
        "Triển khai Kết luận 57-KL/TW", summary='"Theo Kế hoạch 94 - KH/HU."',
        body="Theo 30/2020/NĐ-CP và `1-NQ/TW` trong mã.\n")})
    assert site.build() == 0
    html = site.read("vi/tin-tuc/a/index.html")
    assert '<h1>Triển khai Kết luận <span class="doc-number">57-KL/TW</span></h1>' in html
    assert 'Theo Kế hoạch <span class="doc-number">94 - KH/HU</span>.' in html
    assert 'Theo <span class="doc-number">30/2020/NĐ-CP</span> và <code>1-NQ/TW</code>' in html
    listing = site.read("vi/tin-tuc/index.html")
    assert 'Triển khai Kết luận <span class="doc-number">57-KL/TW</span></a>' in listing
    assert re.search(r"\.doc-number[^{]*\{[^}]*white-space: nowrap",
                     (site.root / "assets/css/main.css").read_text(encoding="utf-8"))


def test_article_can_be_shared_printed_and_rated_without_third_party_scripts(make_site) -> None:
    site = make_site({"content/tin-tuc/a.md": article("Tin & ảnh"),
                      "content/tin-tuc/a.en.md": '---\ntitle: "News"\n---\nText.\n'},
                     config=CONFIG)
    assert site.build() == 0
    html = site.read("en/news/a/index.html")
    link = "https%3A//example.test/en/news/a/"
    assert f'href="https://www.facebook.com/sharer/sharer.php?u={link}"' in html
    assert f'href="https://x.com/intent/post?url={link}&amp;text=News"' in html
    assert f'href="mailto:?subject=News&amp;body={link}"' in html
    # buttons that need JavaScript stay hidden without it
    assert re.search(r'<button type="button" class="share-zalo"[^>]* hidden>Zalo</button>', html)
    assert re.search(r'<div class="reading-tools" hidden>', html)
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert [s for s in scripts if "src=" in s] == [
        s for s in scripts if re.search(r'src="/assets/js/article\.\w+\.js"', s)]
    # The rating form: a Netlify form with a honeypot, naming the original file
    form = re.search(r'<form class="rate-form"[^>]*>(.*?)</form>', html, re.S)
    assert form
    assert re.search(r'<form class="rate-form" name="rating" method="post" '
                     r'action="/en/news/a/#rated" data-netlify="true" '
                     r'data-netlify-honeypot="website">', html)
    assert '<input type="hidden" name="form-name" value="rating">' in form.group(1)
    assert '<input type="hidden" name="article" value="tin-tuc/a">' in form.group(1)
    assert '<p hidden><label>Leave this field empty <input name="website"' in form.group(1)
    assert re.findall(r'name="stars" value="(\d)"', form.group(1)) == ["5", "4", "3", "2", "1"]
    assert "No ratings yet: be the first." in html
    assert "Địa chỉ trang: https://example.test/vi/tin-tuc/a/" in site.read(
        "vi/tin-tuc/a/index.html")  # printed under the article


def test_directive_page_names_signer_and_source_in_the_pages_language(make_site) -> None:
    site = make_site({
        "content/van-ban/kh-94.md": directive(
            "94-KH/HU", "Kế hoạch", "Huyện ủy Gò Công Tây", "2023-08-31",
            signer="{on_behalf: T/M BAN THƯỜNG VỤ, title: PHÓ BÍ THƯ, name: Lê Thanh Bình}",
            source='"https://example.test/94.pdf"'),
        "content/van-ban/kh-94.en.md": '---\ntitle: "Plan"\nissuer: "District Party Committee"\n'
                                       "signer: {on_behalf: FOR THE STANDING BOARD, title: "
                                       "DEPUTY SECRETARY, name: Lê Thanh Bình}\n---\n",
    })
    assert site.build() == 0
    vi = site.read("vi/van-ban/kh-94/index.html")
    assert re.search(r'Người ký</dt><dd data-pagefind-ignore>PHÓ BÍ THƯ <strong>Lê Thanh Bình'
                     r'</strong></dd>', vi)
    assert '<a href="https://example.test/94.pdf" rel="external">Toàn văn chính thức</a>' in vi
    en = site.read("en/documents/kh-94/index.html")
    assert re.search(r"Issued by</dt><dd>District Party Committee</dd>", en)
    assert re.search(r"Signed by</dt><dd data-pagefind-ignore>DEPUTY SECRETARY <strong>"
                     r"Lê Thanh Bình</strong>", en)
    assert "<span>District Party Committee</span>" in site.read("en/documents/index.html")


def test_documents_index_filters_by_kind_and_year_without_javascript(make_site) -> None:
    site = make_site({
        "content/van-ban/kl-57.md": directive("57-KL/TW", "Kết luận", "Bộ Chính trị",
                                              "2023-06-15"),
        "content/van-ban/nq-34.md": directive("34-NQ/TW", "Nghị quyết", "Bộ Chính trị",
                                              "2023-01-09"),
        "content/van-ban/kh-94.md": directive("94-KH/HU", "Kế hoạch", "Huyện ủy Gò Công Tây",
                                              "2021-08-31"),
    })
    assert site.build() == 0
    html = site.read("vi/van-ban/index.html")
    filters = html.split('class="directive-filters"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r'<a href="#(loai-[a-z-]+)">([^<]+)</a>', filters) == [
        ("loai-ke-hoach", "Kế hoạch (1)"), ("loai-ket-luan", "Kết luận (1)"),
        ("loai-nghi-quyet", "Nghị quyết (1)")]
    assert re.findall(r'<a href="#(nam-\d+)">', filters) == ["nam-2023", "nam-2021"]
    year = html.split('id="nam-2023"', 1)[1].split("</section>", 1)[0]
    assert re.findall(r'class="directive-number" href="[^"]+">([^<]+)<', year) == [
        "57-KL/TW", "34-NQ/TW"]  # newest first
    css = (site.root / "assets/css/main.css").read_text(encoding="utf-8")
    assert ".filtered:target { display: block; }" in css


def test_search_records_have_date_and_kind_and_no_page_furniture(make_site) -> None:
    site = make_site({"content/tin-tuc/a.md": article(
        "Đón đoàn kiều bào", body="Đoàn kiều bào về thăm quê.\n")}, config=CONFIG)
    assert site.build() == 0
    records = indexed(site.root / "public")
    page = records["/vi/tin-tuc/a/"]
    assert page["meta"]["date"] == "01/09/2023" and page["meta"]["kind"] == "Thông tin đối ngoại"
    assert not page["content"].startswith(("Chuyên mục", "Thứ"))
    assert "Chuyên mục" not in page["content"] and "Thứ Sáu" not in page["content"]
    assert page["meta"]["folded"] == "doan don"  # "don doan" finds it; never shown
