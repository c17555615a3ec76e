"""Incremental and parallel builds: the output is always byte for byte a clean build's."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from bantin.commands.cli import main
from bantin.engine import cache as cache_module
from bantin.engine import workers
from tests.conftest import CITED_DIRECTIVES, MINIMAL_CONFIG, NOW, article

TRANSLATION = """---
title: "{title}"
summary: "English summary"
---
## Background

The English text of the article, with a [link](bai-2.en.md).
"""


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _stats(root: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(root).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*")) if p.is_file()}


def _clean_build(site, tmp_path: Path) -> dict[str, bytes]:
    """The same sources built from scratch in another folder."""
    clean = tmp_path / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    shutil.copytree(site.root, clean, ignore=shutil.ignore_patterns(".cache", "public"))
    assert main(["build", "--root", str(clean), "--now", NOW]) == 0
    return _files(clean / "public")


def _news_site(make_site):
    files = {}
    for n in range(1, 7):
        body = f"## Mục {n}\n\nNội dung bài {n}, xem [bài 2](bai-2.md).\n\n- một\n- hai\n"
        files[f"content/tin-tuc/bai-{n}.md"] = article(
            f"Bài số {n}", body, date=f"2023-09-0{n} 08:00", summary=f'"Tóm tắt {n}"',
            tags='["đầu tư", "du lịch"]' if n % 2 else '["văn hóa"]')
        if n <= 3:
            files[f"content/tin-tuc/bai-{n}.en.md"] = TRANSLATION.format(title=f"Article {n}")
    files["content/gioi-thieu/lich-su.md"] = "---\ntitle: Lịch sử\n---\nLịch sử huyện.\n"
    return make_site(files)


def _edits(site) -> list:
    """Edits of every kind, in turn, to `_news_site`."""

    def edit(relative: str, old: str, new: str) -> None:
        path = site.root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    edits = [
        lambda: edit("content/tin-tuc/bai-4.md", "Nội dung bài 4", "Nội dung đã sửa của bài 4"),
        lambda: edit("content/tin-tuc/bai-1.md", "Bài số 1", "Tiêu đề mới"),  # listings
        lambda: edit("content/tin-tuc/bai-2.en.md", "Article 2", "New English title"),
        lambda: edit("content/tin-tuc/bai-3.md", "Tóm tắt 3", "Tóm tắt mới"),  # inherited
        lambda: edit("layouts/article.html", "{% endblock %}", "<p>sửa</p>\n{% endblock %}"),
        lambda: site.write("content/tin-tuc/bai-9.md", article("Bài mới", "Mới.",
                                                                date="2023-10-01 08:00")),
        lambda: (site.root / "content/tin-tuc/bai-3.en.md").unlink(),  # a translation goes
        lambda: (site.root / "content/tin-tuc/bai-5.md").unlink(),
        lambda: edit("content/tin-tuc/bai-6.md", "author:", "draft: true\nauthor:"),
        lambda: edit("config.toml", 'title = "Bản tin thử"', 'title = "Bản tin mới"'),
    ]
    return edits


def test_cached_builds_after_edits_equal_clean_builds(make_site, tmp_path) -> None:
    site = _news_site(make_site)
    assert site.build() == 0
    assert _files(site.root / "public") == _clean_build(site, tmp_path)
    for change in _edits(site):
        change()
        assert site.build() == 0
        assert _files(site.root / "public") == _clean_build(site, tmp_path)


def _outputs(root: Path) -> dict[str, str]:
    """What the build cache says each output file holds, by URL."""
    (db,) = (root / ".cache" / "bantin").glob("*/build.db")
    cache = cache_module.Cache(db.parent, cache_module.engine_digest())
    try:
        return {url: record.digest for url, record in cache.outputs().items()}
    finally:
        cache.close()


def test_the_outputs_an_edit_changed_are_recorded_without_the_whole_table(
        make_site, tmp_path, monkeypatch) -> None:
    """An edit writes the entries of the outputs it changed, not the table of every
    output (at 10,000 articles, half a second of each edit): the cache still knows each
    output as a clean build's does, and an output that left is not known any more."""
    from bantin.engine import full

    site = _news_site(make_site)
    assert site.build() == 0
    monkeypatch.setattr(full, "WHOLE_TABLE_SHARE", 1)  # whole only when all of it changed
    for change in _edits(site):
        change()
        assert site.build() == 0
        assert _files(site.root / "public") == _clean_build(site, tmp_path)
        assert _outputs(site.root) == _outputs(tmp_path / "clean")
    # One body edit more: the whole table as it was, the edit's entries beside it.
    with sqlite3.connect(_db(site)) as db:
        whole = db.execute("SELECT value FROM meta WHERE name = 'outputs'").fetchone()
    path = site.root / "content/tin-tuc/bai-4.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nĐoạn mới.\n", encoding="utf-8")
    assert site.build() == 0
    with sqlite3.connect(_db(site)) as db:
        assert db.execute("SELECT value FROM meta WHERE name = 'outputs'").fetchone() == whole
    _clean_build(site, tmp_path)
    assert _outputs(site.root) == _outputs(tmp_path / "clean")


