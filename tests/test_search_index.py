"""The search index: exactly the published pages, per language, with folded twins for đ."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

from bantin.search import FOLDED_ANCHOR, body_text
from tests.conftest import article


def indexed(out: Path) -> dict[str, dict[str, object]]:
    """Every record in the built Pagefind bundle, by URL (fragments are gzipped JSON)."""
    records = {}
    for path in sorted((out / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        record = json.loads(data.removeprefix(b"pagefind_dcd"))
        records[record["url"]] = {**record, "language": path.name.split("_")[0]}
    return records


def test_only_published_pages_are_indexed_per_language(make_site) -> None:
    site = make_site({
        "content/tin-tuc/cong-bo.md": article("Gò Công Tây công bố", body="Nội dung công bố."),
        "content/tin-tuc/cong-bo.en.md": '---\ntitle: "Published"\n---\nPublished text.\n',
        "content/tin-tuc/nhap.md": article("Bản nháp bí mật", draft="true"),
        "content/tin-tuc/noi-bo.md": article("Tin nội bộ bí mật", internal="true"),
        "content/tin-tuc/sap-dang.md": article("Tin hẹn giờ bí mật", date="2030-01-01 08:00"),
        "content/tin-tuc/het-han.md": article("Tin hết hạn bí mật", expires="2024-01-01 08:00"),
        "content/van-ban/kl-57.md": '---\nnumber: 57-KL/TW\ntitle: "Kết luận"\n'
                                    'issuer: Bộ Chính trị\ndate: 2023-06-15\n---\n',
    })
    assert site.build() == 0
    records = indexed(site.root / "public")
    pages = {url: r["language"] for url, r in records.items() if "#" not in url}
    assert pages == {"/vi/tin-tuc/cong-bo/": "vi", "/en/news/cong-bo/": "en",
                     "/vi/van-ban/kl-57/": "vi"}
    everything = json.dumps(records, ensure_ascii=False)
    assert "bí mật" not in everything and "bi mat" not in everything
    # Listings, homes, 404s and the search page are never results.
    assert "Tin tức" not in " ".join(str(r["meta"]) for r in records.values())


def test_d_stroke_gets_a_folded_twin_with_the_unfolded_text_for_display(make_site) -> None:
    site = make_site({
        "content/tin-tuc/doi-ngoai.md": article("Công tác đối ngoại", body="Đường làng Gò Công."),
        "content/tin-tuc/khong-co.md": article("Gò Công Tây", body="Không có chữ ấy.",
                                               category="van-hoa-du-lich"),
    })
    assert site.build() == 0
    records = indexed(site.root / "public")
    twin = records["/vi/tin-tuc/doi-ngoai/" + FOLDED_ANCHOR]
    assert "Cong tac doi ngoai" in twin["content"] and "Duong lang Go Cong" in twin["content"]
    assert twin["meta"]["title"] == "Công tác đối ngoại"
    assert "Đường làng Gò Công." in twin["meta"]["text"]
    # Tones alone are folded by Pagefind itself: no twin without a đ.
    assert "/vi/tin-tuc/khong-co/" + FOLDED_ANCHOR not in records
    assert "/vi/tin-tuc/khong-co/" in records
    # The page's own record keeps the text as written, for Pagefind's excerpts.
    assert "Công tác đối ngoại" in records["/vi/tin-tuc/doi-ngoai/"]["content"]
    html = site.read("vi/search/index.html")
    assert f'data-folded-anchor="{FOLDED_ANCHOR}"' in html


def test_index_leaves_out_site_chrome_and_rating() -> None:
    html = ('<html lang="vi"><body><header>Menu đầu trang</header>'
            '<article data-pagefind-body><h1>Tiêu đề</h1><p>Đoạn <em>một</em>.</p>'
            '<div data-pagefind-ignore>5 trong 1 đánh giá</div><p>Đoạn hai</p></article>'
            '<footer>Chân trang</footer></body></html>')
    assert body_text(html) == "Tiêu đề\nĐoạn một.\nĐoạn hai"


def test_every_page_has_a_labelled_search_box_that_works_without_javascript(make_site) -> None:
    site = make_site({"content/tin-tuc/a.md": article()})
    assert site.build() == 0
    out = site.root / "public"
    pages = [p for p in sorted(out.rglob("*.html")) if p.relative_to(out).as_posix()
             != "index.html"]  # the language chooser at / has no language to search in
    assert len(pages) >= 10
    for path in pages:
        html = path.read_text(encoding="utf-8")
        lang = re.search(r'<html lang="(\w+)"', html).group(1)
        form = re.search(r'<form class="search-form" role="search" action="([^"]+)" '
                         r'method="get"', html)
        assert form and form.group(1) == f"/{lang}/search/", path
        field = re.search(r'<input type="search" id="([\w-]+)" name="q"', html)
        assert field and f'<label for="{field.group(1)}"' in html, path


def test_search_page_url_is_configured_per_language(make_site) -> None:
    from tests.conftest import MINIMAL_CONFIG

    config = MINIMAL_CONFIG + '\n[search]\nurl = { vi = "tim-kiem", en = "search" }\n'
    site = make_site({"content/tin-tuc/a.md": article()}, config=config)
    assert site.build() == 0
    vi = site.read("vi/tim-kiem/index.html")
    assert 'action="/vi/tim-kiem/"' in vi and '<meta name="robots" content="noindex">' in vi
    assert 'href="/en/search/"' in vi  # the language switcher
    assert 'action="/en/search/"' in site.read("en/news/index.html")


def test_search_index_is_byte_identical_across_builds(make_site) -> None:
    site = make_site({"content/tin-tuc/a.md": article("Đối ngoại"),
                      "content/tin-tuc/b.md": article("Gò Công")})
    assert site.build() == 0
    first = {k: v for k, v in site.output_files().items() if k.startswith("pagefind/")}
    assert site.build() == 0
    second = {k: v for k, v in site.output_files().items() if k.startswith("pagefind/")}
    assert first == second and len(first) > 5
