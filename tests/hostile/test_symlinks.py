"""Symbolic links in the site's folders: nothing from outside the site is read into the output.

A link that leaves the site (or its source folders), a loop and a dangling link are each an
error at the link's own path; the build fails and the previous public/ stays byte for byte.
Links that stay among the site's sources keep working.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import article

SECRET = "SECRET-FROM-OUTSIDE-THE-SITE"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the site (not in it) holding a page and a text file."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "page.md").write_text(article(title=SECRET, body=SECRET), encoding="utf-8")
    (folder / "secret.txt").write_text(SECRET, encoding="utf-8")
    return folder


def _built_then_linked(make_site, link: str, target: str | Path):
    """A site built once with success, then given the link: (site, the output before)."""
    site = make_site({"content/tin-tuc/a.md": article()})
    assert site.build("--no-search") == 0
    before = site.output_files()
    path = site.root / link
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)
    return site, before


def _fails_with(site, before, capsys, line: str) -> None:
    capsys.readouterr()
    assert site.build("--no-search") == 1
    err = capsys.readouterr().err
    assert line in err.splitlines(), err
    assert "Traceback" not in err
    assert site.output_files() == before  # the previous public/, byte for byte
    assert site.run("check") == 1
    assert line in capsys.readouterr().err.splitlines()


def _outside_message(target: Path) -> str:
    return (f"symbolic link to {target.resolve()}, outside the site folder; nothing from "
            "outside the site is published: copy the file into the site instead of linking "
            "to it")


def test_markdown_file_linked_from_outside_is_an_error_not_a_page(make_site, outside,
                                                                 capsys) -> None:
    site, before = _built_then_linked(make_site, "content/gioi-thieu/ngoai.md",
                                      outside / "page.md")
    _fails_with(site, before, capsys, "content/gioi-thieu/ngoai.md:1: error: "
                + _outside_message(outside / "page.md"))
    assert not any(SECRET.encode() in data for data in site.output_files().values())


@pytest.mark.parametrize("link", ["assets/passwd.txt", "assets/images/anh.jpg",
                                  "layouts/partials/extra.html",
                                  "locales/en/LC_MESSAGES/messages.po"])
def test_source_file_linked_from_outside_is_an_error(make_site, outside, capsys,
                                                     link: str) -> None:
    site = make_site({"content/tin-tuc/a.md": article()})
    assert site.build("--no-search") == 0
    before = site.output_files()
    target = site.root / link
    if target.exists():  # replace a real file (the English catalog) with the link
        target.unlink()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.symlink_to(outside / "secret.txt")
    _fails_with(site, before, capsys, f"{link}:1: error: "
                + _outside_message(outside / "secret.txt"))


def test_a_whole_folder_linked_from_outside_is_one_error(make_site, outside, capsys) -> None:
    site, before = _built_then_linked(make_site, "assets/ngoai", outside)
    _fails_with(site, before, capsys, "assets/ngoai:1: error: " + _outside_message(outside))


def test_symlink_loop_is_an_error_not_a_traceback(make_site, capsys) -> None:
    site, before = _built_then_linked(make_site, "assets/vong-a", "vong-b")
    (site.root / "assets/vong-b").symlink_to("vong-a")
    message = "which leads back to itself in a loop; remove the link or point it at a file"
    _fails_with(site, before, capsys,
                f"assets/vong-a:1: error: symbolic link to vong-b, {message}")
    _fails_with(site, before, capsys,
                f"assets/vong-b:1: error: symbolic link to vong-a, {message}")


def test_folder_linked_to_its_own_parent_is_an_error_not_an_endless_walk(make_site,
                                                                         capsys) -> None:
    site, before = _built_then_linked(make_site, "content/tin-tuc/len", "..")
    _fails_with(site, before, capsys,
                "content/tin-tuc/len:1: error: symbolic link to content/, a folder that holds "
                "the link itself: the site's files would never end; remove the link")


def test_dangling_link_is_an_error(make_site, capsys) -> None:
    site, before = _built_then_linked(make_site, "content/tin-tuc/mat.md", "da-xoa.md")
    _fails_with(site, before, capsys,
                "content/tin-tuc/mat.md:1: error: symbolic link to da-xoa.md, which does not "
                "exist; remove the link, or put the file itself here")


def test_link_to_a_hidden_file_of_the_site_is_an_error(make_site, capsys) -> None:
    site = make_site({"content/tin-tuc/a.md": article()})
    site.write(".env", f"TOKEN={SECRET}\n")
    assert site.build("--no-search") == 0
    before = site.output_files()
    (site.root / "assets/env.txt").symlink_to(site.root / ".env")
    _fails_with(site, before, capsys,
                "assets/env.txt:1: error: symbolic link to .env, which is not in one of the "
                "site's source folders (content/, layouts/, assets/, locales/, data/, static/); "
                "copy the file here instead of linking to it")


def test_a_new_bad_link_is_never_up_to_date(make_site, outside, capsys) -> None:
    """The no-op check (file stats alone) must not call a site with a new bad link built."""
    site, before = _built_then_linked(make_site, "assets/x.txt", outside / "secret.txt")
    assert site.build("--no-search") == 1
    assert site.build("--no-search") == 1  # still failing, not "up to date"
    assert site.output_files() == before
    (site.root / "assets/x.txt").unlink()
    assert site.build("--no-search") == 0


def test_links_within_the_sources_keep_working(make_site) -> None:
    site = make_site({"content/tin-tuc/a.md": article(body="Bài gốc.")})
    (site.root / "content/tin-tuc/b.md").symlink_to("a.md")
    (site.root / "assets/css/alias.css").symlink_to(site.root / "assets/css/main.css")
    assert site.build("--no-search") == 0
    assert "Bài gốc." in site.read("vi/tin-tuc/b/index.html")
    files = site.output_files()
    main = (site.root / "assets/css/main.css").read_bytes()
    assert [name for name, data in files.items()
            if name.startswith("assets/css/alias.") and data == main]
    assert not any(os.path.islink(site.root / "public" / name) for name in files)
