"""Activations built on the Gaussian error function: erf itself, GELU (exact and tanh forms), Serf.

Their tails decay like exp(-x²/2) (or exp(-c·x³)), where the rounding error of x² or x³ is
amplified by the exponent and the result crosses the subnormal range before it underflows. So
the exponents are formed in double-double (actcli.double_double), their exponentials are taken with
actcli.special.exp_dd, which keeps the power of two apart, and the other factors are multiplied
in before one final np.ldexp rounds into the subnormal range.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import NDArray

from actcli import double_double as dd
from actcli.definition import Array, Definition, Interval, Param
from actcli.double_double import Const, Pair
from actcli.functions.exponential import gaussian_derivative
from actcli.functions.sigmoidal import E_SHIFT, SHIFT
from actcli.special import erf as _erf
from actcli.special import erf_dd, erfc_dd, erfc_exponent, exp_dd
from actcli.stable import expm1_tiny, keep_nan, leading_bits, patch_near_root, two_product

Mask = NDArray[np.bool_]
Scaled = tuple[Array, Array, NDArray[np.int32]]

# Constants as hi + lo, from mpmath at 300 bits.
ONE: Const = (1.0, 0.0)
TWO_OVER_SQRT_PI: Const = (1.1283791670955126, 1.533545961316588e-17)
INV_SQRT2: Const = (0.7071067811865476, -4.833646656726457e-17)
LN_SQRT2: Const = (0.34657359027997264, 1.1595234069231498e-17)
LN_SQRT_2PI: Const = (0.9189385332046728, -3.8782941580672414e-17)
SQRT_PI: Const = (1.772453850905516, -7.666586499825799e-17)
# tanh-GELU: 2u = C1·x·(1 + KAPPA·x²) with C1 = 2√(2/π) and KAPPA = 0.044715 as a decimal.
C1: Const = (1.5957691216057308, -9.96930880911092e-17)
KAPPA: Const = (0.044715, 2.1960211427085595e-18)
KAPPA3: Const = (0.134145, 1.3526957332032908e-17)  # 3·KAPPA
C6K: Const = (0.42812889763560147, 2.4050485664735725e-17)  # 6·C1·KAPPA

U_TAIL = 1.7677669529663689  # 1.25·√2: erfc(|x|/√2) switches to its exponential form
U_SMALL = 1.193242693252299  # 0.84375·√2: erfc(|x|/√2) switches from 1 - erf to the middle fit
U_SWITCH = 4.040610178208843  # √2/0.35: the exponential form switches rational fits
U_MAX = 40.0  # every exp(-x²/2) term underflows beyond
DENSITY_TAIL = math.sqrt(2 * SHIFT)  # beyond, exp(-x²/2) is near or below the subnormal range
INV_SQRT_2PI = 0.3989422804014327
U_SCALED_MAX = 56.0  # ... even scaled by 2**1100 (see gelu_left_tail)
TANH_PLAIN = -0.5  # tanh-GELU's value is plain above: e^v amplifies the rounding of v by |v|
TANH_MAX = 30.0  # tanh-GELU's e^(-|2u|) underflows beyond
SERF_TAIL = -40.0  # below: serf and its derivatives from e^x alone, scaled
SERF_MAX = 40.0  # above: softplus(x) = x and erf(softplus(x)) = 1 to the last bit


def _magnitude(x: Array, limit: float) -> Array:
    """|x| clipped to `limit`, NaN replaced by 0 (callers restore it with keep_nan)."""
    u = np.minimum(np.abs(x), limit)
    return np.where(np.isnan(u), 0.0, u)


def _square(u: Array) -> Pair:
    return two_product(u, u)


def _exp_of(a: Pair, shift: NDArray[np.int32] | int = 0) -> Scaled:
    """exp(a)·2**shift as (hi + lo)·2**k."""
    hi, lo, k = exp_dd(a[0], a[1])
    return hi, lo, k + shift


def _round(a: Pair, k: NDArray[np.int32] | int = 0) -> Array:
    return np.ldexp(a[0] + a[1], k)


# ---- erf ----------------------------------------------------------------------------------


def _erf_grad(x: Array) -> Array:
    """2/√π·exp(-x²): the Gaussian's careful form (about an ULP), times the constant."""
    out = gaussian_derivative(x, 0)
    out *= TWO_OVER_SQRT_PI[0]
    return out


def _erf_grad2(x: Array) -> Array:
    """-2x·2/√π·exp(-x²), likewise."""
    out = gaussian_derivative(x, 1)
    out *= TWO_OVER_SQRT_PI[0]
    return out


# ---- GELU ---------------------------------------------------------------------------------


