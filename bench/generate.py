#!/usr/bin/env python3
"""Generate a synthetic bilingual Bantin site (and an equivalent Hugo site) for the benchmark.

    python bench/generate.py --articles 5000 --out /tmp/bench [--seed 1] [--hugo]

Writes OUT/bantin/ (content/ with N Vietnamese articles, their English translations, the
directives they mention and authors.toml; the repository's config.toml, layouts/, assets/
and locales/) and, with --hugo, OUT/hugo/: the same articles as a Hugo site with comparable
templates, and OUT/hugo-typical/: a typical Hugo news site (a popular theme's templates) on
that site's articles (bench/hugo_site.py says what each has). The same seed always gives the
same files.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import shutil
import tomllib
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from hugo_site import HugoArticle, HugoAuthor, HugoDirective, Side, write_hugo, write_hugo_typical

REPO = Path(__file__).resolve().parent.parent

# What of the repository a benchmark site reuses; everything else (code, tests, demo
# content) stays out.
THEME = ("config.toml", "layouts", "assets", "locales", "data", "static")

DIRECTIVES = [
    # number, kind, subject, issuer
    ("57-KL/TW", "Kết luận", "về tiếp tục nâng cao chất lượng, hiệu quả công tác thông tin "
     "đối ngoại trong tình hình mới", "Bộ Chính trị"),
    ("16-CT/TW", "Chỉ thị", "về tăng cường sự lãnh đạo của Đảng đối với công tác thông tin "
     "đối ngoại", "Ban Bí thư"),
    ("22-NQ/TW", "Nghị quyết", "về hội nhập quốc tế", "Bộ Chính trị"),
    ("36-NQ/TW", "Nghị quyết", "về công tác đối với người Việt Nam ở nước ngoài",
     "Bộ Chính trị"),
    ("12-CT/TW", "Chỉ thị", "về tăng cường sự lãnh đạo của Đảng, nâng cao hiệu quả công tác "
     "đối ngoại nhân dân trong tình hình mới", "Ban Bí thư"),
    ("45-KH/TU", "Kế hoạch", "thực hiện Kết luận 57-KL/TW của Bộ Chính trị",
     "Tỉnh ủy Tiền Giang"),
    ("94-KH/HU", "Kế hoạch", "triển khai công tác thông tin đối ngoại năm 2024",
     "Huyện ủy Gò Công Tây"),
    ("06-HD/ĐUK", "Hướng dẫn", "tuyên truyền kỷ niệm các ngày lễ lớn", "Đảng ủy Khối"),
    ("90-HD/BTGTU", "Hướng dẫn", "công tác tuyên truyền biển, đảo", "Ban Tuyên giáo Tỉnh ủy"),
    ("21/CT-TTg", "Chỉ thị", "về đẩy mạnh thu hút đầu tư nước ngoài", "Thủ tướng Chính phủ"),
    ("362/QĐ-TTg", "Quyết định", "phê duyệt Quy hoạch phát triển và quản lý báo chí",
     "Thủ tướng Chính phủ"),
    ("30/2020/NĐ-CP", "Nghị định", "về công tác văn thư", "Chính phủ"),
    ("72/2015/NĐ-CP", "Nghị định", "về quản lý hoạt động thông tin đối ngoại", "Chính phủ"),
    ("04-KH/BCĐ", "Kế hoạch", "tổ chức Lễ hội Đình Long Hưng năm 2024",
     "Ban Chỉ đạo huyện"),
    ("157-KH/TU", "Kế hoạch", "quảng bá hình ảnh tỉnh Tiền Giang ra nước ngoài",
     "Tỉnh ủy Tiền Giang"),
    ("10-HD/BTGTU", "Hướng dẫn", "cung cấp thông tin cho báo chí nước ngoài",
     "Ban Tuyên giáo Tỉnh ủy"),
    ("23-CTr/HU", "Chương trình", "phát triển du lịch sinh thái miệt vườn",
     "Huyện ủy Gò Công Tây"),
    ("15-ĐA/UBND", "Đề án", "xây dựng nông thôn mới nâng cao", "Ủy ban nhân dân huyện"),
]

AUTHORS = [
    ("tran-thi-mai", "Trần Thị Mai", "Phóng viên Trung tâm Văn hóa – Thể thao và Truyền thanh",
     "Reporter, Culture, Sports and Broadcasting Centre"),
    ("nguyen-van-hung", "Nguyễn Văn Hùng", "Chuyên viên Ban Tuyên giáo Huyện ủy",
     "Officer, Commission for Information and Education"),
    ("le-thi-thu-ha", "Lê Thị Thu Hà", "Phó Chánh Văn phòng Huyện ủy",
     "Deputy Chief of Office, District Party Committee"),
    ("pham-minh-duc", "Phạm Minh Đức", "Phòng Văn hóa và Thông tin huyện",
     "Culture and Information Office"),
    ("vo-thanh-tam", "Võ Thành Tâm", "Cộng tác viên", "Contributor"),
    ("huynh-ngoc-anh", "Huỳnh Ngọc Ánh", "Biên tập viên", "Editor"),
    ("dang-quoc-bao", "Đặng Quốc Bảo", "Phòng Tài chính – Kế hoạch",
     "Finance and Planning Office"),
    ("bui-thi-lan", "Bùi Thị Lan", "Hội Liên hiệp Phụ nữ huyện", "District Women's Union"),
]

PLACES_VI = ["xã Bình Nhì", "xã Đồng Thạnh", "xã Thành Công", "xã Long Bình", "xã Vĩnh Hựu",
             "thị trấn Vĩnh Bình", "xã Yên Luông", "xã Thạnh Trị", "xã Bình Phú", "xã Đồng Sơn",
             "xã Long Vĩnh", "xã Thạnh Nhựt", "xã Bình Tân"]
PLACES_EN = ["Binh Nhi commune", "Dong Thanh commune", "Thanh Cong commune",
             "Long Binh commune", "Vinh Huu commune", "Vinh Binh town", "Yen Luong commune",
             "Thanh Tri commune", "Binh Phu commune", "Dong Son commune", "Long Vinh commune",
             "Thanh Nhut commune", "Binh Tan commune"]

SENTENCES_VI = [
    "Huyện Gò Công Tây có vị trí địa lý thuận lợi, nằm ven sông Vàm Cỏ và gần Thành phố "
    "Hồ Chí Minh, tạo điều kiện phát triển kinh tế – xã hội.",
    "Ban Thường vụ Huyện ủy đã ban hành nhiều văn bản chỉ đạo, tạo sự chuyển biến rõ nét "
    "trong nhận thức của cán bộ, đảng viên và nhân dân.",
    "Công tác thông tin đối ngoại được triển khai đồng bộ, bám sát định hướng của Trung ương "
    "và của Tỉnh ủy Tiền Giang.",
    "Nhiều doanh nghiệp nước ngoài đã đến tìm hiểu cơ hội đầu tư vào cụm công nghiệp và "
    "lĩnh vực nông nghiệp ứng dụng công nghệ cao.",
    "Lễ hội truyền thống được tổ chức trang trọng, thu hút đông đảo du khách trong và ngoài "
    "nước đến tham quan, chiêm bái.",
    "Đời sống vật chất và tinh thần của người dân ngày càng được nâng lên, tỷ lệ hộ nghèo "
    "giảm còn dưới hai phần trăm.",
    "Kiều bào quê hương Gò Công Tây luôn hướng về cội nguồn, tích cực đóng góp xây dựng "
    "nhà tình thương, cầu giao thông nông thôn và trao học bổng cho học sinh nghèo.",
    "Ủy ban nhân dân huyện chỉ đạo các cơ quan chuyên môn đẩy mạnh cải cách thủ tục hành "
    "chính, cải thiện môi trường đầu tư kinh doanh.",
    "Vùng chuyên canh dừa, lúa chất lượng cao và rau màu an toàn đang được quy hoạch lại để "
    "gắn với chế biến và xuất khẩu.",
    "Đội ngũ cán bộ làm công tác tuyên truyền được tập huấn kỹ năng sử dụng mạng xã hội, "
    "kịp thời đấu tranh phản bác thông tin sai lệch.",
    "Các di tích lịch sử – văn hóa như Lăng Hoàng Gia, Đình Long Hưng được trùng tu, phát huy "
    "giá trị phục vụ phát triển du lịch.",
    "Phong trào thi đua yêu nước được phát động sâu rộng, xuất hiện nhiều tập thể, cá nhân "
    "điển hình tiên tiến.",
    "Hạ tầng giao thông được đầu tư nâng cấp, tuyến đường tỉnh 872 và các tuyến đường liên xã "
    "đã được nhựa hóa.",
    "Người dân phấn khởi, tin tưởng vào sự lãnh đạo của Đảng bộ và sự điều hành của chính "
    "quyền địa phương.",
    "Sản phẩm OCOP của huyện như mắm tôm chà, khô cá lóc, bánh phồng tôm đã có mặt tại nhiều "
    "hệ thống siêu thị lớn.",
    "Đoàn công tác đã trao đổi kinh nghiệm về xây dựng nông thôn mới kiểu mẫu và chuyển đổi "
    "số trong quản lý nhà nước.",
    "Hội nghị cũng chỉ ra những hạn chế, khó khăn cần sớm khắc phục, nhất là việc phối hợp "
    "giữa các cơ quan, đơn vị.",
    "Đồng chí Bí thư Huyện ủy nhấn mạnh yêu cầu tiếp tục đổi mới nội dung, phương thức "
    "tuyên truyền cho phù hợp với từng đối tượng.",
    "Thời gian tới, huyện sẽ tập trung thu hút các dự án đầu tư có hàm lượng công nghệ cao, "
    "thân thiện với môi trường.",
    "Công tác bảo vệ chủ quyền biển, đảo được tuyên truyền rộng rãi đến từng ấp, khu phố.",
    "Nhiều mô hình sinh kế bền vững như nuôi tôm càng xanh, trồng khóm xen dừa mang lại thu "
    "nhập ổn định cho nông dân.",
    "Ngành giáo dục tiếp tục giữ vững chất lượng phổ cập, nhiều trường học đạt chuẩn quốc gia.",
    "Trạm y tế các xã được trang bị thiết bị hiện đại, đáp ứng nhu cầu khám chữa bệnh ban đầu "
    "của người dân.",
    "Thanh niên tình nguyện tham gia dọn dẹp vệ sinh môi trường, trồng cây xanh dọc các "
    "tuyến kênh rạch.",
]
SENTENCES_EN = [
    "Go Cong Tay district lies along the Vam Co river, close to Ho Chi Minh City, which "
    "favours its economic and social development.",
    "The Standing Committee of the District Party Committee issued several guiding documents "
    "that clearly changed how officials, members and residents see the work.",
    "Foreign-information work was carried out consistently, following the orientation of the "
    "Central Committee and of the Tien Giang Provincial Party Committee.",
    "Many foreign companies came to explore investment opportunities in the industrial cluster "
    "and in high-tech agriculture.",
    "The traditional festival was held solemnly and drew large numbers of visitors from home "
    "and abroad.",
    "Living standards keep improving, and the share of poor households has fallen below two "
    "per cent.",
    "Overseas Vietnamese from Go Cong Tay keep their ties to home, funding charity houses, "
    "rural bridges and scholarships for poor pupils.",
    "The District People's Committee asked its departments to speed up administrative reform "
    "and improve the business environment.",
    "Specialised areas for coconut, high-quality rice and safe vegetables are being re-planned "
    "to link farming with processing and export.",
    "Communication officers were trained in social media skills to answer false information "
    "quickly.",
    "Historic and cultural sites such as the Hoang Gia tomb and Long Hung communal house were "
    "restored to serve tourism.",
    "The patriotic emulation movement spread widely and produced many exemplary groups and "
    "individuals.",
    "Roads were upgraded: provincial road 872 and the inter-commune roads are now paved.",
    "Residents are confident in the leadership of the Party Committee and the local "
    "government.",
    "OCOP products of the district, such as shrimp paste, dried snakehead fish and shrimp "
    "crackers, are sold in large supermarket chains.",
    "The delegation shared experience in building model new-style rural areas and in the "
    "digital transformation of public administration.",
    "The conference also pointed out shortcomings to be remedied soon, especially in "
    "coordination between agencies.",
    "The Secretary of the District Party Committee stressed the need to keep renewing the "
    "content and methods of communication for each audience.",
    "In the coming period the district will focus on attracting high-tech, environmentally "
    "friendly investment projects.",
    "Communication about the sovereignty over seas and islands reached every hamlet.",
    "Sustainable livelihood models such as giant freshwater prawn farming and pineapple "
    "intercropped with coconut give farmers a stable income.",
    "The education sector maintained universal education, and many schools meet national "
    "standards.",
    "Commune health stations received modern equipment for primary care.",
    "Young volunteers cleaned canals and planted trees along the waterways.",
]
HEADINGS_VI = ["Kết quả nổi bật", "Những khó khăn, hạn chế", "Nhiệm vụ, giải pháp thời gian tới",
               "Mục đích, yêu cầu", "Nội dung tuyên truyền", "Tổ chức thực hiện",
               "Ý kiến của người dân", "Đánh giá chung", "Phương hướng năm tới",
               "Một số mô hình hiệu quả"]
HEADINGS_EN = ["Main results", "Difficulties and shortcomings", "Tasks ahead",
               "Aims and requirements", "What to communicate", "Implementation",
               "What residents say", "Overall assessment", "Next year's direction",
               "Effective models"]
LIST_VI = ["Tăng cường tuyên truyền trên các phương tiện thông tin đại chúng",
           "Phối hợp chặt chẽ với Mặt trận Tổ quốc và các đoàn thể",
           "Nâng cao chất lượng trang thông tin điện tử của huyện",
           "Biên soạn tài liệu giới thiệu tiềm năng bằng tiếng Anh",
           "Tổ chức đón tiếp các đoàn khách quốc tế chu đáo, an toàn",
           "Kiểm tra, đôn đốc việc thực hiện ở cơ sở",
           "Sơ kết, tổng kết và khen thưởng kịp thời"]
LIST_EN = ["Strengthen communication in the mass media",
           "Coordinate closely with the Fatherland Front and mass organisations",
           "Improve the district's web portal",
           "Produce English-language material on the district's potential",
           "Receive international delegations carefully and safely",
           "Inspect and urge implementation at the grassroots",
           "Review, sum up and reward in good time"]
TITLES_VI = ["{place} đẩy mạnh công tác thông tin đối ngoại",
             "Kiều bào hỗ trợ xây dựng cầu giao thông tại {place}",
             "Hội nghị sơ kết thực hiện {number} tại {place}",
             "{place} thu hút đầu tư vào nông nghiệp công nghệ cao",
             "Lễ hội truyền thống ở {place} thu hút du khách",
             "Quảng bá sản phẩm OCOP của {place} ra thị trường quốc tế",
             "Triển khai {number} đến cán bộ chủ chốt {place}",
             "Đoàn khách quốc tế thăm mô hình sinh kế tại {place}"]
TITLES_EN = ["{place} steps up foreign-information work",
             "Overseas Vietnamese fund a rural bridge in {place}",
             "{place} reviews the implementation of {number}",
             "{place} attracts investment in high-tech agriculture",
             "Traditional festival in {place} draws visitors",
             "{place} brings its OCOP products to foreign markets",
             "{place} briefs key officials on {number}",
             "International visitors see livelihood models in {place}"]
TOPICS = ["thông tin đối ngoại", "kiều bào", "đầu tư", "du lịch", "nông thôn mới", "lễ hội",
          "chuyển đổi số", "OCOP", "biển đảo", "văn hóa", "giáo dục", "y tế", "thanh niên",
          "phụ nữ", "cải cách hành chính", "hội nhập quốc tế", "khuyến học", "an sinh xã hội",
          "giao thông", "thủy lợi", "môi trường", "khởi nghiệp", "hợp tác xã", "thể thao",
          "di tích", "ẩm thực", "nhà tình thương", "học bổng", "hội nghị", "tập huấn"]
# Topics, places and years: a few tags are on many articles, most on a few (as on real sites).
TAGS = TOPICS + PLACES_VI + [f"năm {year}" for year in range(2019, 2026)]


@dataclass
class Corpus:
    site: Path
    articles: list[str] = field(default_factory=list)  # names (slugs) of the articles
    newest: str = ""  # the article with the latest date: it is on every home page

    @property
    def middle(self) -> str:
        return self.articles[len(self.articles) // 2]


def _category_ids(config_path: Path) -> list[str]:
    data = tomllib.loads(config_path.read_text(encoding="utf-8"))
    return list(data.get("categories", {})) or ["doi-ngoai"]


def _directive_name(number: str) -> str:
    """The file name of a directive: 57-KL/TW -> vb-57-kl-tw."""
    return "vb-" + number.lower().replace("/", "-").replace("đ", "d")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _body(rng: random.Random, sentences: list[str], headings: list[str], items: list[str],
          places: list[str], mentions: list[str], words: int, mention_fmt: str,
          at: str) -> str:
    """Markdown of about `words` words: ## headings, paragraphs, a list, directive mentions."""
    out: list[str] = []
    count = 0
    heading_pool = rng.sample(headings, len(headings))
    section = 0
    while count < words - 40:
        if section < len(heading_pool) and (count == 0 or rng.random() < 0.35):
            out.append(f"## {heading_pool[section]}")
            section += 1
        paragraph = [rng.choice(sentences) for _ in range(rng.randint(3, 6))]
        if mentions and rng.random() < 0.3:
            paragraph.insert(1, mention_fmt.format(number=rng.choice(mentions),
                                                   place=rng.choice(places)))
        if rng.random() < 0.4:
            paragraph[0] = paragraph[0].replace(".", f" {at} **{rng.choice(places)}**.", 1)
        text = " ".join(paragraph)
        out.append(text)
        count += len(text.split())
        if rng.random() < 0.25:
            chosen = rng.sample(items, rng.randint(3, 5))
            marker = "1." if rng.random() < 0.3 else "-"
            out.append("\n".join(f"{marker} {item}." for item in chosen))
            count += sum(len(item.split()) for item in chosen)
    return "\n\n".join(out) + "\n"


