"""Real-browser fixtures: Debian's Chromium driven by Playwright, the site served on 127.0.0.1."""

from __future__ import annotations

import functools
import shutil
import threading
import tomllib
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bantin.commands.cli import main
from tests.conftest import NOW, REPO

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail("Debian's Chromium is required for the browser tests: apt-get install chromium")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(), headless=True,
                                              args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def netlify_headers() -> dict[str, str]:
    """The headers netlify.toml sets on every page (the Content-Security-Policy among them)."""
    data = tomllib.loads((REPO / "netlify.toml").read_text(encoding="utf-8"))
    found: dict[str, str] = {}
    for rule in data.get("headers", []):
        if rule.get("for") == "/*":
            found.update(rule.get("values", {}))
    return found


class _QuietHandler(SimpleHTTPRequestHandler):
    # Served as Netlify serves them, so that a script or style the CSP blocks fails here too.
    extra_headers = netlify_headers()
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm",
                      ".webp": "image/webp", ".woff2": "font/woff2"}

    def log_message(self, format: str, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None):
        # Serve the language's 404 page, as Netlify does with the rules in netlify.toml.
        if code == 404:
            lang = self.path.strip("/").split("/")[0]
            page = Path(self.directory) / lang / "404.html"
            if lang and page.exists():
                body = page.read_bytes()
                self.send_response(404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
        super().send_error(code, message, explain)


def serve_folder(folder: Path) -> tuple[ThreadingHTTPServer, str]:
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The repository's demo site, built for production and served; yields its base URL."""
    out = tmp_path_factory.mktemp("demo") / "public"
    assert main(["build", "--root", str(REPO), "--out", str(out), "--now", NOW]) == 0
    server, url = serve_folder(out)
    yield url
    server.shutdown()


@pytest.fixture
def page(browser) -> Iterator[object]:
    context = browser.new_context(java_script_enabled=True)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture(scope="session")
def theme_server(theme_site: Path) -> Iterator[str]:
    """The demo site with the theme sample pages (see tests/theme_site.py), served."""
    server, url = serve_folder(theme_site)
    yield url
    server.shutdown()