def _upper_tail(u: Array) -> Pair:
    """Q(u) = Φ(-u) = erfc(u/√2)/2 for 0 ≤ u < U_TAIL, with u/√2 in double-double."""
    z_hi, z_lo = two_product(u, INV_SQRT2[0])
    hi, lo = erfc_dd(z_hi, z_lo + u * INV_SQRT2[1])
    return 0.5 * hi, 0.5 * lo


def _density(sq: Pair, shift: NDArray[np.int32] | int = 0) -> Scaled:
    """φ(u)·2**shift = exp(-u²/2)/√(2π)·2**shift as (hi + lo)·2**k, given u² = sq."""
    return _exp_of(dd.add((-0.5 * sq[0], -0.5 * sq[1]), _negc(LN_SQRT_2PI)), shift)


def _negc(c: Const) -> Const:
    return -c[0], -c[1]


def _tail_exponent(sq: Pair) -> Pair:
    """-u²/2 + c(u/√2) for u ≥ U_TAIL, where Q(u) = exp(-u²/2 + c)/(√2·u) (see erfc_exponent)."""
    c = erfc_exponent(0.5 * sq[0], 0.5 * sq[1], precise=False)
    return dd.add((-0.5 * sq[0], -0.5 * sq[1]), c)


def gelu(x: Array) -> Array:
    """The exact GELU x·Φ(x) = (x/2)·erfc(-x/√2) for float64 arrays, within a few ULP."""
    x = np.asarray(x, dtype=np.float64)
    u = _magnitude(x, U_MAX)
    out = np.empty_like(x)
    middle = u < U_TAIL
    if np.any(middle):
        xm = x[middle]
        q = _upper_tail(u[middle])
        cdf = dd.pick(xm < 0, q, dd.add(dd.neg(q), ONE))
        out[middle] = _round(dd.scale(cdf, xm))
    tail = ~middle
    if np.any(tail):
        below = _u_times_q(u[tail])
        xt = x[tail]
        out[tail] = np.where(xt < 0, -below, xt - below)
    return keep_nan(x, out)


def _u_times_q(u: Array, shift: NDArray[np.int32] | int = 0) -> Array:
    """u·Q(u)·2**shift for u ≥ U_TAIL, as exp(-u²/2 + c - ln√2 + shift·ln2): the factor u folded
    into the exponential, so nothing underflows before the one rounding of np.ldexp (without a
    shift the result is subnormal beyond u = 37.6)."""
    e_hi, e_lo, k = _exp_of(dd.add(_tail_exponent(_square(u)), _negc(LN_SQRT2)), shift)
    return np.ldexp(e_hi + e_lo, k)


def gelu_left_tail(x: Array, shift: NDArray[np.int32]) -> Array:
    """gelu(x)·2**shift for x ≤ -U_TAIL: lets a·gelu(b) (GEGLU) stay exact where gelu(b) alone
    underflows."""
    return -_u_times_q(_magnitude(x, U_SCALED_MAX), shift)


# From `python tools/root_series.py gelu 1 -0.7518` (truncation error 6.4e-17 relative).
GELU_GRAD_ROOT = (-0.7517915246935645, 1.4956759177009883e-17)
GELU_GRAD_RADIUS = 0.0625
GELU_GRAD_SERIES = (
    0.4314939923140469, 0.388284982990552, -0.018199676398671087, -0.1140082332972217,
    -0.014771522148244337, 0.019421679838189067, 0.004539228379125415, -0.002239538068073497,
    -0.0007448268386746817, 0.00018633974623233514, 8.615947861116571e-05, -1.121438018842664e-05,
    -7.74846130700372e-06, 4.3284506257392273e-07)


def gelu_grad(x: Array) -> Array:
    """GELU's derivative Φ(x) + x·φ(x) for float64 arrays, within a few ULP."""
    x = np.asarray(x, dtype=np.float64)
    u = _magnitude(x, U_MAX)
    out = np.empty_like(x)
    middle = u < U_TAIL
    if np.any(middle):
        um, xm = u[middle], x[middle]
        q = _upper_tail(um)
        d_hi, d_lo, k = _density(_square(um))
        u_phi = dd.scale((np.ldexp(d_hi, k), np.ldexp(d_lo, k)), um)
        # x < 0: Q(u) - u·φ(u); x ≥ 0: 1 - Q(u) + u·φ(u)
        left = dd.add(q, dd.neg(u_phi))
        right = dd.add(dd.add(dd.neg(q), ONE), u_phi)
        out[middle] = _round(dd.pick(xm < 0, left, right))
    tail = ~middle
    if np.any(tail):
        g = _slope_tail(u[tail])
        out[tail] = np.where(x[tail] < 0, g, 1.0 - g)
    out = patch_near_root(x, out, GELU_GRAD_ROOT, GELU_GRAD_RADIUS, GELU_GRAD_SERIES)
    return keep_nan(x, out)


