"""Bantin's messages to editors: in their language (Vietnamese by default), prefix in English."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from babel.messages.pofile import read_po

from bantin.commands.cli import main
from bantin.commands.serve import Preview
from bantin.core import messages
from bantin.core.messages import msg, msg_n
from bantin.model.config_file import load_config
from bantin.website.site import BuildOptions
from tests.conftest import MINIMAL_CONFIG, NOW, article

VIETNAMESE_SITE = MINIMAL_CONFIG.replace('editor_language = "en"\n', "")
BROKEN = {"content/tin-tuc/a.md": article(rating="{points: 7, votes: 1}")}
PREFIX = re.compile(r"^content/tin-tuc/a\.md:\d+: error: ")


def test_messages_follow_the_sites_default_language(make_site, capsys) -> None:
    site = make_site(BROKEN, config=VIETNAMESE_SITE)
    assert site.run("check") == 1
    err = capsys.readouterr().err.splitlines()
    assert any(PREFIX.match(line) for line in err), err  # the prefix stays as tools parse it
    assert err[-1] == "Đã kiểm tra 0 trang: 1 lỗi, 0 cảnh báo: CHƯA ĐẠT"


def test_lang_option_overrides_the_configured_language(make_site, capsys) -> None:
    site = make_site(BROKEN, config=VIETNAMESE_SITE)
    assert site.run("check", "--lang", "en") == 1
    assert capsys.readouterr().err.splitlines()[-1] == \
        "0 pages checked: 1 error, 0 warnings: FAILED"
    site.write("config.toml", MINIMAL_CONFIG)  # editor_language = "en"
    assert site.run("check", "--lang", "vi") == 1
    assert capsys.readouterr().err.splitlines()[-1].startswith("Đã kiểm tra 0 trang: 1 lỗi")


def test_build_summary_is_in_the_editors_language(make_site, capsys) -> None:
    site = make_site({"content/tin-tuc/a.md": article()}, config=VIETNAMESE_SITE)
    assert main(["build", "--root", str(site.root), "--now", NOW, "--no-search"]) == 0
    assert "đã dựng " in capsys.readouterr().err
    site.write("content/tin-tuc/b.md", article(rating="{points: 7, votes: 1}"))
    before = site.output_files()
    assert main(["build", "--root", str(site.root), "--now", NOW, "--no-search"]) == 1
    assert "dựng trang không thành công: 1 lỗi; thư mục public/ được giữ nguyên" in \
        capsys.readouterr().err
    assert site.output_files() == before


def test_an_unknown_message_language_is_a_usage_error(make_site, capsys) -> None:
    site = make_site(BROKEN)
    with pytest.raises(SystemExit) as exited:
        site.run("check", "--lang", "xx")
    assert exited.value.code == 2
    assert "invalid choice: 'xx'" in capsys.readouterr().err


def test_editor_language_without_messages_is_a_config_error_at_its_line(make_site,
                                                                        capsys) -> None:
    config = VIETNAMESE_SITE.replace('default_language = "vi"\n',
                                     'default_language = "vi"\neditor_language = "fr"\n')
    site = make_site(BROKEN, config=config)
    assert site.run("check", "--lang", "en") == 1
    line = config.splitlines().index('editor_language = "fr"') + 1
    assert (f"config.toml:{line}: error: editor_language `fr`: Bantin's messages exist in "
            "en, vi") in capsys.readouterr().err


def test_serve_shows_failed_builds_in_the_editors_language(make_site) -> None:
    site = make_site(BROKEN, config=VIETNAMESE_SITE)
    config = load_config(site.root)
    preview = Preview(site.root, BuildOptions(now=datetime.fromisoformat(NOW)),
                      site.root / "preview", words=messages.translations_for("vi"))
    assert preview.rebuild() is False
    panel = preview.error_panel().decode()
    assert "Dựng trang không thành công: 1 lỗi" in panel
    assert re.search(r"content/tin-tuc/a\.md:\d+: error: ", panel)
    assert config.editor_language == "vi"


def test_a_message_keeps_its_values_in_every_language() -> None:
    text = msg_n("build failed: %(count)s error; %(out)s/ left as it was",
                 "build failed: %(count)s errors; %(out)s/ left as it was", 3, out="public")
    assert text.render() == "build failed: 3 errors; public/ left as it was"
    assert text.render(messages.translations_for("vi")) == \
        "dựng trang không thành công: 3 lỗi; thư mục public/ được giữ nguyên"
    assert msg("ok").render(messages.translations_for("en")) == "ok"


def test_catalogs_are_complete_and_their_placeholders_match() -> None:
    """Every message of the package has its Vietnamese and English text, with the same
    %(placeholders)s (run `python -m bantin.core.messages update` after adding one)."""
    for lang in ("vi", "en"):
        assert messages.untranslated(lang) == [], lang
        with messages.catalog_path(lang).open("rb") as handle:
            catalog = read_po(handle)
        problems = [(message.id, errors) for message, errors in catalog.check()]
        assert problems == [], lang


def test_a_message_put_inside_another_is_in_the_same_language() -> None:
    """A saved warning made of two messages is shown, later, wholly in the language asked."""
    text = msg("%(pages)s pages checked: %(errors)s, %(warnings)s: %(verdict)s", pages=2,
               errors=msg_n("%(count)s error", "%(count)s errors", 1),
               warnings=msg_n("%(count)s warning", "%(count)s warnings", 3), verdict=msg("ok"))
    assert text.render() == "2 pages checked: 1 error, 3 warnings: ok"
    assert text.render(messages.translations_for("vi")) == \
        "Đã kiểm tra 2 trang: 1 lỗi, 3 cảnh báo: đạt"
