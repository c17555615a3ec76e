"""The web editor's configuration (/admin/config.yml) is made from what validates content."""

from __future__ import annotations

import re

import pytest
import yaml

from bantin.model.config_file import load_config
from bantin.model.document import ALLOWED, INHERITED, REQUIRED
from bantin.rendering import cms
from tests.conftest import CITED_DIRECTIVES, MINIMAL_CONFIG, REPO, article, directive

EDITOR = """
[editor]
repo = "huyen/ban-tin"
"""


def _config(site) -> dict:
    return yaml.safe_load(site.read("admin/config.yml"))


def _collection(settings: dict, name: str) -> dict:
    return next(c for c in settings["collections"] if c["name"] == name)


def _field(collection: dict, name: str) -> dict:
    return next(f for f in collection["fields"] if f["name"] == name)


def _values(field: dict) -> list[str]:
    return [option["value"] for option in field["options"]]


def test_editor_lists_exactly_the_configured_languages_sections_categories_and_authors(
        make_site) -> None:
    site = make_site({"content/tin-tuc/a.md": article(), **CITED_DIRECTIVES},
                     config=MINIMAL_CONFIG + EDITOR)
    assert site.build() == 0
    settings = _config(site)
    assert settings["i18n"]["locales"] == ["vi", "en"]
    assert settings["i18n"]["default_locale"] == "vi"
    assert settings["i18n"]["omit_default_locale_from_file_path"] is True  # name.md
    names = [c["name"] for c in settings["collections"]]
    assert names == ["tin-tuc", "gioi-thieu", "van-ban", "authors"]
    news = _collection(settings, "tin-tuc")
    assert news["folder"] == "content/tin-tuc"
    assert _values(_field(news, "category")) == ["doi-ngoai", "van-hoa-du-lich"]
    assert _values(_field(news, "author")) == ["le-minh-khoa"]
    assert _values(_field(news, "directives")) == ["57-KL/TW", "94-KH/HU"]
    plans = _field(_collection(settings, "van-ban"), "implements")
    assert _values(plans) == ["57-KL/TW", "94-KH/HU"]
    assert settings["backend"] == {"name": "github", "repo": "huyen/ban-tin", "branch": "main"}
    assert settings["publish_mode"] == "editorial_workflow"  # review before publishing


def test_a_new_category_author_and_directive_appear_in_the_editor(make_site) -> None:
    site = make_site({"content/tin-tuc/a.md": article()}, config=MINIMAL_CONFIG + EDITOR)
    site.write("config.toml", MINIMAL_CONFIG + """
[categories.kieu-bao]
name = { vi = "Người Việt Nam ở nước ngoài", en = "Overseas Vietnamese" }
""" + EDITOR)
    site.write("content/authors/tran-van-binh.toml",
               'name = "Trần Văn Bình"\n\n[role]\nvi = "Phóng viên"\n')
    site.write("content/van-ban/kh-12.md",
               directive("12-KH/HU", "Về công tác thông tin đối ngoại", "Huyện ủy", "2024-01-05"))
    assert site.build() == 0
    news = _collection(_config(site), "tin-tuc")
    assert _values(_field(news, "category")) == ["doi-ngoai", "van-hoa-du-lich", "kieu-bao"]
    assert _field(news, "author")["options"] == [
        {"value": "le-minh-khoa", "label": "Lê Minh Khoa"},
        {"value": "tran-van-binh", "label": "Trần Văn Bình"}]
    assert _field(news, "directives")["options"] == [
        {"value": "12-KH/HU", "label": "12-KH/HU — Về công tác thông tin đối ngoại"}]


def test_a_draft_directive_is_not_among_the_choices_of_a_production_build(make_site) -> None:
    site = make_site({"content/van-ban/kh-12.md": directive(
        "12-KH/HU", "Bí mật", "Huyện ủy", "2024-01-05", draft="true")},
        config=MINIMAL_CONFIG + EDITOR)
    assert site.build() == 0
    assert "12-KH/HU" not in site.read("admin/config.yml")
    assert site.build("--drafts", "--out", str(site.root / "preview")) == 0
    assert "12-KH/HU" in (site.root / "preview/admin/config.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", ["article", "page", "directive"])
def test_editor_fields_are_the_schema_fields(kind: str) -> None:
    """Each section's form has exactly the front-matter fields content.py allows for its kind,
    required where content.py requires them, translatable where a translation may set them."""
    config = load_config(REPO)
    section = next(s for s in config.sections.values() if s.kind == kind)
    found = cms.Choices([], [], [])
    made = cms.collection(section, config, found, cms.labels("vi"))
    fields = {f["name"]: f for f in made["fields"] if f["name"] != "body"}
    assert set(fields) == ALLOWED[kind]
    for name, field in fields.items():
        if field["widget"] == "hidden":
            continue  # kept as it is, never asked for
        assert field["required"] == (name in REQUIRED[kind]), name
        assert bool(field.get("i18n")) == (name not in INHERITED[kind] or name == "image"), name
    if "image" in fields:  # a translation gives its alt and caption, never another picture
        parts = {f["name"]: f for f in fields["image"]["fields"]}
        assert not parts["src"].get("i18n") and parts["alt"]["i18n"] and parts["caption"]["i18n"]
        assert parts["src"]["media_folder"] == "/assets/images"
        assert parts["alt"].get("required", True)  # alt text is required with an image
    if "rating" in fields:
        assert fields["rating"]["widget"] == "hidden"  # readers give it


def test_editor_page_loads_the_cms_from_the_site_never_from_a_cdn(make_site) -> None:
    site = make_site({"content/tin-tuc/a.md": article()}, config=MINIMAL_CONFIG + EDITOR)
    assert site.build() == 0
    page = site.read("admin/index.html")
    script = re.search(r'<script src="(/admin/sveltia-cms\.[0-9a-f]{12}\.js)" defer>', page)
    assert script, page
    code = site.read(script.group(1).lstrip("/"))
    for remote in [*cms.FONTS, cms.CMS_CDN + "`"]:
        assert remote not in code
    assert site.exists("admin/fonts/material-symbols-outlined-latin-wght-normal.woff2")
    assert any(p.name == "vi.json" for p in (site.root / "public/admin").rglob("*.json"))
    assert "</head>" not in page  # serve's live reload must not reload the editor


def test_every_cdn_address_rewritten_is_in_the_installed_cms() -> None:
    """A CMS upgrade that moves a font or its translations fails here, not in the browser."""
    modules = cms.package_folder(REPO)
    assert modules is not None, "run npm ci"
    code = (modules / "@sveltia/cms" / cms.SCRIPT).read_text(encoding="utf-8")
    for remote, local in cms.FONTS.items():
        assert remote in code
        assert (modules / local).is_file()
    assert f"`{cms.CMS_CDN}`" in code


def test_no_editor_without_an_editor_table(make_site) -> None:
    site = make_site({"content/tin-tuc/a.md": article()})
    assert site.build() == 0
    assert not site.exists("admin/index.html")


def test_editor_settings_are_checked(make_site, capsys) -> None:
    site = make_site({"content/tin-tuc/a.md": article()},
                     config=MINIMAL_CONFIG + '\n[editor]\nrepo = "ban-tin"\nbackend = "svn"\n')
    assert site.build() == 1
    err = capsys.readouterr().err
    assert re.search(r'config.toml:\d+: error: \[editor\] repo must be the repository as '
                     r'"owner/name", got \'ban-tin\'', err)
    assert re.search(r"config.toml:\d+: error: \[editor\] backend must be one of github, gitlab",
                     err)
