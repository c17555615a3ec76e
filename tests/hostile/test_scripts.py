"""Nothing a translator or an illustrator sends runs as a script on the site.

UI catalog strings are escaped like any text (a `<img onerror=…>` in a msgstr is shown,
never run, and `check` warns at its line); an SVG under assets/ that holds a script, an
event handler, a `javascript:` address, HTML or an entity is refused at its line, and the
previous public/ stays as it was. tests/browser/test_hostile_in_browser.py shows the same in
Chromium.
"""

from __future__ import annotations

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
