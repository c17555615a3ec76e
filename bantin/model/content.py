"""Reading one source file into a validated Document: front-matter fields typed, with lines.

Everything here depends on the file alone, so files can be read in parallel and cached
by digest. Cross-file facts (translations, authors, categories) are checked on the Site.
"""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date, datetime, time, tzinfo
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from ..core.diagnostics import Diagnostic
from ..core.messages import Text, msg, msg_n
from ..core.text import MAX_URL_NAME, SLUG_PATTERN, NotText, normalize_source, slugify
from ..core.yaml_front import NotADate, YamlProblem, load
from .aliases import read_alias
from .config import Config
from .document import ALLOWED, Document, FrontMatter, Image, Rating, Signer, Source, kind_name

# python-frontmatter's YAML handler: how every module finds, splits and writes the `---`
# lines around front-matter. It does not load the YAML: yaml_front does, for the node tree
# that gives each key its line.
FRONT_MATTER = frontmatter.YAMLHandler()
BOUNDARY = FRONT_MATTER.FM_BOUNDARY
# The largest page: a long directive's full text is some 200 KB.
MAX_SOURCE_BYTES = 4 * 2**20




class _FieldError(Exception):
    def __init__(self, message: Text, key: str | None = None, item: int | None = None,
                 more: tuple[_FieldError, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.key = key  # a nested key, e.g. "rating.points", for a more precise line
        self.item = item  # a list's item, reported at its own line (_ITEM_LINES)
        self.more = more  # the problems of the list's later items


Parser = Callable[[Any, "_Context"], Any]


@dataclass(frozen=True, slots=True)
class _Context:
    tz: tzinfo
    translation: bool = False  # not in the default language: may leave out `image.src`


def _text(value: Any, ctx: _Context) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise _FieldError(msg("must be text, got %(value)s", value=_describe(value)))
    if not value.strip():
        raise _FieldError(msg("must not be empty: write the text after the colon, or delete "
                                "the line"))
    return value.strip()


def _name(value: Any, ctx: _Context) -> str:
    """Text that names something many documents name too (an author, a category, a tag, a
    directive): one string however many documents the build keeps with it."""
    return sys.intern(_text(value, ctx))


def _names(value: Any, ctx: _Context) -> tuple[str, ...]:
    return tuple(sys.intern(text) for text in _text_list(value, ctx))


def _tags(value: Any, ctx: _Context) -> tuple[str, ...]:
    """Tags are free text; each becomes the address of its page (/vi/the/<slug>/)."""
    tags = _names(value, ctx)
    for tag in tags:
        slug = slugify(tag)
        if not slug:
            raise _FieldError(msg("holds %(tag)s, which has no letters or digits to make the "
                                  "address of its page from: write the tag with letters or "
                                  "digits, or delete it", tag=repr(tag)))
        if len(slug) > MAX_URL_NAME:
            raise _FieldError(msg("holds a tag of %(length)s characters; the address of its "
                                  "page may have %(limit)s at most: shorten the tag",
                                  length=len(slug), limit=MAX_URL_NAME))
    return tags


def _slug(value: Any, ctx: _Context) -> str:
    text = _text(value, ctx)
    if not SLUG_PATTERN.match(text):
        raise _FieldError(msg("must be lowercase ASCII letters, digits and hyphens, got "
                              "%(value)s; did you mean %(slug)s?", value=repr(text),
                              slug=repr(slugify(text))))
    if len(text) > MAX_URL_NAME:
        raise _FieldError(msg("is %(length)s characters long; an address may have %(limit)s "
                              "at most: shorten it", length=len(text), limit=MAX_URL_NAME))
    return text


def _text_list(value: Any, ctx: _Context) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise _FieldError(msg('must be a list of text, e.g. ["a", "b"], got %(value)s',
                              value=_describe(value)))
    return tuple(_text(item, ctx) for item in value)


def _bool(value: Any, ctx: _Context) -> bool:
    if not isinstance(value, bool):
        raise _FieldError(msg("must be true or false, got %(value)s", value=_describe(value)))
    return value


def _datetime(value: Any, ctx: _Context) -> datetime:
    """A date-time; without an offset it is the site's local time, not UTC."""
    if isinstance(value, NotADate):
        raise _FieldError(msg("must be a real date such as 2023-09-01 00:14, got %(value)s",
                              value=repr(str(value))))
    if isinstance(value, datetime):
        result = value
    elif isinstance(value, date):
        result = datetime.combine(value, time())
    elif isinstance(value, str):
        try:
            result = datetime.fromisoformat(value.strip())
        except ValueError:
            raise _FieldError(msg("must be a date-time such as 2023-09-01 00:14 or "
                                  "2023-09-01T00:14:00+07:00, got %(value)s",
                                  value=repr(value))) from None
    else:
        raise _FieldError(msg("must be a date-time such as 2023-09-01 00:14, got %(value)s",
                              value=_describe(value)))
    if result.tzinfo is None:
        result = result.replace(tzinfo=ctx.tz)
    return result


def _date(value: Any, ctx: _Context) -> datetime:
    if isinstance(value, NotADate):
        raise _FieldError(msg("must be a real date such as 2021-03-18, got %(value)s",
                              value=repr(str(value))))
    if isinstance(value, datetime):
        raise _FieldError(msg("must be a date without time such as 2021-03-18, got %(value)s",
                              value=str(value)))
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            raise _FieldError(msg("must be a date such as 2021-03-18, got %(value)s",
                                  value=repr(value))) from None
    if not isinstance(value, date):
        raise _FieldError(msg("must be a date such as 2021-03-18, got %(value)s",
                              value=_describe(value)))
    return datetime.combine(value, time(), tzinfo=ctx.tz)


def _url(value: Any, ctx: _Context) -> str:
    text = _text(value, ctx)
    if not re.match(r"^https?://\S+$", text):
        raise _FieldError(msg("must be an absolute http(s) URL, got %(value)s",
                              value=repr(text)))
    return text


def _mapping(value: Any, allowed: set[str], example: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _FieldError(msg("must be a mapping such as %(example)s, got %(value)s",
                              example=example, value=_describe(value)))
    for key in value:
        if key not in allowed:
            raise _FieldError(msg("is not a known key; expected %(keys)s",
                                  keys=", ".join(sorted(allowed))), key=str(key))
    return value


def _rating(value: Any, ctx: _Context) -> Rating:
    data = _mapping(value, {"points", "votes"}, "{points: 5, votes: 1}")
    for key in ("points", "votes"):
        item = data.get(key)
        if not isinstance(item, int) or isinstance(item, bool):
            raise _FieldError(msg("must be a whole number, got %(value)s",
                                  value=_describe(item)), key=key)
    points, votes = data["points"], data["votes"]
    if votes < 1:
        raise _FieldError(msg("must be at least 1, got %(value)s", value=votes), key="votes")
    if not votes <= points <= 5 * votes:
        raise _FieldError(msg_n(
            "must be between votes and 5 × votes (1–5 stars per vote); got %(points)s "
            "for %(count)s vote", "must be between votes and 5 × votes (1–5 stars per vote); "
            "got %(points)s for %(count)s votes", votes, points=points), key="points")
    return Rating(points, votes)


def _image(value: Any, ctx: _Context) -> Image:
    data = _mapping(value, {"src", "alt", "caption"}, '{src: "/images/a.jpg", alt: "…"}')
    if not data.get("src") and not ctx.translation:  # a translation shows the original's
        raise _FieldError(msg("is required: the image file, e.g. /images/hoi-nghi.jpg"),
                          key="src")
    if not isinstance(data.get("alt"), str) or not data["alt"].strip():
        raise _FieldError(msg("is required: describe the image for readers who cannot see it"),
                          key="alt")
    return Image(_text(data["src"], ctx) if data.get("src") else "", _text(data["alt"], ctx),
                 _text(data["caption"], ctx) if data.get("caption") else "")


def _aliases(value: Any, ctx: _Context) -> tuple[str, ...]:
    paths = [read_alias(text) for text in _text_list(value, ctx)]
    problems = [_FieldError(path, item=index) for index, path in enumerate(paths)
                if not isinstance(path, str)]
    if problems:
        raise _FieldError(problems[0].message, item=problems[0].item, more=tuple(problems[1:]))
    return tuple(path for path in paths if isinstance(path, str))


def _signer(value: Any, ctx: _Context) -> Signer:
    data = _mapping(value, {"on_behalf", "title", "name"},
                    '{on_behalf: "T/M BAN THƯỜNG VỤ", title: "PHÓ BÍ THƯ", name: "…"}')
    return Signer(**{k: str(v).strip() for k, v in data.items() if v})


_PARSERS: dict[str, Parser] = {
    "title": _text, "slug": _slug, "summary": _text, "date": _datetime, "updated": _datetime,
    "expires": _datetime, "author": _name, "category": _name, "tags": _tags,
    "directives": _names, "rating": _rating, "image": _image, "draft": _bool,
    "internal": _bool, "number": _name, "issuer": _name, "kind": _name,
    "implements": _names, "issuer_parent": _name, "place": _text, "signer": _signer,
    "recipients": _text_list, "source": _url, "source_digest": _text, "aliases": _aliases,
}
# Lists whose items are reported at their own lines ("aliases.2"): each alias names a file.
_ITEM_LINES = {"aliases"}
assert {f.name for f in fields(FrontMatter)} == set(_PARSERS)


def _describe(value: Any) -> Text | str:
    if value is None:
        return msg("nothing")
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (list, tuple)):
        return msg("a list")
    if isinstance(value, dict):
        return msg("a mapping")
    return repr(value) if isinstance(value, str) else str(value)


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
        elif isinstance(value_node, yaml.SequenceNode) and key in _ITEM_LINES:
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

    ctx = _Context(config.tz, source.lang != config.default_language)
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
            values[key] = _PARSERS[key](value, ctx)
        except _FieldError as exc:
            for problem in (exc, *exc.more):
                at = lines.get(f"{key}.{problem.key}", line) if problem.key else line
                if problem.item is not None:
                    at = lines.get(f"{key}.{problem.item}", line)
                field_name = f"{key}.{problem.key}" if problem.key else key
                error(at, msg("`%(field)s` %(problem)s", field=field_name,
                              problem=problem.message))
    return Document(source, FrontMatter(**values), lines, body, body_line, digest,
                    tuple(problems))


