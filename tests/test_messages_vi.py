"""Each group of Bantin's checks speaks the editors' language: the exact Vietnamese line a
site without editor_language gets, and the English one with `--lang en`."""

from __future__ import annotations

from datetime import datetime

import pytest

from bantin.commands.serve import Preview
from bantin.core import messages
from bantin.website.site import BuildOptions
from tests.conftest import MINIMAL_CONFIG, NOW, article
from tests.test_messages import VIETNAMESE_SITE

A = "content/tin-tuc/a.md"

# One problem per group of checks: (files, the Vietnamese line, the English line).
CASES = {
    "yaml": (
        {A: "---\ntitle: Hội nghị: tổng kết\n---\n"},
        f"{A}:2: error: giá trị của `title` có dấu hai chấm (cột 16): đặt cả giá trị trong "
        'dấu ngoặc kép, ví dụ title: "Hội nghị: tổng kết"',
        f"{A}:2: error: the title holds a colon (column 16): put the whole title in double "
        'quotes, e.g. title: "Hội nghị: tổng kết"'),
    "field": (
        {A: article(date="2023-02-30")},
        f"{A}:3: error: `date` phải là ngày có thật, ví dụ 2023-09-01 00:14, hiện là "
        "'2023-02-30'",
        f"{A}:3: error: `date` must be a real date such as 2023-09-01 00:14, got '2023-02-30'"),
    "front-matter": (
        {A: "---\ntitle: a\ntitle: b\n---\n"},
        f"{A}:3: error: `title` được ghi hai lần trong phần thông tin bài: giữ một dòng, xóa "
        "dòng kia",
        f"{A}:3: error: `title` is given twice in the front-matter: keep one and delete the "
        "other"),
    "encoding": (
        {A: b"---\ntitle: \"B\xe0i\"\n---\n"},
        f"{A}:2: error: tệp không phải văn bản UTF-8 (byte 0xE0); hãy mở tệp và lưu lại với "
        "bảng mã UTF-8",
        f"{A}:2: error: the file is not UTF-8 text (byte 0xE0); save it as UTF-8"),
    "placement": (
        {"content/tin-tuc/cu/a.md": article()},
        "content/tin-tuc/cu/a.md:1: error: không được đặt trang trong thư mục con: chuyển tệp "
        "về content/tin-tuc/a.md (đổi tên nếu tên đó đã có)",
        "content/tin-tuc/cu/a.md:1: error: pages cannot be in a folder inside a section: move "
        "it to content/tin-tuc/a.md (rename it if that name is taken)"),
    "site": (
        {A: article(author="ai-do")},
        f"{A}:4: error: không có tác giả `ai-do`; ghi một mã trong content/authors.toml: "
        "le-minh-khoa",
        f"{A}:4: error: unknown author `ai-do`; write an id from content/authors.toml: "
        "le-minh-khoa"),
    "authors.toml": (
        {"content/authors.toml": '[le-minh-khoa]\nrole = "Phóng viên"\n', A: article()},
        "content/authors.toml:1: error: tác giả `le-minh-khoa` cần có `name`, ví dụ "
        'name = "Nguyễn Văn A"',
        "content/authors.toml:1: error: author `le-minh-khoa` needs a `name`, e.g. "
        'name = "Nguyễn Văn A"'),
    "links": (
        {A: article(body="Xem [bài cũ](bai-cu.md).\n")},
        f"{A}:7: error: liên kết đến content/tin-tuc/bai-cu.md, tệp này không có: sửa tên tệp "
        "hoặc thư mục trong liên kết (đường dẫn tính từ thư mục của tệp đang sửa)",
        f"{A}:7: error: links to content/tin-tuc/bai-cu.md, which does not exist: correct the "
        "file name or folder in the link (it is relative to this file)"),
    "images": (
        {A: article(body="![Hội nghị](/images/khong-co.jpg)\n")},
        f"{A}:7: error: ảnh /images/khong-co.jpg: không có tệp assets/images/khong-co.jpg; "
        "chép ảnh vào assets/images/, hoặc sửa lại tên ảnh",
        f"{A}:7: error: image /images/khong-co.jpg: no such file assets/images/khong-co.jpg; "
        "copy the picture into assets/images/, or correct its name"),
    "markdown": (
        {A: article(body="{#main}\nĐoạn văn.\n")},
        f"{A}:7: error: mã `main` đã được khuôn trang dùng, liên kết đến đó sẽ dẫn sai chỗ: "
        "chọn mã khác, ví dụ {#main-1}",
        f"{A}:7: error: the id `main` is one the page layout uses, so links to it would land "
        "on the layout's element: choose another id, e.g. {#main-1}"),
    "svg": (
        {"assets/images/so-do.svg": '<svg xmlns="http://www.w3.org/2000/svg">\n'
                                    "<script>alert(1)</script></svg>\n"},
        "assets/images/so-do.svg:2: error: tệp SVG có thẻ <script>, có thể chạy mã lệnh khi "
        "mở tệp; xóa thẻ đó, hoặc xuất lại hình vẽ không kèm mã lệnh",
        "assets/images/so-do.svg:2: error: the SVG holds a <script> element, which can run a "
        "script when the file is opened; remove it, or export the drawing again without "
        "scripts"),
}


