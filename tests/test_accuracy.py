"""Every value and derivative against mpmath, in ULP, on the grid of actcli.accuracy and on seeded
random points between its points."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import actcli
from actcli.accuracy import ulp_errors

# Each entry's examples exercise its formulas with non-default parameters too.
SPECS = [spec for d in actcli.definitions() if not d.vector for spec in (d.name, *d.examples)]
# float32: correctly rounded, allowing for the rare double rounding of a float64 result that
# lies within a few float64 ULP of a float32 tie.
LIMITS = {"float64": 4.0, "float32": 0.5 + 2.0**-20}
SPEC_PARAMS = [pytest.param(spec, marks=pytest.mark.xdist_group(spec)) for spec in SPECS]


def assert_within_limit(spec: str, order: int, dtype: str, xs: np.ndarray, exact: list[Any]) -> None:
    """Evaluated as one array and point by point: some formulas choose a path per block of the
    input (one large element sends the whole block to the general path), so both must hold."""
    activation = actcli.get(spec)
    if order == 2 and activation.definition.grad2 is None:
        pytest.skip(f"{spec} has no second derivative")
    evaluate = activation.derivative(order)
    for how, computed in (("as one array", evaluate(xs, dtype=dtype)),
                          ("point by point", np.array([evaluate(x, dtype=dtype) for x in xs]))):
        errors = ulp_errors(computed, exact, dtype)
        worst = int(np.argmax(errors))
        assert errors[worst] <= LIMITS[dtype], (
            f"{spec} order {order} in {dtype}, {how}: {errors[worst]:.3g} ULP at x={xs[worst]!r} "
            f"(got {computed[worst]!r}, exact {exact[worst]})"
        )


@pytest.mark.parametrize("dtype", list(LIMITS))
@pytest.mark.parametrize("order", [0, 1, 2])
@pytest.mark.parametrize("spec", SPEC_PARAMS)
def test_ulp_error_within_limit(spec: str, order: int, dtype: str, exact_reference) -> None:
    assert_within_limit(spec, order, dtype, *exact_reference(spec, order, dtype))


@pytest.mark.parametrize("order", [0, 1, 2])
@pytest.mark.parametrize("spec", SPEC_PARAMS)
def test_ulp_error_within_limit_between_grid_points(spec: str, order: int, random_exact) -> None:
    assert_within_limit(spec, order, "float64", *random_exact(spec, order))
