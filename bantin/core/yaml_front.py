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

from .messages import Text, msg

try:  # the C loader is several times faster, and is there on most installs
    _Base: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Base = yaml.SafeLoader


class NotADate(str):
    """A YAML timestamp that is no real day (2023-02-30): its text, for the field's check."""


# mypy takes no base chosen at import time (the C loader where PyYAML has it)
class _Loader(_Base):  # type: ignore[misc]
    pass


def _timestamp(loader: Any, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return NotADate(node.value)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


class YamlProblem(Exception):
    """Why the front-matter cannot be read: at `line` (0-based, in the front-matter)."""

    def __init__(self, line: int, message: Text) -> None:
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
        code = f"U+{exc.character:04X}"
        raise YamlProblem(line, msg("the front-matter holds the control character %(code)s, "
                                    "which YAML does not allow: delete it (it often comes with "
                                    "text copied from Word or a PDF)", code=code)) from None
    except yaml.MarkedYAMLError as exc:
        raise explain(exc, text.split("\n")) from None


def _refuse_anchors(text: str) -> None:
    """YamlProblem at the first anchor or alias. Events only: nothing is expanded."""
    lines = text.split("\n")
    for event in yaml.parse(text, Loader=_Base):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            mark = event.start_mark
            assert mark is not None  # the parser marks every event it makes
            line, column = mark.line, mark.column
            key = _key_of(lines, line)
            sign = "*" if isinstance(event, yaml.AliasEvent) else "&"
            raise YamlProblem(line, msg(
                "the %(key)s holds `%(sign)s` (column %(column)s), which YAML reads as an "
                "anchor or alias; front-matter takes neither: write the value out in full, or, "
                "when `%(sign)s` is part of the text, put the whole %(key)s in double quotes",
                key=key, sign=sign, column=column + 1))


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
            return YamlProblem(line, msg(
                "the %(key)s holds a colon (column %(column)s): put the whole %(key)s in double "
                "quotes, e.g. %(key)s: %(quoted)s", key=key, column=column,
                quoted=_quoted(lines, line)))
        before = line - 1
        while before > 0 and not lines[before].strip():
            before -= 1
        if line > 0 and ":" not in lines[before]:
            return YamlProblem(before, msg("this line has no colon: write it as `key: value`, "
                                           "or join it to the line above"))
        if line > 0 and re.match(r"^\s*[^\s:]+:\S", lines[before]):
            return YamlProblem(before, msg("write a space after the colon: `key: value`"))
        return YamlProblem(line, msg(
            "the indentation of `%(key)s` (column %(column)s) does not match the lines above: "
            "indent keys of one level with the same number of spaces", key=key, column=column))
    if problem.startswith("found character that cannot start any token"):
        if char == "\t":
            return YamlProblem(line, msg("a tab at column %(column)s: indent with spaces, "
                                         "not tabs", column=column))
        return YamlProblem(line, msg(
            "the %(key)s starts with `%(char)s` (column %(column)s), which YAML reserves: put "
            "the whole %(key)s in double quotes, e.g. %(key)s: %(quoted)s", key=key, char=char,
            column=column, quoted=_quoted(lines, line)))
    if context.startswith(("while scanning an alias", "while scanning an anchor")) or \
            problem == "found undefined alias":
        sign = "&" if "anchor" in context else "*"
        start = exc.context_mark or mark  # where the anchor or alias begins
        column = start.column + 1 if start else column
        return YamlProblem(line, msg(
            "the %(key)s starts with `%(sign)s` (column %(column)s), which YAML reads as an "
            "anchor or alias; front-matter takes neither: put the whole %(key)s in double "
            "quotes, e.g. %(key)s: %(quoted)s", key=key, sign=sign, column=column,
            quoted=_quoted(lines, line)))
    if problem.startswith("mapping keys are not allowed"):
        return YamlProblem(line, msg(
            "the %(key)s holds `?` (column %(column)s), which YAML reserves here: put the whole "
            "%(key)s in double quotes, e.g. %(key)s: %(quoted)s", key=key, column=column,
            quoted=_quoted(lines, line)))
    if context.startswith("while scanning a quoted scalar") and exc.context_mark:
        start = exc.context_mark
        quote = _char(lines, start) or '"'
        return YamlProblem(start.line, msg(
            "the %(key)s opens a quote (`%(quote)s`, column %(column)s) that is never closed: "
            "add the closing `%(quote)s` at the end of the value",
            key=_key_of(lines, start.line), quote=quote, column=start.column + 1))
    if context.startswith(("while parsing a flow sequence", "while parsing a flow mapping")) \
            and exc.context_mark:
        start = exc.context_mark
        opening, closing = ("[", "]") if "sequence" in context else ("{", "}")
        key = _key_of(lines, start.line)
        return YamlProblem(start.line, msg(
            "the %(key)s opens `%(opening)s` (column %(column)s) and never closes it: end the "
            "list with `%(closing)s`, or, if the %(key)s is text, put all of it in double "
            "quotes, e.g. %(key)s: %(quoted)s", key=key, opening=opening,
            column=start.column + 1, closing=closing, quoted=_quoted(lines, start.line)))
    if problem == "did not find expected key" or problem.startswith("expected <block end>"):
        text = lines[line] if line < len(lines) else ""
        found = _KEY.match(text)
        value = text[found.end():].lstrip() if found else ""
        if value[:1] in ("\"", "'"):
            inner = value[1:-1] if len(value) > 1 and value[-1] == value[0] else value[1:]
            fixed = ("'" + inner.replace("'", "''") + "'" if value[0] == '"'
                     else '"' + inner.replace("\\", "\\\\").replace('"', '\\"') + '"')
            return YamlProblem(line, msg(
                "the %(key)s goes on after its closing quote (column %(column)s): quotes "
                "inside the %(key)s must differ from the quotes around it, e.g. "
                "%(key)s: %(fixed)s", key=key, column=column, fixed=fixed))
        if value[:1] in ("[", "{"):
            return YamlProblem(line, msg(
                "the %(key)s starts with `%(char)s`, which YAML reads as a list or mapping: put "
                "the whole %(key)s in double quotes, e.g. %(key)s: %(quoted)s", key=key,
                char=value[0], quoted=_quoted(lines, line)))
        if text.lstrip().startswith("- "):
            return YamlProblem(line, msg("a list item `- …` must sit under its key, indented: "
                                         "`tags:` on one line, `  - first` on the next"))
        return YamlProblem(line, msg(
            "the indentation of this line (column %(column)s) does not match the lines above: "
            "indent keys of one level with the same number of spaces", column=column))
    if problem.startswith("could not determine a constructor"):
        tag = problem.rsplit("'", 2)[-2] if "'" in problem else "!"
        return YamlProblem(line, msg(
            "the %(key)s has the YAML tag `%(tag)s` (column %(column)s), which front-matter "
            "does not use: put the whole %(key)s in double quotes, e.g. %(key)s: %(quoted)s",
            key=key, tag=tag, column=column, quoted=_quoted(lines, line)))
    if problem == "exceeded maximum nesting depth":
        return YamlProblem(line, msg("the front-matter nests lists or mappings over 1,000 "
                                     "levels deep: front-matter needs two levels at most"))
    return YamlProblem(line, msg("front-matter is not valid YAML at column %(column)s: "
                                 "%(problem)s; check the quotes, colons and indentation of "
                                 "this line", column=column, problem=problem or context))
