"""Searching in a real browser, from the Vietnamese home page, as a reader would: with and
without diacritics (đ included), by directive number, under the site's CSP."""

from __future__ import annotations

import re

import pytest

SAMPLE_TITLE = "Mẫu giao diện: Gò Công Tây đẩy mạnh thông tin đối ngoại theo Kết luận 57-KL/TW"
SAMPLE_URL = "/vi/tin-tuc/mau-giao-dien/"


def _search_from_home(tab, base: str, query: str) -> list[dict[str, str]]:
    """Type the query in the header's search box on /vi/, submit, read every result."""
    tab.goto(f"{base}/vi/")
    box = tab.get_by_role("search").get_by_label("Tìm trong bản tin")
    box.fill(query)
    box.press("Enter")
    tab.wait_for_url(re.compile(r"/vi/tim-kiem/\?q="))
    status = tab.locator("#search-status")
    status.filter(has_text=re.compile("Kết quả|Không tìm thấy")).wait_for()
    more = tab.locator(".search-more")
    while more.count():
        more.click()  # disabled at once, enabled (or removed) when the next page is shown
        tab.wait_for_function(
            "() => !document.querySelector('.search-more')?.disabled")
    return tab.locator("#search-list > li").evaluate_all(
        """items => items.map(li => ({
            url: li.querySelector('a').getAttribute('href'),
            title: li.querySelector('a').textContent,
            excerpt: li.querySelector('p').textContent,
            marks: Array.from(li.querySelectorAll('mark'), m => m.textContent)}))""")


@pytest.fixture
def tab(browser):
    context = browser.new_context(java_script_enabled=True)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error"
           and not m.location.get("url", "").endswith("/favicon.ico") else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    yield tab
    context.close()
    assert errors == [], errors  # a CSP refusal shows up here


def test_search_without_marks_finds_the_article(tab, theme_server) -> None:
    results = _search_from_home(tab, theme_server, "go cong tay")
    assert SAMPLE_URL in [r["url"] for r in results]
    assert tab.locator("#search-query").input_value() == "go cong tay"
    found = next(r for r in results if r["url"] == SAMPLE_URL)
    assert found["title"] == SAMPLE_TITLE


def test_search_without_d_stroke_finds_doi_ngoai(tab, theme_server) -> None:
    results = _search_from_home(tab, theme_server, "doi ngoai")
    urls = [r["url"] for r in results]
    assert SAMPLE_URL in urls
    assert len(urls) == len(set(urls)), "a page and its folded twin are one result"
    assert all("#" not in url for url in urls)
    for result in results:
        # Readers see the text as written, never the folded copy the index holds.
        assert "doi ngoai" not in result["excerpt"].lower(), result
        assert "doi ngoai" not in result["title"].lower(), result
    marks = {m.lower() for r in results for m in r["marks"]}
    assert "đối" in marks and any(m.startswith("ngoại") for m in marks), marks


def test_search_with_marks_still_finds_the_article(tab, theme_server) -> None:
    results = _search_from_home(tab, theme_server, "đối ngoại")
    assert SAMPLE_URL in [r["url"] for r in results]


def test_directive_number_finds_its_page(tab, theme_server) -> None:
    results = _search_from_home(tab, theme_server, "57-KL/TW")
    urls = [r["url"] for r in results]
    assert "/vi/van-ban/ket-luan-57-kl-tw/" in urls
    assert SAMPLE_URL in urls
    results = _search_from_home(tab, theme_server, "99-KH/HU")
    assert [r["url"] for r in results][0] == "/vi/van-ban/mau-van-ban/"
    # Documents often share a subject line: their results are named by number too.
    assert results[0]["title"] == ("99-KH/HU – Mẫu giao diện: Kế hoạch thực hiện công tác "
                                   "thông tin đối ngoại năm 2024")


def test_nothing_found_says_so(tab, theme_server) -> None:
    results = _search_from_home(tab, theme_server, "xyzzyqwv")
    assert results == []
    assert "Không tìm thấy" in tab.locator("#search-status").inner_text()


def test_english_search_uses_the_english_index(tab, theme_server) -> None:
    tab.goto(f"{theme_server}/en/search/?q=rice+fields")
    tab.locator("#search-status").filter(has_text="Results for").wait_for()
    urls = tab.locator("#search-list a").evaluate_all(
        "links => links.map(a => new URL(a.href).pathname)")
    assert urls and all(url.startswith("/en/") for url in urls)


def test_search_page_without_javascript_says_so_and_offers_links(browser, theme_server) -> None:
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"{theme_server}/vi/")
    box = tab.get_by_role("search").get_by_label("Tìm trong bản tin")
    box.fill("go cong tay")
    box.press("Enter")
    tab.wait_for_url(re.compile(r"/vi/tim-kiem/\?q=go\+cong\+tay"))
    assert "cần JavaScript" in tab.locator("main").inner_text()
    assert tab.get_by_role("link", name="Tin tức").count() >= 1
    assert tab.locator("main a[href^='https://duckduckgo.com/']").count() == 1
    context.close()


