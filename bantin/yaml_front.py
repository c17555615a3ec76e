"""Front-matter YAML read safely, and YAML's own errors said as what an editor should do.

The loader refuses anchors and aliases (`&a`, `*a`): front-matter never needs them, and an
alias "bomb" (a few lines expanding to billions of values) would otherwise hang the checks
that walk the values. An impossible date such as 2023-02-30 is kept as its text, so the
field's own check reports it and the file's other fields are still checked.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

try:  # the C loader is several times faster, and is there on most installs
    _Base: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Base = yaml.SafeLoader


class NotADate(str):
    """A YAML timestamp that is no real day (2023-02-30): its text, for the field's check."""


class _Loader(_Base):  # type: ignore[misc,valid-type]
    pass


def _timestamp(loader: Any, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return NotADate(node.value)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


class YamlProblem(Exception):
    """Why the front-matter cannot be read: at `line` (0-based, in the front-matter)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def load(text: str) -> tuple[Any, yaml.Node | None]:
    """The front-matter's value and its node tree, or YamlProblem."""
    try:
        if "&" in text or "*" in text:  # only then can there be an anchor or alias
            _refuse_anchors(text)
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            return (loader.construct_document(node) if node is not None else {}), node
        finally:
            loader.dispose()
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position)
        raise YamlProblem(line, f"the front-matter holds the control character "
                          f"U+{exc.character:04X}, which YAML does not allow: delete it (it "
                          "often comes with text copied from Word or a PDF)") from None
    except yaml.MarkedYAMLError as exc:
        raise explain(exc, text.split("\n")) from None


def _refuse_anchors(text: str) -> None:
    """YamlProblem at the first anchor or alias. Events only: nothing is expanded."""
    lines = text.split("\n")
    for event in yaml.parse(text, Loader=_Base):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            line, column = event.start_mark.line, event.start_mark.column
            key = _key_of(lines, line)
            sign = "*" if isinstance(event, yaml.AliasEvent) else "&"
            raise YamlProblem(line, f"the {key} holds `{sign}` (column {column + 1}), which "
                              "YAML reads as an anchor or alias; front-matter takes neither: "
                              f"write the value out in full, or, when `{sign}` is part of the "
                              f"text, put the whole {key} in double quotes")


_KEY = re.compile(r"^\s*(?:-\s+)?([^\s:#\"'{}\[\],&*!|>%@`][^:#]*?)\s*:(?:\s|$)")


def _key_of(lines: list[str], line: int) -> str:
    """The key written on this line, else on the nearest line above that has one."""
    for number in range(min(line, len(lines) - 1), -1, -1):
        found = _KEY.match(lines[number])
        if found:
            return found.group(1)
    return "value"


def _quoted(lines: list[str], line: int) -> str:
    """The value of this `key: value` line in double quotes, as the fix to write."""
    text = lines[line] if line < len(lines) else ""
    found = _KEY.match(text)
    value = text[found.end():].strip() if found else text.strip()
    if len(value) > 1 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _char(lines: list[str], mark: Any) -> str:
    if mark is None or mark.line >= len(lines):
        return ""
    text = lines[mark.line]
    return text[mark.column] if mark.column < len(text) else ""


