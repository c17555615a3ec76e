"""Adding a language is configuration, content and a catalog: a French test site."""

from __future__ import annotations

import re

from babel.messages.pofile import read_po, write_po

from tests.conftest import MINIMAL_CONFIG, article

FRENCH = """
[[languages]]
code = "fr"
name = "Français"
locale = "fr"
title = "Bulletin d'essai"
date_format = "EEEE d MMMM y, HH:mm"
short_date_format = "d MMM y"
"""

# The French language goes after English; sections get French URL names and titles.
THREE_LANGUAGES = (
    MINIMAL_CONFIG
    .replace("\n[sections.tin-tuc]", FRENCH + "\n[sections.tin-tuc]", 1)
    .replace('url = { vi = "tin-tuc", en = "news" }',
             'url = { vi = "tin-tuc", en = "news", fr = "actualites" }')
    .replace('title = { vi = "Tin tức", en = "News" }',
             'title = { vi = "Tin tức", en = "News", fr = "Actualités" }')
    .replace('url = { vi = "gioi-thieu", en = "about" }',
             'url = { vi = "gioi-thieu", en = "about", fr = "presentation" }')
    .replace('url = { vi = "van-ban", en = "documents" }',
             'url = { vi = "van-ban", en = "documents", fr = "documents" }')
)

# A translator's French catalog: what `build.py i18n update` created, then translated.
FRENCH_UI = {
    "Home": "Accueil",
    "Languages": "Langues",
    "Main menu": "Menu principal",
    "Author": "Auteur",
    "Category": "Catégorie",
    "Latest news": "Dernières nouvelles",
    "Page not found": "Page introuvable",
    "Read the current original (%(language)s)": "Lire l’original actuel (%(language)s)",
    "This translation may be out of date: the original has changed since it was translated.":
        "Cette traduction n’est peut-être plus à jour : l’original a changé depuis.",
    "Rated %(average)s out of 5 by %(num)s reader (%(points)s points in all)": (
        "Noté %(average)s sur 5 par %(num)s lecteur",
        "Noté %(average)s sur 5 par %(num)s lecteurs"),
}

ORIGINAL = "content/tin-tuc/ket-luan-57.md"


def french_site(make_site, capsys):
    site = make_site({
        ORIGINAL: article("Kết luận 57", rating="{points: 9, votes: 2}"),
        "content/tin-tuc/ket-luan-57.en.md":
            '---\ntitle: "Conclusion 57"\nslug: conclusion-57\n---\nThe plan.\n',
        "content/tin-tuc/ket-luan-57.fr.md":
            '---\ntitle: "Conclusion 57 (fr)"\nslug: conclusion-57\n---\nLe plan.\n',
        "content/tin-tuc/chi-tieng-viet.md": article("Chỉ tiếng Việt", date="2023-08-01 08:00"),
    }, config=THREE_LANGUAGES)
    assert site.run("i18n", "update") == 0
    path = site.root / "locales/fr/LC_MESSAGES/messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    for msgid, msgstr in FRENCH_UI.items():
        if isinstance(msgstr, tuple):  # CLDR may give French more forms: they take "other"
            msgstr = msgstr + (msgstr[-1],) * (catalog.num_plurals - len(msgstr))
        catalog[msgid].string = msgstr
    with path.open("wb") as handle:
        write_po(handle, catalog)
    capsys.readouterr()
    return site


def test_third_language_is_configuration_content_and_a_catalog(make_site, capsys) -> None:
    site = french_site(make_site, capsys)
    assert site.build() == 0
    html = site.read("fr/actualites/conclusion-57/index.html")
    assert '<html lang="fr">' in html
    assert "<h1>Conclusion 57 (fr)</h1>" in html
    assert ">vendredi 1 septembre 2023, 00:14</time>" in html  # Babel's French
    assert "Noté 4,5 sur 5 par 2 lecteurs" in html  # French plural rule, from the catalog
    assert '<a href="/fr/">Accueil</a>' in html
    assert '<nav class="languages" aria-label="Langues">' in html
    # Not stamped yet: the notice, in French, names the original's language in French.
    assert "Cette traduction n’est peut-être plus à jour" in html
    assert "Lire l’original actuel (vietnamien)" in html


def test_switcher_and_hreflang_show_all_three_languages(make_site, capsys) -> None:
    site = french_site(make_site, capsys)
    assert site.build() == 0
    urls = {"vi": "/vi/tin-tuc/ket-luan-57/", "en": "/en/news/conclusion-57/",
            "fr": "/fr/actualites/conclusion-57/"}
    for lang, url in urls.items():
        html = site.read(url.strip("/") + "/index.html")
        head = html.split("</head>")[0]
        alternates = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">',
                                head)
        assert alternates == [(code, f"https://example.test{target}")
                              for code, target in urls.items()] + [
            ("x-default", "https://example.test/vi/tin-tuc/ket-luan-57/")], lang
        switcher = html.split('<nav class="languages"')[1].split("</nav>")[0]
        names = re.findall(r">(Tiếng Việt|English|Français)<", switcher)
        assert names == ["Tiếng Việt", "English", "Français"], lang
        for other, target in urls.items():
            if other != lang:
                assert f'href="{target}" hreflang="{other}"' in switcher
    assert site.exists("fr/index.html") and site.exists("fr/actualites/index.html")
    assert site.exists("fr/404.html")
    chooser = site.read("index.html")
    assert '<a href="/fr/" hreflang="fr">Français' in chooser


def test_untranslated_ui_strings_fall_back_to_vietnamese_with_warnings(make_site,
                                                                      capsys) -> None:
    site = french_site(make_site, capsys)
    assert site.build() == 0
    err = capsys.readouterr().err
    assert ('locales/fr/LC_MESSAGES/messages.po:' in err
            and 'warning: msgid "Tags" has no `fr` translation' in err)
    assert 'msgid "Home" has no `fr`' not in err


def test_translations_report_covers_the_third_language(make_site, capsys) -> None:
    site = french_site(make_site, capsys)
    assert site.run("translations") == 0
    out = capsys.readouterr().out
    rows = {tuple(line.split()[:3]) for line in out.splitlines()}
    assert (ORIGINAL, "fr", "stale") in rows
    assert ("content/tin-tuc/chi-tieng-viet.md", "fr", "missing") in rows
