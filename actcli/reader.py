"""Reading input numbers: plain lists (whitespace, comma or newline separated) and CSV/TSV with a
header, in chunks so that any size streams in constant memory."""

import math
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO, NamedTuple

import numpy as np
from numpy.typing import NDArray

from actcli.errors import InputError
from actcli.tokens import is_number

CHUNK_LINES = 65536
BLOCK_BYTES = 8 << 20
# Bytes a chunk of plain numbers may hold; anything else sends it to the slow path for the error.
_NUMBER_BYTES = b"0123456789.eE+-infatyINFATY \t\r\n,"


class Chunk(NamedTuple):
    """A block of input: the numbers, and for CSV input the fields of each row to pass through."""

    x: NDArray[np.float64]
    rows: list[list[str]] | None = None


class Block(NamedTuple):
    """Whole lines of raw input, the number of the first, and whether more input follows it
    (the input is a stream, not a few numbers that fit in one read)."""

    data: bytes
    line: int
    more: bool = False


class Source(NamedTuple):
    """Where the numbers come from: the pass-through column names (CSV) and the chunks."""

    name: str
    x_name: str
    chunks: Iterator[Chunk]
    columns: list[str] = []  # noqa: RUF012 (a NamedTuple default; never mutated)
    # Plain numeric input also offers its raw blocks, for an engine that parses them itself, and
    # says whether more than one block's worth arrived at once (a stream worth a faster engine).
    blocks: Iterator[Block] | None = None
    more: bool = False

    @property
    def tabular(self) -> bool:
        return bool(self.columns)


def parse_number(token: str, where: str) -> float:
    """One number as typed by the user; `where` says where it came from for the error message."""
    if not is_number(token):
        raise InputError(f"{where}: {token!r} is not a number")
    return float(token)


def tokens(line: str) -> Iterator[tuple[int, str]]:
    """(column, token) for each run of characters between whitespace and commas; columns from 1."""
    start = None
    for index, character in enumerate(line + " "):
        separator = character.isspace() or character == ","
        if separator and start is not None:
            yield start + 1, line[start:index]
            start = None
        elif not separator and start is None:
            start = index


def from_values(values: Iterable[str]) -> Source:
    """Numbers given as command-line arguments (each may itself hold commas)."""
    numbers = [parse_number(token, f"argument {position}")
               for position, value in enumerate(values, start=1) for _, token in tokens(value)]
    return Source("arguments", "x", iter([Chunk(np.array(numbers, dtype=np.float64))]))


def from_range(start: float, stop: float, num: int | None, step: float | None) -> Source:
    """Evenly spaced numbers from start to stop inclusive, by count or by step, made chunk by chunk."""
    if not (math.isfinite(start) and math.isfinite(stop)):
        raise InputError(f"--range needs finite START and STOP, not {start:g} and {stop:g}")
    if step is not None:
        if step == 0 or not np.isfinite(step):
            raise InputError("--step must be a finite, non-zero number")
        steps = (stop - start) / step  # may overflow to ±inf: refused below, as too many points
        if steps < 0:
            raise InputError(f"--step {step:g} never gets from {start:g} to {stop:g}")
        if steps >= 2.0**62:
            raise InputError(f"--step {step:g} from {start:g} to {stop:g} makes more points than can be counted")
        count = int(np.floor(steps * (1 + 1e-12))) + 1
        return Source("range", "x", _range_chunks(count, lambda i: start + i * step))
    count = 11 if num is None else num
    if count < 1:
        raise InputError(f"--num must be at least 1, not {count}")
    if count == 1:
        return Source("range", "x", iter([Chunk(np.array([start], dtype=np.float64))]))
    span = stop - start
    if not math.isfinite(span):  # beyond float64's range: weigh the two ends instead
        return Source("range", "x", _range_chunks(
            count, lambda i: start * (1.0 - i / (count - 1)) + stop * (i / (count - 1))))
    # i/(n-1) first keeps the end points exact, as numpy.linspace does.
    return Source("range", "x", _range_chunks(count, lambda i: start + span * (i / (count - 1))))


def _range_chunks(count: int, point: Callable[[NDArray[np.float64]], NDArray[np.float64]]) -> Iterator[Chunk]:
    for first in range(0, count, CHUNK_LINES):
        indices = np.arange(first, min(count, first + CHUNK_LINES), dtype=np.float64)
        yield Chunk(np.asarray(point(indices), dtype=np.float64))


def from_stream(stream: BinaryIO, name: str, column: str | None) -> Source:
    """Numbers read from a byte stream: a plain list, or CSV/TSV when the first line is a header."""
    blocks = read_blocks(stream, name)
    first = next(blocks, None)
    while first is not None and not first.data.strip():
        first = next(blocks, None)
    if first is None:
        raise InputError(f"{name}: no numbers in the input")
    text = decode(first, name)
    lead = len(text) - len(text.lstrip())
    skipped = text.count("\n", 0, lead)
    header_line = text[lead:].split("\n", 1)[0].rstrip("\r")
    if _is_header(header_line):
        end = first.data.find(b"\n", len(text[:lead].encode()))
        rest = Block(first.data[end + 1:] if end >= 0 else b"", first.line + skipped + 1)
        return _csv_source(header_line, _chain(rest, blocks), name, column)
    if column is not None:
        raise InputError(f"{name}: --column needs a header line naming the columns (or use cut -d, -fN)")
    plain = _chain(first, blocks)
    return Source(name, "x", (Chunk(parse_plain(block, name)) for block in plain), blocks=plain,
                  more=first.more)


