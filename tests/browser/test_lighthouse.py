"""Lighthouse, as a phone sees the site: the home page and an article score at least 95 in
performance, accessibility, best practices and SEO, in both languages.

Lighthouse is pinned in package.json (npm ci) and drives Debian's Chromium (CHROME_PATH),
headless, against the demo site served on 127.0.0.1 with netlify.toml's headers."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.browser.conftest import chromium_path
from tests.theme_site import node_module

LIGHTHOUSE = node_module(".bin/lighthouse")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGES = ("/vi/", "/vi/tin-tuc/quan-triet-ket-luan-57/", "/en/", "/en/news/quan-triet-ket-luan-57/")


def lighthouse(url: str, out: Path) -> dict[str, object]:
    if not LIGHTHOUSE.exists():
        pytest.fail("Lighthouse is missing: run ./scripts/test (it runs `npm ci --ignore-scripts`)")
    report = out / "report.json"
    subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
         "--form-factor=mobile", "--chrome-flags=--headless --no-sandbox",
         f"--only-categories={','.join(CATEGORIES)}"],
        check=True, timeout=300, capture_output=True,
        env={**os.environ, "CHROME_PATH": chromium_path()})
    return json.loads(report.read_text(encoding="utf-8"))


def _below_full_marks(result: dict) -> list[str]:
    """What cost points, to say why a score is low."""
    found = []
    for category in result["categories"].values():
        for ref in category["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if ref.get("weight") and audit.get("score") is not None and audit["score"] < 1:
                found.append(f"{category['id']}: {ref['id']} {audit['score']} "
                             f"{audit.get('displayValue', '')}")
    return found


@pytest.mark.parametrize("path", PAGES)
def test_home_and_article_score_95_on_a_phone(demo_site: str, path: str,
                                              tmp_path: Path) -> None:
    result = lighthouse(demo_site + path, tmp_path)
    assert result["finalDisplayedUrl"] == demo_site + path  # the page itself, not a 404
    scores = {name: result["categories"][name]["score"] for name in CATEGORIES}
    assert all(score is not None and score >= 0.95 for score in scores.values()), (
        scores, _below_full_marks(result))
