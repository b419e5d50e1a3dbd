"""Shared fixtures: mpmath references are computed once per test session and reused."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest

from actcli.accuracy import Reference, grid_references


@cache
def reference(spec: str, dtype: str) -> list[Reference]:
    """Grid points and exact values of `spec` in `dtype`, one Reference per derivative order."""
    return grid_references(spec, dtype)


@pytest.fixture(scope="session")
def exact_reference() -> Any:
    return lambda spec, order, dtype: reference(spec, dtype)[order]
