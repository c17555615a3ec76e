"""`python build.py serve`: rebuilds, errors shown in the browser, the last good site kept."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from html import unescape
from pathlib import Path

import pytest

from bantin.commands.serve import Preview, PreviewApp
from bantin.website.site import BuildOptions
from tests.agreement import run
from tests.conftest import REPO, article
from tests.test_check_matches_build import CASES


def preview_of(site) -> Preview:
    options = BuildOptions(now=datetime.fromisoformat("2026-11-23T12:00:00+07:00"),
                           drafts=True, future=True)
    return Preview(site.root, options, site.root / ".cache" / "preview")


def get(app: PreviewApp, path: str) -> tuple[str, dict[str, str], str]:
    answer: dict[str, object] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        answer.update(status=status, headers=dict(headers))

    body = b"".join(app({"PATH_INFO": path, "REQUEST_METHOD": "GET"}, start_response))
    return str(answer["status"]), answer["headers"], body.decode()  # type: ignore[return-value]


def test_failed_rebuild_keeps_the_last_good_site_with_the_errors_on_top(make_site, capsys) -> None:
    site = make_site({"content/tin-tuc/a.md": article("Bản tốt")})
    preview = preview_of(site)
    app = PreviewApp(preview)
    assert preview.rebuild() is True
    status, headers, html = get(app, "/vi/tin-tuc/a/")
    assert status == "200 OK" and headers["Content-Type"] == "text/html; charset=utf-8"
    assert "Bản tốt" in html and "bantin-build-errors" not in html

    site.write("content/tin-tuc/a.md", article("Bản hỏng", rating="{points: 7, votes: 1}"))
    assert preview.rebuild() is False
    err = capsys.readouterr().err
    assert "content/tin-tuc/a.md:6: error: `rating.points` must be between" in err
    assert "still serving the last good site" in err
    status, _headers, html = get(app, "/vi/tin-tuc/a/")
    assert status == "200 OK"
    assert "Bản tốt" in html  # the last good page, underneath
    assert '<section id="bantin-build-errors" role="alert">' in html
    assert "Build failed: 1 error" in html
    assert ("content/tin-tuc/a.md:6: error: `rating.points` must be between votes and "
            "5 × votes (1–5 stars per vote); got 7 for 1 vote") in html
    stylesheet = next((preview.out / "assets" / "css").glob("main.*.css")).name
    _status, headers, css = get(app, f"/assets/css/{stylesheet}")
    assert "bantin-build-errors" not in css and headers["Content-Type"] == "text/css"

    site.write("content/tin-tuc/a.md", article("Bản đã sửa"))
    assert preview.rebuild() is True
    _status, _headers, html = get(app, "/vi/tin-tuc/a/")
    assert "Bản đã sửa" in html and "bantin-build-errors" not in html


def test_errors_are_escaped_and_config_errors_shown_too(make_site) -> None:
    site = make_site({"content/tin-tuc/a.md": article()})
    preview = preview_of(site)
    assert preview.rebuild()
    (site.root / "config.toml").write_text(
        (site.root / "config.toml").read_text() + '\nbase_ulr = "<script>x</script>"\n')
    assert preview.rebuild() is False
    _status, _headers, html = get(PreviewApp(preview), "/vi/")
    assert "config.toml:" in html and "unknown setting `base_ulr`" in html
    assert "<script>x</script>" not in html


def test_preview_shows_drafts_and_scheduled_articles_with_banners(make_site) -> None:
    site = make_site({
        "content/tin-tuc/nhap.md": article("Bài nháp", draft="true"),
        "content/tin-tuc/hen.md": article("Bài hẹn giờ", date="2099-01-01 08:00"),
        "content/tin-tuc/noi-bo.md": article("Bài nội bộ", internal="true"),
    })
    preview = preview_of(site)
    assert preview.rebuild()
    app = PreviewApp(preview)
    assert "Bản nháp: chưa xuất bản" in get(app, "/vi/tin-tuc/nhap/")[2]
    assert "Hẹn giờ: sẽ đăng lúc" in get(app, "/vi/tin-tuc/hen/")[2]
    status, _headers, html = get(app, "/vi/tin-tuc/noi-bo/")
    assert status == "404 Not Found" and "Không tìm thấy trang" in html


def test_directories_redirect_and_paths_stay_inside(make_site) -> None:
    site = make_site({"content/tin-tuc/a.md": article()})
    preview = preview_of(site)
    assert preview.rebuild()
    app = PreviewApp(preview)
    status, headers, _html = get(app, "/vi/tin-tuc/a")
    assert status.startswith("301") and headers["Location"] == "/vi/tin-tuc/a/"
    assert get(app, "/../config.toml")[0] == "404 Not Found"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        return str(exc.read().decode("utf-8"))


def _wait_for(predicate, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


@contextmanager
def serving(site, log_path: Path) -> Iterator[str]:
    """`python build.py serve` running on the site: its base URL; its output in log_path."""
    port = _free_port()
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, str(REPO / "build.py"), "serve", "--port", str(port),
             "--root", str(site.root)],
            cwd=site.root, stdout=log, stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONPATH": str(REPO)})
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait(timeout=10)


def test_real_server_rebuilds_on_change_and_shows_errors(make_site, tmp_path: Path) -> None:
    site = make_site({"content/tin-tuc/a.md": article("Phiên bản một")})
    with serving(site, tmp_path / "serve.log") as base:
        url = f"{base}/vi/tin-tuc/a/"
        assert _wait_for(lambda: "Phiên bản một" in _fetch(url)), \
            (tmp_path / "serve.log").read_text()
        page = _fetch(url)
        assert "livereload.js" in page  # the browser reloads itself on change
        time.sleep(1.1)  # a different modification time for the poller
        site.write("content/tin-tuc/a.md", article("Phiên bản hai"))
        assert _wait_for(lambda: "Phiên bản hai" in _fetch(url)), \
            (tmp_path / "serve.log").read_text()
        site.write("content/tin-tuc/a.md", article("Phiên bản ba", author="khong-ai"))
        assert _wait_for(lambda: "bantin-build-errors" in _fetch(url)), \
            (tmp_path / "serve.log").read_text()
        page = _fetch(url)
        assert "Phiên bản hai" in page  # still the last good site
        assert "content/tin-tuc/a.md:4: error: unknown author `khong-ai`" in page


@pytest.mark.parametrize("case", [
    "a language code that climbs out of the output folder",
    "an author id that climbs out of the output folder",
    "a JPEG cut to a third, shown in an article",
    "a damaged image beside a front-matter error: both told at once",
    "a listing's address that is also a section's",
])
def test_the_overlay_shows_the_lines_check_prints(make_site, capsys, case: str) -> None:
    """What serve shows on top of every page is what `check` (with the preview's drafts and
    scheduled articles) prints, line for line (issue 29)."""
    files, expected = CASES[case]
    site = make_site({"content/tin-tuc/a.md": article()})
    preview = preview_of(site)
    assert preview.rebuild() is True
    for relative, data in files.items():
        site.write(relative, data)
    assert preview.rebuild() is False
    _status, _headers, html = get(PreviewApp(preview), "/vi/")
    shown = [unescape(line) for line in re.search(
        r'<section id="bantin-build-errors".*?<pre>(.*?)</pre>', html, re.S).group(1).split("\n")]
    checked = run(site.root, "check", "--drafts", "--future")
    assert shown == checked.errors == expected
