"""Activations built on the Gaussian error function: erf itself, GELU (exact and tanh forms), Serf.

Near 0, where Φ(x) = (1 + erf(x/√2))/2 and its relatives cancel, their values come from exact
Taylor polynomials in double-double (actcli.special.taylor), rounded once. Their tails decay like
exp(-x²/2) (or exp(-c·x³)), where the rounding error of x² or x³ is amplified by the exponent
and the result crosses the subnormal range before it underflows. So the exponents are formed
exactly or in double-double, their exponentials are taken with actcli.special.exp_dd, which
keeps the power of two apart, and the other factors are multiplied in before one final np.ldexp
rounds into the subnormal range. Where a term only meets a larger one, it is evaluated plainly.
"""

from __future__ import annotations

import functools
import math
from typing import Any

import numpy as np
from numpy.typing import NDArray

from actcli import double_double as dd
from actcli.definition import Array, Definition, Interval, Param
from actcli.double_double import Const, Pair
from actcli.functions.exponential import GAUSSIAN_TAIL, gaussian_derivative
from actcli.functions.sigmoidal import E_SHIFT, SHIFT
from actcli.special import (
    ERF_ONE,
    MIDDLE,
    RA,
    RB,
    SA,
    SB,
    SWITCH,
    TINY,
    TWO_OVER_SQRT_PI,
    Taylor,
    bands,
    erf_table,
    erfc_plain,
    erfc_ratio,
    exp_dd,
    expm1_dd,
    on_grid,
    square_exponent,
    tail_exponent,
    taylor,
    taylor_tables,
)
from actcli.special import erf as _erf
from actcli.stable import (
    call_into,
    expm1_tiny,
    horner,
    keep_nan,
    output,
    patch_near_root,
    product_exact,
    square_parts,
    two_sum,
    writes_into,
)

Scaled = tuple[Array, Array, NDArray[np.int32]]

# Constants as hi + lo, from mpmath at 300 bits.
ONE: Const = (1.0, 0.0)
INV_SQRT2: Const = (0.7071067811865476, -4.833646656726457e-17)
LN_SQRT2: Const = (0.34657359027997264, 1.1595234069231498e-17)
LN_SQRT_2PI: Const = (0.9189385332046728, -3.8782941580672414e-17)
LN_TWO_OVER_SQRT_PI: Const = (0.12078223763524522, 4.1797047492946264e-18)
MILLS_OFFSET = 0.5723649429247001 - 0.5625  # ln√π + fdlibm's -0.5625 (exact difference)
DENSITY_OFFSET = on_grid(-LN_SQRT_2PI[0], -LN_SQRT_2PI[1])  # φ(u) = exp(DENSITY_OFFSET - u²/2)
# tanh-GELU: 2u = C1·x·(1 + KAPPA·x²) with C1 = 2√(2/π) and KAPPA = 0.044715 as a decimal.
C1: Const = (1.5957691216057308, -9.96930880911092e-17)
KAPPA: Const = (0.044715, 2.1960211427085595e-18)
KAPPA3: Const = (0.134145, 1.3526957332032908e-17)  # 3·KAPPA
C6K: Const = (0.42812889763560147, 2.4050485664735725e-17)  # 6·C1·KAPPA

U_TAIL = 1.7677669529663689  # 1.25·√2: erfc(|x|/√2) switches to its exponential form
U_SWITCH = 4.040610178208843  # √2/0.35: the exponential form switches rational fits
U_ONE = 8.485281374238571  # 6·√2: gelu(x) rounds to x beyond (Q(x) < 2**-56)
U_FLAT = 9.0  # gelu'(x) rounds to 1 beyond (x·φ(x) < 2**-54)
U_MAX = 40.0  # every exp(-x²/2) term underflows beyond
DENSITY_TAIL = math.sqrt(2 * SHIFT)  # beyond, exp(-x²/2) is near or below the subnormal range
INV_SQRT_2PI_DD: Const = (0.3989422804014327, -2.49232720227773e-17)
INV_SQRT_2PI = INV_SQRT_2PI_DD[0]
U_SCALED_MAX = 56.0  # ... even scaled by 2**1100 (see gelu_left_tail)
TANH_PLAIN = -0.5  # tanh-GELU's value is plain above: e^v amplifies the rounding of v by |v|
TANH_MAX = 30.0  # tanh-GELU's e^(-|2u|) underflows beyond
SERF_TAIL = -40.0  # below: serf and its derivatives from e^x alone, scaled
SERF_LEFT = 0.0  # serf's value below: softplus < ln 2, erf by fdlibm's rational fit (_serf_left)
SERF_CORE = 0.912420434912589  # ln(e^1.25 - 1): softplus(x) < 1.25 below (erf's Taylor table)
SERF_ONE = 6.0  # serf(x) rounds to x beyond (erfc(softplus(x)) < 2**-55)
SERF_SERIES = -2.5  # below: softplus < 0.079 (erf's series); above, to 0, serf' cancels
# erf(s) = 2/√π·s·(1 + Σ c_m·s^(2m)), c_m = (-1)^m/(m!·(2m + 1)) (A&S 7.1.5); for s < 0.079 the
# terms beyond m = 6 are below 2**-67.
ERF_SERIES = (-1 / 3, 1 / 10, -1 / 42, 1 / 216, -1 / 1320, 1 / 9360)
SERF_FLAT = 6.5  # serf'(x) rounds to 1 beyond
SERF_MAX = 40.0  # above: softplus(x) = x and erf(softplus(x)) = 1 to the last bit (serf'')
# fdlibm's erf(s) = s + s·y for 0 ≤ s < 0.84375, y = P(s²)/Q(s²) within 1.5e-17 of erf(s)/s - 1
# (measured against mpmath; FreeBSD msun s_erf.c, pp0-pp4 and qq1-qq5); |y| < 0.13.
ERF_PP = (1.28379167095512558561e-01, -3.25042107247001499370e-01, -2.84817495755985104766e-02,
          -5.77027029648944159157e-03, -2.37630166566501626084e-05)