@pytest.mark.parametrize("case", CASES)
def test_check_speaks_the_editors_language(make_site, capsys, case: str) -> None:
    files, vietnamese, english = CASES[case]
    site = make_site(files, config=VIETNAMESE_SITE)
    assert site.run("check") == 1
    assert vietnamese in capsys.readouterr().err.splitlines()
    assert site.run("check", "--lang", "en") == 1
    assert english in capsys.readouterr().err.splitlines()


def test_config_errors_speak_the_editors_language(make_site, capsys) -> None:
    config = VIETNAMESE_SITE.replace('timezone = "Asia/Ho_Chi_Minh"', 'timezone = "Hanoi"')
    site = make_site({A: article()}, config=config)
    assert site.build() == 1
    assert "config.toml:2: error: múi giờ `Hanoi` không hợp lệ: ghi múi giờ như " \
        "Asia/Ho_Chi_Minh" in capsys.readouterr().err.splitlines()
    assert site.build("--lang", "en") == 1
    assert "config.toml:2: error: unknown time zone `Hanoi`: write one such as " \
        "Asia/Ho_Chi_Minh" in capsys.readouterr().err.splitlines()


def test_branding_errors_speak_the_editors_language(make_site, capsys) -> None:
    config = VIETNAMESE_SITE + '\n[branding]\ntheme_color = "red"\n'
    site = make_site({A: article()}, config=config)
    line = config.splitlines().index('theme_color = "red"') + 1
    assert site.build() == 1
    assert (f"config.toml:{line}: error: [branding] theme_color phải là một mã màu như "
            "\"#a3120f\"; đang ghi 'red'") in capsys.readouterr().err.splitlines()
    assert site.build("--lang", "en") == 1
    assert (f'config.toml:{line}: error: [branding] theme_color must be a colour such as '
            "\"#a3120f\"; got 'red'") in capsys.readouterr().err.splitlines()


def test_a_symbolic_link_out_of_the_site_speaks_the_editors_language(make_site, tmp_path,
                                                                      capsys) -> None:
    outside = tmp_path / "ngoai.md"
    outside.write_text(article(), encoding="utf-8")
    site = make_site({A: article()}, config=VIETNAMESE_SITE)
    (site.root / "content/tin-tuc/b.md").symlink_to(outside)
    assert site.build() == 1
    assert (f"content/tin-tuc/b.md:1: error: liên kết tượng trưng đến {outside}, nằm ngoài "
            "thư mục trang; không đăng gì từ ngoài thư mục trang: chép tệp vào thư mục trang "
            "thay vì liên kết đến nó") in capsys.readouterr().err.splitlines()
    assert site.build("--lang", "en") == 1
    assert (f"content/tin-tuc/b.md:1: error: symbolic link to {outside}, outside the site "
            "folder; nothing from outside the site is published: copy the file into the site "
            "instead of linking to it") in capsys.readouterr().err.splitlines()


