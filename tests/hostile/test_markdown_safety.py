"""Markdown never drops text without an error, and headings never take a layout's id."""

from __future__ import annotations

import re

from bantin.model.markdown import MAX_NESTING, layout_id
from tests.conftest import CITED_DIRECTIVES, REPO, article
from tests.hostile.broken_build import fails_keeping_public
from tests.hostile.test_limits import run

_ID = re.compile(r'\bid="([^"]*)"')


def test_lines_in_braces_keep_their_text(make_site) -> None:
    site = make_site({"content/tin-tuc/a.md": article(body=(
        "{x=1} Đoạn văn mở đầu bằng ngoặc {quan trọng}\n\n"
        "{% ghi chú của biên tập %}\n\n"
        "{Năm 2023} là năm bản lề.\n\n"
        "{.lead}\nĐoạn có lớp.\n"))})
    assert site.build("--no-search") == 0
    html = site.read("vi/tin-tuc/a/index.html")
    assert "<p>{x=1} Đoạn văn mở đầu bằng ngoặc {quan trọng}</p>" in html
    assert "<p>{% ghi chú của biên tập %}</p>" in html
    assert "<p>{Năm 2023} là năm bản lề.</p>" in html
    assert '<p class="lead">Đoạn có lớp.</p>' in html


def test_headings_never_take_an_id_the_layout_uses(make_site) -> None:
    site = make_site({"content/tin-tuc/a.md": article(body=(
        "## Main\n\nMột.\n\n## Site search\n\nHai.\n\n## Main\n\nBa.\n\n## FN1\n\nBốn.[^1]\n\n"
        "[^1]: Chú thích.\n"))})
    assert site.build("--no-search") == 0
    html = site.read("vi/tin-tuc/a/index.html")
    ids = _ID.findall(html)
    assert len(ids) == len(set(ids)), ids
    assert '<h2 id="main-1">Main</h2>' in html
    assert '<h2 id="site-search-1">Site search</h2>' in html
    assert '<h2 id="main-2">Main</h2>' in html
    assert '<h2 id="fn1-1">FN1</h2>' in html


def test_headings_named_like_a_family_of_layout_ids_get_an_id_at_once(make_site) -> None:
    """The layouts take every "category-…", "nam-…" and "cap-…": a heading "Category",
    "Năm" or "Cấp" once looped for ever looking for a free "nam-N"."""
    site = make_site({"content/tin-tuc/a.md": article(body=(
        "## Category\n\nMột.\n\n## Năm\n\nHai.\n\n## Năm\n\nBa.\n\n## Cấp\n\nBốn.\n\n"
        "## Category Đối ngoại\n\nNăm.\n"))})
    assert run(site, "build", "--no-search") == (0, [])
    html = site.read("vi/tin-tuc/a/index.html")
    for heading in ('<h2 id="muc-category">Category</h2>', '<h2 id="muc-nam">Năm</h2>',
                    '<h2 id="muc-nam-1">Năm</h2>', '<h2 id="muc-cap">Cấp</h2>',
                    '<h2 id="muc-category-doi-ngoai">Category Đối ngoại</h2>'):
        assert heading in html


def test_every_id_in_the_layouts_is_kept_from_headings(make_site) -> None:
    """The list in bantin/model/markdown.py against the layouts: their written ids, and every id
    a built site shows when no body has a heading, footnote or attribute."""
    for template in sorted((REPO / "layouts").rglob("*.html")):
        for value in _ID.findall(template.read_text(encoding="utf-8")):
            if value.startswith("{{"):  # wholly made by the template: checked below
                continue
            example = re.sub(r"\{\{.*?\}\}", "1", value)
            assert layout_id(example), f"{template.name}: id {value!r} missing in LAYOUT_IDS"
    site = make_site(CITED_DIRECTIVES | {
        "content/tin-tuc/a.md": article("Bài một", directives='["57-KL/TW"]'),
        "content/tin-tuc/b.md": article("Bài hai", date="2023-09-02 08:00"),
        "content/tin-tuc/b.en.md": article("Article two", date="2023-09-02 08:00"),
        "content/gioi-thieu/lich-su.md": '---\ntitle: "Lịch sử"\n---\nMở đầu.\n',
    })
    assert site.build("--no-search") == 0
    shown = {value for name, data in site.output_files().items() if name.endswith(".html")
             for value in _ID.findall(data.decode())}
    assert {"main", "site-search", "search-query", "implemented-by"} <= shown
    assert sorted(value for value in shown if not layout_id(value)) == []


def test_an_attribute_giving_a_layout_id_is_an_error_at_its_line(make_site, capsys) -> None:
    site = make_site({"content/tin-tuc/ok.md": article()})
    errors = fails_keeping_public(site, capsys, {"content/tin-tuc/a.md": article(
        body="Mở đầu.\n\n{#main}\n## Tổng kết\n")})
    assert errors == [
        "content/tin-tuc/a.md:9: error: the id `main` is one the page layout uses, so links "
        "to it would land on the layout's element: choose another id, e.g. {#main-1}"]


def test_text_nested_too_deep_to_show_is_an_error(make_site, capsys) -> None:
    levels = MAX_NESTING  # one more than markdown-it shows
    site = make_site({"content/tin-tuc/ok.md": article()})
    errors = fails_keeping_public(site, capsys, {
        "content/tin-tuc/a.md": article(body="Mở đầu.\n\n" + ">" * levels + " Trích dẫn.\n"),
        "content/tin-tuc/b.md": article(body="".join(f"{'  ' * i}- mục {i}\n"
                                                     for i in range(levels // 2))),
    })
    message = ("quotes (`>`) and lists nest more than 19 levels deep here (a list level counts "
               "as two), and the text inside would be lost: nest them less")
    assert errors == [f"content/tin-tuc/a.md:9: error: {message}",
                      f"content/tin-tuc/b.md:16: error: {message}"]


def test_the_deepest_nesting_shown_is_no_error(make_site) -> None:
    site = make_site({"content/tin-tuc/a.md": article(
        body=">" * (MAX_NESTING - 1) + " Trích dẫn sâu.\n")})
    assert site.build("--no-search") == 0
    assert "Trích dẫn sâu." in site.read("vi/tin-tuc/a/index.html")


def test_no_text_an_editor_writes_becomes_a_frame(make_site) -> None:
    """Only a video written as an image becomes the facade (which makes no frame by itself:
    assets/js/video.js does, on click); raw <iframe>, a forged placeholder or the facade's
    class on a link never give a frame or a facade the script would act on."""
    video = "Xy12ab34CDE"
    site = make_site({"content/tin-tuc/a.md": article(body=(
        f'<iframe src="https://www.youtube-nocookie.com/embed/{video}"></iframe>\n\n'
        f'Chữ <iframe src="https://evil.example/"></iframe> giữa đoạn.\n\n'
        "[giả](bantin:v/0)\n\n"
        f'[lừa](https://evil.example/){{.video-facade data-video="{video}"}}\n\n'
        '{.video data-video="x"}\nĐoạn có lớp.\n'))})
    assert site.build("--no-search") == 0
    html = site.read("vi/tin-tuc/a/index.html")
    body = html.split('<div class="body">', 1)[1].split("</div>", 1)[0]
    assert "<iframe" not in body and "&lt;iframe" in body  # shown as text, never run
    assert "<figure" not in body and "data-video" not in body and "bantin:" not in body
    assert "video." not in html  # no facade: assets/js/video.js is not even loaded
