"""What a long build shows while it runs: its phases, how far each has got, the time left.

The build is handed a `Progress` and only marks its phases (`with progress.phase("render",
len(todo))`) and what is done in them (`progress.advance(len(chunk))`); the Progress decides
what to show, on standard error (standard output stays the command's result):

- "tty": one line on the terminal, redrawn in place at most ten times a second: the phase
  in the editor's language, done/total and an estimate of the time left. Nothing at all for
  a build shorter than a second, so quick rebuilds do not flicker. The line is erased when
  the build ends, and by `clear()` before anything else is written, so an error line never
  follows half a status line.
- "lines": for logs (CI, a pipe): one line per phase when it ends, with its count and
  seconds; a log cannot be redrawn.
- "quiet": nothing (`--quiet`).

Written by hand rather than with a progress library: every command imports the command line,
a build that finds nothing to do takes a twentieth of a second, and this needs no more than
the standard library; the libraries that draw bars also draw from a thread, which the
forked render workers must not inherit.
"""

from __future__ import annotations

import math
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import TracebackType
from typing import Literal, TextIO, TypeVar

from .messages import Text, Translations, msg

Mode = Literal["tty", "lines", "quiet"]
Item = TypeVar("Item")

DELAY = 1.0  # seconds a build runs before the terminal shows anything
REDRAW = 0.1  # seconds between two redraws of the terminal's line at least

# The phases the build marks, in the editor's words; another name is shown as it is.
PHASE_NAMES = {
    "parse": msg("reading content files"),
    "collect": msg("assembling the site"),
    "images": msg("preparing images"),
    "plan": msg("planning the files"),
    "render": msg("rendering files"),
    "search": msg("indexing for search"),
    "write": msg("writing the output"),
    # import nukeviet|wordpress|feed
    "import-read": msg("reading the old site"),
    "import-write": msg("writing its articles"),
    "import-commit": msg("moving the files into the site"),
}


def mode_for(stream: TextIO, quiet: bool) -> Mode:
    """A terminal gets the redrawn line; a pipe or a file (CI logs) one line per phase."""
    if quiet:
        return "quiet"
    if stream.isatty() and os.environ.get("TERM") != "dumb":  # dumb: cannot go back (\r)
        return "tty"
    return "lines"


def quiet() -> Progress:
    """A Progress that shows nothing: for builds nobody watches (tests, workers)."""
    return Progress(sys.stderr, "quiet")


@dataclass
class _Phase:
    name: str
    total: int | None
    started: float
    done: int = 0


class Progress:
    """The progress of one build at a time; `with progress:` around each build (again for
    every rebuild of `serve`) starts its clock and erases the line at the end."""

    def __init__(self, stream: TextIO, mode: Mode, words: Translations | None = None, *,
                 clock: Callable[[], float] = time.monotonic, width: int | None = None
                 ) -> None:
        self.stream = stream
        self.mode = mode
        self.words = words
        self._clock = clock
        self._width = width  # None: the terminal's, asked at each redraw
        self._started = clock()
        self._phase: _Phase | None = None
        self._drawn = ""  # the text on the terminal's line now
        self._last_draw = -math.inf

    def __enter__(self) -> Progress:
        self._started = self._clock()
        self._last_draw = -math.inf
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.clear()

    @contextmanager
    def phase(self, name: str, total: int | None = None) -> Iterator[None]:
        """A phase of the build; `total`: how many pieces it makes, when that is known."""
        if self.mode == "quiet":
            yield
            return
        outer = self._phase
        current = self._phase = _Phase(name, total, self._clock())
        self._draw(current.started)  # a new phase shows at once, once the build is long
        finished = False
        try:
            yield
            finished = True
        finally:
            self._phase = outer
            if not finished:  # a traceback must not follow half a line
                self.clear()
            elif self.mode == "lines":
                self._write(self._summary(current, self._clock()).render(self.words) + "\n")

    def expect(self, total: int) -> None:
        """The current phase makes `total` pieces: known only once it has begun."""
        if self._phase is not None:
            self._phase.total = total

    def shows(self, name: str) -> bool:
        """Whether this phase is one the editor is shown (the others are only timed)."""
        return self.mode != "quiet" and name in PHASE_NAMES

    def advance(self, n: int = 1) -> None:
        """`n` more pieces of the current phase are done."""
        current = self._phase
        if current is None:
            return
        current.done += n
        if self.mode == "tty":
            now = self._clock()
            if now - self._last_draw >= REDRAW:
                self._draw(now)

    def counted(self, items: Iterable[Item]) -> Iterator[Item]:
        """Each item, one piece of the current phase done as the loop is through with it."""
        for item in items:
            yield item
            self.advance()

    def clear(self) -> None:
        """Erase the terminal's line, before anything else is written to the stream."""
        if self._drawn:
            self._write("\r" + " " * len(self._drawn) + "\r")
            self._drawn = ""

    def _draw(self, now: float) -> None:
        current = self._phase
        if self.mode != "tty" or current is None or now - self._started < DELAY:
            return
        text = self._status(current, now).render(self.words)[: self._columns() - 1]
        self._write("\r" + text.ljust(len(self._drawn)))  # spaces over a longer line's end
        self._drawn = text
        self._last_draw = now

    def _status(self, current: _Phase, now: float) -> Text:
        name = PHASE_NAMES.get(current.name, current.name)
        total, done = current.total, current.done
        if total is None:
            return msg("%(phase)s…", phase=name)
        if done == 0 or done >= total:
            return msg("%(phase)s: %(done)s/%(total)s", phase=name, done=done, total=total)
        left = (now - current.started) * (total - done) / done  # at the rate so far
        return msg("%(phase)s: %(done)s/%(total)s, about %(left)s left", phase=name,
                   done=done, total=total, left=_duration(left))

    def _summary(self, current: _Phase, now: float) -> Text:
        name = PHASE_NAMES.get(current.name, current.name)
        seconds = f"{now - current.started:.1f}"
        if current.total is None:
            return msg("%(phase)s: %(seconds)s s", phase=name, seconds=seconds)
        return msg("%(phase)s: %(count)s in %(seconds)s s", phase=name, count=current.done,
                   seconds=seconds)

    def _columns(self) -> int:
        if self._width is not None:
            return self._width
        try:  # asked again at each redraw: the window may have been resized
            columns = os.get_terminal_size(self.stream.fileno()).columns
        except (AttributeError, OSError, ValueError):
            columns = 0
        return columns or 80  # 0: a terminal that does not say

    def _write(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()


def _duration(seconds: float) -> Text:
    whole = max(1, math.ceil(seconds))
    if whole < 60:
        return msg("%(seconds)s s", seconds=whole)
    minutes, seconds = divmod(whole, 60)
    return msg("%(minutes)s min %(seconds)02d s", minutes=minutes, seconds=seconds)
