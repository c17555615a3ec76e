"""Old addresses of a page (front-matter `aliases:`): each written as the one path it names.

An alias is a path on this site's host that used to show the page: an imported portal's
`/tin-hoat-dong/khai-mac-le-hoi-24.html`, or the URL a page had before its slug changed.
The build answers each with a permanent redirect (bantin/rendering/redirects.py). Here an
alias is only read: percent-encoding decoded, NFC, and refused when no static host could
serve a file at that path.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from ..core.diagnostics import Diagnostic
from ..core.messages import Text, msg
from ..core.text import NotText, normalize_source
from ..core.toml_lines import TomlLines

# The longest name a file system takes (ext4, XFS, NTFS: 255 bytes), and a path's length
# well under every host's limit (Cloudflare Pages: 1,000 characters a rule).
MAX_NAME_BYTES = 255
MAX_PATH = 900
# What browsers send as they are in a path; anything else they percent-encode (WHATWG URL's
# path percent-encode set), and so must a redirect rule that is to match it.
PATH_SAFE = "/!$&'()*+,;=:@~"


def read_alias(text: str) -> str | Text:
    """The alias as it names its file ("/tag/l%E1%BB%85-h%E1%BB%99i" -> "/tag/lễ-hội/"), or
    what is wrong with it. A path whose last part has no dot names a folder and ends in "/"
    (as hosts answer `/a/b` and `/a/b/` alike); one with a dot names a file."""
    if text.startswith(("http://", "https://", "//")):
        path = urlsplit(text).path or "/"
        return msg("must be a path on this site, without the scheme and host: write %(path)s",
                   path=repr(path))
    if not text.startswith("/"):
        return msg("must be a path starting with /, e.g. /tin-tuc/khai-mac-le-hoi-24.html; "
                   "got %(value)s", value=repr(text))
    if "?" in text or "#" in text:
        return msg("cannot hold `?` or `#`: a static site answers a path, never the query "
                   "or the fragment after it; write the path alone, e.g. %(path)s",
                   path=repr(text.split("?")[0].split("#")[0]))
    try:
        path = unquote(text, errors="strict")
    except UnicodeDecodeError:
        return msg("has percent-encoding that is not UTF-8 text; write the letters "
                   "themselves, e.g. /tag/lễ-hội")
    path = unicodedata.normalize("NFC", path)
    if any(char in "?#\\" or ord(char) < 0x20 or ord(char) == 0x7F for char in path):
        return msg("holds `?`, `#`, `\\` or a control character once decoded, which no file "
                   "name on a web server may: write the path without it")
    if len(path) > MAX_PATH:
        return msg("is %(length)s characters long; an alias may be at most %(most)s",
                   length=len(path), most=MAX_PATH)
    parts = path[1:].split("/")
    folder = parts[-1] == "" or "." not in parts[-1]
    if parts[-1] == "":
        parts.pop()
    for part in parts:
        if part in ("", ".", ".."):
            return msg("has an empty, `.` or `..` part; write the path as the browser shows "
                       "it, e.g. /tin-tuc/khai-mac-le-hoi-24.html")
        if len(part.encode("utf-8")) > MAX_NAME_BYTES:
            return msg("has a part of over %(most)s bytes, longer than any file name can be",
                       most=MAX_NAME_BYTES)
    return "/" + "/".join(parts) + ("/" if folder and parts else "")


def alias_url(path: str) -> str:
    """The alias as browsers request it: percent-encoded where they encode."""
    return quote(path, safe=PATH_SAFE)


def alias_key(path: str) -> str:
    """Two aliases are one when their keys are: a folder address with or without its `/`."""
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return path.rstrip("/") + "/" if path.endswith("/") or "." not in last else path


ALIASES_FILE = "content/aliases.toml"


@dataclass(frozen=True, slots=True)
class Moved:
    """An old address of a listing, a feed or a section (content/aliases.toml): pages have
    `aliases:` of their own; what no file holds is moved here, old path = the site's URL."""

    path: str  # as read_alias gives it
    target: str  # a URL of this site, percent-encoded as outputs are
    line: int


def load_moved(root: Path) -> tuple[tuple[Moved, ...], list[Diagnostic]]:
    """The entries of content/aliases.toml, each checked at its line (the targets are
    checked against the site's outputs once it is planned: rendering/redirects.py)."""
    problems: list[Diagnostic] = []
    file = root / ALIASES_FILE
    if not file.is_file():
        return (), problems
    try:
        text = normalize_source(file.read_bytes())
        data = tomllib.loads(text)
    except NotText as exc:
        return (), [Diagnostic(ALIASES_FILE, exc.line, "error", exc.message)]
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        return (), [Diagnostic(ALIASES_FILE, int(match.group(1)) if match else 1, "error",
                               msg("this is not valid TOML (%(problem)s): write each old "
                                   'address as "/old/path.html" = "/vi/chuyen-muc/x/"',
                                   problem=str(exc)))]
    lines = TomlLines(text)
    found = []
    for key, value in data.items():
        line = lines.line((), key)
        path = read_alias(key)
        if not isinstance(path, str):
            problems.append(Diagnostic(ALIASES_FILE, line, "error", msg(
                "the old address %(key)s %(problem)s", key=repr(key), problem=path)))
            continue
        if not isinstance(value, str) or not value.startswith("/") or value.startswith("//"):
            problems.append(Diagnostic(ALIASES_FILE, line, "error", msg(
                "the old address %(key)s must lead to an address of this site, written as "
                'text: "%(key)s" = "/vi/chuyen-muc/tin-hoat-dong/"', key=key)))
            continue
        target = quote(unquote(value.split("#")[0].split("?")[0]), safe="/")
        found.append(Moved(path, target, line))
    return tuple(found), problems
