"""UI catalogs: extract/update/check, and the fallback a reader sees for a missing msgid."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from babel.messages import pofile
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from bantin.commands.cli import main
from tests.conftest import MINIMAL_CONFIG, REPO, article
from tests.test_messages import VIETNAMESE_SITE
from tests.test_third_language import THREE_LANGUAGES

EN = "locales/en/LC_MESSAGES/messages.po"
VI = "locales/vi/LC_MESSAGES/messages.po"


def add_string_to_404(site, msgid: str) -> int:
    """Put a new UI string in the 404 layout; its line there."""
    path = site.root / "layouts/404.html"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = max(i for i, line in enumerate(lines) if line.startswith("{% endblock %}"))
    lines.insert(at, f'<p class="print">{{{{ _("{msgid}") }}}}</p>\n')
    path.write_text("".join(lines), encoding="utf-8")
    return at + 1


def add_entry(site, catalog: str, msgid: str, msgstr: str) -> None:
    with (site.root / catalog).open("a", encoding="utf-8") as handle:
        handle.write(f'\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n')


def test_missing_msgid_falls_back_to_default_language_with_a_warning(make_site, capsys) -> None:
    site = make_site({"content/tin-tuc/a.md": article()})
    line = add_string_to_404(site, "Print this page")
    add_entry(site, VI, "Print this page", "In trang này")
    assert site.build() == 0
    err = capsys.readouterr().err
    assert (f'{EN}: warning: msgid "Print this page" has no `en` translation (used in '
            f"layouts/404.html:{line}); readers see the `vi` text") in err
    assert '<p class="print">In trang này</p>' in site.read("en/404.html")
    assert '<p class="print">In trang này</p>' in site.read("vi/404.html")

    assert site.run("i18n", "check") == 1
    assert 'msgid "Print this page" has no `en` translation' in capsys.readouterr().err
    assert site.run("check") == 0  # warnings do not fail the content check
    assert 'msgid "Print this page" has no `en` translation' in capsys.readouterr().err


def test_a_catalog_is_read_again_only_when_it_changed(make_site, monkeypatch) -> None:
    """Builds keep each catalog compiled in their cache: a build whose .po files are the same
    does not read them, and a translation edited in one is on the pages after the next."""
    site = make_site({"content/tin-tuc/a.md": article()})
    add_string_to_404(site, "Print this page")
    add_entry(site, VI, "Print this page", "In trang này")
    add_entry(site, EN, "Print this page", "Print this page")
    assert site.build("--no-search") == 0
    assert '<p class="print">In trang này</p>' in site.read("vi/404.html")
    read: list[str] = []
    real = pofile.read_po

    def read_po(handle, *args, **kwargs):
        read.append("po")
        return real(handle, *args, **kwargs)

    monkeypatch.setattr(pofile, "read_po", read_po)
    site.write("content/tin-tuc/a.md", article("Bài đổi tên"))  # a full build of the site
    assert site.build("--no-search") == 0
    assert "Bài đổi tên" in site.read("vi/tin-tuc/a/index.html")
    assert read == []
    vi = (site.root / VI).read_text(encoding="utf-8")
    site.write(VI, vi.replace('msgstr "In trang này"', 'msgstr "In bài này"'))
    assert site.build("--no-search") == 0
    assert '<p class="print">In bài này</p>' in site.read("vi/404.html")
    assert read  # that catalog, and the check of every catalog against the layouts


def test_empty_translation_is_reported_at_its_line(make_site, capsys) -> None:
    site = make_site()
    text = (site.root / EN).read_text(encoding="utf-8")
    text = text.replace('msgid "Home"\nmsgstr "Home"', 'msgid "Home"\nmsgstr ""')
    (site.root / EN).write_text(text, encoding="utf-8")
    line = text.splitlines().index('msgid "Home"') + 1
    assert site.run("i18n", "check") == 1
    err = capsys.readouterr().err
    assert f'{EN}:{line}: warning: msgid "Home" has no `en` translation' in err
    assert site.build() == 0
    assert '<a href="/en/">Trang chủ</a>' in site.read("en/index.html")


def test_a_default_language_gap_shows_the_msgid(make_site, capsys) -> None:
    site = make_site()
    add_string_to_404(site, "Print this page")
    assert site.build() == 0
    err = capsys.readouterr().err
    assert f'{VI}: warning: msgid "Print this page" has no `vi` translation' in err
    assert "readers see the msgid itself" in err
    assert '<p class="print">Print this page</p>' in site.read("vi/404.html")


def test_placeholder_mismatch_is_an_error_not_a_broken_page(make_site, capsys) -> None:
    site = make_site({"content/tin-tuc/a.md": article(rating="{points: 5, votes: 1}")})
    path = site.root / EN
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('msgstr "Rated %(average)s out of 5"',
                                 'msgstr "Rated %(avg)s out of 5"'), encoding="utf-8")
    assert site.build() == 1
    err = capsys.readouterr().err
    assert f'{EN}:' in err and 'error: msgid "Rated %(average)s out of 5"' in err
    assert "Traceback" not in err


def test_update_creates_a_new_languages_catalog_and_keeps_translations(make_site,
                                                                      capsys) -> None:
    site = make_site(config=THREE_LANGUAGES)
    add_string_to_404(site, "Print this page")
    capsys.readouterr()
    assert site.run("i18n", "update") == 0
    out = capsys.readouterr().out
    assert "wrote locales/messages.pot" in out
    assert "updated locales/fr/LC_MESSAGES/messages.po: " in out
    with (site.root / "locales/fr/LC_MESSAGES/messages.po").open("rb") as handle:
        french = read_po(handle)
    # The plural rule is CLDR's for French, as the pinned Babel has it (it changed in 2.19).
    assert str(french.locale) == "fr"
    assert french.plural_forms == Catalog(locale="fr").plural_forms
    assert french["Print this page"] is not None and french["Home"].string == ""
    with (site.root / EN).open("rb") as handle:
        english = read_po(handle)
    assert english["Home"].string == "Home"  # kept
    assert english["Print this page"].string == "" and not english["Print this page"].fuzzy
    assert "Print this page" in (site.root / "locales/messages.pot").read_text()
    assert site.run("i18n", "check") == 1
    err = capsys.readouterr().err
    assert 'locales/fr/LC_MESSAGES/messages.po:' in err
    assert 'warning: msgid "Home" has no `fr` translation' in err


def test_update_drops_strings_no_layout_uses(make_site) -> None:
    site = make_site()
    add_entry(site, EN, "An old string", "An old string")
    assert site.run("i18n", "update") == 0
    assert "An old string" not in (site.root / EN).read_text(encoding="utf-8")


def catalog_texts(root: Path) -> dict[Path, str]:
    """The catalogs' texts without the line naming the Babel that wrote them."""
    return {path.relative_to(root): re.sub(r'^"Generated-By: .*\n', "",
                                           path.read_text(encoding="utf-8"), flags=re.M)
            for path in (root / "locales").rglob("*.po*")}


