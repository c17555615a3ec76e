#!/usr/bin/env python3
"""What a build without search holds in memory, per 1,000 articles (issue 16).

    python bench/memory.py --articles 1000,2000 [--seed 1] [--top 20] [--frames 1] [--json]

For each of the two sizes, a fresh process builds the synthetic corpus (bench/generate.py)
cold without the search index, as `build.py build --no-search` does (the garbage collector
off), but in one process (BANTIN_JOBS=1) and under tracemalloc. It records:

  phases     the Python heap (traced memory) as each of the engine's phases ends
             (bantin/engine/timings.py), and its peak within the phase
  holders    a tracemalloc snapshot at the end of the render phase, grouped by the line
             that allocated, by file, and (with --frames 12 or so, some ten times slower)
             by the innermost line in bantin/ that asked for it
  objects    the deep size of what the build keeps: the Site (pages, documents without
             the bodies it left on disk, registry), the plan (outputs), the Facts store, the
             Renderer; the saved state's pickle and the cache database on disk
  garbage    what gc.collect() frees once the build is over: the cyclic garbage the build
             left while the collector was off

Then, without tracemalloc (whose tables and snapshot take memory of their own), the peak
memory of three whole cold builds, as bench/run.py takes it: as Netlify runs them (this
process and a forked worker per extra core), in one process, and in one process with the
collector on.

Every figure of the larger size minus the smaller's, per 1,000 articles added, is what
grows with the site: the start-up cost cancels out.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import shutil
import subprocess
import sys
import tempfile
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
MB = 1024 * 1024


def _status_mb(field: str) -> float:
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith(field):
                return int(line.split()[1]) / 1024
    return 0.0


def deep_size(roots: dict[str, object]) -> dict[str, float]:
    """MB reachable from each root and not from an earlier one (modules, classes and
    functions left out: they are the program, not the site)."""
    import types

    skip = (type, types.ModuleType, types.FunctionType, types.BuiltinFunctionType,
            types.CodeType, types.MethodType)
    seen: set[int] = set()
    sizes = {}
    for name, root in roots.items():
        total = 0
        todo = [root]
        while todo:
            obj = todo.pop()
            if id(obj) in seen or isinstance(obj, skip):
                continue
            seen.add(id(obj))
            total += sys.getsizeof(obj)
            todo.extend(gc.get_referents(obj))
        sizes[name] = round(total / MB, 2)
    return sizes


def _group(stats: list[tracemalloc.Statistic], top: int,
           by_file: bool = False) -> list[dict[str, Any]]:
    def where(stat: tracemalloc.Statistic) -> str:
        frame = stat.traceback[0]
        return _short(frame.filename) + ("" if by_file else f":{frame.lineno}")

    return [{"where": where(s), "mb": round(s.size / MB, 2), "blocks": s.count}
            for s in stats[:top]]


def by_bantin_line(snapshot: tracemalloc.Snapshot, top: int) -> list[dict[str, Any]]:
    """The traced memory grouped by the innermost frame in bantin/ (else the innermost)."""
    bantin = str(REPO / "bantin")
    totals: dict[tuple[str, int], list[int]] = {}
    for trace in snapshot.traces:
        frames = trace.traceback
        # the frames run from the oldest to the most recent
        chosen = next((f for f in reversed(frames) if f.filename.startswith(bantin)),
                      frames[-1])
        slot = totals.setdefault((chosen.filename, chosen.lineno), [0, 0])
        slot[0] += trace.size
        slot[1] += 1
    ranked = sorted(totals.items(), key=lambda item: -item[1][0])[:top]
    return [{"where": f"{_short(path)}:{line}", "mb": round(size / MB, 2), "blocks": count}
            for (path, line), (size, count) in ranked]


def _short(path: str) -> str:
    """bantin/x.py for Bantin's files, package/x.py for a library's."""
    parts = Path(path).parts
    if path.startswith(str(REPO / "bantin")):
        return Path(path).relative_to(REPO).as_posix()
    return "/".join(parts[-2:])


def one(site: Path, top: int, frames: int) -> dict[str, Any]:
    """Build SITE in this process under tracemalloc; the figures above as one object."""
    os.environ["BANTIN_JOBS"] = "1"
    sys.path.insert(0, str(REPO))
    from datetime import datetime

    from bantin.core import heap
    from bantin.engine import Engine
    from bantin.engine.timings import Timings
    from bantin.model.config_file import load_config
    from bantin.model.freshness import scan
    from bantin.model.options import BuildOptions

    for made in (site / ".cache", site / "public"):  # a cold build
        shutil.rmtree(made, ignore_errors=True)
    config = load_config(site)
    options = BuildOptions(now=datetime.now(tz=config.tz), search=False)
    phases: dict[str, dict[str, float]] = {}
    snapshots: dict[str, tracemalloc.Snapshot] = {}
    original = Timings.phase

    @contextlib.contextmanager
    def phase(self: Timings, name: str, total: int | None = None) -> Iterator[None]:
        if name in phases:  # a phase entered twice: its second time
            name += "2"
        tracemalloc.reset_peak()
        with original(self, name, total):
            yield
        traced, peak = tracemalloc.get_traced_memory()
        phases[name] = {"traced_mb": round(traced / MB, 1), "peak_in_phase_mb": round(peak / MB, 1),
                        "rss_mb": round(_status_mb("VmRSS:"), 1),
                        "hwm_mb": round(_status_mb("VmHWM:"), 1)}
        if name == "render":
            snapshots[name] = tracemalloc.take_snapshot()

    Timings.phase = phase  # type: ignore[assignment,method-assign]
    heap.for_one_command()  # as build.py runs a build: no collector passes
    start_rss = _status_mb("VmRSS:")
    tracemalloc.start(frames)
    result = Engine(site / "public", saves_state=True).build(config, options, scan(site))
    traced_end = tracemalloc.get_traced_memory()[0]
    unreachable = gc.collect()
    traced_collected = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    assert result.ok, [d.render(None) for d in result.diagnostics.items]
    state = result.state
    assert state is not None
    snapshot = snapshots["render"].filter_traces(
        [tracemalloc.Filter(False, tracemalloc.__file__)])
    found: dict[str, Any] = {
        "start_rss_mb": round(start_rss, 1),
        # until the snapshot, which takes memory of its own
        "hwm_mb": phases["render"]["hwm_mb"],
        "traced_end_mb": round(traced_end / MB, 1),
        "phases": phases,
        "by_line": _group(snapshot.statistics("lineno"), top),
        "by_file": _group(snapshot.statistics("filename"), top, by_file=True),
        "by_bantin_line": by_bantin_line(snapshot, top),
        "pages": len(state.site.pages),
        "outputs": len(state.outputs or ()),
    }
    # Not a body left on disk (content.OnDisk): only where it is counts.
    found["objects_mb"] = deep_size({
        "site (pages, documents, registry)": state.site,
        "outputs (the plan)": state.outputs,
        "facts (the build's Facts store)": state.renderer.facts.store,
        "renderer (Jinja environments, assets, images)": state.renderer,
    })
    cache = next((site / ".cache").glob("**/build.db"))
    found["disk_mb"] = {
        "state.pickle": round((cache.parent / "state.pickle").stat().st_size / MB, 2),
        "build.db": round(sum(p.stat().st_size for p in cache.parent.glob("build.db*")) / MB, 2),
    }
    found["garbage"] = {"objects": unreachable,
                        "mb": round((traced_end - traced_collected) / MB, 2)}
    return found


# Whole builds (build.py build --no-search, cold), their peak memory as bench/run.py takes
# it: as Netlify runs them, in one process, and in one process with the collector on.
COLLECTOR_ON = """
import contextlib, sys
from bantin.core import heap
heap.uncollected = contextlib.nullcontext
heap.for_one_command = lambda: None
from bantin.commands.cli import main
sys.exit(main(sys.argv[1:]))
"""


def variants(site: Path) -> dict[str, float]:
    """The peak memory (MB) of a cold build without search, run three ways."""
    from run import BUILD, run

    command = ["build", "--root", str(site), "--no-search"]
    ways = {"as built": ([sys.executable, str(BUILD), *command], {}),
            "one process": ([sys.executable, str(BUILD), *command], {"BANTIN_JOBS": "1"}),
            "one process, collector on": ([sys.executable, "-c", COLLECTOR_ON, *command],
                                          {"BANTIN_JOBS": "1"})}
    found = {}
    for name, (argv, env) in ways.items():
        for made in (site / ".cache", site / "public"):
            shutil.rmtree(made, ignore_errors=True)
        found[name] = round(run(argv, site, env={**env, "PYTHONPATH": str(REPO)}).peak_mb, 1)
    return found


def compare(small: dict[str, Any], large: dict[str, Any], articles: tuple[int, int],
            key: str, top: int) -> list[dict[str, Any]]:
    """Each holder's growth per 1,000 articles between the two sizes."""
    per = 1000 / (articles[1] - articles[0])
    before = {row["where"]: row["mb"] for row in small[key]}
    rows = [{"where": row["where"], "mb": row["mb"],
             "per_1k_mb": round((row["mb"] - before.get(row["where"], 0.0)) * per, 2)}
            for row in large[key]]
    return sorted(rows, key=lambda row: -row["per_1k_mb"])[:top]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", default="1000,2000", help="two sizes: N,M")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--frames", type=int, default=1,
                        help="frames kept per allocation: more find the bantin/ line that "
                             "asked (12: some ten times slower)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)  # the child: this site
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one, 10 * args.top, args.frames)))
        return
    sizes = sorted({int(n) for n in args.articles.split(",")})
    if len(sizes) != 2:
        parser.error("--articles takes two sizes, e.g. 1000,2000")
    sys.path.insert(0, str(HERE))
    from generate import generate

    results = []
    with tempfile.TemporaryDirectory(prefix="bantin-memory-") as scratch:
        for articles in sizes:
            print(f"{articles} articles: generating and building…", file=sys.stderr)
            corpus = generate(Path(scratch) / str(articles), articles, args.seed)
            done = subprocess.run([sys.executable, __file__, "--one", str(corpus.site),
                                   "--top", str(args.top), "--frames", str(args.frames)],
                                  capture_output=True, text=True, check=True)
            results.append(json.loads(done.stdout))
            results[-1]["builds_mb"] = variants(corpus.site)
    small, large = results
    pair = (sizes[0], sizes[1])
    per = 1000 / (sizes[1] - sizes[0])
    summary = {
        "articles": sizes,
        "sizes": results,
        "per_1k": {
            "hwm_mb": round((large["hwm_mb"] - small["hwm_mb"]) * per, 1),
            "traced_end_mb": round((large["traced_end_mb"] - small["traced_end_mb"]) * per, 1),
            "phases": {name: round((large["phases"][name]["traced_mb"]
                                    - small["phases"][name]["traced_mb"]) * per, 1)
                       for name in large["phases"] if name in small["phases"]},
            "phase_peaks": {name: round((large["phases"][name]["peak_in_phase_mb"]
                                         - small["phases"][name]["peak_in_phase_mb"]) * per, 1)
                            for name in large["phases"] if name in small["phases"]},
            "objects_mb": {name: round((large["objects_mb"][name]
                                        - small["objects_mb"][name]) * per, 2)
                           for name in large["objects_mb"]},
            "disk_mb": {name: round((large["disk_mb"][name] - small["disk_mb"][name]) * per, 2)
                        for name in large["disk_mb"]},
            "garbage_mb": round((large["garbage"]["mb"] - small["garbage"]["mb"]) * per, 1),
            "builds_mb": {name: round((large["builds_mb"][name] - small["builds_mb"][name])
                                      * per, 1) for name in large["builds_mb"]},
            "by_line": compare(small, large, pair, "by_line", args.top),
            "by_bantin_line": compare(small, large, pair, "by_bantin_line", args.top),
            "by_file": compare(small, large, pair, "by_file", args.top),
        },
    }
    if args.json:
        print(json.dumps(summary))
        return
    grown = summary["per_1k"]
    print(f"Per 1,000 articles, from {sizes[0]:,} to {sizes[1]:,} (one process, tracemalloc):")
    print(f"  resident set under tracemalloc, its high-water mark at the end of the render "
          f"phase  {grown['hwm_mb']} MB  ({small['hwm_mb']} → {large['hwm_mb']} MB)")
    print("  Python heap as each phase ends: " + ", ".join(
        f"{name} {value}" for name, value in grown["phases"].items()) + " MB")
    print("  Python heap at its peak within each phase: " + ", ".join(
        f"{name} {value}" for name, value in grown["phase_peaks"].items()) + " MB")
    print("  cyclic garbage freed by gc.collect() after the build: "
          f"{grown['garbage_mb']} MB traced")
    for title, key in (("peak memory of whole builds", "builds_mb"),
                       ("objects kept", "objects_mb"), ("on disk", "disk_mb")):
        print(f"  {title}: " + "; ".join(f"{name} {value}" for name, value in grown[key].items())
              + " MB")
    groups = [("by the allocating line", "by_line"), ("by file", "by_file")]
    if args.frames > 1:  # with one frame, the same as by the allocating line
        groups.insert(0, ("by the bantin/ line that asked", "by_bantin_line"))
    for title, key in groups:
        print(f"At the end of the render phase, {title}: MB per 1,000 articles (MB at "
              f"{sizes[1]:,})")
        for row in grown[key]:
            print(f"  {row['per_1k_mb']:>7.2f}  ({row['mb']:>6.1f})  {row['where']}")


if __name__ == "__main__":
    main()
