"""Numerically stable building blocks shared by many functions (float64 in, float64 out).

Each is exact to a few ULP on the whole real line, never overflows, never warns, keeps NaN,
and gives the mathematical limits at ±inf.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from actcli.definition import Array

# Elements per block: a careful formula makes two or three times the passes over its data that the
# textbook one does, and numpy's cost is mostly memory traffic; in blocks the temporaries stay in
# cache, and the careful formula costs about what the textbook one does.
BLOCK = 1 << 15
DBL_MAX = float(np.finfo(np.float64).max)


def single_pass(fn: Callable[..., Array]) -> Callable[..., Array]:
    """Mark an element-wise `fn` that reads its input once: in_blocks then calls it on the whole
    input, as copying each block's result out would cost more than the blocks save."""
    fn.single_pass = True  # type: ignore[attr-defined]
    return fn


def is_single_pass(fn: Callable[..., Array]) -> bool:
    """Whether `fn` was marked by single_pass."""
    return bool(getattr(fn, "single_pass", False))


def writes_into(fn: Callable[..., Array]) -> Callable[..., Array]:
    """Mark an element-wise `fn` that takes `out=` (None, or a float64 array of its input's size
    that it fills and returns): in_blocks then hands it each block's slice of the result, which
    saves copying the block (0.4 ns per element, more than an np.exp of it)."""
    fn.writes_into = True  # type: ignore[attr-defined]
    return fn


def aligned_empty(size: int) -> Array:
    """A new float64 array that starts on a 64-byte boundary. numpy aligns only to 16 bytes, and
    its two-operand ufuncs store into a misaligned array at half speed (each AVX-512 store then
    straddles two cache lines): 0.4 ns an element instead of 0.2 on a cached block."""
    buffer = np.empty(size + 7)
    start = -buffer.ctypes.data % 64 // 8
    return buffer[start:start + size]


class Scratch(threading.local):
    """`count` aligned work arrays of up to BLOCK elements, kept by each thread between calls: a
    kernel run block by block then allocates nothing (and, under glibc's default thresholds,
    takes no page faults). The caller must not hand them to code that uses the same Scratch."""

    def __init__(self, count: int) -> None:
        self.arrays = [aligned_empty(BLOCK) for _ in range(count)]

    def take(self, size: int) -> list[Array]:
        """The work arrays cut to `size` elements (new ones beyond BLOCK, which are not kept)."""
        if size > self.arrays[0].size:
            return [aligned_empty(size) for _ in self.arrays]
        return [array[:size] for array in self.arrays]


def output(x: Array, out: Array | None) -> Array:
    """`out`, or a new aligned array shaped like x where out is None (for functions marked
    writes_into)."""
    return aligned_empty(x.size).reshape(x.shape) if out is None else out


def call_into(fn: Callable[..., Array], x: Array, out: Array | None, *args: Any, **params: Any) -> Array:
    """fn(x, *args, **params), written into `out` when given (directly if fn is writes_into)."""
    if out is None:
        return fn(x, *args, **params)
    if getattr(fn, "writes_into", False):
        return fn(x, *args, out=out, **params)
    out[...] = fn(x, *args, **params)
    return out


def in_blocks(fn: Callable[..., Array]) -> Callable[..., Array]:
    """Run an element-wise `fn` on 1-D blocks of its input (it may index and assign, which 0-d
    arrays do not allow), then give the result the input's shape."""

    @writes_into
    @functools.wraps(fn)
    def run(x: Array, *args: Any, out: Array | None = None, **params: Any) -> Array:
        x = np.asarray(x, dtype=np.float64)
        flat = x.reshape(-1)
        into = None if out is None else out.reshape(-1)
        if flat.size <= BLOCK or is_single_pass(fn):
            return np.asarray(call_into(fn, flat, into, *args, **params)).reshape(x.shape)
        into = output(flat, into)
        for start in range(0, flat.size, BLOCK):
            block = slice(start, start + BLOCK)
            call_into(fn, flat[block], into[block], *args, **params)
        return into.reshape(x.shape)

    return run


Index = NDArray[np.intp]
Mask = NDArray[np.bool_]


