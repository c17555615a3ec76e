"""`python build.py import nukeviet DUMP [--uploads DIR] [--dry-run]`: a NukeViet 4 portal
moved into the site (docs/import-nukeviet.md).

The dump is read twice: first every table but the bodies (modules, categories, tags, rows,
legal documents, static pages), then the bodies one at a time, each article written as its
body comes, so that memory holds the articles' rows but never all their text. Everything is
staged and moved in at the end (commands/import_run.py): an error leaves the site untouched.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ..core.messages import Translations, msg
from ..core.progress import Progress
from ..core.sqldump import DumpReader, Row
from ..model.config import Config
from .import_files import Staging
from .import_plan import Plan
from .import_run import run_import
from .import_write import Links, Media, Warnings, compose, convert, put
from .nukeviet_items import NukeVietPlan, plan_portal
from .nukeviet_read import read_portal


def _bodies(dump: Path, plan: NukeVietPlan, staging: Staging, media: Media, links: Links,
            warnings: Warnings, progress: Progress) -> None:
    """Pass two: each article's body as it comes, its file written at once."""
    tables = plan.body_tables
    reader = DumpReader(dump, lambda name: name in tables)
    for event in reader:
        if not isinstance(event, Row):
            continue
        record = event.mapping()
        if record is None:
            continue
        key = f"{tables[event.table]}/{record.get('id')!s}"
        item = plan.articles.pop(key, None)
        if item is None:
            continue
        body = record.get("bodyhtml")
        text = body if isinstance(body, str) else ""
        put(staging, warnings, item.line, item.path, compose(
            item, convert(text, item, media, links, warnings, plan.titles.get(item.key, ""))))
        progress.advance()


def run(config: Config, dump: Path, uploads: Path | None, dry_run: bool, now: datetime,
        words: Translations | None, progress: Progress | None = None) -> int:
    def work(staging: Staging, warnings: Warnings, media: Media, authors: set[str],
             progress: Progress) -> Plan:
        with progress.phase("import-read"):
            portal = read_portal(dump)
            plan = plan_portal(portal, config, staging, authors, warnings, now, media)
            links = plan.links()
            plan.finish_items(media, links, warnings)
        with progress.phase("import-write", len(plan.articles)):
            _bodies(dump, plan, staging, media, links, warnings, progress)
        for item in plan.articles.values():  # rows without a body row
            warnings.add("no body", item.line, item.path, msg("the article has no text in the "
                                                              "dump (no row in _detail)"))
            put(staging, warnings, item.line, item.path, compose(item, ""))
        return plan

    return run_import(config, dump, uploads, dry_run, words, work, progress)
