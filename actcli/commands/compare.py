"""`compare`: several functions side by side: values, properties, pairwise differences, and
optionally the same functions in PyTorch or JAX. The measuring is done by actcli.comparison and
actcli.against; this module picks the inputs and renders the tables."""

from __future__ import annotations

import io
import json
import math
import sys
from collections.abc import Sequence
from typing import Any

import numpy as np

import actcli
from actcli import comparison
from actcli.activation import Activation
from actcli.commands.output import cells, default_format, make_writer
from actcli.commands.pointwise import open_source
from actcli.definition import Convention
from actcli.dtypes import round_to
from actcli.errors import ActcliError, InputError
from actcli.numfmt import format_compact, round_significant
from actcli.reader import Chunk, from_range, from_stream
from actcli.tokens import is_number
from actcli.writers import json_cell

TABLES = ("values", "properties", "differences", "against")  # in the order they are printed
DEFAULT_ROWS = 11  # rows of the values table when no inputs are given at all
LOCATION_DIGITS = 7  # significant digits of measured locations and ranges shown on the terminal


def run(arguments: tuple[str, ...], *, grad: bool, convention: Convention, table: str | None,
        against: str | None, plot_path: str | None, x_range: tuple[float, float] | None, num: int | None,
        step: float | None, input_path: str | None, column: str | None, dtype: str,
        output_format: str | None, no_header: bool, digits: int) -> None:
    """Compare the functions named in `arguments` (followed by any values) and print the tables."""
    specs, values = split_arguments(arguments)
    activations = _activations(specs)
    if against is not None:
        from actcli.against import require

        require(against, f"--against {against}")
    if plot_path is not None:
        _check_plot_path(plot_path)
    chosen = output_format or default_format()
    tables = _tables(table, chosen, against)
    chunks, columns = _inputs(values, x_range, num, step, input_path, column)
    x = np.concatenate([c.x for c in chunks]) if chunks else np.array([], dtype=np.float64)
    interval = _interval(x_range, x)
    points = max(comparison.ANALYSIS_POINTS, num or 0) if x_range is not None else comparison.ANALYSIS_POINTS
    order = 1 if grad else 0
    results = _Results(activations, interval, points, order, convention, dtype)
    sections: dict[str, Any] = {}
    if "values" in tables:
        sections["values"] = _values_table(activations, chunks, columns, order, convention, dtype)
    if "properties" in tables:
        sections["properties"] = [comparison.properties(a, interval, points, convention) for a in activations]
    if "differences" in tables:
        sections["differences"] = results.differences()
    if "against" in tables and against is not None:
        from actcli.against import Library, check

        library: Library = "jax" if against == "jax" else "torch"
        sections["against"] = check(library, activations, comparison.grid(*interval, points), dtype)
    if plot_path is not None:
        _plot(activations, interval, order, plot_path)
    _render(sections, results, chosen, not no_header, digits)


def split_arguments(arguments: Sequence[str]) -> tuple[list[str], tuple[str, ...]]:
    """FUNC... then VALUES...: everything before the first number names a function."""
    first = next((i for i, token in enumerate(arguments) if _numbers(token)), len(arguments))
    specs, values = list(arguments[:first]), tuple(arguments[first:])
    if not specs:
        raise InputError("name at least one function to compare before the values")
    for token in values:
        if not _numbers(token):
            raise InputError(f"{token!r} is not a number: give the functions first, then the values")
    return specs, values


def _numbers(token: str) -> bool:
    parts = token.replace(",", " ").split()
    return bool(parts) and all(is_number(part) for part in parts)


def _activations(specs: Sequence[str]) -> list[Activation]:
    activations = [actcli.get(spec) for spec in specs]
    seen: set[str] = set()
    for activation in activations:
        if activation.vector:
            raise ActcliError(f"{activation.name} acts on a whole vector; compare takes element-wise functions")
        if activation.spec in seen:
            raise ActcliError(f"{activation.spec} is given twice")
        seen.add(activation.spec)
    return activations


