"""Images that would exhaust or crash the build: an error at the line that uses them.

A PNG of a few bytes can claim 100,000 × 100,000 pixels (a decompression bomb); a photo
copied half-way is truncated. Neither may give a traceback or eat the machine's memory:
each is an error at the front-matter `image:` line or the Markdown line that shows it,
saying what to do, and the previous public/ stays as it was.
"""

from __future__ import annotations

import struct
import zlib

from tests.conftest import article
from tests.test_images import picture_bytes

LEAD = '{src: "/images/bom.png", alt: "Ảnh"}'
TOO_LARGE = ("more than Bantin reads (50 megapixels); pages show images at most 1600 px wide: "
             "save it at about 1600 px wide (a long side of 2000–3000 px at most) and use that "
             "file")


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims width × height pixels and holds none: 67 bytes."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                             0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b""))


def _good_then(make_site, files: dict[str, str | bytes]):
    site = make_site({"content/tin-tuc/a.md": article()})
    assert site.build("--no-search") == 0
    before = site.output_files()
    for relative, data in files.items():
        site.write(relative, data)
    return site, before


def test_decompression_bomb_is_an_error_at_the_lines_that_use_it(make_site, capsys) -> None:
    site, before = _good_then(make_site, {
        "assets/images/bom.png": png_header(100_000, 100_000),
        "content/tin-tuc/b.md": article(image=LEAD, body="Đoạn.\n\n![Lần nữa](/images/bom.png)\n"),
    })
    capsys.readouterr()
    assert site.build("--no-search") == 1
    err = capsys.readouterr().err
    lead = ("content/tin-tuc/b.md:6: error: image /images/bom.png: the image claims more than "
            f"178 megapixels, {TOO_LARGE}")
    body = lead.replace("b.md:6:", "b.md:10:")
    assert lead in err.splitlines() and body in err.splitlines(), err
    assert "Traceback" not in err
    assert site.output_files() == before
    assert site.run("check") == 1
    err = capsys.readouterr().err.splitlines()
    assert lead in err and body in err


def test_image_over_the_limit_says_its_size(make_site, capsys) -> None:
    site, before = _good_then(make_site, {
        "assets/images/bom.png": png_header(9000, 9000),  # 81 MP: under Pillow's own refusal
        "content/tin-tuc/b.md": article(image=LEAD),
    })
    capsys.readouterr()
    assert site.build("--no-search") == 1
    line = ("content/tin-tuc/b.md:6: error: image /images/bom.png: the image is 9000 × 9000 px "
            f"(81 megapixels), {TOO_LARGE}")
    err = capsys.readouterr().err
    assert line in err.splitlines(), err
    assert "DecompressionBomb" not in err
    assert site.output_files() == before


def test_truncated_image_is_an_error_not_a_traceback(make_site, capsys) -> None:
    whole = picture_bytes(1200, 800)
    site, before = _good_then(make_site, {
        "assets/images/cat.jpg": whole[: len(whole) // 2],
        "content/tin-tuc/b.md": article(body="Đoạn.\n\n![Ảnh bị cắt](/images/cat.jpg)\n"),
    })
    capsys.readouterr()
    assert site.build("--no-search") == 1
    err = capsys.readouterr().err
    assert ("content/tin-tuc/b.md:9: error: image /images/cat.jpg: the image file is damaged "
            "(image file is truncated (26 bytes not processed)), so it cannot be shown whole; "
            "open it in an image editor "
            "and save it again, or copy it again from the camera or the sender"
            ) in err.splitlines(), err
    assert "Traceback" not in err
    assert site.output_files() == before


def test_a_bomb_only_a_draft_uses_does_not_stop_the_build(make_site, capsys) -> None:
    """Images are read for the pages a build publishes; the draft's is not published."""
    site = make_site({"content/tin-tuc/a.md": article(),
                      "assets/images/bom.png": png_header(100_000, 100_000),
                      "content/tin-tuc/nhap.md": article(image=LEAD, draft="true")})
    assert site.build("--no-search") == 0
    assert not [name for name in site.output_files() if "bom" in name]