def test_committed_catalogs_are_complete_and_current(tmp_path, capsys) -> None:
    """The repository's template matches its layouts, and every language translates it all."""
    root = tmp_path / "repo"
    for folder in ("layouts", "locales", "bantin"):  # the navigation's UI strings too
        shutil.copytree(REPO / folder, root / folder)
    shutil.copy(REPO / "babel.cfg", root / "babel.cfg")
    shutil.copy(REPO / "config.toml", root / "config.toml")
    before = catalog_texts(root)
    assert main(["i18n", "check", "--root", str(root)]) == 0, capsys.readouterr().err
    assert main(["i18n", "update", "--root", str(root)]) == 0
    after = catalog_texts(root)
    assert after == before, "run `python build.py i18n update` and commit the catalogs"


def test_unknown_i18n_action_is_a_usage_error(make_site, capsys) -> None:
    site = make_site(config=MINIMAL_CONFIG)
    try:
        code = site.run("i18n", "compile")
    except SystemExit as exc:
        code = exc.code
    assert code == 2


def test_the_catalog_workflow_speaks_the_editors_language(make_site, capsys) -> None:
    site = make_site(config=VIETNAMESE_SITE)
    add_string_to_404(site, "Print this page")
    capsys.readouterr()
    assert site.run("i18n", "update") == 0
    with (site.root / "locales/messages.pot").open("rb") as handle:
        count = sum(1 for message in read_po(handle) if message.id)
    assert capsys.readouterr().out.splitlines() == [
        f"đã ghi locales/messages.pot: {count} chuỗi giao diện",
        f"đã cập nhật {VI}: {count} chuỗi, 1 chuỗi cần dịch",
        f"đã cập nhật {EN}: {count} chuỗi, 1 chuỗi cần dịch"]
    assert site.run("i18n", "check") == 1
    assert capsys.readouterr().err.splitlines()[-1] == \
        "Đã kiểm tra 2 tệp dịch giao diện: 0 lỗi, 2 cảnh báo"
    assert site.run("i18n", "check", "--lang", "en") == 1
    assert capsys.readouterr().err.splitlines()[-1] == "2 catalogs checked: 0 errors, 2 warnings"
