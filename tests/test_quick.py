"""serve's quick rebuilds (bantin/engine/quick.py): an edit to article text re-makes only what read
it, from the last build's Site kept in memory, and the preview is byte for byte what a clean
build of the same files gives; any other edit takes the full build."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bantin.commands.cli import main
from bantin.commands.serve import Preview
from bantin.engine import Engine, quick
from bantin.model.config_file import load_config
from bantin.model.freshness import scan
from tests.conftest import NOW, article
from tests.output_scan import find_markers
from tests.test_serve import preview_of

FILES = {
    "content/tin-tuc/a.md": article("Bài A", body="Đoạn đầu của bài A.\n", tags='["Lễ hội"]'),
    "content/tin-tuc/a.en.md": article("Article A", body="The first paragraph.\n"),
    "content/tin-tuc/b.md": article("Bài B", date="2023-09-02 08:00", tags='["Lễ hội"]'),
}


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.relative_to(folder).parts[0] != "pagefind"}


def clean_build(preview: Preview, folder: Path) -> dict[str, bytes]:
    """The same files built from nothing (a new output folder has a cache of its own), with
    the preview's options, without the index."""
    result = Engine(folder / "clean").build(
        load_config(preview.root), replace(preview.options, search=False), scan(preview.root))
    assert result.ok, [str(item) for item in result.diagnostics.items]
    return files_of(folder / "clean")


@pytest.fixture
def quick_calls(monkeypatch) -> list[bool]:
    """Whether each rebuild after the first was a quick one."""
    calls: list[bool] = []
    real = quick.rebuild

    def spy(*args, **kwargs):
        result = real(*args, **kwargs)
        calls.append(result is not None)
        return result

    monkeypatch.setattr(quick, "rebuild", spy)
    return calls


def test_text_edits_are_quick_and_the_same_as_a_clean_build(make_site, tmp_path,
                                                            quick_calls) -> None:
    site = make_site(FILES)
    assert main(["translations", "--stamp", str(site.root / "content/tin-tuc/a.en.md"),
                 "--root", str(site.root), "--now", NOW]) == 0
    preview = preview_of(site)
    assert preview.rebuild() is True
    assert (preview.out / "pagefind" / "pagefind.js").is_file()
    assert "banner-stale" not in (preview.out / "en/news/a/index.html").read_text()
    page = preview.out / "vi/tin-tuc/b/index.html"
    untouched = page.stat().st_mtime_ns

    # The original's text changes: its page, and its translation's stale notice.
    site.write("content/tin-tuc/a.md", FILES["content/tin-tuc/a.md"] + "\nĐoạn mới thêm.\n")
    assert preview.rebuild() is True
    assert quick_calls == [True]
    assert "Đoạn mới thêm." in (preview.out / "vi/tin-tuc/a/index.html").read_text()
    english = (preview.out / "en/news/a/index.html").read_text()
    assert "banner-stale" in english and 'href="/vi/tin-tuc/a/"' in english
    assert page.stat().st_mtime_ns == untouched
    assert (preview.out / "pagefind" / "pagefind.js").is_file()  # the index is kept
    assert files_of(preview.out) == clean_build(preview, tmp_path / "1")


@pytest.mark.parametrize("edit", [
    pytest.param("\nXem [bài B](b.md).\n", id="a new link"),
    pytest.param("\n## Mục mới\n", id="a new heading anchor"),
])
def test_text_edits_that_change_links_or_anchors_take_the_full_build(
        make_site, tmp_path, quick_calls, edit) -> None:
    site = make_site(FILES)
    preview = preview_of(site)
    assert preview.rebuild() is True
    site.write("content/tin-tuc/a.md", FILES["content/tin-tuc/a.md"] + edit)
    assert preview.rebuild() is True
    assert quick_calls == [False]
    assert files_of(preview.out) == clean_build(preview, tmp_path / "1")


def test_front_matter_and_new_files_take_the_full_build(make_site, tmp_path,
                                                        quick_calls) -> None:
    site = make_site(FILES)
    preview = preview_of(site)
    assert preview.rebuild() is True
    site.write("content/tin-tuc/b.md", article("Bài B đổi tên", date="2023-09-02 08:00",
                                               tags='["Lễ hội"]'))
    assert preview.rebuild() is True
    assert "Bài B đổi tên" in (preview.out / "vi/tin-tuc/a/index.html").read_text()  # related
    site.write("content/tin-tuc/c.md", article("Bài C"))
    assert preview.rebuild() is True
    assert quick_calls == [False, False]
    assert files_of(preview.out) == clean_build(preview, tmp_path / "1")


def test_a_failed_quick_rebuild_is_followed_by_a_full_one(make_site, tmp_path,
                                                          quick_calls) -> None:
    site = make_site(FILES)
    preview = preview_of(site)
    assert preview.rebuild() is True
    site.write("content/tin-tuc/a.md", FILES["content/tin-tuc/a.md"].replace(
        "date: 2023-09-01 00:14", "date: 2023-02-30 00:14"))
    assert preview.rebuild() is False
    assert preview.engine.state is None
    site.write("content/tin-tuc/a.md", FILES["content/tin-tuc/a.md"] + "\nĐã sửa.\n")
    assert preview.rebuild() is True
    assert quick_calls == [False]  # only the first edit was tried quick; then a full build
    assert files_of(preview.out) == clean_build(preview, tmp_path / "1")


def test_the_kept_index_never_keeps_a_page_made_internal(make_site, tmp_path) -> None:
    site = make_site({**FILES, "content/tin-tuc/c.md": article(
        "Bài C", body="Từ đánh dấu zqxjmarker trong bài.\n")})
    preview = preview_of(site)
    assert preview.rebuild() is True
    assert find_markers(preview.out / "pagefind", ["zqxjmarker"])["zqxjmarker"]
    site.write("content/tin-tuc/c.md", article(
        "Bài C", body="Từ đánh dấu zqxjmarker trong bài.\n", internal="true"))
    assert preview.rebuild() is True
    assert find_markers(preview.out, ["zqxjmarker"]) == {"zqxjmarker": []}
    assert (preview.out / "pagefind" / "pagefind.js").is_file()
