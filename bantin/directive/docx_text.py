"""The text of a Word (.docx) file, laid out as formal_document reads pasted text.

Only the standard library: a .docx is a zip archive whose `word/document.xml` holds the
paragraphs and tables, and `word/footnotes.xml` the footnotes. A table (the two-column
header, "Nơi nhận" beside the signature) gives its cells one after the other, each cell's
paragraphs a line each; a footnote reference becomes a superscript mark, and the footnotes'
texts follow the document as "¹ …" lines, as a PDF's page bottoms would.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

from ..core.messages import Text, msg
from .formal_body import superscript

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MAX_PART = 50 * 1024 * 1024  # bytes of XML, unpacked: far above any real document
_SEPARATORS = {"separator", "continuationSeparator", "continuationNotice"}


class DocxError(ValueError):
    """The file is not a readable .docx; the message says what to do."""

    def __init__(self, message: Text) -> None:
        super().__init__(message)
        self.message = message


def _part(archive: zipfile.ZipFile, name: str) -> ElementTree.Element | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > _MAX_PART:
        raise DocxError(msg("%(part)s in the .docx is over %(size)s MB unpacked; copy the "
                            "document's text into a .txt file instead", part=name,
                            size=_MAX_PART // 2**20))
    data = archive.read(info)
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:  # Word never writes these
        raise DocxError(msg("%(part)s in the .docx declares entities; copy the document's "
                            "text into a .txt file instead", part=name))
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise DocxError(msg("%(part)s in the .docx is not valid XML (%(problem)s); save the "
                            "document again from Word, or copy its text into a .txt file",
                            part=name, problem=str(exc))) from None


def docx_text(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            document = _part(archive, "word/document.xml")
            footnotes = _part(archive, "word/footnotes.xml")
    except zipfile.BadZipFile:
        raise DocxError(msg("not a .docx file (not a zip archive); save it from Word as .docx, "
                            "or copy its text into a .txt file")) from None
    if document is None or document.find(f"{_W}body") is None:
        raise DocxError(msg("no word/document.xml with a body in the .docx; save it from Word "
                            "as .docx, or copy its text into a .txt file"))
    reader = _Reader(_footnote_texts(footnotes))
    for block in document.find(f"{_W}body") or ():
        reader.block(block)
    lines = reader.lines
    if reader.labels:
        lines.append("")
        lines += [f"{superscript(label)} {reader.notes[key]}"
                  for key, label in reader.labels.items()]
    return "\n".join(lines) + "\n"


def _footnote_texts(footnotes: ElementTree.Element | None) -> dict[str, str]:
    texts: dict[str, str] = {}
    for note in footnotes.iter(f"{_W}footnote") if footnotes is not None else ():
        if note.get(f"{_W}type") in _SEPARATORS:
            continue
        reader = _Reader({})
        for block in note:
            reader.block(block)
        texts[note.get(f"{_W}id", "")] = " ".join(" ".join(reader.lines).split())
    return texts


class _Reader:
    def __init__(self, notes: dict[str, str]) -> None:
        self.notes = notes
        self.labels: dict[str, str] = {}  # footnote id -> its number, in order of reference
        self.lines: list[str] = []

    def block(self, element: ElementTree.Element) -> None:
        if element.tag == f"{_W}p":
            self.lines += self.paragraph(element).split("\n")
        elif element.tag == f"{_W}tbl":
            for row in element.iter(f"{_W}tr"):
                for cell in row.findall(f"{_W}tc"):
                    for child in cell:
                        self.block(child)
            self.lines.append("")
        elif element.tag == f"{_W}sdt":  # a content control: its content is text as well
            for child in element.iter(f"{_W}sdtContent"):
                for inner in child:
                    self.block(inner)

    def paragraph(self, paragraph: ElementTree.Element) -> str:
        pieces: list[str] = []
        for run in paragraph.iter(f"{_W}r"):
            align = run.find(f"{_W}rPr/{_W}vertAlign")
            raised = align is not None and align.get(f"{_W}val") == "superscript"
            for item in run:
                if item.tag == f"{_W}t" and item.text:
                    text = item.text
                    pieces.append(superscript(text) if raised and text.isdigit() else text)
                elif item.tag == f"{_W}tab":
                    pieces.append("\t")
                elif item.tag in (f"{_W}br", f"{_W}cr"):
                    pieces.append("\n")
                elif item.tag == f"{_W}footnoteReference":
                    key = item.get(f"{_W}id", "")
                    if key in self.notes:
                        label = self.labels.setdefault(key, str(len(self.labels) + 1))
                        pieces.append(superscript(label))
        return "".join(pieces)
