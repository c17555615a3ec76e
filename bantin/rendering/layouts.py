"""The layouts' Jinja2 environments: one autoescaping environment per language, which
notes in the render's recorder (reads.py) every layout it loads and every shown field
(title, summary, translation stamp) a layout reads."""

from __future__ import annotations

import contextlib
import functools
import gettext
from collections.abc import Callable, MutableMapping
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
    Template,
    TemplateError,
    pass_context,
    select_autoescape,
)
from jinja2.environment import TemplateModule
from jinja2.runtime import Context, Undefined
from markupsafe import escape

from ..directive import nobreak
from ..model.config import Config, Language
from ..model.document import FrontMatter
from ..model.page import Page
from ..model.reads import SHOWN_FIELDS, Recorder
from ..website.outputs import Asset
from .folding import folded_words

LAYOUTS_DIR = "layouts"
_SHOWN = frozenset(SHOWN_FIELDS)


class LayoutTemplate(Template):
    """A layout which, included without the page's context (`{% include
    "partials/footer.html" without context %}`), is rendered once per language: it then
    sees only the environment's globals, the same on every page of the language. What it
    read then counts as read by every render that includes it."""

    fragment: tuple[TemplateModule, Recorder] | None = None  # its output, what it read

    def _get_default_module(self, ctx: Context | None = None) -> TemplateModule:
        # Jinja's include without context: Jinja keeps the module too, but what rendering
        # it read would be noted in the recorder of the first page only.
        env = self.environment
        if ctx is not None or not isinstance(env, LayoutEnvironment) or env.seen is None:
            return super()._get_default_module(ctx)
        if self.fragment is None:
            outer = env.seen
            env.seen = Recorder(outer.watched)
            try:
                self.fragment = (self.make_module(), env.seen)
            finally:
                env.seen = outer
        module, read = self.fragment
        env.seen.add(read)
        return module


class LayoutEnvironment(Environment):
    """An environment whose renders note what they read in `seen`, the recorder of the one
    render under way (set by the Renderer for its duration; None otherwise). Compiled
    layouts call `getattr` for `x.title`, `getitem` for `x["title"]` and attribute
    filters (`sort(attribute="title")`), and `get_template` for extends, include and
    import."""

    seen: Recorder | None = None
    template_class = LayoutTemplate

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        # Every template by name once loaded: an include runs on every page, and Jinja's
        # own lookup (locked LRU cache, globals chain) costs more than the include's output.
        # Loaded templates never change in a build (auto_reload=False).
        self.loaded: dict[str, Template] = {}

    def getattr(self, obj: Any, attribute: str) -> Any:
        if attribute in _SHOWN and self.seen is not None:
            _note_shown(self.seen, obj)
        # Environment.getattr's own body: called for every `x.y` of every page, one call
        # fewer than delegating to it
        try:
            return getattr(obj, attribute)
        except AttributeError:
            pass
        try:
            return obj[attribute]
        except (TypeError, LookupError, AttributeError):
            return self.undefined(obj=obj, name=attribute)

    def getitem(self, obj: Any, argument: str | Any) -> Any | Undefined:
        if argument.__class__ is str and argument in _SHOWN and self.seen is not None:
            _note_shown(self.seen, obj)
        return Environment.getitem(self, obj, argument)

    def get_template(self, name: str | Template, parent: str | None = None,
                     globals: MutableMapping[str, Any] | None = None) -> Template:
        if not isinstance(name, str):
            return Environment.get_template(self, name, parent, globals)
        if parent:
            name = self.join_path(name, parent)
        if self.seen is not None:
            self.seen.layout(name)
        if globals is not None:  # Jinja adds them to the template's: not remembered
            return Environment.get_template(self, name, None, globals)
        found = self.loaded.get(name)
        if found is None:
            found = self.loaded[name] = Environment.get_template(self, name)
        return found


def _note_shown(seen: Recorder, obj: Any) -> None:
    if obj.__class__ is FrontMatter:
        seen.show(obj)
    elif obj.__class__ is Page:  # Page.title is its front-matter's
        seen.show(obj.meta)


