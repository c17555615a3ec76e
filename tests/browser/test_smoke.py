"""A reader's first visit in a real browser: a Vietnamese article, then its English page."""

from __future__ import annotations

import re

from tests.conftest import REPO


def _translated_article() -> str:
    """A demo article that has an English translation."""
    news = REPO / "content" / "tin-tuc"
    english = sorted(news.glob("*.en.md"))
    assert english, "the demo site should have translated articles"
    return english[0].name.removesuffix(".en.md")


def test_reader_opens_vietnamese_article_and_switches_to_english(page, demo_site) -> None:
    page.goto(f"{demo_site}/vi/")
    assert page.locator("html").get_attribute("lang") == "vi"
    name = _translated_article()
    page.goto(f"{demo_site}/vi/tin-tuc/{name}/")
    assert page.locator("html").get_attribute("lang") == "vi"
    heading = page.locator("h1").inner_text()
    assert heading
    date_text = page.locator("article time").first.inner_text()
    assert re.match(r"Thứ \w+, \d\d/\d\d/\d{4} \d\d:\d\d", date_text), date_text
    assert page.locator(".author strong").inner_text()

    page.get_by_role("navigation", name="Ngôn ngữ").get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "/en/news/" in page.url
    assert page.locator("h1").inner_text() != heading
    assert re.match(r"[A-Z][a-z]+day, \d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d",
                    page.locator("article time").first.inner_text())
    assert page.get_by_role("link", name="Tiếng Việt").get_attribute("href") == \
        f"/vi/tin-tuc/{name}/"


def test_pages_are_readable_without_javascript(browser, demo_site) -> None:
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"{demo_site}/vi/")
    links = tab.locator("main a")
    assert links.count() >= 5
    links.first.click()
    tab.wait_for_load_state()
    assert tab.locator("main h1").inner_text()
    context.close()


def test_unknown_url_gets_the_language_404(page, demo_site) -> None:
    response = page.goto(f"{demo_site}/en/no-such-page/")
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
