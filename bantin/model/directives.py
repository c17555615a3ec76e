"""Directive numbers: recognising them in messy text, their canonical form and their kinds.

Two numbering systems are in use (docs/front-matter.md): the Party's `57-KL/TW` (serial, kind
code, issuer) and the State's `362/QĐ-TTg` or `30/2020/NĐ-CP` (serial, optional year,
kind code, issuer). Text in the wild has spaces around `-` and `/`, the Icelandic `Ð`
typed for `Đ`, decomposed (NFD) accents and any letter case. A number is only taken
when its kind code is a known one, which is what keeps dates (`15/6/2023`), year ranges
(`2021 - 2030`) and words such as `COVID-19` out.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

PARTY, STATE = "party", "state"


@dataclass(frozen=True, slots=True)
class Kind:
    code: str  # as registered, e.g. "CTr"; "" for a kind given only by name
    vi: str
    en: str

    def name(self, lang: str) -> str:
        """The kind's name in a language; Vietnamese is the fallback for other languages."""
        return self.en if lang == "en" else self.vi


# Kind codes of the Party (Hướng dẫn 36-HD/VPTW) and the State (Nghị định 30/2020/NĐ-CP),
# spelled as registered. Where the two systems give a code different meanings the Party's
# is in _PARTY_KINDS.
KINDS: dict[str, Kind] = {kind.code: kind for kind in (
    Kind("NQ", "Nghị quyết", "Resolution"),
    Kind("KL", "Kết luận", "Conclusion"),
    Kind("CT", "Chỉ thị", "Directive"),
    Kind("QĐ", "Quyết định", "Decision"),
    Kind("QĐi", "Quy định", "Regulation"),
    Kind("QyĐ", "Quy định", "Regulation"),
    Kind("QC", "Quy chế", "Rules"),
    Kind("HD", "Hướng dẫn", "Guidance"),
    Kind("KH", "Kế hoạch", "Plan"),
    Kind("ĐA", "Đề án", "Scheme"),
    Kind("DA", "Dự án", "Project"),
    Kind("PA", "Phương án", "Option plan"),
    Kind("TB", "Thông báo", "Notice"),
    Kind("TC", "Thông cáo", "Communiqué"),
    Kind("CTr", "Chương trình", "Programme"),
    Kind("NĐ", "Nghị định", "Decree"),
    Kind("TT", "Thông tư", "Circular"),
    Kind("TTLT", "Thông tư liên tịch", "Joint circular"),
    Kind("BC", "Báo cáo", "Report"),
    Kind("CV", "Công văn", "Official letter"),
    Kind("TTr", "Tờ trình", "Submission"),
    Kind("BB", "Biên bản", "Minutes"),
    Kind("CĐ", "Công điện", "Official telegram"),
    Kind("HĐ", "Hợp đồng", "Contract"),
    Kind("GM", "Giấy mời", "Invitation"),
    Kind("BGN", "Bản ghi nhớ", "Memorandum of understanding"),
    Kind("BTT", "Bản thỏa thuận", "Agreement"),
    Kind("PL", "Pháp lệnh", "Ordinance"),
    Kind("L", "Lệnh", "Order"),
)}
_PARTY_KINDS: dict[str, Kind] = {"TT": Kind("TT", "Thông tri", "Instruction")}
# A law is numbered by its year and the legislature: 24/2018/QH14.
LAW = Kind("Luật", "Luật", "Law")

# Issuers whose official spelling is not all capitals.
_ISSUER_CASE = {"TTG": "TTg"}


def _key(text: str) -> str:
    """Case- and look-alike-insensitive lookup key: 'ctr' -> 'CTR', 'ðuk' -> 'ĐUK'."""
    return text.replace("ð", "đ").replace("Ð", "Đ").upper()


_CODE_BY_KEY: dict[str, str] = {_key(code): code for code in KINDS}
# Longest first, so that CTr is tried before CT and TTLT before TT.
_CODES = "|".join("".join("[ĐđÐð]" if c == "Đ" else re.escape(c) for c in key)
                  for key in sorted(_CODE_BY_KEY, key=len, reverse=True))

_D = "ĐđÐð"
_WORD = rf"[A-Za-z{_D}]"
_ISSUER = rf"{_WORD}[A-Za-z0-9{_D}]*"
_DASH = "[-‐‑–]"  # hyphen and the dashes word processors put in its place
_SP = r"[ \t\u00a0]*"  # spaces, never a line break
_BEFORE = r"(?<![\w/.\-‐‑–])"  # not the tail of another number, word or date
_AFTER = r"(?![\w\-‐‑–/]|\.\w)"

_PARTY_RE = (rf"(?P<p_serial>\d{{1,5}}){_SP}{_DASH}{_SP}(?P<p_code>{_CODES}){_SP}/{_SP}"
             rf"(?P<p_issuer>{_ISSUER})")
_STATE_RE = (rf"(?P<s_serial>\d{{1,5}}){_SP}/{_SP}(?:(?P<s_year>(?:19|20)\d\d){_SP}/{_SP})?"
             rf"(?P<s_code>{_CODES}){_SP}{_DASH}{_SP}"
             rf"(?P<s_issuer>{_ISSUER}(?:{_DASH}{_ISSUER})*)")
_LAW_RE = (rf"(?P<l_serial>\d{{1,5}}){_SP}/{_SP}(?P<l_year>(?:19|20)\d\d){_SP}/{_SP}"
           rf"(?P<l_issuer>QH\d{{0,2}})")
_PATTERN = re.compile(
    rf"{_BEFORE}(?:{_PARTY_RE}|{_STATE_RE}|{_LAW_RE}){_AFTER}",
    re.IGNORECASE,
)
# A quick test that lets most lines skip the full pattern.
_HINT = re.compile(r"\d\s*[-‐‑–/]")