def test_body_edit_rewrites_only_the_pages_that_show_it(make_site, tmp_path) -> None:
    site = _news_site(make_site)
    assert site.build() == 0
    before = _stats(site.root / "public")
    path = site.root / "content/tin-tuc/bai-4.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nĐoạn mới.\n", encoding="utf-8")
    assert site.build() == 0
    after = _stats(site.root / "public")
    changed = sorted(name for name in after if after[name] != before.get(name))
    # Feeds show the summary, not the body; the search index has the new text.
    assert [n for n in changed if not n.startswith("pagefind/")] == ["vi/tin-tuc/bai-4/index.html"]
    assert any(n.startswith("pagefind/fragment/") for n in changed)
    assert _files(site.root / "public") == _clean_build(site, tmp_path)
    assert "Đoạn mới." in site.read("vi/tin-tuc/bai-4/index.html")

    # Nothing changed: nothing is written at all.
    assert site.build() == 0
    assert _stats(site.root / "public") == after


def test_title_edit_remakes_only_the_outputs_that_show_it(make_site, tmp_path,
                                                        monkeypatch) -> None:
    files = {**CITED_DIRECTIVES,
             "content/tin-tuc/a.md": article("Bài A", "Thực hiện Kết luận 57-KL/TW.\n"),
             **{f"content/tin-tuc/b{n}.md": article(f"Bài {n}", date=f"2023-08-0{n} 08:00",
                                                    category="van-hoa-du-lich")
                for n in range(1, 8)}}
    site = make_site(files)
    timings = tmp_path / "timings.json"
    monkeypatch.setenv("BANTIN_TIMINGS", str(timings))
    assert main(["build", "--root", str(site.root), "--now", NOW, "--no-search"]) == 0
    everything = json.loads(timings.read_text())["rendered"]

    # The title shows on its page, the lists it is in, the directive page citing it, the
    # feeds; not on the other articles (another category, no shared tag).
    path = site.root / "content/tin-tuc/a.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Bài A", "Tên mới của bài A"),
                    encoding="utf-8")
    assert main(["build", "--root", str(site.root), "--now", NOW, "--no-search"]) == 0
    rendered = json.loads(timings.read_text())["rendered"]
    assert 0 < rendered < everything / 2, (rendered, everything)
    assert "Tên mới của bài A" in site.read("vi/van-ban/ket-luan-57/index.html")
    assert "Tên mới của bài A" in site.read("vi/index.html")

    # A directive's title is in its feed's title, which the plan makes: every page again.
    path = site.root / "content/van-ban/ket-luan-57.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "Về tiếp tục", "Tên mới: về tiếp tục"), encoding="utf-8")
    assert main(["build", "--root", str(site.root), "--now", NOW, "--no-search"]) == 0
    assert "Tên mới: về tiếp tục" in site.read("vi/tin-tuc/a/index.html")  # the link's title
    clean = tmp_path / "clean"
    shutil.copytree(site.root, clean, ignore=shutil.ignore_patterns(".cache", "public"))
    assert main(["build", "--root", str(clean), "--now", NOW, "--no-search"]) == 0
    assert _files(site.root / "public") == _files(clean / "public")


