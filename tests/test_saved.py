"""Quick rebuilds from the command line (bantin/engine/saved.py): a build saves its state, and the
next `build` after a text-only edit re-makes only what read the changed bodies, from that
state instead of every document's cache record; the output is byte for byte a clean
build's, and anything the state cannot vouch for takes the full build."""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from bantin.commands.cli import main
from bantin.core import heap
from bantin.core.diagnostics import Diagnostic
from bantin.engine import Engine, full, saved
from bantin.engine.cache import variant_folder
from bantin.model.config_file import load_config
from bantin.model.freshness import scan
from bantin.rendering.render import LayoutError, Renderer
from bantin.website.site import BuildOptions
from tests.conftest import NOW, REPO, article, directive
from tests.test_quick import FILES, files_of
from tests.test_search_index import indexed


def build(root: Path, *extra: str) -> int:
    return main(["build", "--root", str(root), "--no-search", "--now", NOW, *extra])


def clean(root: Path, folder: Path) -> dict[str, bytes]:
    """The same files built from nothing into a folder of their own (its own cache)."""
    result = Engine(folder).build(load_config(root), BuildOptions(
        now=datetime.fromisoformat(NOW), search=False), scan(root))
    assert result.ok, [str(item) for item in result.diagnostics.items]
    return files_of(folder)


@pytest.fixture
def full_builds(monkeypatch) -> list[str]:
    """One entry per full build the command line started (a quick rebuild adds none)."""
    calls: list[str] = []
    real = full.build

    def spy(*args, **kwargs):
        if kwargs.get("save"):  # not the clean builds compared with
            calls.append("full")
        return real(*args, **kwargs)

    monkeypatch.setattr(full, "build", spy)
    return calls


def state_file(root: Path) -> Path:
    return variant_folder(root, (root / "public").resolve(), False, False) / saved.FILE


def edit_text(site, path: str, words: str) -> None:
    site.write(path, (site.root / path).read_text(encoding="utf-8") + f"\n{words}\n")


def test_text_edits_from_the_command_line_are_quick_and_the_same_as_a_clean_build(
        make_site, tmp_path, full_builds, capsys) -> None:
    site = make_site(FILES)
    assert main(["translations", "--stamp", str(site.root / "content/tin-tuc/a.en.md"),
                 "--root", str(site.root), "--now", NOW]) == 0
    assert build(site.root) == 0
    assert full_builds == ["full"] and state_file(site.root).is_file()
    out = site.root / "public"
    before = files_of(out)
    times = {path: (out / path).stat().st_mtime_ns for path in before}

    # The original's text: its page, its translation's stale notice and the feeds that
    # quote its start (no summary), nothing else.
    edit_text(site, "content/tin-tuc/a.md", "Đoạn thêm lần một.")
    capsys.readouterr()
    assert build(site.root) == 0
    assert full_builds == ["full"]
    after = files_of(out)
    changed = {path for path in after if after[path] != before[path]}
    assert changed == {"vi/tin-tuc/a/index.html", "en/news/a/index.html", "vi/atom.xml",
                       "vi/category/doi-ngoai/atom.xml"}
    assert {path for path in after if (out / path).stat().st_mtime_ns != times[path]} == changed
    assert f"({len(changed)} files written" in capsys.readouterr().err
    assert "Đoạn thêm lần một." in after["vi/tin-tuc/a/index.html"].decode()
    assert "banner-stale" in after["en/news/a/index.html"].decode()
    assert after == clean(site.root, tmp_path / "1")

    # The translation alone, from the state saved before that edit: it must know that
    # the original changed since.
    edit_text(site, "content/tin-tuc/a.en.md", "A paragraph of the translation.")
    assert build(site.root) == 0
    assert full_builds == ["full"]
    assert "banner-stale" in (out / "en/news/a/index.html").read_text()
    assert files_of(out) == clean(site.root, tmp_path / "1b")

    # Again from the same saved state, which must now know the first edits.
    edit_text(site, "content/tin-tuc/a.md", "Đoạn thêm lần hai.")
    edit_text(site, "content/tin-tuc/a.en.md", "A second paragraph.")
    assert build(site.root) == 0
    assert full_builds == ["full"]
    assert files_of(out) == clean(site.root, tmp_path / "2")

    # A title edit is not for a quick rebuild; the full build saves a new state.
    site.write("content/tin-tuc/b.md", article("Bài B đổi tên", date="2023-09-02 08:00",
                                               tags='["Lễ hội"]'))
    assert build(site.root) == 0
    assert full_builds == ["full", "full"]
    edit_text(site, "content/tin-tuc/b.md", "Đoạn mới của bài B.")
    assert build(site.root) == 0
    assert full_builds == ["full", "full"]
    assert "Đoạn mới của bài B." in (out / "vi/tin-tuc/b/index.html").read_text()
    assert files_of(out) == clean(site.root, tmp_path / "3")
    assert build(site.root) == 0  # and then nothing to do
    assert "is up to date" in capsys.readouterr().err


