"""How `build.py import nukeviet` scales: synthetic NukeViet portals of several sizes,
imported side by side in one run, each in a process of its own.

    .venv/bin/python bench/import_portal.py --articles 2000,20000 [--json]

Each portal is written in NukeViet's own dump format (tests/nukeviet_portal.py, the same
writer the tests use): two news modules (one a copy, as district portals have), 24
categories, tags, bylines, ratings, bodies of CKEditor and Word-pasted HTML (1-6 KB), one
lead image in four articles, and an uploads/ folder with those images. The figures are the
import's wall and CPU time and its peak memory (the child's own maxrss), and the ratio of
each size to the smallest.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.nukeviet_portal import (  # noqa: E402 - after the path above
    CAT,
    DETAIL,
    MODULES,
    ROWS,
    TAGS,
    TAGS_ID,
    table,
)
from tests.nukeviet_portal import HEADER as DUMP_HEADER  # noqa: E402

_TEXT = ("thông tin đối ngoại huyện Gò Công Tây kiều bào hội nghị triển khai kết luận "
         "nhân dân lễ hội văn hóa du lịch đầu tư nông sản ban chỉ đạo xã ấp")
WORDS = _TEXT.split()
SITE_PARTS = ("config.toml", "netlify.toml", "layouts", "assets", "locales", "package.json")
JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffdb004300") + bytes(64) + \
    bytes.fromhex("ffd9")


def _sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(8, 24))
    return " ".join(words).capitalize() + "."


def _body(rng: random.Random, image: str | None) -> str:
    """CKEditor and Word-pasted HTML, as portals hold it."""
    parts = []
    for _ in range(rng.randint(3, 14)):
        style = rng.random()
        text = " ".join(_sentence(rng) for _ in range(rng.randint(2, 6)))
        if style < 0.3:
            parts.append(f'<p class="MsoNormal" style="text-align:justify"><span '
                         f'style="font-size:14pt">{text}</span></p>')
        elif style < 0.5:
            parts.append(f"<p>{text}<br />\r\n<br />\r\n&nbsp;</p>")
        elif style < 0.55:
            parts.append("<table><tr><td>Chỉ tiêu</td><td>Kết quả</td></tr>"
                         f"<tr><td>{_sentence(rng)}</td><td>{rng.randint(1, 99)}%</td></tr>"
                         "</table>")
        else:
            parts.append(f"<p><strong>{_sentence(rng)}</strong> {text}</p>")
    if image:
        parts.insert(1, f'<p style="text-align:center"><img alt="{_sentence(rng)}" '
                        f'src="/uploads/news/{image}" /></p>')
    return "".join(parts)


def write_portal(folder: Path, articles: int, seed: int = 7) -> tuple[Path, Path]:
    """The dump and the uploads folder of a portal with `articles` articles."""
    rng = random.Random(seed)
    uploads = folder / "uploads"
    modules = [
        {"title": "tin-tuc", "module_file": "news", "module_data": "news",
         "module_upload": "news", "custom_title": "Tin tức", "act": 1, "weight": 1},
        {"title": "tin-dia-phuong", "module_file": "news", "module_data": "tin_dia_phuong",
         "module_upload": "news", "custom_title": "Tin địa phương", "act": 1, "weight": 2},
    ]
    dump = folder / "portal.sql"
    with dump.open("w", encoding="utf-8") as out:
        out.write(DUMP_HEADER)
        out.write(table("nv4_vi_modules", MODULES, modules))
        for module, share in (("news", 0.8), ("tin_dia_phuong", 0.2)):
            count = int(articles * share)
            first = 1 if module == "news" else int(articles * 0.8) + 1
            cats = [{"catid": c, "title": f"Chuyên mục {c}", "alias": f"chuyen-muc-{c}",
                     "status": 1} for c in range(1, 13)]
            out.write(table(f"nv4_vi_{module}_cat", CAT, cats))
            tags = [{"tid": t, "title": f"thẻ {t}", "alias": f"the-{t}"} for t in range(1, 60)]
            out.write(table(f"nv4_vi_{module}_tags", TAGS, tags))
            rows, details, tagged = [], [], []
            for number in range(first, first + count):
                image = None
                if number % 4 == 0:
                    image = f"{2015 + number % 10}_{1 + number % 12:02d}/anh-{number}.jpg"
                    (uploads / "news" / image).parent.mkdir(parents=True, exist_ok=True)
                    (uploads / "news" / image).write_bytes(JPEG)
                when = 1420070400 + number * 3600 * 7
                votes = rng.randint(0, 9)
                rows.append({
                    "id": number, "catid": 1 + number % 12,
                    "listcatid": f"{1 + number % 12},{1 + (number + 5) % 12}", "status": 1,
                    "admin_id": 1, "author": rng.choice(
                        ["Đ/c Hồ Văn Hùng - UVBTV - Trưởng Ban Tuyên giáo", "Minh Tâm",
                         "Lê Thanh Bình - Phòng Văn hóa và Thông tin", ""]),
                    "addtime": when, "publtime": when, "inhome": 1, "allowed_rating": 1,
                    "title": _sentence(rng)[:-1], "alias": f"bai-viet-{number}",
                    "hometext": _sentence(rng), "homeimgfile": image or "",
                    "homeimgalt": _sentence(rng) if image else "",
                    "total_rating": votes * rng.randint(1, 5), "click_rating": votes})
                details.append({"id": number, "bodyhtml": _body(rng, image)})
                tagged += [{"id": number, "tid": t, "keyword": f"thẻ {t}"}
                           for t in rng.sample(range(1, 60), 2)]
            out.write(table(f"nv4_vi_{module}_rows", ROWS, rows))
            out.write(table(f"nv4_vi_{module}_tags_id", TAGS_ID, tagged))
            # The bodies last, in pieces, as a big dump's many INSERTs would hold them.
            for start in range(0, len(details), 500):
                out.write(table(f"nv4_vi_{module}_detail", DETAIL, details[start:start + 500]))
        out.write("\n")
    return dump, uploads


def new_site(folder: Path) -> Path:
    """An empty site with this repository's configuration and theme."""
    site = folder / "site"
    for part in SITE_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, site / part)
        else:
            site.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, site / part)
    (site / "content").mkdir()
    return site


