"""Directives as readers see them: links in text, related-document boxes, the document pages."""

from __future__ import annotations

import re
from datetime import datetime

from bantin.model.config import Language
from bantin.rendering.directive_pages import formal_date
from tests.conftest import CITED_DIRECTIVES, DIAMOND, article, directive

NQ34 = {"content/van-ban/nghi-quyet-34.md": directive(
    "34-NQ/TW", "Về một số định hướng, chủ trương lớn triển khai đường lối đối ngoại",
    "Bộ Chính trị", "2023-01-09")}

CHAIN = {
    "content/van-ban/ket-luan-57.md": directive(
        "57-KL/TW", "Về tiếp tục nâng cao chất lượng, hiệu quả công tác thông tin đối ngoại",
        "Bộ Chính trị", "2023-06-15", issuer_parent='"Ban Chấp hành Trung ương"',
        place='"Hà Nội"'),
    "content/van-ban/ket-luan-57.en.md":
        '---\ntitle: "On improving foreign-information work"\nplace: "Ha Noi"\n---\n',
    "content/van-ban/ke-hoach-157.md": directive(
        "157-KH/TU", "Thực hiện Kết luận 57-KL/TW", "Tỉnh ủy Tiền Giang", "2023-08-10",
        implements='["57-KL/TW"]'),
    "content/van-ban/ke-hoach-94.md": directive(
        "94-KH/HU", "Thực hiện Kết luận 57-KL/TW trên địa bàn huyện", "Huyện ủy Gò Công Tây",
        "2023-08-31", implements='["157- KH/TU"]', issuer_parent='"Đảng bộ tỉnh Tiền Giang"',
        place='"Gò Công Tây"',
        signer='{on_behalf: "T/M BAN THƯỜNG VỤ", title: "PHÓ BÍ THƯ", name: "Nguyễn Văn A"}',
        recipients='["Ban Tuyên giáo Tỉnh ủy (b/c)", "Lưu VP"]',
        source='"https://example.test/94-kh-hu.pdf"',
        body="Thực hiện Kế hoạch số 157- KH/TU của Tỉnh ủy[^1].\n\n"
             "[^1]: Kế hoạch ngày 10/8/2023.\n"),
    "content/tin-tuc/cu.md": article("Bài cũ", date="2023-09-01 08:00",
                                      directives='["94-KH/HU"]'),
    "content/tin-tuc/moi.md": article("Bài mới", date="2024-09-06 08:00",
                                      body="Sơ kết Kế hoạch 94-KH/HU.\n"),
    "content/tin-tuc/khong.md": article("Bài khác", date="2024-10-01 08:00"),
    "content/tin-tuc/nhap.md": article("Bài nháp", date="2024-10-02 08:00", draft="true",
                                       directives='["94-KH/HU"]'),
}


def _body(html: str) -> str:
    return html.split('<div class="body">', 1)[1].split("</div>", 1)[0]


def test_article_links_front_matter_and_text_only_directives(make_site) -> None:
    site = make_site({**CITED_DIRECTIVES, **NQ34, "content/tin-tuc/bai.md": article(
        directives='["57-KL/TW"]',
        body="""\
            Quán triệt Kết luận 57-KL/TW và Nghị quyết 34-NQ/TW; nhắc lại 34-NQ/TW.
            """)})
    assert site.build() == 0
    html = site.read("vi/tin-tuc/bai/index.html")
    body = _body(html)
    assert re.search(r'<a href="/vi/van-ban/ket-luan-57/" class="directive-link" title="Kết '
                     r'luận: [^"]*">57-KL/TW</a>', body)
    assert body.count('href="/vi/van-ban/nghi-quyet-34/"') == 1  # the first mention only
    assert 'nhắc lại <span class="doc-number">34-NQ/TW</span>.' in body  # on one line
    box = html.split('class="related-documents"', 1)[1].split("</section>", 1)[0]
    assert [m for m in re.findall(r'href="([^"]+)"', box)] == [
        "/vi/van-ban/ket-luan-57/", "/vi/van-ban/nghi-quyet-34/"]
    assert "Kết luận" in box and "Nghị quyết" in box
    assert "Bộ Chính trị" in box and "15/06/2023" in box and "09/01/2023" in box
    assert "Về một số định hướng, chủ trương lớn triển khai đường lối đối ngoại" in box


