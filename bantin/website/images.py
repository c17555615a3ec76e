"""Responsive images: smaller sizes and WebP of the site's images, shown with <picture>.

Each site image a published page shows (`/images/x.jpg`, from assets/images/) is resized
with Pillow to the WIDTHS not larger than it, in WebP and in its own format, and served at
fingerprinted URLs (`/assets/images/x.960w.1a2b3c4d5e.webp`). Encoding is deterministic: the
same source gives the same bytes and names, and a copy is kept in .cache/images/ so an
unchanged image is not encoded again on the next build.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from html import escape, unescape
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from markupsafe import Markup

from ..core.messages import Text, msg
from .outputs import ASSETS_DIR, asset_keys, url_of

if TYPE_CHECKING:
    from PIL import Image

WIDTHS = (480, 960, 1600)
SIZES = "(min-width: 44rem) 42rem, 100vw"  # the text column (--measure) or the screen
_FORMATS = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png"),
            "WEBP": ("webp", "image/webp")}
_SETTINGS = "v1 jpeg q82 progressive; webp q80 method4; png optimize"  # in every digest
CACHE_DIR = ".cache/images"


# Pixels an image may have. A 48-megapixel phone photo passes; beyond, decoding one image
# takes more memory than a whole build may (and a few bytes of PNG can claim 10 gigapixels).
MAX_PIXELS = 50_000_000


def _too_large() -> Text:
    return msg("more than Bantin reads (%(limit)s megapixels); pages show images at most "
               "%(width)s px wide: save it at about %(width)s px wide (a long side of "
               "2000–3000 px at most) and use that file", limit=MAX_PIXELS // 1_000_000,
               width=WIDTHS[-1])


class ImageError(Exception):
    """A site image that Pillow cannot read. `fatal`: the image is damaged or too large,
    an error wherever a page uses it; otherwise the file is served as it is (a format the
    browser may show that Pillow does not read), with a warning."""

    def __init__(self, key: str, message: Text, fatal: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.key = key
        self.fatal = fatal


@dataclass(frozen=True, slots=True)
class Variant:
    url: str
    width: int
    height: int
    mime: str
    path: Path  # the encoded file, in .cache/images/


@dataclass(frozen=True, slots=True)
class ResponsiveImage:
    key: str  # images/x.jpg
    width: int  # of the largest variant
    height: int
    variants: tuple[Variant, ...]  # WebP and the fallback format, narrowest first

    def srcset(self, mime: str) -> str:
        return ", ".join(f"{v.url} {v.width}w" for v in self.variants if v.mime == mime)

    @property
    def fallback(self) -> Variant:
        """The <img src>: the widest variant in the source's own format."""
        own = [v for v in self.variants if v.mime != "image/webp"] or list(self.variants)
        return own[-1]

    def picture(self, alt: str, *, lazy: bool, extra: str = "", sizes: str = SIZES) -> Markup:
        """<picture> with a WebP source and the fallback <img>, width and height set.
        `sizes`: how wide the layout shows it (a thumbnail is narrower than the text)."""
        fallback = self.fallback
        loading = ' loading="lazy" decoding="async"' if lazy else ' decoding="async"'
        webp = self.srcset("image/webp")
        sizes = escape(sizes)
        source = (f'<source type="image/webp" srcset="{escape(webp)}" sizes="{sizes}">'
                  if webp and fallback.mime != "image/webp" else "")
        return Markup(f"<picture>{source}<img src=\"{escape(fallback.url)}\" "
                      f'srcset="{escape(self.srcset(fallback.mime))}" sizes="{sizes}" '
                      f'width="{self.width}" height="{self.height}" alt="{escape(alt)}"'
                      f"{loading}{extra}></picture>")


