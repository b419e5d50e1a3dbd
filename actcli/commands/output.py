"""Choosing a writer for a format, and turning arrays into cells."""

from __future__ import annotations

import sys
from typing import Any, TextIO

import numpy as np
from numpy.typing import NDArray

from actcli.numfmt import format_float, format_value
from actcli.writers import DelimitedWriter, JsonWriter, Writer


def default_format(out: TextIO | None = None) -> str:
    """A table for a person at a terminal, CSV for a pipe or a file."""
    return "table" if (out or sys.stdout).isatty() else "csv"


def make_writer(output_format: str | None, header: bool = True, digits: int = 10,
                caption: str | None = None, out: TextIO | None = None) -> Writer:
    """The writer for `output_format` (None: the default for where stdout goes)."""
    stream = out or sys.stdout
    chosen = output_format or default_format(stream)
    if chosen == "table":
        from actcli.table import TableWriter

        return TableWriter(stream, header, digits, caption)
    if chosen in ("csv", "tsv"):
        return DelimitedWriter(stream, "," if chosen == "csv" else "\t", header)
    return JsonWriter(stream, lines=chosen == "jsonl")


def cells(values: NDArray[Any], dtype: str) -> list[str]:
    """Each value as the shortest text that reads back to it in `dtype`."""
    if dtype == "float64":
        numbers = np.asarray(values, dtype=np.float64)
        texts = list(map(repr, numbers.tolist()))
        # repr is already right but where it writes an exponent: mend only those.
        magnitude = np.abs(numbers)
        with np.errstate(invalid="ignore"):
            exponent = ((magnitude < 1e-4) | (magnitude >= 1e16)) & np.isfinite(numbers) & (numbers != 0)
        for i in np.flatnonzero(exponent).tolist():
            texts[i] = format_float(float(numbers[i]))
        return texts
    return [format_value(v, dtype) for v in values]