def test_no_links_in_headings_code_or_existing_links(make_site) -> None:
    site = make_site({**CITED_DIRECTIVES, "content/tin-tuc/bai.md": article(body="""\
        ## Về Kết luận 57-KL/TW

        Mã `57-KL/TW` trong mã nguồn.

            57-KL/TW trong khối mã

        Xem [toàn văn 57-KL/TW](https://example.test/57) và bản gốc.

        Cuối cùng: 57-KL/TW.
        """)})
    assert site.build() == 0
    body = _body(site.read("vi/tin-tuc/bai/index.html"))
    assert re.search(r'<h2[^>]*>Về Kết luận <span class="doc-number">57-KL/TW</span></h2>', body)
    assert "<code>57-KL/TW</code>" in body
    assert "<pre><code>57-KL/TW trong khối mã" in body
    assert '<a href="https://example.test/57">toàn văn 57-KL/TW</a>' in body
    assert body.count('class="directive-link"') == 1
    assert 'Cuối cùng: <a href="/vi/van-ban/ket-luan-57/" class="directive-link"' in body


def test_english_page_links_the_english_directive_or_falls_back_to_vietnamese(
        make_site) -> None:
    site = make_site({**CHAIN, "content/tin-tuc/cu.en.md":
                      '---\ntitle: "Old article"\n---\nOn Conclusion 57-KL/TW and Plan '
                      '94-KH/HU.\n'})
    assert site.build() == 0
    body = _body(site.read("en/news/cu/index.html"))
    assert '<a href="/en/documents/ket-luan-57/" class="directive-link" title="Conclusion: ' \
           'On improving foreign-information work">57-KL/TW</a>' in body
    assert re.search(r'<a href="/vi/van-ban/ke-hoach-94/" class="directive-link" title="Plan: '
                     r'[^"]*" hreflang="vi">94-KH/HU</a>', body)


def test_district_plan_page_shows_the_chain_above_and_the_articles_about_it(make_site) -> None:
    site = make_site(CHAIN)
    assert site.build() == 0
    html = site.read("vi/van-ban/ke-hoach-94/index.html")
    chain = html.split('class="directive-chain"', 1)[1].split("</section>", 1)[0]
    assert "Thực hiện" in chain
    assert re.findall(r'class="directive-number"[^>]*>([^<]+)<', chain) == [
        "57-KL/TW", "157-KH/TU", "94-KH/HU"]
    assert 'href="/vi/van-ban/ket-luan-57/"' in chain
    assert 'href="/vi/van-ban/ke-hoach-157/"' in chain
    articles = html.split('class="directive-articles"', 1)[1].split("</section>", 1)[0]
    assert "Bài viết về văn bản này" in articles
    titles = re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', articles)
    assert titles == ["Bài mới", "Bài cũ"]  # newest first; mention and front-matter alike


def test_directive_page_formal_heading_footnotes_recipients_signature_source(make_site) -> None:
    site = make_site(CHAIN)
    assert site.build() == 0
    html = site.read("vi/van-ban/ke-hoach-94/index.html")
    header = html.split('class="formal-header"', 1)[1].split('<h1>', 1)[0]
    assert "ĐẢNG BỘ TỈNH TIỀN GIANG" in header and "HUYỆN ỦY GÒ CÔNG TÂY" in header
    assert "Số 94-KH/HU" in header and "ĐẢNG CỘNG SẢN VIỆT NAM" in header
    assert '<time datetime="2023-08-31">Gò Công Tây, ngày 31 tháng 8 năm 2023</time>' in header
    assert '<p class="directive-kind">Kế hoạch</p>' in html
    assert 'class="footnote-ref"' in html and "Kế hoạch ngày 10/8/2023." in html
    assert 'Thực hiện Kế hoạch số <a href="/vi/van-ban/ke-hoach-157/"' in html
    footer = html.split('class="directive-footer"', 1)[1].split("</footer>", 1)[0]
    assert "Nơi nhận" in footer and "<li>Ban Tuyên giáo Tỉnh ủy (b/c)</li>" in footer
    assert footer.index("T/M BAN THƯỜNG VỤ") < footer.index("PHÓ BÍ THƯ") < footer.index(
        "Nguyễn Văn A")
    assert '<a href="https://example.test/94-kh-hu.pdf" rel="external">Toàn văn chính thức</a>' \
        in html


