"""Shared fixtures: small sites built from literal file trees in a temp folder."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bantin.commands.cli import main

if TYPE_CHECKING:
    from tests.netlify_cli import Served as NetlifyServed

REPO = Path(__file__).resolve().parent.parent
NOW = "2026-11-23T12:00:00+07:00"  # a fixed "now", so scheduled/expired tests never drift

MINIMAL_CONFIG = """\
base_url = "https://example.test"
timezone = "Asia/Ho_Chi_Minh"
default_language = "vi"
# The tests read Bantin's messages in English (their msgids); tests/test_messages.py checks
# that a site without this line gets them in its default language.
editor_language = "en"

[[languages]]
code = "vi"
name = "Tiếng Việt"
locale = "vi"
title = "Bản tin thử"
date_format = "EEEE, dd/MM/yyyy HH:mm"
short_date_format = "dd/MM/yyyy"

[[languages]]
code = "en"
name = "English"
locale = "en"
title = "Test bulletin"
date_format = "EEEE, d MMMM y, HH:mm"
short_date_format = "d MMM y"

[sections.tin-tuc]
kind = "article"
url = { vi = "tin-tuc", en = "news" }
title = { vi = "Tin tức", en = "News" }

[sections.gioi-thieu]
kind = "page"
url = { vi = "gioi-thieu", en = "about" }
title = { vi = "Giới thiệu", en = "About" }

[sections.van-ban]
kind = "directive"
url = { vi = "van-ban", en = "documents" }
title = { vi = "Văn bản", en = "Documents" }

[categories.doi-ngoai]
name = { vi = "Thông tin đối ngoại", en = "Foreign information" }

[categories.van-hoa-du-lich]
name = { vi = "Văn hóa – Du lịch", en = "Culture and tourism" }
"""

AUTHORS = """\
[le-minh-khoa]
name = "Lê Minh Khoa"
role = { vi = "Phó Trưởng Ban Tuyên giáo Huyện ủy", en = "Deputy Head, Commission for Information" }
"""


def article(title: str = "Bài thử", body: str = "Nội dung bài viết.", **fields: str) -> str:
    """An article's source text; fields are raw YAML values, e.g. date="2023-09-01 00:14"."""
    values = {"title": f'"{title}"', "date": "2023-09-01 00:14", "author": "le-minh-khoa",
              "category": "doi-ngoai", **fields}
    front = "\n".join(f"{key}: {value}" for key, value in values.items() if value is not None)
    return f"---\n{front}\n---\n{textwrap.dedent(body)}"


def directive(number: str, title: str, issuer: str, date: str, body: str = "",
              **fields: str) -> str:
    """A directive's source text; extra fields are raw YAML values, e.g. implements='["…"]'."""
    values = {"number": f'"{number}"', "title": f'"{title}"', "issuer": f'"{issuer}"',
              "date": date, **fields}
    front = "\n".join(f"{key}: {value}" for key, value in values.items() if value is not None)
    return f"---\n{front}\n---\n{textwrap.dedent(body)}"


# The directives the real district article (tests/data/examples/) cites in front-matter.
CITED_DIRECTIVES = {
    "content/van-ban/ket-luan-57.md": directive(
        "57-KL/TW", "Về tiếp tục nâng cao chất lượng, hiệu quả công tác thông tin đối ngoại "
        "trong tình hình mới", "Bộ Chính trị", "2023-06-15"),
    "content/van-ban/ke-hoach-94.md": directive(
        "94-KH/HU", "Về tiếp tục nâng cao chất lượng, hiệu quả công tác thông tin đối ngoại "
        "trong tình hình mới", "Huyện ủy Gò Công Tây", "2023-08-31",
        implements='["57-KL/TW"]'),
}

# A plan (4-KH/HU) carrying out two provincial plans that both carry out one resolution.
DIAMOND = {
    "content/van-ban/top.md": directive("1-NQ/TW", "Gốc", "Bộ Chính trị", "2023-01-01"),
    "content/van-ban/a.md": directive("2-KH/TU", "A", "Tỉnh ủy", "2023-01-02",
                                      implements='["1-NQ/TW"]'),
    "content/van-ban/b.md": directive("3-KH/TU", "B", "Tỉnh ủy", "2023-01-03",
                                      implements='["1-NQ/TW"]'),
    "content/van-ban/c.md": directive("4-KH/HU", "C", "Huyện ủy", "2023-01-04",
                                      implements='["2-KH/TU", "3-KH/TU"]'),
}


class SiteDir:
    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, relative: str, text: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def run(self, *args: str, capsys: pytest.CaptureFixture[str] | None = None) -> int:
        return main([*args, "--root", str(self.root), "--now", NOW])

    def build(self, *args: str) -> int:
        return main(["build", "--root", str(self.root), "--now", NOW, *args])

    def read(self, relative: str) -> str:
        return (self.root / "public" / relative).read_text(encoding="utf-8")

    def exists(self, relative: str) -> bool:
        return (self.root / "public" / relative).exists()

    def output_files(self) -> dict[str, bytes]:
        out = self.root / "public"
        return {p.relative_to(out).as_posix(): p.read_bytes()
                for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[..., SiteDir]:
    """A site with the repo's theme (layouts, assets, locales) and the given content files."""

    def factory(files: dict[str, str | bytes] | None = None, config: str = MINIMAL_CONFIG,
                authors: str = AUTHORS) -> SiteDir:
        root = tmp_path / "site"
        for folder in ("layouts", "assets", "locales"):
            shutil.copytree(REPO / folder, root / folder)
        site = SiteDir(root)
        site.write("config.toml", config)
        site.write("content/authors.toml", authors)
        for relative, text in (files or {}).items():
            site.write(relative, text)
        return site

    return factory


@pytest.fixture(scope="session")
def theme_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo site plus the theme sample pages, built for production: its output folder."""
    from tests.theme_site import build_theme_site

    return build_theme_site(tmp_path_factory.mktemp("theme"))


@pytest.fixture(scope="session")
def netlify_dev(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NetlifyServed]:
    """The demo site built for production and served by the real Netlify CLI, offline
    (tests/netlify_cli.py): its URL, output folder and site folder."""
    from tests.netlify_cli import netlify_dev as serve

    with serve(tmp_path_factory.mktemp("netlify-dev")) as served:
        yield served