def _slope_tail(u: Array, shift: NDArray[np.int32] | int = 0) -> Array:
    """gelu'(-u)·2**shift = φ(u)·(m(u) - u)·2**shift for u ≥ U_TAIL, where m = Q/φ = √π·e^c/u is
    Mills' ratio: no cancellation here."""
    sq = _square(u)
    d_hi, d_lo, k = _density(sq, shift)
    c = erfc_exponent(0.5 * sq[0], 0.5 * sq[1], precise=False)
    mills = SQRT_PI[0] * np.exp(c[0]) * (1.0 + c[1]) / u
    return np.ldexp((d_hi + d_lo) * (mills - u), k)


def gelu_grad_left_tail(x: Array, shift: NDArray[np.int32]) -> Array:
    """gelu'(x)·2**shift for x ≤ -U_TAIL (see gelu_left_tail)."""
    return _slope_tail(_magnitude(x, U_SCALED_MAX), shift)


def gelu_grad2(x: Array) -> Array:
    """GELU's second derivative φ(x)·(2 - x²), within a few ULP."""
    x = np.asarray(x, dtype=np.float64)
    u = _magnitude(x, U_MAX)
    out = _density_curvature(u, 0.0)
    tail = np.flatnonzero(u > DENSITY_TAIL)
    if tail.size:  # φ is subnormal there: formed as e^SHIFT times larger, rounded down once
        out[tail] = _density_curvature(u[tail], SHIFT) * E_SHIFT
    return keep_nan(x, out)


def _density_curvature(u: Array, shift: float) -> Array:
    """φ(u)·(2 - u²)·e^shift. u² = uh² + d with uh = u's leading 26 bits: uh² is exact, so neither
    exp(-u²/2) nor 2 - u² (exact near √2, by Sterbenz) sees the rounding of u², and e^(-d/2) is
    a short series (exponential's Gaussian does the same for e^(-x²))."""
    uh = leading_bits(u)
    d = u - uh
    d *= u + uh  # u² - uh², to 2**-52 of itself
    sq = uh * uh
    out = np.subtract(shift, 0.5 * sq)  # exact: both are multiples of sq's last bit
    np.exp(out, out=out)
    curvature = np.subtract(2.0, sq)
    curvature -= d
    out *= curvature
    d *= -0.5
    expm1_tiny(d)
    d *= out
    out += d
    out *= INV_SQRT_2PI
    return out


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


def _serf_parts(x: Array) -> tuple[Pair, Pair, Pair]:
    """softplus(x), sigmoid(x) and sigmoid(-x) as hi + lo, for SERF_TAIL < x ≤ SERF_MAX."""
    e_hi, e_lo, k = exp_dd(-np.abs(x))
    e = (np.ldexp(e_hi, k), np.ldexp(e_lo, k))
    one_e = dd.add(e, ONE)
    # log1p(e) in double-double: one Newton step from np.log1p's, on exp(l) = 1 + e.
    l0 = np.log1p(e[0])
    g_hi, g_lo, gk = exp_dd(l0)
    g = (np.ldexp(g_hi, gk), np.ldexp(g_lo, gk))
    sp = dd.add(dd.renormalize(l0, dd.add(one_e, dd.neg(g))[0] / g[0]), (np.maximum(x, 0.0), np.zeros_like(x)))
    up, down = dd.div(ONE, one_e), dd.div(e, one_e)  # sigmoid(|x|), sigmoid(-|x|)
    positive = x >= 0
    return sp, dd.pick(positive, up, down), dd.pick(positive, down, up)


def _erf_of(sp: Pair) -> Pair:
    """erf(sp_hi + sp_lo) as hi + lo: in double-double where sp < 0.84375 (serf' cancels there)."""
    small = sp[0] < 0.84375
    near = erf_dd(np.where(small, sp[0], 0.0), sp[1])
    far_hi = _erf(sp[0])
    far = (far_hi, TWO_OVER_SQRT_PI[0] * np.exp(-sp[0] * sp[0]) * sp[1])
    return dd.pick(small, near, far)


def _serf_masks(x: Array) -> tuple[Mask, Mask, Mask]:
    tail = x <= SERF_TAIL
    top = x > SERF_MAX
    return tail, ~(tail | top | np.isnan(x)), top


