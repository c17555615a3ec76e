"""`python build.py check`: what an editor sees before committing, line by line."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from tests.conftest import REPO, article
from tests.test_messages import VIETNAMESE_SITE

LICH_SU = """\
---
title: "Lịch sử huyện Gò Công Tây"
---
Mở đầu.

## Nguồn gốc

Vùng đất Gò Công.

{#doi-moi}
## Thời kỳ đổi mới

Từ năm 1986.
"""
HISTORY = '---\ntitle: "History"\nslug: history\n---\n## Origins\n\nThe land.\n'


def test_md_links_become_urls_in_the_readers_language(make_site) -> None:
    site = make_site({
        "content/gioi-thieu/lich-su.md": LICH_SU,
        "content/gioi-thieu/lich-su.en.md": HISTORY,
        "content/gioi-thieu/van-hoa.md": '---\ntitle: "Văn hóa"\n---\nChỉ tiếng Việt.\n',
        "content/tin-tuc/a.md": article(body=(
            "Xem [nguồn gốc](../gioi-thieu/lich-su.md#nguon-goc), [đổi mới]"
            "(../gioi-thieu/lich-su.md#doi-moi)\nvà [bản tiếng Anh](b.en.md).\n")),
        "content/tin-tuc/b.md": article("Bài B"),
        "content/tin-tuc/b.en.md": '---\ntitle: "Article B"\nslug: article-b\n---\nText.\n',
        "content/tin-tuc/a.en.md": '---\ntitle: "A"\n---\nSee [origins](../gioi-thieu/'
                                   'lich-su.en.md#origins), [history](../gioi-thieu/lich-su.md)'
                                   ' and [culture](../gioi-thieu/van-hoa.md).\n',
    })
    assert site.build() == 0
    vi = site.read("vi/tin-tuc/a/index.html")
    assert '<a href="/vi/gioi-thieu/lich-su/#nguon-goc">nguồn gốc</a>' in vi
    assert '<a href="/vi/gioi-thieu/lich-su/#doi-moi">đổi mới</a>' in vi
    assert '<a href="/en/news/article-b/" hreflang="en">bản tiếng Anh</a>' in vi
    en = site.read("en/news/a/index.html")
    assert '<a href="/en/about/history/#origins">origins</a>' in en
    assert '<a href="/en/about/history/">history</a>' in en  # the reader's language
    assert '<a href="/vi/gioi-thieu/van-hoa/" hreflang="vi">culture</a>' in en  # no English yet
    assert ".md" not in vi + en


def test_broken_links_and_anchors_are_errors_at_their_markdown_line(make_site, capsys) -> None:
    site = make_site({
        "content/gioi-thieu/lich-su.md": LICH_SU,
        "content/tin-tuc/a.md": article(body=(
            "Dòng đầu.\n"  # file line 7
            "\n"
            "Xem [trang không có](khong-co.md) và\n"  # line 9
            "[mục không có](../gioi-thieu/lich-su.md#muc-sai).\n"  # line 10
            "\n"
            "| cột | cột |\n|---|---|\n| [sai](../tin-tuc/x.md) | [lên](#khong-co) |\n"  # line 14
        )),
    })
    assert site.run("check") == 1
    err = capsys.readouterr().err.splitlines()
    assert ("content/tin-tuc/a.md:9: error: links to content/tin-tuc/khong-co.md, "
            "which does not exist: correct the file name or folder in the link (it is relative "
            "to this file)") in err
    assert ("content/tin-tuc/a.md:10: error: links to #muc-sai, but content/gioi-thieu/"
            "lich-su.md has no heading with that anchor; its anchors: #doi-moi, #nguon-goc"
            ) in err
    assert ("content/tin-tuc/a.md:14: error: links to content/tin-tuc/x.md, "
            "which does not exist: correct the file name or folder in the link (it is relative "
            "to this file)") in err
    assert ("content/tin-tuc/a.md:14: error: links to #khong-co, but this page has no "
            "heading with that anchor; its anchors: none") in err
    assert err[-1] == "2 pages checked: 4 errors, 0 warnings: FAILED"
    assert not (site.root / "public").exists()  # check writes nothing
    assert site.build() == 1  # and the build refuses the same content


def test_images_need_a_file_and_alt_text(make_site, capsys) -> None:
    site = make_site({
        "assets/images/co.jpg": b"\xff\xd8\xff\xd9",
        "content/tin-tuc/a.md": article(
            image='{src: "/images/khong-co.jpg", alt: "Ảnh"}',
            body="![Ảnh có](/images/co.jpg)\n\n![](/images/co.jpg)\n\n"
                 "![Ảnh thiếu](/images/thieu.png)\n\n![Ảnh](anh.jpg)\n"),
    })
    assert site.run("check") == 1
    err = capsys.readouterr().err.splitlines()
    assert ("content/tin-tuc/a.md:6: error: `image.src`: image /images/khong-co.jpg: "
            "no such file assets/images/khong-co.jpg; copy the picture into assets/images/, or "
            "correct its name") in err
    assert ("content/tin-tuc/a.md:10: error: image /images/co.jpg has no alt text: write "
            "![what the picture shows](/images/co.jpg) for readers who cannot see it") in err
    assert ("content/tin-tuc/a.md:12: error: image /images/thieu.png: "
            "no such file assets/images/thieu.png; copy the picture into assets/images/, or "
            "correct its name") in err
    assert ("content/tin-tuc/a.md:14: error: image anh.jpg: write site images as "
            "/images/<file>, with the file in assets/images/") in err
    assert not any(":8:" in line for line in err)  # the good image


def test_link_to_an_unpublished_page_warns_and_is_unlinked(make_site, capsys) -> None:
    site = make_site({
        "content/tin-tuc/a.md": article(body="Sắp có [bài mới](moi.md).\n"),
        "content/tin-tuc/moi.md": article("Bài mới", date="2027-01-01 08:00"),
    })
    assert site.run("check") == 0
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "content/tin-tuc/a.md:7: warning: links to content/tin-tuc/moi.md, which is scheduled "
        "for later and not published in this build; the link is shown as plain text",
        "1 pages checked: 0 errors, 1 warning: ok",
    ]
    assert site.run("check", "--strict") == 1
    assert capsys.readouterr().err.splitlines()[-1] == (
        "1 pages checked: 0 errors, 1 warning: FAILED (--strict: warnings fail)")
    assert site.build() == 0
    html = site.read("vi/tin-tuc/a/index.html")
    assert "Sắp có bài mới." in html and "/moi/" not in html
    assert site.build("--future") == 0
    assert '<a href="/vi/tin-tuc/moi/">bài mới</a>' in site.read("vi/tin-tuc/a/index.html")


def test_check_reports_front_matter_authors_categories_and_duplicate_urls(
        make_site, capsys) -> None:
    site = make_site({
        "content/tin-tuc/a.md": article(author="khong-ai", category="sai", slug="trung"),
        "content/tin-tuc/b.md": article(date='"2023-02-30 08:00"', slug="trung"),
        "content/tin-tuc/c.md": article(slug="trung"),
    })
    assert site.run("check") == 1
    err = capsys.readouterr().err
    assert "content/tin-tuc/a.md:4: error: unknown author `khong-ai`" in err
    assert "content/tin-tuc/a.md:5: error: unknown category `sai`" in err
    assert "content/tin-tuc/b.md:3: error: `date` must be a date-time" in err
    assert ("content/tin-tuc/c.md:6: error: two pages claim the URL /vi/tin-tuc/trung/: "
            "content/tin-tuc/a.md and content/tin-tuc/c.md") in err


def test_json_output_for_other_tools(make_site, capsys) -> None:
    site = make_site({"content/tin-tuc/a.md": article(body="[x](khong-co.md)\n")})
    assert site.run("check", "--format", "json") == 1
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data == {
        "ok": False, "pages": 1, "errors": 1, "warnings": 0,
        "diagnostics": [{
            "path": "content/tin-tuc/a.md", "line": 7, "severity": "error",
            "message": "links to content/tin-tuc/khong-co.md, which does not exist: correct "
                       "the file name or folder in the link (it is relative to this file)",
            "text": "content/tin-tuc/a.md:7: error: links to content/tin-tuc/khong-co.md, "
                    "which does not exist: correct the file name or folder in the link (it is "
                    "relative to this file)",
        }],
    }
    assert captured.err == ""


def test_clean_site_passes_with_a_summary(make_site, capsys) -> None:
    site = make_site({"content/tin-tuc/a.md": article()})
    assert site.run("check", "--strict") == 0
    assert capsys.readouterr().err == "1 pages checked: 0 errors, 0 warnings: ok\n"


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_pre_commit_hook_refuses_a_commit_with_errors(make_site, tmp_path) -> None:
    site = make_site({"content/tin-tuc/a.md": article()})
    shutil.copy(REPO / "build.py", site.root / "build.py")
    env = {**os.environ, "BANTIN_PYTHON": sys.executable, "PYTHONPATH": str(REPO),
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.test",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.test"}

    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["git", *args], cwd=site.root, env=env, text=True,
                              capture_output=True)

    git("init", "-q")
    shutil.copy(REPO / "scripts" / "pre-commit", site.root / ".git" / "hooks" / "pre-commit")
    git("add", "-A")
    assert git("commit", "-qm", "good").returncode == 0
    site.write("content/tin-tuc/b.md", article(body="[x](khong-co.md)\n"))
    git("add", "-A")
    refused = git("commit", "-qm", "bad")
    assert refused.returncode != 0
    assert ("content/tin-tuc/b.md:7: error: links to content/tin-tuc/khong-co.md, "
            "which does not exist") in refused.stderr
    assert "git commit --no-verify" in refused.stderr


def test_unstamped_and_stale_translations_are_warnings(make_site, capsys) -> None:
    site = make_site({
        "content/tin-tuc/a.md": article("Bài gốc"),
        "content/tin-tuc/a.en.md": '---\ntitle: "Original"\n---\nText.\n',
    })
    assert site.run("check") == 0
    assert ("content/tin-tuc/a.en.md:1: warning: translation is not stamped: when it matches "
            "content/tin-tuc/a.md, run python build.py translations --stamp "
            "content/tin-tuc/a.en.md") in capsys.readouterr().err
    assert site.run("translations", "--stamp", "content/tin-tuc/a.en.md") == 0
    capsys.readouterr()
    assert site.run("check", "--strict") == 0
    site.write("content/tin-tuc/a.md", article("Bài gốc đã sửa"))
    assert site.run("check", "--strict") == 1
    assert ("content/tin-tuc/a.en.md:3: warning: translation is stale: content/tin-tuc/a.md "
            "changed since it was stamped") in capsys.readouterr().err


def test_a_stale_translation_is_told_in_the_editors_language(make_site, capsys) -> None:
    site = make_site({"content/tin-tuc/a.md": article("Bài gốc"),
                      "content/tin-tuc/a.en.md": '---\ntitle: "Original"\n---\nText.\n'},
                     config=VIETNAMESE_SITE)
    assert site.run("translations", "--stamp", "content/tin-tuc/a.en.md") == 0
    site.write("content/tin-tuc/a.md", article("Bài gốc đã sửa"))
    capsys.readouterr()
    assert site.run("check", "--strict") == 1
    assert capsys.readouterr().err.splitlines() == [
        "content/tin-tuc/a.en.md:3: warning: bản dịch đã cũ: content/tin-tuc/a.md đã được sửa "
        "sau lần đóng dấu; xem chỗ sửa bằng python build.py translations, dịch lại cho khớp, "
        "rồi đóng dấu lại",
        "Đã kiểm tra 2 trang: 0 lỗi, 1 cảnh báo: CHƯA ĐẠT (--strict: còn cảnh báo là chưa đạt)"]
    assert site.run("check", "--lang", "en") == 0
    assert ("content/tin-tuc/a.en.md:3: warning: translation is stale: content/tin-tuc/a.md "
            "changed since it was stamped; see python build.py translations, update it, then "
            "stamp it") in capsys.readouterr().err.splitlines()


def test_lead_and_body_images_point_at_files_in_the_output(make_site) -> None:
    site = make_site({
        "assets/images/cho.jpg": b"\xff\xd8lead\xff\xd9",
        "assets/images/song.png": b"\x89PNGbody",
        "content/tin-tuc/a.md": article(image='{src: "/images/cho.jpg", alt: "Chợ"}',
                                        body="![Dòng sông](/images/song.png)\n"),
    })
    assert site.build() == 0
    html = site.read("vi/tin-tuc/a/index.html")
    sources = re.findall(r'<img src="([^"]+)" alt="(Chợ|Dòng sông)"', html)
    assert len(sources) == 2
    for src, _alt in sources:
        assert src.startswith("/assets/images/")
        assert (site.root / "public" / src.lstrip("/")).is_file(), src


def test_original_anchor_in_a_translation_warns_and_links_to_the_page_top(
        make_site, capsys) -> None:
    site = make_site({
        "content/gioi-thieu/lich-su.md": LICH_SU,
        "content/gioi-thieu/lich-su.en.md": HISTORY,
        "content/tin-tuc/a.md": article(),
        "content/tin-tuc/a.en.md": '---\ntitle: "A"\n---\n'
                                   "See [origins](../gioi-thieu/lich-su.md#nguon-goc).\n",
    })
    assert site.run("check") == 0
    assert ("content/tin-tuc/a.en.md:4: warning: links to #nguon-goc, a heading of "
            "content/gioi-thieu/lich-su.md that its translation content/gioi-thieu/"
            "lich-su.en.md lacks; the link goes to the top of that page instead; its "
            "anchors: #origins") in capsys.readouterr().err
    assert site.build() == 0
    assert '<a href="/en/about/history/">origins</a>' in site.read("en/news/a/index.html")


def test_config_errors_are_reported_in_json_too(make_site, capsys) -> None:
    from tests.conftest import MINIMAL_CONFIG

    site = make_site({}, config=MINIMAL_CONFIG + '\nbase_ulr = "x"\n')
    assert site.run("check", "--format", "json") == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and data["errors"] == 1
    assert data["diagnostics"][0]["path"] == "config.toml"
    assert "unknown setting `base_ulr`" in data["diagnostics"][0]["message"]


def test_check_decodes_each_image_once_as_the_build_does(make_site, capsys, monkeypatch) -> None:
    """check reads images whole, as the build does, to find the same damaged ones; what it
    learnt of a file is kept by its digest (.cache/images/), so a second check is quick."""
    from bantin.website import images
    from tests.test_images import picture_bytes

    whole = picture_bytes(1200, 800)
    site = make_site({"assets/images/a.jpg": whole,
                      "content/tin-tuc/a.md": article(body="![Ảnh](/images/a.jpg)\n")})
    assert site.run("check") == 0
    assert not (site.root / "public").exists()
    with monkeypatch.context() as patched:
        patched.setattr(images, "_read", lambda *args: pytest.fail("decoded again"))
        assert site.run("check") == 0
    site.write("assets/images/a.jpg", whole[: len(whole) // 3])  # another file: read again
    capsys.readouterr()
    assert site.run("check") == 1
    assert ("content/tin-tuc/a.md:7: error: image /images/a.jpg: the image file is damaged"
            ) in capsys.readouterr().err
