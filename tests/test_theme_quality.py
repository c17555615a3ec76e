"""Theme quality on the whole demo site: valid HTML (Nu Html Checker), no render-blocking
JavaScript, no inline script or style the Content-Security-Policy would block."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.theme_site import html_files, node_module

VNU = node_module("vnu-jar/build/dist/vnu.jar")


def _vnu_command() -> list[str]:
    java = shutil.which("java")
    if java is None or not VNU.exists():
        pytest.fail("the Nu Html Checker needs Java and node_modules/vnu-jar: run ./scripts/test "
                    "(`npm ci --ignore-scripts`, and Debian's default-jre-headless)")
    return [java, "-jar", str(VNU)]


def test_every_page_of_the_demo_site_is_valid_html(theme_site: Path) -> None:
    # One JVM for the whole site: starting Java per page would cost a second each.
    result = subprocess.run([*_vnu_command(), "--skip-non-html", "--errors-only",
                             "--format", "json", str(theme_site)],
                            capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    problems = [
        f"{Path(m.get('url', '')).as_posix().split(theme_site.as_posix())[-1]}:"
        f"{m.get('lastLine', 0)}: {m.get('message')} [{m.get('extract', '').strip()}]"
        for m in messages if m.get("type") in ("error", "non-document-error")
    ]
    assert problems == [], "\n".join(problems)
    assert result.returncode == 0


def test_the_checker_finds_invalid_html(tmp_path: Path) -> None:
    """The check above can fail: the same command reports a broken page."""
    (tmp_path / "bad.html").write_text(
        '<!DOCTYPE html><html lang="vi"><head><title>x</title></head>'
        "<body><p><div>khối trong đoạn</div></p><img src=a.jpg></body></html>",
        encoding="utf-8")
    result = subprocess.run([*_vnu_command(), "--skip-non-html", "--errors-only",
                             str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "alt" in result.stderr


_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)


def test_no_render_blocking_or_inline_javascript(theme_site: Path) -> None:
    problems = []
    for path in html_files(theme_site):
        html = path.read_text(encoding="utf-8")
        for attrs, body in _SCRIPT.findall(html):
            where = path.relative_to(theme_site).as_posix()
            if re.search(r'\btype="application/ld\+json"', attrs):
                continue  # a data block (JSON-LD) is never run, so the CSP does not apply
            if body.strip():
                problems.append(f"{where}: inline script (the CSP allows only files)")
            if "src=" not in attrs:
                continue
            if not re.search(r'\bdefer\b|\basync\b|type="module"', attrs):
                problems.append(f"{where}: <script{attrs}> blocks rendering; use defer")
        if re.search(r"<style\b|\sstyle=", html):
            problems.append(f"{path.relative_to(theme_site)}: inline style (the CSP forbids it)")
    assert problems == [], "\n".join(problems)


def test_demo_site_has_every_page_type(theme_site: Path) -> None:
    """The quality checks see every layout: articles, pages, directives, lists, 404s."""
    urls = {"/" + p.relative_to(theme_site).as_posix() for p in html_files(theme_site)}
    for expected in ("/vi/index.html", "/en/index.html", "/vi/404.html", "/en/404.html",
                     "/vi/tin-tuc/mau-giao-dien/index.html", "/vi/gioi-thieu/mau-trang/index.html",
                     "/vi/van-ban/mau-van-ban/index.html", "/vi/tin-tuc/index.html"):
        assert expected in urls