ERF_QQ = (1.0, 3.97917223959155352819e-01, 6.50222499887672944485e-02, 5.08130628187576562776e-03,
          1.32494738004321644526e-04, -3.96022827877536812320e-06)


def _magnitude(x: Array, limit: float) -> Array:
    """|x| clipped to `limit`, NaN replaced by 0 (callers restore it with keep_nan)."""
    u = np.minimum(np.abs(x), limit)
    return np.where(np.isnan(u), 0.0, u)


def _square(u: Array) -> Pair:
    return product_exact(u, u)


def _exp_of(a: Pair, shift: NDArray[np.int32] | int = 0) -> Scaled:
    """exp(a)·2**shift as (hi + lo)·2**k."""
    hi, lo, k = exp_dd(a[0], a[1])
    return hi, lo, k + shift


def _round(a: Pair, k: NDArray[np.int32] | int = 0) -> Array:
    return np.ldexp(a[0] + a[1], k)


# ---- erf ----------------------------------------------------------------------------------

@writes_into
def _erf_grad(x: Array, out: Array | None = None) -> Array:
    """2/√π·exp(-x²): the Gaussian's careful form, ln(2/√π) added where its small factor's
    exponent is formed (within about an ULP)."""
    return gaussian_derivative(x, 0, LN_TWO_OVER_SQRT_PI[0], out=out)


@writes_into
def _erf_grad2(x: Array, out: Array | None = None) -> Array:
    """-2x·2/√π·exp(-x²), likewise."""
    return gaussian_derivative(x, 1, LN_TWO_OVER_SQRT_PI[0], out=out)


# ---- GELU ---------------------------------------------------------------------------------


def _negc(c: Const) -> Const:
    return -c[0], -c[1]


@functools.cache
def _gelu_tables() -> tuple[Taylor, Taylor]:
    """x·Φ(x) and its derivative Φ(x) + x·φ(x) as Taylor polynomials on [-1.75, 1.75] (degree 10:
    the truncation is below 2**-68), with Φ(x) = 1/2 + (1/√(2π))·∫₀ˣ exp(-w²/2) dw."""
    return taylor_tables(-28, 28, 10, INV_SQRT_2PI_DD, 2, 0.5, times_x=True)


def _upper_tail_plain(x: Array, near: bool) -> Array:
    """Q(x) = erfc(x/√2)/2 for U_TAIL ≤ x ≤ 28·√2 by fdlibm's plain form (RA/SA below U_SWITCH if
    `near`), where it meets a larger term."""
    q = erfc_plain(x * INV_SQRT2[0], (RA, SA) if near else (RB, SB))
    q *= 0.5
    return q


def gelu(x: Array) -> Array:
    """The exact GELU x·Φ(x) = (x/2)·erfc(-x/√2) for float64 arrays, within about an ULP.

    |x| < U_TAIL: Taylor polynomials in double-double, rounded once. Above: x - x·Q(x), Q < 0.04,
    plainly. Below: the tail u·Q(u), u = -x, as exp(-u²/2 + c - ln√2) (see _u_times_q)."""
    x = np.asarray(x, dtype=np.float64)
    out = x.copy()  # x·Φ(x) rounds to x beyond U_ONE (Q < 2**-56); NaN stays
    left_tail, core, near, far = bands(x, (-U_TAIL, U_TAIL, U_SWITCH, U_ONE))
    if left_tail.size:
        out[left_tail] = -_u_times_q(np.minimum(-x[left_tail], U_MAX))
    if core.size:
        hi, lo = taylor(_gelu_tables()[0], x[core])
        hi += lo
        out[core] = hi
    for band, is_near in ((near, True), (far, False)):
        if band.size:
            xb = x[band]
            q = _upper_tail_plain(xb, is_near)
            q *= xb
            np.subtract(xb, q, out=q)
            out[band] = q
    return out


def _u_times_q(u: Array, shift: NDArray[np.int32] | int = 0) -> Array:
    """u·Q(u)·2**shift for U_TAIL ≤ u ≤ U_SCALED_MAX, as exp(-u²/2 + c - ln√2 + shift·ln2) with
    Q(u) = exp(-u²/2 + c(u/√2))/(√2·u) (special.tail_exponent): the factor u folded into the
    exponential, so nothing underflows before the one rounding of np.ldexp (without a shift the
    result is subnormal beyond u = 37.6)."""
    e_hi, e_lo, k = exp_dd(*tail_exponent(u, 0.5, *_negc(LN_SQRT2)))
    e_hi += e_lo
    out: Array = np.ldexp(e_hi, k + shift)
    return out


def gelu_left_tail(x: Array, shift: NDArray[np.int32]) -> Array:
    """gelu(x)·2**shift for x ≤ -U_TAIL: lets a·gelu(b) (GEGLU) stay exact where gelu(b) alone
    underflows."""
    return -_u_times_q(_magnitude(x, U_SCALED_MAX), shift)


