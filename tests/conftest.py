"""Shared fixtures: mpmath references are computed once per test session and reused."""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
import pytest

import actcli
from actcli.accuracy import Reference, exact_jets, grid_references


@cache
def reference(spec: str, dtype: str) -> list[Reference]:
    """Grid points and exact values of `spec` in `dtype`, one Reference per derivative order."""
    return grid_references(spec, dtype)


@pytest.fixture(scope="session")
def exact_reference() -> Any:
    return lambda spec, order, dtype: reference(spec, dtype)[order]


@cache
def random_reference(spec: str) -> list[Reference]:
    """Seeded random points between the grid's (uniform on [-40, 40], log-uniform magnitudes from
    2^-30 to 2^12 of either sign) and the exact value and derivatives there: the grid is evenly
    spaced, and a formula fitted to it could miss what lies between."""
    rng = np.random.default_rng(sum(map(ord, spec)))
    magnitudes = np.exp2(rng.uniform(-30, 12, 128)) * rng.choice([-1.0, 1.0], 128)
    xs = np.sort(np.concatenate([rng.uniform(-40, 40, 384), magnitudes]))
    activation = actcli.get(spec)
    max_order = 2 if activation.definition.grad2 is not None else 1
    jets = exact_jets(activation, list(xs), max_order)
    return [Reference(xs, [jet[order] for jet in jets if jet is not None]) for order in range(max_order + 1)]


@pytest.fixture(scope="session")
def random_exact() -> Any:
    return lambda spec, order: random_reference(spec)[order]
