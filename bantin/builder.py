"""Orchestration: read, validate, collect, render, write. No knowledge of the command line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from . import feeds, schedule, timing
from .config import Config
from .content import Document, Source, parse_source_path, read_document
from .diagnostics import Diagnostics
from .i18n import load_translations
from .links import check_site
from .outputs import OutputFolder, UnsafePath, fingerprint_assets
from .publishing import private_assets
from .render import LayoutError, Renderer
from .search import SearchIndexError, write_index
from .site import BuildOptions, Site, collect, discover


@dataclass
class BuildResult:
    site: Site | None
    diagnostics: Diagnostics
    pages_written: int = 0

    @property
    def ok(self) -> bool:
        return not self.diagnostics.errors


def load_site(config: Config, options: BuildOptions, diagnostics: Diagnostics) -> Site:
    """Read and validate every source file and resolve them into a Site."""
    documents: list[Document] = []
    for relative in discover(config.root, config):
        source = parse_source_path(relative, config)
        if isinstance(source, str):
            diagnostics.error(relative, 0, source)
            continue
        documents.append(read_document(config.root, source, config))
    site = collect(config, documents, options, diagnostics)
    check_site(site, diagnostics)  # links, anchors and images, at their Markdown lines
    return site


def check(config: Config, options: BuildOptions) -> BuildResult:
    """Every validation of a build (content, links, images, catalogs), writing nothing."""
    diagnostics = Diagnostics()
    site = load_site(config, options, diagnostics)
    diagnostics.extend(load_translations(config)[1])
    return BuildResult(site, diagnostics)


def build(config: Config, options: BuildOptions, out: Path) -> BuildResult:
    """Build into a fresh folder and swap it in only when everything succeeded."""
    diagnostics = Diagnostics()
    site = load_site(config, options, diagnostics)
    translations, problems = load_translations(config)
    diagnostics.extend(problems)
    if diagnostics.errors:
        return BuildResult(site, diagnostics)

    private = private_assets(site)  # images only unpublished pages show (DESIGN §6)
    assets = {key: asset for key, asset in fingerprint_assets(config.root).items()
              if key not in private}
    renderer = Renderer(site, assets, translations)
    folder = OutputFolder(out)
    written = 0
    try:
        for asset in assets.values():
            folder.copy(asset.source, asset.url)
        for page in site.pages:
            folder.write(page.url, renderer.page(page))
            written += 1
        views = renderer.nav.views()  # home, article sections, categories, tags, authors, years
        for view in views:
            folder.write(view.url, renderer.view(view))
        written += len(views)
        for lang in config.language_codes:
            folder.write(f"/{lang}/404.html", renderer.not_found(lang))
            folder.write(f"/{lang}/{config.search_url[lang]}/", renderer.search_page(lang))
            for section_id, section in config.sections.items():
                if section.kind != "article":  # article sections are paginated views
                    folder.write(f"/{lang}/{section.url[lang]}/",
                                 renderer.section_list(lang, section_id))
                    written += 1
            written += 2  # the 404 and search pages
        for url, data in feeds.outputs(site, renderer.listings, views, renderer.nav):
            folder.write(url, data)
        schedule.write_next_change(folder, site.next_change())
        folder.write("/index.html", renderer.chooser())
        folder.write("/404.html", renderer.not_found(config.default_language))
        # After every page is written, before the swap: the index holds what was built.
        if options.search:
            with timing.phase("search"):
                write_index(folder.path, site.pages)
    except LayoutError as exc:
        diagnostics.items.append(exc.diagnostic)
    except UnsafePath as exc:
        diagnostics.error("content", 0, f"output path {exc} would leave the output folder")
    except SearchIndexError as exc:
        diagnostics.error("pagefind", 0, str(exc))
    if diagnostics.errors:
        folder.discard()
        return BuildResult(site, diagnostics)
    folder.commit()
    return BuildResult(site, diagnostics, written)


def now_local(config: Config) -> datetime:
    return datetime.now(tz=config.tz)


__all__ = ["BuildOptions", "BuildResult", "Source", "build", "check", "load_site", "now_local"]