# From `python tools/root_series.py gelu 1 -0.7518` (truncation error 6.4e-17 relative): the
# Taylor polynomials' error, about 2**-72, stays below an ULP of gelu' outside this radius.
GELU_GRAD_ROOT = (-0.7517915246935645, 1.4956759177009883e-17)
GELU_GRAD_RADIUS = 2.0**-16
GELU_GRAD_SERIES = (
    0.4314939923140469, 0.388284982990552, -0.018199676398671087, -0.1140082332972217,
    -0.014771522148244337, 0.019421679838189067, 0.004539228379125415, -0.002239538068073497,
    -0.0007448268386746817, 0.00018633974623233514, 8.615947861116571e-05, -1.121438018842664e-05,
    -7.74846130700372e-06, 4.3284506257392273e-07)


def gelu_grad(x: Array) -> Array:
    """GELU's derivative Φ(x) + x·φ(x) for float64 arrays, within about an ULP.

    |x| < U_TAIL: Taylor polynomials in double-double (and a series at the root). Above:
    1 + (x·φ - Q), a small term beside 1, plainly. Below: φ·(m - u), u = -x, with Mills' ratio
    m = Q/φ (see _slope_tail)."""
    x = np.asarray(x, dtype=np.float64)
    out = np.ones_like(x)  # Φ + x·φ rounds to 1 beyond U_FLAT
    left_tail, core, near, far = bands(x, (-U_TAIL, U_TAIL, U_SWITCH, U_FLAT))
    if left_tail.size:
        out[left_tail] = _slope_tail(np.minimum(-x[left_tail], U_MAX))
    if core.size:
        xc = x[core]
        hi, lo = taylor(_gelu_tables()[1], xc)
        hi += lo
        out[core] = patch_near_root(xc, hi, (GELU_GRAD_ROOT, GELU_GRAD_RADIUS, GELU_GRAD_SERIES))
    for band, is_near in ((near, True), (far, False)):
        if band.size:
            xb = x[band]
            y = _x_density(xb)
            y -= _upper_tail_plain(xb, is_near)
            y += 1.0
            out[band] = y
    return keep_nan(x, out)


def _x_density(x: Array) -> Array:
    """x·φ(x) plainly, for where it meets a larger term."""
    y = x * x
    y *= -0.5
    np.exp(y, out=y)
    y *= x
    y *= INV_SQRT_2PI
    return y


def _slope_tail(u: Array, shift: NDArray[np.int32] | int = 0) -> Array:
    """gelu'(-u)·2**shift = φ(u)·(m(u) - u)·2**shift for U_TAIL ≤ u ≤ U_SCALED_MAX, where
    m = Q/φ = √π·e^c/u is Mills' ratio (c from special's erfc form): m < 0.35·(u - m), so its
    error weighs little. φ comes from exp_dd of the exact exponent, u - m as hi + lo, so that one
    rounding remains besides."""
    s = u * u
    np.divide(2.0, s, out=s)
    m = erfc_ratio(s)
    m += MILLS_OFFSET  # c + ln√π
    np.exp(m, out=m)
    m /= u
    w = u - m
    w_lo = u - w
    w_lo -= m  # w + w_lo = u - m exactly
    e_hi, e_lo, k = exp_dd(*square_exponent(u, 0.5, DENSITY_OFFSET))
    w_lo *= e_hi
    e_lo *= w
    e_lo += w_lo
    e_hi *= w
    e_hi += e_lo
    np.negative(e_hi, out=e_hi)
    out: Array = np.ldexp(e_hi, k + shift)
    return out


def gelu_grad_left_tail(x: Array, shift: NDArray[np.int32]) -> Array:
    """gelu'(x)·2**shift for x ≤ -U_TAIL (see gelu_left_tail)."""
    return _slope_tail(_magnitude(x, U_SCALED_MAX), shift)


@writes_into
def gelu_grad2(x: Array, out: Array | None = None) -> Array:
    """GELU's second derivative φ(x)·(2 - x²), within a few ULP."""
    u = np.abs(x)
    np.minimum(u, U_MAX, out=u)  # NaN stays, and so comes out
    result = _density_curvature(u, 0.0, out)
    if not u.max(initial=0.0) <= DENSITY_TAIL:  # one test per block (NaN fails it too)
        tail = np.flatnonzero(u > DENSITY_TAIL)  # φ is subnormal: formed e^SHIFT times larger, rounded once
        result[tail] = _density_curvature(u[tail], SHIFT) * E_SHIFT
    return result


def _density_curvature(u: Array, shift: float, out: Array | None = None) -> Array:
    """φ(u)·(2 - u²)·e^shift. u² = uh² + d with uh = u's leading 26 bits: uh² is exact, so neither
    exp(-u²/2) nor 2 - u² (exact near √2, by Sterbenz) sees the rounding of u², and e^(-d/2) is
    a short series (exponential's Gaussian does the same for e^(-x²))."""
    sq, d = square_parts(u)
    result = np.multiply(sq, -0.5, out=output(u, out))
    if shift:
        result += shift  # exact: both are multiples of sq's last bit
    np.exp(result, out=result)
    curvature = np.subtract(2.0, sq, out=sq)
    curvature -= d
    result *= curvature
    d *= -0.5
    expm1_tiny(d)
    d *= result
    result += d
    result *= INV_SQRT_2PI
    return result