def test_layout_edit_remakes_only_the_outputs_that_use_it(make_site, tmp_path,
                                                         monkeypatch) -> None:
    site = make_site({**CITED_DIRECTIVES, **{
        f"content/tin-tuc/b{n}.md": article(f"Bài {n}", date=f"2023-08-0{n} 08:00")
        for n in range(1, 6)}})
    timings = tmp_path / "timings.json"
    monkeypatch.setenv("BANTIN_TIMINGS", str(timings))
    build = ["build", "--root", str(site.root), "--now", NOW, "--no-search"]
    assert main(build) == 0

    # directive.html: the two directive pages, nothing else (it extends base.html, which
    # every page uses: an edit there makes every page again).
    path = site.root / "layouts/directive.html"
    text = path.read_text(encoding="utf-8")
    at = text.rindex("{% endblock %}")
    path.write_text(text[:at] + '<p class="sua-mau">sửa</p>\n' + text[at:], encoding="utf-8")
    assert main(build) == 0
    assert json.loads(timings.read_text())["rendered"] == 2
    assert "sua-mau" in site.read("vi/van-ban/ket-luan-57/index.html")
    assert "sua-mau" not in site.read("vi/tin-tuc/b1/index.html")

    clean = tmp_path / "clean"
    shutil.copytree(site.root, clean, ignore=shutil.ignore_patterns(".cache", "public"))
    assert main(["build", "--root", str(clean), "--now", NOW, "--no-search"]) == 0
    assert _files(site.root / "public") == _files(clean / "public")


def test_original_body_edit_updates_the_translations_stale_notice(make_site, tmp_path) -> None:
    site = _news_site(make_site)
    assert site.build() == 0
    path = site.root / "content/tin-tuc/bai-1.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nThêm.\n", encoding="utf-8")
    assert site.build() == 0
    assert _files(site.root / "public") == _clean_build(site, tmp_path)


@pytest.mark.parametrize("start", ["fork", "spawn", "fork-renewed"])
def test_parallel_build_equals_serial_build(make_site, tmp_path, monkeypatch, start) -> None:
    site = _news_site(make_site)
    if start == "fork-renewed":  # each worker makes one chunk, then a fresh one is forked
        start = "fork"
        monkeypatch.setattr(workers, "RENEW", 1)
    monkeypatch.setenv("BANTIN_JOBS", "1")
    assert site.build() == 0
    serial = _files(site.root / "public")
    shutil.rmtree(site.root / "public")
    shutil.rmtree(site.root / ".cache")
    monkeypatch.setenv("BANTIN_JOBS", "2")
    monkeypatch.setenv("BANTIN_START", start)
    monkeypatch.setattr(workers, "PARALLEL_FROM", 1)
    assert site.build() == 0
    assert _files(site.root / "public") == serial
    # and an incremental build in the pool (a layout edit remakes every article)
    layout = site.root / "layouts/article.html"
    layout.write_text(layout.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert site.build() == 0
    assert _files(site.root / "public") == _clean_build(site, tmp_path)


def _db(site) -> Path:
    found = list((site.root / ".cache" / "bantin").glob("*/build.db"))
    assert len(found) == 1
    return found[0]


def _forget_stamp(site) -> None:
    for stamp in (site.root / ".cache" / "bantin").glob("*/stamp"):
        stamp.unlink()


def test_corrupt_cache_is_discarded(make_site, tmp_path) -> None:
    site = _news_site(make_site)
    assert site.build() == 0
    _db(site).write_bytes(b"this is not a database" * 100)
    _forget_stamp(site)
    assert site.build() == 0
    assert _files(site.root / "public") == _clean_build(site, tmp_path)


def test_cache_rows_failing_their_checksum_are_never_trusted(make_site, tmp_path) -> None:
    site = _news_site(make_site)
    assert site.build() == 0
    with sqlite3.connect(_db(site)) as db:  # flip one byte of every cached document
        rows = db.execute("SELECT path, value FROM docs").fetchall()
        for path, value in rows:
            tampered = bytearray(value)
            tampered[-5] ^= 0x55
            db.execute("UPDATE docs SET value = ? WHERE path = ?", (bytes(tampered), path))
    path = site.root / "content/tin-tuc/bai-2.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nThêm.\n", encoding="utf-8")
    assert site.build() == 0
    assert _files(site.root / "public") == _clean_build(site, tmp_path)


