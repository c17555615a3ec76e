"""`python build.py new`: a new article, or a translation of one, that passes `check` at once.

New files start as drafts (`draft: true`): the editor removes that line to publish. A
translation copies the original's translatable text for the translator to replace, and is
stamped with the original's `source_digest`, so it goes stale if the original changes while
it is being translated.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from ..core.diagnostics import Diagnostic
from ..core.messages import Text, msg
from ..core.text import slugify
from ..model.authors import load_authors
from ..model.config import Config
from ..model.content import parse_source_path, read_document, source_text
from ..model.document import Document, Source
from ..model.stamps import source_digest

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


class ScaffoldError(Exception):
    """Wrong usage of `new`: each message says what is wrong and what to give instead."""

    def __init__(self, *messages: Text | Diagnostic) -> None:
        super().__init__("\n".join(map(str, messages)))
        self.messages = messages


@dataclass(frozen=True, slots=True)
class Scaffold:
    path: str  # relative to the site root
    text: str


def _quote(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _choices(kind: str, flag: str, given: str | None, options: dict[str, str]) -> Text:
    listing = ("\n".join(f"  {key:<24} {label}" for key, label in options.items())
               or msg("  (none)"))
    if kind == "author":
        what = (msg("unknown author `%(given)s`", given=given) if given
                else msg("no author given"))
    else:
        what = (msg("unknown category `%(given)s`", given=given) if given
                else msg("no category given"))
    return msg("%(what)s; choose one with %(flag)s ID:\n%(listing)s", what=what, flag=flag,
               listing=listing)


def new_article(config: Config, title: str, author: str | None, category: str | None,
                section_id: str, now: datetime) -> Scaffold:
    problems: list[Text] = []
    section = config.sections.get(section_id)
    if section is None or section.kind == "directive":
        usable = [s.id for s in config.sections.values() if s.kind != "directive"]
        if section is not None:
            problems.append(msg("--section must be one of %(usable)s, got `%(given)s`; for a "
                                "directive use --directive FILE", usable=", ".join(usable),
                                given=section_id))
        else:
            problems.append(msg("--section must be one of %(usable)s, got `%(given)s`",
                                usable=", ".join(usable), given=section_id))
    slug = slugify(title)
    if not slug:
        problems.append(msg("the title %(title)s gives no URL name; write a title with letters",
                            title=repr(title)))
    # With a wrong --section it is unknown whether author and category are needed: the
    # ones given are checked all the same, so that one run names every mistake.
    needs_author = section.kind == "article" if section else False
    authors, _problems = load_authors(config.root, config.language_codes)
    if (needs_author or author is not None) and author not in authors:
        problems.append(_choices("author", "--author", author, {
            key: f"{a.name} – {config.pick(a.role, config.default_language)}".rstrip(" –")
            for key, a in sorted(authors.items())}))
    if (needs_author or category is not None) and category not in config.categories:
        problems.append(_choices("category", "--category", category, {
            key: config.pick(c.name, config.default_language)
            for key, c in config.categories.items()}))
    if problems:
        raise ScaffoldError(*problems)
    assert section is not None
    lines = [f"title: {_quote(title.strip())}",
             f"date: {now.astimezone(config.tz):%Y-%m-%d %H:%M}"]
    if section.kind == "article":
        lines += [f"author: {author}", f"category: {category}"]
    lines += [
        '# summary: "Sapo: một hai câu tóm tắt, hiện trong danh sách và nguồn tin"',
        '# tags: ["thông tin đối ngoại"]',
        '# directives: ["57-KL/TW"]  # số hiệu các văn bản liên quan, đã có trong content/van-ban/',
        '# image: {src: "/images/ten-anh.jpg", alt: "Mô tả ảnh", caption: "Chú thích"}',
        "draft: true  # xóa dòng này khi bài đã sẵn sàng đăng",
    ]
    return Scaffold(f"content/{section_id}/{slug}.md",
                    source_text(lines, "Viết nội dung bài ở đây.\n"))


def new_translation(config: Config, original_path: str, lang: str | None) -> Scaffold:
    problems: list[Text] = []
    if lang not in config.language_codes or lang == config.default_language:
        others = [code for code in config.language_codes if code != config.default_language]
        problems.append(msg("--lang must be one of %(langs)s, got `%(given)s`",
                            langs=", ".join(others), given=str(lang)))
    source = parse_source_path(original_path, config)
    if not isinstance(source, Source):
        problems.append(msg("%(path)s: %(problem)s", path=original_path, problem=source))
    elif source.lang != config.default_language:
        problems.append(msg("%(path)s is a translation; translate the original "
                            "content/%(section)s/%(name)s.md", path=original_path,
                            section=source.section, name=source.name))
    elif not (config.root / original_path).is_file():
        problems.append(msg("%(path)s does not exist; give the path of the original, such as "
                            "content/tin-tuc/bai.md", path=original_path))
    if problems or not isinstance(source, Source):
        raise ScaffoldError(*problems)
    original: Document = read_document(config.root, source, config)
    if any(d.severity == "error" for d in original.diagnostics):
        raise ScaffoldError(msg("the original has errors; fix them first:"),
                            *original.diagnostics)
    meta = original.meta
    kind = config.sections[source.section].kind
    lines = [f"title: {_quote(meta.title or '')}  # translate",
             f"# slug: {slugify(meta.title or source.name)}  # a URL name in this language"]
    if meta.summary:
        lines.append(f"summary: {_quote(meta.summary)}  # translate")
    if meta.tags:
        lines.append(f"tags: [{', '.join(_quote(tag) for tag in meta.tags)}]  # translate")
    if meta.image:  # the picture is the original's: only its words are translated
        caption = f", caption: {_quote(meta.image.caption)}" if meta.image.caption else ""
        lines.append(f"image: {{alt: {_quote(meta.image.alt)}{caption}}}  # translate")
    lines += [
        "draft: true  # remove when the translation is done",
        f"source_digest: {source_digest(original, kind)}  # the original this translates",
    ]
    text = original.text()
    body = text.rstrip("\n") + "\n" if text.strip() else ""
    return Scaffold(f"content/{source.section}/{source.name}.{lang}.md",
                    source_text(lines, body))


def write(config: Config, scaffold: Scaffold) -> None:
    path = config.root / scaffold.path
    if path.exists():
        raise ScaffoldError(msg("%(path)s already exists; not overwriting it: give another "
                                "title, or edit that file", path=scaffold.path))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(scaffold.text)
