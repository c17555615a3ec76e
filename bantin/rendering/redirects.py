"""Old addresses kept alive: each page's `aliases:` as outputs that send readers to it.

Every alias is two things in the output: a small page at that path (meta refresh,
canonical, `noindex`) that any static host serves, and a rule in `/_redirects` that
Netlify (and Cloudflare Pages) answer with a permanent redirect before any file. An alias
is an error at its own line when another output, or another alias, has its path.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath

from ..core.diagnostics import Diagnostic
from ..core.messages import msg
from ..model.aliases import alias_url
from ..model.page import Page
from ..website.outputs import Output, UnsafePath, output_path
from ..website.site import Site
from .search import BUNDLE_DIR

REDIRECTS = "/_redirects"
RENDER = "alias"  # the Renderer method that makes an alias's page


def outputs(site: Site) -> list[Output]:
    """The page at each alias of every published page, and the rules file when there is
    one alias at least."""
    made = [Output(alias_url(path), RENDER, (page, index))
            for page in site.pages for index, path in enumerate(page.meta.aliases or ())]
    if made:
        made.append(Output(REDIRECTS, "literal", (rules(site.pages),)))
    return made


def rules(pages: Iterable[Page]) -> str:
    """`/_redirects`: one `from to 301!` line per alias. Forced (`!`): the alias's own page
    is a file at that path, which Netlify would otherwise serve instead of the rule."""
    lines = ["# Old addresses of pages (front-matter `aliases:`), made by Bantin's build."]
    lines += [f"{alias_url(path)} {page.url} 301!"
              for page in pages for path in page.meta.aliases or ()]
    return "\n".join(lines) + "\n"


def _alias(output: Output) -> tuple[Page, str, int]:
    """An alias's output: its page, the alias and its line in the page's file."""
    page, index = output.args
    return page, page.meta.aliases[index], page.doc.line(f"aliases.{index}")


def collisions(planned: list[Output]) -> list[Diagnostic]:
    """An alias whose file is another output's, another alias's, or inside or around one
    (a file where the other needs a folder): an error at the alias's line."""
    files: dict[PurePosixPath, Output] = {}
    for output in planned:
        if output.render != RENDER:
            try:
                files.setdefault(output_path(output.url), output)
            except UnsafePath:  # reported when it is made
                continue
    folders = {parent for path in files for parent in path.parents}
    index = PurePosixPath(BUNDLE_DIR)  # the search index, made after the plan
    problems: list[Diagnostic] = []
    for output in planned:
        if output.render != RENDER:
            continue
        page, alias, line = _alias(output)
        path = output_path(output.url)
        other = files.get(path)
        if other is not None and other.render == RENDER:
            first, _, first_line = _alias(other)
            where = f"{first.source.path}:{first_line}"
            message = msg("the alias %(alias)s is also an alias at %(where)s: keep it on one "
                          "page only", alias=alias, where=where)
        elif other is not None:
            message = msg("the alias %(alias)s is the address of %(url)s on this site: an "
                          "alias may only name an address nothing else has; delete it",
                          alias=alias, url=other.url)
        elif path in folders or index in path.parents or any(p in files for p in path.parents):
            message = msg("the alias %(alias)s would need a file where the site has a folder, "
                          "or a folder where it has a file: delete it, or write it with or "
                          "without the final /", alias=alias)
        else:
            files[path] = output
            folders.update(path.parents)
            continue
        problems.append(Diagnostic(page.source.path, line, "error", message))
    return problems

