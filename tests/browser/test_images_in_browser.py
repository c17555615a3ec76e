"""Chromium picks a WebP size for the lead image and loads body images lazily."""

from __future__ import annotations


def test_browser_loads_a_webp_size_of_the_lead_image(page, theme_server) -> None:
    page.set_viewport_size({"width": 400, "height": 800})
    page.goto(f"{theme_server}/vi/tin-tuc/mau-giao-dien/")
    lead = page.locator(".lead-image img")
    lead.wait_for()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                           arg=lead.element_handle())
    current = lead.evaluate("img => img.currentSrc")
    assert current.endswith(".webp") and ".480w." in current, current  # 400 px wide screen
    assert lead.get_attribute("width") and lead.get_attribute("height")
    body = page.locator(".body picture img").first
    assert body.get_attribute("loading") == "lazy"