# ---- tanh-GELU ----------------------------------------------------------------------------


def _tanh_arg(x: Array, sq: Pair) -> Pair:
    """v = 2u = C1·x·(1 + KAPPA·x²) in double-double."""
    return dd.mul(dd.scale(dd.add(dd.mul(sq, KAPPA), ONE), x), C1)


def _tanh_slope(sq: Pair) -> Pair:
    """v' = C1·(1 + 3·KAPPA·x²)."""
    return dd.mul(dd.add(dd.mul(sq, KAPPA3), ONE), C1)


def _tanh_input(x: Array) -> Array:
    return np.where(np.isnan(x), 0.0, np.clip(x, -TANH_MAX, TANH_MAX))


def gelu_tanh(x: Array) -> Array:
    """The tanh approximation of GELU, 0.5·x·(1 + tanh(u)) = x·sigmoid(2u), u = √(2/π)(x + 0.044715x³)."""
    x = np.asarray(x, dtype=np.float64)
    xc = _tanh_input(x)
    out = np.empty_like(x)
    plain = xc >= TANH_PLAIN
    if np.any(plain):
        xp = xc[plain]
        v = xp * (C1[0] + (C1[0] * KAPPA[0]) * (xp * xp))
        out[plain] = x[plain] / (1.0 + np.exp(-v))
    left = ~plain
    if np.any(left):
        # x·e^v/(1 + e^v), v < 0, all in double-double: e^v amplifies v's error by |v|.
        xl = xc[left]
        e_hi, e_lo, k = _exp_of(_tanh_arg(xl, _square(xl)))
        e = np.ldexp(e_hi, k)
        out[left] = _round(dd.div(dd.scale((e_hi, e_lo), xl), dd.add((e, np.ldexp(e_lo, k)), ONE)), k)
    return keep_nan(x, out)


def _tanh_parts(x: Array) -> tuple[Array, Pair, Pair, Scaled, Pair]:
    """|x| clipped, x², v', e^(-|v|) scaled, and e^(-|v|) itself, for the derivatives."""
    xc = _tanh_input(x)
    sq = _square(xc)
    v = _tanh_arg(np.abs(xc), sq)
    scaled = _exp_of(dd.neg(v))
    e_hi, e_lo, k = scaled
    return xc, sq, _tanh_slope(sq), scaled, (np.ldexp(e_hi, k), np.ldexp(e_lo, k))


def gelu_tanh_grad(x: Array) -> Array:
    """tanh-GELU's derivative: with e = e^(-|v|), (1 + e + x·v'·e)/(1 + e)² for x ≥ 0 and
    e·(1 + e + x·v')/(1 + e)² for x < 0, all in double-double (no root patch needed)."""
    x = np.asarray(x, dtype=np.float64)
    xc, _, slope, (e_hi, e_lo, k), e = _tanh_parts(x)
    one_e = dd.add(e, ONE)
    den = dd.mul(one_e, one_e)
    xv = dd.scale(slope, xc)
    right = dd.div(dd.add(one_e, dd.mul(xv, e)), den)
    left = dd.div(dd.mul((e_hi, e_lo), dd.add(one_e, xv)), den)
    return keep_nan(x, np.where(xc >= 0, _round(right), _round(left, k)))


def gelu_tanh_grad2(x: Array) -> Array:
    """tanh-GELU's second derivative e/(1 + e)²·(2v' + 6·C1·KAPPA·x² - |x|·v'²·(1 - e)/(1 + e)),
    e = e^(-|v|), in double-double: the bracket cancels near ±1.4185."""
    x = np.asarray(x, dtype=np.float64)
    xc, sq, slope, (e_hi, e_lo, k), e = _tanh_parts(x)
    one_e = dd.add(e, ONE)
    bend = dd.scale(dd.mul(dd.mul(slope, slope), dd.div(dd.add(dd.neg(e), ONE), one_e)), np.abs(xc))
    bracket = dd.add(dd.add((2.0 * slope[0], 2.0 * slope[1]), dd.mul(sq, C6K)), dd.neg(bend))
    return keep_nan(x, _round(dd.div(dd.mul((e_hi, e_lo), bracket), dd.mul(one_e, one_e)), k))


# ---- Serf ---------------------------------------------------------------------------------


def _serf_tail(x: Array, factor: Array) -> Array:
    """2/√π·factor·e^x, scaled, for x ≤ SERF_TAIL: there softplus(x) = e^x, erf(s) = 2/√π·s and
    sigmoid(x) = e^x to far below the last bit."""
    e_hi, e_lo, k = exp_dd(np.maximum(x, -900.0))
    return _round(dd.scale(dd.mul((e_hi, e_lo), TWO_OVER_SQRT_PI), factor), k)


def _log1p_exp(v: Array, newton: bool) -> tuple[Pair, Pair]:
    """log1p(e) and e = e^v as hi + lo, for SERF_TAIL ≤ v ≤ 0 (v = -|x|, or x itself where it is
    negative): np.log1p(e_hi) (within 0.58 ULP) plus e_lo/(1 + e_hi); with `newton`, one Newton
    step on expm1(l) = e, l1 = l + (e - expm1(l))/(1 + expm1(l)) (special.expm1_dd), leaves the
    square of that error."""
    e_hi, e_lo, k = exp_dd(v)
    np.ldexp(e_hi, k, out=e_hi)
    np.ldexp(e_lo, k, out=e_lo)
    log1p = np.log1p(e_hi)
    if newton:
        m_hi, m_lo = expm1_dd(log1p)
        step = e_hi - m_hi  # exact (Sterbenz)
        step += e_lo
        step -= m_lo
        m_hi += 1.0
        step /= m_hi
    else:
        step = e_hi + 1.0
        np.divide(e_lo, step, out=step)
    return (log1p, step), (e_hi, e_lo)