def _tables(table: str | None, chosen_format: str, against: str | None) -> tuple[str, ...]:
    """Which tables to print: all of them for people and JSON, one for CSV/TSV (the values, or
    the library check when --against is given) unless --table says otherwise."""
    if table == "all":
        return tuple(t for t in TABLES if t != "against" or against is not None)
    if table is not None:
        if table == "against" and against is None:
            raise InputError("--table against needs --against torch|jax")
        return (table,)
    if chosen_format in ("csv", "tsv"):
        return ("against",) if against is not None else ("values",)
    return tuple(t for t in TABLES if t != "against" or against is not None)


def _inputs(values: tuple[str, ...], x_range: tuple[float, float] | None, num: int | None, step: float | None,
            input_path: str | None, column: str | None) -> tuple[list[Chunk], list[str]]:
    """The input chunks and the pass-through CSV columns; with no input at all (nothing given,
    nothing piped in), DEFAULT_ROWS points across the default interval."""
    if not values and x_range is None and input_path is None:
        # compare reads all of its input anyway: reading standard input whole first lets an
        # empty one (a script, `< /dev/null`) mean "no input" rather than an error.
        piped = b"" if sys.stdin.isatty() else sys.stdin.buffer.read()
        if not piped.strip():
            if num is not None or step is not None:
                raise InputError("--num and --step go with --range START STOP")
            if column is not None:
                raise InputError("--column applies to CSV input from --input or standard input")
            source = from_range(*comparison.DEFAULT_INTERVAL, DEFAULT_ROWS, None)
        else:
            source = from_stream(io.BytesIO(piped), "stdin", column)
    else:
        source = open_source(values, x_range, num, step, input_path, column)
    return list(source.chunks), source.columns


def _interval(x_range: tuple[float, float] | None, x: np.ndarray[Any, Any]) -> tuple[float, float]:
    """--range, else the span of the inputs, else the default; never a single point."""
    if x_range is not None:
        lo, hi = sorted(x_range)
    else:
        finite = x[np.isfinite(x)]
        lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 0.0)
    if lo == hi or not (math.isfinite(lo) and math.isfinite(hi)):
        return comparison.DEFAULT_INTERVAL
    return lo, hi


class _Results:
    """What the tables are measured on, and the pairwise differences when asked."""

    def __init__(self, activations: list[Activation], interval: tuple[float, float], points: int, order: int,
                 convention: Convention, dtype: str) -> None:
        self.activations = activations
        self.interval = interval
        self.points = points
        self.order = order
        self.convention = convention
        self.dtype = dtype

    def differences(self) -> list[comparison.Difference]:
        from itertools import combinations

        return [comparison.difference(a, b, self.interval, self.points, self.order, self.convention)
                for a, b in combinations(self.activations, 2)]

    @property
    def where(self) -> str:
        lo, hi = self.interval
        return f"[{format_compact(lo)}, {format_compact(hi)}]"


def _values_table(activations: list[Activation], chunks: list[Chunk], columns: list[str], order: int,
                  convention: Convention, dtype: str) -> tuple[list[str], list[list[str]]]:
    """Column names and rows of cells: x (or the CSV's own columns), then one column per function."""
    labels = [a.spec + "'" * order for a in activations]
    x = np.concatenate([c.x for c in chunks]) if chunks else np.array([], dtype=np.float64)
    results = [cells(a.grad(x, dtype=dtype, convention=convention) if order else a(x, dtype=dtype), dtype)
               for a in activations]
    if columns:
        lead = [row for c in chunks for row in (c.rows or [])]
        return [*columns, *labels], [[*row, *rest] for row, *rest in zip(lead, *results, strict=True)]
    return ["x", *labels], [list(row) for row in zip(cells(round_to(x, dtype), dtype), *results, strict=True)]


# --- plain data for each table: keys for CSV headers and JSON, typed values for JSON -----------

