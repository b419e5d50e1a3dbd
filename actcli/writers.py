"""Writing result rows as CSV, TSV, JSON or JSON Lines, chunk by chunk, flushing as it goes."""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from functools import cache
from typing import Protocol, TextIO


class Writer(Protocol):
    """Receives the column names once, then rows of already formatted cells."""

    def start(self, columns: Sequence[str]) -> None: ...

    def write(self, rows: Sequence[Sequence[str]]) -> None: ...

    def finish(self) -> None: ...


class DelimitedWriter:
    """CSV (RFC 4180 quoting) or TSV."""

    def __init__(self, out: TextIO, delimiter: str, header: bool) -> None:
        self.out = out
        self.header = header
        self.delimiter = delimiter
        self.csv = csv.writer(out, delimiter=delimiter, lineterminator="\n")

    def start(self, columns: Sequence[str]) -> None:
        if self.header:
            self.csv.writerow(columns)

    def write(self, rows: Sequence[Sequence[str]]) -> None:
        if not rows:
            return
        # Joining is 5x faster than csv.writer; it is right when no cell needs quoting, which a
        # count of delimiters, quotes and line breaks in the joined text proves.
        text = "\n".join(map(self.delimiter.join, rows)) + "\n"
        separators = len(rows) * (len(rows[0]) - 1)
        if text.count(self.delimiter) == separators and text.count("\n") == len(rows) and '"' not in text \
                and "\r" not in text:
            self.out.write(text)
        else:
            self.csv.writerows(rows)
        self.out.flush()

    def finish(self) -> None:
        self.out.flush()


class JsonWriter:
    """One JSON array of objects (`lines=False`) or one object per line (`lines=True`)."""

    def __init__(self, out: TextIO, lines: bool) -> None:
        self.out = out
        self.lines = lines
        self.columns: Sequence[str] = ()
        self.count = 0

    def start(self, columns: Sequence[str]) -> None:
        import json  # here, not at the top: CSV and tables, the common outputs, start 1 ms sooner

        self.columns = [json.dumps(c) for c in columns]
        if not self.lines:
            self.out.write("[")

    def write(self, rows: Sequence[Sequence[str]]) -> None:
        parts = []
        for row in rows:
            record = "{" + ", ".join(f"{k}: {json_cell(v)}" for k, v in zip(self.columns, row, strict=False)) + "}"
            if self.lines:
                parts.append(record + "\n")
            else:
                parts.append(("\n  " if self.count == 0 else ",\n  ") + record)
            self.count += 1
        self.out.write("".join(parts))
        self.out.flush()

    def finish(self) -> None:
        if not self.lines:
            self.out.write("\n]\n" if self.count else "]\n")
        self.out.flush()


def json_cell(text: str) -> str:
    """A cell as a JSON value: a number when it is written as one, else a string (nan, inf, text)."""
    if _json_number().fullmatch(text):
        return text
    import json

    return json.dumps(text)


@cache
def _json_number() -> re.Pattern[str]:
    return re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?")