def below(z: Array, bound: float) -> Index | None:
    """The indices where z < bound, or None where nowhere: one cheap reduction first, for the
    rare branches. (Index arrays, not boolean masks, where the points are few: numpy gathers and
    scatters by a scattered boolean mask several times more slowly.)"""
    if z.size == 0 or not np.fmin.reduce(z, axis=None) < bound:
        return None
    return np.flatnonzero(z < bound)


def patch(out: Array, where: Index | Mask | None, branch: Callable[[Any], Array],
          x: Array | None = None) -> Array:
    """`out` (the caller's own array, changed in place) with `branch` at the points `where`
    (indices or a mask), computed there only: the rare branches (huge |x|, subnormal results) then
    cost nothing where no point needs them. `branch` gets x[where], or without x `where` itself
    (to pick several inputs)."""
    if where is None or not (where.any() if where.dtype == np.bool_ else where.size):
        return out
    out[where] = branch(where if x is None else np.asarray(x)[where])
    return out


def finite(x: Array) -> Array:
    """x with ±inf replaced by ±DBL_MAX (NaN kept), where a formula's value is the limit at ±inf."""
    return np.clip(x, -DBL_MAX, DBL_MAX)


def where_finite(x: Array, finite: Array, at_pos_inf: float, at_neg_inf: float) -> Array:
    """`finite` where x is finite (or NaN), the given limits where x is ±inf."""
    return np.where(x == np.inf, at_pos_inf, np.where(x == -np.inf, at_neg_inf, finite))


_HIGH_BITS = np.int64(-1 << 27)


def leading_bits(x: Array, out: Array | None = None) -> Array:
    """x cut to its leading 26 significant bits (one masking operation, cheaper than Veltkamp's
    split): its square is exact, and x - leading_bits(x) is exact too."""
    bits = np.bitwise_and(x.view(np.int64), _HIGH_BITS, out=None if out is None else out.view(np.int64))
    xh: Array = bits.view(np.float64)
    return xh


def square_parts(x: Array) -> tuple[Array, Array]:
    """x² as head + rest (Dekker's split, cut by leading_bits): head = xh² exactly, and
    rest = (x - xh)(x + xh), about 2**-25 of x², to 2**-52 of itself."""
    xh = leading_bits(x)
    rest = x - xh
    head = np.square(xh)
    xh += x
    rest *= xh
    return head, rest


def expm1_tiny(m: Array) -> None:
    """expm1(m) in place, for |m| ≤ 5e-5 (as e^-(x² - xh²) with xh = leading_bits(x), |x| ≤ 40):
    m + m²/2 + m³/6, whose truncation (m⁴/24 < 3e-19) is far below what a result needs, at a
    fraction of np.expm1's cost (numpy's exp is vectorised, its expm1 is not)."""
    higher = m * (1 / 6)
    higher += 0.5
    higher *= m
    higher *= m
    m += higher


def indicator(mask: NDArray[np.bool_], value: float = 1.0) -> Array:
    """`value` where mask holds, 0 elsewhere: a cast and a product, a tenth of np.where's cost on
    a mask that changes at random."""
    out = mask.astype(np.float64)
    out *= value
    return out


def select(mask: NDArray[np.bool_], a: Array | float, b: Array | float) -> Array:
    """np.where(mask, a, b) for finite a and b, by arithmetic: m·a + (1 - m)·b is exact when m is
    0 or 1, and it has no branch, where np.where costs ten arithmetic passes on a mask that
    changes at random. Zeros may lose their sign."""
    m = mask.astype(np.float64)
    out = m * a
    m -= 1.0
    m *= b
    out -= m
    return out


def keep_nan(x: Array, y: Array | float) -> Array:
    """`y`, with NaN wherever x is NaN (for piecewise formulas whose comparisons drop NaN)."""
    nan = np.isnan(x)
    if nan.any():
        return np.where(nan, x, y)
    return np.broadcast_to(y, np.shape(x)).copy() if np.ndim(y) == 0 else np.asarray(y)


@single_pass
def zero(x: Array, **_: Any) -> Array:
    """0 everywhere, NaN kept: the second derivative of the piecewise-linear functions."""
    return keep_nan(x, 0.0)


