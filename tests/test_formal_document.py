"""Reading formal documents' text (formal_document, formal_body): one row per real-world
shape of the genre, each field as the document states it and nothing the text does not."""

from __future__ import annotations

import time
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

from bantin.directive.formal_document import parse

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Case:
    file: str
    number: str | None
    kind: str | None
    title: str
    issuer: str
    issuer_parent: str
    place: str
    date: str | None
    opening_numbers: tuple[str, ...]
    signer: tuple[str, str, str] | None
    recipients: tuple[str, ...]
    footnotes: dict[str, str] = field(default_factory=dict)
    body_has: tuple[str, ...] = ()  # Markdown lines or phrases the body must hold
    body_lacks: tuple[str, ...] = ()


EXAMPLE = Case(
    "examples/provincial-guidance-2021.txt", "06-HD/ĐUK", "Hướng dẫn",
    "Công tác thông tin đối ngoại năm 2021", "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH",
    "ĐẢNG BỘ TỈNH PHÚ THỌ", "Việt Trì", "2021-03-18", ("10-HD/BTGTU",),
    ("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Lưu Ngọc Trâm"),
    ("Thường trực Tỉnh ủy (B/c)", "Ban Tuyên giáo Tỉnh ủy (B/c)", "Thường trực Đảng ủy khối",
     "Các đoàn thể Khối", "Các chi, đảng ủy trực thuộc", "Lưu VT, BTG"),
    body_has=("## I. MỤC ĐÍCH, YÊU CẦU", "### 1. Mục đích", "## III. TỔ CHỨC THỰC HIỆN",
              "### 3. Các chi, đảng ủy trực thuộc",
              # a page break cut this sentence in two
              "quốc tế, tình hình Biển Đông; các chương trình đào tạo",
              "\n- Phát huy sức mạnh tổng hợp", "Tỉnh ủy./.\n"),
    body_lacks=("Số 06", "ĐẢNG CÔNG SẢN", "ngày 18 tháng 3", "HƯỚNG DẪN\n", "Nơi nhận",
                "Lưu Ngọc Trâm", "PHÓ BÍ THƯ", "ky: Nancy", "Lưu VT, BTG"),
)

DISTRICT_PLAN = Case(
    "formal/district-plan.txt", "157-KH/HU", "Kế hoạch",
    "Tuyên truyền về người Việt Nam ở nước ngoài trên địa bàn huyện năm 2023 - 2024",
    "HUYỆN ỦY GÒ CÔNG TÂY", "ĐẢNG BỘ TỈNH TIỀN GIANG", "Gò Công Tây", "2023-09-05",
    ("57-KL/TW", "201-KH/TU"), ("KT. BÍ THƯ", "PHÓ BÍ THƯ", "Phạm Thị Ngọc Lan"),
    ("Ban Tuyên giáo Tỉnh ủy (b/c)", "Các tổ chức cơ sở đảng trực thuộc Huyện ủy",
     "Ủy ban Mặt trận Tổ quốc Việt Nam và các đoàn thể chính trị - xã hội huyện",
     "Lưu Văn phòng Huyện ủy"),
    footnotes={"1": "Kết luận số 57-KL/TW ngày 15/6/2023 về tiếp tục nâng cao chất lượng, "
                    "hiệu quả công tác thông tin đối ngoại trong tình hình mới.",
               "2": "Nghị quyết số 36-NQ/TW ngày 26/3/2004 về công tác đối với người Việt "
                    "Nam ở nước ngoài."},
    body_has=("của Bộ Chính trị[^1] và Kế hoạch", "Nghị quyết số 36-NQ/TW[^2] của",
              # the page bottom (number, rule, footnotes) cut this sentence
              "từng xã, từng ấp trong huyện; tránh hình thức",
              "12.000 m² đã xây xong",  # a unit, not a footnote
              "## II- NHIỆM VỤ VÀ GIẢI PHÁP", "\n1\\. Các xã, thị trấn lập danh sách",
              "[^1]: Kết luận số 57-KL/TW ngày 15/6/2023 về tiếp tục nâng cao chất lượng, "
              "hiệu quả công tác",
              "[^2]: Nghị quyết số 36-NQ/TW ngày 26/3/2004"),
    body_lacks=("\n2\n", "____", "¹", "TW²", "Số 157", "KẾ HOẠCH", "Phạm Thị Ngọc Lan"),
)

