"""Shared fixtures: mpmath references are computed once per test session and reused."""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
import pytest
from numpy.typing import NDArray

import actcli
from actcli.accuracy import exact_values, one_sided_differ, standard_grid


@cache
def reference(spec: str, order: int, dtype: str) -> tuple[NDArray[np.float64], list[Any]]:
    """Grid points for `spec` in `dtype` and the exact value or derivative at each.

    Where the derivative of this order is undefined (one-sided derivatives differ at a
    breakpoint) the point is left out: its value there is a convention, tested on its own."""
    activation = actcli.get(spec)
    breakpoints = activation.definition.breakpoints_for(activation.params)
    xs = standard_grid(dtype, breakpoints)
    if order:
        undefined = [b for b in breakpoints if one_sided_differ(activation, b, order)]
        xs = xs[~np.isin(xs, undefined)]
    return xs, exact_values(activation, list(xs), order)


@pytest.fixture(scope="session")
def exact_reference() -> Any:
    return reference
