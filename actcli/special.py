"""erf and erfc for float64 arrays, within 1 ULP on the whole real line, in pure numpy.

The piecewise rational approximations are those of FreeBSD msun's s_erf.c (Sun's fdlibm 5.1,
1993; lib/msun/src/s_erf.c), accurate to about 2**-56 before rounding. A plain port would lose
up to 2 ULP to rounding: erfc(x) = exp(-x² - 0.5625 + R/S)/x amplifies the rounding error of
x² by x², the exponential adds its own, and 1 - erf(x) and (1 - erx) - P/Q cancel near x = 0.85
and 1.25. So the pieces are carried as unevaluated sums hi + lo (double-double) until the last
operation: -x² is formed exactly, its exponential is taken in double-double (`exp_dd`), and the
polynomial steps whose rounding would show run in double-double. Only the evaluations that
need it do so: erf hides the error of 1 - erf(x) at x ≥ 1.25 below its last bit, erfc(x < 0)
that of 2 - erfc(|x|).

Also exported, for callers that fold further factors in before the one final rounding (the GELU
tail decays into the subnormal range) or that subtract nearly equal terms: `exp_dd`,
`erfc_exponent`, `erf_dd` and `erfc_dd`.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from actcli import double_double as dd
from actcli.definition import Array
from actcli.double_double import Pair
from actcli.stable import keep_nan, split, two_product, two_sum

TWO_OVER_SQRT_PI = (1.1283791670955126, 1.533545961316588e-17)  # 2/√π as hi + lo

# ln(2)/64 as hi + lo: LN2_64_HI has 35 significant bits, so n·LN2_64_HI is exact for |n| < 2**18
# (|a| < 2839).
LN2_HI = 0.6931471805599453
LN2_LO = 2.3190468138462996e-17
LN2_64_HI = math.ldexp(round(math.ldexp(LN2_HI, 35)), -41)
LN2_64_LO = ((LN2_HI - 64 * LN2_64_HI) + LN2_LO) / 64
INV_LN2_64 = 64 / LN2_HI


def _power_table() -> Pair:
    """2**(j/64) for j = 0..63 as hi + lo. With hi = m·2**-52 within an ULP of the root, one
    Newton step in exact integer arithmetic gives the rest to 2**-100 relative:
    2**(j/64) - hi = (2**(j + 52·64) - m**64) / (64·m**63) · 2**-52."""
    hi = [2.0 ** (j / 64) for j in range(64)]
    lo = [((1 << (j + 52 * 64)) - int(h * 2**52) ** 64) / (64 * int(h * 2**52) ** 63) * 2.0**-52
          for j, h in enumerate(hi)]
    return np.array(hi), np.array(lo)


POW2_HI, POW2_LO = _power_table()

# fdlibm's coefficients, digit for digit from s_erf.c.
ERX = 8.45062911510467529297e-01  # erf(1) rounded to 24 bits, so 1 ± ERX are exact
# erf(x) = x + x·PP(x²)/QQ(x²) for |x| < 0.84375
PP = (1.28379167095512558561e-01, -3.25042107247001499370e-01, -2.84817495755985104766e-02,
      -5.77027029648944159157e-03, -2.37630166566501626084e-05)
QQ = (1.0, 3.97917223959155352819e-01, 6.50222499887672944485e-02, 5.08130628187576562776e-03,
      1.32494738004321644526e-04, -3.96022827877536812320e-06)
# erf(1 + s) = ERX + PA(s)/QA(s) for 0.84375 ≤ 1 + s < 1.25
PA = (-2.36211856075265944077e-03, 4.14856118683748331666e-01, -3.72207876035701323847e-01,
      3.18346619901161753674e-01, -1.10894694282396677476e-01, 3.54783043256182359371e-02,
      -2.16637559486879084300e-03)
QA = (1.0, 1.06420880400844228286e-01, 5.40397917702171048937e-01, 7.18286544141962662868e-02,
      1.26171219808761642112e-01, 1.36370839120290507362e-02, 1.19844998467991074170e-02)
# erfc(x) = exp(-x² - 0.5625 + R(s)/S(s))/x with s = 1/x²: RA/SA for 1.25 ≤ x < 1/0.35,
# RB/SB above
RA = (-9.86494403484714822705e-03, -6.93858572707181764372e-01, -1.05586262253232909814e+01,
      -6.23753324503260060396e+01, -1.62396669462573470355e+02, -1.84605092906711035994e+02,
      -8.12874355063065934246e+01, -9.81432934416914548592e+00)
SA = (1.0, 1.96512716674392571292e+01, 1.37657754143519042600e+02, 4.34565877475229228821e+02,
      6.45387271733267880336e+02, 4.29008140027567833386e+02, 1.08635005541779435134e+02,
      6.57024977031928170135e+00, -6.04244152148580987438e-02)
RB = (-9.86494292470009928597e-03, -7.99283237680523006574e-01, -1.77579549177547519889e+01,
      -1.60636384855821916062e+02, -6.37566443368389627722e+02, -1.02509513161107724954e+03,
      -4.83519191608651397019e+02)
SB = (1.0, 3.03380607434824582924e+01, 3.25792512996573918826e+02, 1.53672958608443695994e+03,
      3.19985821950859553908e+03, 2.55305040643316442583e+03, 4.74528541206955367215e+02,
      -2.24409524465858183362e+01)

SMALL = 0.84375  # below: the odd series x + x·R(x²)
MIDDLE = 1.25  # below: the expansion around 1; above: the exponential form
SWITCH_S = 0.35**2  # 1/x² above which RA/SA applies
ERF_ONE = 6.0  # erf(x) rounds to ±1 beyond
ERFC_ZERO = 27.5  # erfc(x) rounds to 0 beyond 27.3894
EXPONENT_MAX = 40.0  # erfc_exponent serves scaled tails beyond ERFC_ZERO (gelu_left_tail)


def _poly(coefficients: tuple[float, ...], s_hi: Array, s_lo: Array | float = 0.0, exact: int = 0) -> Pair:
    """Horner's scheme at s_hi + s_lo, as hi + lo. The last `exact` steps (those adding the
    lowest coefficients, whose partial sums are as large as the result) run in double-double;
    the rounding errors of the plain steps before them are scaled down by powers of s. The
    counts used below are the fewest that keep each result's error at its stated bound."""
    p = np.full_like(s_hi, coefficients[-1])
    for c in reversed(coefficients[exact:-1]):
        p = p * s_hi + c
    p_lo = np.zeros_like(p)
    if exact:
        s1, s2 = split(s_hi)
        for c in reversed(coefficients[:exact]):
            m = p * s_hi
            a1, a2 = split(p)
            tail = (((a1 * s1 - m) + a1 * s2 + a2 * s1) + a2 * s2) + (p * s_lo + p_lo * s_hi)
            p, e = two_sum(m, c)
            p_lo = e + tail
    return p, p_lo