def test_cache_of_another_engine_is_discarded(make_site, tmp_path) -> None:
    site = _news_site(make_site)
    assert site.build() == 0
    # A well-formed cache from another engine version that says bai-1's title is different.
    with sqlite3.connect(_db(site)) as db:
        blob = db.execute("SELECT value FROM docs WHERE path = ?",
                          ("content/tin-tuc/bai-1.md",)).fetchone()[0]
        record = cache_module.doc_record(blob)
        record = replace(record, meta=replace(record.meta, title="Tiêu đề giả"))
        db.execute("UPDATE docs SET value = ? WHERE path = ?",
                   (cache_module._pack(record), "content/tin-tuc/bai-1.md"))
        db.execute("UPDATE meta SET value = ? WHERE name = 'engine'",
                   (cache_module._pack("an older engine"),))
    _forget_stamp(site)
    assert site.build() == 0
    assert "Tiêu đề giả" not in site.read("vi/tin-tuc/bai-1/index.html")
    assert _files(site.root / "public") == _clean_build(site, tmp_path)


def test_failed_build_leaves_public_exactly_as_it_was(make_site, tmp_path) -> None:
    site = _news_site(make_site)
    assert site.build() == 0
    before = _files(site.root / "public"), _stats(site.root / "public")
    layout = site.root / "layouts/article.html"
    good = layout.read_text(encoding="utf-8")
    layout.write_text(good.replace("{% endblock %}", "{{ page.nothing_here() }}\n{% endblock %}",
                                   1), encoding="utf-8")
    assert site.build() == 1
    assert (_files(site.root / "public"), _stats(site.root / "public")) == before
    layout.write_text(good, encoding="utf-8")
    broken = site.root / "content/tin-tuc/bai-2.md"
    broken.write_text(broken.read_text(encoding="utf-8").replace("date:", "date: 2023-02-30\nx:"),
                      encoding="utf-8")
    assert site.build() == 1
    assert (_files(site.root / "public"), _stats(site.root / "public")) == before
    assert not list(site.root.glob(".public.*"))  # no staging or fresh folder left behind


def test_interrupted_update_is_followed_by_a_clean_build(make_site, tmp_path) -> None:
    site = _news_site(make_site)
    assert site.build() == 0
    (site.root / "public/vi/tin-tuc/bai-1/index.html").write_text("half written")
    with sqlite3.connect(_db(site)) as db:
        db.execute("INSERT OR REPLACE INTO meta VALUES ('applying', ?)",
                   (cache_module._pack(True),))
    _forget_stamp(site)
    assert site.build() == 0
    assert _files(site.root / "public") == _clean_build(site, tmp_path)


def test_up_to_date_build_says_so_and_repeats_warnings(make_site, capsys) -> None:
    site = _news_site(make_site)
    site.write("content/tin-tuc/mo-coi.en.md", article("Orphan", "Text."))
    assert site.build() == 0
    first = capsys.readouterr().err
    assert "translation without an original" in first
    assert site.build() == 0
    second = capsys.readouterr().err
    assert "is up to date" in second
    assert "mo-coi.en.md:1: warning: translation without an original" in second
    os.utime(site.root / "content/tin-tuc/bai-1.md")  # touched, not changed: nothing written
    before = _stats(site.root / "public")
    assert site.build() == 0
    assert _stats(site.root / "public") == before


