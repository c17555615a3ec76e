"""File names as editors really type them: spaces, Vietnamese letters (NFC or NFD), capitals.

`assets/images/Ảnh hội nghị 01.JPG` and `content/tin-tuc/Bài Mới.md` give valid,
percent-encoded URLs in `src`, `srcset`, `href` and links (a raw space splits a `srcset`
entry and the browser drops it); `![Ảnh](/images/Ảnh hội nghị 01.JPG)` works typed as is;
a name copied from macOS (NFD) matches the NFC text; `serve` answers for those URLs.
tests/browser/test_file_names_in_browser.py checks in Chromium that srcset picks the size.
"""

from __future__ import annotations

import re
import unicodedata
import urllib.request
from pathlib import Path
from urllib.parse import unquote

from bantin.commands.serve import PreviewApp
from tests.conftest import article
from tests.test_images import picture_bytes
from tests.test_serve import _wait_for, get, preview_of, serving

IMAGE = "Ảnh hội nghị 01.JPG"
ENCODED = "%E1%BA%A2nh%20h%E1%BB%99i%20ngh%E1%BB%8B%2001"  # "Ảnh hội nghị 01", NFC
PAGE = "Bài Mới"
PAGE_URL = "/vi/tin-tuc/B%C3%A0i%20M%E1%BB%9Bi/"


def _site(make_site, nfd: bool = False):
    def name(text: str) -> str:
        return unicodedata.normalize("NFD", text) if nfd else text

    return make_site({
        f"assets/images/{name(IMAGE)}": picture_bytes(2000, 1000),
        f"content/tin-tuc/{name(PAGE)}.md": article(title="Bài mới"),
        "content/tin-tuc/a.md": article(
            image=f'{{src: "/images/{IMAGE}", alt: "Hội nghị"}}',
            body=f"Đoạn.\n\n![Ảnh trong bài](/images/{IMAGE})\n\n"
                 f"![Ảnh có ngoặc](</images/{IMAGE}> \"Tiêu đề\")\n\n"
                 f"Xem [bài mới]({PAGE}.md) và [lần nữa](<{PAGE}.md>).\n"),
    })


def _urls(html: str) -> list[str]:
    """Every URL in a src, srcset or href attribute."""
    found = re.findall(r'\b(?:src|href)="([^"]*)"', html)
    for srcset in re.findall(r'\bsrcset="([^"]*)"', html):
        found += [entry.strip().split(" ")[0] for entry in srcset.split(",")]
    return found


def _assert_encoded_and_published(site, html: str) -> None:
    for url in _urls(html):
        assert re.fullmatch(r"[!#-~]+", url), url  # printable ASCII, no raw space
        if url.startswith("/") and not url.startswith("//"):
            assert site.exists(unquote(url.split("#")[0]).lstrip("/") or "index.html"), url


def test_image_and_page_names_give_encoded_urls_that_resolve(make_site, capsys) -> None:
    site = _site(make_site)
    assert site.run("check") == 0
    assert "0 errors, 0 warnings" in capsys.readouterr().err
    assert site.build("--no-search") == 0
    html = site.read("vi/tin-tuc/a/index.html")
    _assert_encoded_and_published(site, html)
    assert html.count("<picture>") == 3  # lead, typed as is, and in <…>
    assert "![" not in html  # no image left as literal text
    jpegs = re.search(r'<img src="[^"]+" srcset="([^"]+)"', html).group(1)
    assert [entry.rsplit(" ", 1)[1] for entry in jpegs.split(", ")] == ["480w", "960w", "1600w"]
    assert re.fullmatch(rf"/assets/images/{ENCODED}\.480w\.[0-9a-f]{{10}}\.jpg",
                        jpegs.split(", ")[0].rsplit(" ", 1)[0])
    assert f'<a href="{PAGE_URL}">bài mới</a>' in html
    assert f'<a href="{PAGE_URL}">lần nữa</a>' in html
    assert site.exists("vi/tin-tuc/Bài Mới/index.html")
    assert f"<loc>https://example.test{PAGE_URL}</loc>" in site.read("sitemap.xml")
    og = re.search(r'<meta property="og:image" content="([^"]+)"', html).group(1)
    assert re.fullmatch(rf"https://example\.test/assets/images/{ENCODED}\.[0-9a-f]{{10}}\.JPG", og)


def test_names_copied_from_macos_in_nfd_match_the_text(make_site) -> None:
    site = _site(make_site, nfd=True)
    assert site.build("--no-search") == 0
    html = site.read("vi/tin-tuc/a/index.html")
    _assert_encoded_and_published(site, html)
    assert html.count("<picture>") == 3 and f'<a href="{PAGE_URL}">bài mới</a>' in html
    names = [p.name for p in (site.root / "public").rglob("*")]
    assert all(unicodedata.is_normalized("NFC", name) for name in names)


def test_missing_image_is_reported_as_typed_with_the_case_hint(make_site, capsys) -> None:
    site = _site(make_site)
    site.write("content/tin-tuc/b.md",
               article(body="Đoạn.\n\n![Ảnh](/images/ảnh hội nghị 01.jpg)\n"))
    assert site.build("--no-search") == 1
    assert ("content/tin-tuc/b.md:9: error: image /images/ảnh hội nghị 01.jpg: no such file "
            "assets/images/ảnh hội nghị 01.jpg; letter case counts: did you mean "
            f"/images/{IMAGE}?") in capsys.readouterr().err.splitlines()


def test_encoded_dots_stay_inside_images(make_site, capsys) -> None:
    site = make_site({"content/tin-tuc/a.md": article(
        body="Đoạn.\n\n![Cấu hình](</images/%2e%2e/%2E%2E/config.toml>)\n")})
    assert site.build("--no-search") == 1
    assert ("content/tin-tuc/a.md:9: error: image /images/../../config.toml: write site images "
            "as /images/<file>, with the file in assets/images/"
            ) in capsys.readouterr().err.splitlines()


def test_preview_app_serves_encoded_non_ascii_paths(make_site) -> None:
    site = _site(make_site)
    preview = preview_of(site)
    assert preview.rebuild()
    app = PreviewApp(preview)
    # WSGI hands the percent-decoded UTF-8 bytes over as latin-1 characters (PEP 3333)
    wsgi = unquote(PAGE_URL).encode("utf-8").decode("latin-1")
    status, _headers, html = get(app, wsgi)
    assert status == "200 OK" and "Bài mới" in html
    status, headers, _html = get(app, wsgi.rstrip("/"))
    assert status.startswith("301") and headers["Location"] == PAGE_URL


def test_real_serve_answers_percent_encoded_paths(make_site, tmp_path: Path) -> None:
    site = _site(make_site)
    with serving(site, tmp_path / "serve.log") as base:
        def fetch(path: str) -> tuple[int, bytes]:
            with urllib.request.urlopen(base + path, timeout=5) as response:
                return response.status, response.read()

        assert _wait_for(lambda: fetch(PAGE_URL)[0] == 200), \
            (tmp_path / "serve.log").read_text()
        assert "Bài mới" in fetch(PAGE_URL)[1].decode("utf-8")
        html = fetch("/vi/tin-tuc/a/")[1].decode("utf-8")
        image = re.search(r'<img src="([^"]+)"', html).group(1)
        assert ENCODED in image
        status, data = fetch(image)
        assert status == 200 and data[:2] == b"\xff\xd8"  # the JPEG itself
