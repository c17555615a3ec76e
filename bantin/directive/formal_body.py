"""The body of a formal document as Markdown: numbered section headings, lists, footnotes,
and the sentences that a page break (a page number, the page's footnotes) cut in two.

Text copied out of a PDF keeps each page's bottom: the footnotes (`¹ Kết luận số …`) and the
page number land between the last line of one page and the first of the next, often in the
middle of a sentence. They are taken out first (`take_footnotes`), and the cut sentence is
joined again where it shows: a paragraph that stops without a full stop, or a line that goes
on in lower case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_FROM_SUPERSCRIPT = str.maketrans(SUPERSCRIPTS, "0123456789")
_TO_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPTS)

# A footnote's text at the bottom of a page: "¹ Kết luận số 57-KL/TW …" (or "¹Kết luận").
_DEFINITION = re.compile(rf"^\s*([{SUPERSCRIPTS}]+)\s*(\S.*)$")
# A footnote mark after a word or punctuation: "34-NQ/TW²", "mới¹²,".
_MARK = re.compile(rf"(?<=\S)[{SUPERSCRIPTS}]+")
# m², km³ …: units, not footnotes.
_UNIT = re.compile(r"(?:^|[\s\d(])(?:[kcdm]?m)$")
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-–]\s*)?(?:Trang\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?(?:\s*[-–])?\s*$")
_SEPARATOR = re.compile(r"^[\s*_=\-–—.·]*$")

# Section markers, from the top level down: "I.", "II-"; "1.", "1)"; "1.1."; "a)", "b.".
_ROMAN = re.compile(r"^([IVXL]{1,7})\s*[.\-–)/]\s*(?=\S)")
_ARABIC = re.compile(r"^(\d{1,2})\s*(?:[.)]\s*|[-–]\s+)(?=[^\W\d_])")
_DOTTED = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.?\s*(?=[^\W\d_])")
_LETTER = re.compile(r"^([a-zđ])\s*[).]\s*(?=[^\W\d_])")
_LEVELS = ("roman", "arabic", "dotted", "letter")
_BULLET = re.compile(r"^([-–•*+])\s+(?=\S)")
# What ends a paragraph: a full stop and the like, maybe inside closing quotes or brackets.
_ENDS = re.compile(r"[.:;!?…][\s\"'”’)\]»*]*$")
# Text Markdown would otherwise read as a list, a heading or a quotation.
_MARKDOWN_START = re.compile(r"^(?:\d+[.)](?=\s|$)|#|>|[-+*](?=\s|$))")


@dataclass(frozen=True, slots=True)
class Block:
    kind: str  # "heading", "item" (a "- " line), "subitem" (a "+ " line), "paragraph"
    text: str
    level: str = ""  # a heading's marker kind, one of _LEVELS


# "…; thực hiện …" or "…, thực hiện …" inside an opening that starts with "Căn cứ"
_CARRIES_OUT = re.compile(r"[;,]\s*thực hiện\s")


@dataclass(frozen=True, slots=True)
class Body:
    blocks: tuple[Block, ...]
    footnotes: dict[str, str]  # label ("1", "12") -> text, in the order of the text

    def opening(self) -> list[str]:
        """The paragraphs before the first heading that begin "Thực hiện …", without their
        footnote marks (a number right before one would not be read as a number)."""
        found = []
        for block in self.blocks:
            if block.kind == "heading":
                break
            if block.text.startswith("Thực hiện"):
                found.append(_MARK.sub("", block.text))
            elif (carried := _CARRIES_OUT.search(block.text)) is not None:
                # "Căn cứ X; thực hiện Y …": X is the legal basis, Y what this carries out
                found.append(_MARK.sub("", block.text[carried.end():]))
        return found

    def marks_without_text(self) -> list[str]:
        """Footnote marks in the text that no footnote text was found for, in order."""
        missing: list[str] = []
        for block in self.blocks:
            for mark in _marks(block.text):
                label = mark.group().translate(_FROM_SUPERSCRIPT)
                if label not in self.footnotes and label not in missing:
                    missing.append(label)
        return missing

    def markdown(self) -> str:
        present = [level for level in _LEVELS
                   if any(b.kind == "heading" and b.level == level for b in self.blocks)]
        lines: list[str] = []
        previous = ""
        under_item = False  # "+ " lines nest under a "- " item; without one they are the list
        for block in self.blocks:
            text = self._with_footnotes(block.text)
            listed = block.kind in ("item", "subitem")
            under_item = block.kind == "item" or (under_item and block.kind == "subitem")
            if block.kind == "heading":
                line = f"{'#' * min(2 + present.index(block.level), 6)} {text}"
            elif block.kind == "subitem" and under_item:
                line = f"  - {text}"
            elif listed:
                line = f"- {text}"
            else:
                line = _escape_start(text)
            if lines and not (listed and previous in ("item", "subitem")):
                lines.append("")  # a list's items stay together; other blocks stand apart
            lines.append(line)
            previous = block.kind
        if self.footnotes:
            lines.append("")
            lines += [f"[^{label}]: {text}" for label, text in self.footnotes.items()]
        return "\n".join(lines) + "\n" if lines else ""

    def _with_footnotes(self, text: str) -> str:
        def replace(match: re.Match[str]) -> str:
            label = match.group().translate(_FROM_SUPERSCRIPT)
            return f"[^{label}]" if label in self.footnotes else match.group()

        pieces, last = [], 0
        for match in _marks(text):
            pieces += [text[last:match.start()], replace(match)]
            last = match.end()
        return "".join(pieces) + text[last:]


def _marks(text: str) -> list[re.Match[str]]:
    return [m for m in _MARK.finditer(text)
            if not (m.group() in "²³" and _UNIT.search(text, max(0, m.start() - 4), m.start()))]


def superscript(label: str) -> str:
    return label.translate(_TO_SUPERSCRIPT)


def _escape_start(text: str) -> str:
    match = _MARKDOWN_START.match(text)
    if not match:
        return text
    end = match.end() - 1 if match.group()[-1] in ".)" else match.start()
    return text[:end] + "\\" + text[end:]


def take_footnotes(lines: list[str]) -> tuple[list[str], dict[str, str]]:
    """The lines without the footnote texts a page bottom left among them, and those texts.

    A footnote's text runs on over the next lines until a blank line, the next footnote or
    a full stop. Where one was taken out, an empty line is left, so that what follows is
    read as the rest of the cut sentence, not a new line of it.
    """
    kept: list[str] = []
    parts: dict[str, list[str]] = {}  # label -> its lines, joined at the end
    current: list[str] | None = None
    for line in lines:
        match = _DEFINITION.match(line)
        if match:
            label = match.group(1).translate(_FROM_SUPERSCRIPT)
            # Pages numbered on their own give a number twice: the first text stays.
            current = None if label in parts else parts.setdefault(label, [])
            if current is not None:
                current.append(match.group(2).strip())
            continue
        stripped = line.strip()
        if current and stripped and not _ENDS.search(current[-1]):
            current.append(stripped)
            continue
        if current is not None:
            kept.append("")
        current = None
        kept.append(line)
    return kept, {label: " ".join(texts) for label, texts in parts.items()}


def _heading_level(text: str) -> tuple[str, str]:
    """(marker kind, "") for a numbered section heading; ("", why-not) otherwise."""
    for level, pattern in zip(_LEVELS, (_ROMAN, _ARABIC, _DOTTED, _LETTER), strict=True):
        match = pattern.match(text)
        if match:
            rest = text[match.end():]
            caps = rest == rest.upper()
            long = len(rest) > (200 if level == "roman" or caps else 120)
            sentence = bool(re.search(r"[.;,]\s*$|\.\s+\S", rest)) and not caps
            return (level, "") if not (long or sentence) else ("", level)
    return "", ""


def ends_sentence(text: str) -> bool:
    """Whether a line ends a sentence or a clause: "như sau:", "năm 2021.", "Tỉnh ủy./."."""
    return _ENDS.search(text) is not None


def is_caps(text: str) -> bool:
    """All in capitals (two letters at least): "BAN THƯỜNG VỤ", "T/M", not "Ban"."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and not any(c.islower() for c in letters)


