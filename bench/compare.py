#!/usr/bin/env python3
"""Two versions of Bantin side by side on one corpus: the cold build and a body edit.

    python bench/compare.py BEFORE [AFTER] [--articles 1000] [--rounds 3] [--seed 1]
                            [--search] [--json] [--dir DIR]

BEFORE and AFTER are git revisions of this repository (a commit, a branch, `HEAD`); AFTER
is the working tree as it is when left out. Each version builds its own copy of one corpus
(`generate.py`), with its own layouts, assets and locales: the theme is part of what
changed. A round builds each copy cold without the search index (`build --no-search`, no
cache, no output), then again after a paragraph is added to one article (a body edit: a
quick rebuild from the saved state). With --search both builds are production builds, with
the search index (the body edit then indexes again what it changed). The versions take
turns, and which goes first alternates from round to round, so that both meet the same
load.

For each step the report gives the least CPU time (user + system of the build process and
its workers: what a busy machine changes least), the fastest wall time, and the largest
peak memory of the process tree any round had (as `run.py` measures it), with AFTER over
BEFORE as a ratio. Beside it, the paired ratio: the median over rounds of each round's
AFTER / BEFORE, the two builds of a round having run one right after the other, so that a
machine whose speed drifts during the run moves both. Progress goes to stderr; --json
prints one object on stdout with every round's figures, the ratios and the machine (its
load average before and after).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generate import generate_apart
from run import REPO, Run, compile_engine, edit_body, machine, output_of, run

NOW = "2026-12-01T10:00"  # the builds' clock: the corpus's dates are before it
THEME = ("layouts", "assets", "locales")
STEPS = ("cold", "edit")


@dataclass(frozen=True)
class Figure:
    """One figure of a build: its key, how it is read from a Run, which of the rounds'
    values stands for a side (the least time, the largest memory), and how it is shown."""

    key: str
    read: Callable[[Run], float]
    best: Callable[[Iterable[float]], float]
    digits: int
    name: str
    unit: str


FIGURES = (Figure("cpu_s", lambda r: r.cpu, min, 3, "CPU", "s"),
           Figure("wall_s", lambda r: r.seconds, min, 3, "wall, fastest", "s"),
           Figure("peak_mb", lambda r: r.peak_mb, max, 1, "peak memory", "MB"))


def checkout(revision: str | None, work: Path) -> tuple[Path, str]:
    """The folder holding this version of Bantin, and its name: the working tree for
    None, else the revision's files extracted under `work`."""
    if revision is None:
        return REPO, "working tree"
    found = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--verify", "--short",
                            f"{revision}^{{commit}}"], capture_output=True, text=True,
                           check=False)
    if found.returncode != 0:
        sys.exit(f"bench: {revision} is not a commit of this repository")
    commit = found.stdout.strip()
    folder = work / f"bantin-{commit}"
    if not folder.is_dir():
        archive = subprocess.run(["git", "-C", str(REPO), "archive", "--format=tar", commit],
                                 capture_output=True, check=True).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
    return folder, commit


def build(engine: Path, site: Path, search: bool = False) -> Run:
    """One `build --no-search` of `site` by the Bantin in `engine`, or with `search` one
    production build."""
    env = {"PYTHONPATH": str(engine)}
    return run([sys.executable, str(engine / "build.py"), "build", "--root", str(site),
                *([] if search else ["--no-search"]), "--now", NOW], cwd=engine, env=env)


def round_of(engine: Path, corpus: Path, middle: str, site: Path, marker: str,
             search: bool = False) -> dict[str, Run]:
    """A fresh copy of the corpus with this version's theme, built cold, then after a body
    edit."""
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(corpus, site, symlinks=True)
    for part in THEME:
        shutil.rmtree(site / part, ignore_errors=True)
        shutil.copytree(engine / part, site / part)
    cold = build(engine, site, search)
    edit_body(site / "content" / "tin-tuc" / f"{middle}.md", marker)
    edit = build(engine, site, search)
    if marker not in output_of(site, f"/vi/tin-tuc/{middle}/"):
        sys.exit(f"bench: the body edit is not on its page after the build by {engine}")
    return {"cold": cold, "edit": edit}


