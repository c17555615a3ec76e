"""Old addresses kept alive: each page's `aliases:`, and the old addresses of listings in
content/aliases.toml, as outputs that send readers on.

Every alias is two things in the output: a small page at that path (meta refresh,
canonical, `noindex`) that any static host serves, and a rule in `/_redirects` that
Netlify (and Cloudflare Pages) answer with a permanent redirect before any file. An alias
is an error at its own line when another output, or another alias, has its path; an entry
of content/aliases.toml also when it leads to no address of the site.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath

from ..core.diagnostics import Diagnostic
from ..core.messages import msg
from ..model.aliases import ALIASES_FILE, Moved, alias_url
from ..model.page import Page
from ..website.outputs import Output, UnsafePath, output_path
from ..website.site import Site
from .search import BUNDLE_DIR

REDIRECTS = "/_redirects"
RENDER = "alias"  # the Renderer method that makes a page's alias
MOVED = "moved"  # the one that makes the page at a listing's old address
RENDERS = (RENDER, MOVED)


def outputs(site: Site, planned: Iterable[Output]) -> list[Output]:
    """The page at each alias of every published page and at each old address of
    content/aliases.toml that leads to one of the `planned` outputs (the others: `lost`),
    and the rules file when there is one at least."""
    made = [Output(alias_url(path), RENDER, (page, index))
            for page in site.pages for index, path in enumerate(page.meta.aliases or ())]
    addresses = {output.url for output in planned}
    moved = [entry for entry in site.moved if entry.target in addresses]
    made += [Output(alias_url(entry.path), MOVED, (entry,)) for entry in moved]
    if made:
        made.append(Output(REDIRECTS, "literal", (rules(site.pages, moved),)))
    return made


def lost(site: Site, planned: Iterable[Output]) -> list[Diagnostic]:
    """A warning for each old address of content/aliases.toml that leads to no address of
    this build (a list that has no published page yet, or a mistyped address): left out,
    as a redirect to a missing page would only be a slower 404."""
    addresses = {output.url for output in planned}
    return [Diagnostic(ALIASES_FILE, entry.line, "warning", msg(
        "the old address %(alias)s leads to %(target)s, which this build does not have (a "
        "list with no published page yet, or a mistyped address): it is left out; write the "
        "address of a page, a list or a feed as the site shows it, e.g. /vi/tin-tuc/",
        alias=entry.path, target=entry.target))
        for entry in site.moved if entry.target not in addresses]


def rules(pages: Iterable[Page], moved: Iterable[Moved] = ()) -> str:
    """`/_redirects`: one `from to 301!` line per alias. Forced (`!`): the alias's own page
    is a file at that path, which Netlify would otherwise serve instead of the rule."""
    lines = ["# Old addresses of pages (front-matter `aliases:`, content/aliases.toml), made "
             "by Bantin's build."]
    lines += [f"{alias_url(path)} {page.url} 301!"
              for page in pages for path in page.meta.aliases or ()]
    lines += [f"{alias_url(entry.path)} {entry.target} 301!" for entry in moved]
    return "\n".join(lines) + "\n"


def _alias(output: Output) -> tuple[str, str, int]:
    """An alias's output: the file that gives it, the alias and its line there."""
    if output.render == MOVED:
        moved: Moved = output.args[0]
        return ALIASES_FILE, moved.path, moved.line
    page, index = output.args
    return page.source.path, page.meta.aliases[index], page.doc.line(f"aliases.{index}")


def collisions(planned: list[Output]) -> list[Diagnostic]:
    """An alias whose file is another output's, another alias's, or inside or around one
    (a file where the other needs a folder): an error at the alias's line."""
    aliases = [output for output in planned if output.render in RENDERS]
    if not aliases:  # a site without aliases: no need for every output's path and folder
        return []
    files: dict[PurePosixPath, Output] = {}
    for output in planned:
        if output.render not in RENDERS:
            try:
                files.setdefault(output_path(output.url), output)
            except UnsafePath:  # reported when it is made
                continue
    folders: set[PurePosixPath] = set()  # every folder of those files, each reached once
    for path in files:
        folder = path.parent
        while folder not in folders:  # once it is in, so are the folders around it
            folders.add(folder)
            folder = folder.parent
    index = PurePosixPath(BUNDLE_DIR)  # the search index, made after the plan
    problems: list[Diagnostic] = []
    for output in aliases:
        source, alias, line = _alias(output)
        path = output_path(output.url)
        other = files.get(path)
        if other is not None and other.render in RENDERS:
            first, _, first_line = _alias(other)
            where = f"{first}:{first_line}"
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
        problems.append(Diagnostic(source, line, "error", message))
    return problems

