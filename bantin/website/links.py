"""Links between pages, written as relative `.md` paths, and images: resolved and checked.

An editor links to another page by its file, as it appears beside theirs in the editor or on
GitHub: `[lịch sử](../gioi-thieu/lich-su.md#muc)` or `[the English text](ket-luan-57.en.md)`.
At build time the link becomes the target page's URL — in the reader's language when the
file named is the default-language one and a translation exists — and `#anchors` are checked
against the target's headings. Each problem is reported at its Markdown line.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from posixpath import dirname, join, normpath
from urllib.parse import unquote

from ..core.diagnostics import Diagnostics
from ..core.messages import Text, msg
from ..core.youtube import is_youtube
from ..model.content import parse_source_path
from ..model.document import Document, Source
from ..model.facts import Facts
from ..model.markdown import is_page_link
from ..model.page import Page
from .outputs import asset_keys
from .publishing import FILES_PREFIX, file_asset_key, image_asset_key
from .site import Site

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_WHY = {"draft": msg("a draft"), "scheduled": msg("scheduled for later"),
        "expired": msg("expired"), "internal": msg("internal")}


@dataclass(frozen=True, slots=True)
class Resolved:
    """What a `.md` link points at in this build."""

    path: str  # the target file, e.g. content/gioi-thieu/lich-su.md
    fragment: str
    page: Page | None  # the published page the link goes to; None when there is none
    doc: Document | None  # the document whose headings the fragment must name
    why: Text | str = ""  # why the target is not published in this build
    named: Document | None = None  # the file the link names, when `doc` is a translation of it


class LinkIndex:
    """Resolves the links of every document against the Site; computed once per build."""

    def __init__(self, site: Site, files: Iterable[str] = ()) -> None:
        self.site = site
        self.images = asset_keys(files)  # the files under assets/, by key (NFC)
        self.config = site.config
        self.docs: dict[str, Document] = {page.source.path: page.doc for page in site.pages}
        self.why: dict[str, str] = {}
        for doc, why in site.withheld:
            self.docs[doc.source.path] = doc
            self.why[doc.source.path] = why
        # a link is NFC like all content; a file name copied from macOS is often NFD on disk
        self.named = {unicodedata.normalize("NFC", path): path for path in self.docs}
        # (file, language, href) of each link whose #fragment only the file it names has,
        # not the translation it goes to (`translated_away`): found by `check`, so that
        # rendering needs no fact of another page
        self.away: set[tuple[str, str, str]] = set()


    def resolve(self, doc: Document, lang: str, href: str) -> Resolved | Text:
        """The target of a `.md` link written in `doc` and read in `lang`, or what is wrong."""
        path_part, _, fragment = href.partition("#")
        # Markdown percent-encodes `<Bài mới.md>`: the file's name is the decoded one
        path_part = unicodedata.normalize("NFC", unquote(path_part.split("?", 1)[0]))
        path = normpath(join(dirname(doc.source.path), path_part))
        if not path.startswith("content/"):
            return msg("links to %(path)s, which is outside content/: link to a page's .md file "
                       "in content/, or write the web address in full", path=path_part)
        path = self.named.get(path, path)
        if path not in self.docs and not (self.config.root / path).is_file():
            return msg("links to %(path)s, which does not exist: correct the file name or "
                       "folder in the link (it is relative to this file)", path=path)
        source = parse_source_path(path, self.config)
        if not isinstance(source, Source):
            return msg("links to %(path)s, which is not a page: %(problem)s", path=path,
                       problem=source)
        explicit = path.removesuffix(".md").rsplit("/", 1)[1] != source.name
        published = self.site.by_key.get(source.key, {})
        # A link to the default-language file means "this page, in the reader's language".
        preferred = source.lang if explicit else lang
        page = published.get(preferred) or published.get(source.lang)
        if page is not None:
            named = self.docs.get(path) if page.doc.source.path != path else None
            return Resolved(path, fragment, page, page.doc, named=named)
        target = self.docs.get(path)
        why = _WHY.get(self.why.get(path, ""), msg("not published"))
        return Resolved(path, fragment, None, target, why)

    def check(self, doc: Document, lang: str, published: bool, facts: Facts,
              diagnostics: Diagnostics) -> None:
        """Report broken `.md` links, unknown anchors and bad images in one document."""
        def report(line: int, severity: str, message: Text) -> None:
            at = doc.body_line + line + 1
            if severity == "error":
                diagnostics.error(doc.source.path, at, message)
            else:
                diagnostics.warning(doc.source.path, at, message)

        own_ids: set[str] | None = None
        for item in facts.items(doc):  # each link and image, parsed once per file version
            if item.kind == "image":
                for severity, message in self._image_problems(item.src, item.alt):
                    report(item.line, severity, message)
                continue
            href = item.src
            if href.startswith(FILES_PREFIX):
                for message in self._file_problems(href):
                    report(item.line, "error", message)
                continue
            if href.startswith("#"):
                if own_ids is None:
                    own_ids = set(facts.ids(doc))
                if href[1:] and href[1:] not in own_ids:
                    report(item.line, "error", _no_anchor(href[1:], msg("this page"), own_ids))
                continue
            if not is_page_link(href):
                continue
            result = self.resolve(doc, lang, href)
            if isinstance(result, Text):
                report(item.line, "error", result)
                continue
            if result.page is None and published:
                report(item.line, "warning", msg(
                    "links to %(path)s, which is %(why)s and not published in this build; the "
                    "link is shown as plain text", path=result.path, why=result.why))
            if result.fragment and result.doc is not None:
                ids = facts.ids(result.doc)
                if self.translated_away(result, facts):
                    self.away.add((doc.source.path, lang, href))
                    known = ", ".join(f"#{i}" for i in sorted(ids)) or msg("none")
                    report(item.line, "warning", msg(
                        "links to #%(fragment)s, a heading of %(path)s that its translation "
                        "%(translation)s lacks; the link goes to the top of that page instead; "
                        "its anchors: %(known)s", fragment=result.fragment, path=result.path,
                        translation=result.doc.source.path, known=known))
                elif result.fragment not in ids:
                    report(item.line, "error",
                           _no_anchor(result.fragment, result.doc.source.path, ids))

    def translated_away(self, result: Resolved, facts: Facts) -> bool:
        """A heading anchor of the named file that its translation, linked instead, lacks.

        Typical of a translation whose body was copied from the original: the link still
        names the original's Vietnamese anchor."""
        return (result.named is not None and result.doc is not None and bool(result.fragment)
                and result.fragment not in facts.ids(result.doc)
                and result.fragment in facts.ids(result.named))

    def _image_problems(self, src: str, alt: str) -> Iterator[tuple[str, Text]]:
        if is_youtube(src):
            return  # a video: checked with the body's Markdown (model/videos.py)
        shown = unquote(src)  # as the editor typed it (Markdown percent-encodes addresses)
        if not alt.strip():
            yield ("error", msg("image %(src)s has no alt text: write ![what the picture shows]"
                                "(%(src)s) for readers who cannot see it", src=shown))
        yield from (("error", message) for message in self.image_file_problems(src))

    def image_file_problems(self, src: str) -> Iterator[Text]:
        shown = unquote(src)  # as the editor typed it (Markdown percent-encodes addresses)
        if _SCHEME.match(src):
            if not src.startswith(("http://", "https://")):
                yield msg("image %(src)s: only http(s) addresses or /images/<file> are allowed",
                          src=shown)
            return
        key = image_asset_key(src)
        if key is None:
            yield msg("image %(src)s: write site images as /images/<file>, with the file in "
                      "assets/images/", src=shown)
        elif key not in self.images:
            # the web server, unlike Windows and macOS, tells "Ảnh.JPG" from "ảnh.jpg"
            same = [other for other in self.images if other.lower() == key.lower()]
            if same:
                yield msg("image %(src)s: no such file assets/%(key)s; letter case counts: did "
                          "you mean /%(same)s?", src=shown, key=key, same=same[0])
            else:
                yield msg("image %(src)s: no such file assets/%(key)s; copy the picture into "
                          "assets/images/, or correct its name", src=shown, key=key)

    def _file_problems(self, href: str) -> Iterator[Text]:
        shown = unquote(href)  # as the editor typed it
        key = file_asset_key(href)
        if key is None:
            yield msg("links to %(href)s, which leaves assets/files/: write /files/<file>, "
                      "with the file in assets/files/", href=shown)
        elif key not in self.images:
            yield msg("links to %(href)s: no such file assets/%(key)s; copy the document "
                      "into assets/files/, or correct its name (letter case counts)",
                      href=shown, key=key)

    def filler(self, page: Page) -> Callable[[str], tuple[str, str] | None]:
        """Where each `.md` link of the page's body goes in this build (markdown.finish):
        the target page's URL, with `hreflang` when it is in another language, or None
        when the target is not published (its words stay, the link goes). The index must
        have checked the page's document (`check`)."""

        def fill(href: str) -> tuple[str, str] | None:
            result = self.resolve(page.doc, page.lang, href)
            if isinstance(result, Text):
                return href, ""  # reported by check(); the build has failed
            if result.page is None:
                return None
            keep = result.fragment and (page.doc.source.path, page.lang, href) not in self.away
            fragment = f"#{result.fragment}" if keep else ""
            extra = (f' hreflang="{result.page.lang}"' if result.page.lang != page.lang
                     else "")
            return result.page.url + fragment, extra

        return fill


def _no_anchor(fragment: str, where: Text | str, ids: Iterable[str]) -> Text:
    known = ", ".join(f"#{i}" for i in sorted(ids)) or msg("none")
    return msg("links to #%(fragment)s, but %(where)s has no heading with that anchor; its "
               "anchors: %(known)s", fragment=fragment, where=where, known=known)


def check_site(site: Site, facts: Facts, diagnostics: Diagnostics, files: Iterable[str]
               ) -> LinkIndex:
    """Links, anchors and images of every document (unpublished ones too), and lead images.
    `files`: the site's input files (freshness.scan), where images are looked for."""
    index = LinkIndex(site, files)
    for page in site.pages:
        index.check(page.doc, page.lang, True, facts, diagnostics)
    for doc, _why in site.withheld:
        index.check(doc, doc.source.lang, False, facts, diagnostics)
    for doc in sorted(index.docs.values(), key=lambda d: d.source.path):
        image = doc.meta.image
        if image is not None and image.src and "image" in doc.lines:  # a translation's
            # image without `src` shows the original's, checked in the original's file
            for message in index.image_file_problems(image.src):
                diagnostics.error(doc.source.path, doc.line("image.src"),
                                  msg("`image.src`: %(problem)s", problem=message))
    return index
