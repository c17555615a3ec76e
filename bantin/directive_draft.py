"""`python build.py new --directive FILE`: a draft directive page from a formal document's text.

What the text states goes into the front-matter (written by PyYAML, so every value is quoted
as YAML needs); what it does not state is left out, reported as a warning and left in the
file for the editor: a required field as an empty key, which `check` reports at its own
line until it is filled in, an optional one as a commented line.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .config import Config
from .content import Source, parse_source_path, read_document
from .diagnostics import Diagnostic
from .directives import find_numbers, parse_number
from .docx_text import DocxError, docx_text
from .formal_document import FormalDocument, parse
from .scaffold import EXIT_CONTENT, EXIT_OK, EXIT_USAGE, Scaffold, ScaffoldError, write
from .text import NotText, slugify

_NAME_LENGTH = 80  # a file named from its subject (no number) keeps to this many characters


class _Quoted(str):
    """A text value, always written in double quotes (a subject may hold `:` or `#`)."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Lists under a key indented, as in the site's other directive files.
        super().increase_indent(flow, False)


_Dumper.add_representer(
    _Quoted, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value,
                                                           style='"'))


def _field(key: str, value: Any) -> str:
    """One front-matter field as YAML (no trailing newline)."""
    def quoted(item: Any) -> Any:
        if isinstance(item, str):
            return _Quoted(item)
        if isinstance(item, list):
            return [quoted(i) for i in item]
        if isinstance(item, dict):
            return {k: quoted(v) for k, v in item.items()}
        return item

    text = yaml.dump({key: quoted(value)}, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     width=1_000_000, default_flow_style=False)
    return text.rstrip("\n")


@dataclass(frozen=True, slots=True)
class Draft:
    scaffold: Scaffold
    warnings: tuple[str, ...]  # messages, without the `FILE: warning:` prefix


def registered_numbers(config: Config) -> dict[str, str]:
    """Canonical number -> the file that registers it, for every directive file."""
    found: dict[str, str] = {}
    for section in config.sections.values():
        if section.kind != "directive" or not (config.root / "content" / section.id).is_dir():
            continue
        for path in sorted((config.root / "content" / section.id).glob("*.md")):
            source = parse_source_path(path.relative_to(config.root).as_posix(), config)
            if not isinstance(source, Source) or source.lang != config.default_language:
                continue
            try:
                meta = read_document(config.root, source, config).meta
            except (OSError, NotText):
                continue  # `check` reports it; here it registers nothing
            number = parse_number(meta.number) if meta.number else None
            if number is not None:
                found.setdefault(number.text, source.path)
    return found


