"""A reader's browser at / lands on its language's home, under netlify.toml's rules."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from bantin.commands.cli import main
from tests.browser.conftest import _QuietHandler
from tests.conftest import NOW, REPO
from tests.netlify_rules import file_exists, redirects, route


class _NetlifyHandler(_QuietHandler):
    """Serves the output as Netlify would with the repository's netlify.toml."""

    rules = redirects()

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        path = self.path.split("?")[0]
        outcome = route(self.rules, path, self.headers.get("Accept-Language"),
                        file_exists(Path(self.directory)))
        if outcome and outcome.status in (301, 302):
            self.send_response(outcome.status)
            self.send_header("Location", outcome.to)
            self.end_headers()
            return
        super().do_GET()  # 404 rules: _QuietHandler serves the language's 404 page


@pytest.fixture(scope="module")
def netlify_site(tmp_path_factory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("netlify") / "public"
    assert main(["build", "--root", str(REPO), "--out", str(out), "--now", NOW]) == 0
    handler = functools.partial(_NetlifyHandler, directory=str(out))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def visit(browser, url: str, locale: str):
    context = browser.new_context(locale=locale)
    page = context.new_page()
    response = page.goto(url)
    return context, page, response


def test_english_browser_lands_on_the_english_home(browser, netlify_site) -> None:
    context, page, _ = visit(browser, f"{netlify_site}/", "en-US")
    try:
        assert page.url == f"{netlify_site}/en/"
        assert page.locator("html").get_attribute("lang") == "en"
    finally:
        context.close()


def test_vietnamese_browser_lands_on_the_vietnamese_home(browser, netlify_site) -> None:
    context, page, _ = visit(browser, f"{netlify_site}/", "vi-VN")
    try:
        assert page.url == f"{netlify_site}/vi/"
        assert page.locator("html").get_attribute("lang") == "vi"
    finally:
        context.close()


def test_other_browsers_choose_and_the_choice_is_followed(browser, netlify_site) -> None:
    context, page, _ = visit(browser, f"{netlify_site}/", "fr-FR")
    try:
        assert page.url == f"{netlify_site}/"
        page.get_by_role("link", name="English", exact=False).click()
        page.wait_for_url(f"{netlify_site}/en/")
        assert page.locator("html").get_attribute("lang") == "en"
    finally:
        context.close()


def test_missing_page_shows_that_languages_404(browser, netlify_site) -> None:
    context, page, response = visit(browser, f"{netlify_site}/en/no-such-page/", "vi-VN")
    try:
        assert response is not None and response.status == 404
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.locator("h1").inner_text() == "Page not found"
    finally:
        context.close()
