"""The first reading of a NukeViet dump: modules, categories, tags, article rows, legal
documents and static pages, every table but the bodies (those come one by one in the
second reading, commands/import_nukeviet.py)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..core.messages import msg
from ..core.sqldump import DumpError, DumpReader, Row, Table, Value
from ..model.nukeviet import BODY, META_SUFFIXES, PAGE_COLUMNS, Module, Rewrite

Record = dict[str, Value]
_MODULES = re.compile(r"^(\w+)_([a-z]{2})_modules$")
_CMS = {"wp_posts": "WordPress", "wp_options": "WordPress", "jos_content": "Joomla",
        "_content": "Joomla", "node_field_data": "Drupal", "dle_post": "DataLife Engine"}


@dataclass
class Portal:
    """What the dump holds, by table name; rows kept with the line they are on."""

    prefix: str = ""
    modules: list[Module] = field(default_factory=list)
    rewrite: Rewrite = field(default_factory=Rewrite)
    tables: dict[str, list[tuple[int, Record]]] = field(default_factory=lambda: defaultdict(list))
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    detail_alias: dict[str, str] = field(default_factory=dict)  # laws module -> its `detail`

    def rows(self, table: str) -> list[tuple[int, Record]]:
        return self.tables.get(table, [])

    def of(self, module: Module, suffix: str = "") -> list[tuple[int, Record]]:
        return self.rows(module.table(self.prefix, suffix))


def _text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def _int(value: Value) -> int:
    try:
        return int(_text(value) or 0)
    except ValueError:
        return 0


def read_portal(dump: Path) -> Portal:
    """Pass one. Raises DumpError for a dump that is not NukeViet's, or that it cannot read."""
    portal = Portal()
    columns: dict[str, tuple[str, ...]] = {}

    def wanted(name: str) -> bool:
        if BODY.search(name):
            return False
        return name.endswith(META_SUFFIXES) or set(columns.get(name, ())) >= PAGE_COLUMNS

    reader = DumpReader(dump, wanted)
    lines: dict[str, int] = {}
    for event in reader:
        if isinstance(event, Table):
            columns[event.name] = event.columns
            lines.setdefault(event.name, event.line)
            continue
        assert isinstance(event, Row)
        record = event.mapping()
        if record is None:
            if event.columns is None:
                raise DumpError(event.line, msg(
                    "rows of table %(table)s without its CREATE TABLE or a column list: save "
                    "the dump again with the tables' structure", table=event.table))
            raise DumpError(event.line, msg(
                "a row of table %(table)s has %(count)s values for %(columns)s columns",
                table=event.table, count=len(event.values), columns=len(event.columns)))
        portal.tables[event.table].append((event.line, record))
    portal.columns = columns
    found = sorted((m.group(1), m.group(2)) for name in columns if (m := _MODULES.match(name)))
    if not found:
        others = sorted({cms for name in columns for key, cms in _CMS.items()
                         if name.endswith(key)})
        if others:
            raise DumpError(1, msg("this is a dump of %(cms)s, not of NukeViet: it has no "
                                   "<prefix>_<lang>_modules table", cms=", ".join(others)))
        raise DumpError(1, msg("no NukeViet table in this dump (<prefix>_<lang>_modules, such "
                               "as nv4_vi_modules): is it the dump of a NukeViet 4 site?"))
    portal.prefix = found[0][0]
    for prefix, lang in found:
        if prefix != portal.prefix:
            continue
        for _line, row in portal.rows(f"{prefix}_{lang}_modules"):
            portal.modules.append(Module(
                lang=lang, name=_text(row.get("title")), file=_text(row.get("module_file")),
                data=_text(row.get("module_data")) or _text(row.get("title")),
                upload=_text(row.get("module_upload")) or _text(row.get("title")),
                active=_int(row.get("act")) == 1))
        for _line, row in portal.rows(f"{prefix}_{lang}_modfuncs"):
            if _text(row.get("func_name")) == "detail" and row.get("alias"):
                portal.detail_alias[f"{lang}/{_text(row.get('in_module'))}"] = _text(
                    row.get("alias"))
    settings = {_text(row.get("config_name")): _text(row.get("config_value"))
                for _line, row in portal.rows(f"{portal.prefix}_config")
                if _text(row.get("module")) == "global" and _text(row.get("lang")) == "sys"}
    if settings:
        portal.rewrite = Rewrite(op_mod=settings.get("rewrite_op_mod", ""),
                                 exturl=settings.get("rewrite_exturl", ".html") or ".html")
    return portal
