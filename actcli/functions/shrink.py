"""Shrinkage functions: zero (or nearly zero) near the origin, the identity shifted or not beyond it."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from actcli.definition import REALS, Array, Definition, Kink, Param, Smoothness
from actcli.stable import horner, in_blocks, indicator, keep_nan, leading_bits, zero

LAMBD = Param("lambd", 0.5, "half-width of the zeroed band [-lambd, lambd] (keras: threshold)", "nonnegative")


def _outside(x: Array, lambd: float) -> NDArray[np.bool_]:
    return np.abs(x) > lambd


# The band test is written |x| <= lambd so that NaN, outside every band, passes through as x.


def hard_shrink(x: Array, lambd: float) -> Array:
    """x where |x| > lambd, else 0 (signed like x, so that -0.0 stays -0.0)."""
    return np.where(np.abs(x) <= lambd, np.copysign(0.0, x), x)


def soft_shrink(x: Array, lambd: float) -> Array:
    """x moved lambd towards 0, and 0 inside [-lambd, lambd]."""
    # x ∓ lambd is exact next to ±lambd (Sterbenz), so one rounding at most.
    return np.where(np.abs(x) <= lambd, np.copysign(0.0, x), x - np.copysign(lambd, x))


def _shrink_grad(x: Array, lambd: float) -> Array:
    if lambd == 0:  # the identity: no band, no kink
        return keep_nan(x, 1.0)
    return keep_nan(x, indicator(_outside(x, lambd)))


def _shrink_kinks(lambd: float) -> tuple[Kink, ...]:
    # torch's backward zeroes the gradient on the closed band [-lambd, lambd]; keras on jax uses
    # jnp.where(|x| > lambd, ...), which gives 0 there as well.  With lambd = 0 nothing jumps.
    return (Kink(-lambd, 0.0, 0.0), Kink(lambd, 0.0, 0.0)) if lambd > 0 else ()


def _hard_shrink_exact(mp: Any, x: Any, lambd: float) -> Any:
    return mp.mpf(x) if abs(x) > lambd else mp.mpf(0)


def _soft_shrink_exact(mp: Any, x: Any, lambd: float) -> Any:
    if x > lambd:
        return x - mp.mpf(lambd)
    if x < -lambd:
        return x + mp.mpf(lambd)
    return mp.mpf(0)


# Near 0, x - tanh x = x³/G(x²) with G = 3 + w, w = 6u/5 + ... >= 0 (u = x²; Lambert's continued
# fraction, tanh x = x/(1 + u/(3 + u/(5 + ...))), gives G = u + 3 + u/(5 + u/(7 + ...))): a
# quotient of positive terms, nothing cancels. For |x| < 1, w = u·R(u)/Q(u) with R and Q cubics,
# a rational least-squares fit (Loeb's iteration, relative weights, 54 Chebyshev points of [0, 1])
# to mpmath's x³/(x - tanh x) - 3, within 2**-67 of G; the errors of w shrink by w/G <= 0.3 in G.
_W_NUMERATOR = (1.2, 0.078934584039296, 0.0011919109844219283, 3.8882465235771706e-06)
_W_DENOMINATOR = (1.0, 0.0705407247946514, 0.001117527155352769, 3.8022338488440206e-06)
_SERIES_LIMIT = 1.0
_PLAIN_LIMIT = 1.5
_CUBE_UNDERFLOWS = 2.0**-511  # below, x - tanh x ≈ x³/3 is 0 in float64


def _tanh_shrink_small(a: Array) -> Array:
    """a - tanh a for 0 <= a < _SERIES_LIMIT, as a·u/G(u), u = a² (overwrites a)."""
    np.maximum(a, _CUBE_UNDERFLOWS, out=a)  # the result stays 0, and u normal
    u = np.square(a)
    w = horner(_W_NUMERATOR, u)
    w *= u
    q = horner(_W_DENOMINATOR, u)
    w /= q
    # The rounding of u, ue = a² - u (exact: leading_bits(a)² is, and it is within 2**-24 of u),
    # folded into the denominator as G(u + ue) ≈ G(u)·(1 - ue/u) + ..., that is w - 3·ue/u.
    ah = leading_bits(a)
    ue = np.square(ah, out=q)
    ue -= u
    t = a - ah
    ah += a
    t *= ah
    ue += t
    ue /= u
    ue *= 3.0
    w -= ue
    g = w + 3.0
    out = np.multiply(a, u, out=u)
    out /= g
    # g's own rounding, ge = (3 + w) - g (exact, 3 > w): out·(1 - ge/g) undoes it
    np.subtract(g, 3.0, out=ue)
    np.subtract(w, ue, out=ue)
    ue /= g
    ue *= out
    out -= ue
    return out


@in_blocks
def tanh_shrink(x: Array) -> Array:
    """x - tanh(x) without the cancellation near 0 (where torch loses up to 1.7e7 ULP in float32)."""
    # From |x| = 1.5 on, tanh x ≤ 0.91·x: the subtraction loses under a bit, and np.tanh's error
    # (within 1.2 ULP) shows as at most 0.9 ULP of the result (measured against mpmath).
    result = np.tanh(x)
    np.subtract(x, result, out=result)  # in place: a fresh temporary would cost twice as much
    near = np.flatnonzero(np.abs(x) < _PLAIN_LIMIT)
    if near.size:
        xn = x[near]
        result[near] = np.copysign(_tanh_shrink_near(np.abs(xn)), xn)
    return result


def _tanh_shrink_near(a: Array) -> Array:
    """a - tanh a for 0 ≤ a < _PLAIN_LIMIT."""
    # For a ≥ 1: a - tanh a = (a - 1) + (1 - tanh a) = (a - 1) + 2e/(1 + e), e = exp(-2a):
    # a - 1 is exact up to 2 (Sterbenz) and both terms are positive.
    e = a * -2.0
    np.exp(e, out=e)
    d = e + 1.0
    e /= d
    e += e
    result = a - 1.0
    result += e
    small = np.flatnonzero(a < _SERIES_LIMIT)
    if small.size:
        result[small] = _tanh_shrink_small(a[small])
    return result


def _tanh_shrink_grad(x: Array) -> Array:
    """tanh² x (np.tanh is within 1.2 ULP, so the square is within 3)."""
    t = np.tanh(x)
    return t * t


@in_blocks
def _tanh_shrink_grad2(x: Array) -> Array:
    """2·tanh x·sech² x = 2t - 2t³ for |x| < 1; beyond, 8e(1 - e)/(1 + e)³ with e = exp(-2|x|),
    written as 8e·(1 - w), w = e(4 + 3e + e²)/(1 + e)³, so that no rounded 1 ± e is cubed."""
    a = np.abs(x)
    e = a * -2.0
    np.exp(e, out=e)
    k = e + 3.0
    k *= e  # 3e + e², shared by both polynomials
    w = k + 4.0
    w *= e
    k += 3.0
    k *= e
    k += 1.0
    w /= k
    result = np.multiply(e, 8.0, out=k)
    w *= result
    result -= w
    np.copysign(result, x, out=result)
    # The points below 1 are picked from those below _PLAIN_LIMIT: numpy's nonzero takes a
    # branch per element on a mask with under about a tenth set, and costs twice as much there.
    near = np.flatnonzero(a < _PLAIN_LIMIT)
    xn = x[near]
    small = np.flatnonzero(np.abs(xn) < 1.0)
    if small.size:
        t = np.tanh(xn[small])
        result[near[small]] = 2.0 * t - 2.0 * t * (t * t)
    return result


def _tanh_shrink_exact(mp: Any, x: Any) -> Any:
    x = mp.mpf(x)
    if not x:
        return x
    # x - tanh x ≈ x³/3 loses about 2·|log2 x| bits to cancellation for small x.
    with mp.extraprec(max(0, -2 * int(mp.mag(x))) + 20):
        return x - mp.tanh(x)


def _hard_smoothness(lambd: float) -> Smoothness:
    return "discontinuous" if lambd > 0 else "C∞"


def _soft_smoothness(lambd: float) -> Smoothness:
    return "C0" if lambd > 0 else "C∞"


DEFINITIONS = (
    Definition(
        name="hard_shrink",
        aliases=("hardshrink",),
        summary="x outside [-lambd, lambd], 0 inside",
        formula="x if |x| > lambd else 0",
        grad_formula="1 if |x| > lambd else 0",
        latex=r"x\,\mathrm{if}\,|x|>\lambda\,\mathrm{else}\,0",
        params=(LAMBD,),
        value=hard_shrink,
        grad=_shrink_grad,
        grad2=zero,
        exact=_hard_shrink_exact,
        output_range=REALS,
        source="torch.nn.Hardshrink; keras.activations.hard_shrink",
        family="shrink",
        smoothness=_hard_smoothness,
        monotonic=True,
        zero_centred=True,
        kinks=_shrink_kinks,
        examples=("hard_shrink:lambd=1.5",),
    ),
    Definition(
        name="soft_shrink",
        aliases=("softshrink",),
        summary="x moved lambd towards 0, and 0 inside [-lambd, lambd] (soft thresholding)",
        formula="x - lambd if x > lambd; x + lambd if x < -lambd; else 0",
        grad_formula="1 if |x| > lambd else 0",
        latex=r"\operatorname{sign}(x)\,\max(|x|-\lambda,\,0)",
        params=(LAMBD,),
        value=soft_shrink,
        grad=_shrink_grad,
        grad2=zero,
        exact=_soft_shrink_exact,
        output_range=REALS,
        source="Donoho 1995, De-noising by soft-thresholding; torch.nn.Softshrink",
        family="shrink",
        smoothness=_soft_smoothness,
        monotonic=True,
        zero_centred=True,
        kinks=_shrink_kinks,
        examples=("soft_shrink:lambd=0.3",),
    ),
    Definition(
        name="tanh_shrink",
        aliases=("tanhshrink",),
        summary="x - tanh(x): flat (cubic) near 0, x ∓ 1 far from it",
        formula="x - tanh(x)",
        grad_formula="tanh²(x)",
        latex=r"x - \tanh(x)",
        value=tanh_shrink,
        grad=_tanh_shrink_grad,
        grad2=_tanh_shrink_grad2,
        exact=_tanh_shrink_exact,
        output_range=REALS,
        source="torch.nn.Tanhshrink; keras.activations.tanh_shrink",
        family="shrink",
        smoothness="C∞",
        monotonic=True,
        zero_centred=True,
        breakpoints=lambda: (-_SERIES_LIMIT, _SERIES_LIMIT),
    ),
)
