"""NaN in gives NaN out; ±inf give the mathematical limits; -0.0 keeps its sign for odd functions."""

from __future__ import annotations

import math

import numpy as np
import pytest

import actcli
from actcli.accuracy import exact_at

# Oscillating functions and derivatives have no limit at infinity: NaN is the honest answer.
NO_LIMIT = {
    ("sine", 0), ("sine", 1), ("sine", 2),
    ("snake", 1), ("snake", 2),
    ("gcu", 0), ("gcu", 1), ("gcu", 2),
}
SPECS = [spec for d in actcli.definitions() if not d.vector for spec in (d.name, *d.examples)]


def _orders(spec: str) -> list[int]:
    return [0, 1, 2] if actcli.get(spec).definition.grad2 is not None else [0, 1]


CASES = [(spec, order) for spec in SPECS for order in _orders(spec)]


@pytest.mark.parametrize(("spec", "order"), CASES)
def test_nan_gives_nan(spec: str, order: int) -> None:
    f = actcli.get(spec).derivative(order)
    assert np.isnan(f(np.array([math.nan]))[0])
    assert np.isnan(f(math.nan))


@pytest.mark.parametrize(("spec", "order"), CASES)
def test_infinities_give_limits(spec: str, order: int) -> None:
    activation = actcli.get(spec)
    got = activation.derivative(order)(np.array([-math.inf, math.inf]))
    if (activation.name, order) in NO_LIMIT:
        assert np.isnan(got).all()
        return
    # The limit, read off far beyond float64's range where every entry has settled.
    import mpmath

    want = [float(exact_at(activation, mpmath.mpf(far), order)) for far in ("-1e1000", "1e1000")]
    assert list(got) == want, f"{spec} order {order} at ∓inf: got {list(got)}, want {want}"


def _is_odd(spec: str) -> bool:
    activation = actcli.get(spec)
    probe = np.array([0.25, 1.5, 7.0])
    return bool(activation.definition.zero_centred and np.all(activation(probe) == -activation(-probe)))


@pytest.mark.parametrize("spec", [spec for spec in SPECS if _is_odd(spec)])
def test_negative_zero_keeps_sign_for_odd_functions(spec: str) -> None:
    assert math.copysign(1.0, actcli.get(spec)(-0.0)) == -1.0
