"""An article's reading tools with JavaScript: the text size is remembered across pages, the
buttons that need a script appear, and nothing is loaded from another site."""

from __future__ import annotations

ARTICLE = "/vi/tin-tuc/quan-triet-ket-luan-57/"


def test_text_size_is_remembered_and_tools_appear(page, demo_site: str) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(demo_site + ARTICLE)
    assert page.locator(".reading-tools").is_visible()
    assert page.locator(".share-zalo").is_visible()
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.body')).fontSize)")
    page.get_by_role("button", name="Chữ to hơn").click()
    page.get_by_role("button", name="Chữ to hơn").click()
    assert page.evaluate("document.documentElement.dataset.textSize") == "2"
    larger = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.body')).fontSize)")
    assert larger > size * 1.2
    page.goto(demo_site + "/en/news/quan-triet-ket-luan-57/")  # another page: still larger
    assert page.evaluate("document.documentElement.dataset.textSize") == "2"
    page.get_by_role("button", name="Smaller text").click()
    assert page.evaluate("document.documentElement.dataset.textSize") == "1"
    assert all(url.startswith(demo_site) for url in requests), requests
    assert errors == []


def test_without_javascript_the_share_links_remain_and_the_buttons_stay_hidden(
        browser, demo_site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(demo_site + ARTICLE)
    assert tab.get_by_role("link", name="Facebook").is_visible()
    assert tab.get_by_role("link", name="Gửi email").is_visible()
    assert not tab.locator(".reading-tools").is_visible()
    assert not tab.locator(".share-copy").is_visible()
    assert tab.locator(".rate-form button[type=submit]").is_visible()  # rating needs no script
    context.close()


def test_rating_is_sent_in_the_background_as_netlify_expects(page, demo_site: str) -> None:
    sent: list[str] = []

    def netlify(route) -> None:  # Netlify takes the POST at the form's action
        if route.request.method == "POST":
            sent.append(route.request.post_data or "")
            route.fulfill(status=200, body="")
        else:
            route.continue_()

    page.route(f"{demo_site}{ARTICLE}", netlify)
    page.goto(demo_site + ARTICLE)
    page.locator("label[for=stars-4]").click()
    page.get_by_role("button", name="Gửi đánh giá").click()
    page.wait_for_selector(".rate.sent")
    assert sent == ["form-name=rating&article=tin-tuc%2Fquan-triet-ket-luan-57&website=&stars=4"]
    assert page.get_by_role("status").filter(has_text="Cảm ơn").is_visible()
    assert not page.locator(".rate-form").is_visible()
    page.reload()  # this device remembers the article was rated
    assert page.locator(".rate.sent").count() == 1
