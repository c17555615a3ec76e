"""Every Vietnamese letter renders in the theme's own font, with no fallback to another.

The theme uses a system font stack (assets/css/main.css). Chromium reports which platform
fonts drew a node's text; if the first font available lacked a letter (ợ, Ữ, đ …), a second
font would appear for it and readers would see letters of two shapes in one word.
"""

from __future__ import annotations

import unicodedata

_VOWELS = "aăâeêioôơuưy"
_TONES = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]  # huyền hỏi ngã sắc nặng


def vietnamese_letters() -> str:
    letters = set("abcdefghijklmnopqrstuvwxyzđ")
    letters |= {unicodedata.normalize("NFC", v + t) for v in _VOWELS for t in _TONES}
    lower = "".join(sorted(letters))
    return lower + lower.upper()


def test_vietnamese_letters_are_93_in_each_case() -> None:
    letters = vietnamese_letters()
    assert len(letters) == 2 * (26 + 1 + 12 * 6 - 6)  # a e i o u y are Latin letters too
    assert all(len(ch) == 1 for ch in letters) and "Ợ" in letters and "ỹ" in letters


def _fonts_used(tab, selector: str) -> list[str]:
    """The fonts that drew the node's text. Text is always drawn with some font, so an empty
    answer means Chromium has not shaped it yet (a busy machine): ask again, for up to 5 s."""
    cdp = tab.context.new_cdp_session(tab)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    for _ in range(50):
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        if fonts:
            break
        tab.wait_for_timeout(100)
    cdp.detach()
    return sorted({font["familyName"] for font in fonts})


def test_every_vietnamese_letter_renders_in_one_font(page, theme_server) -> None:
    page.goto(f"{theme_server}/vi/tin-tuc/mau-giao-dien/")
    letters = vietnamese_letters()
    # Chromium reports a node's fonts only once its text is laid out and painted: wait for
    # the page's fonts and two animation frames, or the answer may be an empty list.
    page.evaluate("""async letters => {
        for (const [id, tag] of [["vi-body", "p"], ["vi-heading", "h2"]]) {
            const el = document.createElement(tag);
            el.id = id;
            el.textContent = letters;
            document.querySelector("main").append(el);
            el.getBoundingClientRect();
        }
        await document.fonts.ready;
        await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
    }""", letters)
    for selector in ("#vi-body", "#vi-heading", "main h1"):
        fonts = _fonts_used(page, selector)
        assert len(fonts) == 1, f"{selector} is drawn with {fonts}"
