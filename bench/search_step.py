#!/usr/bin/env python3
"""What Bantin's search step costs next to Pagefind's own indexing of the same pages.

    python bench/search_step.py --articles 1000 [--seed 1] [--dir DIR] [--repeat 3] [--json]
                                [--engine CHECKOUT]

On a corpus from bench/generate.py (N Vietnamese articles and their English translations):

  build           a cold build without the search index (it writes the pages)
  search          the search phase of a build with the index, pages unchanged: every
                  language indexed (a build without the index runs first, so that
                  none is kept); BANTIN_TIMINGS' `search` phase, and the build's peak memory
  pagefind        `pagefind --site public` on the same output, into a folder of its own: what
                  Pagefind alone costs to index these pages (it reads every HTML file)
  CPU             the CPU time (user + system) of each: the search step's as the build
                  notes it (`search_cpu`: the build process and Pagefind), Pagefind's from
                  wait4. On a shared machine it moves less than wall-clock time does.
  edit search     the search phase after one article's body was edited, and how many
                  pages it gave Pagefind again (`search_pages`)

The search step and Pagefind take turns, --repeat times each, and each one's fastest run is
kept (its peak memory the largest of its runs), as bench/run.py does. Peak memory is that
of bench/run.py: the proportional set size of the process and everything it started,
summed, or the largest single process's maximum RSS when larger; the search build's figure
includes the build process itself, so it is compared with Pagefind's own and with the build
without the index. --engine runs another checkout's build.py and theme (e.g. an older commit
unpacked with `git archive`), for before-and-after figures.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate_apart  # noqa: E402
from run import REPO, Run, edit_body, run  # noqa: E402


def pagefind_binary() -> str:
    from pagefind.service import get_executable

    binary = get_executable()
    if binary is None:
        sys.exit("bench: the Pagefind binary was not found (pip install 'pagefind[bin]')")
    return str(binary)


@dataclass
class Alone:
    seconds: float
    cpu_s: float
    peak_mb: float  # its maximum resident set size


def pagefind_alone(binary: str, site: Path, bundle: Path) -> Alone:
    start = time.perf_counter()
    process = subprocess.Popen([binary, "--site", str(site), "--output-path", str(bundle),
                                "--quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    said = process.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"bench: pagefind failed:\n{said}")
    return Alone(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def measure(args: argparse.Namespace) -> dict[str, object]:
    engine = Path(args.engine).resolve() if args.engine else REPO
    workdir = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="bantin-search-"))
    corpus = generate_apart(workdir, args.articles, args.seed, repo=engine)
    site = corpus.site
    base = [sys.executable, str(engine / "build.py"), "build", "--root", str(site)]
    log = (lambda *a: None) if args.json else (lambda *a: print(*a, file=sys.stderr))

    log(f"{args.articles} articles in {site}: cold build without the index…")
    cold = run(base + ["--no-search"], site)
    pages = sum(1 for _ in (site / "public").rglob("*.html"))
    binary = pagefind_binary()
    searches: list[Run] = []
    pagefinds: list[Alone] = []
    for i in range(args.repeat):
        log(f"run {i + 1} of {args.repeat}: the search step, then pagefind --site")
        run(base + ["--no-search"], site)  # no index left: every language is indexed again
        searches.append(run(base, site))
        bundle = Path(tempfile.mkdtemp(prefix="pagefind-", dir=workdir))
        pagefinds.append(pagefind_alone(binary, site / "public", bundle))
        shutil.rmtree(bundle, ignore_errors=True)
    search = min(searches, key=lambda r: r.timings.get("search", r.seconds))
    search_peak = max(r.peak_mb for r in searches)
    pagefind = min(pagefinds, key=lambda alone: alone.seconds)
    search_s = search.timings.get("search", search.seconds)
    search_cpu = min(r.timings.get("search_cpu", 0.0) for r in searches)
    pagefind_cpu = min(alone.cpu_s for alone in pagefinds)
    pagefind_peak = max(alone.peak_mb for alone in pagefinds)

    log("one article's body edited, then the build with the index")
    edit_body(site / "content" / "tin-tuc" / f"{corpus.middle}.md", "bench-search-edit")
    edited = run(base, site)

    result: dict[str, object] = {
        "articles": args.articles,
        "pages": pages,
        "engine": str(engine),
        "build_s": round(cold.seconds, 3),
        "build_peak_mb": round(cold.peak_mb, 1),
        "search_s": round(search_s, 3),
        "search_build_s": round(search.seconds, 3),
        "search_build_peak_mb": round(search_peak, 1),
        "search_pages": search.timings.get("search_pages"),
        "search_cpu_s": round(search_cpu, 3) or None,  # None: an engine that does not say
        "pagefind_s": round(pagefind.seconds, 3),
        "pagefind_cpu_s": round(pagefind_cpu, 3),
        "pagefind_peak_mb": round(pagefind_peak, 1),
        "search_vs_pagefind": round(search_s / pagefind.seconds, 2),
        "search_cpu_vs_pagefind": round(search_cpu / pagefind_cpu, 2) if search_cpu else None,
        "search_peak_vs_pagefind": round(search_peak / pagefind_peak, 2),
        "edit_search_s": round(edited.timings.get("search", 0.0), 3),
        "edit_search_pages": edited.timings.get("search_pages"),
        "edit_build_s": round(edited.seconds, 3),
        "edit_build_peak_mb": round(edited.peak_mb, 1),
        "repeat": args.repeat,
        "samples": {"search": [r.timings.get("search") for r in searches],
                    "search_build": [round(r.seconds, 3) for r in searches],
                    "pagefind": [round(alone.seconds, 3) for alone in pagefinds]},
    }
    if not args.dir:
        shutil.rmtree(workdir, ignore_errors=True)
    return result


def report(result: dict[str, object]) -> str:
    return "\n".join([
        f"{result['articles']} articles, {result['pages']} HTML pages ({result['engine']})",
        f"build without the index   {result['build_s']:>8} s  {result['build_peak_mb']:>8} MB",
        f"search step               {result['search_s']:>8} s  "
        f"{result['search_build_peak_mb']:>8} MB (the whole build)  "
        f"CPU {result['search_cpu_s']} s  {result['search_pages']} pages to Pagefind",
        f"pagefind --site public    {result['pagefind_s']:>8} s  "
        f"{result['pagefind_peak_mb']:>8} MB  CPU {result['pagefind_cpu_s']} s",
        f"ratio                     {result['search_vs_pagefind']:>8} ×  "
        f"{result['search_peak_vs_pagefind']:>8} ×  CPU {result['search_cpu_vs_pagefind']} ×",
        f"after one body edit       {result['edit_search_s']:>8} s  "
        f"{result['edit_build_peak_mb']:>8} MB (the whole build)  "
        f"{result['edit_search_pages']} pages to Pagefind",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dir", help="generate the corpus here and keep it")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--engine", help="a checkout whose build.py and theme to measure")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = measure(args)
    print(json.dumps(result, indent=2) if args.json else report(result))


if __name__ == "__main__":
    main()