def _softplus_dd(x: Array, newton: bool) -> tuple[Pair, Pair, Pair]:
    """softplus(x) = max(x, 0) + log1p(e), e = e^-|x|, as hi + lo, with that log1p and e (see
    _log1p_exp)."""
    (log1p, log1p_lo), e = _log1p_exp(-np.abs(x), newton)
    sp_hi, sp_lo = two_sum(np.maximum(x, 0.0), log1p)
    sp_lo += log1p_lo
    return (sp_hi, sp_lo), (log1p, log1p_lo), e


def _serf_parts(x: Array) -> tuple[Pair, Pair, Pair]:
    """softplus(x), sigmoid(x) and sigmoid(-x) as hi + lo, for SERF_TAIL ≤ x < SERF_MAX."""
    sp, _, e = _softplus_dd(x, True)
    one_e = dd.add(e, ONE)
    up, down = dd.div(ONE, one_e), dd.div(e, one_e)  # sigmoid(|x|), sigmoid(-|x|)
    positive = x >= 0
    return sp, dd.pick(positive, up, down), dd.pick(positive, down, up)


def _erf_series(s_hi: Array, s_lo: Array) -> Pair:
    """erf(s_hi + s_lo) as hi + lo for 0 ≤ s < 0.08: 2/√π·s·(1 + q), q = Σ c_m·s^(2m) below
    0.0021, so that only 2/√π·s_hi is formed exactly. s_hi is overwritten."""
    z = s_hi * s_hi
    q = horner(ERF_SERIES, z)
    q *= z
    q *= s_hi
    q += s_lo  # s - s_hi + s_hi·q
    hi, lo = product_exact(s_hi, TWO_OVER_SQRT_PI[0])
    q *= TWO_OVER_SQRT_PI[0]
    lo += q
    s_hi *= TWO_OVER_SQRT_PI[1]
    lo += s_hi
    return hi, lo


def _serf_left(x: Array) -> Array:
    """serf(x) for SERF_TAIL ≤ x < SERF_LEFT, where s = softplus(x) = log1p(e^x) < ln 2, as hi + lo
    (np.log1p's error kept): erf(s) = s_hi·(1 + y) + s_lo·erf'(s_hi) with fdlibm's y (ERF_PP/ERF_QQ)
    and erf'(s) = 2/√π·e^(-s²) ≈ 2/√π·(1 - s²) (s_lo is below s_hi's last bit), so that only
    x·s_hi is formed exactly; the rest is below 0.13 of the result. Within 1.6 ULP against mpmath
    (y's error adds up to 0.4 ULP to what erf's Taylor polynomials gave, at half their cost)."""
    (s_hi, s_lo), _ = _log1p_exp(x, False)
    z = s_hi * s_hi
    y = horner(ERF_PP, z)
    y /= horner(ERF_QQ, z)
    z *= -TWO_OVER_SQRT_PI[0]
    z += TWO_OVER_SQRT_PI[0]
    z *= s_lo
    y *= s_hi
    y += z
    p, p_err = product_exact(x, s_hi)
    y *= x
    y += p_err
    p += y
    return p


def _erfc_of_softplus(x: Array) -> tuple[Array, Array, Array]:
    """softplus(x), erfc(softplus(x)) and e^-x plainly, for SERF_CORE ≤ x (softplus ≥ 1.25),
    where they meet the larger 1 of erf = 1 - erfc."""
    e = np.exp(-x)
    sp = np.log1p(e)
    sp += x
    return sp, erfc_plain(sp), e


_NO_POINTS = np.empty(0, dtype=np.intp)


def _serf_bands(x: Array, edges: tuple[float, ...]) -> tuple[list[NDArray[np.intp]], bool]:
    """bands(x, (SERF_TAIL, *edges)), and whether x has points below SERF_TAIL or NaN: that rare
    case is found once per block, by x's minimum (NaN if any x is)."""
    if x.min(initial=np.inf) >= SERF_TAIL:
        return [_NO_POINTS, *bands(x, edges)], False
    return bands(x, (SERF_TAIL, *edges)), True


@writes_into
def serf(x: Array, out: Array | None = None) -> Array:
    """Serf x·erf(softplus(x)) (Nag & Bhattacharyya 2021), within about an ULP.

    Below 0: see _serf_left. Up to softplus = 1.25: softplus and its erf in double-double, times
    x rounded once. Above: x - x·erfc(softplus), plainly; x beyond SERF_ONE. Below SERF_TAIL:
    from e^x."""
    x = np.asarray(x, dtype=np.float64)
    result = output(x, out)
    np.copyto(result, x)  # x·erf(softplus(x)) rounds to x beyond SERF_ONE; NaN stays
    (tail, left, core, upper), _ = _serf_bands(x, (SERF_LEFT, SERF_CORE, SERF_ONE))
    if tail.size:
        xt = np.maximum(x[tail], -900.0)
        result[tail] = _serf_tail(xt, xt)
    if left.size:
        result[left] = _serf_left(x[left])
    if core.size:
        xc = x[core]
        e_hi, e_lo = taylor(erf_table(), *_softplus_dd(xc, False)[0])
        p, p_err = product_exact(xc, e_hi)
        e_lo *= xc
        e_lo += p_err
        p += e_lo
        result[core] = p
    if upper.size:
        xu = x[upper]
        _, y, _ = _erfc_of_softplus(xu)
        y *= xu
        np.subtract(xu, y, out=y)
        result[upper] = y
    return result


