"""A formal Party or State document, from its text, split into the parts its layout fixes.

The layout (Hướng dẫn 36-HD/VPTW for the Party, Nghị định 30/2020/NĐ-CP for the State):
a two-column header — on the left the superior body, the issuing body and the number ("Số 06
- HD/ĐUK"); on the right the nation line ("ĐẢNG CỘNG SẢN VIỆT NAM" or "CỘNG HÒA XÃ HỘI CHỦ
NGHĨA VIỆT NAM / Độc lập - Tự do - Hạnh phúc") and the place and date — then the kind in
capitals ("HƯỚNG DẪN") with the subject below it, the body, and at the end "Nơi nhận:" with
its list beside the signature block ("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", the name).

Copied out of a PDF or Word file, the two columns come out side by side on one line, one
after the other, or split by tabs; so the header is read as segments (split at tabs, wide
gaps, the nation lines, the number and the date) and each segment is put where it belongs.
Only what the text states is taken: no field is guessed. Every step looks at each line a
bounded number of times, with patterns that cannot backtrack far.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from ..core.text import normalize_source
from ..model.directives import KINDS, LAW, DirectiveNumber, Kind, find_numbers, kind_named
from ..model.document import Signer
from .formal_body import Body, ends_sentence, is_caps, parse_body, take_footnotes


@dataclass(frozen=True, slots=True)
class FormalDocument:
    number: DirectiveNumber | None
    kind: Kind | None  # from the kind word in capitals; None when the text has none
    title: str  # the subject (trích yếu), "" when none
    issuer_parent: str
    issuer: str
    place: str
    date: date | None
    date_text: str  # "ngày 30 tháng 2 năm 2021" as written, also when it is no real date
    signer: Signer | None
    recipients: tuple[str, ...]
    body: Body


# Kind names in capitals, longest first ("THÔNG TƯ LIÊN TỊCH" before "THÔNG TƯ").
_KIND_WORDS = sorted({k.vi.upper() for k in (*KINDS.values(), LAW)} | {"THÔNG TRI"},
                     key=len, reverse=True)
_LONG_LINE = 200  # longer lines are body text, never part of the header or the signature
_SUBJECT_LINES = 8  # a subject runs to a few lines; more are the body's
_SEGMENT_SPLIT = re.compile(r"\t+| {2,}|\u00a0{2,}")
# Nation lines, matched on folded lower-case text ("CÔNG" typed for "CỘNG" folds alike).
_NATION = re.compile(r"dang\s+cong\s+san\s+viet\s+nam|cong\s+hoa\s+xa\s+hoi\s+chu\s+nghia\s+"
                     r"viet\s+nam|doc\s+lap\s*[-–—]\s*tu\s+do\s*[-–—]\s*hanh\s+phuc")
_DATE = re.compile(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})")
_UNFILLED_DATE = re.compile(r"ngay\s*[.…_ ]*\s*thang\s*[.…_ ]*\s*nam")
_NUMBER_LABEL = re.compile(r"^s[oố]\s*[:.]?\s*", re.IGNORECASE)
_OPENERS = ("Thực hiện", "Căn cứ", "Để ", "Nhằm ", "Triển khai")
_ON_BEHALF = re.compile(r"^(?:T/M|T\.M\.?|TM\.?|KT\.?|Q\.|TL\.?|TUQ\.?)\s*(?=\S)")
_RECIPIENTS = re.compile(r"^noi\s*nhan\s*:?\s*")
_SIGNED = re.compile(r"^\(?\s*(?:da\s+ky|ky\s*(?:,|va)\s*dong\s+dau|ky\s+ten)\b")
_RECIPIENT = re.compile(r"^[-–•+*]\s*(?=\S)")
# Title words that show the rest of a recipient line is the signature column beside it.
_TITLE_WORDS = ("BÍ THƯ", "CHỦ TỊCH", "THỦ TƯỚNG", "TRƯỞNG", "GIÁM ĐỐC", "CHÁNH VĂN PHÒNG",
                "T/M", "TM.", "KT.")
# A unit that names where the body before it is, not a body of its own ("ỦY BAN NHÂN DÂN"
# / "TỈNH PHÚ THỌ"); "TỈNH ỦY", "HUYỆN ĐOÀN" are bodies.
_UNIT_START = re.compile(r"^(?:TỈNH|HUYỆN|THÀNH PHỐ|QUẬN|THỊ XÃ|THỊ TRẤN|XÃ|PHƯỜNG)\s+"
                         r"(?!ỦY\b|UỶ\b|ĐOÀN\b)")


def _fold(text: str) -> str:
    """Lower case without marks, one character for one, so that spans map back."""
    out = []
    for char in text:
        base = unicodedata.normalize("NFD", char)[0].lower()
        out.append("d" if base in "đð" else base if len(base) == 1 else char)
    return "".join(out)


def _plain(text: str) -> str:
    """A line without bold or italic markup and spare spaces."""
    text = text.replace("**", "").replace("__", "")
    text = text.strip()
    if len(text) > 2 and text[0] == text[-1] and text[0] in "*_":
        text = text[1:-1]
    return text.strip()


def _is_separator(text: str) -> bool:
    return bool(text) and not any(c.isalnum() for c in text)


def _is_name(text: str) -> bool:
    """A person's name as signed: "Lưu Ngọc Trâm" (2 to 6 capitalised words)."""
    words = text.split()
    return 2 <= len(words) <= 6 and all(
        w.isalpha() and w[0].isupper() and (len(w) == 1 or w[1:].islower()) for w in words)


