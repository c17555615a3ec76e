"""The plan of a build: every file of the site and how it is made.

Below the engine (bantin/engine/), which plans each build from the Site it resolved, and a
quick rebuild from a saved Site when a page alone does not do (engine/state.py).
"""

from __future__ import annotations

from ..website.outputs import Asset, Output
from ..website.site import Site
from . import cms, feeds, redirects, schedule
from .render import Renderer


class _Literals:
    """Collects what a helper writes with `folder.write(url, data)` as literal outputs."""

    def __init__(self, outputs: list[Output]) -> None:
        self.outputs = outputs

    def write(self, url_path: str, data: bytes | str) -> None:
        self.outputs.append(Output(url_path, "literal", (data,)))


def plan(site: Site, renderer: Renderer, assets: dict[str, Asset]) -> list[Output]:
    """Every file of the site and how it is made (a Renderer method and its arguments).

    Pages are rendered in any order, in parallel and only when what they depend on changed
    (see bantin/engine/keys.py): add each new kind of output here."""
    config = site.config
    outputs = [Output(asset.url, "copy", (str(asset.source),)) for asset in assets.values()]
    outputs += [Output(variant.url, "copy", (str(variant.path),))
                for variant in renderer.images.files()]  # sizes and WebP of site images
    outputs += [Output(page.url, "page", (page,), (page.source.path,)) for page in site.pages]
    views = renderer.nav.views()  # home, article sections, categories, tags, authors, years
    outputs += [Output(view.url, "view", (view,)) for view in views]
    for lang in config.language_codes:
        outputs.append(Output(f"/{lang}/404.html", "not_found", (lang,)))
        outputs.append(Output(f"/{lang}/{config.search_url[lang]}/", "search_page", (lang,)))
        for section_id, section in config.sections.items():
            if section.kind != "article":  # article sections are paginated views
                outputs.append(Output(f"/{lang}/{section.url[lang]}/", "section_list",
                                      (lang, section_id)))
    for url, make, needs in feeds.makers(site, views, renderer.nav):
        outputs.append(Output(url, "call", (make,), needs))
    schedule.write_next_change(_Literals(outputs), site.next_change())
    favicon = assets.get(config.branding.favicon)
    if favicon is not None and favicon.source.suffix == ".ico":
        # Browsers ask for /favicon.ico whatever the page says (a 404 on every first visit)
        outputs.append(Output("/favicon.ico", "copy", (str(favicon.source),)))
    outputs.append(Output("/index.html", "chooser"))
    outputs += cms.outputs(config, site.authors, site.directives)  # the web editor, /admin/
    outputs.append(Output("/404.html", "not_found", (config.default_language,)))
    # old addresses, last: each must lead to one of the above (redirects.collisions, .lost)
    outputs += redirects.outputs(site, outputs)
    return outputs


def reads_widely(output: Output) -> bool:
    """Whether making the output reads pages from all over the site, not one page and its
    few neighbours: the feeds, the sitemap and robots.txt (made by a call), the list of a
    section that is not paginated, and a directive's page (it lists every article that
    mentions the directive)."""
    if output.render in ("call", "section_list"):
        return True
    return output.render == "page" and output.args[0].kind == "directive"
