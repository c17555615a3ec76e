"""Reading one source file into a validated Document: front-matter fields typed, with lines.

Everything here depends on the file alone, so files can be read in parallel and cached
by digest. Cross-file facts (translations, authors, categories) are checked on the Site.
"""

from __future__ import annotations

import hashlib
import sys
import unicodedata
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from ..core.diagnostics import Diagnostic
from ..core.messages import Text, msg
from ..core.text import NotText, normalize_source, slugify
from ..core.yaml_front import YamlProblem, load
from .config import Config
from .document import ALLOWED, Document, FrontMatter, Source, kind_name
from .fields import ITEM_LINES, PARSERS, Context, FieldError

# python-frontmatter's YAML handler: how every module finds, splits and writes the `---`
# lines around front-matter. It does not load the YAML: yaml_front does, for the node tree
# that gives each key its line.
FRONT_MATTER = frontmatter.YAMLHandler()
BOUNDARY = FRONT_MATTER.FM_BOUNDARY
# The largest page: a long directive's full text is some 200 KB.
MAX_SOURCE_BYTES = 4 * 2**20




def _key_lines(node: yaml.Node | None,
               first_line: int) -> tuple[dict[str, int], list[tuple[str, int]]]:
    """Line of each top-level and nested key, and keys written twice."""
    lines: dict[str, int] = {}
    duplicates: list[tuple[str, int]] = []
    if not isinstance(node, yaml.MappingNode):
        return lines, duplicates
    for key_node, value_node in node.value:
        key = sys.intern(str(key_node.value))  # the same few names in every document
        line = first_line + key_node.start_mark.line
        if key in lines:
            duplicates.append((key, line))
        lines[key] = line
        if isinstance(value_node, yaml.MappingNode):
            for sub_key, _ in value_node.value:
                lines[sys.intern(f"{key}.{sub_key.value}")] = first_line + sub_key.start_mark.line
        elif isinstance(value_node, yaml.SequenceNode) and key in ITEM_LINES:
            for index, item in enumerate(value_node.value):
                lines[f"{key}.{index}"] = first_line + item.start_mark.line
    return lines, duplicates



def parse_source_path(relative: str, config: Config) -> Source | Text:
    """The Source for `content/<section>/<name>[.<lang>].md`, or why it is not one (reported
    at line 1 of the file: the whole file is misplaced)."""
    parts = relative.split("/")
    sections = ", ".join(config.sections)
    if parts[0] != "content" or not parts[-1].endswith(".md") or len(parts) < 3:
        return msg("a page belongs in a section folder: move it to content/<section>/%(file)s "
                   "with section one of %(sections)s", file=parts[-1], sections=sections)
    # the name as links and translations write it (NFC), whatever form the disk keeps
    section, filename = parts[1], unicodedata.normalize("NFC", parts[-1][: -len(".md")])
    if section not in config.sections:
        return msg("unknown section folder `%(section)s`; move the file to one of the configured "
                   "sections: %(sections)s", section=section, sections=sections)
    if len(parts) > 3:
        return msg("pages cannot be in a folder inside a section: move it to "
                   "content/%(section)s/%(file)s (rename it if that name is taken)",
                   section=section, file=parts[-1])
    if not slugify(filename):
        return msg("the file name `%(file)s` has no letters or digits to make its URL from: "
                   "rename it, e.g. content/%(section)s/ten-bai.md", file=parts[-1],
                   section=section)
    for char in "#?%":
        if char in filename:
            return msg("the file name `%(file)s` holds `%(char)s`, which breaks its URL and "
                       "links to it: rename the file without it", file=parts[-1], char=char)
    name, lang = filename, config.default_language
    stem, dot, suffix = filename.rpartition(".")
    if dot:
        if suffix not in config.language_codes:
            return msg("`.%(suffix)s` is not a configured language; name translations "
                       "<name>.<lang>.md with lang one of %(codes)s, or add `%(suffix)s` to "
                       "[[languages]] in config.toml", suffix=suffix,
                       codes=", ".join(config.language_codes))
        if not slugify(stem):
            return msg("the file name `%(file)s` has no letters or digits to make its URL "
                       "from: rename it, e.g. content/%(section)s/ten-bai.%(suffix)s.md",
                       file=parts[-1], section=section, suffix=suffix)
        name, lang = stem, sys.intern(suffix)
    # the section and language are the same few words in every Source the build keeps
    return Source(relative, sys.intern(section), name, lang)


