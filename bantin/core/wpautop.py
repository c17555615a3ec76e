"""A WordPress post's text as the HTML WordPress showed: `wpautop` (wp-includes/
formatting.php) and the `[caption]` shortcode.

The classic editor stores paragraphs as blank-line-separated text without `<p>`, and line
breaks as bare newlines; WordPress adds the tags each time it shows the post. A post of the
block editor (`<!-- wp:paragraph -->…`) has its tags already and is left as it is, as
WordPress does. `[caption …]<img …> Text[/caption]` becomes a figure with its caption; any
other shortcode (`[gallery]`, `[embed]`, a plugin's) is named for the importer to report,
and its text left as it is.
"""

from __future__ import annotations

import re

_BLOCKS = (r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|"
           r"pre|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|"
           r"article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)")
_PRE = re.compile(r"<pre[\s>].*?</pre>", re.S | re.I)
_CAPTION = re.compile(r"\[caption([^\]]*)\](.*?)\[/caption\]", re.S | re.I)
_CAPTION_TEXT = re.compile(r"""\bcaption=(["'])(.*?)\1""", re.S)
_IMAGE = re.compile(r"^\s*((?:<a\s[^>]*>\s*)?<img\s[^>]*>(?:\s*</a>)?)(.*)$", re.S | re.I)
SHORTCODE = re.compile(r"\[(?!/)([a-z][a-z0-9_-]*)(?=[\s\]/])[^\]]*\]", re.I)


def captions(text: str) -> str:
    """`[caption]` shortcodes as `<figure>` with `<figcaption>`."""
    def figure(match: re.Match[str]) -> str:
        inner = _IMAGE.match(match.group(2))
        if inner is None:
            return match.group(2)
        caption = inner.group(2).strip()
        if not caption:
            given = _CAPTION_TEXT.search(match.group(1))
            caption = given.group(2) if given else ""
        tail = f"<figcaption>{caption}</figcaption>" if caption else ""
        return f"<figure>{inner.group(1)}{tail}</figure>"

    return _CAPTION.sub(figure, text)


def shortcodes(text: str) -> list[str]:
    """The names of the shortcodes left in a post's text, each once."""
    return list(dict.fromkeys(m.group(1).lower() for m in SHORTCODE.finditer(text)))


def autop(text: str) -> str:
    """Paragraphs and line breaks as WordPress adds them when it shows a post."""
    if "<!-- wp:" in text or not text.strip():
        return text
    kept: list[str] = []

    def hold(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return f"<pre wp-pre-tag-{len(kept) - 1}></pre>"

    text = _PRE.sub(hold, text.replace("\r\n", "\n").replace("\r", "\n") + "\n")
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text)
    text = re.sub(rf"(<{_BLOCKS}[\s/>])", r"\n\n\1", text)
    text = re.sub(rf"(</{_BLOCKS}>)", "\\1\n\n", text)
    text = re.sub(r"(<hr\s*?/?>)", "\\1\n\n", text)
    text = re.sub(r"<[^>]*>", lambda m: m.group(0).replace("\n", " "), text)  # in tags
    paragraphs = [p for p in re.split(r"\n\s*\n", re.sub(r"\n\n+", "\n\n", text)) if p.strip()]
    text = "".join(f"<p>{p.strip(chr(10))}</p>\n" for p in paragraphs)
    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text)
    text = re.sub(rf"<p>\s*(</?{_BLOCKS}[^>]*>)\s*</p>", r"\1", text)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.I)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(rf"<p>\s*(</?{_BLOCKS}[^>]*>)", r"\1", text)
    text = re.sub(rf"(</?{_BLOCKS}[^>]*>)\s*</p>", r"\1", text)
    text = re.sub(r"<br\s*/?>", "<br />", text)
    text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text)
    text = re.sub(rf"(</?{_BLOCKS}[^>]*>)\s*<br />", r"\1", text)
    text = re.sub(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text)
    text = re.sub(r"\n</p>$", "</p>", text)
    return re.sub(r"<pre wp-pre-tag-(\d+)></pre>", lambda m: kept[int(m.group(1))], text)
