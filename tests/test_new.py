"""`python build.py new`: scaffolds that pass `check` at once, and refuse what would be wrong."""

from __future__ import annotations

import pytest

from tests.conftest import article, directive

TITLE = "Gò Công Tây đón đoàn kiều bào về thăm quê"
SLUG = "go-cong-tay-don-doan-kieu-bao-ve-tham-que"


def test_new_article_has_vietnamese_slug_local_time_and_passes_check(make_site, capsys) -> None:
    site = make_site({})
    assert site.run("new", TITLE, "--author", "le-minh-khoa", "--category", "doi-ngoai") == 0
    out = capsys.readouterr().out
    assert f"created content/tin-tuc/{SLUG}.md" in out
    text = (site.root / f"content/tin-tuc/{SLUG}.md").read_text(encoding="utf-8")
    assert text.startswith(f'---\ntitle: "{TITLE}"\ndate: 2026-11-23 12:00\n'
                           "author: le-minh-khoa\ncategory: doi-ngoai\n")
    assert "\ndraft: true" in text
    assert site.run("check", "--strict") == 0
    # A preview shows it with the draft banner; production leaves it out until published.
    assert site.build("--drafts") == 0
    assert "Bản nháp" in site.read(f"vi/tin-tuc/{SLUG}/index.html")
    path = site.root / f"content/tin-tuc/{SLUG}.md"
    path.write_text(text.replace("draft: true", "# draft: true"), encoding="utf-8")
    assert site.build() == 0
    assert f"<h1>{TITLE}</h1>" in site.read(f"vi/tin-tuc/{SLUG}/index.html")


def test_new_page_in_another_section_needs_no_author(make_site) -> None:
    site = make_site({})
    assert site.run("new", "Lịch sử Gò Công", "--section", "gioi-thieu") == 0
    assert (site.root / "content/gioi-thieu/lich-su-go-cong.md").is_file()
    assert site.run("check", "--strict") == 0


def test_missing_or_wrong_author_and_category_list_the_choices(make_site, capsys) -> None:
    site = make_site({})
    assert site.run("new", TITLE, "--category", "doi-ngoai") == 2
    err = capsys.readouterr().err
    assert "build.py new: error: no author given; choose one with --author ID:" in err
    assert "le-minh-khoa" in err and "Lê Minh Khoa – Phó Trưởng Ban Tuyên giáo Huyện ủy" in err
    assert site.run("new", TITLE, "--author", "le-minh-khoa", "--category", "the-thao") == 2
    err = capsys.readouterr().err
    assert "unknown category `the-thao`; choose one with --category ID:" in err
    assert "doi-ngoai" in err and "Văn hóa – Du lịch" in err
    assert not (site.root / "content/tin-tuc").exists()


def test_new_refuses_to_overwrite(make_site, capsys) -> None:
    site = make_site({f"content/tin-tuc/{SLUG}.md": article("Bài đã có")})
    assert site.run("new", TITLE, "--author", "le-minh-khoa", "--category", "doi-ngoai") == 2
    assert (f"build.py new: error: content/tin-tuc/{SLUG}.md already exists; "
            "not overwriting it") in capsys.readouterr().err
    assert "Bài đã có" in (site.root / f"content/tin-tuc/{SLUG}.md").read_text()


def test_new_translation_copies_the_text_is_stamped_and_passes_check(make_site, capsys) -> None:
    site = make_site({"content/tin-tuc/ket-luan-57.md": article(
        "Triển khai Kết luận 57", "## Mục đích\n\nNội dung gốc.\n",
        summary='"Sapo gốc"', tags='["đối ngoại"]',
        image='{src: "/images/hoi-nghi.jpg", alt: "Hội nghị", caption: "Ảnh: Ban Tuyên giáo"}'),
        "assets/images/hoi-nghi.jpg": b"\xff\xd8\xff\xd9"})
    assert site.run("new", "--translate", "content/tin-tuc/ket-luan-57.md", "--lang", "en") == 0
    text = (site.root / "content/tin-tuc/ket-luan-57.en.md").read_text(encoding="utf-8")
    assert 'title: "Triển khai Kết luận 57"  # translate' in text
    assert 'summary: "Sapo gốc"  # translate' in text
    assert 'image: {alt: "Hội nghị", caption: "Ảnh: Ban Tuyên giáo"}  # translate' in text
    assert text.endswith("---\n## Mục đích\n\nNội dung gốc.\n")
    assert "author:" not in text and "date:" not in text  # inherited from the original
    assert site.run("check", "--strict") == 0  # stamped: up to date, not a warning
    capsys.readouterr()
    assert site.run("translations") == 0
    assert "up to date" in capsys.readouterr().out
    assert site.run("new", "--translate", "content/tin-tuc/ket-luan-57.md", "--lang", "en") == 2
    assert site.run("new", "--translate", "content/tin-tuc/ket-luan-57.md", "--lang", "fr") == 2
    assert "--lang must be one of en, got `fr`" in capsys.readouterr().err


