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
import binascii
import contextlib
import json
import os
import re
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from .messages import Text, msg
from .page import Page
from .text import fold

BUNDLE_DIR = "pagefind"  # /pagefind/pagefind.js, /pagefind/index/…
FOLDED_ANCHOR = "#khong-dau"  # "without marks": the twin's URL is the page's plus this
_NEEDS_TWIN = re.compile("[đĐðÐ]")
_SHOWN_META = re.compile(r'data-pagefind-meta="(date|kind):([^"]*)"')
_SHOWN_META_TEXT = re.compile(r'data-pagefind-meta="(date|kind)">([^<]*)<')
# Pagefind's ready-made interfaces; the search page has its own (assets/js/search.js).
_UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
           "pagefind-modular-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
           "pagefind-highlight.js")
_BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr", "dt", "dd",
           "br", "figcaption", "blockquote", "section", "header", "footer", "article", "pre"}
_VOID = {"br", "img", "hr", "input", "meta", "link", "source", "wbr"}


class SearchIndexError(Exception):
    """Pagefind could not build the index (its binary is missing or failed)."""

    def __init__(self, message: Text) -> None:
        super().__init__(message)
        self.message = message


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
    meta = {"title": result_title(page), "text": text}
    # The date and kind a result shows, as the page gives them to Pagefind (its layout's
    # data-pagefind-meta): the twin is shown in the page's place.
    for name, value in _SHOWN_META.findall(html):
        meta.setdefault(name, unescape(value))
    for name, value in _SHOWN_META_TEXT.findall(html):
        meta.setdefault(name, unescape(value).strip())
    return {
        "url": page.url + FOLDED_ANCHOR,
        "content": fold(text),
        "language": page.lang,
        "meta": meta,
    }


