"""Nothing a translator or an illustrator sends runs as a script on the site.

UI catalog strings are escaped like any text (a `<img onerror=…>` in a msgstr is shown,
never run, and `check` warns at its line); an SVG under assets/ that holds a script, an
event handler, a `javascript:` address, HTML or an entity is refused at its line, and the
previous public/ stays as it was. tests/browser/test_hostile_in_browser.py shows the same in
Chromium.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import article

CATALOG = "locales/en/LC_MESSAGES/messages.po"
PAYLOAD = "<img src=x onerror=\"document.title='PWNED'\">"


def _with_catalog_payload(site) -> int:
    """Put the payload in the English "Skip to content" and article-count strings; the
    line of the first."""
    path = site.root / CATALOG
    text = path.read_text(encoding="utf-8")
    text = text.replace('msgstr "Skip to content"',
                        'msgstr "Skip ' + PAYLOAD.replace('"', '\\"') + '"', 1)
    text = text.replace('msgstr[1] "%(num)s articles"',
                        'msgstr[1] "%(num)s <b onmouseover=alert(1)>articles</b>"', 1)
    path.write_text(text, encoding="utf-8")
    return text.splitlines().index('msgid "Skip to content"') + 1


def test_catalog_html_is_shown_as_text_on_every_page(make_site, capsys) -> None:
    site = make_site({f"content/tin-tuc/{name}": article(title=name, tags='["hội nhập"]')
                      for name in ("a.md", "a.en.md", "b.md", "b.en.md")})
    line = _with_catalog_payload(site)
    assert site.build("--no-search") == 0
    err = capsys.readouterr().err.splitlines()
    assert (f'{CATALOG}:{line}: warning: msgid "Skip to content": the translation holds HTML '
            "(<img src=x onerror=\"document.title='PWNED'\">), which readers see as text, never "
            "as markup: interface strings are plain text; write the words only") in err, err
    for relative, data in site.output_files().items():
        if relative.endswith(".html"):
            assert b"<img src=x" not in data and b"<b onmouseover" not in data, relative
    page = site.read("en/news/a/index.html")
    assert ('<a class="skip-link" href="#main">Skip &lt;img src=x onerror=&#34;document.title='
            "&#39;PWNED&#39;&#34;&gt;</a>") in page
    tags = site.read("en/tag/index.html")  # ngettext: two articles, the plural
    assert "(2 &lt;b onmouseover=alert(1)&gt;articles&lt;/b&gt;)" in tags
    assert site.run("check") == 0
    assert any(item.startswith(f"{CATALOG}:{line}: warning: msgid \"Skip to content\"")
               for item in capsys.readouterr().err.splitlines())


SVG_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">\n'
REDO = "remove it, or export the drawing again without scripts"


@pytest.mark.parametrize(("inner", "line", "message"), [
    ("<script>document.title='PWNED'</script>", 3,
     f"the SVG holds a <script> element, which can run a script when the file is opened; {REDO}"),
    ('<rect width="5" height="5"\n      onload="alert(1)"/>', 3,
     f"<rect> has the event handler onload=…, which runs a script; {REDO}"),
    ('<a xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href=" jav&#x09;ascript:alert(1)">'
     '<text>x</text></a>', 3,
     f"<a> has a script address in href=…, which runs when it is followed; {REDO}"),
    ('<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject>', 3,
     f"the SVG holds a <foreignObject> element, which can run a script when the file is "
     f"opened; {REDO}"),
    ('<g>\n<h:p xmlns:h="http://www.w3.org/1999/xhtml">x</h:p></g>', 4,
     f"the SVG holds the HTML element <p>; HTML inside an SVG can run scripts: {REDO}"),
    ('<set attributeName="onmouseover" to="alert(1)"/>', 3,
     f"<set> animates the event handler onmouseover; {REDO}"),
])
def test_svg_that_can_run_a_script_is_refused_at_its_line(make_site, capsys, inner: str,
                                                          line: int, message: str) -> None:
    site = make_site({"content/tin-tuc/a.md": article()})
    assert site.build("--no-search") == 0
    before = site.output_files()
    site.write("assets/images/logo.svg", SVG_HEAD + SVG_OPEN + inner + "\n</svg>\n")
    capsys.readouterr()
    assert site.build("--no-search") == 1
    err = capsys.readouterr().err
    assert f"assets/images/logo.svg:{line}: error: {message}" in err.splitlines(), err
    assert site.output_files() == before
    assert site.run("check") == 1
    assert f"assets/images/logo.svg:{line}: error: {message}" in capsys.readouterr().err


def test_svg_entities_and_broken_svg_are_refused(make_site, capsys) -> None:
    laughs = ('<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY a "ha">\n'
              '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n'
              '<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>\n')
    site = make_site({"content/tin-tuc/a.md": article(),
                      "assets/images/cuoi.svg": laughs,
                      "assets/images/hong.svg": SVG_OPEN + "<g>\n</svg>\n",
                      "assets/images/nen.svgz": b"\x1f\x8b\x08\x00"})
    assert site.build("--no-search") == 1
    err = capsys.readouterr().err.splitlines()
    assert ("assets/images/cuoi.svg:3: error: the SVG declares the XML entity a; entities can "
            "hide scripts or make the file huge: export the drawing again without a DOCTYPE"
            ) in err, err
    assert ("assets/images/hong.svg:3: error: the SVG is not well-formed XML (mismatched tag); "
            "browsers would not show it: export it again") in err, err
    assert ("assets/images/nen.svgz:1: error: compressed SVG (.svgz) is not published: its "
            "content cannot be checked for scripts; save it as a plain .svg") in err, err


def test_a_plain_svg_is_published_as_it_is(make_site) -> None:
    drawing = (SVG_HEAD + SVG_OPEN + '<style>rect{fill:#a3120f}</style>\n'
               '<a href="https://example.test/"><rect width="5" height="5"/></a>\n</svg>\n')
    site = make_site({"content/tin-tuc/a.md": article(body="![Biểu trưng](/images/logo.svg)\n"),
                      "assets/images/logo.svg": drawing})
    assert site.build("--no-search") == 0
    html = site.read("vi/tin-tuc/a/index.html")
    url = re.search(r'<img src="(/assets/images/logo\.[0-9a-f]{10}\.svg)"', html).group(1)
    assert site.read(url.lstrip("/")) == drawing