def figures(runs: list[dict[str, Run]]) -> dict[str, dict[str, float]]:
    """A side's figures: for each step, the best of its rounds."""
    return {step: {f.key: round(f.best(f.read(r[step]) for r in runs), f.digits)
                   for f in FIGURES} for step in STEPS}


def paired(before: list[dict[str, Run]], after: list[dict[str, Run]], step: str
           ) -> dict[str, float]:
    """The median over rounds of each round's after / before, per figure."""
    return {f.key: round(statistics.median(f.read(a[step]) / f.read(b[step])
                                           for a, b in zip(after, before, strict=True)), 3)
            for f in FIGURES}


def compare(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    about = machine()
    sides = [checkout(args.before, work), checkout(args.after, work)]
    for engine, _name in sides:  # as an installed package is: not compiled in each build
        compile_engine(engine)
    corpus = generate_apart(work / "corpus", args.articles, args.seed)
    runs: list[list[dict[str, Run]]] = [[], []]
    for number in range(args.rounds):
        order = (0, 1) if number % 2 == 0 else (1, 0)
        for side in order:
            engine, name = sides[side]
            runs[side].append(round_of(engine, corpus.site, corpus.middle, work / f"site{side}",
                                       f"bench-compare-{number}", args.search))
            print(f"round {number + 1}/{args.rounds}: {name}: " + ", ".join(
                f"{step} {r.cpu:.2f} s CPU, {r.peak_mb:.0f} MB"
                for step, r in runs[side][-1].items()), file=sys.stderr, flush=True)
    before, after = figures(runs[0]), figures(runs[1])
    return {
        "articles": args.articles, "rounds": args.rounds, "seed": args.seed,
        "search": args.search,
        "before": {"version": sides[0][1], **before},
        "after": {"version": sides[1][1], **after},
        "ratios": {step: {key: round(after[step][key] / before[step][key], 3)
                          for key in before[step] if before[step][key]} for step in STEPS},
        "paired": {step: paired(runs[0], runs[1], step) for step in STEPS},
        "samples": {side: [{step: {f.key: round(f.read(r[step]), f.digits) for f in FIGURES}
                            for step in STEPS} for r in runs[index]]
                    for index, side in enumerate(("before", "after"))},
        "machine": {**about, "load_after": round(os.getloadavg()[0], 2)},
    }


def report(result: dict[str, Any]) -> str:
    before, after = result["before"], result["after"]
    lines = [f"{result['articles']} articles, {result['rounds']} rounds"
             f"{', production builds (search)' if result.get('search') else ''}: "
             f"{before['version']} (before) and {after['version']} (after)", "",
             f"{'step':<24}{'before':>12}{'after':>12}{'after / before':>16}{'paired':>8}"]
    for step, title in (("cold", "cold build"), ("edit", "body edit")):
        for f in FIGURES:
            lines.append(f"{title + ', ' + f.name:<24}{before[step][f.key]:>9.{f.digits}f} "
                         f"{f.unit:<2}{after[step][f.key]:>9.{f.digits}f} {f.unit:<2}"
                         f"{result['ratios'][step].get(f.key, float('nan')):>14.2f}"
                         f"{result['paired'][step][f.key]:>10.2f}")
    about = result["machine"]
    lines += ["", f"{about['python']}, {about['cores']} cores, load average "
                  f"{about['load_before']} before, {about['load_after']} after"]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("before", help="a git revision: the version to compare against")
    parser.add_argument("after", nargs="?", help="a git revision (default: the working tree)")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--search", action="store_true",
                        help="production builds, with the search index")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--dir", help="work folder (default: a temporary one, removed after)")
    args = parser.parse_args()
    if args.rounds < 1 or args.articles < 1:
        parser.error("--rounds and --articles must be at least 1")
    if args.dir:
        Path(args.dir).mkdir(parents=True, exist_ok=True)
        result = compare(args, Path(args.dir))
    else:
        with tempfile.TemporaryDirectory(prefix="bantin-compare-") as work:
            result = compare(args, Path(work))
    print(json.dumps(result) if args.json else report(result))


if __name__ == "__main__":
    main()
