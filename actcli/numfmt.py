"""Numbers as text: the shortest form that reads back to the same value of a given dtype."""

from __future__ import annotations

import math
from typing import Any

import numpy as np


def format_float(value: float) -> str:
    """Shortest round-trip text of a float64, without a trailing '.0' (15.0 -> '15')."""
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def format_value(value: Any, dtype: str = "float64") -> str:
    """Shortest text that parses back to the same `dtype` value, laid out like Python's repr."""
    number = float(value)
    if dtype == "float64" or not math.isfinite(number) or number == 0:
        return format_float(number)
    if dtype == "bfloat16":
        # numpy's shortest-digit search does not know ml_dtypes' bfloat16; 8 bits need <= 4 digits.
        from actcli.dtypes import numpy_dtype

        bf16 = numpy_dtype("bfloat16")
        target = np.array(number, dtype=bf16)
        for digits in range(1, 10):
            text = f"{number:.{digits - 1}e}"
            if np.array(float(text), dtype=bf16) == target:
                return format_float(float(text))
        return format_float(number)
    scalar = np.dtype(dtype).type(number)
    if 1e-4 <= abs(number) < 1e16:
        return np.format_float_positional(scalar, unique=True, trim="-")
    return np.format_float_scientific(scalar, unique=True, trim="-", exp_digits=2)


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
