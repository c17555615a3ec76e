"""The search index: Pagefind over exactly the pages a build wrote, one index per language.

Pagefind splits the index by `<html lang>` and matches words with or without tones, but it
does not fold đ into d (đ is a letter of its own, not d plus a mark), so "doi ngoai" would
miss "đối ngoại". Each page whose text has a đ therefore gets a folded twin: a custom record
at the page's URL plus FOLDED_ANCHOR, holding the text with every mark and đ folded. Readers
never see that text: the search page shows a twin's result with the page's own title and an
excerpt cut from the unfolded text kept in the twin's `text` meta (assets/js/search.js).
"""

from __future__ import annotations

import base64
import json
import re
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from .site import Page
from .text import fold

BUNDLE_DIR = "pagefind"  # /pagefind/pagefind.js, /pagefind/index/…
FOLDED_ANCHOR = "#khong-dau"  # "without marks": the twin's URL is the page's plus this
_NEEDS_TWIN = re.compile("[đĐðÐ]")
# Pagefind's ready-made interfaces; the search page has its own (assets/js/search.js).
_UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
           "pagefind-modular-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
           "pagefind-highlight.js")
_BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr", "dt", "dd",
           "br", "figcaption", "blockquote", "section", "header", "footer", "article", "pre"}
_VOID = {"br", "img", "hr", "input", "meta", "link", "source", "wbr"}


class SearchIndexError(Exception):
    """Pagefind could not build the index (its binary is missing or failed)."""


class _BodyText(HTMLParser):
    """The text Pagefind indexes: inside data-pagefind-body, outside data-pagefind-ignore."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, in body, ignored)
        self.parts: list[str] = []

    def _state(self) -> tuple[bool, bool]:
        return (self.stack[-1][1], self.stack[-1][2]) if self.stack else (False, False)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        body, ignored = self._state()
        if tag in _BLOCKS:
            self.parts.append("\n")
        if tag in _VOID:
            return
        self.stack.append((tag, body or "data-pagefind-body" in names,
                           ignored or "data-pagefind-ignore" in names
                           or tag in ("script", "style", "template")))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        body, ignored = self._state()
        if body and not ignored:
            self.parts.append(data)


def body_text(html: str) -> str:
    """The readable text of a page's indexed part, one line per block."""
    parser = _BodyText()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def result_title(page: Page) -> str:
    """The title a result shows; a document's number comes first, as in layouts/directive.html."""
    if page.kind == "directive" and page.meta.number:
        return f"{page.meta.number} – {page.title}"
    return page.title


def folded_twin(page: Page, html: str) -> dict[str, object] | None:
    """The custom record that lets "doi ngoai" find "đối ngoại", or None when not needed."""
    text = body_text(html)
    if not _NEEDS_TWIN.search(text):
        return None
    return {
        "url": page.url + FOLDED_ANCHOR,
        "content": fold(text),
        "language": page.lang,
        "meta": {"title": result_title(page), "text": text},
    }


class _Pagefind:
    """Pagefind's service mode (`pagefind --service`), spoken one request at a time.

    This is the protocol Pagefind's own Python and Node wrappers speak: JSON messages in
    base64, each ended by a comma, on stdin and stdout. Bantin speaks it directly because
    the Python wrapper polls for each answer after a 0.1 s sleep, which would make indexing
    a 10,000-page site take many minutes; here an answer is read as soon as it is written.
    """

    def __init__(self) -> None:
        from pagefind.service import get_executable

        binary = get_executable()
        if binary is None:
            raise SearchIndexError("the Pagefind binary was not found")
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in close())
        self._process = subprocess.Popen([str(binary), "--service"], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=self._log)
        self._buffer = b""
        self._last_id = 0

    def send(self, payload: dict[str, Any]) -> dict[str, Any]:
        assert self._process.stdin is not None
        self._last_id += 1
        message = {"message_id": self._last_id, "payload": payload}
        self._process.stdin.write(base64.b64encode(json.dumps(message).encode()) + b",")
        self._process.stdin.flush()
        while True:
            response = self._read()
            if response is not None and response.get("message_id") in (self._last_id, None):
                break
        answer: dict[str, Any] = response["payload"]
        if answer.get("type") == "Error":
            raise SearchIndexError(f"Pagefind: {answer.get('message')}")
        return answer

    def _read(self) -> dict[str, Any] | None:
        assert self._process.stdout is not None
        while b"," not in self._buffer:
            chunk = self._process.stdout.read1(1 << 16)
            if not chunk:
                self._log.seek(0)
                said = self._log.read().decode("utf-8", "replace").strip()
                raise SearchIndexError(f"Pagefind stopped: {said or 'no message'}")
            self._buffer += chunk
        raw, _, self._buffer = self._buffer.partition(b",")
        result: dict[str, Any] | None = json.loads(base64.b64decode(raw))
        return result

    def close(self) -> None:
        """End the service once it is done: it may still be writing files after it answered."""
        if self._process.stdin is not None:
            self._process.stdin.close()
        try:
            self._process.wait(timeout=600)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._log.close()


def _index(pages: Sequence[Page], read_html: Callable[[Page], str]
           ) -> tuple[list[tuple[str, bytes]], int]:
    service = _Pagefind()
    try:
        index_id = service.send({"type": "NewIndex", "config": {}})["index_id"]
        records = 0
        for page in pages:
            html = read_html(page)
            service.send({"type": "AddFile", "index_id": index_id, "url": page.url,
                          "file_path": None, "file_contents": html})
            records += 1
            twin = folded_twin(page, html)
            if twin is not None:
                service.send({"type": "AddRecord", "index_id": index_id, "filters": None,
                              "sort": None, **twin})
                records += 1
        # The files come back in the answer and are written by Bantin: Pagefind's own
        # WriteFiles answers before its writes have finished, and a file could be cut short.
        files = service.send({"type": "GetFiles", "index_id": index_id})["files"]
        return _bundle(files), records
    finally:
        service.close()


def _bundle(files: list[dict[str, str]]) -> list[tuple[str, bytes]]:
    """(path under pagefind/, bytes) of every file of the bundle the site uses."""
    found = []
    for item in files:
        relative = Path(item["path"])
        if relative.name in _UNUSED or relative.is_absolute() or ".." in relative.parts \
                or relative.parts[:1] == ("playground",):
            continue
        data = base64.b64decode(item["content"])
        if relative.as_posix() == "pagefind-entry.json":
            # Languages come in hash-map order; sorted, the same site gives the same bytes.
            data = json.dumps(json.loads(data), ensure_ascii=False, sort_keys=True,
                              separators=(",", ":")).encode("utf-8")
        found.append((relative.as_posix(), data))
    return sorted(found)


def index_files(pages: Sequence[Page], read_html: Callable[[Page], str]
                ) -> tuple[list[tuple[str, bytes]], int]:
    """The bundle's files (path under pagefind/, bytes) for these pages, whose HTML
    `read_html` gives, and the record count; the caller writes them."""
    try:
        return _index(pages, read_html)
    except (OSError, ValueError, KeyError) as exc:
        raise SearchIndexError(f"Pagefind could not build the search index: {exc}; "
                               "is `pagefind[bin]` installed?") from exc
