"""Files that cannot become a page (folder, language, name): an error at line 1 that says
what to do, in `build` and `check` alike."""

from __future__ import annotations

from tests.conftest import article
from tests.hostile.broken_build import fails_keeping_public

MISPLACED = {
    "content/a.md": "a page belongs in a section folder: move it to content/<section>/a.md "
                    "with section one of tin-tuc, gioi-thieu, van-ban",
    "content/tin-tuc/2023/a.md": "pages cannot be in a folder inside a section: move it to "
                                 "content/tin-tuc/a.md (rename it if that name is taken)",
    "content/tin-tuc/...md": "the file name `...md` has no letters or digits to make its URL "
                             "from: rename it, e.g. content/tin-tuc/ten-bai.md",
    "content/tin-tuc/_.en.md": "the file name `_.en.md` has no letters or digits to make its "
                               "URL from: rename it, e.g. content/tin-tuc/ten-bai.en.md",
    "content/tin-tuc/bai.fr.md": "`.fr` is not a configured language; name translations "
                                 "<name>.<lang>.md with lang one of vi, en, or add `fr` to "
                                 "[[languages]] in config.toml",
    "content/tin-tuc/bai#2.md": "the file name `bai#2.md` holds `#`, which breaks its URL and "
                                "links to it: rename the file without it",
    "content/tin-tuc/bai?.md": "the file name `bai?.md` holds `?`, which breaks its URL and "
                               "links to it: rename the file without it",
    "content/tin-tuc/100%.md": "the file name `100%.md` holds `%`, which breaks its URL and "
                               "links to it: rename the file without it",
    "content/tin-tuc-cu/a.md": "unknown section folder `tin-tuc-cu`; move the file to one of "
                               "the configured sections: tin-tuc, gioi-thieu, van-ban",
}
EXPECTED = sorted(f"{path}:1: error: {message}" for path, message in MISPLACED.items())


def test_files_that_cannot_be_placed_are_errors_at_line_1(make_site, capsys) -> None:
    site = make_site({"content/tin-tuc/ok.md": article()})
    errors = fails_keeping_public(site, capsys, dict.fromkeys(MISPLACED, article()))
    assert errors == EXPECTED


def test_check_reports_the_same_lines(make_site, capsys) -> None:
    site = make_site({"content/tin-tuc/ok.md": article()}
                     | dict.fromkeys(MISPLACED, article()))
    assert site.run("check") == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if ": error: " in line]
    assert errors == EXPECTED
