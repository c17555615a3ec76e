"""NukeViet 4.x as its source defines it: tables, what the old site showed, its addresses.

Read from NukeViet's own code (docs/import-nukeviet.md names each file): a module is a row of
`<prefix>_<lang>_modules` (`title` is its URL name, `module_file` the code it runs — `news`,
`page`, `laws` — and `module_data` its tables' middle name, so a copy of `news` such as
`tin-dia-phuong` has tables `<prefix>_<lang>_tin_dia_phuong_rows`, …). Pure functions of
rows: the importer (commands/import_nukeviet.py) reads the dump and writes the files.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, tzinfo

# Tables whose rows the importer keeps while it reads the dump the first time (the bodies,
# `_detail` and NukeViet 3's `_bodyhtml_N`, are read in a second pass, one at a time).
META_SUFFIXES = ("_modules", "_modfuncs", "_config", "_rows", "_cat", "_tags", "_tags_id",
                 "_authorlist", "_row", "_subject", "_signer", "_examine")
BODY = re.compile(r"_(?:detail|bodyhtml_\d+)$")
PAGE_COLUMNS = {"id", "title", "alias", "bodytext", "status"}

# news rows: status 1 is published (shown once publtime has come, until exptime); 2 waits
# for publtime; 3 expired and archived; 0 stopped, 4 draft, 5–10 in review; above
# row_locked_status (20) a category hid it. modules/news/language/admin_en.php, status_N.
PUBLISHED, WAITING, EXPIRED = 1, 2, 3


@dataclass(frozen=True, slots=True)
class Module:
    lang: str
    name: str  # its URL name (`title`)
    file: str  # news, page, laws, …
    data: str  # the middle of its tables' names
    upload: str  # its folder in uploads/
    active: bool

    def table(self, prefix: str, suffix: str = "") -> str:
        return f"{prefix}_{self.lang}_{self.data}{suffix}"


@dataclass(frozen=True, slots=True)
class Shown:
    """What Bantin makes of a row's status and times."""

    date: datetime
    draft: bool = False
    expires: datetime | None = None
    why: str = ""  # published, scheduled, expired, draft, waiting-past


def local(seconds: object, tz: tzinfo) -> datetime | None:
    """Unix seconds as local time (minutes: the front-matter's precision); None for 0."""
    if not isinstance(seconds, int) or seconds <= 0:
        return None
    return datetime.fromtimestamp(seconds, tz).replace(second=0, microsecond=0, tzinfo=None)


def shown(status: int, publtime: object, exptime: object, addtime: object,
          tz: tzinfo, now: datetime) -> Shown:
    """An article as the old site showed it (modules/news/funcs/detail.php: status 1,
    publtime passed, exptime 0 or not yet come), in Bantin's terms: never published by the
    import when the old site did not show it."""
    date = local(publtime, tz) or local(addtime, tz) or now.replace(tzinfo=None)
    expires = local(exptime, tz)
    naive_now = now.astimezone(tz).replace(tzinfo=None)
    if status == PUBLISHED:
        if expires is not None and expires <= naive_now:
            return Shown(date, expires=expires, why="expired")
        return Shown(date, expires=expires, why="scheduled" if date > naive_now else "published")
    if status == WAITING and date > naive_now:
        return Shown(date, expires=expires, why="scheduled")
    if status == WAITING:  # its time came while nobody opened the old site: not shown yet
        return Shown(date, draft=True, expires=expires, why="waiting-past")
    if status == EXPIRED:
        return Shown(date, draft=expires is None, expires=expires, why="expired")
    return Shown(date, draft=True, expires=expires, why="draft")


def ids(text: object) -> list[int]:
    """`listcatid`'s "3,7,12" as numbers."""
    return [int(part) for part in str(text or "").split(",") if part.strip().isdigit()]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True, slots=True)
class Rewrite:
    """The old site's address settings (`<prefix>_config`, lang `sys`, module `global`)."""

    op_mod: str | None = None  # the module whose name the addresses leave out; None: unknown
    exturl: str = ".html"


def article_aliases(module: Module, categories: list[str], alias: str, row_id: int,
                    rewrite: Rewrite) -> list[str]:
    """Every path NukeViet 4 answered for an article (and NukeViet 3's `-id/` form): under
    each of its categories, with and without the language, and without the module name when
    the site left it out (includes/functions.php nv_url_rewrite, modules/news/functions.php);
    its print page too (funcs/print.php)."""
    tail = f"{alias}-{row_id}"
    bare = rewrite.op_mod is None or rewrite.op_mod == module.name
    found: list[str] = []
    for category in categories:
        for op in (f"{category}/{tail}{rewrite.exturl}", f"{category}/{tail}/",
                   f"print/{category}/{tail}{rewrite.exturl}"):
            heads = [f"/{module.name}/", f"/{module.lang}/{module.name}/"]
            if bare:
                heads += ["/", f"/{module.lang}/"]
            found.extend(nfc(head + op) for head in heads)
    return list(dict.fromkeys(found))


def page_aliases(module: Module, alias: str, rewrite: Rewrite) -> list[str]:
    """A static page (`page` module): /<module>/<alias>.html, with and without language."""
    heads = [f"/{module.name}/", f"/{module.lang}/{module.name}/"]
    if rewrite.op_mod == module.name:
        heads += ["/", f"/{module.lang}/"]
    return [nfc(head + alias + rewrite.exturl) for head in heads]


def law_aliases(module: Module, alias: str, detail: str) -> list[str]:
    """A legal document (module-laws funcs/detail.php: op `detail/<alias>`)."""
    return [nfc(f"/{module.name}/{detail}/{alias}/"),
            nfc(f"/{module.lang}/{module.name}/{detail}/{alias}/")]


def listing_addresses(module: Module, categories: list[str], tags: list[str]
                      ) -> dict[str, tuple[str, str]]:
    """The old site's listing pages, which no Bantin page stands for: address -> (kind, the
    old site's key): ("module", ""), ("feed", "") the module's feed, ("feed", category) a
    category's, ("category", alias), ("tag", alias)."""
    found: dict[str, tuple[str, str]] = {}
    for head in (f"/{module.name}/", f"/{module.lang}/{module.name}/"):
        found[nfc(head)] = ("module", "")
        found[nfc(head + "rss/")] = ("feed", "")
        for category in categories:
            found[nfc(f"{head}{category}/")] = ("category", category)
            found[nfc(f"{head}rss/{category}/")] = ("feed", category)
        for tag in tags:
            found[nfc(f"{head}tag/{tag}")] = ("tag", tag)
    return found
