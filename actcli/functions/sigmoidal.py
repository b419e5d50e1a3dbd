"""S-shaped and softly saturating functions: sigmoid, tanh and their algebraic cousins, softplus."""

from __future__ import annotations

import functools
import math
from typing import Any

import numpy as np
from numpy.typing import NDArray

from actcli.definition import REALS, Array, Definition, Interval, Kink, Param, Smoothness
from actcli.special import exp_dd
from actcli.stable import (
    DBL_MAX,
    Mask,
    finite,
    output,
    patch,
    select,
    square_parts,
    two_product,
    two_sum,
    where_finite,
    writes_into,
)

POSITIVE = Interval(0.0, math.inf, False, False)
UNIT = Interval(0.0, 1.0, False, False)
SYMMETRIC_UNIT = Interval(-1.0, 1.0, False, False)
# (1 + x²)-like quantities beyond FAR take a rescaled branch, computed only where needed:
# below it, none of their powers up to the third overflows. X_NEAR bounds the inputs of the
# common branch, keeping Veltkamp's split (stable.two_product) in range.
FAR = 2.0**290
X_NEAR = 2.0**150
# exp(-z) for z > 700 is formed as exp(700 - z)·e^-700: exp(700 - z) is normal and its argument
# exact (Sterbenz) for z <= 1400, so the one rounding into the subnormal range comes last.
SHIFT = 700.0
E_SHIFT = math.exp(-SHIFT)


