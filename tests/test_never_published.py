"""What is never published (docs/front-matter.md), proven on every byte of the output folder.

Each kind of unpublished page (draft, scheduled, expired, internal) carries its own marker
in every field an editor writes — title, summary, tags, slug, image alt, heading, body —
in an article, a page and a directive, in their translations, in translations of published
pages, and in the file names and bytes of images only they use. The whole output is then
searched, file names and gzip'd files included, so the test keeps guarding whatever later
outputs (feeds, sitemap, search index, listings, related boxes, back-links) are added.
"""

from __future__ import annotations

import io

import pytest
from PIL import Image

from tests.conftest import MINIMAL_CONFIG, article
from tests.output_scan import find_markers

KINDS = {
    "draft": "draft: true",
    "future": "date: 2027-03-01 08:00",
    "expired": "expires: 2026-01-01 00:00",
    "internal": "internal: true",
}
MARKERS = {kind: f"MARKER-{kind.upper()}-7f3a" for kind in KINDS}
PUBLIC = "MARKER-PUBLIC-7f3a"
CONFIG = MINIMAL_CONFIG


def _image(marker: str) -> bytes:
    """A whole JPEG (a damaged one is an error now) carrying the marker in its comment."""
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (163, 18, 15)).save(buffer, "JPEG", comment=marker.encode())
    return buffer.getvalue()


def unpublished_files(kind: str) -> dict[str, str | bytes]:
    flag, marker = KINDS[kind], MARKERS[kind]
    slug = marker.lower()
    fields = dict(line.split(": ", 1) for line in [flag])
    front = {
        "summary": f'"{marker} sapo"',
        "tags": f'["{marker}", "chung"]',
        "slug": f"{slug}-slug",
        "directives": '["57-KL/TW"]',
        "image": f'{{src: "/images/{slug}.jpg", alt: "{marker} alt", '
                 f'caption: "{marker} chú thích"}}',
        **fields,
    }
    body = (f"## {marker} mục\n\n{marker} nội dung. ![{marker} ảnh](/images/{slug}-body.png)\n\n"
            f"Xem [bài công khai](cong-khai-{kind}.md).\n")
    page_flag = flag.replace("date: 2027-03-01 08:00", "date: 2027-03-01")
    directive_flag = page_flag if kind == "future" else f"date: 2026-03-01\n{flag}"
    return {
        f"content/tin-tuc/{slug}.md": article(f"{marker} tiêu đề", body, **front),
        f"content/tin-tuc/{slug}.en.md":
            f'---\ntitle: "{marker} English title"\nslug: {slug}-en\n'
            f'summary: "{marker} lead"\n---\n## {marker} heading\n\n{marker} text.\n',
        # A published original whose translation alone is unpublished.
        f"content/tin-tuc/cong-khai-{kind}.md": article(f"Bài công khai {kind}", "Nội dung.",
                                                        tags='["chung"]'),
        f"content/tin-tuc/cong-khai-{kind}.en.md":
            f'---\ntitle: "{marker} translated title"\nslug: {slug}-translation\n'
            f'{flag}\n---\n{marker} translated text.\n',
        f"content/gioi-thieu/{slug}.md":
            f'---\ntitle: "{marker} trang"\n{page_flag}\n---\n{marker} giới thiệu.\n',
        f"content/gioi-thieu/{slug}.en.md": f'---\ntitle: "{marker} page"\n---\n{marker}.\n',
        f"content/van-ban/{slug}.md":
            f'---\nnumber: "9{list(KINDS).index(kind)}-KH/HU"\ntitle: "{marker} văn bản"\n'
            f'issuer: "Huyện ủy {marker}"\nimplements: ["57-KL/TW"]\n'
            f'{directive_flag}\n---\n{marker} toàn văn.\n',
        f"assets/images/{slug}.jpg": _image(marker),
        f"assets/images/{slug}-body.png": _image(marker),
    }


# The directive every test article names in front-matter: it must be registered.
KL57 = {
    "content/van-ban/kl-57.md":
        '---\nnumber: "57-KL/TW"\ntitle: "Kết luận về thông tin đối ngoại"\n'
        'issuer: "Bộ Chính trị"\ndate: 2023-06-15\n---\n',
}


