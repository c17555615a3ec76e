"""Chromium loads the right srcset candidate of an image whose file name has spaces and
Vietnamese letters (a raw space in srcset made it drop the list and load the largest JPEG)."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from tests.browser.conftest import serve_folder
from tests.conftest import article
from tests.test_images import picture_bytes

IMAGE = "Ảnh hội nghị 01.JPG"


@pytest.mark.parametrize(("width", "size"), [(400, "480w"), (1400, "960w")])  # 42rem column
def test_srcset_of_a_spaced_vietnamese_name_picks_the_size(make_site, page, width: int,
                                                           size: str) -> None:
    site = make_site({
        f"assets/images/{IMAGE}": picture_bytes(2000, 1000),
        "content/tin-tuc/a.md": article(image=f'{{src: "/images/{IMAGE}", alt: "Hội nghị"}}',
                                        body=f"Đoạn.\n\n![Trong bài](/images/{IMAGE})\n"),
    })
    assert site.build("--no-search") == 0
    server, base = serve_folder(site.root / "public")
    try:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{base}/vi/tin-tuc/a/")
        for selector in (".lead-image img", ".body picture img"):
            image = page.locator(selector).first
            image.scroll_into_view_if_needed()
            page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                                   arg=image.element_handle())
            current = unquote(image.evaluate("img => img.currentSrc"))
            assert f"/assets/images/Ảnh hội nghị 01.{size}." in current, current
            assert current.endswith(".webp"), current  # the WebP <source>, not the fallback
    finally:
        server.shutdown()