def _recip_power(d: Array, n: int) -> Array:
    """1/d**n for d >= 1, n <= 3, rescaled by powers of two so that nothing overflows and a
    subnormal result is rounded once."""
    big = d > 2.0**256
    s = np.where(big, np.minimum(d, 2.0 ** (256 + 900 // n)) * 2.0**-256, d)
    p = s
    for _ in range(n - 1):
        p = p * s
    q = 1.0 / p
    return np.where(big, np.ldexp(q, -256 * n), q)


def _quadratic(xs: Array, a: float, c: Array | float) -> tuple[Array, Array]:
    """c + a·xs² (c >= 0, |xs| <= 2**150) as w + wl, to about 2**-100 relative."""
    p, pl = two_product(xs, xs)
    if a != 1:
        p, apl = two_product(p, a)
        pl = pl * a + apl
    w, wl = two_sum(p, c)
    return w, wl + pl


class _Quadratic:
    """w = c + a·x² for the common branch (|x| clipped to X_NEAR), and the points (`far`) where
    a rescaled branch must take over: w beyond FAR, or |x| beyond X_NEAR.

    The rounding of x² and of the sum, up to an ULP each (two for a != 1), is multiplied by n/2
    in w^(-n/2). With exact="sum" the sum's rounding is recovered as wl (Fast2Sum, 4 operations);
    with exact="full" w + wl is c + a·x² in double-double (Dekker's product too, about three
    times the cost of the rest), which isru's fifth power needs."""

    def __init__(self, x: Array, a: float, c: float, exact: str = "sum") -> None:
        self.x = np.clip(x, -X_NEAR, X_NEAR)  # ±inf too: they are far
        self.wl: Array | None = None
        if exact == "full":
            self.w, self.wl = _quadratic(self.x, a, c)
        else:
            p = a * (self.x * self.x)
            self.w = p + c
            if exact == "sum":
                self.wl = (np.maximum(p, c) - self.w) + np.minimum(p, c)
        self.far: Mask = self.w > FAR
        if a * X_NEAR**2 <= 2 * FAR:  # a small a: the clipped points may not reach FAR
            self.far |= np.abs(x) > X_NEAR

    def inverse_power(self, n: int, numerator: Array | float = 1.0) -> Array:
        """numerator·(w + wl)^(-n/2) for n = 3, 4, 5: one division by the rounded power of w,
        then the first-order correction for wl."""
        p = np.sqrt(self.w) * self.w if n % 2 else self.w
        for _ in range(n // 2 - 1):
            p = p * self.w
        r = numerator / p
        return r if self.wl is None else r - r * (0.5 * n * self.wl / self.w)


# A block in which every w = c + a·x² (a a power of two, c > 0) stays below _short_limit(c) takes
# short formulas, chosen by one test of the block's maximum (NaN fails it): nothing overflows
# there, and the sum's rounding comes in two operations. The general classes above and below take
# the other blocks whole.

@functools.cache
def _short_limit(c: float) -> float:
    """Below this, fl(p + c) - c is exact for any p >= 0: ulp(w) divides c (c's lowest bit)."""
    numerator, denominator = c.as_integer_ratio()
    return min(FAR, math.ldexp((numerator & -numerator) / denominator, 53))


def _short_quadratic(x: Array, a: float, c: float, exact_square: bool = False) -> tuple[Array, Array] | None:
    """(w, e) with w + e = c + a·x² for a power of two a, but for the rounding of x² unless
    `exact_square` (for c = 1); None if the block is not short.

    w - c is exact (_short_limit), so a·x² - (w - c) is the sum's rounding (as in Fast2Sum,
    Dekker 1971, which needs the larger term first where this needs none)."""
    p = np.square(x)  # half the cost of x * x
    if a != 1:
        p *= a
    w = p + c
    if not w.max(initial=0.0) < _short_limit(c):
        return None
    e = w - c
    if not exact_square:
        np.subtract(p, e, out=e)
        return w, e
    # a·x² = a·xh² + a·(x - xh)(x + xh) (stable.square_parts): xh² is exact, the product is
    # 2**-25 of x² and rounds at 2**-78 of it, and a·xh² - (w - 1) is exact: Sterbenz where
    # a·x² > 2**-27; below, the difference is under 2**-50 and spans fewer than 53 bits (or
    # w - 1 is 0).
    h2, t = square_parts(x)
    if a != 1:
        h2 *= a
        t *= a
    np.subtract(h2, e, out=e)
    e += t
    return w, e


def _short_inverse_power(w: Array, e: Array, n: int, numerator: Array | float) -> Array:
    """numerator·(w + e)^(-n/2) for n = 3, 4, 5 and |e| <= ulp(w). Overwrites e.

    To first order (the second is below 2**-100), (w + e)^(n/2) = w^(n/2 - 1)·(w + (n/2)·e): for
    n = 3 and 4 the correction goes into the denominator, where it costs two operations and one
    more rounding; the fifth power has enough roundings already, and there the correction comes
    after the division, as r·(1 - (n/2)·e/w)."""
    if n == 5:
        p = np.sqrt(w)
        p *= w
        p *= w
        r = np.divide(numerator, p, out=p)
        e /= w
        e *= r
        e *= 2.5
        r -= e
        return r
    e *= 0.5 * n
    e += w
    e *= np.sqrt(w) if n == 3 else w
    return np.divide(numerator, e, out=e)


# --- sigmoid and log-sigmoid ----------------------------------------------------------------

# e^v is finite up to v = 709.78: up to EXP_SAFE, 1/(1 + e^v) needs no care.
EXP_SAFE = 709.0


def _one_over_one_plus_exp(v: Array, out: Array) -> Array:
    """1/(1 + e^v) = sigmoid(-v), in `out` (which may be v itself): e^v, the sum and the division
    round once each, 2 ULP at worst. Beyond EXP_SAFE, where e^v would overflow, the result
    is e^-v to the last bit (1 + e^v rounds to e^v) and is patched in: a block pays for that
    branch only if it holds such a point (or NaN, which fails the test and goes through as NaN)."""
    tail = None
    if not v.max(initial=0.0) <= EXP_SAFE:
        tail = np.flatnonzero(v > EXP_SAFE)
        tail_value = np.exp(-v[tail])
        v = np.minimum(v, EXP_SAFE, out=out)
    e = np.exp(v, out=out)
    e += 1.0
    np.divide(1.0, e, out=e)
    if tail is not None:
        e[tail] = tail_value
    return e


@writes_into
def _sigmoid(x: Array, out: Array | None = None) -> Array:
    v = np.negative(x, out=output(x, out))
    return _one_over_one_plus_exp(v, v)


@writes_into
def _log_sigmoid_grad(x: Array, out: Array | None = None) -> Array:
    """sigmoid(-x)."""
    return _one_over_one_plus_exp(x, output(x, out))


def _logistic_density(e: Array, scale: float = 1.0) -> Array:
    """scale·e/(1 + e)² for 0 <= e <= 1, in place in e: the logistic density
    sigmoid(x)·sigmoid(-x) for e = exp(-|x|).

    (1 + e)² = 1 + e·(2 + e) rounds once near 1 (relative 2**-53), where squaring a rounded 1 + e
    would double that rounding; e·(2 + e) carries two roundings of its own, weighed by at most
    3/4. About 2 ULP in all, with e's; scale is a power of two."""
    s = e + 2.0
    s *= e
    s += 1.0
    if scale != 1:
        e *= scale
    return np.divide(e, s, out=e)


_SIGN_BIT = np.int64(-1 << 63)


def _exp_of_abs(x: Array, factor: float, out: Array | None) -> Array:
    """exp(factor·|x|) for factor = -1 or -2 (exact products), in `out` when given: -|x| is x
    with its sign bit set, one integer operation where np.abs and a product make two passes."""
    e = output(x, out)
    np.bitwise_or(x.view(np.int64), _SIGN_BIT, out=e.view(np.int64))
    if factor != -1:
        e *= -factor
    return np.exp(e, out=e)


@writes_into
def _sigmoid_grad(x: Array, out: Array | None = None) -> Array:
    return _logistic_density(_exp_of_abs(x, -1.0, out))


def _sigmoid_grad2(x: Array) -> Array:
    # s'' = s'·(1 - 2s); 1 - 2s(x) = -tanh(x/2) has no cancellation near 0.
    return -_sigmoid_grad(x) * np.tanh(0.5 * x)


# Below, e^x < 2**-1009: 1 + e^x rounds to 1, so sigmoid(x) = sigmoid'(x) = e^x to the last bit.
LEFT_TAIL = -700.0


def sigmoid_left_tail(x: Array, shift: NDArray[np.int32]) -> Array:
    """sigmoid(x)·2**shift (and sigmoid'(x)·2**shift) for x ≤ LEFT_TAIL: lets a·sigmoid(b) (GLU)
    stay exact where sigmoid(b) alone underflows."""
    hi, lo, k = exp_dd(x)
    out: Array = np.ldexp(hi + lo, k + shift)
    return out


def _sigmoid_exact(mp: Any, x: Any) -> Any:
    if abs(x) > 10**4:  # e^-10000 is far below float64; mp.exp(1e400000) would take seconds
        return mp.mpf(1) if x > 0 else mp.mpf(0)
    return 1 / (1 + mp.exp(-x))


def _log1p_exp_of_abs(x: Array) -> Array:
    """log1p(e^-|x|), the soft part of softplus and log-sigmoid: np.exp rounds e^-|x| once into
    the subnormals, where log1p(e) = e, so that no point needs a rescaled branch."""
    e = _exp_of_abs(x, -1.0, None)
    return np.log1p(e, out=e)


@writes_into
def _log_sigmoid(x: Array, out: Array | None = None) -> Array:
    # min(x, 0) - log1p(e^-|x|): finite down to -DBL_MAX (pytorch/pytorch#1835 gave -inf at -300).
    soft = _log1p_exp_of_abs(x)
    out = np.minimum(x, 0.0, out=output(x, out))
    out -= soft
    return out


def _log_sigmoid_exact(mp: Any, x: Any) -> Any:
    return x - mp.log1p(mp.exp(x)) if x < 0 else -mp.log1p(mp.exp(-x))


# --- tanh -------------------------------------------------------------------------------------

TANH_FAR = SHIFT / 2  # beyond, e^(-2|x|) is near or below the subnormal range


def _sech2_far(ax: Array) -> Array:
    """4·e^(-2|x|) (= sech²x to within 2**-1000) for |x| > 350, rounded once into the subnormals;
    4·exp(-2|x|) would multiply the rounding error of a subnormal by 4."""
    return np.exp(SHIFT - 2.0 * np.minimum(ax, 1000.0)) * (4.0 * math.exp(-SHIFT))


def _far_e(e: Array) -> Mask | None:
    """Where |x| > TANH_FAR, given e = exp(-2|x|) (None if nowhere, which one reduction tells):
    4e/(1 + e)² is then subnormal, and 4·e would quadruple e's rounding."""
    if e.min(initial=1.0) >= E_SHIFT:
        return None
    far: Mask = e < E_SHIFT
    return far


@writes_into
def _sech2(x: Array, out: Array | None = None) -> Array:
    """sech²x = 4E/(1+E)² with E = exp(-2|x|): no 1 - tanh² cancellation, no cosh overflow."""
    e = _exp_of_abs(x, -2.0, out)
    far = _far_e(e)
    out = _logistic_density(e, 4.0)
    return patch(out, far, lambda v: _sech2_far(np.abs(v)), x)


@writes_into
def _tanh_grad2(x: Array, out: Array | None = None) -> Array:
    """-2·tanh(x)·sech²x."""
    e = _exp_of_abs(x, -2.0, out)
    far = _far_e(e)
    out = _logistic_density(e, -8.0)
    out *= np.tanh(x)
    return patch(out, far, lambda v: -2.0 * np.sign(v) * _sech2_far(np.abs(v)), x)


# --- softsign ---------------------------------------------------------------------------------

def _softsign(x: Array) -> Array:
    x = finite(x)  # DBL_MAX/(1 + DBL_MAX) is exactly 1, the limit
    return x / (1.0 + np.abs(x))


def _one_plus_abs(x: Array) -> tuple[Array, Array]:
    """1 + |x| = d + dl exactly (Fast2Sum, larger term first): the rounding of d would cost up to
    3 ULP in 1/d³."""
    ax = np.minimum(np.abs(x), DBL_MAX)  # inf - inf would be NaN; 1/d³ is 0 at both
    d = 1.0 + ax
    return d, (np.maximum(ax, 1.0) - d) + np.minimum(ax, 1.0)


def _softsign_grad(x: Array) -> Array:
    d = 1.0 + np.abs(x)
    with np.errstate(over="ignore"):
        out = 1.0 / (d * d)
    return patch(out, d > 2.0**300, lambda v: _recip_power(1.0 + np.abs(finite(v)), 2), x)


def _softsign_grad2(x: Array) -> Array:
    d, dl = _one_plus_abs(x)
    with np.errstate(over="ignore"):
        g = -2.0 * np.sign(x) / (d * d * d)
    out = g - g * (3.0 * dl / d)
    far = lambda v: -2.0 * np.sign(v) * _recip_power(1.0 + np.abs(finite(v)), 3)  # noqa: E731
    return patch(out, d > 2.0**300, far, x)


# --- arctan -----------------------------------------------------------------------------------

def _arctan_grad(x: Array) -> Array:
    with np.errstate(over="ignore"):
        d = 1.0 + x * x
    return patch(1.0 / d, d > FAR, lambda v: _recip_power(np.abs(finite(v)), 2), x)


def _arctan_grad2(x: Array) -> Array:
    short = _short_quadratic(x, 1.0, 1.0)
    if short is not None:
        return _short_inverse_power(*short, 4, -2.0 * x)
    q = _Quadratic(x, 1.0, 1.0)
    out = q.inverse_power(4, -2.0 * q.x)  # -2x/(1 + x²)²
    # beyond 2**145 the 1 is negligible: -2/x³, rescaled
    return patch(out, q.far, lambda v: -2.0 * np.sign(v) * _recip_power(np.abs(finite(v)), 3), x)


# --- ISRU: x / sqrt(1 + a x²) (Carlile et al. 2017) -------------------------------------------

class _IsruParts:
    """1 + a x² rescaled by powers of two, for any positive a and any x (the rare branch).

    With a = 2**(2k)·a_s (a_s in [1/2, 2)) and e = max(0, exponent of 2**k·x), x = 2**(e-k)·xs and
    1 + a x² = 2**(2e)·(w + wl): for e > 0 the 1 is scaled down instead of a x² overflowing, and
    w, its square root and its powers stay far from overflow and underflow."""

    def __init__(self, x: Array, a: float) -> None:
        mantissa, exponent = math.frexp(a)
        self.k = exponent // 2
        self.a_s = math.ldexp(mantissa, exponent - 2 * self.k)
        x = finite(x)
        self.e = np.where(x == 0, 0, np.maximum(np.frexp(x)[1] + self.k, 0))  # frexp(0) has exponent 0
        self.scaled = self.e > 0
        self.xs = np.ldexp(x, self.k - self.e)  # may underflow where e = 0: then a x² ≪ 2**-1000
        self.w, self.wl = _quadratic(self.xs, self.a_s, np.ldexp(1.0, -2 * self.e))
        self.root = np.sqrt(self.w)
        self.x_near = np.where(self.scaled, 0.0, x)  # x itself where e = 0, kept out of the rest

    def power(self, n: int) -> Array:
        """w**(-n/2)·(1 + wl/w)**(-n/2), i.e. (1 + a x²)**(-n/2)·2**(n·e), for n = 1, 3, 5."""
        p = self.root
        for _ in range(n // 2):
            p = p * self.w
        r = 1.0 / p
        return r - r * (0.5 * n * self.wl / self.w)

    def value(self, x: Array, a: float) -> Array:
        r = self.power(1)
        v = np.where(self.scaled, np.ldexp(self.xs * r, -self.k), self.x_near * r)
        limit = _inverse_sqrt(a)
        return where_finite(x, v, limit, -limit)

    def grad(self) -> Array:
        g: Array = np.ldexp(self.power(3), -3 * self.e)
        return g

    def grad2(self, a: float) -> Array:
        r = self.power(5)
        scaled = np.ldexp(-3.0 * self.a_s * self.xs * r, self.k - 4 * self.e)
        return np.where(self.scaled, scaled, -3.0 * (a * self.x_near) * r)


def _midpoint_sign(y: float, z: float, a: float) -> int:
    """The sign of ((y + z)/2)²·a - 1, exactly, in integers (fractions.Fraction would cost
    start-up 3 ms): whether 1/√a lies beyond the midpoint of y and its neighbour z."""
    (py, qy), (pz, qz), (pa, qa) = y.as_integer_ratio(), z.as_integer_ratio(), a.as_integer_ratio()
    numerator, denominator = (py * qz + pz * qy) ** 2 * pa, 4 * (qy * qz) ** 2 * qa
    return (numerator > denominator) - (numerator < denominator)


@functools.cache
def _inverse_sqrt(a: float) -> float:
    """1/√a correctly rounded (the limits of isru at ±inf must be exactly that)."""
    y = 1.0 / math.sqrt(a)
    for _ in range(4):  # y is within an ULP or two; step until no neighbour is closer
        below, above = math.nextafter(y, 0.0), math.nextafter(y, math.inf)
        if _midpoint_sign(y, above, a) < 0:
            y = above
        elif _midpoint_sign(y, below, a) > 0:
            y = below
        else:
            break
    return y


def _isru(x: Array, a: float) -> Array:
    if not 2.0**-500 < a < 2.0**500:
        return _IsruParts(x, a).value(x, a)
    q = _Quadratic(x, a, 1.0, exact="none")
    return patch(q.x / np.sqrt(q.w), q.far, lambda v: _IsruParts(v, a).value(v, a), x)


def _isru_grad(x: Array, a: float) -> Array:
    if not 2.0**-500 < a < 2.0**500:
        return _IsruParts(x, a).grad()
    power_of_two = math.frexp(a)[0] == 0.5
    short = _short_quadratic(x, a, 1.0) if power_of_two else None
    if short is not None:
        return _short_inverse_power(*short, 3, 1.0)
    # a·x² is rounded twice unless a is a power of two: then only the full double-double will do
    q = _Quadratic(x, a, 1.0, exact="sum" if power_of_two else "full")
    return patch(q.inverse_power(3), q.far, lambda v: _IsruParts(v, a).grad(), x)


def _isru_grad2(x: Array, a: float) -> Array:
    # -3a·x·(1 + a x²)^(-5/2)
    if not 2.0**-500 < a < 2.0**500:
        return _IsruParts(x, a).grad2(a)
    # the fifth power needs the rounding of x² too
    short = _short_quadratic(x, a, 1.0, exact_square=True) if math.frexp(a)[0] == 0.5 else None
    if short is not None:
        return _short_inverse_power(*short, 5, (-3.0 * a) * x)
    q = _Quadratic(x, a, 1.0, exact="full")
    out = q.inverse_power(5, (-3.0 * a) * q.x)
    return patch(out, q.far, lambda v: _IsruParts(v, a).grad2(a), x)


def _isru_breakpoints(a: float) -> tuple[float, ...]:
    """Where the rescaled branch starts."""
    edge = min(X_NEAR, math.sqrt(FAR / a))
    return (-edge, edge)


def _isru_exact(mp: Any, x: Any, a: float) -> Any:
    return x / mp.sqrt(1 + a * x * x)


# --- softplus ---------------------------------------------------------------------------------

def _beta_product(m: Array, beta: float) -> tuple[Array, Array]:
    """beta·m as z + z_lo: exp(-z) needs z exactly, since exp turns its absolute error into a
    relative one (an ULP of z = 700 is 2**-43)."""
    if math.frexp(beta)[0] == 0.5:  # a power of two (beta = 1 above all): the product is exact
        with np.errstate(over="ignore"):
            return beta * m, np.zeros_like(m)
    m = np.minimum(m, 1500.0 / beta)  # exp(-1500) is 0 anyway; keeps Veltkamp's split in range
    k = 200 if beta < 2.0**-900 else -200 if beta > 2.0**900 else 0
    return two_product(np.ldexp(m, -k), math.ldexp(beta, k))


def _softplus_far(ax: Array, beta: float) -> Array:
    """exp(700 - beta|x|) for beta|x| > 700: e^(-beta|x|) = that·e^-700, without subnormals."""
    z, z_lo = _beta_product(np.minimum(ax, 1500.0 / beta), beta)
    e = np.exp(SHIFT - z)
    return e - e * z_lo


class _Softplus:
    """e = exp(-beta|x|) with beta|x| exact; `far` marks beta|x| > 700, the rare branch."""

    def __init__(self, x: Array, beta: float) -> None:
        z, z_lo = _beta_product(np.abs(x), beta)
        e = np.exp(-z)
        self.e = e if math.frexp(beta)[0] == 0.5 else e - e * z_lo
        self.far = z > SHIFT

    def value(self, x: Array, beta: float) -> Array:
        tail = np.log1p(self.e) if beta == 1 else np.log1p(self.e) / beta
        out = np.maximum(x, 0.0) + tail
        scale = math.exp(-SHIFT) / beta
        return patch(out, self.far, lambda v: np.maximum(v, 0.0) + _softplus_far(np.abs(v), beta) * scale, x)

    def grad(self, x: Array, beta: float) -> Array:
        out = np.maximum(self.e, x >= 0) / (1.0 + self.e)
        far = lambda v: np.where(v > 0, 1.0, _softplus_far(np.abs(v), beta) * math.exp(-SHIFT))  # noqa: E731
        return patch(out, self.far, far, x)

    def grad2(self, x: Array, beta: float) -> Array:
        out = beta * _logistic_density(self.e)
        scale = math.exp(-SHIFT) * beta
        return patch(out, self.far, lambda v: _softplus_far(np.abs(v), beta) * scale, x)


def _softplus_over(x: Array, beta: float, threshold: float) -> Mask | None:
    """Where torch returns x itself: beta·x > threshold (None when the threshold is +inf)."""
    if threshold == math.inf:
        return None
    with np.errstate(over="ignore"):
        over: Mask = x * beta > threshold
    return over


def _softplus_unit(x: Array, out: Array | None) -> Array:
    """log(1 + e^x) = max(x, 0) + log1p(e^-|x|), for beta = 1."""
    soft = _log1p_exp_of_abs(x)
    out = np.maximum(x, 0.0, out=output(x, out))
    out += soft
    return out


def _torch_switch(x: Array, beta: float, threshold: float, result: Array, at_over: Array | float,
                  out: Array | None) -> Array:
    """`result` (a fresh array or `out`) with at_over where beta·x > threshold, in `out` when given."""
    over = _softplus_over(x, beta, threshold)
    if over is not None:
        np.copyto(result, at_over, where=over)
    if out is None or result is out:
        return result
    out[...] = result
    return out


@writes_into
def _softplus(x: Array, beta: float, threshold: float, out: Array | None = None) -> Array:
    value = _softplus_unit(x, out) if beta == 1 else _Softplus(x, beta).value(x, beta)
    return _torch_switch(x, beta, threshold, value, x, out)


@writes_into
def _softplus_grad(x: Array, beta: float, threshold: float, out: Array | None = None) -> Array:
    grad = _sigmoid(x, out) if beta == 1 else _Softplus(x, beta).grad(x, beta)
    return _torch_switch(x, beta, threshold, grad, 1.0, out)


@writes_into
def _softplus_grad2(x: Array, beta: float, threshold: float, out: Array | None = None) -> Array:
    grad2 = _sigmoid_grad(x, out) if beta == 1 else _Softplus(x, beta).grad2(x, beta)
    return _torch_switch(x, beta, threshold, grad2, 0.0, out)


def _softplus_exact(mp: Any, x: Any, beta: float, threshold: float) -> Any:
    # The switch is decided as torch decides it, on the rounded product beta·x (here in float64).
    if beta * float(x) > threshold:
        return x
    z = beta * x
    if z > 0:
        return x + mp.log1p(mp.exp(-z)) / beta
    return mp.log1p(mp.exp(z)) / beta


def _softplus_range(beta: float, threshold: float) -> Interval:
    return Interval(min(0.0, threshold / beta), math.inf, False, False)


def _softplus_smoothness(beta: float, threshold: float) -> Smoothness:
    return "discontinuous" if math.isfinite(threshold) else "C∞"


def _softplus_breakpoints(beta: float, threshold: float) -> tuple[float, ...]:
    """0, ±700/beta (where exp(-beta|x|) starts being rescaled) and torch's switch to x."""
    points = {0.0, threshold / beta} | {sign * SHIFT / beta for sign in (-1, 1)}
    return tuple(sorted(p for p in points if math.isfinite(p)))


# --- squareplus: (x + sqrt(x² + b))/2 (Barron 2021) -------------------------------------------

class _SquareplusFar:
    """The rare branch, x² + b > FAR (or a tiny b): |x| = 2**e·xs and x² + b = 2**(2e)·(w + wl)
    with xs <= 1, and b = 2**eb·mb, so that no power overflows and nothing that matters
    underflows, whatever b."""

    def __init__(self, x: Array, b: float) -> None:
        self.x = x
        ax = np.abs(finite(x))
        _, self.e = np.frexp(np.maximum(ax, math.sqrt(b)))
        self.mb, self.eb = math.frexp(b)
        self.xs = np.ldexp(ax, -self.e)
        self.w, self.wl = _quadratic(self.xs, 1.0, np.ldexp(b, -2 * self.e))
        root = np.sqrt(self.w)
        self.hs = root + root * (0.5 * self.wl / self.w)

    def value(self) -> Array:
        negative = np.ldexp(self.mb / (2.0 * (self.hs + self.xs)), self.eb - self.e)
        positive = 0.5 * finite(self.x) + 0.5 * np.ldexp(self.hs, self.e)
        return where_finite(self.x, np.where(self.x < 0, negative, positive), math.inf, 0.0)

    def grad(self) -> Array:
        negative = np.ldexp(self.mb / (2.0 * self.hs * (self.hs + self.xs)), self.eb - 2 * self.e)
        return np.where(self.x < 0, negative, 0.5 + 0.5 * (self.xs / self.hs))

    def grad2(self) -> Array:
        g = self.mb / (2.0 * self.w * np.sqrt(self.w))  # b/(2h³)
        out: Array = np.ldexp(g - g * (1.5 * self.wl / self.w), self.eb - 3 * self.e)
        return out


def _squareplus(x: Array, b: float) -> Array:
    if b == 0:
        return np.maximum(x, 0.0)
    if b < 1 / FAR:  # powers of x² + b would underflow: rescale everywhere
        return _SquareplusFar(x, b).value()
    with np.errstate(over="ignore"):
        w = x * x + b
    # (x + h)/2 = (h - |x|)/2 + max(x, 0) and h - |x| = b/(h + |x|): two positive terms, no
    # cancellation for x ≪ 0.
    out = 0.5 * (b / (np.sqrt(w) + np.abs(x))) + np.maximum(x, 0.0)
    return patch(out, w > FAR, lambda v: _SquareplusFar(v, b).value(), x)


def _squareplus_grad(x: Array, b: float) -> Array:
    if b == 0:
        return np.where(np.isnan(x), x, np.where(x > 0, 1.0, 0.0))
    if b < 1 / FAR:
        return _SquareplusFar(x, b).grad()
    with np.errstate(over="ignore"):
        w = np.square(x)
    w += b
    if w.max(initial=0.0) < FAR:
        # s = b/(2h(h + |x|)) is the slope at -|x| (with h² = x² + b known to one rounding), and
        # the slope at |x| is 1 - s, where s <= 1/2: both are |H - s|, H = 1 where x >= 0.
        ax = np.abs(x)
        h = np.sqrt(w)
        h *= ax
        h += w
        s = np.divide(0.5 * b, h, out=h)
        s -= x >= 0
        return np.abs(s, out=s)
    q = _Quadratic(x, 1.0, b, exact="none")  # the slope needs no wl
    h = np.sqrt(q.w)
    # (1 + x/h)/2 cancels once x/h < -1/2, i.e. x < -√(b/3); there it is b/(2h(h + |x|)),
    # with h² = x² + b known to one rounding.
    negative = 0.5 * b / (q.w + h * np.abs(q.x))
    out = select(q.x < -math.sqrt(b / 3), negative, 0.5 + 0.5 * (q.x / h))
    return patch(out, q.far, lambda v: _SquareplusFar(v, b).grad(), x)


def _squareplus_grad2(x: Array, b: float) -> Array:
    if b == 0:
        return np.where(np.isnan(x), x, 0.0)
    if b < 1 / FAR:
        return _SquareplusFar(x, b).grad2()
    short = _short_quadratic(x, 1.0, b)
    if short is not None:
        return _short_inverse_power(*short, 3, 0.5 * b)
    q = _Quadratic(x, 1.0, b)
    return patch(q.inverse_power(3, 0.5 * b), q.far, lambda v: _SquareplusFar(v, b).grad2(), x)


def _squareplus_exact(mp: Any, x: Any, b: float) -> Any:
    h = mp.sqrt(x * x + b)
    return (x + h) / 2 if x >= 0 else b / (2 * (h - x))


def _squareplus_kinks(b: float) -> tuple[Kink, ...]:
    # b = 0 is relu; the formula itself gives 0/0 for the slope at 0, so relu's convention is used.
    return (Kink(0.0, 0.0, 0.0),) if b == 0 else ()


def _squareplus_breakpoints(b: float) -> tuple[float, ...]:
    """0, where the slope changes formula, and where the rescaled branch starts."""
    edge = min(X_NEAR, math.sqrt(FAR))
    return tuple(sorted({-edge, -math.sqrt(b / 3), 0.0, edge}))


# --- bent identity: (sqrt(x² + 1) - 1)/2 + x --------------------------------------------------

def _bent_w(x: Array) -> Array:
    with np.errstate(over="ignore"):
        return x * x + 1.0


def _bent_identity(x: Array) -> Array:
    xf = finite(x)
    w = _bent_w(xf)
    # sqrt(x²+1) - 1 = x²/(h + 1), so f = x·(1 + x/(2(h + 1))), whose bracket lies in (1/2, 3/2)
    out = xf * (1.0 + 0.5 * (xf / (np.sqrt(w) + 1.0)))
    # beyond 2**145, x/(h + 1) is ±1 to within 2**-145
    return patch(out, w > FAR, lambda v: v * (1.0 + 0.5 * np.sign(v)), x)


def _bent_identity_grad(x: Array) -> Array:
    xf = finite(x)
    w = _bent_w(xf)
    return patch(1.0 + 0.5 * (xf / np.sqrt(w)), w > FAR, lambda v: 1.0 + 0.5 * np.sign(v), x)


def _bent_identity_grad2(x: Array) -> Array:
    """(1 + x²)^(-3/2)/2: squareplus'' with b = 1."""
    return _squareplus_grad2(x, 1.0)


def _bent_identity_exact(mp: Any, x: Any) -> Any:
    return x * x / (2 * (mp.sqrt(x * x + 1) + 1)) + x


SOFTPLUS_NOTES = (
    "torch.nn.Softplus defaults to threshold=20 and returns x itself where beta·x > 20, with "
    "derivative 1 there; actcli's default threshold=inf is exact everywhere. softplus:threshold=20 "
    "reproduces torch, jump included (pytorch/pytorch#31110, #55587).",
    "log(1 + e^x) overflows for x > 709 when written as it reads; actcli uses "
    "max(x, 0) + log1p(e^-|x|)/beta, scaled by beta without overflowing beta·x.",
)

DEFINITIONS = (
    Definition(
        name="sigmoid",
        aliases=("logistic", "expit"),
        summary="Logistic sigmoid: 1 / (1 + e^-x), from 0 to 1",
        formula="1 / (1 + e^-x)",
        grad_formula="sigmoid(x)·sigmoid(-x)",
        latex=r"\frac{1}{1 + e^{-x}}",
        value=_sigmoid,
        grad=_sigmoid_grad,
        grad2=_sigmoid_grad2,
        exact=_sigmoid_exact,
        output_range=UNIT,
        source="Verhulst 1838 (the logistic curve); torch.nn.Sigmoid; scipy.special.expit",
        family="sigmoidal",
        smoothness="C∞",
        monotonic=True,
        zero_centred=False,
        breakpoints=lambda: (0.0,),
        notes=("The slope is computed as sigmoid(x)·sigmoid(-x), not sigmoid(x)·(1 - sigmoid(x)), "
               "which loses every digit for x > 37 where sigmoid(x) rounds to 1.",),
    ),
    Definition(
        name="log_sigmoid",
        aliases=("logsigmoid",),
        summary="log(sigmoid(x)) = -softplus(-x), from -∞ to 0",
        formula="-log(1 + e^-x)",
        grad_formula="sigmoid(-x)",
        latex=r"-\log(1 + e^{-x})",
        value=_log_sigmoid,
        grad=_log_sigmoid_grad,
        grad2=lambda x: -_sigmoid_grad(x),
        exact=_log_sigmoid_exact,
        output_range=Interval(-math.inf, 0.0, False, False),
        source="torch.nn.LogSigmoid; scipy.special.log_expit",
        family="sigmoidal",
        smoothness="C∞",
        monotonic=True,
        zero_centred=False,
        breakpoints=lambda: (0.0,),
        notes=("log(sigmoid(x)) computed in two steps gives -inf below x ≈ -745 (and, in old "
               "torch, at -300: pytorch/pytorch#1835); the true value is ≈ x.",),
    ),
    Definition(
        name="tanh",
        summary="Hyperbolic tangent, from -1 to 1",
        formula="(e^x - e^-x) / (e^x + e^-x)",
        grad_formula="sech²(x) = 1 - tanh²(x)",
        latex=r"\tanh(x)",
        value=np.tanh,
        grad=_sech2,
        grad2=_tanh_grad2,
        exact=lambda mp, x: mp.tanh(x),
        output_range=SYMMETRIC_UNIT,
        source="LeCun et al. 1998, Efficient BackProp; torch.nn.Tanh",
        family="sigmoidal",
        smoothness="C∞",
        monotonic=True,
        zero_centred=True,
        breakpoints=lambda: (-TANH_FAR, TANH_FAR),  # where sech² is rescaled
        notes=("1 - tanh²(x) loses every digit for |x| > 19; actcli computes sech² from "
               "e^-2|x| instead.",),
    ),
    Definition(
        name="softsign",
        aliases=("soft_sign",),
        summary="x / (1 + |x|): a tanh-like curve with polynomial tails",
        formula="x / (1 + |x|)",
        grad_formula="1 / (1 + |x|)²",
        latex=r"\frac{x}{1 + |x|}",
        value=_softsign,
        grad=_softsign_grad,
        grad2=_softsign_grad2,
        exact=lambda mp, x: x / (1 + abs(x)),
        output_range=SYMMETRIC_UNIT,
        source="Bergstra et al. 2009, Quadratic polynomials learn better image features; "
               "Turian, Bergstra, Bengio 2009; torch.nn.Softsign",
        family="sigmoidal",
        smoothness="C1",
        monotonic=True,
        zero_centred=True,
        # f'' jumps from 2 to -2 at 0; beyond 2**300 the powers of 1 + |x| are rescaled
        breakpoints=lambda: (-(2.0**300), 0.0, 2.0**300),
    ),
    Definition(
        name="arctan",
        aliases=("atan",),
        summary="Inverse tangent, from -π/2 to π/2",
        formula="atan(x)",
        grad_formula="1 / (1 + x²)",
        latex=r"\arctan(x)",
        value=np.arctan,
        grad=_arctan_grad,
        grad2=_arctan_grad2,
        exact=lambda mp, x: mp.atan(x),
        output_range=Interval(-math.pi / 2, math.pi / 2, False, False),
        source="the inverse tangent, a classic bounded activation; numpy.arctan",
        family="sigmoidal",
        smoothness="C∞",
        monotonic=True,
        zero_centred=True,
        breakpoints=lambda: (-math.sqrt(FAR), math.sqrt(FAR)),  # where the rescaled branch starts
    ),
    Definition(
        name="isru",
        summary="Inverse square root unit: x / sqrt(1 + a x²)",
        formula="x / √(1 + a·x²)",
        grad_formula="(1 + a·x²)^(-3/2)",
        latex=r"\frac{x}{\sqrt{1 + a x^2}}",
        params=(Param("a", 1.0, "sets the saturation level ±1/√a", "positive"),),
        value=_isru,
        grad=_isru_grad,
        grad2=_isru_grad2,
        exact=_isru_exact,
        breakpoints=_isru_breakpoints,
        output_range=lambda a: Interval(-_inverse_sqrt(a), _inverse_sqrt(a), False, False),
        source="Carlile et al. 2017, Improving deep learning by inverse square root linear units",
        family="sigmoidal",
        smoothness="C∞",
        monotonic=True,
        zero_centred=True,
        examples=("isru:a=3",),
    ),
    Definition(
        name="softplus",
        summary="Smooth ReLU: log(1 + e^(beta·x)) / beta",
        formula="log(1 + e^(β·x)) / β  (x where β·x > threshold)",
        grad_formula="sigmoid(β·x)  (1 where β·x > threshold)",
        latex=r"\frac{1}{\beta}\log(1 + e^{\beta x})",
        params=(Param("beta", 1.0, "sharpness: larger is closer to relu", "positive"),
                Param("threshold", math.inf,
                      "return x where beta·x exceeds this (torch uses 20)", "real")),
        value=_softplus,
        grad=_softplus_grad,
        grad2=_softplus_grad2,
        exact=_softplus_exact,
        output_range=_softplus_range,
        source="Dugas et al. 2001, Incorporating second-order functional knowledge; torch.nn.Softplus",
        family="sigmoidal",
        smoothness=_softplus_smoothness,
        # softplus(x) > x, so the jump back to x at a finite threshold goes down
        monotonic=lambda beta, threshold: not math.isfinite(threshold),
        zero_centred=False,
        breakpoints=_softplus_breakpoints,
        examples=("softplus:threshold=20", "softplus:beta=0.3"),
        notes=SOFTPLUS_NOTES,
    ),
    Definition(
        name="squareplus",
        summary="(x + sqrt(x² + b)) / 2: a softplus built from a square root",
        formula="(x + √(x² + b)) / 2",
        grad_formula="(1 + x/√(x² + b)) / 2",
        latex=r"\frac{x + \sqrt{x^2 + b}}{2}",
        params=(Param("b", 4.0, "curvature near 0 (b = 0 gives relu)", "nonnegative"),),
        value=_squareplus,
        grad=_squareplus_grad,
        grad2=_squareplus_grad2,
        exact=_squareplus_exact,
        output_range=POSITIVE,
        source="Barron 2021, Squareplus: a softplus-like algebraic rectifier (arXiv:2112.11687); "
               "jax.nn.squareplus",
        family="sigmoidal",
        smoothness=lambda b: "C∞" if b > 0 else "C0",
        monotonic=True,
        zero_centred=False,
        breakpoints=_squareplus_breakpoints,
        kinks=_squareplus_kinks,
        examples=("squareplus:b=0.5",),
        notes=("jax.nn.squareplus computes x + √(x² + b) as written, which cancels for x ≪ 0: in "
               "float64 it is 25% off at x = -1e8, 0 from about -3e8, and +inf with slope 1/2 once "
               "x² overflows (x < -1.3e154). actcli uses b/(2(√(x² + b) - x)) there.",),
    ),
    Definition(
        name="bent_identity",
        summary="(sqrt(x² + 1) - 1)/2 + x: identity bent upwards, slope from 1/2 to 3/2",
        formula="(√(x² + 1) - 1)/2 + x",
        grad_formula="x / (2√(x² + 1)) + 1",
        latex=r"\frac{\sqrt{x^2 + 1} - 1}{2} + x",
        value=_bent_identity,
        grad=_bent_identity_grad,
        grad2=_bent_identity_grad2,
        exact=_bent_identity_exact,
        output_range=REALS,
        source="a folklore activation, listed e.g. in Wikipedia's table of activation functions",
        family="sigmoidal",
        smoothness="C∞",
        monotonic=True,
        zero_centred=True,
        breakpoints=lambda: (-math.sqrt(FAR), math.sqrt(FAR)),  # where the rescaled branch starts
    ),
)