# A subject that starts "Thực hiện …" above an opening that does too, pasted several ways.
SUBJECT_CARRIES_OUT = Case(
    "formal/plan-subject-carries-out.txt", "94-KH/HU", "Kế hoạch",
    "Thực hiện Kết luận số 57-KL/TW, ngày 15/6/2023 của Bộ Chính trị về tiếp tục nâng cao "
    "chất lượng, hiệu quả công tác thông tin đối ngoại trong tình hình mới",
    "HUYỆN ỦY GÒ CÔNG TÂY", "ĐẢNG BỘ TỈNH TIỀN GIANG", "Gò Công Tây", "2023-09-25",
    ("157-KH/TU",),  # the opening's; the subject's 57-KL/TW is no paragraph of the body
    ("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Đoàn Thị Bích Vân"),
    ("Ban Tuyên giáo Tỉnh ủy (b/c)", "Các tổ chức cơ sở đảng trực thuộc Huyện ủy",
     "Lưu Văn phòng Huyện ủy"),
    body_has=("Thực hiện Kế hoạch số 157-KH/TU, ngày 10/8/2023 của Tỉnh ủy Tiền Giang về "
              "tăng cường công tác thông tin đối ngoại trên địa bàn tỉnh, Ban Thường vụ Huyện "
              "ủy xây dựng kế hoạch triển khai trên địa bàn huyện như sau:\n\n"
              "## I. MỤC ĐÍCH, YÊU CẦU\n", "### 2. Yêu cầu",
              "\n- Cập nhật tin, bài về kinh tế, văn hóa, du lịch của huyện trên Trang thông "
              "tin điện tử huyện.\n"),
    body_lacks=("57-KL/TW", "tình hình mới", "TÌNH HÌNH MỚI", "---", "***", "Đoàn Thị Bích Vân"),
)