def _encode(image: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    if fmt == "JPEG":
        image.convert("RGB").save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    elif fmt == "WEBP":
        image.save(buffer, "WEBP", quality=80, method=4, exact=False)
    else:
        image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


class ImageSet:
    """The responsive variants of the images a build shows, made once per build."""

    def __init__(self, root: Path, files: Iterable[str]) -> None:
        self.root = root
        self.sources = asset_keys(files)  # key -> the input file (freshness.scan)
        self.cache = root / CACHE_DIR
        self.images: dict[str, ResponsiveImage] = {}
        self.problems: list[ImageError] = []  # images Pillow cannot read

    def prepare(self, keys: Iterable[str], encode: bool = True,
                advance: Callable[[int], None] | None = None) -> list[ImageError]:
        """Make the variants of every key ("images/x.jpg"); the images Pillow cannot read.
        Without `encode`, each image is only decoded, as the build decodes it, to find the
        same problems (`check`); an image once read whole is not read again (`_verdict`).
        `advance(1)` is told as each image is done."""
        for key in sorted(set(keys)):
            if advance is not None:
                advance(1)
            if key in self.images or key not in self.sources:
                continue  # a missing file is reported where it is named (links.py)
            try:
                if encode:
                    self.images[key] = self._make(key)
                else:
                    self._verify(key)
            except ImageError as exc:
                self.problems.append(exc)
        return self.problems

    def _verdict(self, digest: str) -> Path:
        """The file that says an image with this digest was read whole and is fine: an empty
        file beside its variants in .cache/images/, written by the build and by `check`."""
        return self.cache / f"{digest[:20]}.ok"

    def _verify(self, key: str) -> None:
        raw = (self.root / self.sources[key]).read_bytes()
        verdict = self._verdict(_digest(raw))
        if verdict.is_file():
            return
        _read(key, raw)  # ImageError: not kept, so it is found again until the file is fixed
        _keep(verdict, b"")

    def get(self, key: str | None) -> ResponsiveImage | None:
        return self.images.get(key) if key else None

    def files(self) -> list[Variant]:
        return [v for key in sorted(self.images) for v in self.images[key].variants]

    def _make(self, key: str) -> ResponsiveImage:
        # Pillow only where images are made (a build whose images are cached needs none)
        from PIL import Image

        raw = (self.root / self.sources[key]).read_bytes()
        fmt, image = _read(key, raw)
        digest = _digest(raw)
        if not self._verdict(digest).is_file():
            _keep(self._verdict(digest), b"")  # `check` need not read it again
        if image.mode not in ("RGB", "RGBA", "L", "LA"):
            image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
        widths = sorted({w for w in WIDTHS if w < image.width} | {min(image.width, WIDTHS[-1])})
        posix = PurePosixPath(key)
        variants = []
        for width in widths:
            height = max(1, round(image.height * width / image.width))
            resized: Image.Image | None = None
            for out_fmt in dict.fromkeys(["WEBP", fmt]):
                ext, mime = _FORMATS[out_fmt]
                cached = self.cache / f"{digest[:20]}.{width}.{ext}"
                if cached.is_file():
                    data = cached.read_bytes()  # for its digest; the build copies the file
                else:
                    if resized is None:
                        resized = (image if width == image.width else
                                   image.resize((width, height), Image.Resampling.LANCZOS))
                    data = _encode(resized, out_fmt)
                    _keep(cached, data)
                name = f"{posix.stem}.{width}w.{hashlib.sha256(data).hexdigest()[:10]}.{ext}"
                url = url_of(f"/{ASSETS_DIR}/{posix.parent}/{name}")
                variants.append(Variant(url, width, height, mime, cached))
        largest = variants[-1]
        return ResponsiveImage(key, largest.width, largest.height, tuple(variants))


def _digest(raw: bytes) -> str:
    """An image file's name in the cache: its bytes and how Bantin makes its variants."""
    return hashlib.sha256(raw + _SETTINGS.encode()).hexdigest()


def _keep(path: Path, data: bytes) -> None:
    """Write a file of the cache whole or not at all, also for builds running side by side."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.part")
    partial.write_bytes(data)
    partial.replace(path)


def _read(key: str, raw: bytes) -> tuple[str, Image.Image]:
    """The format and decoded picture of the image file `raw`, upright; ImageError when
    Pillow cannot read it, when it claims more than MAX_PIXELS or when it is damaged."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    with warnings.catch_warnings():
        # Pillow warns from 89 megapixels and refuses from 179: ours is the lower limit
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            opened = Image.open(io.BytesIO(raw))
        except Image.DecompressionBombError:
            # Pillow raises it only while it has a limit: MAX_IMAGE_PIXELS is no None here
            limit = Image.MAX_IMAGE_PIXELS or 0
            raise ImageError(key, msg("the image claims more than %(claimed)s megapixels, "
                                      "%(too_large)s",
                                      claimed=2 * limit // 1_000_000,
                                      too_large=_too_large()), True) from None
        except UnidentifiedImageError as exc:
            raise ImageError(key, msg("Pillow cannot read this image: %(problem)s",
                                      problem=str(exc))) from None
        except Exception as exc:  # noqa: BLE001 - a decoder meeting bytes it does not expect
            raise ImageError(key, _damaged(exc), True) from None
        with opened:
            fmt = opened.format or ""
            if fmt not in _FORMATS:
                raise ImageError(key, msg("%(format)s images are not supported; use JPEG, PNG "
                                          "or WebP", format=fmt or msg("unknown")))
            width, height = opened.size
            if width * height > MAX_PIXELS:
                megapixels = f"{width * height / 1_000_000:.0f}"
                raise ImageError(key, msg("the image is %(width)s × %(height)s px "
                                          "(%(megapixels)s megapixels), %(too_large)s",
                                          width=width, height=height, megapixels=megapixels,
                                          too_large=_too_large()), True)
            try:
                image = ImageOps.exif_transpose(opened)  # phones store rotation in EXIF
                image.load()
            except Exception as exc:  # noqa: BLE001 - truncated or corrupt data, any decoder
                raise ImageError(key, _damaged(exc), True) from None
    return fmt, image


def _damaged(exc: Exception) -> Text:
    return msg("the image file is damaged (%(problem)s), so it cannot be shown whole; open it "
               "in an image editor and save it again, or copy it again from the camera or the "
               "sender", problem=str(exc) or type(exc).__name__)


_IMG = re.compile(r"<img\b([^>]*)>")
_ATTR = re.compile(r'([\w-]+)="([^"]*)"')


def enhance_body(html: str, images: ImageSet, key_of: Callable[[str], str | None],
                 urls: Mapping[str, str]) -> str:
    """The body's <img> of site images as lazy <picture> elements, or at least at their
    fingerprinted URL.

    `key_of(src)` is a written src's key ("/images/x.jpg" -> "images/x.jpg"), `urls` the
    fingerprinted URL of each key. Runs on the sanitiser's output, so what it adds never
    meets the sanitiser.
    """
    if "<img" not in html:
        return html

    def replace(match: re.Match[str]) -> str:
        attrs = {name: value for name, value in _ATTR.findall(match.group(1))}
        written = attrs.get("src", "")
        key = key_of(unescape(written))
        image = images.get(key)
        if image is not None:
            title = f' title="{attrs["title"]}"' if "title" in attrs else ""
            return image.picture(unescape(attrs.get("alt", "")), lazy=True, extra=title)
        url = urls.get(key) if key else None
        if url is None:
            return match.group(0)
        return match.group(0).replace(f'src="{written}"', f'src="{escape(url)}"', 1)

    return _IMG.sub(replace, html)
