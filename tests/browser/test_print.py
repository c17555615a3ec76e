"""Printing an article: one A4 page for a short article (not three, the first half empty),
with the page's address and date on it, and no menus or buttons."""

from __future__ import annotations

import re

import pytest


@pytest.mark.parametrize("path", ["/vi/tin-tuc/quan-triet-ket-luan-57/",
                                  "/en/news/quan-triet-ket-luan-57/",
                                  "/vi/tin-tuc/don-ca-tai-tu/"])
def test_short_article_prints_on_one_page_with_its_address(page, demo_site: str,
                                                           path: str) -> None:
    page.goto(demo_site + path)
    words = page.evaluate("document.querySelector('.body').innerText.split(/\\s+/).length")
    assert 400 <= words <= 600, words  # what "a short article" means here
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    page.emulate_media(media="print")
    assert page.locator(".printed-from").is_visible()
    assert f"thongtindoingoai.gocongtay.example{path}" in page.locator(".printed-from").inner_text()
    assert page.locator(".article > header .meta time").is_visible()  # the date
    for furniture in (".site-nav", ".article-tools", ".rate-form", ".site-footer"):
        assert not page.locator(furniture).first.is_visible(), furniture
