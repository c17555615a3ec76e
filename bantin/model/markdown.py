"""Markdown to safe HTML: markdown-it-py with footnotes, tables, anchors and attributes.

A body is parsed and rendered once per version of its file (`prepare`, run where the file
is read and kept in the cache by its digest); what depends on the rest of the site — where
a `.md` link goes, which directive mentions become links — is left as placeholder links
that `finish` fills in for each build, without parsing the Markdown again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
from mdit_py_plugins.attrs.parse import ParseError
from mdit_py_plugins.attrs.parse import parse as parse_attrs
from mdit_py_plugins.footnote import footnote_plugin

from ..core.messages import Text, msg
from ..core.text import slugify
from . import videos
from .directives import Mention, numbers_in
from .videos import Video

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


# The ids the layouts give elements around the body (the skip link's target, the search
# box, …) and the footnotes' ids: a heading never takes one, or a link to it would land on
# the layout's element. tests/hostile/test_markdown_safety.py checks every id in layouts/.
LAYOUT_IDS = frozenset({
    "main", "menu", "site-search", "search-query", "search-results", "search-status",
    "search-list", "featured", "latest", "implements", "implemented-by", "related-articles",
    "related-heading", "related-documents", "rating", "rating-heading", "rated", "tat-ca",
})
_LAYOUT_ID_PATTERN = re.compile(r"^(?:category-.+|issuer-\d+(?:-kind-\d+)?|fn(?:ref)?\d+|"
                                r"stars-\d+|cap-.+|(?:loai|nam)-.+)$")
HEADING_LEVELS = ("h2", "h3", "h4")  # the headings that get an id (the page title is h1)
# Block nesting: quotes (`>`) and lists (each list level counts two: the list and its
# item). markdown-it drops what is nested deeper without a word; Bantin reports it.
MAX_NESTING = 20
_CONTAINERS = ("blockquote_open", "list_item_open", "footnote_reference_open")
LAYOUT_ID_LINE = "layout_id"  # marks a line of attributes that gives a layout's id


def layout_id(value: str) -> bool:
    """An id the layouts or footnotes use: never a heading's."""
    return value in LAYOUT_IDS or _LAYOUT_ID_PATTERN.match(value) is not None


def heading_slug(text: str) -> str:
    return slugify(text) or "muc"


def make_parser() -> MarkdownIt:
    md = (
        MarkdownIt("commonmark", {"html": False, "typographer": False,
                                  "maxNesting": MAX_NESTING})
        .enable(["table", "strikethrough"])
        .disable(["html_block", "html_inline"])  # no raw HTML: these rules would only look
        .use(footnote_plugin)
        .use(attrs_plugin)
        .use(attrs_block_plugin)
    )
    md.block.ruler.at("attr", _attributes_line)
    md.add_render_rule(LAYOUT_ID_LINE, lambda *args: "")
    md.add_render_rule(videos.VIDEO_TOKEN, _video_placeholder)
    md.core.ruler.push("heading_ids", _heading_ids)
    md.core.ruler.before("inline", "spaced_destinations", _spaced_destinations)
    return md