def test_top_document_lists_what_implements_it_down_the_tree(make_site) -> None:
    site = make_site(CHAIN)
    assert site.build() == 0
    html = site.read("vi/van-ban/ket-luan-57/index.html")
    assert 'class="directive-chain"' not in html  # nothing above the top
    tree = html.split('class="directive-children"', 1)[1].split("</section>", 1)[0]
    assert "Các văn bản thực hiện" in tree
    assert re.findall(r'class="directive-number"[^>]*>([^<]+)<', tree) == ["157-KH/TU",
                                                                           "94-KH/HU"]
    assert tree.count('<ul class="document-tree">') == 2  # 94-KH/HU nested under 157-KH/TU


def test_english_directive_page_has_english_heading(make_site) -> None:
    site = make_site(CHAIN)
    assert site.build() == 0
    html = site.read("en/documents/ket-luan-57/index.html")
    assert '<time datetime="2023-06-15">Ha Noi, 15 June 2023</time>' in html
    assert "No. 57-KL/TW" in html and "COMMUNIST PARTY OF VIETNAM" in html
    assert '<p class="directive-kind">Conclusion</p>' in html
    tree = html.split('class="directive-children"', 1)[1].split("</section>", 1)[0]
    assert 'href="/vi/van-ban/ke-hoach-157/" hreflang="vi"' in tree


def test_state_document_gets_the_state_motto(make_site) -> None:
    site = make_site({"content/van-ban/ct-21.md": directive(
        "21/CT-TTg", "Về đẩy mạnh thông tin đối ngoại", "Thủ tướng Chính phủ", "2021-02-05",
        place='"Hà Nội"')})
    assert site.build() == 0
    html = site.read("vi/van-ban/ct-21/index.html")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html and "Độc lập - Tự do - Hạnh phúc" in html
    assert "Hà Nội, ngày 05 tháng 02 năm 2021" in html
    assert '<p class="directive-kind">Chỉ thị</p>' in html


def test_vietnamese_formal_date_pads_small_days_and_early_months() -> None:
    vi = Language("vi", "Tiếng Việt", "vi", "t")
    assert formal_date(datetime(2021, 3, 18), "Việt Trì", vi) == (
        "Việt Trì, ngày 18 tháng 3 năm 2021")
    assert formal_date(datetime(2021, 2, 5), "Việt Trì", vi) == (
        "Việt Trì, ngày 05 tháng 02 năm 2021")
    assert formal_date(datetime(2021, 12, 1), None, vi) == "ngày 01 tháng 12 năm 2021"
    en = Language("en", "English", "en", "t")
    assert formal_date(datetime(2021, 3, 18), "Viet Tri", en) == "Viet Tri, 18 March 2021"


def test_documents_index_groups_by_rank_of_issuer_then_kind_in_each_language(make_site) -> None:
    site = make_site({**CHAIN, **NQ34})
    assert site.build() == 0
    html = site.read("vi/van-ban/index.html")
    # Central before the province before the district, each under its rank's heading.
    ranks = re.findall(r'<h2 class="rank-heading" id="cap-\d">([^<]+)</h2>', html)
    assert ranks == ["Trung ương", "Tỉnh", "Huyện"]
    groups = re.findall(r'<h3 id="issuer-\d+">([^<]+)</h3>', html)
    assert groups == ["Bộ Chính trị", "Tỉnh ủy Tiền Giang", "Huyện ủy Gò Công Tây"]
    politburo = html.split('id="issuer-1"', 1)[1].split("</section>", 1)[0]
    assert re.findall(r'<h4 id="[^"]+">([^<]+)</h4>', politburo) == ["Kết luận", "Nghị quyết"]
    english = site.read("en/documents/index.html")
    assert re.findall(r'<h4 id="[^"]+">([^<]+)</h4>', english.split('id="issuer-1"')[1].split(
        "</section>")[0]) == ["Conclusion", "Resolution"]
    assert 'href="/en/documents/ket-luan-57/"' in english
    assert 'href="/vi/van-ban/nghi-quyet-34/" hreflang="vi"' in english


