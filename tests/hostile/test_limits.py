"""Pathological inputs finish quickly, with an error line or a safe page (docs/limits.md).

Each check runs build.py in a subprocess with a timeout, so a hang fails the test instead of
stopping the suite; the bounds are generous, the inputs cost a few seconds at most."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import NOW, REPO, article

TIMEOUT = 60  # seconds; each run takes a few


def run(site, *args: str) -> tuple[int, list[str]]:
    done = subprocess.run([sys.executable, str(REPO / "build.py"), *args, "--root",
                           str(site.root), "--now", NOW], capture_output=True, text=True,
                          timeout=TIMEOUT, check=False)
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, [line for line in done.stderr.splitlines() if ": error: " in line]


def alias_bomb(levels: int) -> str:
    """Nine times as many values at each level: 9**levels strings once expanded."""
    lines = ['l0: &l0 ["a", "a", "a", "a", "a", "a", "a", "a", "a"]']
    lines += [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, levels)]
    return "\n".join(lines)


def test_hostile_files_end_in_error_lines_within_seconds(make_site) -> None:
    site = make_site({
        "content/tin-tuc/ok.md": article(),
        "content/tin-tuc/bomb.md": f"---\n{alias_bomb(12)}\ntitle: x\ndate: 2023-02-30\n---\n",
        "content/tin-tuc/yaml-deep.md": "---\ntags: " + "[" * 100_000 + "\n---\n",
        "content/tin-tuc/quote-deep.md": article(body=">" * 100_000 + " x\n"),
        "content/tin-tuc/list-deep.md": article(body="- " * 100_000 + "x\n"),
        "content/tin-tuc/huge.md": article(body="Tin tức huyện Gò Công Tây.\n" * 616_000),
    })
    code, errors = run(site, "check")
    assert code == 1
    deep = ("quotes (`>`) and lists nest more than 19 levels deep here (a list level counts "
            "as two), and the text inside would be lost: nest them less")
    assert errors == [
        "content/tin-tuc/bomb.md:2: error: the l0 holds `&` (column 5), which YAML reads as "
        "an anchor or alias; front-matter takes neither: write the value out in full, or, "
        "when `&` is part of the text, put the whole l0 in double quotes",
        "content/tin-tuc/huge.md:1: error: the file is 20.0 MB; a page may be at most 4 MB: "
        "split it into several pages, or link to the document instead of pasting it in",
        f"content/tin-tuc/list-deep.md:7: error: {deep}",
        f"content/tin-tuc/quote-deep.md:7: error: {deep}",
        "content/tin-tuc/yaml-deep.md:2: error: the front-matter nests lists or mappings over "
        "1,000 levels deep: front-matter needs two levels at most",
    ]


def test_many_equal_headings_and_brackets_make_a_page_within_seconds(make_site) -> None:
    site = make_site({"content/tin-tuc/a.md": article(
        body="## Mục\n\nĐoạn.\n\n" * 10_000 + "[" * 100_000 + " cuối\n")})
    code, errors = run(site, "build", "--no-search")
    assert (code, errors) == (0, [])
    html = (site.root / "public/vi/tin-tuc/a/index.html").read_text(encoding="utf-8")
    assert html.count("<h2 id=\"muc") == 10_000  # the layout has headings of its own
    assert '<h2 id="muc">' in html and '<h2 id="muc-9999">' in html
    assert "[" * 100_000 + " cuối" in html
