"""A YouTube video written as an image: a click-to-play facade that loads nothing from YouTube
until the reader clicks, a plain link to the video without JavaScript, an error at its line
when written wrong."""

from __future__ import annotations

import re

import pytest

from bantin.core.youtube import Video, youtube
from bantin.model import markdown
from tests.conftest import article
from tests.hostile.broken_build import fails_keeping_public

VIDEO = "Xy12ab34CDE"
WATCH = f"https://www.youtube.com/watch?v={VIDEO}"


def _body(html: str) -> str:
    return html.split('<div class="body">', 1)[1].split("</div>", 1)[0].strip()


def facade(title: str, href: str, start: int = 0, play: str = "Xem video (YouTube)") -> str:
    data_start = f' data-start="{start}"' if start else ""
    return (
        '<figure class="video">\n'
        f'<a class="video-facade" href="{href}" data-video="{VIDEO}"{data_start}>\n'
        '<span class="video-play" aria-hidden="true"><svg viewBox="0 0 24 24" width="24" '
        'height="24" focusable="false"><path d="M8.5 5.6v12.8a.8.8 0 0 0 1.2.7l10-6.4a.8.8 0 0 '
        '0 0-1.4l-10-6.4a.8.8 0 0 0-1.2.7z"/></svg></span>\n'
        f'<span class="video-text"><span class="video-title">{title}</span>\n'
        f'<span class="video-source">{play}</span></span>\n'
        "</a>\n"
        "</figure>\n")


@pytest.mark.parametrize(("src", "start"), [
    (WATCH, 0),
    (f"https://youtube.com/watch?feature=share&v={VIDEO}&t=90", 90),
    (f"http://m.youtube.com/watch?v={VIDEO}&t=1m30s", 90),
    (f"https://youtu.be/{VIDEO}?si=Ab12Cd34&t=1h2m3s", 3723),
    (f"https://www.youtube.com/embed/{VIDEO}?start=45&rel=0", 45),
    (f"https://www.youtube-nocookie.com/embed/{VIDEO}", 0),
    (f"https://youtube-nocookie.com/embed/{VIDEO}/?t=7s", 7),
])
def test_every_address_youtube_gives_names_the_video(src: str, start: int) -> None:
    assert youtube(src) == Video(VIDEO, start)


@pytest.mark.parametrize("src", ["https://example.com/watch?v=Xy12ab34CDE", "/images/a.jpg",
                                 "https://i.ytimg.com/vi/Xy12ab34CDE/hqdefault.jpg"])
def test_other_addresses_are_images(src: str) -> None:
    assert youtube(src) is None


def test_the_facade_is_a_link_to_the_video_with_its_title_and_nothing_from_youtube(
        make_site) -> None:
    site = make_site({
        "content/tin-tuc/a.md": article(body=(
            "Mở đầu.\n\n"
            f"![Lễ khai mạc lễ hội Trương Định]({WATCH})\n\n"
            f"![Hội thi <đờn ca> & \"tài tử\" 57-KL/TW](https://youtu.be/{VIDEO}?t=1m30s)\n\n"
            "Kết.\n")),
        "content/tin-tuc/a.en.md": article("Opening", body=(
            f"![Opening of the Truong Dinh festival](https://www.youtube.com/embed/{VIDEO})\n")),
        "content/tin-tuc/b.md": article("Bài không video"),
    })
    assert site.build("--no-search") == 0
    html = site.read("vi/tin-tuc/a/index.html")
    assert _body(html) == (
        "<p>Mở đầu.</p>\n"
        + facade("Lễ khai mạc lễ hội Trương Định", WATCH) + "\n"
        + facade("Hội thi &lt;đờn ca&gt; &amp; &#34;tài tử&#34; 57-KL/TW",
                 f"{WATCH}&amp;t=90s", 90) + "\n"
        "<p>Kết.</p>")
    english = site.read("en/news/a/index.html")
    assert facade("Opening of the Truong Dinh festival", WATCH,
                  play="Play video (YouTube)") in english
    # nothing from another site before the click: no frame, no thumbnail, no script
    for page in (html, english):
        assert "<iframe" not in page and "ytimg" not in page and "<img" not in _body(page)
        assert re.search(r'<script type="module" src="/assets/js/video\.[0-9a-f]{10}\.js">',
                         page)
    assert "video." not in site.read("vi/tin-tuc/b/index.html")  # only where there is one
    script = next((site.root / "public/assets/js").glob("video.*.js")).read_text("utf-8")
    assert "https://www.youtube-nocookie.com/embed/" in script


