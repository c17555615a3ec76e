"""In Chromium, without the site's Content-Security-Policy (the second wall): a translator's
`<img onerror=…>` in a UI catalog does not run, and an SVG with a script never reaches the
site. Each test first shows that the same payload does run when served as it is, so it
cannot pass for want of a working payload."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import article

CATALOG = "locales/en/LC_MESSAGES/messages.po"
PAYLOAD = "<img src=x onerror=\"document.title='PWNED'\">"
SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
       "<script>document.title='PWNED'</script><rect width='5' height='5'/></svg>")


class _Plain(SimpleHTTPRequestHandler):
    """No CSP header: only Bantin's escaping stands between the payload and the reader."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".svg": "image/svg+xml"}

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def serve_plain() -> Iterator[object]:
    servers = []

    def serve(folder: Path) -> str:
        server = ThreadingHTTPServer(("127.0.0.1", 0),
                                     functools.partial(_Plain, directory=str(folder)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield serve
    for server in servers:
        server.shutdown()


def _title_after_load(page, url: str) -> str:
    page.goto(url)
    page.wait_for_load_state("load")
    page.wait_for_timeout(200)  # an onerror fires once the broken image failed
    return page.title()


def test_catalog_payload_does_not_run_in_chromium(make_site, page, serve_plain) -> None:
    site = make_site({"content/tin-tuc/a.md": article(), "content/tin-tuc/a.en.md": article()})
    path = site.root / CATALOG
    path.write_text(path.read_text(encoding="utf-8").replace(
        'msgstr "Skip to content"', 'msgstr "Skip ' + PAYLOAD.replace('"', '\\"') + '"', 1),
        encoding="utf-8")
    assert site.build("--no-search") == 0
    site.write("public/control.html", f"<!DOCTYPE html><title>ok</title><p>{PAYLOAD}</p>")
    base = serve_plain(site.root / "public")
    assert _title_after_load(page, f"{base}/control.html") == "PWNED"  # the payload works

    title = _title_after_load(page, f"{base}/en/news/a/")
    assert title != "PWNED" and title
    assert page.locator(".skip-link").text_content() == f"Skip {PAYLOAD}"  # shown as text
    assert page.locator("img[src=x]").count() == 0


def test_svg_with_a_script_never_reaches_the_site(make_site, page, serve_plain, tmp_path) -> None:
    (tmp_path / "control").mkdir()
    (tmp_path / "control/logo.svg").write_text(SVG, encoding="utf-8")
    control = serve_plain(tmp_path / "control")
    assert _title_after_load(page, f"{control}/logo.svg") == "PWNED"  # opened, it runs

    site = make_site({"content/tin-tuc/a.md": article(body="![Biểu trưng](/images/logo.svg)\n"),
                      "assets/images/logo.svg": SVG})
    assert site.build("--no-search") == 1
    assert not (site.root / "public").exists()
    (site.root / "assets/images/logo.svg").write_text(SVG.replace(
        "<script>document.title='PWNED'</script>", ""), encoding="utf-8")
    assert site.build("--no-search") == 0
    base = serve_plain(site.root / "public")
    title = _title_after_load(page, f"{base}/vi/tin-tuc/a/")
    assert title != "PWNED"
    svg = page.locator(".body img").first.get_attribute("src")
    assert svg.endswith(".svg") and _title_after_load(page, base + svg) != "PWNED"