# From `python tools/root_series.py serf 1 -1.193 --radius 0.125 --degree 20` (truncation error
# 2.1e-17 relative): outside this radius the error of serf_grad's double-double terms, about
# 2**-60, stays below an ULP.
SERF_GRAD_ROOT = (-1.193059968928188, 3.096701676302884e-17)
SERF_GRAD_RADIUS = 2.0**-5
SERF_GRAD_SERIES = (
    0.30150488936299114, 0.23161220121136644, 0.04754569104272783, -0.02333420603137727,
    -0.018713084036873454, -0.0045245316310397665, 0.0008716960652536173, 0.0010481488697435962,
    0.0003321028840029553, -1.201569744729671e-06, -4.460454909427938e-05, -1.8353874297258704e-05,
    -1.8900340116276782e-06, 1.4864871567878862e-06, 8.121718667121073e-07, 1.419464800354989e-07,
    -3.850673461878466e-08, -3.041607803377354e-08, -7.068861505124413e-09, 6.969587341059505e-10)


@writes_into
def serf_grad(x: Array, out: Array | None = None) -> Array:
    """Serf's derivative erf(sp) + x·sigmoid(x)·2/√π·exp(-sp²), sp = softplus(x).

    The terms cancel for x < 0: where sp < 1.25 they are formed in double-double and rounded
    once (_serf_grad_series, _serf_grad_core). Above: plainly, a small term beside 1."""
    x = np.asarray(x, dtype=np.float64)
    result = output(x, out)
    result.fill(1.0)  # beyond SERF_FLAT
    (tail, series, core, upper), rare = _serf_bands(x, (SERF_SERIES, SERF_CORE, SERF_FLAT))
    if tail.size:
        xt = np.maximum(x[tail], -900.0)
        result[tail] = _serf_tail(xt, 1.0 + xt)
    if series.size:
        result[series] = _serf_grad_series(x[series])
    if core.size:
        xc = x[core]
        result[core] = patch_near_root(xc, _serf_grad_core(xc), (SERF_GRAD_ROOT, SERF_GRAD_RADIUS, SERF_GRAD_SERIES))
    if upper.size:
        xu = x[upper]
        sp, y, e = _erfc_of_softplus(xu)
        sp *= sp
        np.negative(sp, out=sp)
        np.exp(sp, out=sp)
        sp *= xu
        sp *= TWO_OVER_SQRT_PI[0]
        e += 1.0
        sp /= e  # x·sigmoid(x)·2/√π·exp(-sp²)
        sp -= y
        sp += 1.0
        result[upper] = sp
    if rare:  # NaN is in no band
        np.copyto(result, x, where=np.isnan(x))
    return result


def _serf_grad_series(x: Array) -> Array:
    """serf'(x) for SERF_TAIL ≤ x < SERF_SERIES, where sp < 0.079: erf(sp) from its series, and
    sigmoid(x)·exp(-sp²) = e^(x - sp - sp²) (as e^-sp = 1 - sigmoid(x)) as e^x·(1 + expm1(-sp - sp²)),
    whose expm1 is small; np.log1p's error in sp weighs at most 0.74 here."""
    (sp_hi, sp_lo), (e_hi, e_lo) = _log1p_exp(x, False)
    m = sp_hi * sp_hi
    m += sp_hi
    np.negative(m, out=m)
    np.expm1(m, out=m)
    value = _erf_series(sp_hi, sp_lo)
    a_hi, a_lo = product_exact(x, TWO_OVER_SQRT_PI[0])  # x·2/√π
    a_lo += x * TWO_OVER_SQRT_PI[1]
    t_hi, t_lo = product_exact(a_hi, e_hi)
    m *= e_hi
    m += e_lo
    m *= a_hi
    a_lo *= e_hi
    t_lo += a_lo
    t_lo += m
    return _sum_rounded(value, (t_hi, t_lo))


def _serf_grad_core(x: Array) -> Array:
    """serf'(x) for SERF_SERIES ≤ x < SERF_CORE, where sp < 1.25 and the terms cancel up to
    tenfold (x < 0): sp with a Newton step, erf(sp) from its Taylor table, the other term as
    x·exp(min(x, 0) - log1p(e^-|x|) - sp² + ln(2/√π)) (sigmoid(x) = e^(x - sp)), the exponent's
    large terms summed exactly (sp² = h² + (sp² - h²), stable.square_parts)."""
    (sp_hi, sp_lo), (log1p, log1p_lo), _ = _softplus_dd(x, True)
    value = taylor(erf_table(), sp_hi, sp_lo)
    h2, small = square_parts(sp_hi)
    sp_lo *= 2.0 * sp_hi
    small += sp_lo
    small += log1p_lo
    np.subtract(LN_TWO_OVER_SQRT_PI[1], small, out=small)
    big_hi, big_lo = two_sum(np.minimum(x, 0.0), -log1p)
    small += big_lo
    big_hi, big_lo = two_sum(big_hi, -h2)
    small += big_lo
    big_hi, big_lo = two_sum(big_hi, LN_TWO_OVER_SQRT_PI[0])
    small += big_lo
    g_hi, g_lo, k = exp_dd(big_hi, small)
    t_hi, t_lo = product_exact(x, g_hi)
    g_lo *= x
    t_lo += g_lo
    np.ldexp(t_hi, k, out=t_hi)
    np.ldexp(t_lo, k, out=t_lo)
    return _sum_rounded(value, (t_hi, t_lo))