@dataclass(frozen=True, slots=True)
class DirectiveNumber:
    text: str  # the canonical form, e.g. "06-HD/ĐUK", "30/2020/NĐ-CP"
    system: str  # PARTY or STATE
    serial: str  # as written, leading zeros kept: "06"
    code: str  # the kind code as registered, e.g. "CTr"; "" for a law
    issuer: str  # e.g. "TW", "TTg", "BNG-BTTTT"
    year: str = ""

    @property
    def kind(self) -> Kind:
        if not self.code:
            return LAW
        if self.system == PARTY and self.code in _PARTY_KINDS:
            return _PARTY_KINDS[self.code]
        return KINDS[self.code]

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class Mention:
    number: DirectiveNumber
    start: int  # span in the (NFC) text that was searched
    end: int


def _issuer(raw: str) -> str:
    parts = re.split("[-‐‑–]", raw)
    return "-".join(_ISSUER_CASE.get(_key(p), _key(p)) for p in parts)


def _spaced_lowercase(match: re.Match[str], group: str) -> bool:
    """A lowercase word after a spaced separator is prose ("5-NQ / Ban …"), not an issuer."""
    start = match.start(group)
    issuer = match.group(group)
    if match.string[start - 1] not in " \t\u00a0":
        return False
    first = re.split("[-‐‑–]", issuer)[0]
    return not first.isupper() and _key(first) not in _ISSUER_CASE


def _from_match(match: re.Match[str]) -> DirectiveNumber | None:
    if match.group("p_serial"):
        if _spaced_lowercase(match, "p_issuer"):
            return None
        serial, code = match.group("p_serial"), _CODE_BY_KEY[_key(match.group("p_code"))]
        issuer = _issuer(match.group("p_issuer"))
        return DirectiveNumber(f"{serial}-{code}/{issuer}", PARTY, serial, code, issuer)
    if match.group("s_serial"):
        if _spaced_lowercase(match, "s_issuer"):
            return None
        serial, year = match.group("s_serial"), match.group("s_year") or ""
        code = _CODE_BY_KEY[_key(match.group("s_code"))]
        issuer = _issuer(match.group("s_issuer"))
        middle = f"{year}/" if year else ""
        return DirectiveNumber(f"{serial}/{middle}{code}-{issuer}", STATE, serial, code, issuer,
                               year)
    serial, year = match.group("l_serial"), match.group("l_year")
    issuer = _key(match.group("l_issuer"))
    return DirectiveNumber(f"{serial}/{year}/{issuer}", STATE, serial, "", issuer, year)


def may_hold_number(text: str) -> bool:
    """False when `text` surely holds no directive number (no digit before a dash or
    slash): find_numbers would find none, and costs more to say so."""
    return _HINT.search(text) is not None


def find_numbers(text: str) -> Iterator[Mention]:
    """Every directive number in NFC text, in order, with its span."""
    for match in _matches(text):
        number = _from_match(match)
        if number is not None:
            yield Mention(number, match.start(), match.end())


def _matches(text: str) -> Iterator[re.Match[str]]:
    """_PATTERN.finditer(text), the pattern tried only where a number may start.

    Every number has a hint (_HINT) at the last digit of its serial, at most four
    characters after its start: no number starts more than four characters before the
    first hint at or after a position. Where dates and ranges ("2024-2025", "12/5") give
    hints, the pattern (an alternation of every kind's code, case-insensitive) is tried at
    the few positions before each, not all along a paragraph or a whole body."""
    position = 0
    while (hint := _HINT.search(text, position)) is not None:
        at = hint.start()
        for start in range(max(position, at - 4), at + 1):
            if (found := _PATTERN.match(text, start)) is not None:
                yield found
                position = found.end()
                break
        else:
            position = at + 1


def numbers_in(text: str) -> tuple[Mention, ...]:
    """find_numbers(text) as a tuple."""
    return tuple(find_numbers(text))


_PREFIX = re.compile(r"^\s*(?:số|so)\s*[.:]?\s*", re.IGNORECASE)


@functools.lru_cache(maxsize=16384)  # front-matter cites the same numbers over and over
def parse_number(text: str) -> DirectiveNumber | None:
    """The number that `text` is, whole (an optional leading "Số" allowed), or None."""
    text = _PREFIX.sub("", unicodedata.normalize("NFC", text)).strip()
    for mention in find_numbers(text):
        if mention.start == 0 and mention.end == len(text):
            return mention.number
        break
    return None


def canonical(text: str) -> str | None:
    number = parse_number(text)
    return number.text if number else None


def scan_lines(text: str) -> Iterator[tuple[int, DirectiveNumber]]:
    """(1-based line, number) for every number in a text file, NFD and all."""
    for index, line in enumerate(text.splitlines(), start=1):
        for mention in find_numbers(unicodedata.normalize("NFC", line)):
            yield index, mention.number


_KIND_BY_NAME: dict[str, Kind] = {}
for _kind in (*KINDS.values(), *_PARTY_KINDS.values(), LAW):
    _KIND_BY_NAME.setdefault(_kind.vi.casefold(), _kind)
    _KIND_BY_NAME.setdefault(_kind.en.casefold(), _kind)


def kind_named(text: str) -> Kind:
    """A front-matter `kind`: a code ("KH"), a name ("Kế hoạch"), or free text kept as given."""
    text = unicodedata.normalize("NFC", text).strip()
    if _key(text) in _CODE_BY_KEY:
        return KINDS[_CODE_BY_KEY[_key(text)]]
    return _KIND_BY_NAME.get(text.casefold(), Kind("", text, text))
