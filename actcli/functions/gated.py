"""Self-gated functions x·g(x): SiLU (swish) and swish with a β, QuickGELU, Mish, TanhExp, LiSHT.

Each gate tends to 1 on the right and to 0 on the left (LiSHT's tanh to ±1), so the functions are
nearly x on one side and nearly x·e^x on the other, which is subnormal below x ≈ -708. The gates
are written through e^-|x| (or e^x clipped above), which never overflows; the far left tails are
formed as c·e^-a with the exponential's power of two kept apart (actcli.special.exp_dd), so that
the one rounding into the subnormal range comes last. Arguments are clipped where an exponential
would leave the normal range in the bulk formulas: subnormal arithmetic costs tens of times more.

The logistic gate works at z = β·x; where β is not a power of two (QuickGELU's 1.702), z is kept
as an exact product plus a small part, and e^-|z| formed from both (a rounded z would not do: e^-|z|
turns its rounding into a relative error of the result, up to |z|·2**-53); see _Gate. The value
x/(1 + e^-z) is the textbook's formula at that exact z, for blocks where e^-z cannot overflow.

The derivatives have zeros that no float hits (silu' at -1.2785, where silu has its minimum;
silu'' at ±2.3994; mish', mish'', tanhexp', tanhexp'' likewise). There the closed forms subtract
nearly equal terms, and within a radius of each zero a series about it takes over (stable.patch_near_root;
Taylor series from tools/root_series.py, or a wider Chebyshev fit). The radius is where the closed
form's error, mostly the rounding error of e^x divided by the distance to the zero, has fallen to
about an ULP; where the closed form is evaluated in double-double from a double-double e^x (mish'',
tanhexp'' on the right) a small radius suffices.

Large arrays are worked in blocks (see stable.BLOCK), so that the careful formulas cost about what the
textbook ones do; double-double work is kept to the rows that have the time for it.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from actcli import double_double as dd
from actcli.definition import REALS, Array, Definition, Interval, Param
from actcli.double_double import Pair
from actcli.functions.sigmoidal import _sech2
from actcli.special import INV_LN2_64, LN2_64_HI, LN2_64_LO, POW2_HI, POW2_LO, exp_dd
from actcli.stable import (
    Index,
    Series,
    below,
    call_into,
    exactly_product,
    finite,
    horner,
    in_blocks,
    keep_nan,
    leading_bits,
    output,
    patch,
    patch_near_root,
    product_exact,
    two_product,
    two_sum,
    writes_into,
)

if TYPE_CHECKING:
    from fractions import Fraction


# Beyond a = TAIL, e^-a is near the subnormal range: c·e^-a is then formed by _times_exp_neg.
TAIL = 700.0
# Beyond a = FAR, c·e^-a underflows to 0 for every float c (e^-1500·DBL_MAX < 2**-1450).
FAR = 1500.0
QUICK_GELU_BETA = (1.702, 4.263256414560601e-17)  # the decimal 1.702 as hi + lo
# The mpmath forms: beyond |x| = EXACT_FAR the gates are 0 or 1 to over 4000 digits, and
# e^(±x) itself would cost mpmath minutes at |x| = 1e400000 (it reduces x by ln 2 to all digits).
EXACT_FAR = 10**4


# --- shared helpers ------------------------------------------------------------------------


def _times_exp_neg(c: Array, a: Array, a_lo: Array | float = 0.0, exponent: int = 0) -> Array:
    """c·e^-(a + a_lo)·2**exponent for a > 0 and finite c, rounded once.

    exp_dd keeps the result's power of two apart, and only the final np.ldexp rounds, into the
    subnormal range where the result is subnormal (c·np.exp(-a) would round e^-a there first,
    and lose every digit)."""
    hi, lo, k = exp_dd(-np.minimum(a, FAR), -a_lo)
    m, ec = np.frexp(c)
    out: Array = np.ldexp(m * hi + m * lo, ec + k + exponent)
    return out


def _far_left(out: Array, x: Array, offset: float = 0.0) -> Array:
    """`out` with the far left tail e^x·(offset + x) where x < -TAIL, rounded once (mish,
    tanhexp and their derivatives)."""
    return patch(out, below(x, -TAIL), lambda m: _times_exp_neg(offset + finite(x[m]), -x[m]))


def _one_plus_small(e: Array) -> Pair:
    """1 + e as hi + lo exactly, for 0 <= e <= 1."""
    d = 1.0 + e
    return d, e - (d - 1.0)


def _by_side(x: Array, left: Callable[[Array], Array], right: Callable[[Array], Array]) -> Array:
    """left(x) for x <= 0 and right(x) for x > 0, each on its own points only; NaN kept."""
    out = x.copy()
    for side, branch in ((x <= 0, left), (x > 0, right)):
        where = np.flatnonzero(side)
        if where.size:
            out[where] = branch(x[where])
    return out


def _exp_pair(x: Array) -> Pair:
    """e^x as hi + lo, to about 2**-62 relative (while normal), from special.exp_dd."""
    hi, lo, k = exp_dd(x)
    return np.ldexp(hi, k), np.ldexp(lo, k)


def _exp_fine(x: Array) -> Pair:
    """e^x as hi + lo to about 2**-72 relative, for |x| <= 600, where exp_dd's 2**-60 is not enough
    (e^-2u with u = e^x amplifies u's error by 2u). The same reduction x = n·ln2/64 + r, with
    expm1(r) in double-double up to r²/2 and 2**(n/64) from special's table."""
    n = np.rint(x * INV_LN2_64)
    r_hi, r_lo = two_sum(x - n * LN2_64_HI, -n * LN2_64_LO)  # the first difference is exact
    sq_hi, sq_lo = two_product(r_hi, r_hi)
    # r³/6·(1 + r/4 + r²/20 + r³/120 + r⁴/840); |r| < 0.0055, so the next term is below 2**-72
    cube = r_hi * sq_hi * (1 / 6 + r_hi * (1 / 24 + r_hi * (1 / 120 + r_hi * (1 / 720 + r_hi / 5040))))
    expm1_r = dd.add((r_hi, r_lo), dd.renormalize(0.5 * sq_hi, 0.5 * sq_lo + r_hi * r_lo + cube))
    ni = n.astype(np.int64)
    table = (POW2_HI[ni & 63], POW2_LO[ni & 63])
    hi, lo = dd.add(table, dd.mul(table, expm1_r))
    k = ni >> 6
    return np.ldexp(hi, k), np.ldexp(lo, k)


# --- the logistic gate: silu, swish_beta, quick_gelu (and LiSHT's second derivative) -----------

# silu's minimum is -0.278464542761073795109... at x = -1.278464542761073795109...
# (mpmath.findroot on silu' at 50 digits; the minimum is x + 1 there, as 1 + x·σ(-x) = 0),
# rounded down so that the interval holds it.
SILU_MIN = -0.2784645427610738
# QuickGELU's is silu's divided by 1.702: -0.163610189636353581145... at x = -0.7511542554412889...
QUICK_GELU_MIN = -0.1636101896363536

# silu' and silu'' about their zeros (at silu's minimum, and silu'' is even), on |t| <= 0.5:
# Chebyshev fits of silu'(zero + t)/t and silu''(zero + t)/t (mpmath.chebyfit, 17 and 18 terms,
# relative errors 5e-17 and 9e-17 with the coefficients rounded, where Taylor series need 26 and 24;
# the points near a zero are few, and their cost is numpy's per-call time).
# The zeros to 50 digits (mpmath.findroot at 70 digits on 1 + x·σ(-x) = 0 and x·tanh(x/2) = 2).
SILU_GRAD_ZERO = "-1.2784645427610737951093587390229801554394774886197"
SILU_GRAD2_ZERO = "2.3993572805154676678327396972822838885229175768372"
SILU_GRAD_ROOT: Series = ((-1.2784645427610737, -1.0946994183093437e-16), 0.5, (
    0.2178117057198001, 0.14664879699694688, 0.018874814223782312, -0.015222655223185992,
    -0.006606589138356573, 0.0001266274099668298, 0.0007985218818328561, 0.00018570724649065925,
    -4.0905342198131805e-05, -2.973358070791954e-05, -2.942634271370016e-06,
    2.3463222041160545e-06, 8.59987941304198e-07, -3.1782810440867215e-08,
    -9.274906565267869e-08, -1.5925545782218685e-08, 4.82333081258349e-09))
SILU_GRAD2_ROOT: Series = ((2.3993572805154675, 1.8464872855353363e-16), 0.5, (
    -0.09153052016419229, 0.07629586548655085, -0.02248725923422533, -0.001836670144762843,
    0.003862816776830633, -0.0013663696912368495, 0.00011513070194287911, 9.644059294464834e-05,
    -4.745074247236622e-05, 8.432377500968217e-06, 1.2461578029285527e-06,
    -1.1904597757497808e-06, 3.1449009117759715e-07, -9.909184291072364e-09,
    -2.2717727389708524e-08, 8.642174917677301e-09, -9.263829161005577e-10,
    -3.4020236601862905e-10))


class _Beta(NamedTuple):
    """β > 0 as (hi + lo)·2**p with hi in [1, 2); lo carries the tail of a decimal constant such
    as QuickGELU's 1.702. The gate works on x' = 2**p·x, where z = β·x = (hi + lo)·x', and the
    root series of silu' and silu'' are rescaled to x'."""

    hi: float
    lo: float
    p: int
    limit: float  # |x| beyond which the gate is saturated: x is clipped there
    tame: float  # |x| below which |z| < TAIL: no tails and no clipping
    grad_root: Series  # silu' at x'
    grad2_root: Series  # (hi + lo)·silu'' at x'
    head: float  # hi cut to 26 significant bits, so that its product with leading_bits(v) is exact
    rest: float  # (hi - head) + lo

    @property
    def exact(self) -> bool:
        """Whether β is a power of two, so that z = 2**p·x is exact."""
        return self.hi == 1.0 and self.lo == 0.0


def _rescale(series: Series, zero: str, scale: Fraction, hi: float, factor: Fraction | int = 1) -> Series:
    """The series of factor·g(s·x') about x' = zero/s, from that of g about zero: coefficient k
    gains a factor factor·s**k (exact fractions, rounded once). The zero comes from its digits:
    near it a float x can be far closer to zero/s than the rounding error of the double-double
    zero divided by s."""
    from fractions import Fraction

    _, radius, coefficients = series
    root = Fraction(zero) / scale
    new_hi = float(root)
    new_lo = float(root - Fraction(new_hi))
    scaled = tuple(float(factor * Fraction(c) * scale ** (k + 1)) for k, c in enumerate(coefficients))
    return (new_hi, new_lo), radius / hi, scaled


@functools.cache
def _beta(beta: float, beta_lo: float = 0.0) -> _Beta:
    """The split of β > 0 (plus beta_lo, far below its last bit) that the gate uses."""
    mantissa, exponent = math.frexp(beta)
    p = exponent - 1
    hi = 2.0 * mantissa
    lo = math.ldexp(beta_lo, -p)
    try:
        limit = math.ldexp(2.0 * FAR, -p)  # |z| >= 3000 beyond: e^-|z| is 0
    except OverflowError:
        limit = math.inf
    head = math.ldexp(math.floor(math.ldexp(hi, 25)), -25)
    from fractions import Fraction  # here, not at the top: the import costs start-up 3 ms

    scale = Fraction(hi) + Fraction(lo)
    try:
        tame = math.ldexp(TAIL / (hi + 2.0**-50), -p)  # |z| = β|x| < TAIL below, β's rounding included
    except OverflowError:
        tame = math.inf
    (root, root_lo), radius, coefficients = _rescale(SILU_GRAD_ROOT, SILU_GRAD_ZERO, scale, hi)
    return _Beta(hi, lo, p, limit, tame, ((root, root_lo), radius, coefficients),
                 _rescale(SILU_GRAD2_ROOT, SILU_GRAD2_ZERO, scale, hi, factor=scale), head, (hi - head) + lo)


def _product_error(v: Array, product: Array, beta: _Beta) -> Array:
    """(hi + lo)·v - product for product = v·hi rounded, to about 2**-75 of the product: Dekker's
    exact product with v cut by stable.leading_bits (one mask) and hi split ahead,
    (hi + lo)·v = head·β.head + (v - head)·β.head + v·β.rest, the last two rounded (they need
    only their leading bits). Inf or NaN where the product overflows."""
    head = leading_bits(v)
    error = head * beta.head  # exact, and within a factor 2 of the product: the difference is exact
    error -= product
    tail = np.subtract(v, head, out=head)
    tail *= beta.head
    error += tail
    error += np.multiply(v, beta.rest, out=tail)
    return error


class _Gate:
    """The logistic gate at z = β·x, through e = e^-|z| (which never overflows).

    |z| (or z) is held as -(na + na_lo): where β is not a power of two, |x'| = h + l with h its leading
    26 bits (x' = 2**p·x), na = -h·head exactly and na_lo = -(l·head + |x'|·rest), some 2**-26 of
    na, rounded far below na's last bit; e = e^na + e^na·q with e^na_lo = 1 + q from its series
    (one exponential and one rounding: e^na·e^na_lo would round three times). A rounded z would
    not do: e^-|z| turns its absolute error into a relative one (an ULP of 700 is 2**-43). Where β
    is a power of two, na = -|x'| and na_lo is None. `fine` also keeps e^na and e^na·q as the
    pair `fine_e`, whose sum is e before that last rounding.

    A block whose |z| stays within TAIL (two reductions) takes x as it is; otherwise x is cut to
    finite values and |x'| to where e^-|z| is 0 (no inf·0 in the kernels), and the points beyond
    TAIL are marked for the tails."""

    def __init__(self, x: Array, beta: _Beta, fine: bool = False, signed: bool = False) -> None:
        """The gate at |z|, or at z itself where `signed` (e = e^-z, for the value's x/(1 + e):
        only blocks within TAIL, where e^-z stays finite; others cut x there and take the tails)."""
        self.beta = beta
        self.xc = x
        self.scaled = beta.p != 0
        scale = math.ldexp(1.0, beta.p)
        if signed:
            reach = max(-np.fmin.reduce(x, axis=None, initial=math.inf),  # NaN ignored
                        np.fmax.reduce(x, axis=None, initial=-math.inf))
            self.far = not reach <= beta.tame
            if self.far:
                self.xc = finite(x)
            v = np.clip(self.xc, -beta.tame, beta.limit) if self.far else x
            if beta.p:
                v = v * scale
        else:
            v = np.abs(x)
            reach = np.fmax.reduce(v, axis=None, initial=0.0)
            self.far = not reach <= beta.tame
            if self.far:
                self.xc = finite(x)
                np.abs(self.xc, out=v)
                np.minimum(v, beta.limit, out=v)  # beyond, e^-|z| is 0
            if beta.p:  # a power of two: exact, as np.ldexp
                v *= scale
        self.xs = v  # x' = 2**p·x, or |x'|: the root series' variable
        self.na_lo: Array | None = None
        self.fine_e: Pair | None = None
        if beta.exact:
            self.na: Array = np.negative(v)
            self.e: Array = np.exp(self.na)
            return
        h = leading_bits(v)
        self.na = h * -beta.head
        low = np.subtract(v, h, out=h)
        low *= -beta.head
        na_lo = np.multiply(v, -beta.rest)
        na_lo += low
        self.na_lo = na_lo
        self.e = np.exp(self.na)
        # e^na_lo = 1 + q, q = n(1 + n(1/2 + n/6)) with n = na_lo; n³/6 < 2**-56 where |z| < 200
        if reach * scale * beta.hi > 200.0:
            q = np.multiply(na_lo, 1 / 6, out=low)
            q += 0.5
            q *= na_lo
        else:
            q = np.multiply(na_lo, 0.5, out=low)
        q += 1.0
        q *= na_lo
        q *= self.e
        if fine:
            self.fine_e = self.e, q
            self.e = self.e + q
        else:
            self.e += q

    def beyond(self, left_only: bool = True) -> Index | None:
        """The points where z < -TAIL (or |z| > TAIL), in far blocks only."""
        if not self.far:
            return None
        beyond = np.abs(self.xc) > self.beta.tame
        if left_only:
            beyond &= self.xc < 0
        return np.flatnonzero(beyond)

    def a_at(self, where: Index) -> Pair:
        """|z| at the points `where` as hi + lo (lo far below hi's last bit)."""
        beta = self.beta
        ax = np.minimum(np.abs(self.xc[where]), beta.limit) * math.ldexp(1.0, beta.p)
        if beta.exact:
            return ax, np.zeros_like(ax)
        hi, lo = two_product(ax, beta.hi)
        lo += ax * beta.lo
        return hi, lo

    def tail(self, where: Index, c: Array, exponent: int = 0) -> Array:
        """c·e^-|z|·2**exponent at the points `where`, rounded once."""
        a, a_lo = self.a_at(where)
        return _times_exp_neg(c, a, a_lo, exponent)

    def signed(self, x: Array) -> Array:
        """x' = 2**p·x, the root series' variable, signed (x itself where that is it)."""
        return np.copysign(self.xs, self.xc) if self.far or self.scaled else x


@in_blocks
@writes_into
def _swish_value(x: Array, beta: _Beta, out: Array | None = None) -> Array:
    """x·σ(β·x) = x/(1 + e) for β > 0, e = e^-z."""
    g = _Gate(x, beta, signed=True)
    d = np.add(g.e, 1.0, out=g.e)
    v = np.divide(x, d, out=output(x, out))
    return patch(v, g.beyond(), lambda m: g.tail(m, g.xc[m]))


@in_blocks
@writes_into
def _swish_grad(x: Array, beta: _Beta, out: Array | None = None) -> Array:
    """silu'(z) = σ(z)(1 + z·σ(-z)) at z = β·x: s·t/(1 + e)² with t = (1 + e) + z·c, where
    (s, c) = (1, e) on the right and (e, 1) on the left (z·c = |z|·min(e, ±1), s = max(e, ±1));
    t cancels near the minimum, where the series takes over. (1 + e)² = 1 + e(2 + e) is formed with
    its last rounding recovered."""
    g = _Gate(x, beta)
    e, na = g.e, g.na
    sign = np.copysign(1.0, g.xc)
    c = np.fmin(e, sign)  # e on the right, -1 on the left
    t = na * c
    np.subtract(1.0, t, out=t)  # exact on the left for z <= -1/2, near the root too
    t_lo = None
    if g.na_lo is None:
        t += e
        t *= np.fmax(e, sign, out=sign)  # 1 on the right, e on the left
    else:  # + z's low part and the rounding of t (QuickGELU's rows have the time)
        # t + e = s + t_lo exactly by Fast2Sum: t >= 1 >= e on the right; on the left (t = 1 - a)
        # either t's exponent is at least e's, or (1/2 < a < 0.78) t, e and s are multiples of 2**-53
        s = t + e
        t_lo = np.subtract(s, t, out=t)
        np.subtract(e, t_lo, out=t_lo)
        t = s
        c *= g.na_lo
        t_lo -= c
        factor = np.fmax(e, sign, out=sign)  # 1 on the right, e on the left
        t_lo *= factor
        t *= factor
    part = np.add(e, 2.0, out=c)
    part *= e
    square = part + 1.0
    correction = square - 1.0
    np.subtract(part, correction, out=correction)  # square + correction = 1 + e(2 + e) exactly
    v = np.divide(t, square, out=output(x, out))
    correction *= v
    if t_lo is not None:
        correction -= t_lo
    correction /= square
    v -= correction
    v = patch_near_root(g.signed(x), v, beta.grad_root)

    def tail(m: Index) -> Array:  # far left: e^-|z|·(1 + z)
        a, a_lo = g.a_at(m)
        return g.tail(m, (1.0 - a) - a_lo)

    return patch(v, g.beyond(), tail)


@in_blocks
@writes_into
def _swish_grad2(x: Array, beta: _Beta, extra: int = 0, out: Array | None = None) -> Array:
    """β·silu''(z)·2**extra at z = β·x: silu'' is even, e·B/(1 + e)³ with a = |z|, e = e^-a and
    B = (2 - a) + e(2 + a) (σ(z)σ(-z)(2 - z·tanh(z/2)), tanh(a/2) = (1 - e)/(1 + e)); 2 - a is
    exact near the zeros of B (Sterbenz), and a's low part enters there. (1 + e)³ = 1 + m,
    m = e(3 + e(3 + e)), is formed with its last rounding recovered."""
    g = _Gate(x, beta, fine=True)
    e, na = g.e, g.na
    bracket = np.add(na, 2.0)
    term = np.subtract(2.0, na)
    if g.na_lo is not None:  # B = (2 - a) + (e(2 + A) - a_lo) with A = a + a_lo, a = -na, a_lo = -na_lo
        term -= g.na_lo
        term *= e
        term += g.na_lo
    else:
        term *= e
    bracket += term
    m = np.add(e, 3.0, out=term)
    m *= e
    m += 3.0
    m *= e
    d3 = m + 1.0
    d3l = d3 - 1.0  # exact, and so is m - (d3 - 1) (Sterbenz, or d3 - 1 = 0)
    np.subtract(m, d3l, out=d3l)  # d3 + d3l = 1 + m exactly
    if g.fine_e is None:  # β a power of two
        v = np.multiply(e, bracket, out=output(x, out))
        v /= d3
        d3l /= d3
        d3l *= v
        v -= d3l
    else:  # e as its pair, the quotient's rounding and the product by β recovered: QuickGELU's rows have the time
        e_hi, e_part = g.fine_e
        p = np.multiply(e_hi, bracket, out=m)
        bracket *= e_part
        q = p / d3
        qd, qd_error = product_exact(q, d3)
        change = np.subtract(p, qd, out=qd)  # p/(d3 + d3l) - q = ((p - q·d3) - q·d3l)/d3, q·d3 exactly
        change -= qd_error
        change += bracket
        d3l *= q
        change -= d3l
        change /= d3
        change *= beta.hi
        v = np.multiply(q, beta.hi, out=output(x, out))
        change += _product_error(q, v, beta)
        v += change
    v = patch_near_root(g.xs, v, beta.grad2_root)
    shift = beta.p + extra
    if shift:
        v *= math.ldexp(1.0, shift)

    def tail(m: Index) -> Array:
        a, a_lo = g.a_at(m)
        c = (2.0 - a) - a_lo
        return g.tail(m, c * beta.hi + c * beta.lo, shift)

    return patch(v, g.beyond(left_only=False), tail)


SCALED_TAIL_MIN = -2000.0  # x·e^x·2**1100 underflows below (exp_dd clips its argument: x must be too)


def silu_left_tail(x: Array, shift: NDArray[np.int32]) -> Array:
    """silu(x)·2**shift = x·e^x·2**shift for x ≤ sigmoid's LEFT_TAIL, where 1 + e^x rounds to 1:
    lets a·silu(b) (SwiGLU) stay exact where silu(b) alone underflows."""
    x = np.maximum(x, SCALED_TAIL_MIN)
    hi, lo, k = exp_dd(x)
    out: Array = np.ldexp((hi + lo) * x, k + shift)
    return out


def silu_grad_left_tail(x: Array, shift: NDArray[np.int32]) -> Array:
    """silu'(x)·2**shift = (1 + x)·e^x·2**shift for x ≤ sigmoid's LEFT_TAIL (see silu_left_tail)."""
    x = np.maximum(x, SCALED_TAIL_MIN)
    hi, lo, k = exp_dd(x)
    out: Array = np.ldexp((hi + lo) * (1.0 + x), k + shift)
    return out


def _logistic(kernel: Callable[..., Array], beta: float = 1.0, beta_lo: float = 0.0) -> Callable[..., Array]:
    """kernel(x, _beta(beta, beta_lo)) as a Definition's function, written into in_blocks' output
    (the split of β is made on the first call: it imports fractions)."""

    @writes_into
    def run(x: Array, out: Array | None = None) -> Array:
        return kernel(x, _beta(beta, beta_lo), out=out)

    return run


@writes_into
def _swish_beta(x: Array, beta: float, out: Array | None = None) -> Array:
    # x·σ(βx) = -((-x)·σ(|β|·(-x))) for β < 0
    if beta == 0:
        return np.multiply(x, 0.5, out=out)
    if beta > 0:
        return _swish_value(x, _beta(beta), out=out)
    return np.negative(_swish_value(-x, _beta(-beta), out=out), out=out)


@writes_into
def _swish_beta_grad(x: Array, beta: float, out: Array | None = None) -> Array:
    if beta == 0:
        return call_into(keep_nan, x, out, 0.5)
    return _swish_grad(x, _beta(beta), out=out) if beta > 0 else _swish_grad(-x, _beta(-beta), out=out)


@writes_into
def _swish_beta_grad2(x: Array, beta: float, out: Array | None = None) -> Array:
    if beta == 0:
        return call_into(keep_nan, x, out, 0.0)
    if beta > 0:
        return _swish_grad2(x, _beta(beta), out=out)
    return np.negative(_swish_grad2(-x, _beta(-beta), out=out), out=out)


def _swish_exact(mp: Any, x: Any, beta: Any = 1) -> Any:
    z = beta * x
    if z < -EXACT_FAR:
        return mp.mpf(0)
    if z > EXACT_FAR:
        return mp.mpf(x)
    return x / (1 + mp.exp(-z))


def _swish_beta_range(beta: float) -> Interval:
    """silu(βx)/β: silu's minimum divided by β, a minimum for β > 0 and a maximum for β < 0."""
    if beta == 0:
        return REALS
    bound = SILU_MIN / beta
    outward = -math.inf if beta > 0 else math.inf
    if math.isfinite(bound) and not exactly_product(bound, beta, SILU_MIN):
        bound = math.nextafter(bound, outward)  # rounded outwards, as SILU_MIN is
    if beta > 0:
        return Interval(bound, math.inf, True, False)
    return Interval(-math.inf, bound, False, True)


def _swish_beta_breakpoints(beta: float) -> tuple[float, ...]:
    """The tail switch and the edges of the root patches, in x."""
    if beta == 0:
        return ()
    (root1, _), radius1, _ = SILU_GRAD_ROOT
    (root2, _), radius2, _ = SILU_GRAD2_ROOT
    z_points = [-TAIL, TAIL, root1 - radius1, root1 + radius1]
    z_points += [s * (root2 + r) for s in (-1, 1) for r in (-radius2, radius2)]
    return tuple(sorted(z / beta for z in z_points))


# --- mish: x·tanh(softplus(x)) ------------------------------------------------------------
#
# With u = e^x, tanh(log(1 + u)) = ((1 + u)² - 1)/((1 + u)² + 1) = n/(n + 2), n = u² + 2u: no
# logarithm, nothing that cancels, and u clipped at e^20, beyond which the fraction rounds to 1.
# The derivatives are rational in u too (left, x <= 0) or in w = e^-x (right).

# mish's minimum is -0.308843413017250406628... at x = -1.192431214515495212... (mpmath.findroot
# on mish' at 50 digits), rounded down.
MISH_MIN = -0.30884341301725043
MISH_FLAT = 20.0  # tanh(softplus(x)) = 1 - 2e^-2x + ... rounds to 1 beyond

# From `python tools/root_series.py mish 1 -1.1924 --radius 0.5 --degree 28`,
# `... mish 2 -2.2564 --radius 0.03125 --degree 10` and `... mish 2 1.4906 --radius 0.03125 --degree 10`;
# mish'' is computed in double-double, accurate to an ULP down to 1/256 from its zeros.
MISH_GRAD_ROOT: Series = ((-1.1924312145154952, -4.8484829848031044e-17), 0.5, (
    0.2669479140495345, 0.20473126408010586, 0.04190782104360987, -0.020271822716684245,
    -0.01582112656173338, -0.0033606849270232685, 0.0010924055409445854, 0.0009898181021289196,
    0.00025412936386191073, -4.1961496031696126e-05, -5.582891567360688e-05, -1.72992708103044e-05,
    9.427361327376651e-07, 2.9088199364912223e-06, 1.071676702702074e-06, 2.6879417855557728e-08,
    -1.4117255919499382e-07, -6.174424363104907e-08, -5.460186173028381e-09, 6.3895954615089855e-09,
    3.3604012383661332e-09, 4.817646300218697e-10, -2.6751871594311224e-10, -1.7442209713382678e-10,
    -3.3904729895707114e-11, 1.0101727316036154e-11, 8.681382594457511e-12, 2.124385967466607e-12))
MISH_GRAD2_ROOTS: tuple[Series, ...] = (
    ((-2.256376396360793, -1.0703174875019247e-16), 0.03125, (
        0.1087544107316427, 0.09898193805255845, 0.03736189561023729, 0.0033540526593358656,
        -0.003860493935188506, -0.002480068109334893, -0.0007927886724150866,
        -0.00010538381919454746, 3.978333053066292e-05, 3.2238496830115364e-05)),
    ((1.4905711794854284, 7.126036715834263e-17), 0.03125, (
        -0.23069451159746054, 0.28127277803034306, -0.0797073551654253, -0.06665173991852782,
        0.05998888116276497, -0.008932244292082872, -0.011535248884490047, 0.0070027488703032735,
        -0.00026852183677313475, -0.0014013096671622836)),
)
MISH_GRAD2_FAR = TAIL / 2  # on the right, mish'' ≈ e^-2x·(8 - 8x): rescaled beyond


@in_blocks
def _mish(x: Array) -> Array:
    """x·h/(1 + h) with h = n/2 = u + u²/2, rounded about once where u is small."""
    u = np.minimum(x, MISH_FLAT)
    np.exp(u, out=u)
    h = u * u
    h *= 0.5
    h += u
    t = h + 1.0
    np.divide(h, t, out=t)
    with np.errstate(invalid="ignore"):  # -inf·0 at x = -inf: replaced by the tail's limit below
        t *= x
    return _far_left(t, x)


def _mish_grad_left(x: Array) -> Array:
    """For x <= 0, with u = e^x: mish' = u·(ω/4)/(δ/2)², ω = u³ + 4u² + (4x + 6)u + 4(x + 1) (x + 1
    exact for x <= -1/2), δ = u² + 2u + 2. δ/2 = 1 + u + u²/2 is formed exactly (its rounding
    would count twice in the square)."""
    u = np.exp(x)
    sq, sq_lo = two_product(u, u)
    h, hl = two_sum(u, 0.5 * sq)  # δ/2 - 1, with hl below
    hl += 0.5 * sq_lo
    d = h + 1.0
    dl = np.maximum(h, 1.0)
    dl -= d
    dl += np.minimum(h, 1.0, out=h)
    dl += hl  # d + dl = δ/2
    p = d * d
    pl = 2.0 * d * dl  # p + pl = (δ/2)² but for p's own rounding
    omega = 0.25 * u
    omega += 1.0
    omega *= u
    omega += np.add(x, 1.5, out=h)
    omega *= u
    omega += np.add(x, 1.0, out=h)
    omega *= u
    omega /= p
    pl /= p
    pl *= omega
    omega -= pl
    return omega


def _mish_grad_right(x: Array) -> Array:
    """For x > 0, with w = e^-x: mish' = 1 + w²·((4x - 2) + (4x - 4)w - 4w²)/D², D = 1 + 2w + 2w²,
    the left form multiplied through by w⁴, less 1."""
    w = np.exp(-x)
    r = 2.0 * w
    r += 2.0
    r *= w  # D - 1
    big_d = r + 1.0
    big_dl = np.maximum(r, 1.0)
    big_dl -= big_d
    big_dl += np.minimum(r, 1.0, out=r)  # big_d + big_dl = 1 + r exactly
    four_x = 4.0 * x
    c = four_x - 4.0
    c -= np.multiply(w, 4.0, out=r)
    c *= w
    c += np.subtract(four_x, 2.0, out=four_x)
    c *= w
    c *= w
    c /= np.multiply(big_d, big_d, out=r)
    big_dl /= big_d
    big_dl *= 2.0
    big_dl *= c
    c -= big_dl
    c += 1.0
    return c


@in_blocks
def _mish_grad(x: Array) -> Array:
    xc = np.clip(x, -FAR, FAR)
    out = _by_side(xc, _mish_grad_left, _mish_grad_right)
    out = patch_near_root(xc, out, MISH_GRAD_ROOT)
    # far left: e^x·(1 + x)
    return _far_left(out, xc, 1.0)


def _mish_grad2_side(v: Pair, coefficients: list[Pair], denominator: tuple[float, ...], lead: int) -> Array:
    """4·v**lead·P(v)/S(v)³ in double-double, rounded once: mish'' = 4u·Q(u)/δ(u)³ on the left
    (v = u = e^x, P = Q, S = δ), and on the right the same multiplied through by w⁶ (v = w = e^-x,
    the coefficients reversed). In plain floats δ³ alone carries three times the rounding error
    of δ, and the error of e^x comes through up to twice (mish'''/mish'' reaches -2)."""
    zero = np.zeros_like(v[0])
    power = v if lead == 1 else dd.mul(v, v)
    numerator = dd.mul(power, dd.horner(coefficients, v))
    s = dd.horner([(c + zero, zero) for c in denominator], v)
    q = dd.div(numerator, dd.mul(dd.mul(s, s), s))
    return 4.0 * (q[0] + q[1])


def _mish_grad2_coefficients(x: Array) -> list[Pair]:
    """Q's coefficients 2(x + 2), 2x + 8, 6 - 3x, 2 - 2x (lowest first), each exact as hi + lo."""
    two_x = 2.0 * x
    six = (np.full_like(x, 6.0), np.zeros_like(x))
    return [two_sum(two_x, 4.0), two_sum(two_x, 8.0), dd.add(two_product(x, -3.0), six), two_sum(2.0, -two_x)]


def _mish_grad2_left(x: Array) -> Array:
    return _mish_grad2_side(_exp_pair(x), _mish_grad2_coefficients(x), (2.0, 2.0, 1.0), 1)


def _mish_grad2_right(x: Array) -> Array:
    return _mish_grad2_side(_exp_pair(-x), _mish_grad2_coefficients(x)[::-1], (1.0, 2.0, 2.0), 2)


@in_blocks
def _mish_grad2(x: Array) -> Array:
    xc = np.clip(x, -FAR, FAR)
    out = _by_side(xc, _mish_grad2_left, _mish_grad2_right)
    for root in MISH_GRAD2_ROOTS:
        out = patch_near_root(xc, out, root)
    # far left: e^x·(x + 2); far right: e^-2x·(8 - 8x)
    out = _far_left(out, xc, 2.0)
    return patch(out, below(-xc, -MISH_GRAD2_FAR),
                  lambda m: _times_exp_neg(8.0 - 8.0 * xc[m], 2.0 * xc[m]))


def _mish_exact(mp: Any, x: Any) -> Any:
    if x < -EXACT_FAR:
        return mp.mpf(0)
    if x > EXACT_FAR:
        return mp.mpf(x)
    return x * mp.tanh(mp.log1p(mp.exp(x)))


def _mish_breakpoints() -> tuple[float, ...]:
    points = [-TAIL, 0.0, MISH_FLAT, MISH_GRAD2_FAR]
    for (root, _), radius, _ in (MISH_GRAD_ROOT, *MISH_GRAD2_ROOTS):
        points += [root - radius, root + radius]
    return tuple(sorted(points))


# --- tanhexp: x·tanh(e^x) ------------------------------------------------------------------

# tanhexp's minimum is -0.353285777848211270987... at x = -1.078860058464624056... (mpmath.findroot
# on tanhexp' at 50 digits), rounded down.
TANHEXP_MIN = -0.3532857778482113
TANHEXP_FLAT = 20.0  # beyond, tanh(e^x) = 1 and e^x·sech²(e^x) = 0 to far below the last bit
TANHEXP_GRAD_EDGE = 3.5  # e^3.5 > 33: beyond, tanhexp' = 1 + 4xuE/(1 + E)² - 2E/(1 + E) is 1 to 2**-80
TANHEXP_GRAD2_FAR = math.log(TAIL / 2)  # 2e^x > 700 beyond: rescaled
TANHEXP_GRAD2_TOP = 8.0  # 2e^8 > 5000: tanhexp'' underflows to 0 beyond

# tanhexp' about its zero, over (zero - 0.25, TANHEXP_GRAD_SWITCH): the window reaches out to where
# tanhexp' = 1/2, because up to there the closed forms lose up to 3.6 ULP (the ULP halves below
# 1/2). A Chebyshev fit of tanhexp'(zero + t)/t on [-0.25, 0.7839] (mpmath.chebyfit, 22 terms,
# relative error 4e-17 with the coefficients rounded; a Taylor series would need some 40), about
# the zero from `python tools/root_series.py tanhexp 1 -1.0789`.
TANHEXP_GRAD_SWITCH = -0.2949233173660269  # tanhexp' = 1/2 here (mpmath.findroot)
TANHEXP_GRAD_ROOT: Series = ((-1.078860058464624, -9.55786742622646e-17), 0.25, (
    0.3525036331603062, 0.3252269138875309, 0.10786032936442322, -0.02287597206073133,
    -0.04564538769345282, -0.025487703564100263, -0.005629789965937136, 0.002771592913235937,
    0.0034002744280257277, 0.0016641683853067222, 0.000302299374620391, -0.00020186581260636015,
    -0.0002119538791391402, -9.605821931669503e-05, -1.4357327450389198e-05, 1.1767089990822529e-05,
    1.1473780229906106e-05, 1.0649863729031728e-05, -1.0997791375963577e-05, 1.221114108060313e-05,
    -8.622004190574808e-06, 1.968714575614601e-06))
TANHEXP_GRAD_WINDOW = (TANHEXP_GRAD_ROOT[0][0] - TANHEXP_GRAD_ROOT[1], TANHEXP_GRAD_SWITCH)
# tanhexp'' from `python tools/root_series.py tanhexp 2 -2.066 --radius 0.25 --degree 20` and
# `... tanhexp 2 0.6966 --radius 0.03125 --degree 12` (tanhexp'' is in double-double on the right).
TANHEXP_GRAD2_ROOTS: tuple[Series, ...] = (
    ((-2.06597189615675, 7.65918778808917e-17), 0.25, (
        0.13706532230627283, 0.1409580054757107, 0.07060512481208436, 0.019834144370425497,
        0.00021675827814060812, -0.003570269336402356, -0.0025847815336810616,
        -0.0011908721958492454, -0.0003843550998043839, -6.544564554039332e-05,
        1.763471796535459e-05, 2.1958735301762853e-05, 1.1763615258444904e-05,
        4.3895798460507324e-06, 1.1120853785886513e-06, 7.942631691695825e-08,
        -1.0806350123814736e-07, -7.984774831420285e-08, -3.5385187415142824e-08,
        -1.1229281594448218e-08)),
    ((0.6965639603951724, -4.8319673145767366e-17), 0.03125, (
        -0.8338185514456833, 1.609005508360816, 0.3822119403781052, -2.3425727479473353,
        0.21027569378453603, 1.9572607498504428, -0.43458066486481106, -1.1720393956800275,
        0.42687289981908366, 0.5297599371206111, -0.339067039234623, -0.17623661829910733)),
)

# (sinh(y)/y - 1)/u² = Σ 4^(k+1)·u^(2k)/(2k + 3)! for y = 2u, u = e^x below the root window of
# tanhexp' (u² < 0.0702): a Chebyshev fit in u² on [0, 0.0709] (mpmath.chebyfit, 6 terms, relative
# error 6e-17 with the coefficients rounded, where the Taylor series needs 7).
SINHC_COEFFICIENTS = (0.6666666666666666, 0.1333333333333341, 0.012698412698283118, 0.0007054673799408507,
                      2.565314642117138e-05, 6.604451588119136e-07)


def _u_sech2(u: Array) -> Pair:
    """u·sech²(u) = 4uE/(1 + E)² with E = e^-2u, for 0 <= u <= 2**900, as hi + lo: all but the
    rounding of E is recovered (4u·E and (1 + E)² exactly, then one correction of the quotient)."""
    big_e = np.exp(-2.0 * u)
    d, dl = _one_plus_small(big_e)
    p, pl = two_product(d, d)
    pl += 2.0 * d * dl
    return dd.div(two_product(4.0 * u, big_e), (p, pl))


@in_blocks
def _tanhexp(x: Array) -> Array:
    u = np.exp(np.minimum(x, TANHEXP_FLAT))
    with np.errstate(invalid="ignore"):  # -inf·0 at x = -inf: replaced by the tail's limit below
        out = x * np.tanh(u)
    return _far_left(out, x)


@in_blocks
@writes_into
def _tanhexp_grad(x: Array, out: Array | None = None) -> Array:
    """With u = e^x and E = e^-2u: below the root window u·V·(1 - T²), V = x + sinh(2u)/(2u) =
    (1 + x) + S with S from its series, T = tanh(u) = (1 - E)/(1 + E) (T² is small there; the sum
    tanh(u) + x·u·sech²(u) would cancel); above it 1 + (4xuE - 2E(1 + E))/(1 + E)², from
    tanh(u) = 1 - 2E/(1 + E), the small terms kept apart from the 1. Both on every point, added
    with 0/1 factors (cheaper than picking); the window's series over them. One division, by
    1 + E: its rounding costs either form little (T² is below 0.07 on the left, and on the right
    the term it divides is at most 1/2 against the 1), and the rounding of 1 + E is recovered."""
    xc = np.clip(x, -TAIL, TANHEXP_GRAD_EDGE)  # E = e^-2u stays normal: no slow subnormal arithmetic
    u = np.exp(xc)
    big_e = np.multiply(u, -2.0)
    np.exp(big_e, out=big_e)
    r = np.add(big_e, 1.0)
    np.divide(1.0, r, out=r)
    right = (xc >= TANHEXP_GRAD_SWITCH).astype(np.float64)
    u2 = u * u
    s = horner(SINHC_COEFFICIENTS, u2)
    s *= u2
    left = np.add(xc, 1.0, out=u2)
    left += s
    left *= u
    tanh2 = np.subtract(1.0, big_e, out=s)
    tanh2 *= r
    tanh2 *= tanh2
    tanh2 *= left
    left -= tanh2
    left *= np.subtract(1.0, right, out=tanh2)  # 0 on the right, where it is finite
    v = np.multiply(u, r, out=u)
    v *= xc
    v *= 4.0
    v -= 2.0
    v *= big_e
    v *= r  # (4xu/(1 + E) - 2)·E/(1 + E)
    v += 1.0
    v *= right
    v = np.add(v, left, out=output(x, out))
    v = patch_near_root(xc, v, TANHEXP_GRAD_ROOT, TANHEXP_GRAD_WINDOW)
    return _far_left(v, x, 1.0)


def _tanhexp_grad2_left(x: Array) -> Array:
    """u·sech²(u)·((2 + x) - 2x·u·tanh(u)), u = e^x <= 1."""
    u = np.exp(x)
    bracket = (2.0 + x) - 2.0 * x * u * np.tanh(u)
    hi, lo = _u_sech2(u)
    return hi * bracket + lo * bracket


def _tanhexp_grad2_right(x: Array) -> Array:
    """4uE·((2 + x)(1 + E) - 2xu(1 - E))/(1 + E)³ with E = e^-2u, in double-double from
    u = e^x in double-double: E amplifies u's error by 2u, and the bracket cancels near 0.6966."""
    xc = np.minimum(x, TANHEXP_GRAD2_TOP)
    zero = np.zeros_like(xc)
    u = _exp_fine(xc)
    e0 = np.exp(-2.0 * u[0])  # 2u exact
    big_e = dd.renormalize(e0, -e0 * (2.0 * u[1]))
    one = (zero + 1.0, zero)
    one_plus = dd.add(one, big_e)
    one_minus = dd.add(one, (-big_e[0], -big_e[1]))
    minus_two_x = (-2.0 * xc, zero)
    bracket = dd.add(dd.mul(two_sum(2.0, xc), one_plus), dd.mul(dd.mul(minus_two_x, u), one_minus))
    num = dd.mul(dd.mul(u, big_e), bracket)
    q = dd.div(num, dd.mul(dd.mul(one_plus, one_plus), one_plus))
    out = 4.0 * (q[0] + q[1])

    def tail(m: Index) -> Array:
        um = (u[0][m], u[1][m])
        c = dd.mul(um, dd.add(two_sum(2.0, xc[m]), dd.mul((-2.0 * xc[m], zero[m]), um)))
        # c·e^-2u = c_hi·e^-(2u - c_lo/c_hi): c's low part folded into the exponent
        return _times_exp_neg(4.0 * c[0], 2.0 * um[0], 2.0 * um[1] - c[1] / c[0])

    return patch(out, below(-2.0 * u[0], -TAIL), tail)


@in_blocks
def _tanhexp_grad2(x: Array) -> Array:
    xc = np.clip(x, -FAR, FAR)
    out = _by_side(xc, _tanhexp_grad2_left, _tanhexp_grad2_right)
    for root in TANHEXP_GRAD2_ROOTS:
        out = patch_near_root(xc, out, root)
    # far left: e^x·(2 + x)
    return _far_left(out, xc, 2.0)


def _tanhexp_exact(mp: Any, x: Any) -> Any:
    # Beyond 50, tanh(e^x) = 1 - 2e^(-2e^x) is 1 to 10**21 digits; mpmath would still try to form
    # e^(-2e^x), hopeless at x = 1e1000.
    if x < -EXACT_FAR:
        return mp.mpf(0)
    if x > 50:
        return mp.mpf(x)
    return x * mp.tanh(mp.exp(x))


def _tanhexp_breakpoints() -> tuple[float, ...]:
    points = [-TAIL, *TANHEXP_GRAD_WINDOW, 0.0, TANHEXP_GRAD_EDGE, TANHEXP_GRAD2_FAR, TANHEXP_GRAD2_TOP, TANHEXP_FLAT]
    for (root, _), radius, _ in TANHEXP_GRAD2_ROOTS:
        points += [root - radius, root + radius]
    return tuple(sorted(points))


# --- lisht: x·tanh(x) ----------------------------------------------------------------------

LISHT_FAR = 400.0  # x·sech²(x) is 0 beyond


def _lisht(x: Array) -> Array:
    out: Array = x * np.tanh(x)
    return out


def _lisht_grad(x: Array) -> Array:
    """tanh(x) + x·sech²(x): two terms of one sign, so their errors (about an ULP each) never grow."""
    clipped = np.clip(x, -LISHT_FAR, LISHT_FAR)  # no inf·0 at ±inf
    out = _sech2(clipped)
    out *= clipped
    out += np.tanh(x)
    return out


def _lisht_grad2(x: Array) -> Array:
    """2sech²(x)(1 - x·tanh(x)) = 4·silu''(2x): silu's code, with its root patch and tail."""
    return _swish_grad2(x, _beta(2.0), 1)


def _lisht_exact(mp: Any, x: Any) -> Any:
    return abs(mp.mpf(x)) if abs(x) > EXACT_FAR else x * mp.tanh(x)


def _lisht_breakpoints() -> tuple[float, ...]:
    """Those of silu'' at 2x: the tail switch and the edges of the root patches."""
    (root, _), radius, _ = SILU_GRAD2_ROOT
    points = [TAIL, root - radius, root + radius]
    return tuple(sorted(s * z / 2 for z in points for s in (-1, 1)))


# --- the registry entries ------------------------------------------------------------------

SWISH_SOURCE = ("Elfwing, Uchibe & Doya 2018, Sigmoid-weighted linear units for neural network function "
                "approximation in reinforcement learning; Ramachandran, Zoph & Le 2017, Searching for "
                "activation functions (swish); torch.nn.SiLU; jax.nn.silu")
TAIL_NOTE = ("The left tail ≈ x·e^x is subnormal below x ≈ -708; actcli forms it with the exponential's "
             "power of two kept apart and rounds once, so it stays correctly rounded down to the last "
             "subnormal.")


DEFINITIONS = (
    Definition(
        name="silu",
        aliases=("swish",),
        summary="Sigmoid-weighted linear unit: x·sigmoid(x)",
        formula="x·σ(x) = x / (1 + e^-x)",
        grad_formula="σ(x)·(1 + x·σ(-x))",
        latex=r"\frac{x}{1 + e^{-x}}",
        value=_logistic(_swish_value),
        grad=_logistic(_swish_grad),
        grad2=_logistic(_swish_grad2),
        exact=_swish_exact,
        output_range=Interval(SILU_MIN, math.inf, True, False),
        source=SWISH_SOURCE,
        family="gated",
        smoothness="C∞",
        monotonic=False,
        zero_centred=False,
        breakpoints=lambda: _swish_beta_breakpoints(1.0),
        notes=(TAIL_NOTE,
               "torch 2.13's silu gives -0.0 in float64 at x = -720 and -740, where the value is "
               "-1.4632e-310 and -3.0997e-319, and its slope there is -0.0 too.",
               "The slope σ(x)(1 + x(1 - σ(x))) is computed with 1 - σ(x) = σ(-x), and near its zero "
               "at x = -1.2785 (silu's minimum, -0.27846) from a Taylor series about the zero; "
               "likewise the second derivative near its zeros at ±2.3994."),
    ),
    Definition(
        name="swish_beta",
        summary="Swish with a slope parameter: x·sigmoid(β·x) (β = 1 is silu)",
        formula="x·σ(β·x) = x / (1 + e^(-β·x))",
        grad_formula="σ(βx)·(1 + βx·σ(-βx))",
        latex=r"\frac{x}{1 + e^{-\beta x}}",
        params=(Param("beta", 1.0, "gate sharpness: 0 gives x/2, large β approaches relu, "
                      "β < 0 mirrors the curve through the origin", "finite"),),
        value=_swish_beta,
        grad=_swish_beta_grad,
        grad2=_swish_beta_grad2,
        exact=_swish_exact,
        output_range=_swish_beta_range,
        source="Ramachandran, Zoph & Le 2017, Searching for activation functions (arXiv:1710.05941)",
        family="gated",
        smoothness="C∞",
        monotonic=lambda beta: beta == 0,
        zero_centred=False,
        breakpoints=_swish_beta_breakpoints,
        examples=("swish_beta:beta=2", "swish_beta:beta=0.5", "swish_beta:beta=1.5",
                  "swish_beta:beta=-1.5", "swish_beta:beta=0"),
        notes=("swish_beta(x) = silu(βx)/β, so its minimum is silu's divided by β. β may be any finite "
               "number: the paper trains it, β = 0 gives x/2, and β < 0 gives x·σ(βx) = -swish_beta(-x) "
               "with |β|, a curve with a maximum instead.",),
    ),
    Definition(
        name="quick_gelu",
        summary="QuickGELU: x·sigmoid(1.702·x), CLIP's fast approximation of GELU",
        formula="x·σ(1.702·x)",
        grad_formula="σ(1.702x)·(1 + 1.702x·σ(-1.702x))",
        latex=r"\frac{x}{1 + e^{-1.702\,x}}",
        value=_logistic(_swish_value, *QUICK_GELU_BETA),
        grad=_logistic(_swish_grad, *QUICK_GELU_BETA),
        grad2=_logistic(_swish_grad2, *QUICK_GELU_BETA),
        exact=lambda mp, x: _swish_exact(mp, x, mp.mpf("1.702")),
        output_range=Interval(QUICK_GELU_MIN, math.inf, True, False),
        source="Radford et al. 2021, Learning transferable visual models from natural language "
               "supervision (CLIP; QuickGELU in openai/CLIP's model.py)",
        family="gated",
        smoothness="C∞",
        monotonic=False,
        zero_centred=False,
        breakpoints=lambda: _swish_beta_breakpoints(1.702),
        notes=("1.702 is taken as the decimal number: its tail below the float 1.702 is carried too "
               "(it moves the far left tail by up to 1e-13 relative).",),
    ),
    Definition(
        name="mish",
        summary="Mish: x·tanh(softplus(x))",
        formula="x·tanh(log(1 + e^x))",
        grad_formula="tanh(sp(x)) + x·sech²(sp(x))·σ(x), sp = softplus",
        latex=r"x\,\tanh(\log(1 + e^{x}))",
        value=_mish,
        grad=_mish_grad,
        grad2=_mish_grad2,
        exact=_mish_exact,
        output_range=Interval(MISH_MIN, math.inf, True, False),
        source="Misra 2019, Mish: a self regularized non-monotonic activation function "
               "(arXiv:1908.08681); torch.nn.Mish",
        family="gated",
        smoothness="C∞",
        monotonic=False,
        zero_centred=False,
        breakpoints=_mish_breakpoints,
        notes=(TAIL_NOTE,
               "torch 2.13's mish in float64 is 0.26% off at x = -740 (-3.1077e-319 for -3.0997e-319), "
               "and its slope there has the wrong sign (4.2e-322 for -3.0955e-319).",
               "tanh(softplus(x)) is computed as n/(n + 2) with n = e^x(e^x + 2): no logarithm and no "
               "overflow (softplus overflows float16 beyond x ≈ 11, coremltools#2359)."),
    ),
    Definition(
        name="tanhexp",
        summary="TanhExp: x·tanh(e^x)",
        formula="x·tanh(e^x)",
        grad_formula="tanh(e^x) + x·e^x·sech²(e^x)",
        latex=r"x\,\tanh(e^{x})",
        value=_tanhexp,
        grad=_tanhexp_grad,
        grad2=_tanhexp_grad2,
        exact=_tanhexp_exact,
        output_range=Interval(TANHEXP_MIN, math.inf, True, False),
        source="Liu & Di 2020, TanhExp: a smooth activation function with high convergence speed for "
               "lightweight neural networks (arXiv:2003.09855)",
        family="gated",
        smoothness="C∞",
        monotonic=False,
        zero_centred=False,
        breakpoints=_tanhexp_breakpoints,
        notes=(TAIL_NOTE,),
    ),
    Definition(
        name="lisht",
        summary="LiSHT: x·tanh(x), an even, non-negative curve",
        formula="x·tanh(x)",
        grad_formula="tanh(x) + x·sech²(x)",
        latex=r"x\,\tanh(x)",
        value=_lisht,
        grad=_lisht_grad,
        grad2=_lisht_grad2,
        exact=_lisht_exact,
        output_range=Interval(0.0, math.inf, True, False),
        source="Roy et al. 2019, LiSHT: non-parametric linearly scaled hyperbolic tangent activation "
               "function for neural networks (arXiv:1901.05894)",
        family="gated",
        smoothness="C∞",
        monotonic=False,
        zero_centred=False,
        breakpoints=_lisht_breakpoints,
        notes=("The second derivative 2sech²(x)(1 - x·tanh(x)) equals 4·silu''(2x) and is computed so, "
               "its zeros at ±1.19968 patched by silu's series.",),
    ),
)
