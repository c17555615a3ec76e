"""WCAG 2.1 AA in a real browser: axe-core on every kind of page, in every language, and
every page readable with JavaScript off."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.theme_site import SAMPLE_URLS, node_module, page_types

AXE = node_module("axe-core/axe.min.js")
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _axe_violations(tab, url: str) -> list[str]:
    response = tab.goto(url)
    assert response is not None and response.status in (200, 404), url
    tab.add_script_tag(path=str(AXE))
    result = tab.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_21_AA)
    found = []
    for violation in result["violations"]:
        if violation["impact"] in ("serious", "critical"):
            targets = "; ".join(", ".join(n["target"]) for n in violation["nodes"][:3])
            found.append(f"{url}: {violation['impact']}: {violation['id']}: "
                         f"{violation['help']} ({targets})")
    return found


def test_every_page_type_in_every_language_passes_axe(browser, theme_site: Path,
                                                     theme_server: str) -> None:
    if not AXE.exists():
        pytest.fail("axe-core is missing: run ./scripts/test (it runs `npm ci --ignore-scripts`)")
    urls = sorted(set(page_types(theme_site).values()) | set(SAMPLE_URLS))
    assert len(urls) >= 10, urls
    # axe is injected as a script the site's CSP would refuse; the CSP is checked elsewhere.
    context = browser.new_context(bypass_csp=True)
    tab = context.new_page()
    problems: list[str] = []
    for url in urls:
        problems += _axe_violations(tab, theme_server + url)
    context.close()
    assert problems == [], "\n".join(problems)


def test_axe_finds_a_serious_violation(browser, tmp_path: Path) -> None:
    """The check above can fail: an image without alt and a low-contrast text are caught."""
    from tests.browser.conftest import serve_folder

    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>x</title></head>'
        '<body><main><h1>Tiêu đề</h1><img src="a.jpg"></main></body></html>',
        encoding="utf-8")
    server, url = serve_folder(tmp_path)
    context = browser.new_context(bypass_csp=True)
    try:
        problems = _axe_violations(context.new_page(), url + "/")
    finally:
        context.close()
        server.shutdown()
    assert any("image-alt" in p for p in problems), problems


def test_every_page_type_is_readable_without_javascript(browser, theme_site: Path,
                                                        theme_server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    for url in sorted(set(page_types(theme_site).values()) | set(SAMPLE_URLS)):
        tab.goto(theme_server + url)
        main = tab.locator("main")
        assert main.is_visible(), url
        assert tab.locator("main h1").first.inner_text().strip(), url
        assert len(main.inner_text().strip()) > 20, url
    context.close()
