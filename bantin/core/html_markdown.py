"""HTML bodies (CKEditor's, Word's pasted markup) as clean Markdown, nothing of the text lost.

Paragraphs, `<br />` (one: a line break; a run: a new paragraph), headings, bold and italic
(also from Word's `font-weight`/`font-style` spans), links, lists, quotes, preformatted
text, images with their alt text and captions, and tables as pipe tables (the first row is
the header when there is no `<thead>`; merged cells are split, the text kept in the first).
Classes and inline styles (`MsoNormal`, fonts, colours) are dropped: they are looks, not
text. A YouTube <iframe> becomes Bantin's form of a video,
`![title](https://www.youtube.com/watch?v=ID)` (core/youtube.py), which pages show as a
click-to-play facade. What Markdown cannot hold — any other embedded frame or video, a
script, a form, merged table cells — is said in `losses`, one message each, for the importer
to report; what it links to is kept as a link where there is one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .html_tables import table_markdown
from .html_tree import Element, parse_html
from .messages import Text, msg
from .youtube import Video, youtube

_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote",
          "table", "figure", "figcaption", "hr", "pre", "center", "section", "article",
          "header", "footer", "main", "aside", "nav", "dl", "dt", "dd", "address", "caption",
          "thead", "tbody", "tfoot", "tr", "td", "th", "iframe", "video", "audio", "object",
          "embed", "form", "script", "style", "noscript", "svg", "canvas", "select",
          "textarea", "button", "input", "title", "head", "meta", "link"}
_DROPPED = {"script": "script", "noscript": "script", "style": None, "head": None,
            "title": None, "meta": None, "link": None, "form": "form", "input": "form",
            "select": "form", "textarea": "form", "button": "form", "svg": "drawing",
            "canvas": "drawing"}
_BR = "\x00"  # a <br> while a paragraph is built
_SPACES = re.compile(r"[ \t\n\r\f\v\u00a0\u2007\u202f\u200b]+")
_ESCAPED = re.compile(r"([\\`*_\[\]<>{}])")
_LINE_START = re.compile(r"^(#{1,6}(?=\s|$)|>|[-+*](?=\s)|(\d{1,9})([.)])(?=\s)|=+\s*$|-+\s*$)")


@dataclass(slots=True)
class Conversion:
    markdown: str
    losses: list[Text] = field(default_factory=list)


def _escape(text: str) -> str:
    return _ESCAPED.sub(r"\\\1", text)


def _escape_line_start(line: str) -> str:
    match = _LINE_START.match(line)
    if match is None:
        return line
    if match.group(2):  # "1. " -> "1\. "
        return match.group(2) + "\\" + line[len(match.group(2)):]
    return "\\" + line


def _is_bold(element: Element) -> bool:
    style = element.attrs.get("style", "").replace(" ", "").lower()
    return element.tag in ("b", "strong") or "font-weight:bold" in style or (
        "font-weight:700" in style)


def _is_italic(element: Element) -> bool:
    style = element.attrs.get("style", "").replace(" ", "").lower()
    return element.tag in ("i", "em", "cite") or "font-style:italic" in style


def _wrap(inner: str, mark: str) -> str:
    """`**bold**` around the text, its outer spaces left outside the marks."""
    stripped = inner.strip(" ")
    if not stripped.replace(_BR, "").strip():
        return inner
    lead = inner[:len(inner) - len(inner.lstrip(" "))]
    trail = inner[len(inner.rstrip(" ")):]
    return f"{lead}{mark}{stripped}{mark}{trail}"


def video_of(src: str) -> Video | None:
    """The YouTube video an embedded frame shows (`//www.youtube.com/embed/ID` too), or None."""
    found = youtube("https:" + src if src.startswith("//") else src)
    return found if isinstance(found, Video) else None


def video_link(src: str) -> str:
    """The page of an embedded video (a YouTube embed -> its watch page), else `src`."""
    video = video_of(src)
    if video is not None:
        return video.watch_url
    return "https:" + src if src.startswith("//") else src


class _Converter:
    def __init__(self, link: Callable[[str], str],
                 image: Callable[[str, str], str | None], title: str) -> None:
        self.link = link
        self.image = image
        self.title = title
        self.losses: list[Text] = []

    # -- inline -------------------------------------------------------------------------

    def inline(self, node: Element | str, bold: bool = False, italic: bool = False) -> str:
        if isinstance(node, str):
            return _escape(_SPACES.sub(" ", node))
        tag = node.tag
        if tag == "br":
            return _BR
        if tag == "img":
            return self.picture(node)
        if tag in _BLOCK:  # a block inside inline content (a <div> in a <span>): its text
            return " ".join(block.replace("\n", " ") for block in self.blocks(node))
        now_bold = _is_bold(node) and not bold
        now_italic = _is_italic(node) and not italic
        inner = "".join(self.inline(child, bold or now_bold, italic or now_italic)
                        for child in node.children)
        if tag in ("code", "kbd", "samp", "tt") and inner.strip():
            text = node.text().replace("`", "'")
            return f"`{text}`"
        if tag == "sup" and inner.strip():
            inner = "^" + inner
        if now_italic:
            inner = _wrap(inner, "*")
        if now_bold:
            inner = _wrap(inner, "**")
        if tag == "a":
            return self.anchor(node, inner)
        return inner

    def anchor(self, node: Element, inner: str) -> str:
        href = node.attrs.get("href", "").strip()
        text = inner.replace(_BR, " ").strip()
        if not href or href.startswith("#"):
            return inner
        if href.lower().startswith(("javascript:", "data:", "vbscript:")):
            self.losses.append(msg("a link that ran a script (%(href)s) was left out; its text "
                                   "is kept", href=href[:60]))
            return inner
        target = self.link(href)
        if not text:
            text = _escape(target)
        if re.search(r"[\s()<>]", target):
            target = "<" + target.replace("<", "%3C").replace(">", "%3E") + ">"
        return f"[{text}]({target})"

    def picture(self, node: Element, caption: str = "") -> str:
        src = node.attrs.get("src", "").strip()
        alt = _SPACES.sub(" ", node.attrs.get("alt", "") or node.attrs.get("title", "")).strip()
        if not alt:
            alt = caption
        if not src:
            return ""
        shown = self.image(src, alt)
        if shown is None:
            return ""
        alt_text = alt.replace("[", "\\[").replace("]", "\\]")
        return f"![{alt_text}]({shown})"

    # -- blocks -------------------------------------------------------------------------

    def paragraphs(self, parts: list[str]) -> list[str]:
        """Inline content as paragraphs: a run of <br> splits it, one <br> breaks a line."""
        text = "".join(parts)
        found = []
        for chunk in re.split(rf" *{_BR}(?: *{_BR})+ *", text):
            lines = [line.strip() for line in chunk.split(_BR)]
            lines = [_escape_line_start(line) for line in lines if line]
            if lines:
                found.append("\\\n".join(lines).replace("****", ""))
        return found

    def blocks(self, node: Element,
               own: Callable[[Element], str | None] | None = None) -> list[str]:
        """The node's children as Markdown blocks, inline runs as paragraphs; `own(child)`:
        the inline text of an element its caller reads itself (a figure's picture), or None."""
        out: list[str] = []
        pending: list[str] = []
        for child in node.children:
            shown = own(child) if own is not None and isinstance(child, Element) else None
            if shown is not None:
                pending.append(shown)
            elif isinstance(child, Element) and child.tag in _BLOCK:
                out.extend(self.paragraphs(pending))
                pending = []
                out.extend(self.block(child))
            else:
                pending.append(self.inline(child))
        out.extend(self.paragraphs(pending))
        return out

    def block(self, node: Element) -> list[str]:
        tag = node.tag
        if tag in _DROPPED:
            what = _DROPPED[tag]
            if what and (node.text().strip() or tag != "noscript"):
                self.losses.append(msg("a %(what)s (<%(tag)s>) cannot be kept in Markdown and "
                                       "was left out", what=what, tag=tag))
            return []
        if tag in ("iframe", "video", "audio", "object", "embed"):
            return self.embedded(node)
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            text = " ".join(self.paragraphs([self.inline(c) for c in node.children]))
            text = text.replace("\\\n", " ").strip()
            level = max(2, min(int(tag[1]), 4))
            return [f"{'#' * level} {text}"] if text else []
        if tag in ("ul", "ol"):
            return self.listing(node)
        if tag == "blockquote":
            inner = "\n\n".join(self.blocks(node))
            return ["\n".join("> " + line if line else ">" for line in inner.split("\n"))
                    ] if inner else []
        if tag == "pre":
            text = node.text().strip("\n")
            fence = "````" if "```" in text else "```"
            return [f"{fence}\n{text}\n{fence}"] if text.strip() else []
        if tag == "hr":
            return ["* * *"]
        if tag == "table":
            return table_markdown(self, node)
        if tag == "figure":
            return self.figure(node)
        return self.blocks(node)

    def figure(self, node: Element) -> list[str]:
        captions = node.find_all("figcaption")
        caption = " ".join(_SPACES.sub(" ", c.text()).strip() for c in captions).strip()

        def own(child: Element) -> str | None:  # the caption is said once, below
            if child.tag == "img":
                return self.picture(child, caption)
            return "" if child.tag == "figcaption" else None

        out = self.blocks(node, own)
        if caption:
            out.append(f"*{_escape(caption)}*")
        return out

    def listing(self, node: Element) -> list[str]:
        ordered = node.tag == "ol"
        try:
            number = int(node.attrs.get("start", "1"))
        except ValueError:
            number = 1
        items: list[str] = []
        for child in node.children:
            if isinstance(child, str):
                if child.strip():
                    items.append(self.item(ordered, number, [_escape(child.strip())]))
                    number += 1
                continue
            if child.tag not in ("li", "ul", "ol"):
                parts = self.blocks(Element("div", children=[child]))
                if parts:
                    items.append(self.item(ordered, number, parts))
                    number += 1
                continue
            parts = self.blocks(child) if child.tag == "li" else self.block(child)
            if not parts:
                continue
            items.append(self.item(ordered, number, parts))
            number += 1
        return ["\n".join(items)] if items else []

    def item(self, ordered: bool, number: int, parts: list[str]) -> str:
        marker = f"{number}. " if ordered else "- "
        indent = " " * len(marker)
        text = parts[0]
        for part in parts[1:]:  # a list inside the item follows its text tightly
            tight = re.match(r"(?:[-+*]|\d{1,9}[.)]) ", part) and "\n\n" not in part
            text += ("\n" if tight else "\n\n") + part
        lines = text.split("\n")
        return "\n".join([marker + lines[0]] + [indent + line if line else ""
                                                for line in lines[1:]])

    def embedded(self, node: Element) -> list[str]:
        src = node.attrs.get("src") or node.attrs.get("data", "")
        if not src:
            sources = node.find_all("source")
            src = sources[0].attrs.get("src", "") if sources else ""
        title = _SPACES.sub(" ", node.attrs.get("title", "")).strip()
        if not src:
            self.losses.append(msg("an embedded <%(tag)s> without an address was left out",
                                   tag=node.tag))
            return []
        video = video_of(src) if node.tag in ("iframe", "embed", "object") else None
        if video is not None:  # shown as Bantin's click-to-play facade: nothing lost
            name = title or (f"{self.title} (video)" if self.title else "Video")
            return [f"![{_escape(name)}]({video.watch_url})"]
        target = video_link(src)
        self.losses.append(msg("an embedded <%(tag)s> (%(src)s) cannot be shown from Markdown: "
                               "it became a link", tag=node.tag, src=target))
        label = _escape(title) if title else "Video"
        return [f"[{label}]({self.link(target)})"]


def html_to_markdown(markup: str, link: Callable[[str], str] = lambda href: href,
                     image: Callable[[str, str], str | None] = lambda src, alt: src,
                     title: str = "") -> Conversion:
    """`markup` as Markdown. `link(href)` gives the address a link is written with;
    `image(src, alt)` the address an image is shown from, or None to leave it out (the
    caller says why); `title`, the article's, names a YouTube video that has no title of
    its own ("<title> (video)")."""
    converter = _Converter(link, image, title)
    blocks = converter.blocks(parse_html(markup))
    return Conversion("\n\n".join(blocks) + "\n" if blocks else "", converter.losses)
