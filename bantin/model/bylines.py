"""Who wrote an article, from the free-text byline old portals keep ("Đ/c Hồ Văn Hùng -
UVBTV - Trưởng Ban Tuyên giáo", "Minh Tâm, Hoàng Phúc"): one person each, with the role
written after a dash or in brackets."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# A byline: "Đ/c Hồ Văn Hùng - UVBTV - Trưởng Ban Tuyên giáo", "Minh Tâm, Hoàng Phúc".
_HONORIFIC = re.compile(r"^(?:đ/c|đồng chí|ông|bà|anh|chị|ts\.?|ths\.?|pgs\.?|gs\.?|ls\.?|"
                        r"bs\.?|nsnd|nsưt|tin(?: và ảnh)?:|ảnh:|bài(?: và ảnh)?:)\s+",
                        re.IGNORECASE)
_ROLE_WORDS = re.compile(r"\b(?:UV|BTV|TUV|HU|UBND|HĐND|MTTQ|Trưởng|Phó|Chủ tịch|Bí thư|Ban|"
                         r"Phòng|Sở|Trung tâm|Đài|Báo|Chuyên viên|Phóng viên|PV|CTV|Văn phòng|"
                         r"Hội|Đoàn|Giám đốc|Huyện|Tỉnh|Xã|Thị trấn|Cộng tác viên)",
                         re.IGNORECASE)


def _is_name(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 6 and all(word[0].isupper() for word in words) and (
        not _ROLE_WORDS.search(text))


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    role: str


def bylines(text: str) -> list[Person]:
    """The people a free-text byline names, one each, with the role written after a dash."""
    people: list[Person] = []
    text = re.sub(r"^\s*(?:theo|nguồn)\b.*$", "", nfc(text), flags=re.I | re.S)  # a source
    text = re.sub(r"\s*\(([^()]*)\)", r" - \1", text)  # "Lê Phúc (Phòng VH-TT)"
    for part in re.split(r"\s*(?:;|,|\s&\s|\svà\s|\n)\s*", text.strip()):
        pieces = [p.strip(" .") for p in re.split(r"\s+[-–—]\s+|\s*\|\s*", part) if p.strip(" .")]
        while pieces:
            name = _HONORIFIC.sub("", pieces.pop(0)).strip()
            roles: list[str] = []
            while pieces and not _is_name(pieces[0]):
                roles.append(pieces.pop(0))
            if people and not _is_name(name):  # "…, tỉnh Tiền Giang": more of the role
                last = people.pop()
                role = ", ".join(r for r in (last.role, " - ".join([name, *roles])) if r)
                people.append(Person(last.name, role))
            elif name:
                people.append(Person(name, " - ".join(roles)))
    return people
