"""What `check` and the build say about one site: their exit status and their error lines,
run in this process through the command line's own entry point (as build.py runs them)."""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from pathlib import Path

from bantin.commands.cli import main
from tests.conftest import NOW


@dataclass(frozen=True)
class Said:
    status: int
    errors: list[str]  # the `path:line: error:` lines, in the order printed
    text: str  # everything printed on standard error


def run(root: Path, *args: str) -> Said:
    """One command on the site at `root`, its messages in English."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        status = main([*args, "--root", str(root), "--now", NOW, "--lang", "en"])
    text = err.getvalue()
    return Said(status, [line for line in text.splitlines() if ": error: " in line], text)


def check_and_build(root: Path) -> tuple[Said, Said]:
    """`check`, then a production build without the search index (quicker; the index is
    made from pages the build already wrote)."""
    return run(root, "check"), run(root, "build", "--no-search", "--quiet")
