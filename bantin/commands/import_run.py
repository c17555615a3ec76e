"""One import run, whatever the old site ran: the source read and planned by its own
module (`Work`), then every file staged and moved in at the end (import_files.Staging), the
new categories added to config.toml, the warnings and the summary printed. Bad input
(core.diagnostics.InputError) is one `FILE:line: error:` line, and nothing is written."""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from ..core.diagnostics import InputError
from ..core.messages import Text, Translations, msg, msg_n
from ..core.progress import Progress, quiet
from ..model.aliases import ALIASES_FILE
from ..model.authors import load_authors
from ..model.config import Config
from .import_files import Staging, add_categories
from .import_plan import Plan
from .import_write import Media, Warnings, put

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2

# What a source does: read the file, plan every item and write it (staged), with the
# staging, the warnings, the uploads and the author ids the site has; it marks its phases
# ("import-read", "import-write") and the items written in the Progress.
Work = Callable[[Staging, Warnings, Media, set[str], Progress], Plan]


def say(text: Text, words: Translations | None) -> None:
    print(text.render(words), file=sys.stderr)


def run_import(config: Config, source: Path, uploads: Path | None, dry_run: bool,
               words: Translations | None, work: Work, progress: Progress | None = None
               ) -> int:
    shown = str(source)
    if not source.is_file():
        say(msg("%(dump)s: error: no such file", dump=shown), words)
        return EXIT_USAGE
    if uploads is not None and not uploads.is_dir():
        say(msg("%(dir)s: error: no such folder (--uploads is the old site's uploads/ "
                "folder)", dir=str(uploads)), words)
        return EXIT_USAGE
    warnings = Warnings(shown)
    staging = Staging(config.root, dry_run)
    progress = progress or quiet()
    try:
        with progress:  # its line is erased before the warnings and the summary
            plan = _run(config, staging, warnings, Media(uploads, staging, warnings),
                        progress, work)
    except InputError as exc:
        staging.discard()
        where = f"{shown}:{exc.line}" if exc.line else shown
        say(msg("%(where)s: error: %(problem)s", where=where, problem=exc.message), words)
        say(msg("nothing was imported"), words)
        return EXIT_CONTENT
    except OSError as exc:
        staging.discard()
        say(msg("%(dump)s: error: %(problem)s; nothing was imported", dump=shown,
                problem=str(exc)), words)
        return EXIT_CONTENT
    for warning in warnings.diagnostics.sorted():
        print(warning.render(words), file=sys.stderr)
    _summary(plan, staging, warnings, dry_run, words)
    return EXIT_OK


def _run(config: Config, staging: Staging, warnings: Warnings, media: Media,
         progress: Progress, work: Work) -> Plan:
    """The import itself: the source's work, the other files, config.toml, the move."""
    root = config.root
    authors, _problems = load_authors(root, config.language_codes)
    plan = work(staging, warnings, media, set(authors), progress)
    for path, data in plan.others.items():
        put(staging, warnings, 0, path, data)
    aliases = plan.aliases_file()
    if aliases is not None:
        put(staging, warnings, 0, ALIASES_FILE, aliases)
    config_path = root / "config.toml"
    config_text = config_path.read_text(encoding="utf-8")
    new_config = add_categories(config_text, plan.categories)
    staging.extra["not_kept"] = dict(sorted(plan.not_kept.items()))
    partial = None
    if new_config != config_text and not staging.dry_run:
        partial = root / f".config.toml.import-{id(plan)}"
        partial.write_text(new_config, encoding="utf-8")
    with progress.phase("import-commit"):
        staging.commit()
    if partial is not None:
        partial.replace(config_path)
    return plan


def _summary(plan: Plan, staging: Staging, warnings: Warnings, dry_run: bool,
             words: Translations | None) -> None:
    counts = plan.counts
    say(msg("%(what)s: %(articles)s articles (%(drafts)s drafts, %(scheduled)s scheduled, "
            "%(expired)s expired), %(pages)s pages, %(documents)s documents, %(images)s "
            "files from uploads, %(authors)s new authors, %(categories)s new categories",
            what=msg("would import") if dry_run else msg("imported"),
            articles=counts["article"], drafts=counts["draft"],
            scheduled=counts["scheduled"], expired=counts["expired"],
            pages=counts["page"], documents=counts["document"],
            images=len([p for p in staging.written if p.startswith("assets/")]),
            authors=counts["author"], categories=len(plan.categories)), words)
    say(msg("files: %(new)s new, %(updated)s updated, %(unchanged)s unchanged, %(kept)s "
            "left as they were (edited since the last import, or not written by it)",
            new=staging.counts.get("new", 0), updated=staging.counts.get("updated", 0),
            unchanged=staging.counts.get("unchanged", 0),
            kept=staging.counts.get("edited", 0)), words)
    for kind, count in sorted(warnings.kinds.items()):
        say(msg_n("%(count)s warning: %(kind)s", "%(count)s warnings: %(kind)s", count,
                  kind=_kind(kind)), words)
    if plan.moved_written:
        say(msg_n("%(count)s old address of a list (category, tag, feed) leads to the site's "
                  "list: %(file)s", "%(count)s old addresses of lists (categories, tags, "
                  "feeds) lead to the site's lists: %(file)s", plan.moved_written,
                  file=ALIASES_FILE), words)
    by_kind: dict[str, int] = defaultdict(int)
    for kind in plan.not_kept.values():
        by_kind[kind] += 1
    if by_kind:
        listing = ", ".join(f"{_kind(kind).render(words)} {count}"
                            for kind, count in sorted(by_kind.items()))
        say(msg("old addresses not kept (no Bantin page or list stands for them): "
                "%(listing)s; listed in %(file)s", listing=listing,
                file=".bantin-import.json"), words)


def _kind(kind: str) -> Text:
    return KINDS.get(kind) or Text(kind)


KINDS: dict[str, Text] = {
    "missing file": msg("files missing from uploads"),
    "image elsewhere": msg("images not on the old site"),
    "no alt text": msg("images without alt text"),
    "not in Markdown": msg("what Markdown cannot hold"),
    "kept": msg("files left as they were"),
    "no body": msg("articles without text"),
    "rating": msg("ratings dropped"),
    "byline": msg("bylines"),
    "alias": msg("old addresses claimed twice"),
    "skipped": msg("items not imported"),
    "module": msg("module home pages"),
    "category": msg("category pages"),
    "tag": msg("tag pages"),
    "feed": msg("feeds"),
    "query": msg("addresses with a query string"),
    "collision": msg("addresses claimed by two pages"),
    "password": msg("password-protected posts"),
    "date": msg("items without a date"),
}
