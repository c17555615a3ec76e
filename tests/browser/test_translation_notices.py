"""Stale-translation notices and "Vietnamese only" labels, as a reader meets them in Chromium:
valid HTML, WCAG 2.1 AA (axe), and the links go where they say."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.browser.conftest import serve_folder
from tests.browser.test_accessibility import AXE, _axe_violations
from tests.conftest import MINIMAL_CONFIG, article
from tests.test_theme_quality import _vnu_command

LABEL = MINIMAL_CONFIG.replace('short_date_format = "d MMM y"\n',
                               'short_date_format = "d MMM y"\nuntranslated = "label"\n')


@pytest.fixture
def served(make_site):
    site = make_site({
        "content/tin-tuc/ket-luan-57.md": article("Kết luận 57", summary='"Sapo."'),
        "content/tin-tuc/ket-luan-57.en.md":  # never stamped: shown as possibly out of date
            '---\ntitle: "Conclusion 57"\nslug: conclusion-57\n---\nParagraph.\n',
        "content/tin-tuc/chi-tieng-viet.md": article("Bài chỉ có tiếng Việt",
                                                     summary='"Sapo tiếng Việt."'),
    }, config=LABEL)
    assert site.build() == 0
    server, url = serve_folder(site.root / "public")
    yield site, url
    server.shutdown()


def test_notice_and_labels_are_valid_html(served) -> None:
    site, _ = served
    result = subprocess.run([*_vnu_command(), "--errors-only", "--format", "json",
                             str(site.root / "public/en/index.html"),
                             str(site.root / "public/en/news/index.html"),
                             str(site.root / "public/en/news/conclusion-57/index.html")],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    assert [m for m in messages if m.get("type") == "error"] == []


def test_notice_and_labels_pass_axe(browser, served) -> None:
    if not AXE.exists():
        pytest.fail("axe-core is missing: run ./scripts/test (it runs `npm ci --ignore-scripts`)")
    _, url = served
    context = browser.new_context(bypass_csp=True)
    tab = context.new_page()
    problems = []
    for path in ("/en/", "/en/news/", "/en/news/conclusion-57/"):
        problems += _axe_violations(tab, url + path)
    context.close()
    assert problems == [], "\n".join(problems)


def test_reader_follows_the_notice_and_the_label_to_the_original(page, served) -> None:
    _, url = served
    page.goto(f"{url}/en/news/conclusion-57/")
    note = page.get_by_role("note")
    assert "may be out of date" in note.inner_text()
    note.get_by_role("link", name="Read the current original (Vietnamese)").click()
    page.wait_for_url(f"{url}/vi/tin-tuc/ket-luan-57/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_role("note").count() == 0  # the original has no notice

    page.goto(f"{url}/en/news/")
    teaser = page.locator("article.untranslated")
    assert teaser.locator(".label-untranslated").inner_text() == "Vietnamese only"
    teaser.get_by_role("link", name="Bài chỉ có tiếng Việt").click()
    page.wait_for_url(f"{url}/vi/tin-tuc/chi-tieng-viet/")
    assert page.locator("h1").inner_text() == "Bài chỉ có tiếng Việt"
