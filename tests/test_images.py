"""Responsive images: sizes and WebP made with Pillow, <picture> with width and height,
lazy below the fold, the same bytes from the same source."""

from __future__ import annotations

import io
import re
import shutil

from PIL import Image

from tests.conftest import article


def picture_bytes(width: int, height: int, fmt: str = "JPEG") -> bytes:
    image = Image.new("RGB", (width, height), (163, 18, 15))
    for x in range(0, width, 50):  # some detail, so sizes differ
        image.paste((250, 230, 200), (x, 0, x + 20, height))
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


def _figure(html: str) -> str:
    return re.search(r'<figure class="lead-image">(.*?)</figure>', html, re.S).group(1)


def test_lead_image_becomes_a_picture_with_webp_sizes_and_dimensions(make_site) -> None:
    site = make_site({
        "assets/images/hoi-nghi.jpg": picture_bytes(2000, 1000),
        "content/tin-tuc/a.md": article(image='{src: "/images/hoi-nghi.jpg", alt: "Hội nghị"}'),
    })
    assert site.build() == 0
    figure = _figure(site.read("vi/tin-tuc/a/index.html"))
    webp = re.search(r'<source type="image/webp" srcset="([^"]+)" sizes="[^"]+">', figure)
    assert webp, figure
    entries = [item.rsplit(" ", 1) for item in webp.group(1).split(", ")]
    assert [w for _, w in entries] == ["480w", "960w", "1600w"]
    img = re.search(r"<img [^>]+>", figure).group(0)
    assert 'width="1600" height="800"' in img and 'alt="Hội nghị"' in img
    assert "loading=" not in img  # the lead image is at the top: loaded at once
    jpegs = re.search(r'srcset="([^"]+)"', img).group(1)
    for url, width in entries + [item.rsplit(" ", 1) for item in jpegs.split(", ")]:
        assert re.fullmatch(r"/assets/images/hoi-nghi\.\d+w\.[0-9a-f]{10}\.(webp|jpg)", url)
        with Image.open(site.root / "public" / url.lstrip("/")) as made:
            assert made.format == ("WEBP" if url.endswith(".webp") else "JPEG")
            assert made.size == (int(width[:-1]), int(width[:-1]) // 2)
    # The original stays (feeds and Open Graph point at it).
    assert list((site.root / "public/assets/images").glob("hoi-nghi.??????????.jpg"))


def test_body_images_are_lazy_pictures_and_small_ones_are_not_enlarged(make_site) -> None:
    site = make_site({
        "assets/images/nho.png": picture_bytes(300, 200, "PNG"),
        "content/gioi-thieu/a.md": '---\ntitle: "Trang"\n---\nĐoạn đầu.\n\n'
                                   '![Cánh đồng "xanh"](/images/nho.png "Ảnh minh họa")\n',
    })
    assert site.build() == 0
    html = site.read("vi/gioi-thieu/a/index.html")
    picture = re.search(r"<picture>.*?</picture>", html, re.S).group(0)
    assert re.search(r'srcset="/assets/images/nho\.300w\.[0-9a-f]{10}\.webp 300w"', picture)
    img = re.search(r"<img [^>]+>", picture).group(0)
    assert re.search(r'src="/assets/images/nho\.300w\.[0-9a-f]{10}\.png"', img)
    assert 'width="300" height="200"' in img and 'loading="lazy"' in img
    assert 'alt="Cánh đồng &#34;xanh&#34;"' in img or 'alt="Cánh đồng &quot;xanh&quot;"' in img
    assert 'title="Ảnh minh họa"' in img
    assert not list((site.root / "public/assets/images").glob("nho.480w.*"))


def test_same_image_gives_the_same_bytes_and_names(make_site) -> None:
    site = make_site({
        "assets/images/a.jpg": picture_bytes(1000, 600),
        "content/tin-tuc/a.md": article(image='{src: "/images/a.jpg", alt: "A"}'),
    })
    assert site.build() == 0
    first = site.output_files()
    shutil.rmtree(site.root / ".cache")  # encoded again, not copied from the cache
    assert site.build() == 0
    assert site.output_files() == first
    # 480, 960 and its own 1000 px, in WebP and JPEG, and the original.
    assert len([name for name in first if name.startswith("assets/images/a.")]) == 7


def test_images_only_unpublished_pages_show_get_no_sizes(make_site) -> None:
    site = make_site({
        "assets/images/nhap.jpg": picture_bytes(1000, 600),
        "content/tin-tuc/nhap.md": article(draft="true",
                                           image='{src: "/images/nhap.jpg", alt: "Nháp"}'),
    })
    assert site.build() == 0
    assert not [name for name in site.output_files() if "nhap" in name]


def test_unreadable_image_is_served_as_it_is_with_a_warning(make_site, capsys) -> None:
    site = make_site({
        "assets/images/hong.jpg": b"\xff\xd8 not really a jpeg \xff\xd9",
        "content/tin-tuc/a.md": article(image='{src: "/images/hong.jpg", alt: "Hỏng"}'),
    })
    assert site.build() == 0
    assert ("assets/images/hong.jpg: warning: Pillow cannot read this image"
            in capsys.readouterr().err)
    assert re.search(r'<img src="/assets/images/hong\.[0-9a-f]{10}\.jpg" alt="Hỏng">',
                     site.read("vi/tin-tuc/a/index.html"))


def test_missing_image_and_missing_alt_are_errors_at_their_lines(make_site, capsys) -> None:
    site = make_site({
        "content/tin-tuc/a.md": article(image='{src: "/images/khong-co.jpg", alt: "Ảnh"}',
                                        body="Đoạn.\n\n![](/images/khong-co-nua.jpg)\n"),
        "content/tin-tuc/b.md": article(image='{src: "/images/b.jpg"}'),
    })
    assert site.build() == 1
    err = capsys.readouterr().err.splitlines()
    assert ("content/tin-tuc/a.md:6: error: `image.src`: image /images/khong-co.jpg: "
            "no such file assets/images/khong-co.jpg; copy the picture into assets/images/, or "
            "correct its name") in err
    assert any(line.startswith("content/tin-tuc/a.md:10: error: image /images/khong-co-nua.jpg "
                               "has no alt text") for line in err), err
    assert any(line.startswith("content/tin-tuc/b.md:6: error: `image.alt` is required")
               for line in err), err
