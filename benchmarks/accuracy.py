"""Accuracy of every function and derivative against a 40-digit mpmath reference, in ULP.

Usage: python benchmarks/accuracy.py [--readme] [--jobs N] [--only NAME ...]

The grid is actcli.accuracy.standard_grid: 401 points evenly spaced over [-50, 50], 121 log-spaced
magnitudes of each sign from the smallest normal number to the largest finite one of the type, the
classic trouble spots (0, ±1e-300, ±20, ±30, ±40, ±710, ±1e154, ±1e308, the smallest subnormal,
...), and every kink and formula switch point with its two neighbours. Derivatives are compared
where they exist (not at the kinks themselves, whose value is a convention: see `actcli info`).

Prints a Markdown table of the maximum error per function and derivative in float64 (and its
median), float32, float16 and bfloat16 (actcli computes in float64 and rounds once; bars: 4 ULP in
float64, 0.5 in the others). Where PyTorch or JAX
is installed, their float64 maximum is added beside it (their functions, their autograd). With
--readme the table replaces the block between <!-- accuracy:start --> and <!-- accuracy:end -->
in README.md.
"""

from __future__ import annotations

import argparse
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

import actcli
from actcli.accuracy import grid_references, ulp_errors

README = Path(__file__).resolve().parent.parent / "README.md"
ORDERS = ("f", "f'", "f''")
DTYPES = ("float64", "float32", "float16", "bfloat16")


def other_library(library: str, spec: str, xs: np.ndarray, order: int) -> np.ndarray | None:
    """The library's float64 value or derivative at xs, or None where it has no such function."""
    try:
        from actcli import against
    except ImportError:
        return None
    if not against.available(library):  # type: ignore[arg-type]
        return None
    return against.library_values(library, actcli.get(spec), xs, order)  # type: ignore[arg-type]


def measure(spec: str) -> list[dict[str, Any]]:
    """One row per order: max and median ULP in float64 and float32, and other libraries' max."""
    activation = actcli.get(spec)
    references = {dtype: grid_references(spec, dtype) for dtype in DTYPES}
    rows = []
    for order in range(3 if activation.definition.grad2 is not None else 2):
        row: dict[str, Any] = {"function": spec, "order": ORDERS[order]}
        for dtype in DTYPES:
            xs, exact = references[dtype][order]
            errors = ulp_errors(activation.derivative(order)(xs, dtype=dtype), exact, dtype)
            row[dtype] = (float(errors.max()), float(np.median(errors)))
            if dtype == "float64":
                for library in ("torch", "jax"):
                    theirs = other_library(library, spec, xs, order)
                    row[library] = None if theirs is None else float(ulp_errors(theirs, exact, dtype).max())
        rows.append(row)
    return rows


def _ulp(value: float | None) -> str:
    if value is None:
        return "-"
    if value == 0:
        return "0"
    if value < 100:
        return f"{value:.2g}"
    return "inf" if value == float("inf") else f"{value:.1e}"


def table(rows: list[dict[str, Any]]) -> str:
    """The Markdown table, with the other libraries' columns only where one was measured."""
    libraries = [lib for lib in ("torch", "jax") if any(r.get(lib) is not None for r in rows)]
    header = (["function", "", "float64 max", "float64 median"] + [f"{dtype} max" for dtype in DTYPES[1:]]
              + [f"{lib} float64 max" for lib in libraries])
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for r in rows:
        cells = ([f"`{r['function']}`", r["order"], _ulp(r["float64"][0]), _ulp(r["float64"][1])]
                 + [_ulp(r[dtype][0]) for dtype in DTYPES[1:]] + [_ulp(r.get(lib)) for lib in libraries])
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readme", action="store_true", help="write the table into README.md")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--only", nargs="*", default=None)
    args = parser.parse_args()
    specs = args.only or [d.name for d in actcli.definitions() if not d.vector]
    with ProcessPoolExecutor(args.jobs) as pool:
        rows = [row for result in pool.map(measure, specs) for row in result]
    text = table(rows)
    worst = {dtype: _ulp(max(r[dtype][0] for r in rows)) for dtype in DTYPES}
    summary = (f"Worst over all {len(specs)} element-wise functions and their derivatives: "
               f"{worst['float64']} ULP in float64 (bar 4); " + ", ".join(
                   f"{worst[dtype]} in {dtype}" for dtype in DTYPES[1:]) + " (bar 0.5, correctly rounded).\n")
    print(text + "\n" + summary)
    if args.readme:
        block = re.compile(r"(<!-- accuracy:start -->\n).*?(<!-- accuracy:end -->)", re.DOTALL)
        readme = README.read_text()
        README.write_text(block.sub(lambda m: m.group(1) + text + "\n" + summary + m.group(2), readme))


if __name__ == "__main__":
    main()