_CHILD = """
import resource, sys, time
from bantin.commands.cli import main
start, cpu = time.perf_counter(), time.process_time()
status = main(sys.argv[1:])
print(status, time.perf_counter() - start, time.process_time() - cpu,
      resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def import_once(site: Path, dump: Path, uploads: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, "import", "nukeviet", str(dump), "--uploads",
         str(uploads), "--root", str(site)], cwd=REPO, capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)})
    last = done.stderr.strip().splitlines()[-1].split()
    if done.returncode != 0 or last[0] != "0":
        raise SystemExit(f"the import failed:\n{done.stderr[-3000:]}")
    articles = len(list((site / "content/tin-tuc").glob("*.md")))
    return {"wall_s": float(last[1]), "cpu_s": float(last[2]),
            "peak_mb": int(last[3]) / 1024, "articles_written": articles}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", default="2000,20000",
                        help="portal sizes, comma-separated (default 2000,20000)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    sizes = [int(n) for n in args.articles.split(",")]
    results = []
    with tempfile.TemporaryDirectory(prefix="bantin-import-bench-") as work:
        portals = []
        for size in sizes:
            folder = Path(work) / str(size)
            folder.mkdir()
            dump, uploads = write_portal(folder, size)
            portals.append((size, folder, dump, uploads))
        load = os.getloadavg()[0]
        for size, folder, dump, uploads in portals:
            measured = import_once(new_site(folder), dump, uploads)
            results.append({"articles": size, "dump_mb": dump.stat().st_size / 2**20,
                            **measured})
        load_after = os.getloadavg()[0]
    base = results[0]
    for row in results:
        row["wall_ratio"] = row["wall_s"] / base["wall_s"]
        row["peak_ratio"] = row["peak_mb"] / base["peak_mb"]
        row["dump_ratio"] = row["dump_mb"] / base["dump_mb"]
    if args.json:
        print(json.dumps({"load": [load, load_after], "results": results}, indent=2))
        return 0
    print(f"load average {load:.1f} -> {load_after:.1f}, {os.cpu_count()} cores, "
          f"Python {sys.version.split()[0]}")
    print("| articles | dump | wall | CPU | peak memory | dump × | wall × | peak × |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in results:
        print(f"| {row['articles']:,} | {row['dump_mb']:.0f} MB | {row['wall_s']:.1f} s | "
              f"{row['cpu_s']:.1f} s | {row['peak_mb']:.0f} MB | {row['dump_ratio']:.1f} | "
              f"{row['wall_ratio']:.1f} | {row['peak_ratio']:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