def test_draft_article_never_listed_on_the_directive_page(make_site) -> None:
    site = make_site(CHAIN)
    assert site.build() == 0
    assert "Bài nháp" not in site.read("vi/van-ban/ke-hoach-94/index.html")
    assert site.build("--drafts") == 0
    assert "Bài nháp" in site.read("vi/van-ban/ke-hoach-94/index.html")


def test_english_page_marks_vietnamese_text_it_inherits(make_site) -> None:
    site = make_site({**CHAIN, "content/van-ban/ke-hoach-94.en.md":
                      '---\ntitle: "District plan"\nissuer: "Go Cong Tay District Party '
                      'Committee"\n---\n'})
    assert site.build() == 0
    html = site.read("en/documents/ke-hoach-94/index.html")
    assert '<p class="issuer"><strong>GO CONG TAY DISTRICT PARTY COMMITTEE</strong>' in html
    assert '<p class="issuer-parent" lang="vi">ĐẢNG BỘ TỈNH TIỀN GIANG</p>' in html
    assert '<ul lang="vi">' in html and '<div class="signature" lang="vi">' in html
    assert "<strong><em>Recipients:</em></strong>" in html


def test_plan_carrying_out_two_documents_shows_both_chains_to_the_top(make_site) -> None:
    site = make_site({
        **DIAMOND,
    })
    assert site.build() == 0
    chain = site.read("vi/van-ban/c/index.html").split('class="directive-chain"', 1)[1].split(
        "</section>", 1)[0]
    paths = [re.findall(r'class="directive-number"[^>]*>([^<]+)<', ol)
             for ol in chain.split('<ol class="chain">')[1:]]
    assert paths == [["1-NQ/TW", "2-KH/TU", "4-KH/HU"], ["1-NQ/TW", "3-KH/TU", "4-KH/HU"]]


def test_incremental_build_updates_directive_page_when_a_body_starts_citing_it(
        make_site) -> None:
    site = make_site({**CITED_DIRECTIVES, **NQ34,
                      "content/tin-tuc/bai.md": article("Bài mới nhắc", body="Chưa nhắc.\n")})
    assert site.build() == 0
    assert "Bài mới nhắc" not in site.read("vi/van-ban/nghi-quyet-34/index.html")
    site.write("content/tin-tuc/bai.md", article("Bài mới nhắc", body="Theo 34-NQ/TW.\n"))
    assert site.build() == 0  # from the cache of the first build
    assert "Bài mới nhắc" in site.read("vi/van-ban/nghi-quyet-34/index.html")
    site.write("content/tin-tuc/bai.md", article("Bài mới nhắc", body="Thôi nhắc.\n"))
    assert site.build() == 0
    assert "Bài mới nhắc" not in site.read("vi/van-ban/nghi-quyet-34/index.html")


def test_english_index_marks_issuers_left_in_vietnamese(make_site) -> None:
    site = make_site({**CHAIN, "content/van-ban/ke-hoach-94.en.md":
                      '---\ntitle: "District plan"\nissuer: "Go Cong Tay District Party '
                      'Committee"\n---\n'})
    assert site.build() == 0
    html = site.read("en/documents/index.html")
    assert re.search(r'<h3 id="issuer-\d+" lang="vi">Bộ Chính trị</h3>', html)
    assert re.search(r'<h3 id="issuer-\d+">Go Cong Tay District Party Committee</h3>', html)
    assert '<span lang="vi">Bộ Chính trị</span>' in html
    assert "<span>Go Cong Tay District Party Committee</span>" in html
    vi = site.read("vi/van-ban/index.html")
    assert 'lang="vi"' not in vi.split("<main", 1)[1]
