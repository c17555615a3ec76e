"""Adding a language is configuration, content and a catalog: a French test site."""

from __future__ import annotations

from tests.conftest import MINIMAL_CONFIG

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