def _attributes_line(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A line of block attributes (`{.lead}`, `{#muc-1}`) for the block below it.

    mdit-py-plugins takes any line that starts with `{` and ends with `}` once its start
    parses as attributes, so `{x=1} Đoạn văn {quan trọng}` vanished from the page. Here the
    attributes must be the whole line, and hold no `{% comment %}`; any other line is text."""
    if state.is_code_block(start):
        return False
    line = state.src[state.bMarks[start] + state.tShift[start]:state.eMarks[start]].rstrip()
    if not line.startswith("{") or "%" in line:
        return False
    try:
        last, attrs = parse_attrs(line)
    except ParseError:
        return False
    if last != len(line) - 1 or not attrs:
        return False
    if not silent:
        if layout_id(str(attrs.get("id", ""))):  # reported (problems), at this line
            marker = state.push(LAYOUT_ID_LINE, "", 0)
            marker.map, marker.content = [start, start + 1], str(attrs["id"])
        token = state.push("attrs_block", "", 0)
        # dict is invariant: the plugin's dict[str, str] is a fine dict[str, str | int | float]
        token.attrs = attrs  # type: ignore[assignment]
        token.map = [start, start + 1]
    state.line = start + 1
    return True


def _video_placeholder(_renderer: object, tokens: list[Token], index: int,
                       *_args: object) -> str:
    """A video put aside by videos.take: a placeholder link that `finish` replaces (its
    words, the title, are what a feed's summary reads)."""
    token = tokens[index]
    return (f'<p><a href="{PLACEHOLDER}:v/{token.meta["video"]}">'
            f'{escape_attribute(token.content)}</a></p>\n')


def _heading_ids(state: StateCore) -> None:
    """An id for each h2–h4 from its words: unique on the page, never one the layouts use.

    In one pass (mdit-py-plugins' anchors tried "muc-1", "muc-2", … from the start for each
    repeat: 10,000 equal headings took minutes)."""
    taken = {str(token.attrs["id"]) for token in state.tokens if token.attrs.get("id")}
    last: dict[str, int] = {}  # slug -> the suffix its latest repeat took
    for index, token in enumerate(state.tokens):
        if token.type != "heading_open" or token.tag not in HEADING_LEVELS:
            continue
        if token.attrs.get("id"):
            continue
        children = state.tokens[index + 1].children or []
        base = heading_slug("".join(child.content for child in children
                                    if child.type in ("text", "code_inline")))
        if layout_id(f"{base}-1"):  # the layouts take every "base-N" (category-…, nam-…)
            base = f"muc-{base}"
        slug, suffix = base, last.get(base, 0)
        while slug in taken or layout_id(slug):
            suffix += 1
            slug = f"{base}-{suffix}"
        last[base] = suffix
        taken.add(slug)
        token.attrSet("id", slug)


def problems(tokens: list[Token]) -> list[tuple[int, Text]]:
    """What the body's Markdown loses or breaks, as (0-based body line, message)."""
    found: list[tuple[int, Text]] = []
    # A quote or list item opened at the last level markdown-it allows has lost its text.
    deep = next((token for token in tokens if token.level >= MAX_NESTING - 1
                 and token.type in _CONTAINERS), None)
    if deep is not None:
        found.append((deep.map[0] if deep.map else 0, msg(
            "quotes (`>`) and lists nest more than %(levels)s levels deep here (a list level "
            "counts as two), and the text inside would be lost: nest them less",
            levels=MAX_NESTING - 1)))
    for token in tokens:
        if token.type == LAYOUT_ID_LINE:  # `{#main}` above a block
            line, value = token.map[0] if token.map else 0, token.content
        elif token.type == "inline" and token.children:  # `![image](…){#main}`
            line, value = token.map[0] if token.map else 0, next(
                (str(child.attrs["id"]) for child in token.children
                 if layout_id(str(child.attrs.get("id", "")))), "")
        else:
            continue
        if value:
            example = f"{{#{value}-1}}"
            found.append((line, msg("the id `%(id)s` is one the page layout uses, so links to it "
                                    "would land on the layout's element: choose another id, "
                                    "e.g. %(example)s", id=value, example=example)))
    if "youtu" in "".join(token.content for token in tokens if token.type == "inline"):
        found.extend(videos.problems(tokens))
    return found


# A code span (skipped), or `](destination "title")` whose destination holds a space.
_SPACED = re.compile(r"(`+)[\s\S]*?\1|\]\(([^\s()<>\"'](?:[^()<>\"'\n]*[^\s()<>\"'])?)"
                     r"(\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)")


def _spaced_destinations(state: StateCore) -> None:
    """`![Ảnh](/images/Ảnh hội nghị 01.JPG)` and `[bài](Bài mới.md)` as editors type them.

    CommonMark ends an address at its first space (the whole thing then shows as text) and
    wants `<…>` around one that has spaces. An address that names a site file — an image
    under /images/ or a page's .md file — is read as if the `<…>` were there."""
    for token in state.tokens:
        if token.type == "inline" and "](" in token.content:
            token.content = _SPACED.sub(_bracketed, token.content)


def _bracketed(match: re.Match[str]) -> str:
    address, title = match.group(2), match.group(3) or ""
    if address is None or not any(c.isspace() for c in address):
        return match.group(0)  # a code span, or an address CommonMark reads by itself
    path = address.split("#", 1)[0]
    if not (path.startswith("/images/") or path.lower().endswith(".md")):
        return match.group(0)
    return f"](<{address}>{title})"


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    return make_parser()


def parse(text: str) -> list[Token]:
    return parser().parse(text)


def render_tokens(tokens: list[Token], schemes: set[str] = ALLOWED_SCHEMES) -> str:
    md = parser()
    return sanitize(md.renderer.render(tokens, md.options, {}), schemes)


def sanitize(html: str, schemes: set[str] = ALLOWED_SCHEMES) -> str:
    return _cleaner(frozenset(schemes)).clean(html)


@lru_cache(maxsize=4)  # the schemes of a body (with or without placeholders), each once
def _cleaner(schemes: frozenset[str]) -> nh3.Cleaner:
    """The sanitiser for these URL schemes, made once: nh3.clean() builds it again from
    the allowed tags and attributes on every call, about half of what cleaning a body
    costs."""
    return nh3.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(schemes),
        link_rel=None,
        strip_comments=True,
    )


def align_with_classes(tokens: list[Token]) -> None:
    """Table alignment as classes: the site's Content-Security-Policy forbids style attributes."""
    for token in tokens:
        if token.type in ("th_open", "td_open"):
            style = str(token.attrs.pop("style", ""))
            if style.startswith("text-align:"):
                token.attrSet("class", "align-" + style.removeprefix("text-align:"))


# Prepared bodies ---------------------------------------------------------------------------

PLACEHOLDER = "bantin"  # the URL scheme of placeholder links, never left in a page
_PLACEHOLDER = re.compile(r'<a href="bantin:([ld])/(\d+)"([^>]*)>(.*?)</a>', re.S)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A body rendered without the site: sanitised HTML in which each `.md` link is
    `<a href="bantin:l/N">` (N indexes `links`, the hrefs as written), the first mention
    of each directive number outside headings and links is `<a href="bantin:d/N">`
    (N indexes `mentions`, canonical numbers), and each video's paragraph is
    `<p><a href="bantin:v/N">title</a></p>` (N indexes `videos`)."""

    html: str
    links: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()
    videos: tuple[Video, ...] = ()


_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def is_page_link(href: str) -> bool:
    """A link to another page written as its file: `../gioi-thieu/lich-su.md#muc`."""
    path = href.split("#", 1)[0].split("?", 1)[0]
    return path.endswith(".md") and not _SCHEME.match(href) and not href.startswith("/")


def prepare(tokens: list[Token],
            numbers: Callable[[str], tuple[Mention, ...]] = numbers_in) -> Prepared:
    """Render a parsed body once, leaving placeholders for what depends on the site.
    Consumes `tokens` (they are rewritten). `numbers(text)`: the directive numbers in a
    text (facts.Body remembers them)."""
    align_with_classes(tokens)
    shown = videos.take(tokens)
    links: list[str] = []
    mentions: list[str] = []
    in_heading = False
    for block in tokens:
        if block.type == "heading_open":
            in_heading = True
        elif block.type == "heading_close":
            in_heading = False
        if not block.children:
            continue
        for child in block.children:  # no written URL may pass for a placeholder
            for name in ("href", "src"):
                value = str(child.attrs.get(name, ""))
                if value.strip().lower().startswith(PLACEHOLDER + ":"):
                    del child.attrs[name]
            if child.type == "link_open" and is_page_link(str(child.attrs.get("href", ""))):
                links.append(str(child.attrs["href"]))
                child.attrSet("href", f"{PLACEHOLDER}:l/{len(links) - 1}")
        if block.type == "inline" and not in_heading:
            block.children = list(_mark_mentions(block.children, mentions, numbers))
    html = render_tokens(tokens, ALLOWED_SCHEMES | {PLACEHOLDER})
    return Prepared(html, tuple(links), tuple(mentions), tuple(shown))


def _mark_mentions(children: list[Token], mentions: list[str],
                   numbers: Callable[[str], tuple[Mention, ...]]) -> Iterator[Token]:
    """The children with the first mention of each number (outside links) made a
    placeholder link."""
    depth = 0  # inside a written link
    for child in children:
        if child.type == "link_open":
            depth += 1
        elif child.type == "link_close":
            depth -= 1
        if child.type != "text" or depth or not child.content:
            yield child
            continue
        text, position = child.content, 0
        for found in numbers(text):
            number, start, end = found.number.text, found.start, found.end
            if number in mentions:
                continue
            mentions.append(number)
            if start > position:
                yield _text(text[position:start])
            opening = Token("link_open", "a", 1)
            opening.attrSet("href", f"{PLACEHOLDER}:d/{len(mentions) - 1}")
            yield opening
            yield _text(text[start:end])
            yield Token("link_close", "a", -1)
            position = end
        if position == 0:
            yield child
        elif position < len(text):
            yield _text(text[position:])


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def finish(prepared: Prepared, link: Callable[[str], tuple[str, str] | None],
           mention: Callable[[str], tuple[str, str] | None],
           video: Callable[[Video], str] | None = None) -> str:
    """The body's HTML for one page of this build: each placeholder becomes a link or
    plain words, each video what `video(v)` makes of it (the layout's facade; without it,
    a link to the video on YouTube). `link(href)` and `mention(number)` give (URL, extra
    attributes as escaped HTML) or None; they are called in the order the placeholders
    appear."""
    if "bantin:" not in prepared.html:
        return prepared.html
    html = prepared.html
    if prepared.videos:
        def show(match: re.Match[str]) -> str:
            number = int(match.group(1))
            if number >= len(prepared.videos):
                return ""  # only prepare() writes these: never reached
            shown = prepared.videos[number]
            return video(shown) if video is not None else video_link(shown)

        html = _VIDEO_PLACEHOLDER.sub(show, html)

    def replace(match: re.Match[str]) -> str:
        kind, index, rest, inner = match.groups()
        if kind == "l":
            target = link(prepared.links[int(index)])
        else:
            target = mention(prepared.mentions[int(index)])
        if target is None:
            return inner
        url, extra = target
        return f'<a href="{escape_attribute(url)}"{rest}{extra}>{inner}</a>'

    return _PLACEHOLDER.sub(replace, html)


_VIDEO_PLACEHOLDER = re.compile(r'<p><a href="bantin:v/(\d+)">[^<]*</a></p>')


def video_link(video: Video) -> str:
    """A video as a plain link to its page on YouTube (where no layout shows a facade)."""
    return (f'<p><a href="{escape_attribute(video.watch_url)}">'
            f"{escape_attribute(video.title)}</a></p>")


def escape_attribute(value: str) -> str:
    return (value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
            .replace(">", "&gt;"))