def _results(tab, url: str) -> list[dict[str, object]]:
    tab.goto(url)
    done = re.compile("Kết quả|Không tìm thấy|Results for|Nothing found")
    tab.locator("#search-status").filter(has_text=done).wait_for()
    return tab.locator("#search-list > li").evaluate_all(
        """items => items.map(li => ({
            url: li.querySelector('a').getAttribute('href'),
            excerpt: li.querySelector('p:last-child').textContent,
            marks: Array.from(li.querySelectorAll('mark'), m => m.textContent)}))""")


def test_a_word_found_only_without_its_d_stroke_is_shown_as_written(make_site, tab) -> None:
    from tests.browser.conftest import serve_folder
    from tests.conftest import article

    filler = " ".join(["Lúa chín vàng trên cánh đồng quê."] * 12)
    site = make_site({
        "content/tin-tuc/con-duong.md": article("Tin làng", body=f"{filler}\n\nCon đường mới "
                                                "về làng.\n"),
        "content/tin-tuc/bai hai.md": article("Tên tệp có dấu cách",
                                              body="Đoàn khách zqxv thăm huyện.\n"),
    })
    assert site.build() == 0
    server, base = serve_folder(site.root / "public")
    try:
        # Only the page's hidden word list has "duong": Pagefind finds it there, and the
        # excerpt is cut around the word in the text, as written.
        results = _results(tab, f"{base}/vi/search/?q=duong")
        assert [r["url"] for r in results] == ["/vi/tin-tuc/con-duong/"]
        assert results[0]["marks"] == ["đường"]
        assert "Con đường mới về làng." in results[0]["excerpt"]
        assert "duong" not in results[0]["excerpt"].lower()
        # A page whose file name has a space links to its address, percent-encoded.
        results = _results(tab, f"{base}/vi/search/?q=doan+zqxv")
        assert [r["url"] for r in results] == ["/vi/tin-tuc/bai%20hai/"]
        assert results[0]["marks"] == ["Đoàn", "zqxv"]
        tab.get_by_role("link", name="Tên tệp có dấu cách").click()
        tab.wait_for_url(re.compile(r"/vi/tin-tuc/bai%20hai/$"))
        assert tab.get_by_role("heading", level=1).inner_text() == "Tên tệp có dấu cách"
    finally:
        server.shutdown()


def test_a_site_with_no_page_yet_finds_nothing_and_then_its_first_article(make_site,
                                                                          tab) -> None:
    from tests.browser.conftest import serve_folder
    from tests.conftest import article

    site = make_site()
    assert site.build() == 0
    # No page, so no index to load: the search says nothing was found, not that it failed
    # (a failure would also be an error in the console, which `tab` refuses).
    assert not (site.root / "public/pagefind").exists()
    server, base = serve_folder(site.root / "public")
    try:
        assert _results(tab, f"{base}/vi/search/?q=doi+ngoai") == []
        assert "Không tìm thấy" in tab.locator("#search-status").inner_text()
        # The first article, built over that output: its search page loads the new index.
        site.write("content/tin-tuc/dau-tien.md", article("Bài đầu tiên về đối ngoại"))
        assert site.build() == 0
        # (another address: the browser may keep the page it loaded a moment ago)
        results = _results(tab, f"{base}/vi/search/?q=doi+ngoai&sau=1")
        assert [r["url"] for r in results] == ["/vi/tin-tuc/dau-tien/"]
    finally:
        server.shutdown()


def test_a_language_with_no_page_yet_finds_the_pages_of_another(make_site, tab) -> None:
    from tests.browser.conftest import serve_folder
    from tests.conftest import article

    # Only Vietnamese articles: English has no index of its own, and Pagefind searches the
    # largest one. A reader of the English search page finds the Vietnamese article, marked
    # as Vietnamese for a screen reader, and the page's own results are not.
    site = make_site({"content/tin-tuc/mot.md": article("Bài về đối ngoại")})
    assert site.build() == 0
    server, base = serve_folder(site.root / "public")
    try:
        results = _results(tab, f"{base}/en/search/?q=doi+ngoai")
        assert [r["url"] for r in results] == ["/vi/tin-tuc/mot/"]
        assert "Results for" in tab.locator("#search-status").inner_text()
        assert tab.locator("#search-list > li").get_attribute("lang") == "vi"
        _results(tab, f"{base}/vi/search/?q=doi+ngoai")
        assert tab.locator("#search-list > li").get_attribute("lang") is None
    finally:
        server.shutdown()




def test_the_address_of_the_emblem_in_every_header_finds_nothing(tab, theme_server) -> None:
    # The emblem is in every page's header, outside what is indexed. Given whole pages,
    # Pagefind took it for the picture of each page without one of its own and indexed its
    # address (/assets/icons/emblem.<digest>.svg) as words: "svg" found 14 pages of the
    # demo, "icons" and "emblem" the same 14 (and a few more by Pagefind's fallback to
    # words they begin with: "ic…", "em…"). No page of the demo has the word "svg".
    assert _search_from_home(tab, theme_server, "svg") == []
    assert "Không tìm thấy" in tab.locator("#search-status").inner_text()
