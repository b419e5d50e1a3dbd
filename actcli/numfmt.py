"""Numbers as text: the shortest form that reads back to the same value of a given dtype."""

from __future__ import annotations

import math
from typing import Any

import numpy as np


def format_float(value: float) -> str:
    """Shortest round-trip text of a float64: '15.0', '0.00005', '1e-7', 'nan', '-inf'."""
    if value != value:
        return "nan"
    if value in (math.inf, -math.inf):
        return "inf" if value > 0 else "-inf"
    text = repr(float(value))
    if "e" not in text:
        return text
    magnitude = abs(value)
    if 1e-5 <= magnitude < 1e-4:
        return _positional(text)
    mantissa, exponent = text.split("e")
    return f"{mantissa}e{exponent[0]}{exponent[1:].lstrip('0')}"


def format_compact(value: float) -> str:
    """`format_float` without a trailing '.0', for text meant for people: labels, ranges, tables."""
    text = format_float(value)
    return text[:-2] if text.endswith(".0") else text


def _positional(scientific: str) -> str:
    """'5.4e-05' as '0.000054': Python's repr turns scientific a decade earlier than the layout we keep."""
    mantissa, exponent = scientific.split("e")
    sign = "-" if mantissa.startswith("-") else ""
    digits = mantissa.lstrip("-").replace(".", "")
    return f"{sign}0.{'0' * (-int(exponent) - 1)}{digits}"


def format_value(value: Any, dtype: str = "float64") -> str:
    """Shortest text that parses back to the same `dtype` value, in the layout of `format_float`
    (the layout polars writes, so that both output engines agree byte for byte)."""
    number = float(value)
    if dtype == "float64" or not math.isfinite(number) or number == 0:
        return format_float(number)
    if dtype == "bfloat16":
        # numpy's shortest-digit search does not know ml_dtypes' bfloat16; 8 bits need <= 4 digits.
        from actcli.dtypes import numpy_dtype

        bf16 = numpy_dtype("bfloat16")
        target = np.array(number, dtype=bf16)
        digits = next(d for d in range(1, 10) if np.array(float(f"{number:.{d - 1}e}"), dtype=bf16) == target)
        return _layout(f"{number:.{digits - 1}e}", number)
    scalar = np.dtype(dtype).type(number)
    return _layout(np.format_float_scientific(scalar, unique=True, trim="-"), number)


def _layout(scientific: str, number: float) -> str:
    """Lay out shortest digits given as 'd.ddde±X' like `format_float` does."""
    mantissa, exponent_text = scientific.split("e")
    exponent = int(exponent_text)
    magnitude = abs(number)
    if not 1e-5 <= magnitude < 1e16:
        return f"{mantissa}e{'-' if exponent < 0 else '+'}{abs(exponent)}"
    sign = "-" if mantissa.startswith("-") else ""
    digits = mantissa.lstrip("-").replace(".", "")
    if exponent < 0:
        return f"{sign}0.{'0' * (-exponent - 1)}{digits}"
    whole, fraction = digits[: exponent + 1], digits[exponent + 1:]
    return f"{sign}{whole.ljust(exponent + 1, '0')}.{fraction or '0'}"


def round_significant(text: str, value: float, digits: int) -> str:
    """`text` unless it has more than `digits` significant digits, else `value` rounded to them."""
    mantissa = text.split("e")[0]
    count = len(_significant_digits(mantissa))
    if count <= digits or not math.isfinite(value):
        return text
    return f"{value:.{digits}g}"


def _significant_digits(mantissa: str) -> str:
    digits = mantissa.lstrip("-").replace(".", "").lstrip("0")
    if "." in mantissa:
        return digits
    return digits.rstrip("0") or "0"