def exp_dd(a_hi: Array, a_lo: Array | float = 0.0) -> tuple[Array, Array, NDArray[np.int32]]:
    """exp(a_hi + a_lo) as (hi + lo)·2**k, hi + lo in [0.99, 2.02) to about 2**-59 relative.

    Keeping the power of two apart lets a caller multiply further factors in before one
    np.ldexp(·, k) rounds the result, into the subnormal range if need be, even a factor as
    large as 2**1100 that meets an exponential far below the subnormals. a_hi is clipped to
    [-1600, 710], beyond which the result is past underflow even so, or overflows."""
    a = np.clip(a_hi, -1600.0, 710.0)
    n = np.rint(a * INV_LN2_64)
    # a - n·LN2_64_HI is exact: n·LN2_64_HI is, and it lies within a factor 2 of a.
    r_hi, r_lo = two_sum(a - n * LN2_64_HI, a_lo - n * LN2_64_LO)
    # |r| < 0.0055: the Taylor terms beyond r**6/720 are below 3e-20.
    r2 = r_hi * r_hi
    expm1_r = r_hi + (r_lo + r2 * (0.5 + r_hi * (1 / 6 + r_hi * (1 / 24 + r_hi * (1 / 120 + r_hi * (1 / 720))))))
    ni = n.astype(np.int32)
    j = ni & 63
    t_hi = POW2_HI[j]
    hi, lo = two_sum(t_hi, t_hi * expm1_r + POW2_LO[j] * (1.0 + expm1_r))
    return hi, lo, ni >> 6


