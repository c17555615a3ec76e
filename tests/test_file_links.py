"""Documents a page links to (/files/<file>, kept in assets/files/): checked, fingerprinted,
and published only when a published page links them."""

from __future__ import annotations

import re
from urllib.parse import unquote

from tests.conftest import article

PDF = b"%PDF-1.4\n% a decision of the district\n"


def _published_files(site) -> list[str]:
    return sorted(p for p in site.output_files() if p.startswith("assets/files/"))


def test_a_linked_document_is_published_at_its_fingerprinted_address(make_site) -> None:
    site = make_site({
        "content/tin-tuc/a.md": article(body=(
            "Xem [Quyết định số 12](/files/qd-12.pdf) và "
            "[bản đính kèm](</files/van ban/Quyết định 12.pdf>).\n")),
        "assets/files/qd-12.pdf": PDF,
        "assets/files/van ban/Quyết định 12.pdf": PDF + b"2",
    })
    assert site.build() == 0
    html = site.read("vi/tin-tuc/a/index.html")
    hrefs = re.findall(r'href="(/assets/files/[^"]+)"', html)
    assert len(hrefs) == 2 and 'href="/files/' not in html
    files = _published_files(site)
    assert {unquote(href).lstrip("/") for href in hrefs} == set(files)
    assert sorted(site.output_files()[f] for f in files) == [PDF, PDF + b"2"]


def test_a_missing_document_is_an_error_at_its_line(make_site, capsys) -> None:
    site = make_site({"content/tin-tuc/a.md": article(body=(
        "Mở đầu.\n\nXem [quyết định](/files/QD-12.pdf).\n")),
        "assets/files/qd-12.pdf": PDF})
    for command in ("check", "build"):
        assert site.run(command) == 1
        assert ("content/tin-tuc/a.md:9: error: links to /files/QD-12.pdf: no such file "
                "assets/files/QD-12.pdf; copy the document into assets/files/, or correct "
                "its name (letter case counts)") in capsys.readouterr().err


def test_a_link_may_not_leave_the_files_folder(make_site, capsys) -> None:
    site = make_site({"content/tin-tuc/a.md": article(body="[x](/files/../css/main.css)\n")})
    assert site.run("check") == 1
    assert ("links to /files/../css/main.css, which leaves assets/files/: write "
            "/files/<file>, with the file in assets/files/") in capsys.readouterr().err


def test_documents_no_published_page_links_stay_out(make_site) -> None:
    site = make_site({
        "content/tin-tuc/a.md": article(body="[công khai](/files/cong-khai.pdf)\n"),
        "content/tin-tuc/nhap.md": article("Nháp", draft="true",
                                           body="[dự thảo](/files/du-thao.pdf)\n"),
        "assets/files/cong-khai.pdf": PDF,
        "assets/files/du-thao.pdf": PDF + b"draft",
        "assets/files/khong-ai-dung.pdf": PDF + b"unused",
    })
    assert site.build() == 0
    files = _published_files(site)
    assert len(files) == 1 and files[0].startswith("assets/files/cong-khai.")
    assert site.build("--drafts", "--out", str(site.root / "preview")) == 0
    preview = sorted(p.name for p in (site.root / "preview/assets/files").iterdir())
    assert [name.split(".")[0] for name in preview] == ["cong-khai", "du-thao"]
