"""Problems found in the content, reported as `path:line: error: message` values."""

from __future__ import annotations

import gettext
from dataclasses import dataclass, field
from typing import Literal

from .messages import Text, render

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    path: str  # relative to the site root, with forward slashes
    line: int  # 1-based; 0 when the problem is about the whole file
    severity: Severity
    message: Text | str  # a Text is put into the editor's language when printed

    def render(self, translations: gettext.NullTranslations | None = None) -> str:
        """The report line. The prefix `path:line: error:` stays English in every language:
        editors' tools and CI annotations parse it."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {render(self.message, translations)}"

    def __str__(self) -> str:
        return self.render()

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.path, self.line, self.severity, str(self.message))


@dataclass
class Diagnostics:
    """Collects problems along a build; nothing stops at the first one."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, path: str, line: int, message: Text | str) -> None:
        self.items.append(Diagnostic(path, line, "error", message))

    def warning(self, path: str, line: int, message: Text | str) -> None:
        self.items.append(Diagnostic(path, line, "warning", message))

    def extend(self, other: list[Diagnostic]) -> None:
        self.items.extend(other)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def sorted(self) -> list[Diagnostic]:
        return sorted(set(self.items), key=Diagnostic.sort_key)


class InputError(Exception):
    """Why a file given to a command (a dump, an export, a feed) cannot be read, at `line`
    (1-based; 0: the whole file)."""

    def __init__(self, line: int, message: Text) -> None:
        super().__init__(str(message))
        self.line = line
        self.message = message