def erfc_exponent(sq_hi: Array, sq_lo: Array | float = 0.0, precise: bool = True) -> Pair:
    """c = ln(t·erfc(t)) + t² as hi + lo for t ≥ 1.25, given t² = sq_hi + sq_lo exactly: fdlibm's
    -0.5625 + R/S, so that erfc(t) = exp(-t² + c)/t. Its error is below 0.2·2**-53 (0.9·2**-53
    when not `precise`: cheaper, and enough where the result meets other roundings)."""
    sq = np.clip(sq_hi, MIDDLE**2, EXPONENT_MAX**2)
    s_hi = 1.0 / sq
    if precise:
        prod, prod_err = two_product(s_hi, sq)
        s_lo = (((1.0 - prod) - prod_err) - s_hi * sq_lo) * s_hi
    near = s_hi > SWITCH_S
    ratio_hi = np.empty_like(s_hi)
    ratio_lo = np.zeros_like(s_hi)
    if np.any(near):
        a_hi = s_hi[near]
        if precise:
            a_lo = s_lo[near]
            ratio_hi[near], ratio_lo[near] = dd.div(_poly(RA, a_hi, a_lo, 5), _poly(SA, a_hi, a_lo, 4))
        else:
            ratio_hi[near] = _poly(RA, a_hi)[0] / _poly(SA, a_hi)[0]
    far = ~near
    if np.any(far):
        b_hi = s_hi[far]
        ratio_hi[far] = _poly(RB, b_hi)[0] / _poly(SB, b_hi)[0]
    hi, lo = two_sum(-0.5625, ratio_hi)
    return hi, lo + ratio_lo


def _erf_small(t: Array, precise: bool) -> Pair:
    """erf(t) = t + t·PP/QQ as hi + lo for |t| < 0.84375; error below 2**-56·|t| when precise."""
    y_lo: Array | float
    if precise:
        z_hi, z_lo = two_product(t, t)
        y_hi, y_lo = dd.div(_poly(PP, z_hi, z_lo, 2), _poly(QQ, z_hi, z_lo, 1))
    else:
        z = t * t
        y_hi, y_lo = _poly(PP, z)[0] / _poly(QQ, z)[0], 0.0
    p, p_err = two_product(t, y_hi)
    hi, lo = two_sum(t, p)
    return hi, lo + (p_err + t * y_lo)


def _erf_middle(t: Array, precise: bool) -> Pair:
    """erf(t) - ERX = PA/QA as hi + lo for 0.84375 ≤ t < 1.25; error below 2**-58 when precise."""
    s = t - 1.0  # exact
    if precise:
        return dd.div(_poly(PA, s, 0.0, 3), _poly(QA, s, 0.0, 1))
    return _poly(PA, s)[0] / _poly(QA, s)[0], np.zeros_like(s)


def _erfc_large(t: Array) -> tuple[Array, Array, NDArray[np.int32]]:
    """erfc(t) as (hi + lo)·2**k for t ≥ 1.25, to 0.2·2**-53 relative before rounding."""
    tc = np.clip(t, MIDDLE, ERFC_ZERO)
    sq_hi, sq_lo = two_product(tc, tc)
    c_hi, c_lo = erfc_exponent(sq_hi, sq_lo)
    a_hi, a_err = two_sum(-sq_hi, c_hi)
    e_hi, e_lo, k = exp_dd(a_hi, a_err + (c_lo - sq_lo))
    q_hi, q_lo = dd.div((e_hi, e_lo), (tc, np.zeros_like(tc)))
    return q_hi, q_lo, k


def _erfc_rough(t: Array) -> Array:
    """erfc(t) for 1.25 ≤ t ≤ 6 to about 3·2**-53 relative, for where it meets a larger term:
    fdlibm's own evaluation, with t² split as z² + (z - t)(z + t) where z, t cut to 21 bits,
    has an exact square."""
    z = (t.view(np.int64) & np.int64(-1 << 32)).view(np.float64)
    c = erfc_exponent(t * t, 0.0, precise=False)[0]
    return np.exp(-z * z) * np.exp((z - t) * (z + t) + c) / t


