"""What a long build shows while it runs: a redrawn line on a terminal, a line per phase in a
log, nothing with --quiet or for a quick build."""

from __future__ import annotations

import io
import re
import subprocess
import sys

import pytest

from bantin.core import progress as progress_module
from bantin.core.messages import translations_for
from bantin.core.progress import Progress, mode_for
from tests.conftest import NOW, REPO, article


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def on_terminal(width: int = 80) -> tuple[Clock, Terminal, Progress]:
    clock, terminal = Clock(), Terminal()
    return clock, terminal, Progress(terminal, "tty", clock=clock, width=width)


def screen(written: str) -> list[str]:
    """What a terminal shows after receiving `written`: \\r goes back to the line's start
    and the characters after it overwrite those before; trailing blanks are not seen."""
    shown = []
    for line in written.split("\n"):
        cells: list[str] = []
        for part in line.split("\r"):
            cells[: len(part)] = part  # from the first column on
        shown.append("".join(cells).rstrip())
    return shown


def test_a_log_gets_one_line_per_phase_with_its_count_and_seconds() -> None:
    clock, log = Clock(), io.StringIO()
    progress = Progress(log, "lines", clock=clock)
    with progress:
        with progress.phase("parse", 3):
            clock.now += 0.5
            progress.advance(2)
            clock.now += 0.2
            progress.advance()
        assert log.getvalue() == "reading content files: 3 in 0.7 s\n"
        with progress.phase("collect"):
            clock.now += 1.5
    assert log.getvalue() == "reading content files: 3 in 0.7 s\nassembling the site: 1.5 s\n"


def test_phases_are_named_in_the_editors_language() -> None:
    clock, log = Clock(), io.StringIO()
    progress = Progress(log, "lines", translations_for("vi"), clock=clock)
    with progress, progress.phase("render", 40):
        clock.now += 2.0
        progress.advance(40)
    assert log.getvalue() == "dựng tệp: 40 trong 2.0 giây\n"


def test_a_terminal_line_is_redrawn_with_the_time_left_at_most_ten_times_a_second() -> None:
    clock, terminal, progress = on_terminal()
    with progress:
        clock.now += 1.5  # the build has run long enough to be worth showing
        with progress.phase("render", 100):
            assert screen(terminal.getvalue()) == ["rendering files: 0/100"]
            clock.now += 1.0
            progress.advance(25)  # 25 in a second: 75 more take 3 s
            assert screen(terminal.getvalue()) == ["rendering files: 25/100, about 3 s left"]
            clock.now += 0.0625
            progress.advance(5)  # a sixteenth of a second later: not drawn again
            assert screen(terminal.getvalue()) == ["rendering files: 25/100, about 3 s left"]
            clock.now += 0.0625
            progress.advance(20)  # 50 in 1.125 s: 50 more take 1.125 s
            assert screen(terminal.getvalue()) == ["rendering files: 50/100, about 2 s left"]
            assert terminal.getvalue().count("\r") == 3  # three drawings, one line
        with progress.phase("parse", 1000):
            clock.now += 5.0
            progress.advance(40)  # 960 more at 8 a second: two minutes
            assert screen(terminal.getvalue()) == [
                "reading content files: 40/1000, about 2 min 00 s left"]
        with progress.phase("write"):  # a phase without a count: its name
            assert screen(terminal.getvalue()) == ["writing the output…"]
    assert screen(terminal.getvalue()) == [""]  # erased when the build ends


def test_the_terminal_line_fits_the_terminals_width() -> None:
    clock, terminal, progress = on_terminal(width=20)
    with progress, progress.phase("parse", 1000):
        clock.now += 3.0
        progress.advance(500)
        assert screen(terminal.getvalue()) == ["reading content fil"]  # no wrapping


def test_the_line_is_erased_before_an_error_line_is_printed() -> None:
    clock, terminal, progress = on_terminal()
    with progress:
        clock.now += 2.0
        with progress.phase("parse", 10):
            clock.now += 1.0
            progress.advance(3)
            progress.clear()
            terminal.write("content/tin-tuc/a.md:3: error: `date` is missing\n")
    assert screen(terminal.getvalue()) == ["content/tin-tuc/a.md:3: error: `date` is missing", ""]


