"""Rendering: Jinja2 layouts, one autoescaping environment per language, page contexts."""

from __future__ import annotations

import contextlib
import functools
import gettext
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_datetime
from babel.numbers import format_decimal
from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
    pass_context,
    select_autoescape,
)
from jinja2.runtime import Context
from markupsafe import Markup, escape

from . import directive_pages, facts, markdown, nobreak, reads
from .config import Config, Language
from .diagnostics import Diagnostic
from .images import ImageSet, enhance_body
from .links import LinkIndex
from .listings import Listings
from .messages import msg
from .navigation import Navigation, View
from .outputs import Asset
from .page import Page
from .publishing import image_asset_key
from .registry import mention_filler
from .seo import Crumb
from .site import Alternate, Site
from .text import vi_sort_key

LAYOUTS_DIR = "layouts"


class LayoutError(Exception):
    """A bug in a layout, reported at its file and line like a content error."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


@dataclass(frozen=True, slots=True)
class LanguageLink:
    language: Language
    url: str
    current: bool
    translated: bool  # False: the link goes to that language's home instead


# How wide each kind of teaser shows its picture (assets/css/main.css), for `sizes`.
THUMB_SIZES = {
    "lead": "(min-width: 64rem) 40rem, 100vw",
    "card": "(min-width: 64rem) 15rem, (min-width: 40rem) 45vw, 100vw",
    "row": "(min-width: 40rem) 12rem, 7rem",
    "mini": "5rem",
}


def make_environment(config: Config, lang: Language, assets: dict[str, Asset],
                     translations: gettext.NullTranslations) -> Environment:
    env = Environment(
        loader=FileSystemLoader(config.root / LAYOUTS_DIR),
        # compiled layouts kept between builds, by name and source checksum
        bytecode_cache=_bytecode_cache(config.root),
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one build, one set of layouts: no stat per include
    )
    load = env.get_template

    def get_template(name: Any, parent: str | None = None, globals: Any = None) -> Any:
        if isinstance(name, str):  # the output being made depends on this layout
            reads.note_layout(env.join_path(name, parent) if parent else name)
        return load(name, parent, globals)

    # Replaced on this one environment, on purpose: every layout loaded is noted.
    env.get_template = get_template  # type: ignore[method-assign]
    # Added by the jinja2.ext.i18n extension when the environment is made: unknown to its type.
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    env.globals["gettext"] = _remembered_gettext(translations)
    env.globals.update(_escaped_plurals(translations))

    def asset(path: str) -> str:
        try:
            return assets[path].url
        except KeyError:
            raise TemplateError(f"no asset {path!r} in assets/") from None

    def absolute(url: str) -> str:
        return config.base_url + url

    locale = Locale.parse(lang.locale)  # parsed once: Babel would parse it on every call

    formatted: dict[tuple[datetime, str], str] = {}  # a date shows on many pages

    def date_time(value: datetime, pattern: str | None = None) -> str:
        key = (value, pattern or lang.date_format)
        found = formatted.get(key)
        if found is None:
            found = formatted[key] = format_datetime(value, key[1], tzinfo=config.tz,
                                                     locale=locale)
        return found

    def short_date(value: datetime) -> str:
        return date_time(value, lang.short_date_format)

    def iso(value: datetime) -> str:
        return value.astimezone(config.tz).isoformat()

    def number(value: float, pattern: str = "#,##0.#") -> str:
        return format_decimal(value, format=pattern, locale=locale)

    def section_url(section_id: str) -> str:
        return f"/{lang.code}/{config.sections[section_id].url[lang.code]}/"

    def search_url(code: str | None = None) -> str:
        code = code or lang.code
        return f"/{code}/{config.search_url.get(code, 'search')}/"

    env.globals.update(
        config=config,
        lang=lang,
        languages=config.languages,
        asset=asset,
        absolute=absolute,
        section_title=lambda section_id: config.pick(config.sections[section_id].title,
                                                     lang.code),
        section_url=section_url,
        search_url=search_url,
        category_name=lambda category_id: config.pick(config.categories[category_id].name,
                                                      lang.code),
        pick=lambda values: config.pick(values, lang.code),
        thumb_sizes=THUMB_SIZES,
        language_name=lambda code: language_name(config, code, lang),
    )
    env.filters.update(date_time=date_time, short_date=short_date, iso=iso, number=number,
                       numbers=nobreak.text_html)
    return env


def _as_text(text: str, autoescape: bool) -> str:
    """A catalog string as a layout shows it. Jinja's own gettext marks translations safe
    (Markup): a translator's `<img src=x onerror=…>` would then run on every page. Here it
    is escaped like any other text, and its %(placeholders)s are filled in (escaped too)."""
    return escape(text) if autoescape else text


def _remembered_gettext(translations: gettext.NullTranslations) -> Callable[..., str]:
    """Jinja's new-style `_()`, with each text without placeholders translated once per
    build instead of on every page (a layout asks for the same dozen texts everywhere)."""
    found: dict[tuple[str, bool], str] = {}

    @pass_context
    def translate(__context: Context, __string: str, **variables: Any) -> str:
        autoescape = __context.eval_ctx.autoescape
        if variables:
            return _as_text(translations.gettext(__string), autoescape) % variables
        key = (__string, autoescape)
        if key not in found:
            found[key] = _as_text(translations.gettext(__string), autoescape) % {}
        return found[key]

    return translate


# Jinja's other new-style catalog functions: which positional argument becomes which variable
_OTHER_GETTEXTS = {"ngettext": {2: "num"}, "pgettext": {0: "context"},
                   "npgettext": {0: "context", 3: "num"}}


def _escaped_plurals(translations: gettext.NullTranslations) -> dict[str, Callable[..., str]]:
    """Jinja's new-style ngettext, pgettext and npgettext, their catalog strings escaped as
    in `_remembered_gettext`."""
    def make(name: str, positions: dict[int, str]) -> Callable[..., str]:
        lookup = getattr(translations, name)

        @pass_context
        def call(__context: Context, *args: Any, **variables: Any) -> str:
            for index, variable in positions.items():
                variables.setdefault(variable, args[index])
            return _as_text(lookup(*args), __context.eval_ctx.autoescape) % variables

        return call

    return {name: make(name, positions) for name, positions in _OTHER_GETTEXTS.items()}


def _bytecode_cache(root: Path) -> FileSystemBytecodeCache:
    folder = root / ".cache" / "jinja"
    folder.mkdir(parents=True, exist_ok=True)
    return FileSystemBytecodeCache(str(folder))


def language_name(config: Config, code: str, reader: Language) -> str:
    """A configured language's name in the reader's language, from CLDR: "Vietnamese"."""
    name = _display_name(config.language(code).locale, reader.locale)
    return name or config.language(code).name


@functools.lru_cache(maxsize=256)
def _display_name(locale: str, reader: str) -> str | None:
    return Locale.parse(locale).get_display_name(reader)


class Renderer:
    def __init__(self, site: Site, assets: dict[str, Asset],
                 translations: dict[str, gettext.NullTranslations],
                 listings: Listings | None = None, images: ImageSet | None = None) -> None:
        self.site = site
        self.config = site.config
        self.assets = assets
        self.listings = listings or Listings(site)
        self.nav = Navigation(site, self.listings, assets, translations)
        self.images = images or ImageSet(self.config.root, ())
        self.links = LinkIndex(site)
        # A body's /images/x.jpg that Pillow could not make sizes of: its fingerprinted URL.
        self.image_urls = {key: asset.url for key, asset in assets.items()}
        self.attach(translations)

    def attach(self, translations: dict[str, gettext.NullTranslations]) -> None:
        """Make the layouts' environments (again, for a Renderer saved with saved.py)."""
        self.nav.translations = translations
        self.envs = {
            lang.code: make_environment(self.config, lang, self.assets, translations[lang.code])
            for lang in self.config.languages
        }
        for env in self.envs.values():
            # responsive("/images/x.jpg"): its sizes and WebP, or None (layouts/partials/lead-image)
            env.globals["responsive"] = lambda src: self.images.get(image_asset_key(src))
            env.globals["page_in"] = self.page_in

    def page_in(self, file: str, lang: str) -> Page | None:
        """The page of a content file ("gioi-thieu/lien-he") in `lang`, else in the default
        language, else None (not published): the footer's links."""
        section, _, name = file.partition("/")
        found = self.site.by_key.get((section, name), {})
        return found.get(lang) or found.get(self.config.default_language)

    def __getstate__(self) -> dict[str, Any]:
        """Everything but the environments and catalogs, which do not pickle: see attach."""
        return {name: value for name, value in vars(self).items() if name != "envs"}

    def preload(self) -> None:
        """Compile every layout now (before forking workers, which then share them). A
        broken layout is left for the page that uses it to report."""
        for env in self.envs.values():
            for name in env.list_templates(extensions=["html", "xml"]):
                with contextlib.suppress(TemplateError):
                    env.get_template(name)

    def _render(self, lang: str, template: str, **context: Any) -> str:
        env = self.envs[lang]
        try:
            return env.get_template(template).render(**context)
        except TemplateSyntaxError as exc:
            raise LayoutError(Diagnostic(f"{LAYOUTS_DIR}/{exc.name or template}", exc.lineno,
                                         "error", msg("the layout cannot be read: %(problem)s; "
                                                      "correct it at this line",
                                                      problem=exc.message or str(exc)))) from exc
        except TemplateError as exc:
            path, line = _template_location(exc, self.config.root, template)
            raise LayoutError(Diagnostic(path, line, "error", msg(
                "the layout failed while making a page: %(problem)s; correct it at this line",
                problem=str(exc)))) from exc

    def language_links(self, lang: str, page: Page | None = None) -> list[LanguageLink]:
        """The switcher: the translation where there is one, else that language's home."""
        found = self.site.translations(page) if page else {}
        links = []
        for language in self.config.languages:
            other = found.get(language.code)
            if page is None:
                url, translated = f"/{language.code}/", True
            elif other is not None:
                url, translated = other.url, True
            else:
                url, translated = f"/{language.code}/", False
            links.append(LanguageLink(language, url, language.code == lang, translated))
        return links

    def page(self, page: Page) -> str:
        author = self.site.authors.get(page.meta.author or "")
        registry = self.site.directives
        return self._render(
            page.lang, f"{page.kind}.html",
            page=page,
            body=Markup(nobreak.body_html(enhance_body(
                markdown.finish(facts.prepared(page.doc), self.links.filler(page),
                                mention_filler(registry, page)),
                self.images, image_asset_key, self.image_urls))),
            related_documents=directive_pages.related_documents(registry, page),
            directive=directive_pages.view(registry, page, self.config.language(page.lang)),
            author=author,
            url=page.url,
            title=page.title,
            description=page.meta.summary or "",
            language_links=self.language_links(page.lang, page),
            alternates=self.site.alternates(page),
            stale_original=self.site.original(page) if self.site.is_stale(page) else None,
            **self.nav.page_context(page),
        )

    def home(self, lang: str) -> str:
        return self.view(self.nav.home(lang))

    def view(self, view: View) -> str:
        """A listing page: home, a section, a category, tag, author or year, a kind's index."""
        links = [LanguageLink(link.language, view.alternates.get(link.language.code, link.url),
                              link.current, link.language.code in view.alternates)
                 for link in self.language_links(view.lang)]
        alternates = self.site.language_alternates(view.alternates, x_default=view.x_default)
        return self._render(
            view.lang, view.template,
            url=view.url,
            title=view.title,
            description=view.description,
            language_links=links,
            alternates=alternates,
            **self.nav.listing_context(view.lang, view.url, view.title, view.description,
                                       view.breadcrumbs, [view.context["feed"]]
                                       if view.context.get("feed") else None),
            **view.context,
        )

    def section_list(self, lang: str, section_id: str) -> str:
        section = self.config.sections[section_id]
        if section.kind == "article":
            pages = self.site.listed_articles(lang)
        else:
            pages = sorted(self.site.listed(lang, section=section_id),
                           key=lambda p: (vi_sort_key(p.title), p.url))
        url = f"/{lang}/{section.url[lang]}/"
        return self._render(
            lang, "directives.html" if section.kind == "directive" else "list.html",
            directive_groups=directive_pages.index_groups(self.site.directives, lang),
            directive_filters=directive_pages.index_filters(self.site.directives, lang),
            url=url,
            title=self.config.pick(section.title, lang),
            description="",
            section=section,
            pages=pages,
            language_links=[
                LanguageLink(link.language, f"/{link.language.code}/"
                             f"{section.url[link.language.code]}/", link.current, True)
                for link in self.language_links(lang)
            ],
            alternates=self.site.language_alternates(
                {code: f"/{code}/{section.url[code]}/" for code in self.config.language_codes}),
            **self.nav.listing_context(lang, url, self.config.pick(section.title, lang), "",
                                       (self.nav.home_crumb(lang),
                                        self.nav.section_crumb(lang, section_id))),
        )

    def search_page(self, lang: str) -> str:
        """The results page: a form that works without JavaScript, enhanced by search.js."""
        urls = {code: f"/{code}/{self.config.search_url.get(code, 'search')}/"
                for code in self.config.language_codes}
        # "Search" is in the catalogs: layouts/search.html uses it for its heading.
        crumb = Crumb(self.nav._(lang, "Search"), urls[lang])
        return self._render(
            lang, "search.html", url=urls[lang], title="", description="",
            language_links=[LanguageLink(link.language, urls[link.language.code],
                                         link.current, True)
                            for link in self.language_links(lang)],
            alternates=[], breadcrumbs=(self.nav.home_crumb(lang), crumb))

    def not_found(self, lang: str) -> str:
        return self._render(lang, "404.html", url=f"/{lang}/404.html", title="404",
                            description="", language_links=self.language_links(lang),
                            alternates=[], breadcrumbs=(self.nav.home_crumb(lang),))

    def chooser(self) -> str:
        default = self.config.default_language
        return self._render(default, "chooser.html", url="/", title=self.config.language(
            default).title, description="", language_links=self.language_links(default),
            alternates=self.home_alternates())

    def home_alternates(self) -> list[Alternate]:
        """Each language's home; x-default is the chooser at /, where netlify.toml negotiates."""
        return self.site.language_alternates(
            {code: f"/{code}/" for code in self.config.language_codes}, x_default="/")


def _template_location(exc: Exception, root: Path, template: str) -> tuple[str, int]:
    """The layout file and line of a render-time error, from Jinja's rewritten traceback."""
    path, line = f"{LAYOUTS_DIR}/{template}", 0
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".html"):
            candidate = Path(filename)
            if candidate.is_relative_to(root):
                path, line = candidate.relative_to(root).as_posix(), tb.tb_lineno
        tb = tb.tb_next
    return path, line


def layouts_dir(root: Path) -> Path:
    return root / LAYOUTS_DIR
