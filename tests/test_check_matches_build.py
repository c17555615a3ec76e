"""`check` says what the build does (issue 29): for each input below, found by hand or by
the generative test (tests/test_fuzz_check_build.py), `check` and the build exit alike and
print the same `path:line: error:` lines, these ones, and neither prints a traceback."""

from __future__ import annotations

import pytest

from tests.agreement import check_and_build
from tests.conftest import AUTHORS, MINIMAL_CONFIG, article
from tests.test_images import picture_bytes

THIRD_LANGUAGE = '\n[[languages]]\ncode = {code}\nname = "X"\nlocale = "en"\ntitle = "X"\n'


def _line(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def _config(code: str) -> str:
    return MINIMAL_CONFIG + THIRD_LANGUAGE.format(code=code)


CLIMBING_CODE = _config('"../../x"')
LIST_CODE = _config("[]")
SECTION_CONFIG = MINIMAL_CONFIG + '\n[sections."../x"]\nkind = "page"\nurl = "x"\n'
LONG_CATEGORY = MINIMAL_CONFIG + f'\n[categories.{"a" * 201}]\nname = "A"\n'
WHOLE = picture_bytes(1200, 800)
THIRD = WHOLE[: len(WHOLE) // 3]
DAMAGED = ("the image file is damaged (image file is truncated (30 bytes not processed)), "
           "so it cannot be shown whole; open it in an image editor and save it again, or copy "
           "it again from the camera or the sender")
EN_LOCALE = _line(MINIMAL_CONFIG, 'locale = "en"')


# Each case: the files that differ from a small good site, and the error lines both give.
CASES: dict[str, tuple[dict[str, str | bytes], list[str]]] = {
    "a language code that climbs out of the output folder": (
        {"config.toml": CLIMBING_CODE},
        [f"config.toml:{_line(CLIMBING_CODE, '../../x')}: error: language "
         "code `../../x` must be a language tag such as vi, en or zh-Hans: it names the "
         "language's files (bai-viet.en.md) and is the first part of its addresses (/en/)"]),
    "a language code that is a list": (
        {"config.toml": LIST_CODE},
        [f"config.toml:{_line(LIST_CODE, 'code = []')}: error: [[languages]] code must be "
         'text in quotes, e.g. code = "…"; got a list']),
    "an author id that climbs out of the output folder": (
        {"content/authors.toml": AUTHORS + '\n["../../../x"]\nname = "X"\n',
         "content/tin-tuc/b.md": article(author='"../../../x"')},
        [f"content/authors.toml:{_line(AUTHORS, 'role') + 2}: error: author id `../../../x` "
         "must be lowercase ASCII letters, digits and hyphens, e.g. [x]: it is the author's "
         "address, and articles name it in `author:`",
         "content/tin-tuc/b.md:4: error: unknown author `../../../x`; write an id from "
         "content/authors.toml: le-minh-khoa"]),
    "a section id that is no folder name": (
        {"config.toml": SECTION_CONFIG},
        [f"config.toml:{_line(SECTION_CONFIG, '../x')}: error: section id "
         "`../x` must be lowercase ASCII letters, digits and hyphens, e.g. [sections.x]: it "
         "is the folder content/x/"]),
    "settings of the wrong type": (
        {"config.toml": MINIMAL_CONFIG.replace('default_language = "vi"',
                                               "default_language = []")
         .replace('timezone = "Asia/Ho_Chi_Minh"', "timezone = 7")
         .replace('locale = "en"', "locale = { en = 1 }")},
        ["config.toml:2: error: unknown time zone `7`: write one such as Asia/Ho_Chi_Minh",
         "config.toml:3: error: config.toml default_language must be text in quotes, e.g. "
         'default_language = "…"; got a list',
         f"config.toml:{EN_LOCALE}: error: [[languages]] locale "
         'must be text in quotes, e.g. locale = "…"; got a table']),
    "languages that are no [[languages]] tables": (
        {"config.toml": 'base_url = "https://example.test"\nlanguages = 3\n'},
        ["config.toml:2: error: configure each "
         "language in a [[languages]] table (two brackets), with its code, name, locale and "
         "title on the lines below"]),
    "a tag with no letter or digit to make its address from": (
        {"content/tin-tuc/b.md": article(tags='["Lễ hội", "!!!"]')},
        ["content/tin-tuc/b.md:6: error: `tags` holds '!!!', which has no letters or digits to "
         "make the address of its page from: write the tag with letters or digits, or delete "
         "it"]),
    "a tag too long for a folder name": (
        {"content/tin-tuc/b.md": article(tags=f'["{"Lễ hội " * 40}"]')},
        ["content/tin-tuc/b.md:6: error: `tags` holds a tag of 279 characters; the address of "
         "its page may have 200 at most: shorten the tag"]),
    "a slug too long for a folder name": (
        {"content/tin-tuc/b.md": article(slug="a" * 300)},
        ["content/tin-tuc/b.md:6: error: `slug` is 300 characters long; an address may have "
         "200 at most: shorten it"]),
    "a category id too long for a folder name": (
        {"config.toml": LONG_CATEGORY},
        [f"config.toml:{_line(LONG_CATEGORY, '[categories.aaa')}: error: category id "
         f"`{'a' * 201}` must be lowercase ASCII letters, digits and hyphens, e.g. "
         f"[categories.{'a' * 201}]; articles name it in `category:`"]),
    "a JPEG cut to a third, shown in an article": (
        {"assets/images/cat.jpg": THIRD, "content/tin-tuc/b.md": article(
            body="Đoạn.\n\n![Ảnh bị cắt](/images/cat.jpg)\n")},
        [f"content/tin-tuc/b.md:9: error: image /images/cat.jpg: {DAMAGED}"]),
    "a damaged image beside a front-matter error: both told at once": (
        {"assets/images/cat.jpg": THIRD,
         "content/tin-tuc/b.md": article(image='{src: "/images/cat.jpg", alt: "Ảnh"}'),
         "content/tin-tuc/c.md": article(date='"2023-02-30 08:00"')},
        [f"content/tin-tuc/b.md:6: error: image /images/cat.jpg: {DAMAGED}",
         "content/tin-tuc/c.md:3: error: `date` must be a date-time such as 2023-09-01 00:14 "
         "or 2023-09-01T00:14:00+07:00, got '2023-02-30 08:00'"]),
    "a listing's address that is also a section's": (
        {"config.toml": MINIMAL_CONFIG + '\n[listings]\ntag = "tin-tuc"\n',
         "content/tin-tuc/b.md": article(tags='["Lễ hội"]')},
        ["content: error: two outputs claim /vi/tin-tuc/; give the page with this address "
         "another `slug`, or change the address in config.toml"]),
    # found by tests/test_fuzz_check_build.py: a traceback in both
    "an empty locale": (
        {"config.toml": MINIMAL_CONFIG.replace('locale = "en"', 'locale = ""')},
        [f"config.toml:{EN_LOCALE}: error: language `en` has unknown locale ``: write a locale "
         "such as vi_VN or en_US"]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_check_and_build_give_the_same_error_lines(make_site, case: str) -> None:
    files, expected = CASES[case]
    site = make_site({"content/tin-tuc/a.md": article(), **files})
    checked, built = check_and_build(site.root)
    assert "Traceback" not in checked.text + built.text
    assert checked.errors == expected, checked.text
    assert built.errors == expected, built.text
    assert checked.status == built.status == 1
    assert not (site.root / "public").exists()