CASES = {
    "the example": EXAMPLE,
    "state decision, tab-separated columns": Case(
        "formal/state-decision.txt", "362/QĐ-TTg", "Quyết định",
        "Phê duyệt Đề án thông tin đối ngoại về vùng biên giới và người Việt Nam ở nước "
        "ngoài giai đoạn 2020 - 2025", "THỦ TƯỚNG CHÍNH PHỦ", "", "Hà Nội", "2020-03-11", (),
        ("KT. THỦ TƯỚNG", "PHÓ THỦ TƯỚNG", "Trần Quốc Hưng"),
        ("Ban Bí thư Trung ương Đảng", "Các Bộ, cơ quan ngang Bộ", "UBND các tỉnh biên giới",
         "Lưu: VT, QHQT (3b)"),
        body_has=("THỦ TƯỚNG CHÍNH PHỦ\n\nCăn cứ Luật", "\nQUYẾT ĐỊNH:\n",
                  "## 1. Mục tiêu", "### a) Mục tiêu chung",
                  "- Duy trì chuyên mục tiếng nước ngoài"),
        body_lacks=("Số:", "Độc lập", "CỘNG HÒA", "Phê duyệt Đề án thông tin đối ngoại về",
                    "Nơi nhận", "Trần Quốc Hưng", "PHÓ THỦ TƯỚNG")),
    "district plan, footnotes across a page break": DISTRICT_PLAN,
    "the same plan with CRLF line ends": DISTRICT_PLAN,
    "the same plan decomposed (NFD)": DISTRICT_PLAN,
    "party conclusion, columns one after the other": Case(
        "formal/party-conclusion.txt", "57-KL/TW", "Kết luận",
        "Về tiếp tục nâng cao chất lượng, hiệu quả công tác thông tin đối ngoại trong tình "
        "hình mới", "BỘ CHÍNH TRỊ", "BAN CHẤP HÀNH TRUNG ƯƠNG", "Hà Nội", "2023-06-15", (),
        ("T/M BỘ CHÍNH TRỊ", "THƯỜNG TRỰC BAN BÍ THƯ", "Lê Văn Khải"),
        ("Các tỉnh ủy, thành ủy",
         "Các ban đảng, ban cán sự đảng, đảng đoàn, đảng ủy trực thuộc Trung ương",
         "Lưu Văn phòng Trung ương Đảng"),
        body_has=("Sau mười năm thực hiện", "\n2\\. Đổi mới mạnh mẽ"),
        body_lacks=("CỦA BỘ CHÍNH TRỊ", "KẾT LUẬN", "Lê Văn Khải")),
    "no date line; a date in the body is not the document's": Case(
        "formal/no-date-guidance.txt", "10-HD/BTGTU", "Hướng dẫn",
        "Tuyên truyền công tác thông tin đối ngoại năm 2021", "BAN TUYÊN GIÁO",
        "TỈNH ỦY PHÚ THỌ", "", None, ("16-KL/TW",),
        ("T/M BAN TUYÊN GIÁO", "PHÓ TRƯỞNG BAN", "Đỗ Minh Tuấn"),
        ("Thường trực Tỉnh ủy (b/c)", "Lưu VT"),
        body_has=("### a) Thành tựu của đất nước", "- Lễ hội Đền Hùng;\n- hát Xoan Phú Thọ."),
        body_lacks=("PHÓ TRƯỞNG BAN", "Nơi nhận", "Đỗ Minh Tuấn")),
    "district People's Committee plan: a subject that starts like an opening": Case(
        "formal/commune-plan-state.txt", "125/KH-UBND", "Kế hoạch",
        "Triển khai công tác thông tin đối ngoại trên địa bàn huyện năm 2024",
        "UỶ BAN NHÂN DÂN HUYỆN CHÂU THÀNH", "", "Châu Thành", "2024-04-02",
        # "Căn cứ" cites the legal basis; what follows "thực hiện" is carried out
        ("88-KH/TU", "362/QĐ-TTg"),
        ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Thị Hồng Loan"),
        ("UBND tỉnh (b/c)", "TT. Huyện ủy (b/c)", "Các phòng, ban, ngành huyện",
         "UBND các xã, thị trấn", "Lưu: VT"),
        footnotes={"1": "Theo Kết luận số 57-KL/TW."},
        body_has=("Căn cứ Kết luận số 57-KL/TW", "bạn bè quốc tế và kiều bào.",
                  "## I. MỤC ĐÍCH, YÊU CẦU", "### 1. Mục đích"),
        body_lacks=("Triển khai công tác thông tin đối ngoại\n", "trên địa bàn huyện năm 2024",
                    "Nguyễn Thị Hồng Loan", "Nơi nhận")),
    "provincial directive: a lower-case attribution line above the subject": Case(
        "formal/provincial-directive-attribution.txt", "15-CT/TU", "Chỉ thị",
        "Về tăng cường sự lãnh đạo của Đảng đối với công tác thông tin đối ngoại trong tình "
        "hình mới", "TỈNH ỦY TIỀN GIANG", "", "Mỹ Tho", "2024-01-10", ("57-KL/TW",),
        ("T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Nguyễn Văn Danh"),
        ("Ban Tuyên giáo Trung ương (b/c)", "Các huyện ủy, thành ủy, thị ủy",
         "Lưu Văn phòng Tỉnh ủy"),
        footnotes={"2": "Theo Quy định số 04 của Ban Bí thư."},
        body_has=("nhiệm vụ thường xuyên[^2].", "Chỉ thị này được phổ biến đến chi bộ./."),
        body_lacks=("của Ban Thường vụ Tỉnh ủy\n", "-----", "Nguyễn Văn Danh", "(Đã ký)")),
    "bloc guidance typed with the Icelandic Ð": Case(
        "formal/bloc-guidance-icelandic.txt", "06-HD/ĐUK", "Hướng dẫn",
        "Tuyên truyền kỷ niệm ngày thành lập Công ty", "ĐẢNG ỦY CÔNG TY CỔ PHẦN SUPE PHỐT PHÁT",
        "ĐẢNG BỘ KHỐI DOANH NGHIỆP TỈNH", "TP. Việt Trì", "2021-04-02", (),
        ("T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Hoàng Văn Bình"), ("Các chi bộ trực thuộc", "Lưu VP"),
        body_has=("## 1. Nội dung", "## 2. Hình thức"), body_lacks=("Ð", "Hoàng Văn Bình")),
    "plan whose subject starts like its opening (Thực hiện): a rule, a blank line":
        SUBJECT_CARRIES_OUT,
    "the same with no rule under the subject":
        replace(SUBJECT_CARRIES_OUT, file="formal/plan-subject-carries-out-no-rule.txt"),
    "the same with no rule nor blank line, lines cut mid-sentence":
        replace(SUBJECT_CARRIES_OUT, file="formal/plan-subject-carries-out-run-on.txt"),
    "the same from Word: a paragraph a line, the subject on one":
        replace(SUBJECT_CARRIES_OUT, file="formal/plan-subject-carries-out-word.txt"),
    "the same with the subject in capitals, a rule of asterisks, no blank line":
        replace(SUBJECT_CARRIES_OUT, file="formal/plan-subject-carries-out-caps.txt",
                title=SUBJECT_CARRIES_OUT.title.upper()),
}