def test_the_saved_state_leaves_bodies_on_disk(make_site) -> None:
    text = "Một câu có từ đánh dấu zqxjmarker ở giữa.\n" * 50
    site = make_site({**FILES, "content/tin-tuc/c.md": article("Bài C", body=text),
                      # its layout reads the body itself: a body read during the build
                      "content/van-ban/kl-57.md": directive(
                          "57-KL/TW", "Kết luận", "Bộ Chính trị", "2023-01-01", body=text)})
    assert build(site.root) == 0
    assert b"zqxjmarker" in (site.root / "public/vi/tin-tuc/c/index.html").read_bytes()
    assert b"zqxjmarker" in (site.root / "public/vi/van-ban/kl-57/index.html").read_bytes()
    assert b"zqxjmarker" not in state_file(site.root).read_bytes()


@pytest.mark.parametrize("edit", [
    pytest.param("front-matter", id="a front-matter edit"),
    pytest.param("link", id="a new link"),
    pytest.param("layout", id="a layout edit"),
    pytest.param("new file", id="a new file"),
])
def test_other_edits_take_the_full_build(make_site, tmp_path, full_builds, edit) -> None:
    site = make_site(FILES)
    assert build(site.root) == 0
    if edit == "front-matter":
        site.write("content/tin-tuc/a.md", FILES["content/tin-tuc/a.md"].replace(
            'tags: ["Lễ hội"]', 'tags: ["Lễ hội", "Du lịch"]'))
    elif edit == "link":
        edit_text(site, "content/tin-tuc/a.md", "Xem [bài B](b.md).")
    elif edit == "layout":
        layout = site.root / "layouts/article.html"
        layout.write_text(layout.read_text() + "{# sửa #}\n")
    else:
        site.write("content/tin-tuc/c.md", article("Bài C"))
    assert build(site.root) == 0
    assert full_builds == ["full", "full"]
    assert files_of(site.root / "public") == clean(site.root, tmp_path / "1")


@pytest.mark.parametrize("damage", [
    pytest.param("garbage", id="an unreadable file"),
    pytest.param("older", id="the file of an earlier build"),
    pytest.param("cache", id="a cache deleted beside it"),
    pytest.param("moved", id="a site moved elsewhere"),
])
def test_a_state_that_cannot_vouch_for_itself_is_not_used(make_site, tmp_path, full_builds,
                                                          damage) -> None:
    site = make_site(FILES)
    root = site.root
    assert build(root) == 0
    saved_file = state_file(root)
    if damage == "garbage":
        saved_file.write_bytes(b"\x80\x05not a pickle at all")
    elif damage == "older":
        earlier = saved_file.read_bytes()
        edit_text(site, "content/tin-tuc/b.md", "Sửa bài B.")
        assert build(root) == 0
        site.write("content/tin-tuc/c.md", article("Bài C"))  # a full build: a new state
        assert build(root) == 0
        saved_file.write_bytes(earlier)
    elif damage == "cache":
        for stale in saved_file.parent.glob("build.db*"):
            stale.unlink()
    else:
        root = tmp_path / "moved"
        shutil.copytree(site.root, root)
        shutil.rmtree(site.root)
        site.root = root
    builds = len(full_builds)
    edit_text(site, "content/tin-tuc/a.md", "Đoạn thêm.")
    assert build(root) == 0
    assert len(full_builds) == builds + 1
    assert "Đoạn thêm." in (root / "public/vi/tin-tuc/a/index.html").read_text()
    assert files_of(root / "public") == clean(root, tmp_path / "clean")


