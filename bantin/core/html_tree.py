"""HTML as a small tree, from any markup a CMS's editor or Word leaves: never an error.

The standard library's tokenizer reads it (character references such as `&nbsp;` and
`&#x002F;` decoded); the tree mends what browsers mend: void elements (`<br>`, `<img>`),
an end tag with no start (ignored), elements left open (closed by their parent's end), and
a `<p>` or `<li>` opened while one is still open (the first is closed). Comments, Word's
conditional comments and `<?xml …?>` declarations hold no text and are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr"}
# A start tag of the key closes an open element of a tag in the value, up to the nearest
# one of `_SCOPES` (a list item closes the previous item of its own list, not an outer one).
_CLOSES = {
    "li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "tr": {"tr", "td", "th"},
    "td": {"td", "th"}, "th": {"td", "th"}, "tbody": {"thead", "tbody", "tr", "td", "th"},
    "tfoot": {"thead", "tbody", "tr", "td", "th"}, "option": {"option"},
}
_SCOPES = {"ul", "ol", "table", "dl", "select", "blockquote", "div", "td", "th", "li",
           "figure", "section", "article"}
_BLOCKS_CLOSING_P = {"p", "div", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6",
                     "blockquote", "pre", "hr", "figure", "section", "article", "dl",
                     "address", "center", "header", "footer", "aside", "nav", "main"}


@dataclass(slots=True)
class Element:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Element | str] = field(default_factory=list)

    def text(self) -> str:
        """All the text inside, as it is."""
        return "".join(child if isinstance(child, str) else child.text()
                       for child in self.children)

    def find_all(self, tag: str) -> list[Element]:
        found: list[Element] = []
        for child in self.children:
            if isinstance(child, Element):
                if child.tag == tag:
                    found.append(child)
                found.extend(child.find_all(tag))
        return found


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root")
        self.stack = [self.root]

    def _close_open(self, tags: set[str], scopes: set[str]) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            tag = self.stack[index].tag
            if tag in tags:
                del self.stack[index:]
                return
            if tag in scopes:
                return

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        if tag in _BLOCKS_CLOSING_P:
            self._close_open({"p"}, _SCOPES)
        if tag in _CLOSES:
            self._close_open(_CLOSES[tag], _SCOPES - _CLOSES[tag])
        element = Element(tag, {name.lower(): value or "" for name, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag.lower() not in VOID and self.stack[-1].tag == tag.lower():
            self.stack.pop()  # <span/>: an empty element

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return
        if tag in ("br", "p"):  # </br> and a stray </p> mean a break, as browsers read them
            self.handle_starttag(tag, [])
            if tag == "p":
                self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(markup: str) -> Element:
    """The tree of a fragment of HTML (its root is `#root`)."""
    builder = _Builder()
    builder.feed(markup)
    builder.close()
    return builder.root