def _tidy(value: float, width: float) -> float:
    """A measured location rounded to its precision (a billionth of the interval's width)."""
    if not (math.isfinite(value) and math.isfinite(width) and width > 0):
        return value
    step = 10.0 ** (math.floor(math.log10(width)) - 9)
    return float(f"{round(value / step) * step:.12g}") + 0.0  # + 0.0 turns -0.0 into 0.0


def _spans(spans: Sequence[comparison.Span], width: float) -> list[list[float]]:
    return [[_tidy(s.lo, width), _tidy(s.hi, width)] for s in spans]


def _property_records(found: list[comparison.Properties]) -> list[dict[str, Any]]:
    records = []
    for p in found:
        width = p.interval[1] - p.interval[0]
        records.append({
            "function": p.spec,
            "min": p.minimum,
            "max": p.maximum,
            "range": str(p.output_range),
            "value_at_0": p.value_at_0,
            "slope_at_0": p.slope_at_0,
            "kink_at_0": p.kink_at_0,
            "max_abs_slope": p.max_slope,
            "max_abs_slope_at": _spans(p.max_slope_at, width),
            "saturates": _spans(p.saturates, width),
            "monotonic": p.monotonic,
            "bounded": p.bounded,
            "zero_centred": p.zero_centred,
            "smoothness": p.smoothness,
            "kinks": list(p.kinks),
            "measured_cost_ns": p.cost_ns,
        })
    return records


def _difference_records(found: list[comparison.Difference], width: float) -> list[dict[str, Any]]:
    return [{"first": d.first, "second": d.second, "max_abs_diff": d.max_abs, "at": _tidy(d.at, width),
             "mean_abs_diff": d.mean_abs} for d in found]


def _against_record(report: Any) -> dict[str, Any]:
    return {
        "library": report.library,
        "version": report.version,
        "dtype": report.dtype,
        "points": report.points,
        "functions": [{
            "function": c.spec,
            "library_function": c.function,
            "max_ulp": c.max_ulp,
            "max_ulp_at": c.max_ulp_at,
            "max_abs_diff": c.max_abs,
            "grad_max_ulp": c.grad_max_ulp,
            "grad_max_ulp_at": c.grad_max_ulp_at,
            "kinks": [{"x": k.x, "torch": k.torch, "jax": k.jax, "measured": k.measured, "expected": k.expected,
                       "conventions_differ": k.conventions_differ, "agrees": k.agrees} for k in c.kinks],
            "note": c.note,
        } for c in report.checks],
    }


# --- rendering ---------------------------------------------------------------------------------

def _render(sections: dict[str, Any], results: _Results, chosen: str, header: bool, digits: int) -> None:
    if chosen in ("json", "jsonl"):
        _render_json(sections, results, chosen == "jsonl")
        return
    out = sys.stdout
    first = True
    for name, section in sections.items():
        if chosen == "table" and name == "differences" and not section:
            continue  # one function: no pairs
        if not first:
            out.write("\n")
        first = False
        caption = None if results.dtype == "float64" or name != "values" else results.dtype
        if chosen == "table":
            from rich.text import Text

            from actcli.table import make_console

            make_console(out).print(Text(_title(name, section, results), style="bold"))
        columns, rows = _text_table(name, section, results, chosen == "table", digits)
        writer = make_writer(chosen, header=header, digits=digits, caption=caption, out=out)
        writer.start(columns)
        writer.write(rows)
        writer.finish()


def _title(name: str, section: Any, results: _Results) -> str:
    points = f"{results.points} points" + ("" if results.dtype == "float64" else ", in float64")
    if name == "values":
        if results.order:
            return f"Derivatives ({results.convention}'s value at kinks)"
        return "Values"
    if name == "properties":
        return f"Properties on {results.where} ({points}; cost measured)"
    if name == "differences":
        what = "derivatives" if results.order else "values"
        return f"Differences of the {what} on {results.where} ({points})"
    from actcli.against import PRETTY

    return (f"Against {PRETTY[section.library]} {section.version}: ULP of {section.dtype} at actcli's value, "
            f"{section.points} points on {results.where}; derivatives by autograd, {section.library}'s kink "
            "convention")