def test_a_failed_quick_rebuild_is_followed_by_a_full_one(make_site, tmp_path, full_builds,
                                                          monkeypatch) -> None:
    site = make_site(FILES)
    assert build(site.root) == 0
    real = Renderer.page

    def broken(self, page):
        raise LayoutError(Diagnostic("layouts/article.html", 3, "error", "boom"))

    monkeypatch.setattr(Renderer, "page", broken)
    edit_text(site, "content/tin-tuc/a.md", "Đoạn thêm.")
    assert build(site.root) != 0
    assert full_builds == ["full"]  # it was tried quick, and failed
    assert "Đoạn thêm." not in (site.root / "public/vi/tin-tuc/a/index.html").read_text()
    monkeypatch.setattr(Renderer, "page", real)
    assert build(site.root) == 0
    assert full_builds == ["full", "full"]
    assert files_of(site.root / "public") == clean(site.root, tmp_path / "1")


@pytest.mark.parametrize("failure", [
    pytest.param(LayoutError(Diagnostic("layouts/article.html", 3, "error", "boom")),
                 id="a layout error"),
    pytest.param(RuntimeError("a bug"), id="a bug"),
])
def test_a_failed_full_build_leaves_no_state_behind(make_site, tmp_path, full_builds,
                                                    monkeypatch, failure) -> None:
    site = make_site(FILES)
    assert build(site.root) == 0
    folder = state_file(site.root).parent
    real = Renderer.page

    def broken(self, page):
        raise failure

    monkeypatch.setattr(Renderer, "page", broken)
    site.write("content/tin-tuc/c.md", article("Bài C"))  # a full build, which fails
    if isinstance(failure, LayoutError):
        assert build(site.root) != 0
    else:
        with pytest.raises(RuntimeError, match="a bug"):
            build(site.root)
    # The state was begun before the outputs were made: nothing of it is left, and the
    # state of the build before it is not trusted any more either.
    assert sorted(path.name for path in folder.iterdir()
                  if path.name.startswith(saved.FILE)) == [saved.FILE]
    monkeypatch.setattr(Renderer, "page", real)
    edit_text(site, "content/tin-tuc/a.md", "Đoạn thêm.")
    assert build(site.root) == 0
    assert full_builds == ["full", "full", "full"]
    assert files_of(site.root / "public") == clean(site.root, tmp_path / "1")