def _sum_rounded(a: Pair, b: Pair) -> Array:
    """a + b, each hi + lo, rounded once."""
    hi, lo = two_sum(a[0], b[0])
    lo += a[1]
    lo += b[1]
    hi += lo
    return hi


# From `python tools/root_series.py serf 2 ROOT --radius 0.125 --degree N` (truncation errors
# 2.2e-17 and 3.1e-17 relative): the bracket is exact, but softplus's last bit is not.
SERF_GRAD2_ROOTS = (
    ((-2.2564974802739743, 9.824466893013856e-17), 0.125, (
        0.12274950544904875, 0.11179111419312171, 0.04229916333484399, 0.003904839160806366,
        -0.0042902446906965715, -0.002782032256820738, -0.0009038467323410746, -0.0001332594665371993,
        3.4890646164212265e-05, 3.171399998308772e-05, 1.1722507922523269e-05, 2.3443924036432263e-06,
        -7.021705792140922e-08, -2.604843480492726e-07, -1.1156409133305354e-07, -2.5716106174660547e-08,
        -1.2178718537722902e-09, 1.7507833802084634e-09)),
    ((1.0960460404526293, -8.186839288346247e-17), 0.125, (
        -0.4767746310867969, 0.6086540505260329, 0.09906484657635149, -0.4233666993247573,
        0.04269994882284443, 0.16755916460851855, -0.033098088853345205, -0.04979577008057445,
        0.012292613375438242, 0.012266022169526703, -0.0033647838972593585, -0.00262364447618744,
        0.0007624787913802423, 0.000499989436117908, -0.0001510300837577001, -8.625458493892964e-05,
        2.6993709702565623e-05, 1.3613498126527499e-05, -4.4446293678564715e-06, -1.9798705017103916e-06)),
)


def serf_grad2(x: Array) -> Array:
    """Serf's second derivative 2/√π·exp(-sp²)·sigmoid(x)·(2 + x·(sigmoid(-x) - 2·sp·sigmoid(x))),
    the bracket in double-double: it cancels at x ≈ -2.2565 and 1.0960, patched by series."""
    x = np.asarray(x, dtype=np.float64)
    out = np.full_like(x, -0.0)  # beyond SERF_MAX
    tail, body = bands(x, (SERF_TAIL, SERF_MAX))
    if body.size:
        xb = x[body]
        sp, sig, sig_neg = _serf_parts(xb)
        bracket = dd.add(dd.add(dd.scale(sig_neg, xb), dd.scale(dd.mul(sp, sig), -2.0 * xb)), (2.0, 0.0))
        g_hi, g_lo, k = _exp_of(dd.neg(dd.mul(sp, sp)))
        out[body] = _round(dd.mul(dd.mul((g_hi, g_lo), TWO_OVER_SQRT_PI), dd.mul(sig, bracket)), k)
    if tail.size:
        xt = np.maximum(x[tail], -900.0)
        out[tail] = _serf_tail(xt, 2.0 + xt)
    for series in SERF_GRAD2_ROOTS:
        out = patch_near_root(x, out, series)
    return keep_nan(x, out)


# ---- the registry entries -----------------------------------------------------------------


def _by_form(exact_form: Any, tanh_form: Any) -> Any:
    """One of gelu's callables, chosen by its `approximate` parameter (writing into `out` if given)."""

    @writes_into
    def run(x: Array, approximate: str = "none", out: Array | None = None) -> Array:
        return call_into(exact_form if approximate == "none" else tanh_form, x, out)

    return run


def _gelu_exact(mp: Any, x: Any) -> Any:
    if abs(x) > 10**4:  # mpmath's erfc overflows far out; erfc(10**4/√2) < 10**-21000 anyway
        return x if x > 0 else mp.mpf(0)
    return x * mp.erfc(-x / mp.sqrt(2)) / 2


def _gelu_tanh_exact(mp: Any, x: Any) -> Any:
    # 0.5·x·(1 + tanh(u)) = x/(1 + e^(-2u)): the same number, without the cancellation of
    # 1 + tanh(u) at u ≪ 0 that would need hundreds of extra digits at 40-digit working precision.
    u = mp.sqrt(2 / mp.pi) * (x + mp.mpf("0.044715") * x**3)
    return x / (1 + mp.exp(-2 * u))


def _gelu_breakpoints(approximate: str = "none") -> tuple[float, ...]:
    if approximate == "tanh":
        return (-TANH_MAX, TANH_PLAIN, TANH_MAX)
    points = [U_TAIL, U_SWITCH, U_ONE, U_FLAT, U_MAX]
    return (*sorted(-p for p in points), *points,
            GELU_GRAD_ROOT[0] - GELU_GRAD_RADIUS, GELU_GRAD_ROOT[0] + GELU_GRAD_RADIUS)


def _erf_breakpoints() -> tuple[float, ...]:
    points = [TINY, MIDDLE, SWITCH, ERF_ONE, GAUSSIAN_TAIL]
    return (*sorted(-p for p in points), *points)