def _kind_word(line: str) -> str | None:
    for word in _KIND_WORDS:
        if line.startswith(word) and (len(line) == len(word) or line[len(word)] in " :.-–\t"):
            return word
    return None


def parse(raw: bytes | str) -> FormalDocument:
    text = normalize_source(raw).replace("Ð", "Đ").replace("ð", "đ")
    lines, footnotes = take_footnotes(text.split("\n"))
    kind_at = _find_kind_line(lines)
    header_end = kind_at if kind_at is not None else _body_start(lines)
    header = _read_header(lines[:header_end])

    kind: Kind | None = None
    title, body_start = "", header_end
    if kind_at is not None:
        line = _plain(lines[kind_at])
        word = _kind_word(line) or ""
        kind = kind_named(word.capitalize())
        title, body_start, attribution = _subject(line[len(word):], lines, kind_at + 1)
        if attribution and len(header.bodies) == 1:
            # "BAN CHẤP HÀNH TRUNG ƯƠNG" above, "KẾT LUẬN CỦA BỘ CHÍNH TRỊ": the Politburo
            # issues it, within the Central Committee.
            header.left = [*header.bodies, attribution]
    elif header.subject:
        title = header.subject
    tail_at = _tail_start(lines, body_start)
    recipients, signer = _read_tail(lines[tail_at:])
    body = parse_body(lines[body_start:tail_at], footnotes)
    return FormalDocument(header.number, kind, _sentence_case_start(title), header.parent,
                          header.issuer, header.place, header.date, header.date_text, signer,
                          recipients, body)


def _sentence_case_start(title: str) -> str:
    return title[:1].upper() + title[1:]


def _find_kind_line(lines: list[str]) -> int | None:
    """The line with the kind in capitals, looked for above the body's first paragraph."""
    for index, line in enumerate(lines):
        plain = _plain(line)
        if len(plain) > _LONG_LINE or plain.startswith(_OPENERS):
            return None
        if _kind_word(plain):
            return index
    return None


def _body_start(lines: list[str]) -> int:
    """Without a kind line: where the body starts (its first opening paragraph)."""
    for index, line in enumerate(lines):
        plain = _plain(line)
        if len(plain) > _LONG_LINE or plain.startswith(_OPENERS):
            return index
    return 0


@dataclass
class _Header:
    number: DirectiveNumber | None = None
    left: list[str] | None = None  # the left column's lines, in capitals
    place: str = ""
    date: date | None = None
    date_text: str = ""
    subject: str = ""  # "V/v …" under the number of an official letter

    @property
    def bodies(self) -> list[str]:
        """The left column's bodies: a line that only says where ("TỈNH PHÚ THỌ") belongs to
        the body above it."""
        joined: list[str] = []
        for line in self.left or []:
            if joined and _UNIT_START.match(line):
                joined[-1] = f"{joined[-1]} {line}"
            else:
                joined.append(line)
        return joined

    @property
    def issuer(self) -> str:
        return self.bodies[-1] if self.bodies else ""

    @property
    def parent(self) -> str:
        return ", ".join(self.bodies[:-1])


