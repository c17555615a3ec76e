"""Chromium reads the demo as the real Netlify CLI serves it (tests/netlify_cli.py): the
home page it is sent to, an article, and a search (Pagefind's WebAssembly), under
netlify.toml's Content-Security-Policy, with no refusal and no error in the console."""

from __future__ import annotations

import re

import pytest

from tests.netlify_cli import ARTICLE_URL, IMAGE_RENAMED, headers_for


@pytest.fixture
def tab(browser):
    # Chromium sends Accept-Language from the locale: vi-VN,vi
    context = browser.new_context(java_script_enabled=True, locale="vi-VN")
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(f"{m.location.get('url')}: {m.text}")
           if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    yield tab
    context.close()
    assert errors == [], errors  # a CSP refusal shows up here


def _under_policy(response) -> None:
    assert response is not None and response.status == 200, response
    assert response.headers["content-security-policy"] == headers_for("/*")[
        "Content-Security-Policy"]


def test_home_article_and_search_through_the_netlify_cli(tab, netlify_dev) -> None:
    response = tab.goto(netlify_dev.url + "/")
    assert tab.url == netlify_dev.url + "/vi/"  # the CLI's 302 for a Vietnamese browser
    _under_policy(response)
    assert tab.locator("html").get_attribute("lang") == "vi"

    _under_policy(tab.goto(netlify_dev.url + ARTICLE_URL))
    assert "Kỳ Yên" in tab.locator("h1").inner_text()
    lead = tab.locator(".lead-image img").first
    tab.wait_for_function("img => img.complete && img.naturalWidth > 0",
                          arg=lead.element_handle())
    assert IMAGE_RENAMED[1].rsplit(".", 1)[0] in lead.evaluate(
        "img => decodeURIComponent(img.currentSrc)")  # the Vietnamese file name, loaded

    box = tab.get_by_role("search").get_by_label("Tìm trong bản tin")
    box.fill("ky yen dinh lang")
    box.press("Enter")
    tab.wait_for_url(re.compile(r"/vi/tim-kiem/\?q="))
    tab.locator("#search-status").filter(has_text=re.compile("Kết quả|Không tìm thấy")).wait_for()
    found = tab.locator("#search-list > li a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")
    assert ARTICLE_URL in found, found