def serf(x: Array) -> Array:
    """Serf x·erf(softplus(x)) (Nag & Bhattacharyya 2021), within a few ULP."""
    x = np.asarray(x, dtype=np.float64)
    out = np.empty_like(x)
    tail, body, top = _serf_masks(x)
    if np.any(body):
        xb = x[body]
        sp, _, _ = _serf_parts(xb)
        out[body] = _round(dd.scale(_erf_of(sp), xb))
    out[top] = x[top]
    if np.any(tail):
        xt = np.maximum(x[tail], -900.0)
        out[tail] = _serf_tail(xt, xt)
    return keep_nan(x, out)


# From `python tools/root_series.py serf 1 -1.193 --radius 0.125 --degree 20` (truncation error
# 2.1e-17 relative): outside it the error of erf's fit, 2**-56 of erf(sp), stays below an ULP.
SERF_GRAD_ROOT = (-1.193059968928188, 3.096701676302884e-17)
SERF_GRAD_RADIUS = 0.125
SERF_GRAD_SERIES = (
    0.30150488936299114, 0.23161220121136644, 0.04754569104272783, -0.02333420603137727,
    -0.018713084036873454, -0.0045245316310397665, 0.0008716960652536173, 0.0010481488697435962,
    0.0003321028840029553, -1.201569744729671e-06, -4.460454909427938e-05, -1.8353874297258704e-05,
    -1.8900340116276782e-06, 1.4864871567878862e-06, 8.121718667121073e-07, 1.419464800354989e-07,
    -3.850673461878466e-08, -3.041607803377354e-08, -7.068861505124413e-09, 6.969587341059505e-10)


def serf_grad(x: Array) -> Array:
    """Serf's derivative erf(sp) + x·sigmoid(x)·2/√π·exp(-sp²), sp = softplus(x)."""
    x = np.asarray(x, dtype=np.float64)
    out = np.empty_like(x)
    tail, body, top = _serf_masks(x)
    if np.any(body):
        xb = x[body]
        sp, sig, _ = _serf_parts(xb)
        g_hi, g_lo, k = _exp_of(dd.neg(dd.mul(sp, sp)))
        term = dd.scale(dd.mul(dd.mul((g_hi, g_lo), TWO_OVER_SQRT_PI), sig), xb)
        out[body] = _round(dd.add(_erf_of(sp), (np.ldexp(term[0], k), np.ldexp(term[1], k))))
    out[top] = 1.0
    if np.any(tail):
        xt = np.maximum(x[tail], -900.0)
        out[tail] = _serf_tail(xt, 1.0 + xt)
    out = patch_near_root(x, out, SERF_GRAD_ROOT, SERF_GRAD_RADIUS, SERF_GRAD_SERIES)
    return keep_nan(x, out)


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
    out = np.empty_like(x)
    tail, body, top = _serf_masks(x)
    if np.any(body):
        xb = x[body]
        sp, sig, sig_neg = _serf_parts(xb)
        bracket = dd.add(dd.add(dd.scale(sig_neg, xb), dd.scale(dd.mul(sp, sig), -2.0 * xb)), (2.0, 0.0))
        g_hi, g_lo, k = _exp_of(dd.neg(dd.mul(sp, sp)))
        out[body] = _round(dd.mul(dd.mul((g_hi, g_lo), TWO_OVER_SQRT_PI), dd.mul(sig, bracket)), k)
    out[top] = -0.0
    if np.any(tail):
        xt = np.maximum(x[tail], -900.0)
        out[tail] = _serf_tail(xt, 2.0 + xt)
    for root, radius, series in SERF_GRAD2_ROOTS:
        out = patch_near_root(x, out, root, radius, series)
    return keep_nan(x, out)


# ---- the registry entries -----------------------------------------------------------------


def _by_form(exact_form: Any, tanh_form: Any) -> Any:
    """One of gelu's callables, chosen by its `approximate` parameter."""
    return lambda x, approximate="none": (exact_form if approximate == "none" else tanh_form)(x)


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
    points = [U_SMALL, U_TAIL, U_SWITCH, U_MAX]
    return (*sorted(-p for p in points), *points,
            GELU_GRAD_ROOT[0] - GELU_GRAD_RADIUS, GELU_GRAD_ROOT[0] + GELU_GRAD_RADIUS)


def _serf_breakpoints() -> tuple[float, ...]:
    patches = [(SERF_GRAD_ROOT, SERF_GRAD_RADIUS), *((r, w) for r, w, _ in SERF_GRAD2_ROOTS)]
    edges = [root[0] + side * radius for root, radius in patches for side in (-1, 1)]
    return tuple(sorted([SERF_TAIL, *edges, SERF_MAX]))


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
        breakpoints=lambda: (-6.0, -1.25, -0.84375, 0.84375, 1.25, 1 / 0.35, 6.0, 27.5),
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
