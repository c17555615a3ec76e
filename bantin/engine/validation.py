"""Every validation of a build without writing anything (`check`), and the validations the
build shares with it: how image problems are reported, and the outputs' addresses.

`check` gives what the build gives (tests/test_check_matches_build.py): the same problems
of the same inputs, in the same phases. What the build finds before it plans (content,
links, assets, catalogs, images) stops it there; only a site without such errors is
planned, and then every output must have an address of its own inside the output folder.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.diagnostics import Diagnostic, Diagnostics
from ..core.messages import Text, msg
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
from ..website.outputs import Output, UnsafePath, output_path
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
    links = check_site(site, facts, diagnostics, files)  # links, anchors, images: their lines
    return site, links


def check(config: Config, options: BuildOptions) -> Checked:
    """Every validation of a build (content, links, images, catalogs, the outputs'
    addresses), writing nothing but what it learnt of images (.cache/images/)."""
    diagnostics = Diagnostics()
    files = freshness.scan(config.root)
    diagnostics.extend(files.refused)  # symbolic links out of the site: never followed
    facts = Facts()
    site, links = load_site(config, options, diagnostics, files, facts)
    diagnostics.extend(svg.check_assets(config.root, files))
    translations, problems = ({}, []) if files.refused else load_translations(config)
    diagnostics.extend(problems)  # a catalog may be such a link: not even read
    planned = not diagnostics.errors  # else the build stops before it plans, too
    images = check_images(config, files, site, facts, diagnostics)
    if not planned:
        return Checked(site, diagnostics)
    assets = published_assets(site, facts, config.root, files)
    renderer = Renderer(site, assets, translations, facts, reads.Recorder(reads.watch([], {})),
                        links, images)
    outputs = plan(site, renderer, assets)
    # aliases, at their own lines
    diagnostics.extend(redirects.collisions(outputs) + redirects.lost(site, outputs))
    claimed_twice(outputs, diagnostics)
    if not diagnostics.errors:  # the build makes its outputs only then
        for output in outputs:
            try:
                output_path(output.url)
            except UnsafePath:
                diagnostics.items.append(leaves_output(output.url))
    return Checked(site, diagnostics)


def check_images(config: Config, files: freshness.Scan, site: Site, facts: Facts,
                 diagnostics: Diagnostics) -> ImageSet:
    """The images published pages show, decoded as the build decodes them (each only once:
    images.py keeps the verdict); the errors among their problems, as the build reports
    them (one Pillow cannot read is merely served as it is: the build warns of it when it
    makes the images' sizes)."""
    images = ImageSet(config.root, files)
    problems = images.prepare(shown_images(site, facts), encode=False)
    image_problems(site, facts, [problem for problem in problems if problem.fatal], diagnostics)
    return images


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


def claimed_twice(outputs: list[Output], diagnostics: Diagnostics) -> None:
    """An error for each output whose address an earlier one has (an alias's collisions
    are reported at its line: redirects.collisions)."""
    seen: set[str] = set()
    for output in outputs:
        if output.url in seen and output.render not in redirects.RENDERS:
            diagnostics.error("content", 0, msg(
                "two outputs claim %(url)s; give the page with this address another "
                "`slug`, or change the address in config.toml", url=output.url))
        seen.add(output.url)


def leaves_output(url: str) -> Diagnostic:
    message: Text = msg("output path %(url)s would leave the output folder; correct the "
                        "`slug` or the address in config.toml that makes it", url=url)
    return Diagnostic("content", 0, "error", message)
