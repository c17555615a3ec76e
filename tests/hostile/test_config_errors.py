"""config.toml and authors.toml problems at the key's own line (its table's header when the
key is missing from it, line 1 when the whole setting is missing)."""

from __future__ import annotations

from tests.conftest import AUTHORS, MINIMAL_CONFIG, article
from tests.hostile.broken_build import fails_keeping_public


def numbered(text: str, fragment: str) -> int:
    """The line of `fragment` in `text`, so a test states which line without counting."""
    return text[: text.index(fragment)].count("\n") + 1


def test_config_errors_are_at_their_keys_line(make_site, capsys) -> None:
    site = make_site({"content/tin-tuc/ok.md": article()})
    broken = (MINIMAL_CONFIG
              .replace('base_url = "https://example.test"\n', "")
              .replace('locale = "en"\n', "")
              .replace('url = { vi = "van-ban", en = "documents" }',
                       'url = { vi = "van-ban", fr = "documents" }')
              + '\n[categories."the-thao/bong-da"]\nname = { vi = "Bóng đá", fr = "Football" }\n')
    errors = fails_keeping_public(site, capsys, {"config.toml": broken})
    second_language = numbered(broken, '[[languages]]\ncode = "en"')
    section_url = numbered(broken, 'url = { vi = "van-ban"')
    category = numbered(broken, '[categories."the-thao')
    category_name = numbered(broken, 'name = { vi = "Bóng đá"')
    assert errors == sorted([
        "config.toml:1: error: base_url is missing: add the site's address at the top of "
        'config.toml, e.g. base_url = "https://thongtindoingoai.example.vn"',
        f"config.toml:{second_language}: error: [[languages]] needs `locale`: add a "
            "`locale = …` line to it",
        f"config.toml:{section_url}: error: "
        "[sections.van-ban].url names language `fr`, which is not configured: add it to "
        "[[languages]] or remove it here",
        f"config.toml:{category}: error: category id "
        "`the-thao/bong-da` must be lowercase ASCII letters, digits and hyphens, e.g. "
        "[categories.the-thao-bong-da]; articles name it in `category:`",
        f"config.toml:{category_name}: error: "
        "[categories.the-thao/bong-da].name names language `fr`, which is not configured: "
        "add it to [[languages]] or remove it here",
    ], key=lambda line: (int(line.split(":")[1]), line))


def test_author_errors_are_at_their_keys_line(make_site, capsys) -> None:
    site = make_site({"content/tin-tuc/ok.md": article()})
    broken = AUTHORS + ('\n[tran-van-b]\nten = "Trần Văn B"\n'
                        '\n[pham-c]\nname = "Phạm C"\nrole = 3\n')
    errors = fails_keeping_public(site, capsys, {"content/authors.toml": broken})
    assert errors == [
        f"content/authors.toml:{numbered(broken, '[tran-van-b]')}: error: author `tran-van-b` "
        'needs a `name`, e.g. name = "Nguyễn Văn A"',
        f"content/authors.toml:{numbered(broken, 'ten =')}: error: author `tran-van-b` has "
        "unknown key `ten`; expected name, role",
        f"content/authors.toml:{numbered(broken, 'role = 3')}: error: author `pham-c`: role "
        'must be text per language, e.g. role = { vi = "…", en = "…" }',
    ]


def test_config_and_authors_not_in_utf8_are_error_lines(make_site, capsys) -> None:
    site = make_site({"content/tin-tuc/ok.md": article()})
    config = (site.root / "config.toml").read_text(encoding="utf-8")
    errors = fails_keeping_public(site, capsys, {
        "config.toml": config.replace("Tiếng Việt", "Ti\u1ebfng Vi\u1ec7t").encode("utf-16")})
    # A config.toml that cannot be read names no editor_language: Bantin speaks Vietnamese.
    assert errors == ["config.toml:1: error: tệp không phải văn bản UTF-8 (byte 0xFF); hãy mở "
                      "tệp và lưu lại với bảng mã UTF-8"]
    site.write("config.toml", config)
    errors = fails_keeping_public(site, capsys, {
        "content/authors.toml": '[a]\nname = "Lê Văn Tám"\n'.encode("cp1258", "replace")})
    assert errors == ["content/authors.toml:2: error: the file is not UTF-8 text (byte 0xEA); "
                      "save it as UTF-8"]