def site_files() -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {
        "content/tin-tuc/cong-khai.md": article(
            f"{PUBLIC} tiêu đề", f"## Mục một\n\n{PUBLIC} nội dung, theo Kết luận 57-KL/TW"
            " và các Kế hoạch 90-KH/HU, 91-KH/HU, 92-KH/HU, 93-KH/HU.\n\n" + "".join(
                f"Xem thêm [bài {kind}]({marker.lower()}.md#{marker.lower()}-muc).\n"
                for kind, marker in MARKERS.items()),
            tags='["chung"]', directives='["57-KL/TW"]',
            image='{src: "/images/marker-public-7f3a.jpg", alt: "Ảnh công khai"}'),
        "content/tin-tuc/cong-khai.en.md": f'---\ntitle: "{PUBLIC} English"\n---\nText.\n',
        **KL57,
        "assets/images/marker-public-7f3a.jpg": _image(PUBLIC),
    }
    for kind in KINDS:
        files.update(unpublished_files(kind))
    return files


def built(make_site, *args: str):
    site = make_site(site_files(), config=CONFIG)
    assert site.build(*args) == 0
    return find_markers(site.root / "public", [*MARKERS.values(), PUBLIC]), site


def test_production_output_holds_no_byte_of_unpublished_pages(make_site) -> None:
    found, _site = built(make_site)
    leaks = {marker: files for marker, files in found.items() if files and marker != PUBLIC}
    assert leaks == {}
    # The search is not vacuous: the published article, its translation and its image are there.
    assert "vi/tin-tuc/cong-khai/index.html" in found[PUBLIC]
    assert "en/news/cong-khai/index.html" in found[PUBLIC]
    assert any(path.startswith("assets/images/marker-public-7f3a") for path in found[PUBLIC])
    # ... and the gzip'd search index is read: the published article is found inside it.
    assert any(path.startswith("pagefind/fragment/") for path in found[PUBLIC])


def test_published_original_does_not_switch_to_an_unpublished_translation(make_site) -> None:
    _found, site = built(make_site)
    html = site.read("vi/tin-tuc/cong-khai-draft/index.html")
    assert 'href="/en/news/' not in html
    assert 'hreflang="en"' in html  # the switcher still offers English: its home page


def test_drafts_preview_shows_only_the_drafts_with_banner_and_noindex(make_site) -> None:
    found, site = built(make_site, "--drafts")
    draft = MARKERS["draft"]
    assert found[draft], "the draft is in the preview"
    for kind in ("future", "expired", "internal"):
        assert found[MARKERS[kind]] == [], kind
    slug = draft.lower()
    for path in (f"vi/tin-tuc/{slug}-slug/index.html", f"en/news/{slug}-en/index.html",
                 f"en/news/{slug}-translation/index.html", f"vi/gioi-thieu/{slug}/index.html",
                 f"vi/van-ban/{slug}/index.html"):
        html = site.read(path)
        assert '<meta name="robots" content="noindex">' in html, path
        assert 'class="banner banner-draft"' in html, path
    assert "Bản nháp: chưa xuất bản" in site.read(f"vi/tin-tuc/{slug}-slug/index.html")
    assert "Draft: not published" in site.read(f"en/news/{slug}-en/index.html")
    assert any(path.startswith(f"assets/images/{slug}") for path in found[draft])
    published = site.read("vi/tin-tuc/cong-khai/index.html")
    assert "noindex" not in published and "banner-draft" not in published


def test_future_preview_shows_scheduled_pages_with_banner_never_internal(make_site) -> None:
    found, site = built(make_site, "--drafts", "--future")
    assert found[MARKERS["future"]] and found[MARKERS["draft"]]
    assert found[MARKERS["internal"]] == [] and found[MARKERS["expired"]] == []
    html = site.read(f"vi/tin-tuc/{MARKERS['future'].lower()}-slug/index.html")
    assert "Hẹn giờ: sẽ đăng lúc Thứ Hai, 01/03/2027 08:00" in html
    assert '<meta name="robots" content="noindex">' in html


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_alone_leaves_no_trace(make_site, kind) -> None:
    """One unpublished kind at a time, so one leak cannot hide behind another's fix."""
    site = make_site({**unpublished_files(kind), **KL57}, config=CONFIG)
    assert site.build() == 0
    found = find_markers(site.root / "public", [MARKERS[kind]])
    assert found[MARKERS[kind]] == []


def test_scanner_reads_file_names_and_gzip_layers(tmp_path) -> None:
    import gzip

    (tmp_path / "pagefind").mkdir()
    (tmp_path / "pagefind" / "fragment.pf_fragment").write_bytes(
        gzip.compress(gzip.compress(b"pagefind_dcd ... marker-draft-7f3a ...")))
    (tmp_path / "marker-future-7f3a.txt").write_bytes(b"")
    found = find_markers(tmp_path, [MARKERS["draft"], MARKERS["future"], MARKERS["internal"]])
    assert found == {MARKERS["draft"]: ["pagefind/fragment.pf_fragment"],
                     MARKERS["future"]: ["marker-future-7f3a.txt"], MARKERS["internal"]: []}
