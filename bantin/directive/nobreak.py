"""Directive numbers kept on one line: each one in a <span class="doc-number">.

A browser may break a line after the hyphen or slash of `57-KL/TW`, leaving "57-" at the end
of one line and "KL/TW" on the next, which readers do not recognise as one number. The CSS
gives `.doc-number` `white-space: nowrap`; these helpers put the span around every number
the recogniser (directives.find_numbers) finds in a title, a summary or a rendered body.
"""

from __future__ import annotations

import re
from html import escape

from markupsafe import Markup

from ..model.directives import find_numbers, may_hold_number

_OPEN = '<span class="doc-number">'
_TAG = re.compile(r"(<[^>]*>)")


def _wrap(text: str, quote: bool) -> str:
    """`text` with every number wrapped; escaped first when it is plain text."""
    out, last = [], 0
    for mention in find_numbers(text):
        out += [escape(text[last:mention.start], quote) if quote else text[last:mention.start],
                _OPEN, text[mention.start:mention.end], "</span>"]
        last = mention.end
    if not out:
        return escape(text, quote) if quote else text
    out.append(escape(text[last:], quote) if quote else text[last:])
    return "".join(out)


def text_html(text: str) -> Markup:
    """Plain text (a title, a summary) as HTML, numbers wrapped (a Jinja filter)."""
    text = str(text)
    return Markup(_wrap(text, quote=True) if may_hold_number(text) else escape(text, True))


_SKIP = re.compile(r"<(/?)(code|pre|a)\b([^>]*)>", re.IGNORECASE)


def body_html(html: str) -> str:
    """A rendered body with the numbers in its text wrapped; tags and attributes untouched.

    Code is left as written, and so is a link's text: a directive link is the number, which
    the CSS keeps on one line (`a.directive-link`), and other links keep their markup."""
    if not html or not may_hold_number(html):
        # no text of it can hold one either (a hint, a digit before a dash or slash, never
        # spans a tag's `<` or `>`): the body as it is, without going through its tags
        return html
    parts = _TAG.split(html)
    skipping: list[str] = []  # open elements whose text is left alone
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            found = _SKIP.fullmatch(part)
            if found is None:
                continue
            closing, name = found.group(1), found.group(2).lower()
            if closing:
                if skipping and skipping[-1] == name:
                    skipping.pop()
            else:
                skipping.append(name)
        elif part and not skipping and may_hold_number(part):
            parts[index] = _wrap(part, quote=False)
    return "".join(parts)
