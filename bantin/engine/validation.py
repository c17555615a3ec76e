"""Every validation of a build without writing anything (`check`), and how image problems are
reported (by `check` and by the engine's builds alike)."""

from __future__ import annotations

import gettext
from dataclasses import dataclass

from ..core.diagnostics import Diagnostics
from ..core.messages import msg
from ..model import freshness, reads
from ..model.config import Config
from ..model.content import parse_source_path, read_document
from ..model.document import Document, Source
from ..model.facts import Facts
from ..model.options import BuildOptions
from ..rendering import redirects
from ..rendering.plan import plan
from ..rendering.render import Renderer
from ..website import svg
from ..website.i18n import load_translations
from ..website.images import ImageError, ImageSet
from ..website.links import LinkIndex, check_site
from ..website.publishing import image_uses, published_assets, shown_images
from ..website.site import Site, collect, discover


@dataclass
class Checked:
    site: Site
    diagnostics: Diagnostics


def load_site(config: Config, options: BuildOptions, diagnostics: Diagnostics,
              files: freshness.Scan, facts: Facts) -> tuple[Site, LinkIndex]:
    """Read and validate every source file and resolve them into a Site; its links."""
    documents: list[Document] = []
    for relative in discover(files):
        source = parse_source_path(relative, config)
        if not isinstance(source, Source):
            diagnostics.error(relative, 1, source)
            continue
        documents.append(read_document(config.root, source, config))
    site = collect(config, documents, options, diagnostics, facts)
    links = check_site(site, facts, diagnostics, files)  # links, anchors, images: at their lines
    return site, links


def check(config: Config, options: BuildOptions) -> Checked:
    """Every validation of a build (content, links, images, catalogs), writing nothing."""
    diagnostics = Diagnostics()
    files = freshness.scan(config.root)
    diagnostics.extend(files.refused)  # symbolic links out of the site: never followed
    facts = Facts()
    site, links = load_site(config, options, diagnostics, files, facts)
    diagnostics.extend(svg.check_assets(config.root, files))
    translations: dict[str, gettext.NullTranslations] = {}
    if not files.refused:  # a catalog may be such a link: not even read
        translations, catalog_problems = load_translations(config)
        diagnostics.extend(catalog_problems)
    images = ImageSet(config.root, files)
    problems = images.prepare(shown_images(site, facts), encode=False)
    if not diagnostics.errors:  # the build plans only then: aliases against every output
        assets = published_assets(site, facts, config.root, files)
        renderer = Renderer(site, assets, translations, facts,
                            reads.Recorder(reads.watch((), {})), links, images)
        diagnostics.extend(redirects.collisions(plan(site, renderer, assets)))
    # too large only: what the build merely warns about it finds when it reads them whole
    image_problems(site, facts, [problem for problem in problems if problem.fatal], diagnostics)
    return Checked(site, diagnostics)


def image_problems(site: Site, facts: Facts, problems: list[ImageError],
                   diagnostics: Diagnostics) -> None:
    """A damaged or too large image is an error wherever a published page shows it; one
    Pillow merely cannot read is served as it is (the browser may show it), with a warning."""
    uses = image_uses(site, facts)
    for problem in problems:
        if problem.fatal:
            for path, line, src in uses.get(problem.key, []):
                diagnostics.error(path, line, msg("image %(src)s: %(problem)s", src=src,
                                                  problem=problem.message))
        else:
            diagnostics.warning(f"assets/{problem.key}", 0, msg(
                "%(problem)s; it is served as it is, without smaller sizes or WebP",
                problem=problem.message))