def _read_header(lines: list[str]) -> _Header:
    header = _Header(left=[])
    left: list[str] = []
    for line in lines:
        if len(line) > _LONG_LINE:
            continue
        for segment in _segments(_plain(line)):
            if header.number is None and _number_in(segment, header):
                continue
            if not header.date_text and _date_in(segment, header, left):
                continue
            if segment.lower().startswith(("v/v", "về việc")) and not header.subject:
                header.subject = segment[3:].strip(" :") if segment[1] == "/" else segment
                continue
            # Left-column lines come before the number (after it: the right column's).
            if header.number is None and is_caps(segment) and not _is_separator(segment):
                left.append(segment)
    header.left = left
    return header


def _segments(line: str) -> list[str]:
    """A header line cut at tabs, wide gaps and the nation lines."""
    pieces = []
    for part in _SEGMENT_SPLIT.split(line):
        folded, last = _fold(part), 0
        for match in _NATION.finditer(folded):
            pieces.append(part[last:match.start()])
            last = match.end()
        pieces.append(part[last:])
    return [p.strip(" *,") for p in pieces if p.strip(" *,")]


def _number_in(segment: str, header: _Header) -> bool:
    """Takes the number from a "Số …" segment; what follows it stays for the date."""
    label = _NUMBER_LABEL.match(segment)
    mentions = list(find_numbers(segment))
    if not mentions or (not label and mentions[0].start > 0):
        return False
    header.number = mentions[0].number
    return not segment[mentions[0].end:].strip()


def _date_in(segment: str, header: _Header, left: list[str]) -> bool:
    """Takes "Việt Trì, ngày 18 tháng 3 năm 2021" (what is left of it in capitals is the
    left column's)."""
    folded = _fold(segment)
    match = _DATE.search(folded)
    if match is None:
        if _UNFILLED_DATE.search(folded):
            header.date_text = segment
            return True
        return False
    day, month, year = (int(match.group(i)) for i in (1, 2, 3))
    header.date_text = segment[match.start():match.end()]
    try:
        header.date = date(year, month, day)
    except ValueError:
        header.date = None
    before = segment[:match.start()].rstrip(" ,")
    words = before.split()
    place: list[str] = []
    for word in reversed(words):  # the place: capitalised words just before the date
        bare = word.replace(".", "").replace("-", "")
        if not bare.isalpha() or is_caps(word) and not word.endswith("."):
            break
        if not (word[0].isupper() or word in ("phố", "xã", "trấn")):
            break
        place.insert(0, word)
    header.place = " ".join(place).strip(" ,")
    rest = " ".join(words[:len(words) - len(place)]).strip(" ,*")
    if rest and is_caps(rest) and header.number is None:
        left.append(rest)
    elif rest and header.number is None:
        _number_in(rest, header)
    return True


def _subject(rest_of_line: str, lines: list[str], start: int) -> tuple[str, int, str]:
    """The subject under the kind word (or after it on its line), and where the body starts.

    It runs to a blank line, a separator, the body's opening or a line in capitals after
    lines that are not ("THỦ TƯỚNG CHÍNH PHỦ" above a decision's "Căn cứ"). A "CỦA BỘ CHÍNH
    TRỊ" line between the kind and the subject names the issuer, not the subject: it is
    returned third, without "CỦA".
    """
    attribution = ""
    parts = [rest_of_line.strip(" :-–")] if rest_of_line.strip(" :-–") else []
    index = start
    while index < len(lines) and len(parts) < _SUBJECT_LINES:
        plain = _plain(lines[index])
        if not plain:
            if parts:
                break
            index += 1
            continue
        # An opening's first line ends the subject; right under the kind word, see _is_opening
        opening = plain.startswith(_OPENERS) and (
            bool(parts) or rest_of_line.strip(" :-–") != "" or _is_opening(lines, index))
        if (len(plain) > _LONG_LINE or _is_separator(plain) or opening
                or (parts and is_caps(plain) and not is_caps(parts[-1]))):
            break
        if not parts and _fold(plain).startswith("cua "):
            if is_caps(plain):
                attribution = plain[4:].strip()
            # "của Ban Thường vụ Tỉnh ủy" under the kind word says who issues it: not the subject
            index += 1
            continue
        parts.append(plain)
        index += 1
    return " ".join(" ".join(parts).split()), index, attribution


