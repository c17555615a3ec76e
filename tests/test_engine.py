"""The engine (bantin/engine/decide.py) decides in one place how each build brings the output
up to date: nothing to do, a quick rebuild of what read the edited text, an incremental
build, or a full one; the command line and `serve` get the same decisions."""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

from bantin.engine import Engine, Kind
from bantin.model.config_file import load_config
from bantin.model.document import OnDisk
from bantin.model.freshness import scan
from bantin.model.options import BuildOptions
from bantin.rendering.render import Renderer
from tests.conftest import NOW, article
from tests.test_quick import FILES, files_of

OPTIONS = BuildOptions(now=datetime.fromisoformat(NOW), search=False)


def build(engine: Engine, root: Path) -> Kind:
    result = engine.build(load_config(root), OPTIONS, scan(root))
    assert result.ok, [str(item) for item in result.diagnostics.items]
    return result.kind


def clean(root: Path, folder: Path) -> dict[str, bytes]:
    assert build(Engine(folder), root) is Kind.FULL
    return files_of(folder)


def test_each_edit_takes_the_build_it_needs(make_site, tmp_path) -> None:
    site = make_site(FILES)
    out = site.root / "public"
    engine = Engine(out)
    assert build(engine, site.root) is Kind.FULL
    assert build(engine, site.root) is Kind.UP_TO_DATE
    path = site.root / "content/tin-tuc/a.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nĐoạn thêm.\n", encoding="utf-8")
    assert build(engine, site.root) is Kind.QUICK
    assert "Đoạn thêm." in (out / "vi/tin-tuc/a/index.html").read_text(encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8").replace("Bài A", "Bài A mới"),
                    encoding="utf-8")
    assert build(engine, site.root) is Kind.INCREMENTAL  # a title: the Site again
    shutil.rmtree(out)
    assert build(engine, site.root) is Kind.FULL  # no output to build on
    assert files_of(out) == clean(site.root, tmp_path / "clean")


def test_a_new_process_is_quick_from_the_state_the_last_one_saved(make_site, tmp_path) -> None:
    site = make_site(FILES)
    out = site.root / "public"
    assert build(Engine(out, saves_state=True), site.root) is Kind.FULL
    path = site.root / "content/tin-tuc/b.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nĐoạn thêm.\n", encoding="utf-8")
    assert build(Engine(out, saves_state=True), site.root) is Kind.QUICK
    path.write_text(path.read_text(encoding="utf-8") + "\nĐoạn nữa.\n", encoding="utf-8")
    assert build(Engine(out, saves_state=True), site.root) is Kind.QUICK  # changes applied
    assert files_of(out) == clean(site.root, tmp_path / "clean")


def test_a_cache_failing_its_checksum_during_a_quick_rebuild_takes_a_full_build(
        make_site, tmp_path) -> None:
    site = make_site(FILES)
    out = site.root / "public"
    engine = Engine(out)
    assert build(engine, site.root) is Kind.FULL
    (db,) = (site.root / ".cache" / "bantin").glob("*/build.db")
    with sqlite3.connect(db) as connection:  # flip one byte of every value in the meta table
        for name, value in connection.execute("SELECT name, value FROM meta").fetchall():
            if name != "engine":
                tampered = bytearray(value)
                tampered[-1] ^= 0x55
                connection.execute("UPDATE meta SET value = ? WHERE name = ?",
                                   (bytes(tampered), name))
    path = site.root / "content/tin-tuc/a.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nĐoạn thêm.\n", encoding="utf-8")
    assert build(engine, site.root) is Kind.FULL
    assert files_of(out) == clean(site.root, tmp_path / "clean")