def parse_body(lines: list[str], footnotes: dict[str, str]) -> Body:
    """The body's lines (footnote texts already taken out) as blocks."""
    # (kind, lines, level): a block's lines are joined once, at the end, so that a paragraph
    # of many lines costs no more than its length.
    blocks: list[tuple[str, list[str], str]] = []
    gap = False  # a blank line (or a page bottom) since the last block
    for raw in lines:
        text = " ".join(raw.split())
        if not text or _SEPARATOR.match(text) or _PAGE_NUMBER.match(text):
            gap = True
            continue
        level, numbered = _heading_level(text)
        bullet = _BULLET.match(text)
        last = blocks[-1] if blocks else None
        if level:
            blocks.append(("heading", [text], level))
        elif bullet:
            kind = "subitem" if bullet.group(1) == "+" else "item"
            blocks.append((kind, [text[bullet.end():]], ""))
        elif (last is not None and last[0] != "heading" and not numbered
              and _continues(last[1][-1], text, gap)):
            last[1].append(text)
        else:
            blocks.append(("paragraph", [text], ""))
        gap = False
    return Body(tuple(Block(kind, " ".join(parts), level) for kind, parts, level in blocks),
                footnotes)


def _continues(before: str, text: str, gap: bool) -> bool:
    """Whether `text` goes on with the paragraph whose last line is `before` (a line or a
    page break cut it). A line in capitals is never joined, so neither is one after it."""
    if is_caps(before) or is_caps(text):
        return False  # "QUYẾT ĐỊNH:", "THỦ TƯỚNG CHÍNH PHỦ": lines of their own
    if not _ENDS.search(before):
        return True
    return not gap and text[0].islower()