def _serf_breakpoints() -> tuple[float, ...]:
    patches = [(SERF_GRAD_ROOT, SERF_GRAD_RADIUS), *((r, w) for r, w, _ in SERF_GRAD2_ROOTS)]
    edges = [root[0] + side * radius for root, radius in patches for side in (-1, 1)]
    return tuple(sorted([SERF_TAIL, SERF_SERIES, SERF_LEFT, SERF_CORE, SERF_ONE, SERF_FLAT, *edges, SERF_MAX]))


GELU_MIN = -0.16997120747990369  # at x = -0.75179, rounded down
GELU_TANH_MIN = -0.17004075057125406
SERF_MIN = -0.34843745875960647

GELU_SOURCE = "Hendrycks & Gimpel 2016, Gaussian error linear units (GELUs); torch.nn.GELU"

DEFINITIONS = (
    Definition(
        name="erf",
        summary="The Gauss error function, from -1 to 1",
        formula="2/√π · ∫₀ˣ e^(-t²) dt",
        grad_formula="2/√π · e^(-x²)",
        latex=r"\operatorname{erf}(x)",
        value=_erf,
        grad=_erf_grad,
        grad2=_erf_grad2,
        exact=lambda mp, x: mp.erf(x),
        output_range=Interval(-1.0, 1.0, False, False),
        source="Glaisher 1871; torch.special.erf; approximations from FreeBSD msun s_erf.c (fdlibm)",
        family="gaussian",
        smoothness="C∞",
        monotonic=True,
        zero_centred=True,
        breakpoints=_erf_breakpoints,
    ),
    Definition(
        name="gelu",
        summary="Gaussian error linear unit: x times the normal CDF at x",
        formula="x·Φ(x) = (x/2)·(1 + erf(x/√2))",
        grad_formula="Φ(x) + x·φ(x)",
        latex=r"\frac{x}{2}\left(1 + \operatorname{erf}\left(\frac{x}{\sqrt{2}}\right)\right)",
        params=(Param("approximate", "none", "'tanh' for the tanh approximation (jax.nn.gelu's default)",
                      choices=("none", "tanh")),),
        value=_by_form(gelu, gelu_tanh),
        grad=_by_form(gelu_grad, gelu_tanh_grad),
        grad2=_by_form(gelu_grad2, gelu_tanh_grad2),
        exact=lambda mp, x, approximate="none": (
            _gelu_exact(mp, x) if approximate == "none" else _gelu_tanh_exact(mp, x)),
        output_range=lambda approximate="none": Interval(
            GELU_MIN if approximate == "none" else GELU_TANH_MIN, math.inf, True, False),
        source=GELU_SOURCE,
        family="gaussian",
        smoothness="C∞",
        monotonic=False,
        zero_centred=False,
        breakpoints=_gelu_breakpoints,
        examples=("gelu:approximate=tanh",),
        notes=("jax.nn.gelu defaults to approximate=True (the tanh form); torch.nn.GELU and "
               "keras default to the exact erf form (jax#4428).",
               "The left tail x·Φ(x) ≈ -φ(x) is subnormal below x ≈ -37.6; actcli forms x²/2 "
               "exactly and rounds once, where torch and scipy lose 1e3 to 1e15 ULP."),
    ),
    Definition(
        name="gelu_tanh",
        summary="GELU's tanh approximation: x·sigmoid(2√(2/π)(x + 0.044715x³))",
        formula="0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))",
        grad_formula="σ(v) + x·v'·σ(v)·σ(-v), v = 2√(2/π)(x + 0.044715x³)",
        latex=r"\frac{x}{2}\left(1 + \tanh\left(\sqrt{2/\pi}\,(x + 0.044715\,x^3)\right)\right)",
        value=gelu_tanh,
        grad=gelu_tanh_grad,
        grad2=gelu_tanh_grad2,
        exact=_gelu_tanh_exact,
        output_range=Interval(GELU_TANH_MIN, math.inf, True, False),
        source="Hendrycks & Gimpel 2016; torch.nn.GELU(approximate='tanh'); jax.nn.gelu",
        family="gaussian",
        smoothness="C∞",
        monotonic=False,
        zero_centred=False,
        breakpoints=lambda: (-TANH_MAX, TANH_PLAIN, TANH_MAX),
        notes=("Computed as x·sigmoid(2u): 1 + tanh(u) cancels for x < 0, where jax's form is "
               "off by up to 4.6e17 ULP.",),
    ),
    Definition(
        name="serf",
        summary="Serf: x·erf(softplus(x)), a smooth self-gated unit",
        formula="x·erf(log(1 + e^x))",
        grad_formula="erf(sp) + x·(2/√π)·e^(-sp²)·sigmoid(x), sp = softplus(x)",
        latex=r"x\,\operatorname{erf}(\log(1 + e^x))",
        value=serf,
        grad=serf_grad,
        grad2=serf_grad2,
        exact=lambda mp, x: x * mp.erf(mp.log1p(mp.exp(x))),
        output_range=Interval(SERF_MIN, math.inf, True, False),
        source="Nag & Bhattacharyya 2021, SERF: towards better training of deep neural networks "
               "using log-Softplus ERror activation Function",
        family="gaussian",
        smoothness="C∞",
        monotonic=False,
        zero_centred=False,
        breakpoints=_serf_breakpoints,
    ),
)