def test_rendering_reads_no_content_file_even_from_a_saved_state(make_site, tmp_path,
                                                                  monkeypatch) -> None:
    """What a page shows of other files (a translation's stale notice, a link's anchor that
    only the original has) is worked out before rendering: a quick rebuild from a saved
    state, which holds bodies left in their files, renders without opening one."""
    files = {
        "content/tin-tuc/a.md": article("Bài A", body="## Mục một\n\nĐoạn đầu.\n"),
        "content/tin-tuc/a.en.md": article("Article A", body="## Part one\n\nFirst.\n"),
        "content/tin-tuc/b.md": article("Bài B", body="Xem [mục một](a.md#muc-mot).\n"),
        "content/tin-tuc/b.en.md": article("Article B", body="See [part one](a.md#muc-mot).\n"),
    }
    site = make_site(files)
    out = site.root / "public"
    assert build(Engine(out, saves_state=True), site.root) is Kind.FULL
    english = (out / "en/news/b/index.html").read_text(encoding="utf-8")
    assert 'href="/en/news/a/"' in english and "banner-stale" in english  # never stamped

    opened: list[str] = []
    rendering = [False]
    real_make, real_load = Renderer.make, OnDisk.load

    def make(self: Renderer, *args: Any) -> str:
        rendering[0] = True
        try:
            return real_make(self, *args)
        finally:
            rendering[0] = False

    def load(self: OnDisk) -> str:
        if rendering[0]:
            opened.append(self.path)
        return real_load(self)

    monkeypatch.setattr(Renderer, "make", make)
    monkeypatch.setattr(OnDisk, "load", load)
    path = site.root / "content/tin-tuc/b.en.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    assert build(Engine(out, saves_state=True), site.root) is Kind.QUICK
    assert opened == []
    english = (out / "en/news/b/index.html").read_text(encoding="utf-8")
    assert "More." in english and 'href="/en/news/a/"' in english and "banner-stale" in english
    assert files_of(out) == clean(site.root, tmp_path / "clean")


def _put_back(out: Path, tmp_path: Path) -> None:
    """The output folder replaced by a copy of itself (another inode), as Netlify's build
    cache puts it back before the next deploy."""
    shutil.copytree(out, tmp_path / "kept", symlinks=True)
    shutil.rmtree(out)
    shutil.move(tmp_path / "kept", out)


def test_an_output_put_back_with_the_cache_is_built_on(make_site, tmp_path) -> None:
    site = make_site(FILES)
    out = site.root / "public"
    assert build(Engine(out), site.root) is Kind.FULL
    _put_back(out, tmp_path)
    path = site.root / "content/tin-tuc/a.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Bài A", "Bài A mới"),
                    encoding="utf-8")
    assert build(Engine(out), site.root) is Kind.INCREMENTAL
    assert files_of(out) == clean(site.root, tmp_path / "clean")


def test_an_output_put_back_unlike_the_one_built_is_made_again(make_site, tmp_path) -> None:
    """One byte changed, a file added or missing, a symbolic link, a pipe: the folder is not
    the one the cache describes, so the build starts from nothing and publishes nothing
    else."""
    site = make_site(FILES)
    out = site.root / "public"
    outside = tmp_path / "secret.txt"
    outside.write_text("không được công bố", encoding="utf-8")
    changes = {
        "a byte": lambda: (out / "vi/index.html").write_bytes(
            (out / "vi/index.html").read_bytes() + b" "),
        "a file added": lambda: (out / "vi/draft.html").write_text("nháp", encoding="utf-8"),
        "a file missing": lambda: (out / "vi/index.html").unlink(),
        "a link out": lambda: (out / "vi/index.html").unlink() or (
            out / "vi/index.html").symlink_to(outside),
        "a folder linked out": lambda: (out / "vi/dir").symlink_to(tmp_path),
        # where a page was: reading it would wait for a writer forever
        "a pipe": lambda: (out / "vi/index.html").unlink() or os.mkfifo(out / "vi/index.html"),
    }
    assert build(Engine(out), site.root) is Kind.FULL
    built = files_of(out)
    for name, change in changes.items():
        _put_back(out, tmp_path)
        change()
        assert build(Engine(out), site.root) is Kind.FULL, name
        assert files_of(out) == built, name


def test_a_new_clone_parses_only_the_files_whose_bytes_changed(make_site, tmp_path,
                                                               monkeypatch) -> None:
    """Every file of a new clone has another inode and time (each Netlify deploy): the
    cache finds each document by its bytes, and only an edited one is parsed again."""
    from bantin.engine import documents

    site = make_site(FILES)
    out = site.root / "public"
    assert build(Engine(out), site.root) is Kind.FULL
    content = site.root / "content"
    shutil.copytree(content, tmp_path / "clone")
    shutil.rmtree(content)
    shutil.move(tmp_path / "clone", content)
    path = content / "tin-tuc/b.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nĐoạn thêm.\n", encoding="utf-8")
    parsed: list[str] = []
    real = documents.parse_file
    monkeypatch.setattr(documents, "parse_file", lambda root, source, *rest: (
        parsed.append(source.path), real(root, source, *rest))[1])
    assert build(Engine(out), site.root) is Kind.INCREMENTAL
    assert parsed == ["content/tin-tuc/b.md"]
    assert files_of(out) == clean(site.root, tmp_path / "clean")
