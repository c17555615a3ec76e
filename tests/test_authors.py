"""Authors: content/authors.toml, and one file per author in content/authors/."""

from __future__ import annotations

from tests.conftest import article


def test_authors_one_file_each_and_in_authors_toml(make_site, capsys) -> None:
    site = make_site({"content/tin-tuc/a.md": article(author="tran-van-binh")})
    site.write("content/authors/tran-van-binh.toml", 'name = "Trần Văn Bình"\n')
    assert site.build() == 0
    assert "Trần Văn Bình" in site.read("vi/tin-tuc/a/index.html")
    site.write("content/authors/le-minh-khoa.toml", 'name = "Lê Minh Khoa"\nchuc_vu = "x"\n')
    assert site.build() == 1
    err = capsys.readouterr().err
    assert ("content/authors/le-minh-khoa.toml:2: error: author `le-minh-khoa` has unknown key "
            "`chuc_vu`; expected name, role") in err
    assert ("content/authors/le-minh-khoa.toml:1: error: author `le-minh-khoa` is given twice: "
            "in content/authors.toml and content/authors/le-minh-khoa.toml; keep one") in err
