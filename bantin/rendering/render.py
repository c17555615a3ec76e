"""Rendering: an output's text from the Site, with what it read noted in a recorder.

`Renderer.make` makes one output with the method its Output names. Its caller hands it a
`reads.Recorder`: the prepared bodies it may use (looked up beforehand: nothing here reads
the cache or a source file) and where it notes what it read — bodies, layouts, shown
fields — for the incremental build. The Renderer holds it while it makes that output, and
passes it on to the environment and to whatever reads other pages' shown fields.
"""

from __future__ import annotations

import contextlib
import gettext
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import TemplateError, TemplateSyntaxError
from markupsafe import Markup

from ..core.diagnostics import Diagnostic
from ..core.messages import msg
from ..core.text import vi_sort_key
from ..directive import nobreak
from ..directive.registry import mention_filler
from ..model import markdown
from ..model.aliases import Moved
from ..model.config import Language
from ..model.document import Document
from ..model.facts import Facts
from ..model.page import Page
from ..model.reads import Recorder
from ..website.images import ImageSet, enhance_body
from ..website.links import LinkIndex
from ..website.listings import Listings
from ..website.navigation import Navigation, View
from ..website.outputs import Asset
from ..website.publishing import image_asset_key, link_files
from ..website.seo import Crumb
from ..website.site import Alternate, Site
from . import directive_pages
from .layouts import LAYOUTS_DIR, make_environment


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


class Renderer:
    """Makes the site's pages. `planning`: where what is read while the Renderer is made
    (and the plan from it) is noted: it counts for every output. `links`: the Site's links,
    checked (links.check_site). What a page shows of other files' bodies is worked out
    here, from the build's `facts`, before any output is made: rendering looks up no fact."""

    def __init__(self, site: Site, assets: dict[str, Asset],
                 translations: dict[str, gettext.NullTranslations], facts: Facts,
                 planning: Recorder, links: LinkIndex, images: ImageSet | None = None) -> None:
        self.site = site
        self.config = site.config
        self.assets = assets
        self.listings = Listings(site)
        self.nav = Navigation(site, self.listings, assets, translations, planning)
        self.images = images or ImageSet(self.config.root, ())
        self.links = links
        # the URLs of the translations that show their original changed (`restale`)
        self.stale = {url for url, stale in site.staleness(facts).items() if stale}
        # A body's /images/x.jpg that Pillow could not make sizes of: its fingerprinted URL.
        self.image_urls = {key: asset.url for key, asset in assets.items()}
        self.seen: Recorder | None = None  # while an output is made (see make)
        self.attach(translations)

    def restale(self, documents: Iterable[Document], facts: Facts) -> None:
        """These documents' bodies changed (`facts` has their new versions'): which of the
        translations of their pages are stale, again."""
        for url, stale in self.site.staleness(facts, documents).items():
            if stale:
                self.stale.add(url)
            else:
                self.stale.discard(url)

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
        """Everything but the environments and catalogs, which do not pickle: see
        attach."""
        return {name: value for name, value in vars(self).items() if name != "envs"}

    def preload(self) -> None:
        """Compile every layout now (before forking workers, which then share them). A
        broken layout is left for the page that uses it to report."""
        for env in self.envs.values():
            for name in env.list_templates(extensions=["html", "xml"]):
                with contextlib.suppress(TemplateError):
                    env.get_template(name)

    def make(self, render: str, args: tuple[Any, ...], seen: Recorder) -> str:
        """The text of one output, made by the method `render` (an Output's) from `args`;
        what it reads is noted in `seen`, which the Renderer holds while it makes it."""
        self.seen = seen
        try:
            text: str = getattr(self, render)(*args)
            return text
        finally:
            self.seen = None

    def recorder(self) -> Recorder:
        if self.seen is None:
            raise RuntimeError("Renderer methods make an output through Renderer.make")
        return self.seen

    def _render(self, lang: str, template: str, **context: Any) -> str:
        env = self.envs[lang]
        env.seen = self.recorder()  # for this render only: the environment notes what it reads
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
        finally:
            env.seen = None

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
        seen = self.recorder()
        author = self.site.authors.get(page.meta.author or "")
        registry = self.site.directives
        seen.show(page.meta)  # its own title and summary, wherever they are shown
        seen.show(page.doc.meta)
        original = self.site.original(page)
        if original is not None:  # the stale notice: the original's text against the stamp
            seen.depends_on(original.doc)
        prepared = seen.body(page.doc)
        body = markdown.finish(prepared, self.links.filler(page),
                               mention_filler(registry, page, seen),
                               lambda video: self._render(page.lang, "partials/video.html",
                                                          video=video))
        return self._render(
            page.lang, f"{page.kind}.html",
            page=page,
            body=Markup(nobreak.body_html(enhance_body(link_files(body, self.image_urls),
                                                       self.images, image_asset_key,
                                                       self.image_urls))),
            videos=bool(prepared.videos),  # base.html then loads assets/js/video.js
            related_documents=directive_pages.related_documents(registry, page, seen),
            directive=directive_pages.view(registry, page, self.config.language(page.lang),
                                           seen),
            author=author,
            url=page.url,
            title=page.title,
            description=page.meta.summary or "",
            language_links=self.language_links(page.lang, page),
            alternates=self.site.alternates(page),
            stale_original=original if page.url in self.stale else None,
            **self.nav.page_context(page),
        )

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
        seen = self.recorder()
        section = self.config.sections[section_id]
        if section.kind == "article":
            pages = self.site.listed_articles(lang)
        else:
            pages = self.site.listed(lang, section=section_id)
            for page in pages:  # listed by title: any of them may move
                seen.show(page.meta)
            pages.sort(key=lambda p: (vi_sort_key(p.title), p.url))
        url = f"/{lang}/{section.url[lang]}/"
        registry = self.site.directives
        return self._render(
            lang, "directives.html" if section.kind == "directive" else "list.html",
            directive_groups=directive_pages.index_groups(registry, lang, seen),
            directive_filters=directive_pages.index_filters(registry, lang, seen),
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
            alternates=[], breadcrumbs=(self.nav.home_crumb(lang), crumb),
            indexed=bool(self.site.pages))  # a site with no page has no index to load

    def not_found(self, lang: str) -> str:
        return self._render(lang, "404.html", url=f"/{lang}/404.html", title="404",
                            description="", language_links=self.language_links(lang),
                            alternates=[], breadcrumbs=(self.nav.home_crumb(lang),))

    def alias(self, page: Page, index: int) -> str:
        """The page at an old address of `page` (redirects.py): it sends the reader on."""
        self.recorder().show(page.meta)  # its title
        return self._render(page.lang, "redirect.html", page=page, url=page.url,
                            title=page.title)

    def moved(self, moved: Moved) -> str:
        """The page at a listing's old address (content/aliases.toml): it sends the reader
        on, in the language of the address it leads to."""
        first = moved.target.strip("/").split("/")[0]
        lang = first if first in self.config.language_codes else self.config.default_language
        return self._render(lang, "redirect.html", page=None, url=moved.target,
                            title=self.config.language(lang).title)

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
