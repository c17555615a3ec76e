"""The site the theme-quality tests check: the demo site plus the theme sample pages.

The sample (tests/data/theme-sample/) uses every feature of the layouts, so the Nu Html
Checker and axe see them even where the demo content does not use one.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from bantin.commands.cli import main
from tests.conftest import NOW, REPO

SAMPLE = REPO / "tests" / "data" / "theme-sample"
_NOT_SITE = shutil.ignore_patterns(".git", ".venv", "node_modules", "public", "public.*",
                                   ".public.*", ".cache", "tests", "bench", ".pytest_cache",
                                   ".ruff_cache", "__pycache__", "*.egg-info")


def build_theme_site(folder: Path) -> Path:
    """Copy the demo site into `folder`, add the sample pages, build it; the output folder."""
    root = folder / "site"
    shutil.copytree(REPO, root, ignore=_NOT_SITE)
    shutil.copytree(SAMPLE / "content", root / "content", dirs_exist_ok=True)
    shutil.copytree(SAMPLE / "assets", root / "assets", dirs_exist_ok=True)
    authors = root / "content" / "authors.toml"
    existing = authors.read_text(encoding="utf-8") if authors.exists() else ""
    authors.write_text(existing + (SAMPLE / "authors.toml").read_text(encoding="utf-8"),
                       encoding="utf-8")
    out = root / "public"
    assert main(["build", "--root", str(root), "--out", str(out), "--now", NOW]) == 0
    return out


# The sample's pages, which use every feature of their layouts: always among those checked.
SAMPLE_URLS = ("/vi/tin-tuc/mau-giao-dien/", "/en/news/mau-giao-dien/",
               "/vi/gioi-thieu/mau-trang/", "/vi/van-ban/mau-van-ban/")


def html_files(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def page_types(out: Path) -> dict[str, str]:
    """One URL per kind of page: the first, in sorted order, of each URL shape.

    The shape keeps the language and the first path segment (the section or listing name)
    and replaces each deeper segment with `*`, so /vi/tin-tuc/a/ and /vi/tin-tuc/b/ are one
    kind, and listing pages that other parts of Bantin add are found without naming them.
    """
    found: dict[str, str] = {}
    for path in html_files(out):
        relative = path.relative_to(out).as_posix()
        if relative.startswith("admin/"):
            continue  # the web editor: the CMS's own page, not a page of the theme
        if b'<meta http-equiv="refresh"' in path.read_bytes():
            continue  # an old address (aliases:): it sends the reader on at once
        url = "/" + relative.removesuffix("index.html")
        parts = [p for p in url.strip("/").split("/") if p]
        shape = "/".join(parts[:2] + ["*" for _ in parts[2:]])
        found.setdefault(shape or "/", url)
    return found


def node_module(relative: str) -> Path:
    """A file of an npm package, found as Node finds packages: in node_modules/ of the
    repository or of a folder above it (worktrees can share one install)."""
    for folder in (REPO, *REPO.parents):
        candidate = folder / "node_modules" / relative
        if candidate.exists():
            return candidate
    return REPO / "node_modules" / relative