def erf_dd(t_hi: Array, t_lo: Array | float = 0.0) -> Pair:
    """erf(t_hi + t_lo) as hi + lo for |t_hi| < 0.84375, with an error below 2**-56·|t|.

    t_lo is a correction far below t_hi's last bit, applied through erf'(t) = 2/√π·exp(-t²)."""
    hi, lo = _erf_small(t_hi, True)
    return hi, lo + TWO_OVER_SQRT_PI[0] * np.exp(-t_hi * t_hi) * t_lo


def erfc_dd(t_hi: Array, t_lo: Array | float = 0.0) -> Pair:
    """erfc(t_hi + t_lo) as hi + lo for 0 ≤ t_hi < 1.25, with an error below 2**-57.

    t_lo is a correction far below t_hi's last bit (as from t = x/√2 formed in double-double),
    applied through erfc'(t) = -2/√π·exp(-t²)."""
    hi = np.empty_like(t_hi)
    lo = np.empty_like(t_hi)
    small = t_hi < SMALL
    if np.any(small):
        e_hi, e_lo = _erf_small(t_hi[small], True)
        hi[small], s_lo = two_sum(1.0, -e_hi)
        lo[small] = s_lo - e_lo
    middle = ~small
    if np.any(middle):
        m_hi, m_lo = _erf_middle(t_hi[middle], True)
        hi[middle], s_lo = two_sum(1.0 - ERX, -m_hi)
        lo[middle] = s_lo - m_lo
    return hi, lo - TWO_OVER_SQRT_PI[0] * np.exp(-t_hi * t_hi) * t_lo


def erf(x: Array) -> Array:
    """The error function 2/√π ∫₀ˣ exp(-t²) dt, within 1 ULP."""
    x = np.asarray(x, dtype=np.float64)
    t = np.abs(x)
    out = np.empty_like(x)
    small = t < SMALL
    if np.any(small):
        hi, lo = _erf_small(t[small], False)
        out[small] = np.copysign(hi + lo, x[small])  # also keeps the sign of -0.0
    middle = (t >= SMALL) & (t < MIDDLE)
    if np.any(middle):
        hi, lo = _erf_middle(t[middle], False)
        s_hi, s_lo = two_sum(ERX, hi)
        out[middle] = np.copysign(s_hi + (s_lo + lo), x[middle])
    large = (t >= MIDDLE) & (t < ERF_ONE)
    if np.any(large):
        out[large] = np.copysign(1.0 - _erfc_rough(t[large]), x[large])
    rest = ~(small | middle | large)
    out[rest] = np.copysign(1.0, x[rest])
    return keep_nan(x, out)


def erfc(x: Array) -> Array:
    """The complementary error function 1 - erf(x), within 1 ULP, also where it is subnormal."""
    x = np.asarray(x, dtype=np.float64)
    t = np.abs(x)
    out = np.empty_like(x)
    small = t < SMALL
    if np.any(small):
        hi, lo = _erf_small(x[small], True)
        s_hi, s_lo = two_sum(1.0, -hi)
        out[small] = s_hi + (s_lo - lo)
    middle = (x >= SMALL) & (x < MIDDLE)
    if np.any(middle):
        hi, lo = _erf_middle(x[middle], True)
        s_hi, s_lo = two_sum(1.0 - ERX, -hi)
        out[middle] = s_hi + (s_lo - lo)
    large = (x >= MIDDLE) & (x < ERFC_ZERO)
    if np.any(large):
        q_hi, q_lo, k = _erfc_large(x[large])
        out[large] = np.ldexp(q_hi + q_lo, k)
    out[x >= ERFC_ZERO] = 0.0
    # For x < 0, erfc(x) = 2 - erfc(|x|) ≥ 1.07 hides the rounding of erfc(|x|): no care needed.
    middle = (x <= -SMALL) & (x > -MIDDLE)
    if np.any(middle):
        hi, lo = _erf_middle(t[middle], False)
        out[middle] = (1.0 + ERX) + hi
    negative = (x <= -MIDDLE) & (x > -ERF_ONE)
    if np.any(negative):
        out[negative] = 2.0 - _erfc_rough(t[negative])
    out[x <= -ERF_ONE] = 2.0
    return keep_nan(x, out)