def _text(name: str, case: Case) -> bytes:
    text = (DATA / case.file).read_text(encoding="utf-8")
    if "CRLF" in name:
        text = text.replace("\n", "\r\n")
    if "NFD" in name:
        text = unicodedata.normalize("NFD", text)
    return text.encode("utf-8")


@pytest.mark.parametrize("name", list(CASES))
def test_formal_document_fields_are_what_the_text_states(name: str) -> None:
    case = CASES[name]
    document = parse(_text(name, case))
    assert (document.number.text if document.number else None) == case.number
    assert (document.kind.vi if document.kind else None) == case.kind
    assert document.title == case.title
    assert document.issuer == case.issuer
    assert document.issuer_parent == case.issuer_parent
    assert document.place == case.place
    assert (document.date.isoformat() if document.date else None) == case.date
    opening = [n for text in document.body.opening() for n in _numbers(text)]
    assert tuple(opening) == case.opening_numbers
    signer = document.signer
    assert ((signer.on_behalf, signer.title, signer.name) if signer else None) == case.signer
    assert document.recipients == case.recipients
    assert document.body.footnotes == case.footnotes
    assert document.body.marks_without_text() == []
    body = document.body.markdown()
    for wanted in case.body_has:
        assert wanted in body
    for unwanted in case.body_lacks:
        assert unwanted not in body


def _numbers(text: str) -> list[str]:
    from bantin.model.directives import find_numbers

    return [m.number.text for m in find_numbers(text)]


def test_a_mark_without_footnote_text_is_left_as_written() -> None:
    document = parse("KẾ HOẠCH\nThử\n\nĐoạn có dấu chú thích³ mà không có lời chú thích.\n")
    assert document.body.marks_without_text() == ["3"]
    assert "chú thích³ mà" in document.body.markdown()


def test_text_that_would_be_markdown_is_escaped() -> None:
    document = parse("KẾ HOẠCH\nThử\n\n2021. Năm bản lề.\n\n# không phải tiêu đề\n")
    body = document.body.markdown()
    assert "2021\\. Năm bản lề." in body and "\\# không phải tiêu đề" in body


@pytest.mark.parametrize("text", [
    "KẾ HOẠCH\n" + "a" * 400_000,
    "Số 1-KH/HU " * 50_000,
    ("- " + "x, " * 30_000 + "\n") * 5,
    "¹" * 200_000 + "\n" + "a¹ " * 100_000,
    "ĐẢNG CỘNG SẢN VIỆT NAM " * 20_000,
    "Nơi nhận:\n" + "- a\n" * 50_000 + "T/M " * 20_000,
    "KẾ HOẠCH\nThử\n\n" + "một dòng chữ thường cắt ngang\n" * 100_000,
    "¹ chú thích\n" + "chú thích chưa hết\n" * 100_000,
])
def test_pathological_text_is_read_in_linear_time(text: str) -> None:
    started = time.perf_counter()
    parse(text)
    assert time.perf_counter() - started < 5
