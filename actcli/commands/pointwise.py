"""`eval` and `grad`: read inputs, apply the function or a derivative, write the rows."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

import actcli
from actcli.activation import Activation
from actcli.commands.output import cells, make_writer
from actcli.definition import Convention
from actcli.dtypes import round_to
from actcli.errors import ActcliError, InputError
from actcli.numfmt import format_compact
from actcli.reader import Chunk, Source, from_range, from_stream, from_values
from actcli.writers import DelimitedWriter, Writer


def run(function: str, values: tuple[str, ...], *, order: int, convention: Convention, check: bool,
        x_range: tuple[float, float] | None, num: int | None, step: float | None, input_path: str | None,
        column: str | None, dtype: str, output_format: str | None, no_header: bool, digits: int) -> None:
    """Evaluate `function` (order 0) or its derivative on the inputs and write the result."""
    activation = actcli.get(function)
    if order == 2 and activation.definition.grad2 is None:
        raise ActcliError(f"{activation.name} has no second derivative in actcli")
    source = open_source(values, x_range, num, step, input_path, column)
    caption = None if dtype == "float64" else dtype
    writer = make_writer(output_format, header=not no_header, digits=digits, caption=caption)
    label = activation.spec + "'" * order
    compute = _derivative(activation, order, convention, dtype)
    if activation.vector:
        _write_vector(activation, source, compute, label, order, dtype, writer)
    elif _fast_engine_fits(source, dtype, writer, check):
        from actcli import fast_stream

        assert isinstance(writer, DelimitedWriter) and source.blocks is not None
        fast_stream.stream(source.blocks, source.name, compute, ("x", label), writer.delimiter, writer.header,
                           sys.stdout.buffer)
    else:
        _write_elementwise(activation, source, compute, label, order, check, dtype, writer)


def _fast_engine_fits(source: Source, dtype: str, writer: Writer, check: bool) -> bool:
    """Large plain float64 streams written as CSV/TSV go through polars when it is installed."""
    engine = os.environ.get("ACTCLI_ENGINE", "auto")  # python|polars: force one (for tests, benchmarks)
    if engine == "python" or not isinstance(writer, DelimitedWriter):
        return False
    if source.blocks is None or dtype != "float64" or check or not (source.more or engine == "polars"):
        return False
    from actcli import fast_stream

    return fast_stream.available()


def _derivative(activation: Activation, order: int, convention: Convention, dtype: str) -> Any:
    if order == 1:
        return lambda x: activation.grad(x, dtype=dtype, convention=convention)
    return lambda x: activation.derivative(order)(x, dtype=dtype)


def open_source(values: tuple[str, ...], x_range: tuple[float, float] | None, num: int | None,
                step: float | None, input_path: str | None, column: str | None) -> Source:
    """The one place the inputs come from, checking that only one was given."""
    given = [name for name, present in (("VALUES", bool(values)), ("--range", x_range is not None),
                                        ("--input", input_path is not None)) if present]
    if len(given) > 1:
        raise InputError(f"give the inputs one way, not with both {given[0]} and {given[1]}")
    if (num is not None or step is not None) and x_range is None:
        raise InputError("--num and --step go with --range START STOP")
    if num is not None and step is not None:
        raise InputError("give --num or --step, not both")
    if column is not None and values:
        raise InputError("--column applies to CSV input from --input or standard input")
    if values:
        return from_values(values)
    if x_range is not None:
        return from_range(x_range[0], x_range[1], num, step)
    if input_path is not None and input_path != "-":
        try:
            stream = open(input_path, "rb")  # noqa: SIM115 (read lazily, chunk by chunk, until exit)
        except FileNotFoundError:
            raise InputError(f"no such file: {input_path}") from None
        except IsADirectoryError:
            raise InputError(f"{input_path} is a directory, not a file") from None
        except PermissionError:
            raise InputError(f"no permission to read {input_path}") from None
        return from_stream(stream, input_path, column)
    if input_path is None and sys.stdin.isatty():
        raise InputError("no input: give VALUES, --range START STOP, --input FILE, or pipe numbers in")
    return from_stream(sys.stdin.buffer, "stdin", column)


def _write_elementwise(activation: Activation, source: Source, compute: Any, label: str, order: int,
                       check: bool, dtype: str, writer: Writer) -> None:
    columns = [*source.columns, label] if source.tabular else ["x", label]
    if check:
        columns += ["exact", "ulp"]
    started = False
    for chunk in source.chunks:
        if not started:  # only once the first chunk has parsed, so bad input prints nothing
            writer.start(columns)
            started = True
        result = compute(chunk.x)
        parts = [cells(result, dtype)]
        if check:
            parts += _check_columns(activation, chunk.x, result, order, dtype)
        writer.write(_rows(chunk, parts, dtype))
    if not started:
        writer.start(columns)
    writer.finish()


def _rows(chunk: Chunk, parts: list[list[str]], dtype: str) -> list[Sequence[str]]:
    if chunk.rows is not None:
        return [[*row, *extra] for row, *extra in zip(chunk.rows, *parts, strict=False)]
    return list(zip(cells(round_to(chunk.x, dtype), dtype), *parts, strict=False))


def _check_columns(activation: Activation, x: NDArray[np.float64], result: NDArray[Any], order: int,
                   dtype: str) -> list[list[str]]:
    """The mpmath derivative and the ULP difference; at a kink, where there is no derivative,
    the two one-sided ones instead."""
    from actcli.accuracy import exact_values, one_sided_derivatives, one_sided_differ, ulp_errors

    inputs = round_to(x, dtype).astype(np.float64)
    exact = exact_values(activation, list(inputs), order)
    exact_cells = cells(round_to(np.array([np.nan if e is None else float(e) for e in exact]), dtype), dtype)
    ulp_cells = [f"{e:.3g}" for e in ulp_errors(result, exact, dtype)]
    breakpoints = set(activation.definition.breakpoints_for(activation.params))
    for i, point in enumerate(inputs.tolist()):
        if point in breakpoints and one_sided_differ(activation, point, order):
            left, right = (format_compact(float(v)) for v in one_sided_derivatives(activation, point, order))
            exact_cells[i], ulp_cells[i] = f"left {left}, right {right}", ""
    return [exact_cells, ulp_cells]


def _write_vector(activation: Activation, source: Source, compute: Any, label: str, order: int,
                  dtype: str, writer: Writer) -> None:
    """A vector function sees all the input at once; its derivative is written as the Jacobian."""
    chunks = list(source.chunks)
    x = np.concatenate([c.x for c in chunks]) if chunks else np.array([], dtype=np.float64)
    if x.size == 0:
        raise InputError(f"{activation.name} needs at least one number")
    rows = [row for c in chunks for row in (c.rows or [])] if source.tabular else None
    result = compute(x)
    if order == 0 and result.size == x.size:
        whole = Source(source.name, source.x_name, iter([Chunk(x, rows)]), source.columns)
        _write_elementwise(activation, whole, lambda _: result, label, 0, False, dtype, writer)
        return
    if order:
        writer.start(["i", *(f"x{j}" for j in range(1, x.size + 1))])
        writer.write([[str(i), *cells(line, dtype)] for i, line in enumerate(result, start=1)])
    else:
        half = x.size // 2
        typed = cells(round_to(x, dtype), dtype)
        writer.start(["a", "b", label])
        writer.write([list(r) for r in zip(typed[:half], typed[half:], cells(result, dtype), strict=False)])
    writer.finish()
