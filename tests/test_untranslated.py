"""What readers see of translation state: stale notices, untranslated pages per language."""

from __future__ import annotations

import re

from tests.conftest import MINIMAL_CONFIG, article

ORIGINAL = "content/tin-tuc/ket-luan-57.md"
TRANSLATION = "content/tin-tuc/ket-luan-57.en.md"
NOTICE = "This translation may be out of date"


def english(extra: str = "") -> str:
    return f'---\ntitle: "Conclusion 57"\nslug: conclusion-57\n{extra}---\nParagraph one.\n'


def test_stale_translation_shows_a_notice_until_restamped(make_site, capsys) -> None:
    site = make_site({ORIGINAL: article("Kết luận 57", summary='"Sapo."'),
                      TRANSLATION: english()})
    assert site.build() == 0
    html = site.read("en/news/conclusion-57/index.html")
    notice = re.search(r'<p class="banner banner-stale" role="note">(.*?)</p>', html, re.S)
    assert notice, "an unstamped translation is flagged"
    assert NOTICE in notice.group(1)
    assert ('<a href="/vi/tin-tuc/ket-luan-57/" hreflang="vi">Read the current original '
            "(Vietnamese)</a>") in notice.group(1)
    assert NOTICE not in site.read("vi/tin-tuc/ket-luan-57/index.html")
    assert "banner-stale" not in site.read("vi/tin-tuc/ket-luan-57/index.html")

    assert site.run("translations", "--stamp", TRANSLATION) == 0
    assert site.build() == 0
    assert "banner-stale" not in site.read("en/news/conclusion-57/index.html")

    site.write(ORIGINAL, article("Kết luận 57", summary='"Sapo đã sửa."'))
    assert site.build() == 0
    assert NOTICE in site.read("en/news/conclusion-57/index.html")


def test_rating_change_does_not_flag_the_translation(make_site) -> None:
    site = make_site({ORIGINAL: article("Kết luận 57", rating="{points: 5, votes: 1}"),
                      TRANSLATION: english()})
    assert site.run("translations", "--stamp", TRANSLATION) == 0
    site.write(ORIGINAL, article("Kết luận 57", rating="{points: 9, votes: 2}"))
    assert site.build() == 0
    assert "banner-stale" not in site.read("en/news/conclusion-57/index.html")


def files() -> dict[str, str]:
    return {ORIGINAL: article("Kết luận 57"), TRANSLATION: english(),
            "content/tin-tuc/chi-tieng-viet.md": article("Bài chỉ có tiếng Việt",
                                                         summary='"Sapo tiếng Việt."'),
            "content/gioi-thieu/lich-su.md": "---\ntitle: Lịch sử huyện\n---\nx\n"}


def test_untranslated_pages_are_hidden_by_default(make_site) -> None:
    site = make_site(files())
    assert site.build() == 0
    for path in ("en/index.html", "en/news/index.html", "en/about/index.html"):
        html = site.read(path)
        assert "Bài chỉ có tiếng Việt" not in html and "Lịch sử huyện" not in html, path
    assert "Conclusion 57" in site.read("en/news/index.html")
    assert "Bài chỉ có tiếng Việt" in site.read("vi/tin-tuc/index.html")


def test_label_setting_lists_untranslated_pages_with_a_label_and_the_original_link(
        make_site) -> None:
    config = MINIMAL_CONFIG.replace('short_date_format = "d MMM y"\n',
                                    'short_date_format = "d MMM y"\nuntranslated = "label"\n')
    site = make_site(files(), config=config)
    assert site.build() == 0
    for path in ("en/index.html", "en/news/index.html"):
        html = site.read(path)
        teaser = re.search(r'<article class="teaser teaser-\w+ untranslated[^"]*">(.*?)</article>',
                           html, re.S)
        assert teaser, path
        assert ('<a href="/vi/tin-tuc/chi-tieng-viet/" hreflang="vi" lang="vi">'
                "Bài chỉ có tiếng Việt</a>") in teaser.group(1)
        assert '<span class="label-untranslated">Vietnamese only</span>' in teaser.group(1)
        assert '<p lang="vi">Sapo tiếng Việt.</p>' in teaser.group(1)
        # The translated article is listed in English only (once in the list; the home's
        # category block may show it again under the latest news: a block is never empty).
        assert "Kết luận 57" not in html
        assert html.count("Conclusion 57") == (1 if path == "en/news/index.html" else 2)
    about = site.read("en/about/index.html")
    assert '<a href="/vi/gioi-thieu/lich-su/" hreflang="vi" lang="vi">Lịch sử huyện</a>' in about
    # The Vietnamese lists are unchanged: everything is in Vietnamese there.
    assert "label-untranslated" not in site.read("vi/tin-tuc/index.html")
    # Untranslated pages get no English page of their own.
    assert not site.exists("en/news/chi-tieng-viet/index.html")


def test_unknown_untranslated_setting_is_a_config_error(make_site, capsys) -> None:
    config = MINIMAL_CONFIG.replace('short_date_format = "d MMM y"\n',
                                    'short_date_format = "d MMM y"\nuntranslated = "show"\n')
    site = make_site(files(), config=config)
    assert site.build() == 1
    line = config.splitlines().index('untranslated = "show"') + 1
    assert (f"config.toml:{line}: error: language `en` has untranslated = 'show'; expected one "
            "of: hide, label") in capsys.readouterr().err


def test_label_follows_translations_coming_and_going_between_builds(make_site) -> None:
    config = MINIMAL_CONFIG.replace('short_date_format = "d MMM y"\n',
                                    'short_date_format = "d MMM y"\nuntranslated = "label"\n')
    site = make_site(files(), config=config)
    assert site.build() == 0
    assert "Bài chỉ có tiếng Việt" in site.read("en/news/index.html")

    site.write("content/tin-tuc/chi-tieng-viet.en.md", '---\ntitle: "Now in English"\n---\nx\n')
    assert site.build() == 0
    listing = site.read("en/news/index.html")
    assert "Now in English" in listing and "Bài chỉ có tiếng Việt" not in listing
    assert listing.count("label-untranslated") == 0

    (site.root / "content/tin-tuc/chi-tieng-viet.en.md").unlink()
    assert site.build() == 0
    listing = site.read("en/news/index.html")
    assert "Now in English" not in listing and "Bài chỉ có tiếng Việt" in listing
    assert not site.exists("en/news/chi-tieng-viet/index.html")


def test_a_misspelt_untranslated_setting_is_an_unknown_key(make_site, capsys) -> None:
    config = MINIMAL_CONFIG.replace('short_date_format = "d MMM y"\n',
                                    'short_date_format = "d MMM y"\nuntranslatd = "label"\n')
    site = make_site(files(), config=config)
    assert site.build() == 1
    line = config.splitlines().index('untranslatd = "label"') + 1
    err = capsys.readouterr().err
    assert f"config.toml:{line}: error: unknown setting `untranslatd` in [[languages]]" in err
    assert "untranslated" in err.split("expected one of:")[1]
