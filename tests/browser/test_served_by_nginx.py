"""The bulletin in Chromium as nginx serves it (tests/nginx_server.py): the home page chosen
by the browser's language, an article, and a search run by Pagefind's WebAssembly, with the
headers and Content-Security-Policy of the printed block and nothing refused."""

from __future__ import annotations

import re

import pytest

from tests import nginx_server

nginx_site = nginx_server.nginx_site  # the fixture, for this module's tests


@pytest.fixture
def tab(browser):
    context = browser.new_context(java_script_enabled=True, locale="vi-VN")
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning")
           and not m.location.get("url", "").endswith("/favicon.ico") else None)
    tab.on("pageerror", lambda e: problems.append(str(e)))
    yield tab
    context.close()
    assert problems == [], problems  # a CSP refusal is reported on the console


def test_home_article_and_search_through_nginx(tab, nginx_site) -> None:
    base, _ = nginx_site
    response = tab.goto(f"{base}/")  # Chromium says vi-VN: sent to the Vietnamese home
    assert tab.url == f"{base}/vi/"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    tab.locator("main a[href^='/vi/tin-tuc/']").first.click()
    tab.wait_for_url(re.compile(r"/vi/tin-tuc/[^/]+/$"))
    assert tab.locator("article h1").count() == 1
    box = tab.get_by_role("search").get_by_label("Tìm trong bản tin")
    box.fill("ky yen")
    box.press("Enter")
    tab.wait_for_url(re.compile(r"/vi/tim-kiem/\?q="))
    tab.locator("#search-status").filter(has_text=re.compile("Kết quả")).wait_for()
    urls = tab.locator("#search-list > li a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")
    assert "/vi/tin-tuc/le-ky-yen-dinh-lang/" in urls


def test_an_old_address_opens_the_page_in_the_browser(tab, nginx_site) -> None:
    base, _ = nginx_site
    tab.goto(f"{base}/tin-tuc/tag/lễ-hội")
    assert tab.url == f"{base}/vi/tin-tuc/khai-mac-le-hoi/"
    assert tab.locator("article h1").inner_text() == "Khai mạc lễ hội"