def explain(exc: yaml.MarkedYAMLError, lines: list[str]) -> YamlProblem:
    """YAML's message ("mapping values are not allowed in this context") as the fix."""
    problem, context = exc.problem or "", exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line, mark.column + 1) if mark else (0, 1)
    key = _key_of(lines, line)
    char = _char(lines, mark)
    if problem.startswith("mapping values are not allowed"):
        found = _KEY.match(lines[line]) if line < len(lines) else None
        if found and mark is not None and mark.column > found.end() - 2:
            return YamlProblem(line, f"the {key} holds a colon (column {column}): put the "
                               f"whole {key} in double quotes, e.g. {key}: "
                               f"{_quoted(lines, line)}")
        before = line - 1
        while before > 0 and not lines[before].strip():
            before -= 1
        if line > 0 and ":" not in lines[before]:
            return YamlProblem(before, "this line has no colon: write it as `key: value`, "
                               "or join it to the line above")
        if line > 0 and re.match(r"^\s*[^\s:]+:\S", lines[before]):
            return YamlProblem(before, "write a space after the colon: `key: value`")
        return YamlProblem(line, f"the indentation of `{key}` (column {column}) does not "
                           "match the lines above: indent keys of one level with the same "
                           "number of spaces")
    if problem.startswith("found character that cannot start any token"):
        if char == "\t":
            return YamlProblem(line, f"a tab at column {column}: indent with spaces, "
                               "not tabs")
        return YamlProblem(line, f"the {key} starts with `{char}` (column {column}), which "
                           f"YAML reserves: put the whole {key} in double quotes, e.g. "
                           f"{key}: {_quoted(lines, line)}")
    if context.startswith(("while scanning an alias", "while scanning an anchor")) or \
            problem == "found undefined alias":
        sign = "&" if "anchor" in context else "*"
        start = exc.context_mark or mark  # where the anchor or alias begins
        column = start.column + 1 if start else column
        return YamlProblem(line, f"the {key} starts with `{sign}` (column {column}), which "
                           "YAML reads as an anchor or alias; front-matter takes neither: "
                           f"put the whole {key} in double quotes, e.g. "
                           f"{key}: {_quoted(lines, line)}")
    if problem.startswith("mapping keys are not allowed"):
        return YamlProblem(line, f"the {key} holds `?` (column {column}), which YAML "
                           f"reserves here: put the whole {key} in double quotes, e.g. "
                           f"{key}: {_quoted(lines, line)}")
    if context.startswith("while scanning a quoted scalar") and exc.context_mark:
        start = exc.context_mark
        quote = _char(lines, start) or '"'
        return YamlProblem(start.line, f"the {_key_of(lines, start.line)} opens a quote "
                           f"(`{quote}`, column {start.column + 1}) that is never closed: "
                           f"add the closing `{quote}` at the end of the value")
    if context.startswith(("while parsing a flow sequence", "while parsing a flow mapping")) \
            and exc.context_mark:
        start = exc.context_mark
        opening, closing = ("[", "]") if "sequence" in context else ("{", "}")
        key = _key_of(lines, start.line)
        return YamlProblem(start.line, f"the {key} opens `{opening}` (column "
                           f"{start.column + 1}) and never closes it: end the list with "
                           f"`{closing}`, or, if the {key} is text, put all of it in double "
                           f"quotes, e.g. {key}: {_quoted(lines, start.line)}")
    if problem == "did not find expected key" or problem.startswith("expected <block end>"):
        text = lines[line] if line < len(lines) else ""
        found = _KEY.match(text)
        value = text[found.end():].lstrip() if found else ""
        if value[:1] in ("\"", "'"):
            inner = value[1:-1] if len(value) > 1 and value[-1] == value[0] else value[1:]
            fixed = ("'" + inner.replace("'", "''") + "'" if value[0] == '"'
                     else '"' + inner.replace("\\", "\\\\").replace('"', '\\"') + '"')
            return YamlProblem(line, f"the {key} goes on after its closing quote (column "
                               f"{column}): quotes inside the {key} must differ from the "
                               f"quotes around it, e.g. {key}: {fixed}")
        if value[:1] in ("[", "{"):
            return YamlProblem(line, f"the {key} starts with `{value[0]}`, which YAML reads "
                               f"as a list or mapping: put the whole {key} in double "
                               f"quotes, e.g. {key}: {_quoted(lines, line)}")
        if text.lstrip().startswith("- "):
            return YamlProblem(line, "a list item `- …` must sit under its key, indented: "
                               "`tags:` on one line, `  - first` on the next")
        return YamlProblem(line, f"the indentation of this line (column {column}) does not "
                           "match the lines above: indent keys of one level with the same "
                           "number of spaces")
    if problem.startswith("could not determine a constructor"):
        tag = problem.rsplit("'", 2)[-2] if "'" in problem else "!"
        return YamlProblem(line, f"the {key} has the YAML tag `{tag}` (column {column}), "
                           f"which front-matter does not use: put the whole {key} in double "
                           f"quotes, e.g. {key}: {_quoted(lines, line)}")
    if problem == "exceeded maximum nesting depth":
        return YamlProblem(line, "the front-matter nests lists or mappings over 1,000 levels "
                           "deep: front-matter needs two levels at most")
    return YamlProblem(line, f"front-matter is not valid YAML at column {column}: "
                       f"{problem or context}; check the quotes, colons and indentation of "
                       "this line")