def read_blocks(stream: BinaryIO, name: str, limit: int = BLOCK_BYTES) -> Iterator[Block]:
    """The stream in blocks of whole lines: up to `limit` bytes, but no more than is ready, so a
    slow producer's lines flow through at once while a fast one's arrive in large blocks.
    A file is closed when its blocks run out or reading stops early; stdin is left open."""
    try:
        yield from _blocks(stream, name, limit)
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()


def _blocks(stream: BinaryIO, name: str, limit: int) -> Iterator[Block]:
    pending = b""
    line = 1
    first = True
    while True:
        parts = [pending]
        size = len(pending)
        eof = False
        while size < limit:
            data = stream.read1(limit - size) if hasattr(stream, "read1") else stream.read(limit - size)
            if not data:
                eof = True
                break
            parts.append(data)
            size += len(data)
            if not _more_ready(stream):
                break
        buffer = b"".join(parts)
        if first and buffer.startswith(b"\xef\xbb\xbf"):
            buffer = buffer[3:]
        first = False
        cut = len(buffer) if eof else buffer.rfind(b"\n") + 1
        if cut == 0 and len(buffer) >= limit:
            raise InputError(f"{name}, line {line}: a line longer than {limit >> 20} MiB is not a number")
        if cut:
            yield Block(buffer[:cut], line, more=not eof)
            line += buffer.count(b"\n", 0, cut)
        pending = buffer[cut:]
        if eof:
            return


def _more_ready(stream: BinaryIO) -> bool:
    """Whether reading `stream` again would return at once (True when it cannot tell)."""
    try:
        descriptor = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return True
    import select

    try:
        return bool(select.select([descriptor], [], [], 0)[0])
    except (OSError, ValueError):
        return True


def decode(block: Block, name: str) -> str:
    """The block as text, or an error naming the line and column of the first bad byte."""
    try:
        text = block.data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _position(block, error.start)
        raise InputError(f"{name}, line {line}, column {column}: not UTF-8 text") from None
    if "\x00" in text:
        line, _ = _position(block, block.data.index(b"\x00"))
        raise InputError(f"{name}, line {line}: binary data, not text")
    return text


def _position(block: Block, offset: int) -> tuple[int, int]:
    line = block.line + block.data.count(b"\n", 0, offset)
    return line, offset - (block.data.rfind(b"\n", 0, offset) + 1) + 1


def _chain(first: Block, rest: Iterator[Block]) -> Iterator[Block]:
    yield first
    yield from rest


def _is_header(line: str) -> bool:
    """A header names columns: none of its fields is a number (a bad token in data is an error)."""
    fields = line.split("\t") if "\t" in line else [token for _, token in tokens(line)]
    return not any(is_number(field) for field in fields)


def parse_plain(block: Block, name: str) -> NDArray[np.float64]:
    """Every number in a block of plain input (separated by whitespace, commas or newlines)."""
    if not block.data.translate(None, _NUMBER_BYTES):
        try:
            return np.array(block.data.replace(b",", b" ").split(), dtype=np.float64)
        except ValueError:
            pass
    # Slow path: find the first bad token, with its line and column.
    numbers: list[float] = []
    for number, line in enumerate(decode(block, name).split("\n"), start=block.line):
        for column, token in tokens(line):
            numbers.append(parse_number(token, f"{name}, line {number}, column {column}"))
    return np.array(numbers, dtype=np.float64)


def _csv_source(header_line: str, blocks: Iterator[Block], name: str, column: str | None) -> Source:
    delimiter = "\t" if "\t" in header_line else ","
    columns = [c.strip() for c in _split(header_line, delimiter)]
    index = _pick_column(columns, column, name)
    return Source(name, columns[index], _csv_chunks(blocks, name, delimiter, columns, index), columns)


def _pick_column(columns: list[str], column: str | None, name: str) -> int:
    duplicates = sorted({c for c in columns if columns.count(c) > 1})
    if column is None:
        if len(columns) == 1:
            return 0
        raise InputError(f"{name} has {len(columns)} columns ({', '.join(columns)}); "
                         "choose one with --column NAME or a 1-based index")
    if column in columns:
        if column in duplicates:
            raise InputError(f"{name}: column {column!r} appears more than once; choose it by its 1-based index")
        return columns.index(column)
    if column.isdigit() and 1 <= int(column) <= len(columns):
        return int(column) - 1
    raise InputError(f"{name} has no column {column!r} (columns: {', '.join(columns)})")


def _split(line: str, delimiter: str) -> list[str]:
    if '"' not in line:
        return line.split(delimiter)
    import csv

    return next(csv.reader([line], delimiter=delimiter))


def _csv_chunks(blocks: Iterator[Block], name: str, delimiter: str, columns: list[str],
                index: int) -> Iterator[Chunk]:
    for block in blocks:
        rows: list[list[str]] = []
        numbers: list[float] = []
        lines = decode(block, name).split("\n")
        for number, line in enumerate(lines, start=block.line):
            if not line.strip():
                continue
            fields = _split(line.rstrip("\r"), delimiter)
            if len(fields) != len(columns):
                raise InputError(f"{name}, line {number}: expected {len(columns)} fields, found {len(fields)}")
            numbers.append(parse_number(fields[index], f"{name}, line {number}, column {columns[index]!r}"))
            rows.append(fields)
        if rows:
            yield Chunk(np.array(numbers, dtype=np.float64), rows)
