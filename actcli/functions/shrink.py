"""Shrinkage functions: zero (or nearly zero) near the origin, the identity shifted or not beyond it."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from actcli.definition import REALS, Array, Definition, Kink, Param, Smoothness
from actcli.stable import in_blocks, indicator, keep_nan, two_product

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


# tanh x = x/(1 + x²/(3 + x²/(5 + ...))) (Lambert's continued fraction), so
# x - tanh x = x³/(3 + w) with w = x² + x²/(5 + x²/(7 + ...)): every term positive, nothing cancels.
# Cut after the level 2·_DEPTH + 3, its relative error is below 3e-19 for |x| <= 1 (checked
# against mpmath at 50 digits).
_DEPTH = 8
_SERIES_LIMIT = 1.0
_PLAIN_LIMIT = 1.5


def _tanh_shrink_small(a: Array) -> Array:
    """a - tanh a for 0 <= a < 1, from the continued fraction."""
    # The rounding error of a² folded into the denominator: a³ is then a·fl(a²) with one
    # rounding, and the whole quotient has about four roundings (at most ~2.7 ULP).
    u, u_err = two_product(a, a)
    d = np.full_like(u, 2.0 * _DEPTH + 3.0)
    for k in range(_DEPTH, 1, -1):
        np.divide(u, d, out=d)
        d += 2.0 * k + 1.0
    np.divide(u, d, out=d)
    d += u
    with np.errstate(invalid="ignore", divide="ignore"):  # u = 0 at a = 0, where u_err = 0 too
        d -= np.where(u > 0.0, 3.0 * u_err / u, 0.0)
    d += 3.0
    return (a * u) / d


@in_blocks
def tanh_shrink(x: Array) -> Array:
    """x - tanh(x) without the cancellation near 0 (where torch loses up to 1.7e7 ULP in float32)."""
    # From |x| = 1.5 on, tanh x ≤ 0.91·x: the subtraction loses under a bit, and np.tanh's error
    # (within 1.2 ULP) shows as at most 0.9 ULP of the result (measured against mpmath).
    result = np.tanh(x)
    np.subtract(x, result, out=result)  # in place: a fresh temporary would cost twice as much
    near = np.flatnonzero(np.abs(x) < _PLAIN_LIMIT)
    if near.size:
        result[near] = np.copysign(_tanh_shrink_near(np.abs(x[near])), x[near])
    return result


def _tanh_shrink_near(a: Array) -> Array:
    """a - tanh a for 0 ≤ a < _PLAIN_LIMIT."""
    # For a ≥ 1: a - tanh a = (a - 1) + (1 - tanh a) = (a - 1) + 2e/(1 + e), e = exp(-2a):
    # a - 1 is exact up to 2 (Sterbenz) and both terms are positive.
    e = np.exp(-2.0 * a)
    result = (a - 1.0) + 2.0 * e / (1.0 + e)
    small = a < _SERIES_LIMIT
    if np.any(small):
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
    e = np.exp(-2.0 * a)
    w = e * (4.0 + e * (3.0 + e)) / (1.0 + e * (3.0 + e * (3.0 + e)))
    result = np.copysign(8.0 * e - 8.0 * e * w, x)
    small = a < 1.0
    if np.any(small):
        t = np.tanh(x[small])
        result[small] = 2.0 * t - 2.0 * t * (t * t)
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
        grad2=lambda x, lambd: keep_nan(x, 0.0),
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
        grad2=lambda x, lambd: keep_nan(x, 0.0),
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