def two_product(a: Array, b: Array | float) -> tuple[Array, Array]:
    """a*b as an unevaluated sum hi + lo, exactly (Dekker 1971, with Veltkamp's split)."""
    hi = a * b
    a_hi, a_lo = split(a)
    b_hi, b_lo = split(np.asarray(b, dtype=np.float64))
    lo = ((a_hi * b_hi - hi) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo
    return hi, lo


def two_sum(a: Array | float, b: Array | float) -> tuple[Array, Array]:
    """a+b as an unevaluated sum hi + lo, exactly (Knuth's TwoSum), with two temporaries where
    the plain expression makes six: fresh temporaries cost more than the arithmetic."""
    hi: Array = np.add(a, b)
    b_virtual = hi - a
    a_virtual = hi - b_virtual
    if not isinstance(a_virtual, np.ndarray):  # two scalars: nothing to reuse
        return hi, (a - a_virtual) + (b - b_virtual)
    np.subtract(a, a_virtual, out=a_virtual)
    np.subtract(b, b_virtual, out=b_virtual)
    a_virtual += b_virtual
    return hi, a_virtual


def product_exact(a: Array, b: Array | float) -> tuple[Array, Array]:
    """a·b as hi + lo: two_product's Dekker product with halves cut by leading_bits (26 and 27
    bits, one masking operation) instead of Veltkamp's split: all partial products are exact but
    that of the low halves, below 2**-104 of a·b; three temporaries."""
    hi = a * b
    a1 = leading_bits(a)
    a2 = a - a1
    b1: Array | float
    b2: Array | float
    if isinstance(b, float):
        b1 = float(leading_bits(np.array([b]))[0])
        b2 = b - b1
    else:
        b1 = leading_bits(b)
        b2 = b - b1
    lo = a1 * b1
    lo -= hi
    a1 *= b2
    lo += a1
    np.multiply(a2, b1, out=a1)
    lo += a1
    a2 *= b2
    lo += a2
    return hi, lo


def exactly_product(a: float, b: float, c: float) -> bool:
    """Whether a·b = c exactly, in integers (fractions.Fraction would cost start-up 3 ms)."""
    (pa, qa), (pb, qb), (pc, qc) = a.as_integer_ratio(), b.as_integer_ratio(), c.as_integer_ratio()
    return pa * pb * qc == pc * qa * qb


def split(a: Array) -> tuple[Array, Array]:
    """a as hi + lo, each with 26 significant bits (Veltkamp's split); |a| must stay well below
    2**996, where the product inside overflows."""
    t = 134217729.0 * a  # 2**27 + 1
    hi = t - (t - a)
    return hi, a - hi


# A zero of a function that no float hits: the root as hi + lo, the radius within which a series
# about it replaces the closed form, and the series' coefficients (see patch_near_root).
Series = tuple[tuple[float, float], float, tuple[float, ...]]


def horner(coefficients: tuple[float, ...], s: Array) -> Array:
    """Σ coefficients[k]·s**k by Horner's scheme, in one new array."""
    p = s * coefficients[-1]
    p += coefficients[-2]
    for c in reversed(coefficients[:-2]):
        p *= s
        p += c
    return p


def patch_near_root(x: Array, out: Array, series: Series, window: tuple[float, float] | None = None) -> Array:
    """`out`, changed in place: the points near an irrational root replaced by a series.

    Near a zero of f that no float hits exactly, any formula that subtracts nearly equal terms
    loses all relative accuracy. There f(x) = t·(c0 + c1·t + ...), with t = x - root formed
    exactly from the root's double-double value (TwoSum, where Sterbenz's lemma does not reach),
    is accurate to an ULP or two. The points are within the series' radius of the root, or in
    `window` (low, high), which may reach further on one side; they are few, and picked by index.
    The coefficients come from `tools/root_series.py` or a Chebyshev fit (see each series)."""
    (root, root_lo), radius, coefficients = series
    low, high = (root - radius, root + radius) if window is None else window
    inside = x > low
    inside &= x < high
    if not inside.any():
        return out
    where = np.flatnonzero(inside)
    t, t_lo = two_sum(x[where], -root)
    t_lo -= root_lo  # t + t_lo = x - root
    near = t + t_lo
    t -= near
    t_lo += t  # near + t_lo = x - root (Fast2Sum)
    value = horner(coefficients, near)
    t_lo *= value
    value *= near
    value += t_lo
    out[where] = value
    return out