def _text_table(name: str, section: Any, results: _Results, person: bool,
                digits: int) -> tuple[list[str], list[list[str]]]:
    if name == "values":
        columns, rows = section
        return columns, rows
    width = results.interval[1] - results.interval[0]
    if name == "properties":
        return _properties_text(_property_records(section), results, person, digits)
    if name == "differences":
        records = _difference_records(section, width)
        bars = "|f'-g'|" if results.order else "|f-g|"
        names = (["f", "g", f"max {bars}", "at x", f"mean {bars}"] if person else list(records[0]) if records
                 else ["first", "second", "max_abs_diff", "at", "mean_abs_diff"])
        return names, [[r["first"], r["second"], _number(r["max_abs_diff"]), _number(r["at"]),
                        _number(r["mean_abs_diff"])] for r in records]
    return _against_text(_against_record(section), person)


def _properties_text(records: list[dict[str, Any]], results: _Results, person: bool,
                     digits: int) -> tuple[list[str], list[list[str]]]:
    if not person:
        keys = ["function", "min", "max", "range", "value_at_0", "slope_at_0", "kink_at_0", "max_abs_slope",
                "max_abs_slope_at", "saturates", "monotonic", "bounded", "zero_centred", "smoothness", "kinks",
                "measured_cost_ns"]
        return keys, [[_cell(r[k], digits=17) for k in keys] for r in records]
    # For people, one column per function and one row per property: it fits a terminal.

    def short(value: float) -> str:
        return _short(value, digits)

    def brief(value: float) -> str:
        return _short(value, min(digits, LOCATION_DIGITS))

    def spans(found: list[list[float]], none: str) -> str:
        return _spans_text(found, none, min(digits, LOCATION_DIGITS))

    rows: list[tuple[str, list[str]]] = [
        (f"range on {results.where}", [f"[{brief(r['min'])}, {brief(r['max'])}]" for r in records]),
        ("range overall", [r["range"] for r in records]),
        ("f(0)", [_number(r["value_at_0"]) for r in records]),
        ("f'(0)", [short(r["slope_at_0"]) + " (kink)" if r["kink_at_0"] else _number(r["slope_at_0"])
                   for r in records]),
        ("max |f'|", [_number(r["max_abs_slope"]) for r in records]),
        ("  where", [spans(r["max_abs_slope_at"], "-") for r in records]),
        (f"saturates (|f'| < {comparison.SATURATION_SLOPE:g})", [spans(r["saturates"], "no") for r in records]),
        ("monotonic", [_yes(r["monotonic"]) for r in records]),
        ("bounded", [_yes(r["bounded"]) for r in records]),
        ("zero-centred", [_yes(r["zero_centred"]) for r in records]),
        ("smoothness", [r["smoothness"] for r in records]),
        ("kinks", [", ".join(map(format_compact, r["kinks"])) or "none" for r in records]),
        ("cost, ns/element (measured)", [format_compact(float(f"{r['measured_cost_ns']:.2g}")) for r in records]),
    ]
    return ["property", *(r["function"] for r in records)], [[label, *texts] for label, texts in rows]


def _against_text(record: dict[str, Any], person: bool) -> tuple[list[str], list[list[str]]]:
    library = record["library"]
    if person:
        columns = ["function", library, "max ULP f", "at x", "max |Δf|", "max ULP f'", "at x",
                   "kinks where torch and jax differ"]
    else:
        columns = ["function", "library_function", "max_ulp", "max_ulp_at", "max_abs_diff", "grad_max_ulp",
                   "grad_max_ulp_at", "kinks"]
    rows = []
    for f in record["functions"]:
        if f["library_function"] is None:
            rows.append([f["function"], "-", "", "", "", "", "", f["note"]])
            continue
        rows.append([f["function"], f["library_function"], _ulp(f["max_ulp"]), _number(f["max_ulp_at"], ""),
                     _number(f["max_abs_diff"]), _ulp(f["grad_max_ulp"]), _number(f["grad_max_ulp_at"], ""),
                     _kinks_text(f["kinks"], library)])
    return columns, rows


