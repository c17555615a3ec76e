"""The web editor (/admin/) as an editor uses it: `build.py serve` running on a copy of the
demo site, Sveltia CMS working on that folder as its local repository, Chromium clicking.

What the editor saves is checked the way it will be used: the file on disk, `check`, and the
page in the live preview. Screenshots for the editors' guide are taken along the way
(written to docs/images/ with BANTIN_SCREENSHOTS=1).
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import tomllib
import urllib.request
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from bantin.commands.cli import main
from tests.browser.local_repository import pick_folder
from tests.conftest import REPO
from tests.theme_site import _NOT_SITE

SHOTS = REPO / "docs" / "images"
# GitHub's status page: the CMS asks it whether GitHub is up (aborted here, like any other
# request that would leave the machine). Nothing the editor needs comes from elsewhere.
STATUS_CHECK = "https://www.githubstatus.com/"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except OSError:
        return 0, ""


def _wait_for(url: str, text: str = "", seconds: float = 120) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status, body = _get(url)
        if status == 200 and text in body:
            return body
        time.sleep(0.5)
    raise AssertionError(f"{url} did not show {text!r} within {seconds} s")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The README's first command on a copy of the demo site: `build.py serve`."""
    root = tmp_path_factory.mktemp("editor") / "site"
    shutil.copytree(REPO, root, ignore=_NOT_SITE)
    (root / ".git").mkdir()  # the CMS asks for a repository's top folder
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "serve", "--root", str(root), "--port",
         str(port)], cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{url}/admin/", "sveltia-cms.")
        yield url, root
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def editor(browser, served) -> Iterator[tuple[object, object, str, Path]]:
    url, root = served
    context = browser.new_context(locale="vi-VN", timezone_id="Europe/Paris",
                                  viewport={"width": 1280, "height": 2400})
    tab = context.new_page()
    left: list[str] = []

    def only_local(route) -> None:
        if route.request.url.startswith(("http://127.0.0.1", "data:", "blob:")):
            route.continue_()
        else:
            left.append(route.request.url)
            route.abort()

    tab.route("**/*", only_local)
    folder = pick_folder(tab, root)
    tab.goto(f"{url}/admin/")
    tab.get_by_role("button").first.wait_for()
    yield tab, folder, url, root
    context.close()
    assert [u for u in left if not u.startswith(STATUS_CHECK)] == [], \
        "the editor loaded something from outside the site"


def _shot(tab, name: str, tmp_path: Path) -> None:
    folder = SHOTS if os.environ.get("BANTIN_SCREENSHOTS") else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(folder / name), clip={"x": 0, "y": 0, "width": 1280, "height": 820})


def _field(tab, key: str):
    """A field of the form (not of the preview beside it), by its front-matter key."""
    return tab.locator(f'section[role=group][data-key-path="{key}"]').first


def _ready(tab) -> None:
    """Wait for the form to be drawn to its end (the text editor is its last field)."""
    _field(tab, "body").locator("[contenteditable=true]").first.wait_for()
    tab.wait_for_timeout(500)


def _sign_in(tab, tmp_path: Path) -> None:
    tab.set_viewport_size({"width": 1280, "height": 820})  # the sign-in page is centred
    tab.get_by_role("button").first.wait_for(state="visible")
    tab.wait_for_timeout(500)
    _shot(tab, "bien-tap-1-dang-nhap.png", tmp_path)
    tab.set_viewport_size({"width": 1280, "height": 2400})  # every field drawn at once
    tab.get_by_role("button").first.click()  # "work with the local repository"
    tab.get_by_text("Tạo mới").first.wait_for()


def _wait_for_file(tab, path: Path) -> None:
    """Wait for the CMS to save `path`. The page's file calls are answered by this thread
    (local_repository.py), so the wait goes through Playwright, never time.sleep."""
    for _ in range(300):
        if path.exists() and not tab.get_by_text("Đang lưu").count():
            return
        tab.wait_for_timeout(200)
    raise AssertionError(f"the editor did not save {path.name}")


def _check(root: Path) -> None:
    assert main(["check", "--root", str(root)]) == 0


def test_an_article_written_in_the_web_editor_passes_check_and_shows_in_the_preview(
        editor, tmp_path: Path) -> None:
    tab, folder, url, root = editor
    picture = tmp_path / "Ảnh hội nghị.jpg"
    image = Image.new("RGB", (1200, 800), (40, 110, 160))
    ImageDraw.Draw(image).rectangle((100, 500, 1100, 700), fill=(230, 190, 60))
    image.save(picture, quality=85)

    _sign_in(tab, tmp_path)
    _shot(tab, "bien-tap-2-danh-sach.png", tmp_path)
    tab.get_by_text("Tạo mới").first.click()
    _ready(tab)
    _field(tab, "title").locator("input").fill("Hội nghị thông tin đối ngoại đầu năm 2025")
    _field(tab, "summary").locator("textarea").fill(
        "Huyện tổng kết công tác năm trước, bàn nhiệm vụ năm mới.")
    tab.get_by_role("radio", name="Võ Minh Trung").check()
    tab.get_by_role("radio", name="Thông tin đối ngoại").check()
    _field(tab, "directives").get_by_role("combobox").click()
    tab.get_by_role("option").filter(has_text="57-KL/TW").first.click()
    _field(tab, "title").locator("input").click()  # closes the list
    _field(tab, "image").get_by_role("checkbox").click()
    _field(tab, "image.src").locator("input[type=file]").first.set_input_files(str(picture))
    _field(tab, "image.alt").locator("input").fill("Quang cảnh hội nghị tại hội trường huyện")
    _field(tab, "image.caption").locator("input").fill("Hội nghị sáng 15/1")
    _field(tab, "body").locator("[contenteditable=true]").first.click()
    tab.keyboard.type("Sáng nay, huyện tổ chức hội nghị thông tin đối ngoại.")
    _shot(tab, "bien-tap-3-bai-moi.png", tmp_path)
    tab.get_by_role("button", name="Lưu").click()

    path = root / "content" / "tin-tuc" / "hoi-nghi-thong-tin-doi-ngoai-dau-nam-2025.md"
    _wait_for_file(tab, path)
    text = path.read_text(encoding="utf-8")
    assert "author: vo-minh-trung" in text
    assert "category: doi-ngoai" in text
    assert re.search(r"directives:\s*\n\s*- 57-KL/TW", text)
    assert "src: /images/anh-hoi-nghi.jpg" in text  # uploaded, its name made safe
    assert "alt: Quang cảnh hội nghị tại hội trường huyện" in text
    assert re.search(r"^date: \d{4}-\d\d-\d\d \d\d:\d\d$", text, re.M)  # site's time, no zone
    assert (root / "assets" / "images" / "anh-hoi-nghi.jpg").is_file()
    assert not list((root / "content" / "tin-tuc").glob("*.vi.md"))  # name.md, not name.vi.md
    _check(root)
    page = _wait_for(f"{url}/vi/tin-tuc/hoi-nghi-thong-tin-doi-ngoai-dau-nam-2025/",
                     "Hội nghị thông tin đối ngoại đầu năm 2025")
    assert "Quang cảnh hội nghị tại hội trường huyện" in page  # the lead image, with its alt
    assert "/vi/van-ban/" in page  # the directive it relates to, linked


