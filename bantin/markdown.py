"""Markdown to safe HTML: markdown-it-py with footnotes, tables, anchors and attributes."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
from mdit_py_plugins.footnote import footnote_plugin

from .text import slugify

# What the sanitiser lets through. Raw HTML in Markdown is off; this is the second
# wall, for what plugins such as attrs can produce (e.g. `{onclick=…}`).
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "del", "div", "em", "figcaption",
    "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre",
    "s", "section", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "ul",
}
_COMMON = {"id", "class", "title", "lang", "dir"}
ALLOWED_ATTRIBUTES = {
    tag: set(_COMMON) for tag in ALLOWED_TAGS
} | {
    "a": _COMMON | {"href", "hreflang", "aria-label", "role", "rel"},
    "img": _COMMON | {"src", "alt", "width", "height", "loading", "decoding"},
    "td": _COMMON | {"colspan", "rowspan"},
    "th": _COMMON | {"colspan", "rowspan", "scope"},
    "ol": _COMMON | {"start", "type"},
    "li": _COMMON | {"value"},
    "section": _COMMON | {"aria-label", "role"},
    "sup": _COMMON,
}
ALLOWED_SCHEMES = {"http", "https", "mailto", "tel"}


def heading_slug(text: str) -> str:
    return slugify(text) or "muc"


def make_parser() -> MarkdownIt:
    md = (
        MarkdownIt("commonmark", {"html": False, "typographer": False})
        .enable(["table", "strikethrough"])
        .use(footnote_plugin)
        .use(attrs_plugin)
        .use(attrs_block_plugin)
        .use(anchors_plugin, min_level=2, max_level=4, slug_func=heading_slug)
    )
    return md


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    return make_parser()


def parse(text: str) -> list[Token]:
    return parser().parse(text)


def render_tokens(tokens: list[Token]) -> str:
    md = parser()
    return sanitize(md.renderer.render(tokens, md.options, {}))


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


TokenHook = Callable[[list[Token]], None]


def align_with_classes(tokens: list[Token]) -> None:
    """Table alignment as classes: the site's Content-Security-Policy forbids style attributes."""
    for token in tokens:
        if token.type in ("th_open", "td_open"):
            style = str(token.attrs.pop("style", ""))
            if style.startswith("text-align:"):
                token.attrSet("class", "align-" + style.removeprefix("text-align:"))


def to_html(text: str, *hooks: TokenHook) -> str:
    """Render Markdown; each hook may rewrite the token stream (links, directive mentions)."""
    tokens = parse(text)
    for hook in (align_with_classes, *hooks):
        hook(tokens)
    return render_tokens(tokens)
