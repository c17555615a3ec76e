"""SVG files checked before they are published: nothing in them may run a script.

An SVG is a document, not a picture: opened at its URL (a reader clicks "open image", or a
link points at it) it runs its `<script>`, its `onload=` handlers and its `javascript:`
links on the site's own address, and `<foreignObject>` embeds HTML that can do the same.
Drawing programs put none of that in an illustration, so an SVG that holds any of it is
refused with an error at its line, rather than cleaned: the editor re-exports the drawing.
Entity declarations are refused too (they can hide a `javascript:` address and blow up to
gigabytes), as are stylesheet instructions (which can run XSLT). A file that is not
well-formed XML is refused as well: browsers would not show it either.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from xml.parsers import expat

from ..core.diagnostics import Diagnostic
from ..core.messages import Text, msg

# Elements that run or embed active content, by local name in lower case (any namespace)
_ACTIVE = {"script", "foreignobject", "handler", "listener", "iframe", "embed", "object"}
_XHTML = "http://www.w3.org/1999/xhtml"
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]+")  # what browsers skip in a URL's scheme
_SCRIPT_URL = re.compile(r"(java|vb)script:")


class _Refused(Exception):
    """Stops the parse at the first thing that is never allowed (entities)."""


def problems(relative: str, data: bytes) -> list[Diagnostic]:
    """Every way the SVG `data` (at `relative`) could run a script, at its line."""
    found: list[Diagnostic] = []
    parser = expat.ParserCreate(namespace_separator=" ")

    def refuse(message: Text) -> None:
        found.append(Diagnostic(relative, parser.CurrentLineNumber, "error", message))

    def start(name: str, attributes: dict[str, str]) -> None:
        namespace, _, local = name.rpartition(" ")
        if local.lower() in _ACTIVE:
            refuse(msg("the SVG holds a <%(element)s> element, which can run a script when "
                       "the file is opened; remove it, or export the drawing again without "
                       "scripts", element=local))
        elif namespace == _XHTML:
            refuse(msg("the SVG holds the HTML element <%(element)s>; HTML inside an SVG can "
                       "run scripts: remove it, or export the drawing again without scripts",
                       element=local))
        for attribute, value in attributes.items():
            attribute = attribute.rpartition(" ")[2]
            if attribute.lower().startswith("on"):
                refuse(msg("<%(element)s> has the event handler %(attribute)s=…, which runs a "
                           "script; remove it, or export the drawing again without scripts",
                           element=local, attribute=attribute))
            elif _SCRIPT_URL.search(_IGNORED_IN_URLS.sub("", value).lower()):
                refuse(msg("<%(element)s> has a script address in %(attribute)s=…, which runs "
                           "when it is followed; remove it, or export the drawing again "
                           "without scripts", element=local, attribute=attribute))
            elif attribute == "attributeName" and value.strip().lower().startswith("on"):
                refuse(msg("<%(element)s> animates the event handler %(handler)s; remove it, or "
                           "export the drawing again without scripts", element=local,
                           handler=value.strip()))

    def entity(name: str, *_args: object) -> None:
        refuse(msg("the SVG declares the XML entity %(name)s; entities can hide scripts or make "
                   "the file huge: export the drawing again without a DOCTYPE", name=name))
        raise _Refused

    def instruction(target: str, _data: str) -> None:
        if target.lower() == "xml-stylesheet":
            refuse(msg("the SVG has an <?xml-stylesheet?> instruction, which can run a "
                       "transformation (XSLT); put its styles in a <style> element instead"))

    parser.StartElementHandler = start
    parser.EntityDeclHandler = entity
    parser.ProcessingInstructionHandler = instruction
    try:
        parser.Parse(data, True)
    except _Refused:
        pass
    except expat.ExpatError as exc:
        found.append(Diagnostic(relative, exc.lineno, "error",
                                msg("the SVG is not well-formed XML (%(problem)s); browsers would "
                                    "not show it: export it again",
                                    problem=expat.errors.messages[exc.code])))
    return found


def check_assets(root: Path, files: Iterable[str]) -> list[Diagnostic]:
    """The problems of every SVG under assets/ among the site's input files (freshness.scan).

    A compressed SVG (.svgz) cannot be read without unpacking it: refused at once."""
    found: list[Diagnostic] = []
    for relative in sorted(files):
        lower = relative.lower()
        if not lower.startswith("assets/"):
            continue
        if lower.endswith(".svg"):
            found += problems(relative, (root / relative).read_bytes())
        elif lower.endswith(".svgz"):
            found.append(Diagnostic(relative, 1, "error", msg(
                "compressed SVG (.svgz) is not published: its content cannot be checked for "
                "scripts; save it as a plain .svg")))
    return found