def test_a_translation_added_in_the_web_editor_is_the_file_beside_the_original(
        editor, tmp_path: Path) -> None:
    tab, folder, url, root = editor
    original = root / "content" / "tin-tuc" / "nghe-dan-luc-binh.md"
    before = original.read_text(encoding="utf-8")
    _sign_in(tab, tmp_path)
    tab.goto(f"{url}/admin/#/collections/tin-tuc/entries/nghe-dan-luc-binh")
    _ready(tab)
    tab.get_by_role("radio", name=re.compile("Tiếng Anh")).first.click()
    tab.get_by_role("button", name=re.compile("Bật.*Tiếng Anh")).click()
    _ready(tab)
    _field(tab, "title").locator("input").fill(
        "From floating water hyacinth to handicraft exports")
    _field(tab, "summary").locator("textarea").fill(
        "Weaving water hyacinth gives hundreds of rural women work between harvests.")
    _field(tab, "body").locator("[contenteditable=true]").first.click()
    tab.keyboard.press("Control+A")
    tab.keyboard.type("Along the canals of Go Cong Tay, water hyacinth was once a nuisance.")
    tab.get_by_role("radio", name="Tiếng Việt").last.click()  # the original beside it
    _shot(tab, "bien-tap-4-ban-dich.png", tmp_path)
    tab.get_by_role("button", name="Lưu").click()

    path = original.with_name("nghe-dan-luc-binh.en.md")
    _wait_for_file(tab, path)
    text = path.read_text(encoding="utf-8")
    assert "title: From floating water hyacinth to handicraft exports" in text
    # Only what a translation may give: date, author, category come from the original.
    for inherited in ("date:", "author:", "category:", "directives:"):
        assert inherited not in text
    after = original.read_text(encoding="utf-8")
    assert "title: Từ cây lục bình trôi sông đến sản phẩm thủ công xuất khẩu" in after
    assert before.split("---", 2)[2] == after.split("---", 2)[2]  # the Vietnamese text kept
    _check(root)
    _wait_for(f"{url}/en/news/nghe-dan-luc-binh/",
              "From floating water hyacinth to handicraft exports")


def _headers_for(path: str) -> dict[str, str]:
    """netlify.toml's headers for `path`: every matching rule in order, later ones winning."""
    found: dict[str, str] = {}
    for rule in tomllib.loads((REPO / "netlify.toml").read_text(encoding="utf-8"))["headers"]:
        pattern = rule["for"]
        if path == pattern or (pattern.endswith("*") and path.startswith(pattern[:-1])):
            found.update(rule["values"])
    return found


class _NetlifyHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        for name, value in _headers_for(self.path.split("?")[0]).items():
            self.send_header(name, value)
        super().end_headers()


def test_the_editor_works_under_its_content_security_policy(browser, tmp_path: Path) -> None:
    """Built for production and served with netlify.toml's headers, the editor signs in, opens
    the form and takes an image without the browser blocking anything — while the site's
    own pages keep their strict policy."""
    assert "'unsafe-inline'" not in _headers_for("/vi/")["Content-Security-Policy"]
    root = tmp_path / "site"
    shutil.copytree(REPO, root, ignore=_NOT_SITE)
    (root / ".git").mkdir()
    out = tmp_path / "public"
    assert main(["build", "--root", str(root), "--out", str(out), "--no-search"]) == 0
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(_NetlifyHandler, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 2400})
    tab = context.new_page()
    tab.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort())
    blocked: list[str] = []
    tab.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text
           else None)
    pick_folder(tab, root)
    picture = tmp_path / "anh.png"
    Image.new("RGB", (64, 48), (40, 110, 160)).save(picture)
    try:
        tab.goto(f"http://127.0.0.1:{server.server_address[1]}/admin/")
        tab.get_by_role("button").first.click()
        tab.get_by_text("Tạo mới").first.click()
        _ready(tab)
        _field(tab, "image").get_by_role("checkbox").click()
        _field(tab, "image.src").locator("input[type=file]").first.set_input_files(str(picture))
        tab.get_by_text("/images/anh.png").first.wait_for()
        tab.wait_for_timeout(500)
    finally:
        context.close()
        server.shutdown()
    assert blocked == []