# How wide each kind of teaser shows its picture (assets/css/main.css), for `sizes`.
THUMB_SIZES = {
    "lead": "(min-width: 64rem) 40rem, 100vw",
    "card": "(min-width: 64rem) 15rem, (min-width: 40rem) 45vw, 100vw",
    "row": "(min-width: 40rem) 12rem, 7rem",
    "mini": "5rem",
}


def _environment(root: Path) -> LayoutEnvironment:
    """An environment with everything that shapes the compiled layouts, and no globals."""
    return LayoutEnvironment(
        loader=FileSystemLoader(root / LAYOUTS_DIR),
        # compiled layouts kept between builds, by name and source checksum
        bytecode_cache=_bytecode_cache(root),
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one build, one set of layouts: no stat per include
    )


def compile_layouts(root: Path) -> None:
    """Compile every layout into the bytecode cache, from which the environments the pages
    are made with then load it: work that needs no document, for a build to do while other
    processes parse them. A broken layout is left for the page that uses it to report."""
    env = _environment(root)
    # newstyle gettext shapes the compiled code as in make_environment
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    for name in env.list_templates(extensions=["html", "xml"]):
        with contextlib.suppress(TemplateError):
            env.get_template(name)


def make_environment(config: Config, lang: Language, assets: dict[str, Asset],
                     translations: gettext.NullTranslations) -> LayoutEnvironment:
    env = _environment(config.root)
    # Added by the jinja2.ext.i18n extension when the environment is made: unknown to its type.
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    env.globals["gettext"] = env.globals["_"] = _remembered_gettext(translations)
    env.globals.update(_escaped_plurals(translations))

    def asset(path: str) -> str:
        try:
            return assets[path].url
        except KeyError:
            raise TemplateError(f"no asset {path!r} in assets/") from None

    def absolute(url: str) -> str:
        return config.base_url + url

    locale = Locale.parse(lang.locale)  # parsed once: Babel would parse it on every call

    # A date shows on many pages. By pattern, then date: no key tuple per date kept.
    formatted: dict[str, dict[datetime, str]] = {}

    def date_time(value: datetime, pattern: str | None = None) -> str:
        pattern = pattern or lang.date_format
        known = formatted.get(pattern)
        if known is None:
            known = formatted[pattern] = {}
        found = known.get(value)
        if found is None:
            found = known[value] = format_datetime(value, pattern, tzinfo=config.tz,
                                                   locale=locale)
        return found

    def short_date(value: datetime) -> str:
        return date_time(value, lang.short_date_format)

    def iso(value: datetime) -> str:
        return value.astimezone(config.tz).isoformat()

    # A rating's average shows twice on its article, and the same few averages on many
    # articles: Babel parses the pattern again on every call. A float by its exact value,
    # sign of zero included (-0.0 == 0.0, but Babel writes "-0").
    numbers: dict[tuple[str, int | str], str] = {}

    def number(value: float, pattern: str = "#,##0.#") -> str:
        if value.__class__ is float:
            key: tuple[str, int | str] = (pattern, value.hex())
        elif value.__class__ is int:
            key = (pattern, int(value))
        else:  # a Decimal, a bool, …: made as asked
            return format_decimal(value, format=pattern, locale=locale)
        found = numbers.get(key)
        if found is None:
            found = numbers[key] = format_decimal(value, format=pattern, locale=locale)
        return found

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
        folded_words=folded_words,
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
        # ngettext("%(num)s star", "%(num)s stars", n) without other variables: the same
        # few texts on every page (the rating form's five stars), each made once.
        found: dict[tuple[Any, ...], str] = {}

        @pass_context
        def call(__context: Context, *args: Any, **variables: Any) -> str:
            autoescape = __context.eval_ctx.autoescape
            key = (args, autoescape) if not variables else None
            try:
                if key is not None and key in found:
                    return found[key]
            except TypeError:  # an argument that cannot be a key (a list)
                key = None
            for index, variable in positions.items():
                variables.setdefault(variable, args[index])
            text = _as_text(lookup(*args), autoescape) % variables
            if key is not None:
                found[key] = text
            return text

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


