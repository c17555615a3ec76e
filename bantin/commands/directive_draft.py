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

from ..core.diagnostics import Diagnostic
from ..core.messages import Text, Translations, msg, render
from ..core.text import NotText, slugify
from ..directive.docx_text import DocxError, docx_text
from ..directive.formal_document import FormalDocument, parse
from ..model.config import Config
from ..model.content import parse_source_path, read_document, source_text
from ..model.directives import find_numbers, parse_number
from ..model.document import Source
from .scaffold import EXIT_CONTENT, EXIT_OK, EXIT_USAGE, Scaffold, ScaffoldError, write

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
    warnings: tuple[Text, ...]  # messages, without the `FILE: warning:` prefix


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
    warnings: list[Text] = []
    lines: list[str] = []

    def required(key: str, value: Any, missing: Text, example: str) -> None:
        if value:
            lines.append(_field(key, value))
        else:
            warnings.append(msg("no %(missing)s found; fill in %(key)s:", missing=missing,
                                key=key))
            lines.append(f"{key}:  # văn bản không ghi: điền vào, ví dụ {example}")

    def optional(key: str, value: Any, missing: Text | None, example: str) -> None:
        if value:
            lines.append(_field(key, value))
            return
        if missing:
            warnings.append(msg("no %(missing)s found; fill in %(key)s:", missing=missing,
                                key=key))
        lines.append(f"# {key}: {example}  # văn bản không ghi: điền vào nếu biết")

    number = document.number
    if number is None and document.kind is None and not document.title:
        raise ScaffoldError(msg("found no number, kind or subject: is this the text of a "
                                "formal document? Copy the whole document, header and all"))
    if number is not None and number.text in registered:
        raise ScaffoldError(msg("%(number)s is already registered by %(file)s; not importing "
                                "it again", number=number.text,
                                file=registered[number.text]))
    kind = document.kind or (number.kind if number else None)
    required("number", number.text if number else "", msg("document number (Số …)"),
             '"06-HD/ĐUK"')
    if document.kind is not None:
        lines.append(_field("kind", document.kind.vi))
    elif number is not None:
        warnings.append(msg("no kind in capitals (KẾ HOẠCH, HƯỚNG DẪN, …) found; kind: comes "
                            "from the number's code (%(kind)s)", kind=number.kind.vi))
    else:
        warnings.append(msg("no kind in capitals (KẾ HOẠCH, HƯỚNG DẪN, …) found; fill in "
                            "kind:"))
        lines.append('# kind: "Kế hoạch"  # văn bản không ghi: điền vào nếu biết')
    required("title", document.title, msg("subject"), '"Về công tác thông tin đối ngoại"')
    optional("issuer_parent", document.issuer_parent, None, '"ĐẢNG BỘ TỈNH …"')
    required("issuer", document.issuer, msg("issuer in the header"),
             '"BAN THƯỜNG VỤ HUYỆN ỦY"')
    optional("place", document.place, msg("place of issue"), '"Gò Công Tây"')
    if document.date is None and document.date_text:
        warnings.append(msg("the date `%(date)s` is not a real date; fill in date:",
                            date=document.date_text))
        lines.append(f"date:  # văn bản ghi «{document.date_text}»: điền ngày đúng, ví dụ "
                     "2021-03-18")
    else:
        required("date", document.date, msg("date"), "2021-03-18")

    cited = [n for text in document.body.opening() for n in _numbers(text)]
    cited = [n for n in dict.fromkeys(cited) if not number or n != number.text]
    known = [n for n in cited if n in registered]
    unknown = [n for n in cited if n not in registered]
    if known:
        lines.append(_field("implements", known))
    for missing in unknown:
        warnings.append(msg("%(number)s, which the opening “Thực hiện …” names, is not "
                            "registered in content/van-ban/; add it to implements: once it is",
                            number=missing))
    if unknown:
        lines.append(f"# implements: {', '.join(unknown)}  # chưa có trong content/van-ban/")

    signer = document.signer
    optional("signer", {k: v for k, v in (("on_behalf", signer.on_behalf),
                                          ("title", signer.title), ("name", signer.name)) if v}
             if signer else None, msg("signature block"),
             '{on_behalf: "T/M BAN THƯỜNG VỤ", title: "BÍ THƯ", name: "…"}')
    optional("recipients", list(document.recipients), msg("“Nơi nhận” list"), '["…"]')
    lines.append("draft: true  # xóa dòng này khi đã đối chiếu với văn bản gốc")
    for label in document.body.marks_without_text():
        warnings.append(msg("footnote mark %(label)s has no footnote text in the file; it is "
                            "left as written: add the footnote, or delete the mark",
                            label=label))
    text = source_text(lines, document.body.markdown())

    section = next(s.id for s in config.sections.values() if s.kind == "directive")
    if number is not None and kind is not None:
        name = slugify(f"{kind.vi} {number.text}")
    elif number is not None:
        name = slugify(number.text)
    else:
        name = slugify(f"{kind.vi if kind else ''} {document.title}")[:_NAME_LENGTH]
        name = name.rsplit("-", 1)[0] if len(name) == _NAME_LENGTH else name
    if not name:
        raise ScaffoldError(msg("the subject gives no file name; add a number line (Số …) to "
                                "the text and run again"))
    return Draft(Scaffold(f"content/{section}/{name}.md", text), tuple(warnings))


