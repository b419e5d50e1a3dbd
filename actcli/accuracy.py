"""Accuracy against arbitrary precision: mpmath references and errors measured in ULP.

mpmath is imported only here, and only when a reference is computed.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from actcli.activation import Activation

REFERENCE_DIGITS = 40
# Difference quotients: a step of 2**-STEP_BITS (relative below 1) keeps the truncation error of
# central differences near 2**-160, far below the reference's 2**-133; GUARD_BITS cover the
# rounding of the quotient; EVALUATION_SLACK_BITS allow each mpmath evaluation of f a few ULP of
# its working precision; noise below 2**NEGLIGIBLE_EXPONENT is beyond float64's subnormals.
STEP_BITS = 80
GUARD_BITS = 32
EVALUATION_SLACK_BITS = 8
NEGLIGIBLE_EXPONENT = -1100
FLAT_BITS = 8192  # with `relative`, a derivative 2**-8192 times f counts as 0 (a flat piece)
# The one-sided derivatives at breakpoints use mp.diff, whose working precision is
# (precision + 2·ADDPREC)·(order + 1) bits: there a linear piece must give a second difference
# of 0 to below float64's smallest subnormal.
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
        if abs(x) <= fmt.largest:  # switch points beyond the type's range are never reached in it
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
    return [None if jet is None else jet[order] for jet in exact_jets(activation, xs, order)]


def exact_jets(activation: Activation, xs: Sequence[float], max_order: int) -> list[tuple[Any, ...] | None]:
    """(f, f', ..., f^(max_order)) in mpmath at each x, from one set of evaluations per point;
    None where x is not finite."""
    breakpoints = np.array(activation.definition.breakpoints_for(activation.params))
    out: list[tuple[Any, ...] | None] = []
    for x in xs:
        if not math.isfinite(x):
            out.append(None)
            continue
        near = bool(np.any(np.abs(breakpoints - x) <= 4 * np.spacing(np.abs(breakpoints))))
        out.append(_jet(activation, x, max_order, fine=near))
    return out


class Reference(NamedTuple):
    """The accuracy grid of one spec in one dtype and the exact value or derivative there."""

    xs: NDArray[np.float64]
    exact: list[Any]


def grid_references(spec: str, dtype: str) -> list[Reference]:
    """For each order (value, f', and f'' where the registry has it) the grid points of
    standard_grid and the exact values there.

    Where a derivative is undefined (its one-sided values differ at a breakpoint) the point is
    left out of that order: the value there is a convention, checked on its own."""
    from actcli import get

    activation = get(spec)
    breakpoints = activation.definition.breakpoints_for(activation.params)
    xs = standard_grid(dtype, breakpoints)
    max_order = 2 if activation.definition.grad2 is not None else 1
    jets = exact_jets(activation, list(xs), max_order)
    references = []
    for order in range(max_order + 1):
        undefined = [b for b in breakpoints if order and one_sided_differ(activation, b, order)]
        keep = ~np.isin(xs, undefined)
        exact = [None if jet is None else jet[order] for jet, k in zip(jets, keep, strict=True) if k]
        references.append(Reference(xs[keep], exact))
    return references


def exact_at(activation: Activation, x: Any, order: int = 0, near_breakpoint: bool = False,
             relative: bool = False) -> Any:
    """The mpmath value or derivative at one point (a float or an mpf, even beyond float64).

    Derivatives come from central differences of the exact value, so they are independent of
    the closed forms in the registry. They are exact to the reference's digits or to well
    below float64's subnormals; `relative` asks for the digits however tiny the derivative
    (for a reference that multiplies it by a huge factor)."""
    return _jet(activation, x, order, fine=near_breakpoint, relative=relative)[order]


def _jet(activation: Activation, x: Any, max_order: int, fine: bool, relative: bool = False) -> tuple[Any, ...]:
    """f and its derivatives up to max_order at x, from mpmath's central difference stencil
    for the highest order (x - n·h, x - (n-2)·h, ..., x + n·h): the lower orders come from the
    same evaluations.

    The working precision starts at what the difference quotients need (the reference's own
    digits, the bits lost to cancellation, a guard) and grows, the stencil evaluated again, until
    the rounding noise of each quotient is below 2**-REFERENCE_BITS of its value or below
    float64's subnormals: a derivative that is tiny beside f (a saturated tail, a flat piece)
    costs extra precision only where it occurs."""
    import mpmath

    mp = mpmath.mp
    params = activation.params
    with mp.workdps(REFERENCE_DIGITS):
        def f(t: Any) -> Any:
            return activation.definition.exact(mp, t, **params)

        x = mp.mpf(x)
        if max_order == 0:
            return (f(x),)
        prec = mp.prec
        step, extra = _step(mp, x, fine)
        lost = -int(mp.mag(step)) * max_order
        work = prec + extra + lost + GUARD_BITS
        while True:
            with mp.workprec(work):
                low, middle, high = f(x - max_order * step), f(x), f(x + max_order * step)
                quotients = [(high - low) / (2 * max_order * step)]
                if max_order == 2:
                    quotients.append((high - 2 * middle + low) / (2 * step) ** 2)
                size = abs(low) + 2 * abs(middle) + abs(high)
                shortfall = 0
                for k, quotient in enumerate(quotients, start=1):
                    noise = mp.ldexp(size, EVALUATION_SLACK_BITS - work) / (2 * max_order * step) ** k
                    floor = mp.ldexp(size, -FLAT_BITS) if relative else mp.ldexp(1, NEGLIGIBLE_EXPONENT)
                    allowed = max(mp.ldexp(abs(quotient), -prec), floor)
                    if noise > allowed:
                        shortfall = max(shortfall, int(mp.mag(noise / allowed)))
            if not shortfall:
                break
            work += shortfall + GUARD_BITS
        with mp.workprec(prec):
            return tuple(+v for v in (middle, *quotients))


def _step(mp: Any, x: Any, fine: bool) -> tuple[Any, int]:
    """The difference step, 2**-STEP_BITS times |x| where |x| < 1, and the extra working
    precision, |log2 |x||, that keeps x ± step distinct from x and pays for the cancellation
    against a constant term of f. The step is far below float64's spacing at x, so it never
    steps over a breakpoint other than x itself, and it stays small beside the period of an
    oscillating function even at |x| = 1e300; the central differences' truncation error,
    (step/scale)², is below 2**-2·STEP_BITS.

    Next to a breakpoint the one-sided pieces make the difference quotient only first-order
    accurate, so there (`fine`) the step shrinks below float64's smallest subnormal."""
    magnitude = int(mp.mag(x)) if x else -1100
    shrink = 1100 if fine else 0
    return mp.ldexp(1, min(magnitude, 0) - STEP_BITS - shrink), abs(magnitude) + shrink


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
    """The left and right derivatives of this order at x (mp.diff's one-sided stencils)."""
    import mpmath

    mp = mpmath.mp
    params = activation.params
    with mp.workdps(REFERENCE_DIGITS):
        def f(t: Any) -> Any:
            return activation.definition.exact(mp, t, **params)

        step, extra = _step(mp, mp.mpf(x), fine=True)
        with mp.extraprec(extra):
            left, right = (mp.diff(f, mp.mpf(x), order, h=step, direction=d, addprec=ADDPREC) for d in (-1, 1))
        return +left, +right


def one_sided_differ(activation: Activation, x: float, order: int) -> bool:
    """Whether the left and right derivatives of this order, or of a lower one, differ at x
    (so the derivative of this order is undefined there)."""
    for k in range(1, order + 1):
        left, right = one_sided_derivatives(activation, x, k)
        if abs(left - right) > 10.0 ** (-REFERENCE_DIGITS // 2) * (1 + abs(left)):
            return True
    return False
