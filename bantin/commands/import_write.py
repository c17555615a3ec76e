"""The files an import writes, whatever the old site ran (NukeViet, WordPress, a feed):
front-matter lines, bodies converted with their images and links, authors; the problems of
each item said as warnings naming its file."""

from __future__ import annotations

import html
import json
import posixpath
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..core.diagnostics import Diagnostics
from ..core.html_markdown import Conversion, html_to_markdown
from ..core.messages import Text, msg
from ..model.aliases import alias_key
from ..model.content import source_text
from .import_files import Staging, toml_string

IMAGE_TYPES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".bmp")


def quote(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def plain(text: str) -> str:
    """Text as NukeViet stores it (escaped, sometimes with tags) as one line of text."""
    text = re.sub(r"<[^>]*>", " ", text or "")
    text = html.unescape(html.unescape(text))  # some fields were escaped twice
    return unicodedata.normalize("NFC", re.sub(r"\s+", " ", text).strip())


@dataclass
class Warnings:
    """Warnings of one import, each at its row of the dump, counted by kind."""

    dump: str
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    kinds: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, line: int, where: str, message: Text) -> None:
        self.kinds[kind] = self.kinds.get(kind, 0) + 1
        self.diagnostics.warning(self.dump, line, msg("%(file)s: %(problem)s", file=where,
                                                      problem=message))


@dataclass
class Item:
    """One file to write: its front-matter lines so far, and where its row is."""

    key: str
    path: str
    line: int
    lang: str
    fields: list[str]
    aliases: list[str] = field(default_factory=list)
    prefix: str = ""  # what the body starts with before the converted text


@dataclass
class Media:
    """Copies images and attachments out of the old site's uploads/ folder."""

    uploads: Path | None
    staging: Staging
    warnings: Warnings
    copied: set[str] = field(default_factory=set)

    def local(self, src: str) -> str | None:
        """The path under uploads/ of an address on the old site, else None."""
        parts = urlsplit(src.strip())
        if parts.scheme in ("data", "mailto", "javascript"):
            return None
        path = unicodedata.normalize("NFC", unquote(parts.path))
        marker = path.find("uploads/")
        if marker < 0 or (marker > 0 and path[marker - 1] != "/"):
            return None
        relative = posixpath.normpath(path[marker + len("uploads/"):])
        return None if relative.startswith("..") or relative == "." else relative

    def bring(self, relative: str, folder: str, item: Item) -> str | None:
        """Copy uploads/<relative> into assets/<folder>/; its site address, or None (said).
        A name from the dump that leaves uploads/ (`..`, `/etc/…`, a link out of it) is
        refused: a hacked portal's dump must not read the server's files into the site."""
        relative = posixpath.normpath(relative.replace("\\", "/"))
        if relative.startswith(("/", "..")) or relative == "." or not self._inside(relative):
            self.warnings.add("missing file", item.line, item.path, msg(
                "%(file)s is not a file of the uploads folder: left out", file=relative[:120]))
            return None
        source = self.uploads / relative if self.uploads is not None else None
        target = f"assets/{folder}/{relative}"
        address = f"/{folder}/{relative}"
        if (source is None or not source.is_file()) and target in self.staging.files and (
                self.staging.root / target).is_file():
            return address  # brought by an earlier import, still there
        if source is None or not source.is_file():
            decomposed = source.with_name(unicodedata.normalize("NFD", source.name)) \
                if source is not None else None
            if decomposed is None or not decomposed.is_file():
                self.warnings.add("missing file", item.line, item.path, msg(
                    "uploads/%(file)s is not in the uploads folder given: left out",
                    file=relative) if self.uploads is not None else msg(
                    "uploads/%(file)s left out: no --uploads folder given", file=relative))
                return None
            source = decomposed
        if target not in self.copied:
            state = self.staging.copy(target, source)
            if state == "edited":
                self.warnings.add("kept", item.line, item.path, msg(
                    "%(file)s was changed since it was imported (or is not the import's): "
                    "left as it is", file=target))
            self.copied.add(target)
        return address

    def _inside(self, relative: str) -> bool:
        """Whether uploads/<relative>, links followed, is still in the uploads folder."""
        if self.uploads is None:
            return True
        root = self.uploads.resolve()
        return (root / relative).resolve().is_relative_to(root)

    def image(self, src: str, item: Item) -> str | None:
        relative = self.local(src)
        if relative is None:
            self.warnings.add("image elsewhere", item.line, item.path, msg(
                "the image %(src)s is not on the old site: left out", src=src[:120]))
            return None
        if not relative.lower().endswith(IMAGE_TYPES):
            self.warnings.add("image elsewhere", item.line, item.path, msg(
                "%(src)s is not an image Bantin shows: left out", src=src[:120]))
            return None
        return self.bring(relative, "images", item)


@dataclass
class Links:
    """Old addresses of imported items -> their files, for links in bodies."""

    targets: dict[str, str] = field(default_factory=dict)  # alias key -> content path
    hosts: set[str] | None = None  # the old site's host names; None: any host
    files: dict[str, str] = field(default_factory=dict)  # old path -> /files/ address

    def rewrite(self, href: str, here: str) -> str:
        parts = urlsplit(href)
        if parts.scheme not in ("", "http", "https"):
            return href
        if self.hosts is not None and parts.netloc and parts.netloc.lower() not in self.hosts:
            return href
        path = unicodedata.normalize("NFC", unquote(parts.path))
        target = self.targets.get(alias_key(path)) if path.startswith("/") else None
        if target is None and path in self.files:  # an attached file, brought in
            return self.files[path] + (f"#{parts.fragment}" if parts.fragment else "")
        if target is None:
            return href
        relative = posixpath.relpath(target, posixpath.dirname(here))
        return relative + (f"#{parts.fragment}" if parts.fragment else "")


def convert(body: str, item: Item, media: Media, links: Links, warnings: Warnings,
            alt: str) -> str:
    """A body's HTML as Markdown; each loss and each image without alt text said."""
    def image(src: str, given: str) -> str | None:
        shown = media.image(src, item)
        if shown is not None and not given:
            warnings.add("no alt text", item.line, item.path, msg(
                "the image %(src)s had no alt text: it was given the title; say what it "
                "shows", src=shown))
        return shown

    result: Conversion = html_to_markdown(body, lambda href: links.rewrite(href, item.path),
                                          image, alt)
    text = result.markdown
    if alt:  # alt text left empty took the title: fill it in
        text = text.replace("![](", f"![{alt.replace('[', '(').replace(']', ')')}](")
    for loss in result.losses:
        warnings.add("not in Markdown", item.line, item.path, loss)
    return text


def compose(item: Item, body: str) -> bytes:
    fields = list(item.fields)
    if item.aliases:
        fields.append("aliases:")
        fields.extend(f"  - {quote(alias)}" for alias in item.aliases)
    return source_text(fields, body).encode("utf-8")


def put(staging: Staging, warnings: Warnings, line: int, path: str, data: bytes) -> None:
    """Stage one file; a file edited since the last import (or not the import's) is kept."""
    if staging.write(path, data) == "edited":
        warnings.add("kept", line, path, msg("changed since it was imported, or not written "
                                             "by an import: left as it is"))


def author_file(name: str, role: str, lang: str) -> bytes:
    lines = [f"name = {toml_string(name)}"]
    if role:
        lines += ["", "[role]", f"{lang} = {toml_string(role)}"]
    return ("\n".join(lines) + "\n").encode("utf-8")