def _is_opening(lines: list[str], start: int) -> bool:
    """Whether the lines from `start`, right under the kind word and starting like the body's
    opening ("Thực hiện …"), are that opening and not a subject that starts with the same words.
    The opening is a sentence ("…, Ban Thường vụ hướng dẫn như sau:"); a subject ends none,
    however its lines were broken ("Thực hiện Kết luận số 57-KL/TW," alone on a line) or
    joined (a Word paragraph on one long line). So they are the opening if a line ends a
    sentence before a subject would end: at a blank line, a separator, the next opening or a
    line in capitals."""
    for index in range(start, min(len(lines), start + _SUBJECT_LINES)):
        plain = _plain(lines[index])
        if index > start and (not plain or _is_separator(plain) or plain.startswith(_OPENERS)
                              or is_caps(plain)):
            return False
        if len(plain) > _LONG_LINE or ends_sentence(plain):
            return True
    return start + _SUBJECT_LINES <= len(lines)  # longer than any subject


def _tail_start(lines: list[str], body_start: int) -> int:
    """Where "Nơi nhận" and the signature begin: the last "Nơi nhận" line or the signature's
    first line, whichever comes first, and the signature lines just above it."""
    recipients_at = signature_at = None
    # The end of a document: a signature block and a list fit in its last lines.
    for index in range(len(lines) - 1, max(body_start, len(lines) - 80) - 1, -1):
        plain = _plain(lines[index])
        if len(plain) > _LONG_LINE:
            break
        if recipients_at is None and _RECIPIENTS.match(_fold(plain)):
            recipients_at = index
        if any(_ON_BEHALF.match(part) and is_caps(part)
               for part in _SEGMENT_SPLIT.split(plain)):
            signature_at = index  # the topmost of the block's "TM." and "KT." lines
    found = [i for i in (recipients_at, signature_at) if i is not None]
    if not found:
        end = len(lines)
        while end > body_start and not _plain(lines[end - 1]):
            end -= 1
        if end > body_start and _is_name(_plain(lines[end - 1])):
            found = [end - 1]
        else:
            return len(lines)
    start = min(found)
    # A title or name above "Nơi nhận" (the signature column copied first) belongs to it.
    while start > body_start:
        plain = _plain(lines[start - 1])
        if plain and not (is_caps(plain) and len(plain) <= 60 or _is_name(plain)
                          or _SIGNED.match(_fold(plain))):
            break
        start -= 1
    return start


def _read_tail(lines: list[str]) -> tuple[tuple[str, ...], Signer | None]:
    recipients: list[str] = []
    on_behalf: list[str] = []
    titles: list[str] = []
    name = ""
    listing = False  # inside the "Nơi nhận" list
    for line in lines:
        plain = _plain(line)
        if not plain or len(plain) > _LONG_LINE:
            continue
        label = _RECIPIENTS.match(_fold(plain))
        if label:
            listing = True
            plain = plain[label.end():]
        for segment in _tail_segments(plain):
            folded = _fold(segment)
            entry = _RECIPIENT.match(segment)
            if _SIGNED.match(folded) or _is_separator(segment):
                continue
            if listing and entry:
                recipients.append(_entry(segment[entry.end():]))
            elif _ON_BEHALF.match(segment) and is_caps(segment):
                on_behalf.append(segment)
            elif is_caps(segment) and not _NATION.search(folded):
                titles.append(segment)
            elif _is_name(segment):
                name = segment
            elif listing and recipients and segment[0].islower():
                recipients[-1] = _entry(f"{recipients[-1]} {segment}")
    signer = Signer(" ".join(on_behalf), titles[0] if titles else "", name)
    return tuple(recipients), signer if (on_behalf or titles or name) else None


def _tail_segments(line: str) -> list[str]:
    """A tail line cut at tabs and wide gaps, and where a recipient line runs on into the
    signature column beside it ("- Thường trực Tỉnh ủy (b/c), PHÓ BÍ THƯ")."""
    segments = []
    for part in _SEGMENT_SPLIT.split(line):
        part = part.strip()
        if not part:
            continue
        if _RECIPIENT.match(part):
            cut = _signature_beside(part)
            if cut:
                segments += [part[:cut].strip(), part[cut:].strip()]
                continue
        segments.append(part)
    return segments


def _signature_beside(entry: str) -> int:
    """Where a run of capitals holding a title starts at the end of a recipient line."""
    words = entry.split(" ")
    start = len(words)
    while start > 1 and is_caps(words[start - 1]):
        start -= 1
    tail = " ".join(words[start:])
    if start == len(words) or not any(word in tail for word in _TITLE_WORDS):
        return 0
    return len(" ".join(words[:start])) + 1


def _entry(text: str) -> str:
    """A recipient as written, without the list's punctuation: "Thường trực Tỉnh ủy (B/c)"."""
    text = text.strip()
    return text.removesuffix("./.").rstrip(" ,;.") if text else text