def _stamper(site: Path, repo: Path):  # noqa: ANN202
    """The translation stamp of an original (bantin.model.stamps), when Bantin can be imported."""
    try:
        import sys

        sys.path.insert(0, str(repo))
        from bantin.model.config_file import load_config
        from bantin.model.content import parse_document, parse_source_path
        from bantin.model.stamps import source_digest
    except ImportError:
        return None
    config = load_config(site)

    def stamp(path: Path) -> str:
        relative = path.relative_to(site).as_posix()
        doc = parse_document(parse_source_path(relative, config), path.read_bytes(), config)
        return source_digest(doc, "article")

    return stamp


def generate(out: Path, articles: int, seed: int = 1, hugo: bool = False,
             repo: Path = REPO) -> Corpus:
    rng = random.Random(seed)
    site = out / "bantin"
    if site.exists():
        shutil.rmtree(site)
    site.mkdir(parents=True)
    for name in THEME:
        source = repo / name
        if source.is_dir():
            shutil.copytree(source, site / name)
        elif source.is_file():
            shutil.copy2(source, site / name)
    categories = _category_ids(site / "config.toml")
    content = site / "content"
    (content / "tin-tuc").mkdir(parents=True)
    (content / "van-ban").mkdir(parents=True)

    authors_toml = []
    for author_id, name, role_vi, role_en in AUTHORS:
        authors_toml.append(f'[{author_id}]\nname = "{name}"\n'
                            f'role = {{ vi = "{role_vi}", en = "{role_en}" }}\n')
    (content / "authors.toml").write_text("\n".join(authors_toml), encoding="utf-8")

    numbers = [number for number, *_ in DIRECTIVES]
    hugo_directives = []
    for i, (number, kind, subject, issuer) in enumerate(DIRECTIVES):
        issued = datetime(2015, 1, 5) + timedelta(days=97 * i)
        body = f"## Nội dung\n\n{' '.join(rng.sample(SENTENCES_VI, 4))}\n"
        text = (f"---\nnumber: {_yaml_str(number)}\ntitle: {_yaml_str(kind + ' ' + subject)}\n"
                f"issuer: {_yaml_str(issuer)}\ndate: {issued:%Y-%m-%d}\n---\n{body}")
        (content / "van-ban" / f"{_directive_name(number)}.md").write_text(text, encoding="utf-8")
        hugo_directives.append(HugoDirective(_directive_name(number),
                                             f"{kind} {number} {subject}", body))

    stamp = _stamper(site, repo)
    start = datetime(2019, 1, 1, 7, 0)
    hugo_articles: list[HugoArticle] = []
    corpus = Corpus(site)
    latest = datetime.min
    for i in range(articles):
        name = f"bai-{i:05d}"
        corpus.articles.append(name)
        when = start + timedelta(minutes=i * 397 % (6 * 365 * 24 * 60) + i)
        if when > latest:
            latest, corpus.newest = when, name
        place = rng.randrange(len(PLACES_VI))
        mentions = rng.sample(numbers, rng.randint(0, 3))
        number = mentions[0] if mentions else rng.choice(numbers)
        t = rng.randrange(len(TITLES_VI))
        title_vi = _capital(TITLES_VI[t].format(place=PLACES_VI[place], number=number))
        title_en = _capital(TITLES_EN[t].format(place=PLACES_EN[place], number=number))
        title_vi, title_en = f"{title_vi} ({i})", f"{title_en} ({i})"
        summary_vi = rng.choice(SENTENCES_VI)
        summary_en = SENTENCES_EN[SENTENCES_VI.index(summary_vi)]
        author = rng.choice(AUTHORS)[0]
        category = rng.choice(categories)
        tags = list(dict.fromkeys(rng.choice(TOPICS[:8] if rng.random() < 0.4 else TAGS)
                                  for _ in range(rng.randint(1, 4))))
        votes = rng.randint(1, 40)
        points = rng.randint(votes, 5 * votes)
        words = rng.randint(600, 1200)
        body_vi = _body(rng, SENTENCES_VI, HEADINGS_VI, LIST_VI, PLACES_VI, mentions, words,
                        "Thực hiện {number}, {place} đã tổ chức quán triệt đến toàn thể cán bộ.",
                        "ở")
        body_en = _body(rng, SENTENCES_EN, HEADINGS_EN, LIST_EN, PLACES_EN, mentions, words,
                        "Under {number}, {place} briefed all its officials.", "in")
        front_vi = {
            "title": _yaml_str(title_vi),
            "date": f"{when:%Y-%m-%d %H:%M}",
            "author": author,
            "category": category,
            "summary": _yaml_str(summary_vi),
            "tags": "[" + ", ".join(_yaml_str(t) for t in tags) + "]",
            "rating": f"{{ points: {points}, votes: {votes} }}",
        }
        if mentions:
            front_vi["directives"] = "[" + ", ".join(_yaml_str(n) for n in mentions) + "]"
        if i and rng.random() < 0.1:  # a link to an earlier article, as editors write them
            other = f"bai-{rng.randrange(i):05d}"
            body_vi += f"\nXem thêm: [bài liên quan]({other}.md).\n"
            body_en += f"\nSee also: [a related article]({other}.en.md).\n"
        if rng.random() < 0.15:  # a footnote
            body_vi += "\nTheo báo cáo của Ủy ban nhân dân huyện.[^1]\n\n[^1]: Báo cáo năm.\n"
            body_en += "\nAccording to the district's report.[^1]\n\n[^1]: Annual report.\n"
        front_en = {"title": _yaml_str(title_en), "summary": _yaml_str(summary_en)}
        for lang, front, body in (("vi", front_vi, body_vi), ("en", front_en, body_en)):
            suffix = "" if lang == "vi" else f".{lang}"
            if lang != "vi" and stamp is not None:  # translated from this very original
                front["source_digest"] = stamp(content / "tin-tuc" / f"{name}.md")
            lines = "\n".join(f"{k}: {v}" for k, v in front.items())
            (content / "tin-tuc" / f"{name}{suffix}.md").write_text(
                f"---\n{lines}\n---\n{body}", encoding="utf-8")
        hugo_articles.append(HugoArticle(
            name, when, author, category, tags, [_directive_name(n) for n in mentions],
            points, votes, {"vi": Side(title_vi, summary_vi, body_vi),
                            "en": Side(title_en, summary_en, body_en)}))
    if hugo:
        authors = [HugoAuthor(author_id, full_name, {"vi": role_vi, "en": role_en})
                   for author_id, full_name, role_vi, role_en in AUTHORS]
        write_hugo(out / "hugo", hugo_articles, hugo_directives, authors, repo)
        write_hugo_typical(out / "hugo-typical", repo, content="../hugo/content")
    return corpus


def generate_apart(out: Path, articles: int, seed: int = 1, hugo: bool = False,
                   repo: Path = REPO) -> Corpus:
    """generate() in a fresh process of its own, which gives its memory back when done.

    The benchmark must stay small while it starts what it measures: on Linux a process
    inherits its parent's high-water mark of resident memory as its own `ru_maxrss` when
    it starts another program, and writing 50,000 articles takes the writer to about 1 GB
    (220 MB at 10,000, without the Hugo site)."""
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=spawn) as writer:
        return writer.submit(generate, out, articles, seed, hugo, repo).result()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--hugo", action="store_true", help="also write the two Hugo sites")
    args = parser.parse_args()
    corpus = generate(args.out, args.articles, args.seed, args.hugo)
    print(f"{len(corpus.articles)} articles in {corpus.site}")


if __name__ == "__main__":
    main()