def draft_from(document: FormalDocument, config: Config, registered: dict[str, str]) -> Draft:
    warnings: list[str] = []
    lines = ["---"]

    def required(key: str, value: Any, missing: str, example: str) -> None:
        if value:
            lines.append(_field(key, value))
        else:
            warnings.append(f"no {missing} found; fill in {key}:")
            lines.append(f"{key}:  # văn bản không ghi: điền vào, ví dụ {example}")

    def optional(key: str, value: Any, missing: str | None, example: str) -> None:
        if value:
            lines.append(_field(key, value))
            return
        if missing:
            warnings.append(f"no {missing} found; fill in {key}:")
        lines.append(f"# {key}: {example}  # văn bản không ghi: điền vào nếu biết")

    number = document.number
    if number is None and document.kind is None and not document.title:
        raise ScaffoldError("found no number, kind or subject: is this the text of a formal "
                            "document? Copy the whole document, header and all")
    if number is not None and number.text in registered:
        raise ScaffoldError(f"{number.text} is already registered by {registered[number.text]}"
                            "; not importing it again")
    kind = document.kind or (number.kind if number else None)
    required("number", number.text if number else "", "document number (Số …)",
             '"06-HD/ĐUK"')
    if document.kind is not None:
        lines.append(_field("kind", document.kind.vi))
    elif number is not None:
        warnings.append("no kind in capitals (KẾ HOẠCH, HƯỚNG DẪN, …) found; kind: comes "
                        f"from the number's code ({number.kind.vi})")
    else:
        warnings.append("no kind in capitals (KẾ HOẠCH, HƯỚNG DẪN, …) found; fill in kind:")
        lines.append('# kind: "Kế hoạch"  # văn bản không ghi: điền vào nếu biết')
    required("title", document.title, "subject", '"Về công tác thông tin đối ngoại"')
    optional("issuer_parent", document.issuer_parent, None, '"ĐẢNG BỘ TỈNH …"')
    required("issuer", document.issuer, "issuer in the header", '"BAN THƯỜNG VỤ HUYỆN ỦY"')
    optional("place", document.place, "place of issue", '"Gò Công Tây"')
    if document.date is None and document.date_text:
        warnings.append(f"the date `{document.date_text}` is not a real date; fill in date:")
        lines.append(f"date:  # văn bản ghi «{document.date_text}»: điền ngày đúng, ví dụ "
                     "2021-03-18")
    else:
        required("date", document.date, "date", "2021-03-18")

    cited = [n for text in document.body.opening() for n in _numbers(text)]
    cited = [n for n in dict.fromkeys(cited) if not number or n != number.text]
    known = [n for n in cited if n in registered]
    unknown = [n for n in cited if n not in registered]
    if known:
        lines.append(_field("implements", known))
    for missing in unknown:
        warnings.append(f"{missing}, which the opening “Thực hiện …” names, is not registered "
                        "in content/van-ban/; add it to implements: once it is")
    if unknown:
        lines.append(f"# implements: {', '.join(unknown)}  # chưa có trong content/van-ban/")

    signer = document.signer
    optional("signer", {k: v for k, v in (("on_behalf", signer.on_behalf),
                                          ("title", signer.title), ("name", signer.name)) if v}
             if signer else None, "signature block",
             '{on_behalf: "T/M BAN THƯỜNG VỤ", title: "BÍ THƯ", name: "…"}')
    optional("recipients", list(document.recipients), "“Nơi nhận” list", '["…"]')
    lines += ["draft: true  # xóa dòng này khi đã đối chiếu với văn bản gốc", "---"]
    for label in document.body.marks_without_text():
        warnings.append(f"footnote mark {label} has no footnote text in the file; it is left "
                        "as written")
    text = "\n".join(lines) + "\n" + document.body.markdown()

    section = next(s.id for s in config.sections.values() if s.kind == "directive")
    if number is not None and kind is not None:
        name = slugify(f"{kind.vi} {number.text}")
    elif number is not None:
        name = slugify(number.text)
    else:
        name = slugify(f"{kind.vi if kind else ''} {document.title}")[:_NAME_LENGTH]
        name = name.rsplit("-", 1)[0] if len(name) == _NAME_LENGTH else name
    if not name:
        raise ScaffoldError("the subject gives no file name; add a number line (Số …) to the "
                            "text and run again")
    return Draft(Scaffold(f"content/{section}/{name}.md", text), tuple(warnings))


def _numbers(text: str) -> list[str]:
    return [m.number.text for m in find_numbers(text)]


def read_text(path: Path) -> bytes | str:
    """The document's text: a .docx file's paragraphs, or the bytes of a text file."""
    if path.suffix.lower() == ".docx":
        return docx_text(path)
    if path.suffix.lower() in (".pdf", ".doc", ".odt"):
        raise ScaffoldError(f"{path}: cannot read a {path.suffix} file; copy its text into a "
                            ".txt file (or save it as .docx) and give that")
    return path.read_bytes()


def run(config: Config, name: str) -> int:
    try:
        raw = read_text(Path(name))
        document = parse(raw)
    except OSError as exc:
        print(f"{name}: error: cannot read the file: {exc.strerror}", file=sys.stderr)
        return EXIT_USAGE
    except DocxError as exc:
        print(f"{name}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except NotText as exc:
        print(f"{name}:{exc.line}: error: {exc.message.render()}, then run again",
              file=sys.stderr)
        return EXIT_CONTENT
    except ScaffoldError as exc:
        print(f"build.py new: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        draft = draft_from(document, config, registered_numbers(config))
        write(config, draft.scaffold)
    except ScaffoldError as exc:
        print(f"build.py new: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    for message in draft.warnings:
        print(Diagnostic(name, 0, "warning", message), file=sys.stderr)
    print(draft.scaffold.path)
    todo = "fill in what the warnings name, " if draft.warnings else ""
    print(f"next: {todo}compare the draft with the original, run `python build.py check`, "
          "then remove `draft: true` to publish", file=sys.stderr)
    return EXIT_OK
