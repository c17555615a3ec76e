"""HTML tables as Markdown pipe tables, for html_markdown.

A pipe table has one header row and cells of one line: the first row is the header when the
table has no `<thead>` (Word's and CKEditor's tables have none); a cell's paragraphs are
joined on one line; a merged cell (`colspan`, `rowspan`) is split, its text in the first of
the cells it covered. A table of one cell, used to lay out a picture and its caption, is
its content. Each change to the table's shape is said as a loss.
"""

from __future__ import annotations

from typing import Protocol

from .html_tree import Element
from .messages import Text, msg


class _Converter(Protocol):
    losses: list[Text]

    def blocks(self, node: Element) -> list[str]: ...


def _rows(table: Element) -> list[Element]:
    rows: list[Element] = []
    for child in table.children:
        if isinstance(child, Element):
            if child.tag == "tr":
                rows.append(child)
            elif child.tag in ("thead", "tbody", "tfoot"):
                rows.extend(c for c in child.children if isinstance(c, Element) and c.tag == "tr")
    return rows


def _span(cell: Element, name: str) -> int:
    try:
        return max(1, min(int(cell.attrs.get(name, "1") or "1"), 100))
    except ValueError:
        return 1


def table_markdown(converter: _Converter, table: Element) -> list[str]:
    rows = _rows(table)
    cells_of = [[c for c in row.children if isinstance(c, Element) and c.tag in ("td", "th")]
                for row in rows]
    cells_of = [cells for cells in cells_of if cells]
    captions = [c for c in table.children if isinstance(c, Element) and c.tag == "caption"]
    before = [block for caption in captions for block in converter.blocks(caption)]
    if not cells_of:
        return before
    if len(cells_of) == 1 and len(cells_of[0]) == 1:  # a layout table of one cell
        return before + converter.blocks(cells_of[0][0])
    grid: list[list[str]] = []
    pending: dict[tuple[int, int], str] = {}  # cells a rowspan above covers
    merged = nested = False
    for r, cells in enumerate(cells_of):
        row: list[str] = []
        column = 0
        queue = list(cells)
        while queue or (r, column) in pending:
            if (r, column) in pending:
                row.append(pending.pop((r, column)))
                column += 1
                continue
            cell = queue.pop(0)
            blocks = converter.blocks(cell)
            if len(blocks) > 1 or any("\n" in block for block in blocks):
                nested = True
            text = " ".join(block.replace("\\\n", " ").replace("\n", " ") for block in blocks)
            text = text.replace("|", "\\|").strip()
            colspan, rowspan = _span(cell, "colspan"), _span(cell, "rowspan")
            merged = merged or colspan > 1 or rowspan > 1
            row.append(text)
            row.extend([""] * (colspan - 1))
            for below in range(1, rowspan):
                for offset in range(colspan):
                    pending[(r + below, column + offset)] = ""
            column += colspan
        grid.append(row)
    width = max(len(row) for row in grid)
    grid = [row + [""] * (width - len(row)) for row in grid]
    if merged:
        converter.losses.append(msg("a table had merged cells: they were split, each text in "
                                    "the first cell it covered; check the table"))
    if nested:
        converter.losses.append(msg("a table cell held several paragraphs or a list: they were "
                                    "joined on one line"))
    lines = ["| " + " | ".join(cell or " " for cell in grid[0]) + " |",
             "|" + "|".join(" --- " for _ in range(width)) + "|"]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in grid[1:]]
    return [*before, "\n".join(lines)]