def _kinks_text(kinks: list[dict[str, Any]], library: str) -> str:
    """The kinks where torch and jax disagree, and any where the library did not do what the
    registry says it does."""
    parts = []
    for k in kinks:
        x = format_compact(k["x"])
        if k["conventions_differ"]:
            parts.append(f"x={x}: torch {format_compact(k['torch'])}, jax {format_compact(k['jax'])}")
        if not k["agrees"]:
            parts.append(f"x={x}: {library} gives {format_compact(k['measured'])}, "
                         f"registry says {format_compact(k[library])}")
    return "; ".join(parts)


def _render_json(sections: dict[str, Any], results: _Results, lines: bool) -> None:
    width = results.interval[1] - results.interval[0]
    document: dict[str, Any] = {"interval": list(results.interval), "points": results.points,
                                "order": results.order, "dtype": results.dtype}
    for name, section in sections.items():
        if name == "values":
            columns, rows = section
            document["values"] = [{c: json.loads(json_cell(v)) for c, v in zip(columns, row, strict=True)}
                                  for row in rows]
        elif name == "properties":
            document["properties"] = _property_records(section)
        elif name == "differences":
            document["differences"] = _difference_records(section, width)
        else:
            document["against"] = _against_record(section)
    text = json.dumps(_finite(document), ensure_ascii=False, indent=None if lines else 2)
    sys.stdout.write(text + "\n")


def _finite(value: Any) -> Any:
    """JSON has no NaN or infinity: those become the strings 'nan', 'inf', '-inf' (as in eval)."""
    if isinstance(value, float) and not math.isfinite(value):
        return format_compact(value)
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


# --- cells -------------------------------------------------------------------------------------

def _number(value: float | None, missing: str = "nan") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value) and missing != "nan"):
        return missing
    return cells(np.array([value], dtype=np.float64), "float64")[0]


def _short(value: float, digits: int) -> str:
    text = _number(value)
    rounded = round_significant(text, value, digits) if math.isfinite(value) else text
    return format_compact(float(rounded))


def _spans_text(spans: list[list[float]], none: str, digits: int) -> str:
    if not spans:
        return none
    parts = [_short(lo, digits) if lo == hi else f"[{_short(lo, digits)}, {_short(hi, digits)}]" for lo, hi in spans]
    return ", ".join(parts)


def _cell(value: Any, digits: int) -> str:
    """A property as one CSV cell: numbers exact, booleans true/false, spans and lists as text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _number(value)
    if value is None:
        return ""
    if isinstance(value, list):
        if value and isinstance(value[0], list):
            return _spans_text(value, "", digits)
        return " ".join(_number(v) for v in value)
    return str(value)


def _ulp(value: float) -> str:
    return "inf" if math.isinf(value) else format_compact(value)


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _check_plot_path(path: str) -> None:
    """Refuse a figure that cannot be written before anything is computed or printed."""
    import os

    from actcli import plotting

    extension = os.path.splitext(path)[1].lstrip(".").lower()
    if extension not in plotting.FORMATS:
        raise InputError(f"--plot {path}: name the figure .png, .svg or .pdf")
    plotting.check_writable(path)


def _plot(activations: list[Activation], interval: tuple[float, float], order: int, path: str) -> None:
    """The overlay figure of `plot`: the functions (or, with --grad, their derivatives) on the interval."""
    from actcli import plotting

    curves = plotting.sample(activations, interval, plotting.DEFAULT_NUM, (order,))
    plotting.save(plotting.figure(curves), path)