def split_front_matter(text: str) -> tuple[int, str, str] | None:
    """python-frontmatter's split of a file into front-matter and body, with the file line of
    the front-matter's first (its YAML's line 0); None without both `---` lines."""
    start = BOUNDARY.match(text)
    if start is None:
        return None
    try:
        fm_text, body = FRONT_MATTER.split(text)
    except ValueError:  # no closing line: nothing to split at
        return None
    return text.count("\n", 0, start.end()) + 1, fm_text, body


def is_boundary(line: bytes) -> bool:
    """A `---` line (without its line ending) as `split_front_matter` finds one, for the
    commands that set one front-matter line in a file's bytes and keep every other byte."""
    return BOUNDARY.match(line.decode("utf-8", "replace")) is not None


def source_text(fields: list[str], body: str) -> str:
    """A new source file: front-matter lines between python-frontmatter's delimiters, then
    the body. The lines are written as text, not dumped from a dict, for the comments that
    guide the editor through them."""
    return "\n".join([FRONT_MATTER.START_DELIMITER, *fields,
                      FRONT_MATTER.END_DELIMITER]) + "\n" + body


def read_document(root: Path, source: Source, config: Config) -> Document:
    raw = (root / source.path).read_bytes()
    return parse_document(source, raw, config)


def parse_document(source: Source, raw: bytes | str, config: Config) -> Document:
    digest = hashlib.sha256(raw if isinstance(raw, bytes) else raw.encode()).hexdigest()
    kind = config.sections[source.section].kind
    problems: list[Diagnostic] = []

    def error(line: int, message: Text) -> None:
        problems.append(Diagnostic(source.path, line, "error", message))

    if len(raw) > MAX_SOURCE_BYTES:  # Markdown takes about a second a megabyte
        size, most = f"{len(raw) / 2**20:.1f}", MAX_SOURCE_BYTES // 2**20
        error(1, msg("the file is %(size)s MB; a page may be at most %(most)s MB: split it into "
                     "several pages, or link to the document instead of pasting it in",
                     size=size, most=most))
        return Document(source, FrontMatter(), {}, "", 0, digest, tuple(problems))
    try:
        text = normalize_source(raw)
    except NotText as exc:
        error(exc.line, exc.message)
        return Document(source, FrontMatter(), {}, "", 0, digest, tuple(problems))

    parts = split_front_matter(text)
    if parts is None:
        error(1, msg("the file must start with front-matter between two `---` lines: put a "
                     "`---` line, the fields such as `title: …`, and another `---` line at the "
                     "top"))
        return Document(source, FrontMatter(), {}, text, 0, digest, tuple(problems))
    first_line, fm_text, body = parts
    body = body.removeprefix("\n")  # the closing line's end
    body_line = text.count("\n", 0, len(text) - len(body))

    try:
        data, node = load(fm_text)
    except YamlProblem as exc:
        error(first_line + exc.line, exc.message)
        return Document(source, FrontMatter(), {}, body, body_line, digest, tuple(problems))
    if not isinstance(data, dict):
        error(first_line, msg("front-matter must be `key: value` lines, e.g. "
                              '`title: "…"`'))
        return Document(source, FrontMatter(), {}, body, body_line, digest, tuple(problems))
    lines, duplicates = _key_lines(node, first_line)
    for key, line in duplicates:
        error(line, msg("`%(key)s` is given twice in the front-matter: keep one and delete "
                        "the other", key=key))

    ctx = Context(config.tz, source.lang != config.default_language)
    values: dict[str, Any] = {}
    allowed = ALLOWED[kind]
    for key, value in data.items():
        key = str(key)
        line = lines.get(key, first_line)
        if key not in allowed:
            error(line, msg("unknown front-matter field `%(key)s` for %(kind)s in %(section)s/; "
                            "expected one of: %(fields)s", key=key, kind=kind_name(kind),
                            section=source.section, fields=", ".join(sorted(allowed))))
            continue
        if value is None:
            continue
        try:
            values[key] = PARSERS[key](value, ctx)
        except FieldError as exc:
            for problem in (exc, *exc.more):
                at = lines.get(f"{key}.{problem.key}", line) if problem.key else line
                if problem.item is not None:
                    at = lines.get(f"{key}.{problem.item}", line)
                field_name = f"{key}.{problem.key}" if problem.key else key
                error(at, msg("`%(field)s` %(problem)s", field=field_name,
                              problem=problem.message))
    return Document(source, FrontMatter(**values), lines, body, body_line, digest,
                    tuple(problems))