def test_a_broken_layout_is_framed_in_the_editors_language(make_site, capsys) -> None:
    site = make_site({A: article()}, config=VIETNAMESE_SITE)
    site.write("layouts/404.html", "<p>\n{% if %}\n</p>\n")
    assert site.build() == 1
    # Jinja's own words stay as Jinja says them; Bantin's frame is translated
    assert "layouts/404.html:2: error: khuôn trang viết sai: Expected an expression, got " \
        "'end of statement block'; sửa ở dòng này" in capsys.readouterr().err.splitlines()
    assert site.build("--lang", "en") == 1
    assert "layouts/404.html:2: error: the layout cannot be read: Expected an expression, " \
        "got 'end of statement block'; correct it at this line" in \
        capsys.readouterr().err.splitlines()


def test_new_speaks_the_configured_editor_language(make_site, capsys) -> None:
    """`new`'s --lang is the translation's language: its messages follow config.toml."""
    site = make_site({A: article()}, config=VIETNAMESE_SITE)
    assert site.run("new", "--translate", A, "--lang", "fr", "--author", "le-minh-khoa") == 2
    assert capsys.readouterr().err.splitlines() == [
        "build.py new: error: không dùng --author cùng với --translate",
        "build.py new: error: --lang phải là một trong: en, hiện là `fr`",
    ]
    assert site.run("new", "Hội nghị tổng kết", "--author", "le-minh-khoa",
                    "--category", "doi-ngoai") == 0
    assert capsys.readouterr().out.splitlines() == [
        "đã tạo content/tin-tuc/hoi-nghi-tong-ket.md: bản nháp; xóa `draft: true` khi bài đã "
        "sẵn sàng",
        "tiếp theo: viết bài, xem trước bằng `python build.py serve`, rồi chạy "
        "`python build.py check`",
    ]
    site.write("config.toml", MINIMAL_CONFIG)  # editor_language = "en"
    assert site.run("new", "--translate", A, "--lang", "fr", "--author", "le-minh-khoa") == 2
    assert capsys.readouterr().err.splitlines() == [
        "build.py new: error: --author cannot be used with --translate",
        "build.py new: error: --lang must be one of en, got `fr`",
    ]


def test_the_serve_overlay_shows_content_errors_in_the_editors_language(make_site) -> None:
    site = make_site({A: "---\ntitle: Hội nghị: tổng kết\n---\n"}, config=VIETNAMESE_SITE)
    preview = Preview(site.root, BuildOptions(now=datetime.fromisoformat(NOW)),
                      site.root / "preview", words=messages.translations_for("vi"))
    assert preview.rebuild() is False
    panel = preview.error_panel().decode()
    assert (f"{A}:2: error: giá trị của `title` có dấu hai chấm (cột 16): đặt cả giá trị "
            "trong dấu ngoặc kép, ví dụ title: &quot;Hội nghị: tổng kết&quot;") in panel
    english = Preview(site.root, BuildOptions(now=datetime.fromisoformat(NOW)),
                      site.root / "preview", words=messages.translations_for("en"))
    assert english.rebuild() is False
    assert (f"{A}:2: error: the title holds a colon (column 16): put the whole title in "
            "double quotes, e.g. title: &quot;Hội nghị: tổng kết&quot;"
            ) in english.error_panel().decode()


def test_interface_catalog_warnings_speak_the_editors_language(make_site, capsys) -> None:
    site = make_site({A: article()}, config=VIETNAMESE_SITE)
    catalog = site.root / "locales/en/LC_MESSAGES/messages.po"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace('msgstr "Rated %(average)s out of 5"',
                                    'msgstr "<b>Rated</b> %(average)s out of 5"'),
                       encoding="utf-8")
    line = text.splitlines().index('msgid "Rated %(average)s out of 5"') + 1
    where = f"locales/en/LC_MESSAGES/messages.po:{line}: warning: "
    assert site.run("check") == 0
    assert (f'{where}msgid "Rated %(average)s out of 5": bản dịch có mã HTML (<b>), người đọc '
            "sẽ thấy nguyên mã đó chứ không được định dạng: chuỗi giao diện chỉ là chữ thường; "
            "chỉ viết lời") in capsys.readouterr().err.splitlines()
    assert site.run("check", "--lang", "en") == 0
    assert (f'{where}msgid "Rated %(average)s out of 5": the translation holds HTML (<b>), '
            "which readers see as text, never as markup: interface strings are plain text; "
            "write the words only") in capsys.readouterr().err.splitlines()