def test_translation_of_an_article_with_links_to_headings_passes_check(make_site) -> None:
    site = make_site({
        "content/gioi-thieu/dau-tu.md": '---\ntitle: "Đầu tư"\n---\n## Lợi thế\n\nGần TP.HCM.\n',
        "content/gioi-thieu/dau-tu.en.md": '---\ntitle: "Investment"\n---\n## Advantages\n\nx\n',
        "content/tin-tuc/a.md": article(body="Xem [lợi thế](../gioi-thieu/dau-tu.md#loi-the).\n"),
    })
    assert site.run("new", "--translate", "content/tin-tuc/a.md", "--lang", "en") == 0
    assert site.run("check") == 0  # a warning asks for the English anchor


def test_every_wrong_option_is_reported_in_one_run(make_site, capsys) -> None:
    site = make_site({})
    assert site.run("new", TITLE, "--author", "le-minh-kho", "--category", "the-thao",
                    "--section", "tin-tuc-cu") == 2
    errors = [line for line in capsys.readouterr().err.splitlines()
              if line.startswith("build.py new: error:")]
    assert errors == [
        "build.py new: error: --section must be one of tin-tuc, gioi-thieu, got `tin-tuc-cu`",
        "build.py new: error: unknown author `le-minh-kho`; choose one with --author ID:",
        "build.py new: error: unknown category `the-thao`; choose one with --category ID:",
    ]
    assert site.run("new", "--translate", "content/tin-tuc/khong-co.md", "--lang", "fr",
                    "--author", "le-minh-khoa") == 2
    assert capsys.readouterr().err.splitlines() == [
        "build.py new: error: --author cannot be used with --translate",
        "build.py new: error: --lang must be one of en, got `fr`",
        "build.py new: error: content/tin-tuc/khong-co.md does not exist; give the path of the "
        "original, such as content/tin-tuc/bai.md",
    ]
    assert site.run("new", TITLE, "--directive", "van-ban.txt", "--category", "doi-ngoai") == 2
    assert capsys.readouterr().err.splitlines() == [
        "build.py new: error: a title cannot be used with --directive",
        "build.py new: error: --category cannot be used with --directive",
    ]
    assert not (site.root / "content/tin-tuc").exists()


def test_article_template_offers_a_commented_directives_line(make_site) -> None:
    site = make_site({"content/van-ban/kl-57.md": directive(
        "57-KL/TW", "Về thông tin đối ngoại", "Bộ Chính trị", "2023-06-15")})
    assert site.run("new", TITLE, "--author", "le-minh-khoa", "--category", "doi-ngoai") == 0
    path = site.root / f"content/tin-tuc/{SLUG}.md"
    text = path.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("# directives:"))
    assert line.startswith('# directives: ["57-KL/TW"]')
    path.write_text(text.replace(line, line[2:]), encoding="utf-8")  # the editor uncomments it
    assert site.run("check", "--strict") == 0


def test_new_help_shows_only_its_own_options(capsys) -> None:
    from bantin.commands.cli import main

    with pytest.raises(SystemExit):
        main(["new", "--help"])
    help_text = capsys.readouterr().out
    for option in ("--author", "--category", "--section", "--translate", "--lang",
                   "--directive", "--root"):
        assert option in help_text
    for option in ("--drafts", "--future", "--out", "--no-search", "--strict", "--port"):
        assert option not in help_text
