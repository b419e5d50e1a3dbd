"""Reading input numbers: plain lists (whitespace, comma or newline separated) and CSV/TSV with a
header, in chunks so that any size streams in constant memory."""

from __future__ import annotations

import csv
import io
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

import numpy as np
from numpy.typing import NDArray

from actcli.errors import InputError

CHUNK_LINES = 65536
_NUMBER = re.compile(r"[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf|infinity|nan)", re.IGNORECASE)
_TOKEN = re.compile(r"[^\s,]+")
# Bytes a chunk of plain numbers may hold; anything else sends it to the slow path for the error.
_NUMBER_BYTES = b"0123456789.eE+-infatyINFATY \t\r\n,"


@dataclass
class Chunk:
    """A block of input: the numbers, and for CSV input the fields of each row to pass through."""

    x: NDArray[np.float64]
    rows: list[list[str]] | None = None


@dataclass
class Source:
    """Where the numbers come from: the pass-through column names (CSV) and the chunks."""

    name: str
    x_name: str
    chunks: Iterator[Chunk]
    columns: list[str] = field(default_factory=list)

    @property
    def tabular(self) -> bool:
        return bool(self.columns)


def parse_number(token: str, where: str) -> float:
    """One number as typed by the user; `where` says where it came from for the error message."""
    if not _NUMBER.fullmatch(token.strip()):
        raise InputError(f"{where}: {token!r} is not a number")
    return float(token)


def from_values(values: Iterable[str]) -> Source:
    """Numbers given as command-line arguments (each may itself hold commas)."""
    numbers: list[float] = []
    for position, value in enumerate(values, start=1):
        for match in _TOKEN.finditer(value):
            numbers.append(parse_number(match.group(), f"argument {position}"))
    return Source("arguments", "x", iter([Chunk(np.array(numbers, dtype=np.float64))]))


def from_range(start: float, stop: float, num: int | None, step: float | None) -> Source:
    """Evenly spaced numbers from start to stop inclusive, by count or by step, made chunk by chunk."""
    if step is not None:
        if step == 0 or not np.isfinite(step):
            raise InputError("--step must be a finite, non-zero number")
        if (stop - start) / step < 0:
            raise InputError(f"--step {step:g} never gets from {start:g} to {stop:g}")
        count = int(np.floor((stop - start) / step * (1 + 1e-12))) + 1
        return Source("range", "x", _range_chunks(count, lambda i: start + i * step))
    count = 11 if num is None else num
    if count < 1:
        raise InputError(f"--num must be at least 1, not {count}")
    if count == 1:
        return Source("range", "x", iter([Chunk(np.array([start], dtype=np.float64))]))
    span = stop - start
    # i/(n-1) first keeps the end points exact, as numpy.linspace does.
    return Source("range", "x", _range_chunks(count, lambda i: start + span * (i / (count - 1))))


def _range_chunks(count: int, point: Callable[[NDArray[np.float64]], NDArray[np.float64]]) -> Iterator[Chunk]:
    for first in range(0, count, CHUNK_LINES):
        indices = np.arange(first, min(count, first + CHUNK_LINES), dtype=np.float64)
        yield Chunk(np.asarray(point(indices), dtype=np.float64))


def from_stream(stream: BinaryIO, name: str, column: str | None) -> Source:
    """Numbers read from a byte stream: a plain list, or CSV/TSV when the first line is a header."""
    lines = _decoded_lines(stream, name)
    first = next(lines, None)
    while first is not None and not first[0].strip():
        first = next(lines, None)
    if first is None:
        raise InputError(f"{name}: no numbers in the input")
    header_line, header_number = first
    if _is_header(header_line):
        return _csv_source(header_line, header_number, lines, name, column)
    if column is not None:
        raise InputError(f"{name}: --column needs a header line naming the columns (or use cut -d, -fN)")
    return Source(name, "x", _plain_chunks(_chain(first, lines), name))


def _chain(first: tuple[str, int], rest: Iterator[tuple[str, int]]) -> Iterator[tuple[str, int]]:
    yield first
    yield from rest