def test_serve_rebuilds_only_what_an_edit_changed(make_site) -> None:
    from datetime import datetime

    from bantin.commands.serve import Preview
    from bantin.website.site import BuildOptions

    site = _news_site(make_site)
    options = BuildOptions(now=datetime.fromisoformat(NOW), drafts=True, future=True,
                           search=False)
    out = site.root / ".cache" / "preview"
    preview = Preview(site.root, options, out)
    assert preview.rebuild()
    before = _stats(out)
    path = site.root / "content/tin-tuc/bai-4.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nĐoạn xem trước.\n", encoding="utf-8")
    assert preview.rebuild()
    after = _stats(out)
    assert [n for n in after if after[n] != before.get(n)] == ["vi/tin-tuc/bai-4/index.html"]
    assert "Đoạn xem trước." in (out / "vi/tin-tuc/bai-4/index.html").read_text(encoding="utf-8")


def test_footer_link_title_edit_remakes_every_page(make_site, tmp_path, monkeypatch) -> None:
    """The footer is rendered once per language and process; each page still depends on the
    titles it shows."""
    config = MINIMAL_CONFIG + '\n[identity]\npages = ["gioi-thieu/lien-he"]\n'
    files = {f"content/tin-tuc/bai-{n}.md": article(f"Bài {n}", date=f"2023-09-0{n} 08:00")
             for n in range(1, 7)}
    files["content/gioi-thieu/lien-he.md"] = '---\ntitle: "Liên hệ"\n---\nĐịa chỉ.\n'
    site = make_site(files, config=config)
    monkeypatch.setenv("BANTIN_JOBS", "2")
    monkeypatch.setattr(workers, "PARALLEL_FROM", 1)
    assert site.build("--no-search") == 0
    link = '<a href="/vi/gioi-thieu/lien-he/">Liên hệ</a>'
    assert link in site.read("vi/tin-tuc/bai-3/index.html")
    path = site.root / "content/gioi-thieu/lien-he.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Liên hệ", "Liên lạc"),
                    encoding="utf-8")
    assert site.build("--no-search") == 0
    for n in range(1, 7):
        footer = site.read(f"vi/tin-tuc/bai-{n}/index.html").split('class="site-footer"')[1]
        assert '<a href="/vi/gioi-thieu/lien-he/">Liên lạc</a>' in footer


def _unreadable(out: Path) -> list[str]:
    """What a web server running as another user (nginx's www-data) could not read."""
    return [p.relative_to(out.parent).as_posix() for p in [out, *out.rglob("*")]
            if p.stat().st_mode & 0o005 != (0o005 if p.is_dir() else 0o004)]


def test_every_kind_of_build_leaves_the_output_readable_by_others(make_site) -> None:
    """The output folder is made with mkdtemp (0700) and renamed into place: made readable,
    as rsync -a copies the modes to the server."""
    previous = os.umask(0o022)
    try:
        site = make_site({"content/tin-tuc/a.md": article()})
        out = site.root / "public"
        assert site.build("--no-search") == 0  # full
        assert _unreadable(out) == [] and out.stat().st_mode & 0o777 == 0o755
        site.write("content/tin-tuc/a.md", article(body="Đoạn mới."))
        assert site.build("--no-search") == 0  # quick: from the saved state
        site.write("content/tin-tuc/b.md", article("B", tags='["Mới"]'))
        assert site.build() == 0  # incremental, with a new folder or two and the index
        assert site.exists("vi/tin-tuc/b/index.html")
        assert _unreadable(out) == []
        shutil.rmtree(site.root / ".cache")
        assert site.build() == 0  # full again, over an output that exists
        assert _unreadable(out) == [] and out.stat().st_mode & 0o777 == 0o755
    finally:
        os.umask(previous)
