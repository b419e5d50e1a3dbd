"""Drawing results as a Rich table on the terminal (imported only when a table is drawn)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TextIO

from rich import box
from rich.console import Console
from rich.table import Table

from actcli.numfmt import round_significant

_NUMERIC = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


class TableWriter:
    """Collects the rows, then draws one table with numbers right-aligned and rounded."""

    def __init__(self, out: TextIO, header: bool, digits: int, caption: str | None = None) -> None:
        self.out = out
        self.header = header
        self.digits = digits
        self.caption = caption
        self.columns: Sequence[str] = ()
        self.rows: list[list[str]] = []

    def start(self, columns: Sequence[str]) -> None:
        self.columns = columns

    def write(self, rows: Sequence[Sequence[str]]) -> None:
        self.rows.extend([self._round(cell) for cell in row] for row in rows)

    def _round(self, cell: str) -> str:
        if _NUMERIC.fullmatch(cell):
            rounded = round_significant(cell, float(cell), self.digits)
            return rounded[:-2] if rounded.endswith(".0") else rounded
        return cell

    def finish(self) -> None:
        table = Table(box=box.ROUNDED, show_header=self.header, header_style="bold", caption=self.caption)
        for index, name in enumerate(self.columns):
            numeric = all(_NUMERIC.fullmatch(row[index]) or row[index] in ("nan", "inf", "-inf", "")
                          for row in self.rows)
            # Numbers never wrap; a trailing text column (a summary) takes what width is left.
            wrap = not numeric and index == len(self.columns) - 1
            table.add_column(name, justify="right" if numeric else "left", no_wrap=not wrap)
        for row in self.rows:
            table.add_row(*row)
        make_console(self.out).print(table)


def make_console(out: TextIO) -> Console:
    """A console on `out` that honours NO_COLOR and FORCE_COLOR; on a terminal it fits the
    window, elsewhere (a file, a pipe) it never wraps."""
    width = None if out.isatty() else 1_000
    return Console(file=out, width=width, highlight=False)
