"""Shrinkage functions: zero (or nearly zero) near the origin, the identity shifted or not beyond it."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from actcli.definition import REALS, Array, Definition, Kink, Param, Smoothness
from actcli.stable import horner, in_blocks, indicator, keep_nan, output, writes_into, zero

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


# Near 0, x - tanh x = x·u/G(u), u = x², with G = 3 + u + u·S(u), S = 1/(5 + u/(7 + u/(9 + ...))):
# Lambert's continued fraction tanh x = x/(1 + u/(3 + u/(5 + ...))) has x - tanh x = x·u/(u + T),
# T = 3 + u/(5 + ...), and G = u + T. A quotient of positive terms: nothing cancels. S ≈ P/Q, cubics
# from `python tools/tanh_shrink_fit.py --degrees 3 3`, within 2**-58 of G for |x| < 1.5 (S's error
# reaches G scaled by u·S/G < 0.08).
_S_NUMERATOR = (0.1999999999999998, 0.008382265110386967, 7.400372412640667e-05, 8.475867440936155e-08)
_S_DENOMINATOR = (1.0, 0.07048275412335038, 0.0011139703257976256, 3.767953595123032e-06)
_PLAIN_LIMIT = 1.5


@in_blocks
@writes_into
def tanh_shrink(x: Array, out: Array | None = None) -> Array:
    """x - tanh(x) without the cancellation near 0 (where torch loses up to 1.7e7 ULP in float32)."""
    # From |x| = 1.5 on, tanh x ≤ 0.91·x: the subtraction loses under a bit, and np.tanh's error
    # (within 1.2 ULP) shows as at most 0.9 ULP of the result (measured against mpmath).
    result = np.abs(x, out=output(x, out))  # as scratch first: no temporary
    near = np.flatnonzero(result < _PLAIN_LIMIT)
    np.tanh(x, out=result)
    np.subtract(x, result, out=result)
    if near.size:
        result[near] = _tanh_shrink_near(x[near])
    return result


def _tanh_shrink_near(x: Array) -> Array:
    """x - tanh x for |x| < _PLAIN_LIMIT, as x·(u/G(u)) (odd, and 0 with x's sign where x³
    underflows); overwrites x. u, G, the quotient and the product are each rounded once: within
    2.6 ULP against mpmath (undoing the roundings of u and G would gain 0.2 ULP for 15 passes)."""
    u = np.square(x)
    s = horner(_S_NUMERATOR, u)
    q = horner(_S_DENOMINATOR, u)
    s /= q
    s *= u
    s += u  # u + u·S before the 3: its rounding weighs (u + u·S)/G < 0.53 in G
    s += 3.0
    np.divide(u, s, out=u)
    x *= u
    return x


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
        breakpoints=lambda: (-_PLAIN_LIMIT, _PLAIN_LIMIT),
    ),
)