def all_files(folder: Path) -> dict[str, bytes]:
    """Every file of an output, the search index's included."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def test_a_text_edit_published_with_the_index_is_quick_and_indexed_as_a_clean_build(
        make_site, tmp_path, full_builds, capsys) -> None:
    site = make_site(FILES)
    production = ["build", "--root", str(site.root), "--now", NOW]
    assert main(production) == 0
    assert full_builds == ["full"] and state_file(site.root).is_file()
    out = site.root / "public"
    before = {path for path in all_files(out) if path.startswith("pagefind/")}

    edit_text(site, "content/tin-tuc/a.md", "Hợp tác quốc tế với thành phố kết nghĩa.")
    capsys.readouterr()
    assert main(production) == 0
    assert full_builds == ["full"]  # quick: from the saved state
    assert "kết nghĩa" in indexed(out)["/vi/tin-tuc/a/"]["content"]
    after = all_files(out)
    gone = before - set(after)
    assert gone  # the shard's old files, named by their contents, left the output
    assert f"{len(gone)} removed" in capsys.readouterr().err
    # The output, index and all, byte for byte a clean production build's of the same files.
    shutil.copytree(site.root, tmp_path / "clean", ignore=shutil.ignore_patterns(
        "public", ".cache"))
    assert main(["build", "--root", str(tmp_path / "clean"), "--now", NOW]) == 0
    assert after == all_files(tmp_path / "clean/public")

    # The next deploy on Netlify: a new clone, every file the same bytes with another stat,
    # and one article edited. Still quick: only the article's bytes changed.
    for path in sorted(site.root.rglob("*")):
        if path.is_file() and not {"public", ".cache"} & set(path.relative_to(site.root).parts):
            data = path.read_bytes()
            path.unlink()
            path.write_bytes(data)
    edit_text(site, "content/tin-tuc/b.md", "Đoàn kiều bào về thăm quê hương.")
    assert main(production) == 0
    assert full_builds == ["full", "full"]  # the clean build above, and no other
    assert "kiều bào" in indexed(out)["/vi/tin-tuc/b/"]["content"]

    # A build without the index is not quick from that state: it leaves no index behind.
    assert build(site.root) == 0
    assert full_builds == ["full", "full", "full"]
    assert not (out / "pagefind").exists()
    # Nor is a build with the index from a state saved without it: it indexes every page.
    edit_text(site, "content/tin-tuc/a.md", "Đoạn thêm.")
    assert main(production) == 0
    assert full_builds == ["full", "full", "full", "full"]
    assert "Đoạn thêm." in indexed(out)["/vi/tin-tuc/a/"]["content"]


def test_builds_leave_the_collector_on_with_nothing_frozen(make_site, full_builds) -> None:
    """`serve` and other long-lived callers build again and again in one process: each
    build must leave the collector on and nothing frozen (frozen objects are never
    collected)."""
    site = make_site(FILES)
    assert gc.isenabled()
    for edit in ("", "Đoạn thêm."):  # a full build, then a quick one
        if edit:
            edit_text(site, "content/tin-tuc/a.md", edit)
        assert build(site.root) == 0
        assert gc.isenabled() and gc.get_freeze_count() == 0
    assert full_builds == ["full"]


def test_what_a_build_made_is_left_to_the_collector() -> None:
    """Objects made while the collector was paused go through its young generations like
    any others. Filed straight into the oldest one, they were never counted toward its next
    pass: in `serve`, each full rebuild's garbage (the replaced renderer, its Jinja
    environments, the old Site) piled up, about 10 MB a rebuild at 1,000 articles."""
    assert gc.isenabled()
    with heap.uncollected():
        assert not gc.isenabled()
        made = [[index] for index in range(100)]
    assert gc.isenabled()
    oldest = {id(thing) for thing in gc.get_objects(generation=2)}
    assert not any(id(thing) in oldest for thing in made)


def test_a_command_line_build_keeps_the_collector_off(make_site) -> None:
    """build.py runs one command and exits: the collector stays off for all of it (its first
    pass after a build would walk everything the build made), but for the long-lived
    `serve`."""
    site = make_site(FILES)
    try:
        assert main(["build", "--root", str(site.root), "--no-search", "--now", NOW],
                    exits_after=True) == 0
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_build_py_exits_with_the_commands_status_even_with_stdout_closed(make_site) -> None:
    """build.py ends without the interpreter's tear-down; the command's status and messages
    still come out, also when started with a standard stream closed (`>&-`)."""
    site = make_site(FILES)

    def build_py() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(REPO / "build.py"), "build", "--root", str(site.root),
             "--no-search", "--now", NOW],
            stderr=subprocess.PIPE, text=True, check=False, timeout=120,
            preexec_fn=lambda: os.close(1))  # noqa: PLW1509 - no threads in this test

    done = build_py()
    assert done.returncode == 0, done.stderr
    assert "built " in done.stderr
    site.write("content/tin-tuc/a.md", "---\ntitle: [\n---\nBroken.\n")
    done = build_py()
    assert done.returncode == 1
    assert "content/tin-tuc/a.md:" in done.stderr and "build failed" in done.stderr