def _numbers(text: str) -> list[str]:
    return [m.number.text for m in find_numbers(text)]


def read_text(path: Path) -> bytes | str:
    """The document's text: a .docx file's paragraphs, or the bytes of a text file."""
    if path.suffix.lower() == ".docx":
        return docx_text(path)
    if path.suffix.lower() in (".pdf", ".doc", ".odt"):
        raise ScaffoldError(msg("%(path)s: cannot read a %(suffix)s file; copy its text into a "
                                ".txt file (or save it as .docx) and give that",
                                path=str(path), suffix=path.suffix))
    return path.read_bytes()


def run(config: Config, name: str, words: Translations | None = None) -> int:
    try:
        raw = read_text(Path(name))
        document = parse(raw)
    except OSError as exc:
        problem = msg("cannot read the file: %(reason)s; check its name and that you may read "
                      "it", reason=exc.strerror or str(exc))
        print(f"{name}: error: {problem.render(words)}", file=sys.stderr)
        return EXIT_USAGE
    except DocxError as exc:
        print(f"{name}: error: {exc.message.render(words)}", file=sys.stderr)
        return EXIT_USAGE
    except NotText as exc:
        again = msg("%(problem)s, then run again", problem=exc.message)
        print(f"{name}:{exc.line}: error: {again.render(words)}", file=sys.stderr)
        return EXIT_CONTENT
    except ScaffoldError as exc:
        print(f"build.py new: error: {_said(exc, words)}", file=sys.stderr)
        return EXIT_USAGE
    try:
        draft = draft_from(document, config, registered_numbers(config))
        write(config, draft.scaffold)
    except ScaffoldError as exc:
        print(f"build.py new: error: {_said(exc, words)}", file=sys.stderr)
        return EXIT_USAGE
    for message in draft.warnings:
        print(Diagnostic(name, 0, "warning", message).render(words), file=sys.stderr)
    print(draft.scaffold.path)
    if draft.warnings:
        todo = msg("next: fill in what the warnings name, compare the draft with the "
                   "original, run `python build.py check`, then remove `draft: true` to publish")
    else:
        todo = msg("next: compare the draft with the original, run `python build.py check`, "
                   "then remove `draft: true` to publish")
    print(todo.render(words), file=sys.stderr)
    return EXIT_OK


def _said(exc: ScaffoldError, words: Translations | None) -> str:
    return "\n".join(render(m, words) if not isinstance(m, Diagnostic) else m.render(words)
                     for m in exc.messages)