def _decoded_lines(stream: BinaryIO, name: str) -> Iterator[tuple[str, int]]:
    """(text, line number) for each line, BOM and CR removed, with a clear error for bad UTF-8.
    A file is closed when its lines run out or reading stops early; stdin is left open."""
    try:
        yield from _decode(stream, name)
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()


def _decode(stream: BinaryIO, name: str) -> Iterator[tuple[str, int]]:
    for number, raw in enumerate(stream, start=1):
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise InputError(f"{name}, line {number}, column {error.start + 1}: not UTF-8 text") from None
        if "\x00" in text:
            raise InputError(f"{name}, line {number}: binary data, not text")
        yield text.rstrip("\r\n").rstrip("\r"), number


def _is_header(line: str) -> bool:
    """A header names columns: none of its fields is a number (a bad token in data is an error)."""
    tokens = _TOKEN.findall(line) if "\t" not in line else line.split("\t")
    return not any(_NUMBER.fullmatch(token.strip()) for token in tokens)


def _plain_chunks(lines: Iterator[tuple[str, int]], name: str) -> Iterator[Chunk]:
    block: list[tuple[str, int]] = []
    for item in lines:
        block.append(item)
        if len(block) >= CHUNK_LINES:
            yield Chunk(_parse_plain_block(block, name))
            block = []
    if block:
        yield Chunk(_parse_plain_block(block, name))


def _parse_plain_block(block: list[tuple[str, int]], name: str) -> NDArray[np.float64]:
    text = "\n".join(line for line, _ in block)
    if not text.encode("ascii", "replace").translate(None, _NUMBER_BYTES):
        try:
            return np.array(text.replace(",", " ").split(), dtype=np.float64)
        except ValueError:
            pass
    # Slow path: find the first bad token, with its line and column.
    numbers: list[float] = []
    for line, number in block:
        for match in _TOKEN.finditer(line):
            numbers.append(parse_number(match.group(), f"{name}, line {number}, column {match.start() + 1}"))
    return np.array(numbers, dtype=np.float64)


def _csv_source(header_line: str, header_number: int, lines: Iterator[tuple[str, int]],
                name: str, column: str | None) -> Source:
    delimiter = "\t" if "\t" in header_line else ","
    columns = [c.strip() for c in _split(header_line, delimiter)]
    index = _pick_column(columns, column, name)
    return Source(name, columns[index], _csv_chunks(lines, name, delimiter, columns, index), columns)


def _pick_column(columns: list[str], column: str | None, name: str) -> int:
    duplicates = sorted({c for c in columns if columns.count(c) > 1})
    if column is None:
        if len(columns) == 1:
            return 0
        raise InputError(
            f"{name} has {len(columns)} columns ({', '.join(columns)}); choose one with --column NAME or a 1-based index"
        )
    if column in columns:
        if column in duplicates:
            raise InputError(f"{name}: column {column!r} appears more than once; choose it by its 1-based index")
        return columns.index(column)
    if column.isdigit() and 1 <= int(column) <= len(columns):
        return int(column) - 1
    raise InputError(f"{name} has no column {column!r} (columns: {', '.join(columns)})")


def _split(line: str, delimiter: str) -> list[str]:
    return next(csv.reader(io.StringIO(line), delimiter=delimiter))


def _csv_chunks(lines: Iterator[tuple[str, int]], name: str, delimiter: str, columns: list[str],
                index: int) -> Iterator[Chunk]:
    rows: list[list[str]] = []
    numbers: list[float] = []
    for line, number in lines:
        if not line.strip():
            continue
        fields = _split(line, delimiter)
        if len(fields) != len(columns):
            raise InputError(f"{name}, line {number}: expected {len(columns)} fields, found {len(fields)}")
        token = fields[index]
        numbers.append(parse_number(token, f"{name}, line {number}, column {columns[index]!r}"))
        rows.append(fields)
        if len(rows) >= CHUNK_LINES:
            yield Chunk(np.array(numbers, dtype=np.float64), rows)
            rows, numbers = [], []
    if rows:
        yield Chunk(np.array(numbers, dtype=np.float64), rows)
