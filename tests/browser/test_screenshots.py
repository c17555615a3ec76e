"""Every kind of page as readers see it, on a phone (390 px) and a laptop (1366 px), in both
languages: checked for what breaks a layout (sideways scrolling, a header that fills the
phone's screen, a menu bar out of line with the content) and kept as PNGs in
docs/screenshots/ so a change to the theme can be looked at (commit them)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.conftest import REPO

SHOTS = REPO / "docs" / "screenshots"
WIDTHS = {390: 844, 1366: 768}  # a common phone and a common laptop screen
MAX_HEIGHT = 3200  # long pages are cut: what matters is the top and the layout
PAGES = {
    "home": {"vi": "/vi/", "en": "/en/"},
    "article": {"vi": "/vi/tin-tuc/quan-triet-ket-luan-57/",
                "en": "/en/news/quan-triet-ket-luan-57/"},
    "list": {"vi": "/vi/chuyen-muc/van-hoa-du-lich/", "en": "/en/news/"},
    "directive": {"vi": "/vi/van-ban/ke-hoach-94-kh-hu/",
                  "en": "/en/documents/ke-hoach-94-kh-hu/"},
    "directive-index": {"vi": "/vi/van-ban/", "en": "/en/documents/"},
    "search": {"vi": "/vi/tim-kiem/?q=kiều bào", "en": "/en/search/?q=overseas"},
}


@pytest.mark.parametrize("width", sorted(WIDTHS))
@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("kind", sorted(PAGES))
def test_page_looks_right_and_is_kept_as_a_screenshot(browser, demo_site: str, kind: str,
                                                      lang: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": WIDTHS[width]},
                                  color_scheme="light", reduced_motion="reduce")
    tab = context.new_page()
    response = tab.goto(demo_site + PAGES[kind][lang], wait_until="networkidle")
    assert response is not None and response.status == 200
    if kind == "search":
        tab.wait_for_selector("#search-list li", timeout=15000)
        assert tab.locator("#search-list li .meta").first.inner_text().strip()  # date · kind
    tab.evaluate("document.fonts.ready")
    # Nothing wider than the screen: no sideways scrolling.
    assert tab.evaluate("document.documentElement.scrollWidth") <= width
    header = tab.locator(".site-header").bounding_box()
    if width < 600:
        # The phone's header is one compact row, its menu closed until asked for.
        assert header["height"] <= 0.15 * WIDTHS[width], header
        assert not tab.locator("#menu").is_visible()
    else:
        # The menu's first item lines up with the content below it.
        item = tab.locator(".menu-list a").first.bounding_box()
        content = tab.locator("main").bounding_box()
        padding = tab.evaluate("parseFloat(getComputedStyle(document.querySelector('main'))"
                               ".paddingLeft)")
        assert abs(item["x"] - (content["x"] + padding)) <= 1, (item, content)
    if kind == "home":
        assert tab.locator(".teaser-lead picture img").first.is_visible()
    height = min(MAX_HEIGHT, tab.evaluate("document.documentElement.scrollHeight"))
    png = tab.screenshot(full_page=True, clip={"x": 0, "y": 0, "width": width, "height": height})
    context.close()
    keep(png, SHOTS / f"{kind}-{lang}-{width}.png")


def keep(png: bytes, path: Path) -> None:
    """The screenshot in 256 colours: a third of the bytes in git, as legible."""
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    with Image.open(io.BytesIO(png)) as image:
        image.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT,
                                      dither=Image.Dither.NONE).save(path, optimize=True)


def test_phone_menu_opens_without_javascript(browser, demo_site: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844},
                                  java_script_enabled=False)
    tab = context.new_page()
    tab.goto(demo_site + "/vi/")
    assert not tab.locator("#menu").is_visible()
    tab.locator(".menu-toggle").click()
    assert tab.locator("#menu").is_visible()
    assert tab.get_by_role("link", name="Văn bản").first.is_visible()
    context.close()
