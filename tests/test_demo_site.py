"""The repository's demo site (Gò Công Tây) as a reader meets it: complete, bilingual, clean."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from bantin.commands.cli import main
from tests.conftest import NOW, REPO

CONTENT = REPO / "content"


class _Reader(HTMLParser):
    """What a reader sees of a page: its language, headline, category label and the
    links of the language switcher (the navigation labelled "Languages")."""

    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.h1 = ""
        self.category = ""
        self.switcher: dict[str, str] = {}  # link text -> href
        self._in: list[str] = []  # open elements we collect text for
        self._nav_depth = 0
        self._link: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = attr.get("lang", "")
        if tag == "nav" and attr.get("aria-label") in ("Ngôn ngữ", "Languages"):
            self._nav_depth = 1
        elif tag == "nav" and self._nav_depth:
            self._nav_depth += 1
        if tag == "a" and self._nav_depth:
            self._link, self._text = attr.get("href", ""), ""
        if tag == "h1" and not self.h1:
            self._in.append("h1")
        if "category" in attr.get("class", "").split() and not self.category:
            self._in.append("category")

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self._nav_depth:
            self._nav_depth -= 1
        if tag == "a" and self._link is not None:
            self.switcher[self._text.strip()] = self._link
            self._link = None
        if tag == "h1" and "h1" in self._in:
            self._in.remove("h1")
        if tag == "p" and "category" in self._in:
            self._in.remove("category")

    def handle_data(self, data: str) -> None:
        if self._link is not None:
            self._text += data
        if "h1" in self._in:
            self.h1 += data
        if "category" in self._in:
            self.category += data


def read_page(path: Path) -> _Reader:
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.h1 = " ".join(reader.h1.split())
    reader.category = " ".join(reader.category.split())
    return reader


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "public"
    assert main(["build", "--root", str(REPO), "--out", str(out), "--now", NOW]) == 0
    return out


def test_check_passes_on_the_demo_site_without_errors() -> None:
    result = subprocess.run([sys.executable, "build.py", "check", "--now", NOW], cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "error:" not in result.stderr
    assert "Traceback" not in result.stderr


def test_vietnamese_articles_cover_the_categories(public: Path) -> None:
    config = tomllib.loads((REPO / "config.toml").read_text(encoding="utf-8"))
    names = {c["name"]["vi"] for c in config["categories"].values()}
    pages = sorted((public / "vi" / "tin-tuc").glob("*/index.html"))
    assert len(pages) >= 12
    seen = set()
    for page in pages:
        reader = read_page(page)
        assert reader.lang == "vi"
        assert reader.h1, page
        assert reader.category.split(": ")[-1] in names, (page, reader.category)
        seen.add(reader.category)
    assert len(seen) >= 4, seen


def test_translated_articles_are_linked_both_ways_by_the_language_switcher(public: Path) -> None:
    linked = 0
    for page in sorted((public / "vi" / "tin-tuc").glob("*/index.html")):
        vi = read_page(page)
        href = vi.switcher.get("English", "")
        if not href.startswith("/en/news/"):
            continue
        english = public / href.strip("/") / "index.html"
        assert english.exists(), href
        en = read_page(english)
        assert en.lang == "en"
        assert en.h1 and en.h1 != vi.h1
        assert en.switcher["Tiếng Việt"] == "/" + page.parent.relative_to(public).as_posix() + "/"
        linked += 1
    assert linked >= 6


@pytest.mark.parametrize("name", ["lich-su", "van-hoa-du-lich", "moi-truong-dau-tu"])
def test_about_pages_exist_in_vietnamese_and_english(public: Path, name: str) -> None:
    vi_page = public / "vi" / "gioi-thieu" / name / "index.html"
    vi = read_page(vi_page)
    assert vi.lang == "vi" and vi.h1
    href = vi.switcher["English"]
    assert href.startswith("/en/about/")
    en = read_page(public / href.strip("/") / "index.html")
    assert en.lang == "en" and en.h1 and en.h1 != vi.h1
    assert en.switcher["Tiếng Việt"] == f"/vi/gioi-thieu/{name}/"


def test_draft_and_scheduled_articles_are_nowhere_in_production(public: Path) -> None:
    hidden = []
    for source in sorted((CONTENT / "tin-tuc").glob("*.md")):
        if re.search(r"\.[a-z]{2}\.md$", source.name):
            continue  # translations share their original's date and draft flag
        meta = front_matter(source)
        if meta.get("draft") or str(meta["date"]) > NOW.replace("T", " "):
            hidden.append((source.name.split(".")[0], meta["title"]))
    assert {"giao-luu-van-hoa-nhat-ban", "le-hoi-ky-yen-2027"} <= {name for name, _ in hidden}
    files = [p for p in public.rglob("*") if p.is_file() and p.suffix in (".html", ".xml")]
    for name, title in hidden:
        assert not (public / "vi" / "tin-tuc" / name).exists()
        for path in files:
            text = path.read_text(encoding="utf-8")
            assert title not in text, (title, path)
            assert f"/{name}/" not in text, (name, path)


def test_every_cited_directive_has_its_document_page(public: Path) -> None:
    registered = {front_matter(p)["number"] for p in (CONTENT / "van-ban").glob("*.md")
                  if not re.search(r"\.[a-z]{2}\.md$", p.name)}
    cited = set()
    for source in (CONTENT / "tin-tuc").glob("*.md"):
        cited.update(front_matter(source).get("directives") or [])
    assert cited and cited <= registered, cited - registered
    shown = " ".join(p.read_text(encoding="utf-8")
                     for p in (public / "vi" / "van-ban").glob("*/index.html"))
    for number in sorted(registered):
        assert number in shown, number


def test_lead_images_are_small_jpegs_in_assets() -> None:
    sources = set()
    for source in CONTENT.glob("*/*.md"):
        image = front_matter(source).get("image")
        if image:
            sources.add(image["src"])
    assert len(sources) >= 5
    for src in sorted(sources):
        assert src.startswith("/images/") and src.endswith(".jpg"), src
        path = REPO / "assets" / src.lstrip("/")
        assert path.exists(), src
        data = path.read_bytes()
        assert data[:3] == b"\xff\xd8\xff" and len(data) < 120_000, src


def test_lead_images_shown_on_articles_and_about_pages_are_served(public: Path) -> None:
    pages = [*(public / "vi" / "tin-tuc").glob("*/index.html"),
             *(public / "en" / "news").glob("*/index.html"),
             *(public / "vi" / "gioi-thieu").glob("*/index.html"),
             *(public / "en" / "about").glob("*/index.html")]
    shown = 0
    for page in sorted(pages):
        html = page.read_text(encoding="utf-8")
        for figure in re.findall(r'<figure class="lead-image">(.*?)</figure>', html, re.S):
            src = re.search(r'<img[^>]* src="([^"]+)"', figure).group(1)
            assert src.startswith("/") and (public / src.lstrip("/")).is_file(), (page, src)
            shown += 1
    assert shown >= 12


def test_demo_translations_are_up_to_date() -> None:
    result = subprocess.run([sys.executable, "build.py", "translations", "--fail-on", "stale"],
                            cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " stale " not in result.stdout
