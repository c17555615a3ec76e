"""An XML file (a WordPress export, a feed) read as a stream: each element the caller keeps
is built whole, with the line it starts on, handed over and forgotten, so that memory holds
one item at a time whatever the file's size.

Expat reads it: the parser under ElementTree's iterparse, used directly here for what
iterparse does not give — the line each element starts on, for `FILE:line:` messages, and a
say in the DOCTYPE. A file that declares an entity (`<!ENTITY …>`) is refused: exports and
feeds never need one, and entity expansion attacks (billion laughs, quadratic blow-up) do.
Expat never fetches an external entity or DTD, and 2.4 and later also stop an expansion
that grows too much. Names are written `prefix:local` with the prefix the caller gives each
namespace (`{uri}local` for one it does not name).
"""

from __future__ import annotations

import pyexpat
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from .diagnostics import InputError
from .messages import Text, msg

CHUNK = 1 << 16
_HTML = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)


class XmlError(InputError):
    """Why the file cannot be read as the XML it should be."""


@dataclass(slots=True)
class Node:
    tag: str
    attrs: dict[str, str]
    line: int
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        """All the text inside, children's included."""
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def find(self, tag: str) -> Node | None:
        return next((c for c in self.children if isinstance(c, Node) and c.tag == tag), None)

    def find_all(self, tag: str) -> list[Node]:
        return [c for c in self.children if isinstance(c, Node) and c.tag == tag]

    def value(self, tag: str) -> str:
        """The text of the first child element `tag`, stripped; "" without one."""
        found = self.find(tag)
        return found.text().strip() if found is not None else ""

    def markup(self) -> str:
        """The children as HTML (an Atom `xhtml` content's div): names without prefixes."""
        out = []
        for child in self.children:
            if isinstance(child, str):
                out.append(escape(child, quote=False))
                continue
            name = child.tag.rpartition(":")[2].rpartition("}")[2]
            attrs = "".join(f' {k.rpartition(":")[2]}="{escape(v)}"'
                            for k, v in child.attrs.items())
            out.append(f"<{name}{attrs}>{child.markup()}</{name}>")
        return "".join(out)


def read_elements(path: Path, prefix: Callable[[str], str | None],
                  keep: Callable[[tuple[str, ...]], bool],
                  root: Callable[[str, int], None], expected: Text) -> Iterator[Node]:
    """Each element whose path of names (the root's first) `keep` accepts, built whole.
    `root(name, line)` sees the root element first and raises XmlError when it is not one
    the caller reads; `expected` names what the file should be, for the messages."""
    with path.open("rb") as handle:
        head = handle.read(4096)
        _sniff(head, expected)
        parser = pyexpat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        parser.SetParamEntityParsing(pyexpat.XML_PARAM_ENTITY_PARSING_NEVER)
        names: dict[str, str] = {}
        stack: list[str] = []
        building: list[Node] = []
        done: list[Node] = []

        def name(raw: str) -> str:
            if raw not in names:
                uri, _space, local = raw.rpartition(" ")
                short = prefix(uri) if uri else ""
                names[raw] = (f"{short}:{local}" if short else local) if short is not None \
                    else f"{{{uri}}}{local}"
            return names[raw]

        def start(raw: str, attributes: dict[str, str]) -> None:
            tag = name(raw)
            line = parser.CurrentLineNumber
            if not stack:
                root(tag, line)
            stack.append(tag)
            if building or keep(tuple(stack)):
                node = Node(tag, {name(k): v for k, v in attributes.items()}, line)
                if building:
                    building[-1].children.append(node)
                building.append(node)

        def end(_raw: str) -> None:
            stack.pop()
            if building:
                node = building.pop()
                if not building:
                    done.append(node)

        def text(data: str) -> None:
            if building:
                children = building[-1].children
                if children and isinstance(children[-1], str):
                    children[-1] += data
                else:
                    children.append(data)

        def entity(name: str, *_rest: object) -> None:
            raise XmlError(parser.CurrentLineNumber, msg(
                "the file declares the entity %(name)s in its DOCTYPE: refused (%(expected)s "
                "never declares one, and entity expansion can exhaust the computer)",
                name=name, expected=expected))

        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = text
        parser.EntityDeclHandler = entity
        chunk = head
        while True:
            final = not chunk
            try:
                parser.Parse(chunk, final)
            except pyexpat.ExpatError as exc:
                raise XmlError(exc.lineno, msg(
                    "this is not well-formed XML (%(problem)s): the file is damaged or cut "
                    "short; save %(expected)s again", problem=pyexpat.ErrorString(exc.code),
                    expected=expected)) from None
            yield from done
            done.clear()
            if final:
                return
            chunk = handle.read(CHUNK)


def local_name(tag: str) -> str:
    """A name without its prefix or namespace: "xhtml:html" -> "html"."""
    return tag.rpartition("}")[2].rpartition(":")[2]


def web_page(line: int, expected: Text) -> XmlError:
    return XmlError(line, msg("this is a web page (HTML), not %(expected)s", expected=expected))


def _sniff(head: bytes, expected: Text) -> None:
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if _HTML.match(text):
        raise web_page(1, expected)
    if not text.startswith(b"<") and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise XmlError(1, msg("this is not an XML file, so not %(expected)s",
                              expected=expected))
