"""Accuracy against arbitrary precision: mpmath references and errors measured in ULP.

mpmath is imported only here, and only when a reference is computed.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from actcli.activation import Activation

REFERENCE_DIGITS = 40
# mp.diff works at (precision + 2·ADDPREC)·(order + 1) bits; this keeps the rounding noise of
# the difference quotient below float64's smallest subnormal even where the exact derivative
# is 0 (a linear piece has second difference 0, but not after rounding).
ADDPREC = 300


@dataclass(frozen=True)
class FloatFormat:
    """The shape of a binary floating-point type: significand bits and exponent range."""

    bits: int
    min_exponent: int
    max_exponent: int

    def ulp(self, exponent: int) -> float:
        """Spacing of this type's numbers in the binade 2**exponent."""
        return math.ldexp(1.0, max(exponent, self.min_exponent) - (self.bits - 1))

    @property
    def largest(self) -> float:
        return math.ldexp(2.0 - math.ldexp(1.0, 1 - self.bits), self.max_exponent)

    @property
    def smallest_subnormal(self) -> float:
        return self.ulp(self.min_exponent)

    @property
    def smallest_normal(self) -> float:
        return math.ldexp(1.0, self.min_exponent)


FORMATS = {
    "float64": FloatFormat(53, -1022, 1023),
    "float32": FloatFormat(24, -126, 127),
    "float16": FloatFormat(11, -14, 15),
    "bfloat16": FloatFormat(8, -126, 127),
}


def standard_grid(dtype: str = "float64", extra: Iterable[float] = ()) -> NDArray[np.float64]:
    """The accuracy grid: dense on [-50, 50], log-spaced magnitudes to the edges of `dtype`,
    the classic trouble spots, and each point of `extra` (kinks, switch points) with its two
    neighbours; every point representable in `dtype`, sorted, finite."""
    fmt = FORMATS[dtype]
    exponents = np.linspace(fmt.min_exponent, fmt.max_exponent, 121).astype(int)
    magnitudes = np.ldexp(np.linspace(1.0, 1.9, 121), exponents)
    spots = [0.0, fmt.smallest_subnormal, fmt.smallest_normal, fmt.largest, 1e-300, 1e-8, 0.5, 1.0,
             20.0, 30.0, 40.0, 710.0, 1e154, 1e308]
    points = np.concatenate([np.linspace(-50, 50, 401), magnitudes, -magnitudes, spots,
                             np.negative(spots)])
    neighbours = []
    for x in extra:
        neighbours += [x, *_neighbours(x, dtype)]
    points = np.concatenate([points, neighbours])
    from actcli.dtypes import round_to

    rounded = round_to(points, dtype).astype(np.float64)
    finite = rounded[np.isfinite(rounded)]
    return np.unique(finite)


def _neighbours(x: float, dtype: str) -> list[float]:
    from actcli.dtypes import numpy_dtype

    typed = np.array(x, dtype=numpy_dtype(dtype))
    return [float(np.nextafter(typed, typed.dtype.type(direction))) for direction in (-np.inf, np.inf)]


def exact_values(activation: Activation, xs: Sequence[float], order: int = 0) -> list[Any]:
    """The mpmath value (order 0) or derivative (1, 2) at each x; None where x is not finite."""
    breakpoints = np.array(activation.definition.breakpoints_for(activation.params))
    out: list[Any] = []
    for x in xs:
        if not math.isfinite(x):
            out.append(None)
            continue
        near = bool(np.any(np.abs(breakpoints - x) <= 4 * np.spacing(np.abs(breakpoints))))
        out.append(exact_at(activation, x, order, near_breakpoint=near))
    return out


def exact_at(activation: Activation, x: Any, order: int = 0, near_breakpoint: bool = False) -> Any:
    """The mpmath value or derivative at one point (a float or an mpf, even beyond float64).

    Derivatives come from `mp.diff` of the exact value, so they are independent of the
    closed forms in the registry."""
    import mpmath

    mp = mpmath.mp
    params = activation.params
    with mp.workdps(REFERENCE_DIGITS):
        def f(t: Any) -> Any:
            return activation.definition.exact(mp, t, **params)

        if order == 0:
            return f(mp.mpf(x))
        return _diff(mp, f, x, order, fine=near_breakpoint)


def _diff(mp: Any, f: Any, x: float, order: int, direction: int = 0, fine: bool = False) -> Any:
    """mp.diff with a step relative to |x| (mpmath's own `relative=True` scales it the wrong
    way), so it never steps over a breakpoint other than x itself; for |x| < 1 the working
    precision grows so that x ± step still differs from x beside constants of order 1.

    Next to a breakpoint the one-sided pieces make the difference quotient only first-order
    accurate, so there (`fine`) the step shrinks below float64's smallest subnormal."""
    magnitude = int(mp.mag(x)) if x else -1100
    shrink = 1100 if fine else 0
    step = mp.ldexp(1, magnitude - mp.prec - 10 - shrink)
    with mp.extraprec(max(0, -magnitude) + shrink):
        return mp.diff(f, mp.mpf(x), order, h=step, direction=direction, addprec=ADDPREC)


def ulp_errors(computed: NDArray[Any], exact: Sequence[Any], dtype: str = "float64") -> NDArray[np.float64]:
    """|computed - exact| in units of the last place of `dtype` at the exact value.

    An exact value beyond the type's range must come out as the infinity it rounds to; a
    computed infinity or NaN where a finite number was due counts as an infinite error."""
    import mpmath

    fmt = FORMATS[dtype]
    overflow = mpmath.mpf(fmt.largest) + mpmath.mpf(fmt.ulp(fmt.max_exponent)) / 2
    errors = np.zeros(len(exact))
    for i, (got, want) in enumerate(zip(np.asarray(computed, dtype=np.float64), exact, strict=False)):
        if want is None:
            continue
        if abs(want) >= overflow:
            errors[i] = 0.0 if got == math.copysign(math.inf, want) else math.inf
        elif not math.isfinite(got):
            errors[i] = math.inf
        else:
            exponent = int(mpmath.frexp(want)[1]) - 1 if want else fmt.min_exponent
            errors[i] = float(abs(mpmath.mpf(got) - want) / mpmath.mpf(fmt.ulp(exponent)))
    return errors


def one_sided_derivatives(activation: Activation, x: float, order: int) -> tuple[Any, Any]:
    """The left and right derivatives of this order at x."""
    import mpmath

    mp = mpmath.mp
    params = activation.params
    with mp.workdps(REFERENCE_DIGITS):
        def f(t: Any) -> Any:
            return activation.definition.exact(mp, t, **params)

        left, right = (_diff(mp, f, x, order, direction=d, fine=True) for d in (-1, 1))
        return left, right


def one_sided_differ(activation: Activation, x: float, order: int) -> bool:
    """Whether the left and right derivatives of this order, or of a lower one, differ at x
    (so the derivative of this order is undefined there)."""
    for k in range(1, order + 1):
        left, right = one_sided_derivatives(activation, x, k)
        if abs(left - right) > 10.0 ** (-REFERENCE_DIGITS // 2) * (1 + abs(left)):
            return True
    return False
