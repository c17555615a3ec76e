"""A published page: a document placed in the site (kind, language, slug, URL).

Its own module, below both the Site that resolves pages and the directive registry that
links them, so neither has to import the other to name one.
"""

from __future__ import annotations

from dataclasses import dataclass

from .document import Document, FrontMatter, Source, quick_pickle


@quick_pickle  # some 10,000 restored by every quick rebuild from the command line (saved.py)
@dataclass(slots=True, eq=False)
class Page:
    doc: Document
    kind: str  # article | page | directive
    lang: str
    meta: FrontMatter  # with what a translation leaves out taken from the original
    slug: str
    url: str  # starts and ends with "/"
    scheduled: bool = False  # dated in the future, shown early in a preview (--future)

    @property
    def source(self) -> Source:
        return self.doc.source

    @property
    def key(self) -> tuple[str, str]:
        return self.doc.source.key

    @property
    def title(self) -> str:
        return self.meta.title or ""

    @property
    def is_draft(self) -> bool:
        return bool(self.meta.draft)

    @property
    def preview_only(self) -> bool:
        """Shown only because this is a preview: gets a banner and `noindex`."""
        return self.is_draft or self.scheduled