def test_a_video_s_title_is_the_feed_s_summary_words_and_videos_in_lists_and_quotes(
        make_site) -> None:
    site = make_site({"content/tin-tuc/a.md": article(body=(
        f"- ![Video trong danh sách]({WATCH})\n- mục hai\n\n"
        f"> ![Video trong trích dẫn]({WATCH})\n\n"
        f"![Video một]({WATCH})\n![Video hai]({WATCH})\n"))})
    assert site.build("--no-search") == 0
    body = _body(site.read("vi/tin-tuc/a/index.html"))
    assert body.count('<figure class="video">') == 4
    assert "<li>\n<figure" in body and "<blockquote>\n<figure" in body
    assert "<p><figure" not in body and "bantin:" not in body
    assert "Video trong danh sách" in site.read("vi/atom.xml")


def test_without_a_layout_a_video_is_a_plain_link() -> None:
    prepared = markdown.prepare(markdown.parse(f"![Lễ & hội]({WATCH}&t=5)\n"))
    assert prepared.videos == (Video(VIDEO, 5, "Lễ & hội"),)
    assert markdown.finish(prepared, lambda href: None, lambda number: None) == (
        f'<p><a href="{WATCH}&amp;t=5s">Lễ &amp; hội</a></p>\n')


def test_a_video_written_wrong_is_an_error_at_its_line(make_site, capsys) -> None:
    site = make_site({"content/tin-tuc/ok.md": article()})
    errors = fails_keeping_public(site, capsys, {"content/tin-tuc/a.md": article(body=(
        "Mở đầu.\n\n"
        f"![]({WATCH})\n\n"
        "![Video hỏng](https://www.youtube.com/watch?v=Xy12ab34CD)\n\n"
        "![Kênh](https://www.youtube.com/@gocongtay)\n\n"
        f"![Bắt đầu](https://youtu.be/{VIDEO}?t=mot-phut)\n\n"
        f"Xem video\n![Trong đoạn]({WATCH}) nhé.\n"))})
    assert errors == [
        f"content/tin-tuc/a.md:9: error: video {WATCH} has no title: write ![what the video "
        f"shows]({WATCH}); the title is what readers see and hear before they play it",
        "content/tin-tuc/a.md:11: error: video https://www.youtube.com/watch?v=Xy12ab34CD: "
        "`Xy12ab34CD` is not a YouTube video id (11 letters, digits, - or _): copy the address "
        "again with YouTube's Share button",
        "content/tin-tuc/a.md:13: error: https://www.youtube.com/@gocongtay is a YouTube "
        "address but not a video's: write the video's own address, "
        "https://www.youtube.com/watch?v=… (YouTube's Share button gives it)",
        f"content/tin-tuc/a.md:15: error: video https://youtu.be/{VIDEO}?t=mot-phut: the start "
        "time `mot-phut` is not a time: write t=90 (seconds) or t=1m30s",
        f"content/tin-tuc/a.md:18: error: video {WATCH} is inside a paragraph's text (or a "
        "heading, a link or a table cell): put it on a line of its own, with an empty line "
        "before and after it",
    ]
    capsys.readouterr()
    assert site.run("check", "--lang", "vi") == 1
    printed = capsys.readouterr()
    checked = [line for line in (printed.out + printed.err).splitlines() if ": error: " in line]
    assert checked[0] == (
        f"content/tin-tuc/a.md:9: error: video {WATCH} chưa có tiêu đề: viết ![video này cho "
        f"xem gì]({WATCH}); tiêu đề là điều người đọc thấy và nghe trước khi bấm xem")
    assert len(checked) == 5


@pytest.mark.parametrize("src", ["https://www.youtube.com/embed/videoseries?list=PL1",
                                 "https://www.youtube.com/playlist?list=PL1",
                                 "https://youtu.be/", "https://www.youtube.com/watch?list=PL1"])
def test_youtube_addresses_of_no_one_video_are_mistakes(src: str) -> None:
    found = youtube(src)
    assert not isinstance(found, Video) and found is not None
    assert str(found).startswith(f"{src} is a YouTube address but not a video's")
