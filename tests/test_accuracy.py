"""Every value and derivative against mpmath, in ULP, on the grid of actcli.accuracy."""

from __future__ import annotations

import numpy as np
import pytest

import actcli
from actcli.accuracy import ulp_errors

# Each entry's examples exercise its formulas with non-default parameters too.
SPECS = [spec for d in actcli.definitions() if not d.vector for spec in (d.name, *d.examples)]
# float32: correctly rounded, allowing for the rare double rounding of a float64 result that
# lies within a few float64 ULP of a float32 tie.
LIMITS = {"float64": 4.0, "float32": 0.5 + 2.0**-20}


@pytest.mark.parametrize("dtype", list(LIMITS))
@pytest.mark.parametrize("order", [0, 1, 2])
@pytest.mark.parametrize("spec", [pytest.param(spec, marks=pytest.mark.xdist_group(spec)) for spec in SPECS])
def test_ulp_error_within_limit(spec: str, order: int, dtype: str, exact_reference) -> None:
    activation = actcli.get(spec)
    if order == 2 and activation.definition.grad2 is None:
        pytest.skip(f"{spec} has no second derivative")
    xs, exact = exact_reference(spec, order, dtype)
    computed = activation.derivative(order)(xs, dtype=dtype)
    errors = ulp_errors(computed, exact, dtype)
    worst = int(np.argmax(errors))
    assert errors[worst] <= LIMITS[dtype], (
        f"{spec} order {order} in {dtype}: {errors[worst]:.3g} ULP at x={xs[worst]!r} "
        f"(got {computed[worst]!r}, exact {exact[worst]})"
    )


@pytest.mark.parametrize("order", [0, 1, 2])
@pytest.mark.parametrize("spec", [pytest.param(spec, marks=pytest.mark.xdist_group(spec)) for spec in SPECS])
def test_ulp_error_within_limit_between_grid_points(spec: str, order: int, random_exact) -> None:
    activation = actcli.get(spec)
    if order == 2 and activation.definition.grad2 is None:
        pytest.skip(f"{spec} has no second derivative")
    xs, exact = random_exact(spec, order)
    computed = activation.derivative(order)(xs)
    errors = ulp_errors(computed, exact)
    worst = int(np.argmax(errors))
    assert errors[worst] <= LIMITS["float64"], (
        f"{spec} order {order}: {errors[worst]:.3g} ULP at x={xs[worst]!r} "
        f"(got {computed[worst]!r}, exact {exact[worst]})"
    )
