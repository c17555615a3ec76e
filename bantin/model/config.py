"""Site settings, as typed dataclasses; config_file.py reads them from config.toml."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from ..core.diagnostics import Diagnostics

CONFIG_FILE = "config.toml"
SECTION_KINDS = ("article", "page", "directive")
UNTRANSLATED = ("hide", "label")
URL_NAME = re.compile(r"\A[a-z0-9][a-z0-9-]{0,199}\Z")  # 200 at most: MAX_URL_NAME
# A language code names the language's files (x.en.md) and is the first part of its URLs
# (/en/): a BCP 47 tag of a language, maybe a script and a region ("vi", "zh-Hans", "pt-BR").
LANGUAGE_CODE = re.compile(r"\A[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?\Z")


class ConfigError(Exception):
    """config.toml cannot be used; the diagnostics say why."""

    def __init__(self, diagnostics: Diagnostics) -> None:
        super().__init__("invalid configuration")
        self.diagnostics = diagnostics


@dataclass(frozen=True, slots=True)
class Language:
    code: str
    name: str
    locale: str
    title: str
    description: str = ""
    locality: str = ""
    date_format: str = "medium"
    short_date_format: str = "short"
    # Lists in this language: "hide" pages not translated into it, or "label" them
    # ("Vietnamese only") and link to the original.
    untranslated: str = "hide"

    @property
    def hreflang(self) -> str:
        """The BCP 47 tag for hreflang, from the locale: "vi", "en", "zh_Hans" -> "zh-Hans"."""
        return self.locale.replace("_", "-")


@dataclass(frozen=True, slots=True)
class Section:
    id: str  # the content folder
    kind: str  # article | page | directive
    url: dict[str, str]  # language -> URL name
    title: dict[str, str]


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    name: dict[str, str]


@dataclass(frozen=True, slots=True)
class Listings:
    """How listing pages are split and named: /vi/chuyen-muc/<id>/trang/2/, /en/tag/<slug>/."""

    per_page: int = 10  # keep in step with DEFAULT_PER_PAGE
    category: dict[str, str] = field(default_factory=dict)  # language -> URL name
    tag: dict[str, str] = field(default_factory=dict)
    author: dict[str, str] = field(default_factory=dict)
    year: dict[str, str] = field(default_factory=dict)
    page: dict[str, str] = field(default_factory=dict)


DEFAULT_THEME_COLOR = "#a3120f"


@dataclass(frozen=True, slots=True)
class Branding:
    """How the site shows itself: its emblem (a file in assets/, also the favicon source)
    and the colour browsers paint their bars with."""

    logo: str = ""  # e.g. "images/emblem.svg"; "" for none
    favicon: str = ""  # e.g. "favicon.ico" in assets/, also served at /favicon.ico
    touch_icon: str = ""  # a 180 px PNG in assets/ for phones' home screens
    theme_color: str = "#a3120f"  # keep in step with DEFAULT_THEME_COLOR


@dataclass(frozen=True, slots=True)
class Identity:
    """What a government site must show in its footer (Nghị định 42/2022/NĐ-CP, Điều 5),
    per language; a language left out borrows the default language's text."""

    agency: dict[str, str] = field(default_factory=dict)  # the agency responsible
    in_charge: dict[str, str] = field(default_factory=dict)  # the person in charge
    licence: dict[str, str] = field(default_factory=dict)
    address: dict[str, str] = field(default_factory=dict)
    phone: dict[str, str] = field(default_factory=dict)
    email: dict[str, str] = field(default_factory=dict)
    # Content files the footer links to, in the reader's language: "gioi-thieu/lien-he".
    pages: tuple[str, ...] = ()
    privacy: str = ""  # the content file that says what the rating form keeps



RATING_FORMS = ("netlify", "self-hosted", "off")


@dataclass(frozen=True, slots=True)
class Ratings:
    """The articles' rating form (docs/ratings.md): a Netlify form ("netlify"), the same form
    for the nginx block's votes log ("self-hosted": no Netlify attributes, so Netlify takes
    no submission and bills none), or no form at all ("off"; the totals are still shown)."""

    form: str = "netlify"


@dataclass(frozen=True, slots=True)
class Editor:
    """The web editor at /admin/ (cms.py): where it commits, and whether edits are reviewed."""

    repo: str  # "owner/name" on the backend
    backend: str = "github"
    branch: str = "main"
    # Edits go to a branch and a pull request that an approver merges (editorial workflow);
    # false: every save is a commit on `branch`, live at once.
    review: bool = True
    # The OAuth client's origin; empty: Netlify's (https://api.netlify.com), for a site on Netlify.
    auth_url: str = ""


EDITOR_BACKENDS = ("github", "gitlab")
DEFAULT_PER_PAGE = 10
# URL names used when config.toml leaves a listing kind out.
LISTING_DEFAULTS = {"category": "category", "tag": "tag", "author": "author", "year": "year",
                    "page": "page"}


@dataclass(frozen=True, slots=True)
class Config:
    root: Path
    base_url: str  # no trailing slash
    timezone: str
    default_language: str
    languages: tuple[Language, ...]
    sections: dict[str, Section]
    categories: dict[str, Category]
    listings: Listings = field(default_factory=Listings)
    # The search page's URL name per language: /vi/tim-kiem/, /en/search/.
    search_url: dict[str, str] = field(default_factory=dict)
    # The language of Bantin's messages to editors (errors, warnings, reports).
    editor_language: str = "vi"

    branding: Branding = field(default_factory=Branding)
    identity: Identity = field(default_factory=Identity)
    ratings: Ratings = field(default_factory=Ratings)

    editor: Editor | None = None  # no [editor] table: no web editor

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def language_codes(self) -> tuple[str, ...]:
        return tuple(lang.code for lang in self.languages)

    def language(self, code: str) -> Language:
        for lang in self.languages:
            if lang.code == code:
                return lang
        raise KeyError(code)

    def pick(self, values: dict[str, str], lang: str) -> str:
        """The value for `lang`, else the default language's."""
        return values.get(lang) or values.get(self.default_language, "")