class _Pagefind:
    """Pagefind's service mode (`pagefind --service`): one process, one index.

    This is the protocol Pagefind's own Python and Node wrappers speak: JSON messages in
    base64, each ended by a comma, on stdin and stdout. Bantin speaks it directly because
    the Python wrapper polls for each answer after a 0.1 s sleep, which would make indexing
    a 10,000-page site take many minutes. The service handles one message at a time and
    answers in order, so pages are posted without waiting for their answers (up to _AHEAD
    of them): Bantin reads and folds the next page while Pagefind parses this one.
    """

    _AHEAD = 64  # answers owed at most; bounds the messages queued inside Pagefind

    def __init__(self) -> None:
        from pagefind.service import get_executable

        binary = get_executable()
        if binary is None:
            raise SearchIndexError(msg("the Pagefind binary was not found: install the site's "
                                       "packages again (./scripts/setup), or build with "
                                       "--no-search"))
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in close())
        self._process = subprocess.Popen([str(binary), "--service"], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=self._log)
        self._buffer = bytearray()
        self._last_id = 0
        self._owed = 0  # answers not read yet

    def post(self, payload: dict[str, Any]) -> None:
        """Send a request; its answer is read (and an error raised) later."""
        assert self._process.stdin is not None
        self._last_id += 1
        message = {"message_id": self._last_id, "payload": payload}
        try:
            self._process.stdin.write(base64.b64encode(json.dumps(message).encode()) + b",")
        except BrokenPipeError as exc:
            raise self._stopped() from exc
        self._owed += 1
        while self._owed > self._AHEAD:
            self._answer()

    def send(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Send a request and return its answer, once every earlier one is answered."""
        self.post(payload)
        while True:
            answer = self._answer()
            if not self._owed:
                return answer

    def _answer(self) -> dict[str, Any]:
        assert self._process.stdin is not None
        try:
            self._process.stdin.flush()  # what is owed must reach Pagefind before we wait
        except BrokenPipeError as exc:
            raise self._stopped() from exc
        response = self._read()
        self._owed -= 1
        answer: dict[str, Any] = response["payload"]
        if answer.get("type") == "Error" or response.get("message_id") is None:
            raise SearchIndexError(msg("Pagefind: %(problem)s", problem=str(answer.get("message"))))
        return answer

    def _read(self) -> dict[str, Any]:
        """The next message. The bundle comes as one message of many megabytes: it grows
        in one buffer, and only what is new is searched for the closing comma."""
        assert self._process.stdout is not None
        stream = self._process.stdout.fileno()
        searched = 0
        while (end := self._buffer.find(b",", searched)) < 0:
            searched = len(self._buffer)
            chunk = os.read(stream, 1 << 20)
            if not chunk:
                raise self._stopped()
            self._buffer += chunk
        with memoryview(self._buffer) as view:
            message = binascii.a2b_base64(view[:end])  # without a copy of the base64 first
        del self._buffer[:end + 1]
        result: dict[str, Any] = json.loads(message)
        return result

    def _stopped(self) -> SearchIndexError:
        self._log.seek(0)
        said = self._log.read().decode("utf-8", "replace").strip()
        return SearchIndexError(msg("Pagefind stopped: %(problem)s",
                                    problem=said or msg("no message")))

    def close(self) -> None:
        """End the service: it exits as soon as its input ends."""
        if self._process.stdin is not None:
            with contextlib.suppress(BrokenPipeError):  # it has stopped already
                self._process.stdin.close()
        try:
            self._process.wait(timeout=600)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._log.close()


def _index_language(pages: Sequence[Page], read_html: Callable[[Page], str]
                    ) -> tuple[list[tuple[str, bytes]], int]:
    """The bundle's files and the record count for pages of one language."""
    service = _Pagefind()
    try:
        index_id = service.send({"type": "NewIndex", "config": {}})["index_id"]
        records = 0
        for page in pages:
            html = read_html(page)
            service.post({"type": "AddFile", "index_id": index_id, "url": page.url,
                          "file_path": None, "file_contents": html})
            records += 1
            twin = folded_twin(page, html)
            if twin is not None:
                service.post({"type": "AddRecord", "index_id": index_id, "filters": None,
                              "sort": None, **twin})
                records += 1
        # The files come back in the answer and are written by Bantin: Pagefind's own
        # WriteFiles answers before its writes have finished (Pagefind issue #1271), and
        # the service exits the moment its input ends, so a file could be cut short.
        files = service.send({"type": "GetFiles", "index_id": index_id})["files"]
        return _bundle(files), records
    finally:
        service.close()


def _index(pages: Sequence[Page], read_html: Callable[[Page], str]
           ) -> tuple[list[tuple[str, bytes]], int]:
    """Each language in a Pagefind process of its own, one after the other.

    Pagefind indexes each language on its own anyway: a language's files depend on that
    language's records alone, in the order they were added, so the bundle is the same,
    byte for byte, as one process indexing every page would write. But Pagefind keeps
    every record until the end, several times over while it builds the files; one
    language at a time, its memory peaks at the largest language's share of the site.
    """
    by_language: dict[str, list[Page]] = {}
    for page in pages:
        by_language.setdefault(page.lang, []).append(page)
    found: dict[str, bytes] = {}
    languages: dict[str, Any] = {}
    records = 0
    for group in by_language.values() or [[]]:  # no pages: still the script and the entry
        files, added = _index_language(group, read_html)
        records += added
        for relative, data in files:
            if relative == "pagefind-entry.json":
                entry = json.loads(data)
                if languages.keys() & entry["languages"].keys():
                    raise SearchIndexError(msg(
                        "pages of two languages were indexed as %(langs)s: a page's <html lang> "
                        "must be its language", langs=str(sorted(entry["languages"]))))
                languages.update(entry.pop("languages"))
                data = _entry({**entry, "languages": languages})
            elif found.get(relative, data) != data:
                raise SearchIndexError(msg("Pagefind made two versions of %(file)s",
                                           file=relative))
            found[relative] = data
    return sorted(found.items()), records


def _entry(entry: dict[str, Any]) -> bytes:
    """pagefind-entry.json with its keys sorted: Pagefind lists languages in hash-map order,
    and the same site must give the same bytes."""
    return json.dumps(entry, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode("utf-8")


def _bundle(files: list[dict[str, str]]) -> list[tuple[str, bytes]]:
    """(path under pagefind/, bytes) of every file of the bundle the site uses."""
    found = []
    while files:
        item = files.pop()  # each file's base64 is let go as soon as it is decoded
        relative = Path(item["path"])
        if relative.name in _UNUSED or relative.is_absolute() or ".." in relative.parts \
                or relative.parts[:1] == ("playground",):
            continue
        found.append((relative.as_posix(), base64.b64decode(item["content"])))
    return found


def index_files(pages: Sequence[Page], read_html: Callable[[Page], str]
                ) -> tuple[list[tuple[str, bytes]], int]:
    """The bundle's files (path under pagefind/, bytes) for these pages, whose HTML
    `read_html` gives, and the record count; the caller writes them."""
    try:
        return _index(pages, read_html)
    except (OSError, ValueError, KeyError) as exc:
        raise SearchIndexError(msg("Pagefind could not build the search index: %(problem)s; "
                                   "is `pagefind[bin]` installed?", problem=str(exc))) from exc
