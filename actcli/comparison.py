"""Comparing activation functions: measured properties, pairwise differences and evaluation cost.

Everything here is plain data and numpy; the command line renders it. Measurements are taken on
a dense grid over an interval (1001 evenly spaced points by default, plus every kink and
breakpoint of the functions inside it); an extremum found at a single grid point is then
refined by sampling ever more finely around it, and the edges of a saturated region are located
between grid points the same way, so the figures do not depend on where the grid happens to
fall. All of it is deterministic except the cost, which is a timing.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np
from numpy.typing import NDArray

from actcli.activation import Activation
from actcli.definition import Convention, Interval, Smoothness
from actcli.errors import ActcliError

Array = NDArray[np.float64]

DEFAULT_INTERVAL = (-5.0, 5.0)
ANALYSIS_POINTS = 1001
SATURATION_SLOPE = 1e-3
# A region where |f'| < SATURATION_SLOPE counts as saturation when it reaches an end of the
# interval or is at least this fraction of the interval wide; narrower ones are stationary points
# (the dip of silu, the top of a bump), not saturation.
SATURATION_MIN_WIDTH = 0.01
# Values within this relative distance of the extreme count as attaining it (plateaus).
TIE = 1e-12
REFINE_ROUNDS = 8
REFINE_POINTS = 65
COST_ELEMENTS = 1 << 16
COST_REPEATS = 5


@dataclass(frozen=True)
class Span:
    """A closed interval [lo, hi] of inputs; lo == hi for a single point."""

    lo: float
    hi: float

    @property
    def point(self) -> bool:
        return self.lo == self.hi


@dataclass(frozen=True)
class Properties:
    """What one function looks like on the interval, and what the registry knows about it.

    Measured on the interval: `minimum`, `maximum`, `max_slope` (the largest |f'|) and where it
    is attained, `saturates` (where |f'| < 1e-3). Exact at a point: `value_at_0`, `slope_at_0`
    (at a kink, the convention's value). Registry facts, true on the whole real line:
    `output_range`, `monotonic`, `bounded`, `zero_centred`, `smoothness`, `kinks`.
    `cost_ns` is measured (time per element of an evaluation in numpy), None when not asked."""

    spec: str
    label: str
    interval: tuple[float, float]
    minimum: float
    maximum: float
    output_range: Interval
    value_at_0: float
    slope_at_0: float
    kink_at_0: bool
    max_slope: float
    max_slope_at: tuple[Span, ...]
    saturates: tuple[Span, ...]
    monotonic: bool
    bounded: bool
    zero_centred: bool
    smoothness: Smoothness
    kinks: tuple[float, ...]
    cost_ns: float | None


@dataclass(frozen=True)
class Difference:
    """How far apart two functions (or their derivatives, `order` 1) are on the interval:
    the largest |f - g|, where it occurs, and the mean of |f - g| over the evenly spaced grid."""

    first: str
    second: str
    order: int
    max_abs: float
    at: float
    mean_abs: float


@dataclass(frozen=True)
class Comparison:
    """Properties of each function and the differences of each pair, on one interval."""

    interval: tuple[float, float]
    points: int
    properties: tuple[Properties, ...]
    differences: tuple[Difference, ...]


def grid(start: float, stop: float, num: int = ANALYSIS_POINTS) -> Array:
    """`num` evenly spaced points from start to stop inclusive: the points `--range` makes."""
    if num < 1:
        raise ActcliError(f"need at least one point, not {num}")
    if num == 1:
        return np.array([start], dtype=np.float64)
    fraction = np.arange(num, dtype=np.float64) / (num - 1)
    span = stop - start
    if math.isfinite(span):
        return start + span * fraction
    return start * (1.0 - fraction) + stop * fraction  # no overflow when stop - start is beyond float64


def check_interval(interval: tuple[float, float]) -> tuple[float, float]:
    """The interval sorted, or an error when it is not a finite stretch of positive width."""
    lo, hi = sorted(interval)
    if not (math.isfinite(lo) and math.isfinite(hi)) or lo == hi:
        raise ActcliError(f"cannot measure on [{lo:g}, {hi:g}]: the interval needs two different finite ends")
    return lo, hi


def _check_elementwise(activation: Activation) -> None:
    if activation.vector:
        raise ActcliError(f"{activation.name} acts on a whole vector; compare takes element-wise functions")


def _points(activations: Sequence[Activation], lo: float, hi: float, num: int) -> tuple[Array, Array]:
    """The evenly spaced grid, and the grid with every breakpoint inside the interval added."""
    plain = grid(lo, hi, num)
    extra = [b for a in activations for b in a.definition.breakpoints_for(a.params) if lo < b < hi]
    return plain, np.unique(np.concatenate([plain, np.array(extra, dtype=np.float64)]))


def _derivative(activation: Activation, order: int, convention: Convention) -> Callable[[Array], Array]:
    if order == 0:
        return lambda x: np.asarray(activation(x), dtype=np.float64)
    return lambda x: np.asarray(activation.grad(x, convention=convention), dtype=np.float64)


def _runs(mask: NDArray[np.bool_]) -> list[tuple[int, int]]:
    """(first, last) index of each run of consecutive True values."""
    padded = np.concatenate([[False], mask, [False]]).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return [(int(a), int(b) - 1) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def _zoom(fn: Callable[[Array], Array], lo: float, hi: float, x0: float, y0: float) -> tuple[float, float]:
    """The largest value of fn on [lo, hi] (at least y0, attained at x0), sampling ever more
    finely around the best point found so far. A gain of a few ULP is rounding noise in fn,
    not a higher peak: it does not move the answer."""
    best_x, best_y = x0, y0
    noise = 4 * float(np.finfo(np.float64).eps) * abs(y0)
    for _ in range(REFINE_ROUNDS):
        xs = np.linspace(lo, hi, REFINE_POINTS)
        with np.errstate(invalid="ignore"):
            ys = fn(xs)
        if np.all(np.isnan(ys)):
            break
        k = int(np.nanargmax(ys))
        if ys[k] > best_y + noise:
            best_x, best_y = float(xs[k]), float(ys[k])
        lo, hi = float(xs[max(k - 1, 0)]), float(xs[min(k + 1, REFINE_POINTS - 1)])
    return best_x, best_y


def _maximum(fn: Callable[[Array], Array], xs: Array) -> tuple[float, tuple[Span, ...]]:
    """The largest value of fn on [xs[0], xs[-1]] and where it is attained: the runs of grid
    points within TIE of it (a plateau), an isolated peak refined between its neighbours."""
    with np.errstate(invalid="ignore"):
        ys = fn(xs)
    if np.all(np.isnan(ys)):
        return math.nan, ()
    top = float(np.nanmax(ys))
    if math.isinf(top):
        return top, tuple(Span(float(xs[a]), float(xs[b])) for a, b in _runs(ys == top))
    floor = top - TIE * max(1.0, abs(top))

    def level(x: Array) -> NDArray[np.bool_]:
        with np.errstate(invalid="ignore"):
            return np.asarray(fn(x) >= floor)

    candidates: list[tuple[float, Span]] = []
    last = len(xs) - 1
    for a, b in _runs(ys >= floor):
        # A peak between grid points can leave two (or more) of them level: look between first.
        k = a + int(np.argmax(ys[a:b + 1]))
        lo, hi = float(xs[max(a - 1, 0)]), float(xs[min(b + 1, last)])
        x, y = _zoom(fn, lo, hi, float(xs[k]), float(ys[k]))
        if a == b or y > floor + 2 * TIE * max(1.0, abs(top)):
            candidates.append((y, Span(x, x)))
        else:
            start = float(xs[a]) if a == 0 else _edge(level, float(xs[a]), float(xs[a - 1]))
            end = float(xs[b]) if b == last else _edge(level, float(xs[b]), float(xs[b + 1]))
            candidates.append((float(np.max(ys[a:b + 1])), Span(start, end)))
    best = max(y for y, _ in candidates)
    return best, tuple(span for y, span in candidates if y >= best - TIE * max(1.0, abs(best)))


def _edge(inside: Callable[[Array], NDArray[np.bool_]], x_in: float, x_out: float) -> float:
    """The farthest point from x_in towards x_out that is still inside (inside(x_in) holds and
    inside(x_out) does not), found by sampling ever more finely between the two."""
    for _ in range(REFINE_ROUNDS):
        xs = np.linspace(x_in, x_out, REFINE_POINTS)
        flags = inside(xs)
        k = int(np.argmin(flags)) - 1 if not flags.all() else REFINE_POINTS - 1
        if k < 0:  # not inside even at x_in: a rounding wobble; keep the grid point
            break
        x_in, x_out = float(xs[k]), float(xs[min(k + 1, REFINE_POINTS - 1)])
        if k == REFINE_POINTS - 1:
            break
    return x_in


def _saturation(grad: Callable[[Array], Array], xs: Array) -> tuple[Span, ...]:
    def flat(x: Array) -> NDArray[np.bool_]:
        with np.errstate(invalid="ignore"):
            return np.asarray(np.abs(grad(x)) < SATURATION_SLOPE)

    mask = flat(xs)
    width = float(xs[-1]) - float(xs[0])  # inf beyond float64: then only the end runs count
    spans = []
    for a, b in _runs(mask):
        lo = float(xs[a]) if a == 0 else _edge(flat, float(xs[a]), float(xs[a - 1]))
        hi = float(xs[b]) if b == len(xs) - 1 else _edge(flat, float(xs[b]), float(xs[b + 1]))
        if a == 0 or b == len(xs) - 1 or hi - lo >= SATURATION_MIN_WIDTH * width:
            spans.append(Span(lo, hi))
    return tuple(spans)


def properties(activation: Activation, interval: tuple[float, float] = DEFAULT_INTERVAL,
               num: int = ANALYSIS_POINTS, convention: Convention = "torch", cost: bool = True) -> Properties:
    """The measured and registry properties of one element-wise function on `interval`."""
    _check_elementwise(activation)
    lo, hi = check_interval(interval)
    _, xs = _points([activation], lo, hi, num)
    value = _derivative(activation, 0, convention)
    slope = _derivative(activation, 1, convention)
    maximum, _ = _maximum(value, xs)
    negative_minimum, _ = _maximum(lambda x: -value(x), xs)
    max_slope, max_slope_at = _maximum(lambda x: np.abs(slope(x)), xs)
    definition, params = activation.definition, activation.params
    kinks = tuple(k.x for k in activation.kinks)
    output_range = activation.output_range
    return Properties(
        spec=activation.spec,
        label=activation.label,
        interval=(lo, hi),
        minimum=-negative_minimum,
        maximum=maximum,
        output_range=output_range,
        value_at_0=float(activation(0.0)),
        slope_at_0=float(activation.grad(0.0, convention=convention)),
        kink_at_0=0.0 in kinks,
        max_slope=max_slope,
        max_slope_at=max_slope_at,
        saturates=_saturation(slope, xs),
        monotonic=definition.is_monotonic(params),
        bounded=output_range.bounded,
        zero_centred=definition.zero_centred,
        smoothness=definition.smoothness_for(params),
        kinks=kinks,
        cost_ns=cost_ns(activation, (lo, hi)) if cost else None,
    )


def difference(first: Activation, second: Activation, interval: tuple[float, float] = DEFAULT_INTERVAL,
               num: int = ANALYSIS_POINTS, order: int = 0, convention: Convention = "torch") -> Difference:
    """max |f - g| on `interval` and where, and the mean of |f - g| over the evenly spaced grid;
    `order` 1 compares the derivatives instead."""
    for activation in (first, second):
        _check_elementwise(activation)
    lo, hi = check_interval(interval)
    plain, xs = _points([first, second], lo, hi, num)
    f, g = _derivative(first, order, convention), _derivative(second, order, convention)

    def gap(x: Array) -> Array:
        a, b = f(x), g(x)
        with np.errstate(invalid="ignore"):
            return np.where(a == b, 0.0, np.abs(a - b))  # equal infinities are no gap

    largest, where = _maximum(gap, xs)
    at = where[0].lo if where else math.nan
    gaps = gap(plain)
    with np.errstate(over="ignore"):
        mean = float(np.mean(gaps))
    if math.isinf(mean) and np.all(np.isfinite(gaps)):
        mean = float(np.sum(gaps / gaps.size))  # the sum overflowed, the mean does not
    return Difference(first.spec, second.spec, order, largest, at, mean)


def cost_ns(activation: Activation, interval: tuple[float, float] = DEFAULT_INTERVAL,
            elements: int = COST_ELEMENTS, repeats: int = COST_REPEATS) -> float:
    """Measured time per element of evaluating the function (through actcli, in numpy, float64)
    on an array spread over `interval`: the best of `repeats` runs, in nanoseconds."""
    xs = grid(interval[0], interval[1], elements)
    activation(xs)  # warm up: imports, caches
    best = math.inf
    for _ in range(repeats):
        started = time.perf_counter_ns()
        activation(xs)
        best = min(best, time.perf_counter_ns() - started)
    return max(best, 1) / elements


def compare(activations: Sequence[Activation], interval: tuple[float, float] = DEFAULT_INTERVAL,
            num: int = ANALYSIS_POINTS, order: int = 0, convention: Convention = "torch",
            cost: bool = True) -> Comparison:
    """Properties of every function and the differences of every pair (in the given order),
    `order` 1 comparing derivatives; the properties are the same either way."""
    lo, hi = check_interval(interval)
    return Comparison(
        interval=(lo, hi),
        points=num,
        properties=tuple(properties(a, (lo, hi), num, convention, cost) for a in activations),
        differences=tuple(difference(a, b, (lo, hi), num, order, convention)
                          for a, b in combinations(activations, 2)),
    )