def test_a_phase_that_fails_erases_the_line_before_the_traceback() -> None:
    clock, terminal, progress = on_terminal()
    with pytest.raises(KeyboardInterrupt), progress:
        clock.now += 2.0
        with progress.phase("render", 10):
            raise KeyboardInterrupt
    assert screen(terminal.getvalue()) == [""]


def test_a_build_shorter_than_a_second_shows_nothing_on_a_terminal() -> None:
    clock, terminal, progress = on_terminal()
    for _rebuild in range(2):  # serve: the same Progress for every rebuild
        with progress:
            for name in ("parse", "collect", "render"):
                with progress.phase(name, 200):
                    clock.now += 0.2
                    progress.advance(200)
        clock.now += 10.0  # the editor's pause between two rebuilds does not count
    assert terminal.getvalue() == ""


def test_quiet_shows_nothing() -> None:
    clock, terminal = Clock(), Terminal()
    progress = Progress(terminal, "quiet", clock=clock, width=80)
    with progress:
        with progress.phase("parse", 5000):
            clock.now += 30.0
            progress.advance(100)
        with progress.phase("collect"):
            clock.now += 30.0
    assert terminal.getvalue() == ""


def test_a_terminal_gets_the_line_and_a_log_or_a_dumb_terminal_gets_lines(monkeypatch) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")
    assert mode_for(Terminal(), quiet=False) == "tty"
    assert mode_for(io.StringIO(), quiet=False) == "lines"
    assert mode_for(Terminal(), quiet=True) == "quiet"
    monkeypatch.setenv("TERM", "dumb")  # e.g. an editor's shell buffer: no going back
    assert mode_for(Terminal(), quiet=False) == "lines"


def test_build_errors_on_a_terminal_follow_no_half_drawn_line(make_site, monkeypatch,
                                                              capsys) -> None:
    site = make_site({"content/tin-tuc/a.md": article(rating="{points: 7, votes: 1}")})
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(progress_module, "DELAY", 0.0)  # as if the build were long
    assert site.build("--no-search") == 1
    assert "reading content files" in terminal.getvalue()  # it was drawn …
    assert screen(terminal.getvalue()) == [  # … and erased before the errors
        "content/tin-tuc/a.md:6: error: `rating.points` must be between votes and 5 × votes "
        "(1–5 stars per vote); got 7 for 1 vote",
        "build failed: 1 error; public/ left as it was",
        ""]


PHASE_LINE = re.compile(r"^(reading content files|preparing images|rendering files): \d+ "
                        r"in \d+\.\d s$|^(assembling the site|planning the files|indexing for "
                        r"search|writing the output): \d+\.\d s$")


def test_a_build_in_ci_logs_one_line_per_phase_and_quiet_none(make_site) -> None:
    site = make_site({"content/tin-tuc/a.md": article(), "content/tin-tuc/b.md": article("B")})

    def build(*args: str) -> subprocess.CompletedProcess[str]:  # stderr a pipe, not a terminal
        return subprocess.run(
            [sys.executable, str(REPO / "build.py"), "build", "--root", str(site.root),
             "--now", NOW, *args], capture_output=True, text=True, check=True, timeout=120)

    logged = build("--out", str(site.root / "public"))
    lines = logged.stderr.splitlines()
    assert [line.split(":")[0] for line in lines[:7]] == [
        "reading content files", "assembling the site", "preparing images",
        "planning the files", "rendering files", "indexing for search", "writing the output"]
    assert all(PHASE_LINE.match(line) for line in lines[:7])
    assert lines[0] == "reading content files: 2 in " + lines[0].rsplit(" in ", 1)[1]
    assert not any(PHASE_LINE.match(line) for line in lines[7:])
    assert re.match(r"built \d+ pages into ", lines[7])

    quiet = build("--out", str(site.root / "twin"), "--quiet")
    assert quiet.stderr.replace("twin", "public") == "\n".join(lines[7:]) + "\n"
    assert quiet.stdout == logged.stdout == ""  # standard output is not the progress's
