"""erf and erfc for float64 arrays in pure numpy, and the pieces of them that the Gaussian-error
activations (actcli.functions.gaussian_error) build on.

Below 1.25, erf comes from Taylor polynomials at the centers k/16 (`taylor_tables`, `taylor`),
whose coefficients are derived exactly, in integer arithmetic, from the series of erf and the
Hermite polynomials: one evaluation gives erf (or 1 - erf, where erfc cancels) as hi + lo to
about 2**-64, for a few dozen array operations. Above, erfc(t) = exp(-t² - 0.5625 + R/S)/t with
the rational approximations R/S of FreeBSD msun's s_erf.c (Sun's fdlibm 5.1, 1993;
lib/msun/src/s_erf.c), accurate to about 2**-57 before rounding: plainly where erfc meets the
larger 1 of erf = 1 - erfc (`erfc_plain`), and where erfc itself is the result, whose exponent may
reach 800 and cross the subnormal range, with -t² split exactly (`tail_exponent`) and the
exponential in double-double with its power of two apart (`exp_dd`), so that a caller folds its
other factors in before one rounding.

Each piece runs only on its own elements, gathered by index (`bands`: np.flatnonzero and take
cost a fraction of indexing by a boolean mask), mostly in place: a fresh temporary costs more
than an arithmetic pass over a warm one.
"""

from __future__ import annotations

import functools
import itertools
import math
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from actcli import double_double as dd
from actcli.definition import Array
from actcli.double_double import Const, Pair
from actcli.stable import horner, indicator, keep_nan, leading_bits, product_exact, square_parts, two_sum

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

# fdlibm's coefficients, digit for digit from s_erf.c: erfc(x) = exp(-x² - 0.5625 + R(s)/S(s))/x
# with s = 1/x², RA/SA for 1.25 ≤ x < 1/0.35, RB/SB above
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

TINY = 2.0**-30  # below: erf(x) = 2/√π·x to 2**-61
MIDDLE = 1.25  # below: Taylor polynomials (erf_table); above: the exponential form
SWITCH = 1 / 0.35  # the exponential form's RA/SA below, RB/SB above
ERF_ONE = 6.0  # erf(x) rounds to ±1 beyond
ERFC_ZERO = 27.5  # erfc(x) rounds to 0 beyond 27.3894
EXPONENT_GRID = 2.0**-40  # square_exponent's constant lies on it: see there


def _ratio(numerator: tuple[float, ...], denominator: tuple[float, ...], s: Array) -> Array:
    p = horner(numerator, s)
    p /= horner(denominator, s)
    return p


def _reduce(a_hi: Array, a_lo: Array | float) -> tuple[Array, Array, Array]:
    """a = a_hi + a_lo as n·ln(2)/64 + r_hi + r_lo, |r| < 0.0055 (a_hi clipped to [-1600, 710])."""
    a = np.clip(a_hi, -1600.0, 710.0)
    n = a * INV_LN2_64
    np.rint(n, out=n)
    # a - n·LN2_64_HI is exact: n·LN2_64_HI is, and it lies within a factor 2 of a.
    r = n * -LN2_64_HI
    r += a
    np.multiply(n, -LN2_64_LO, out=a)
    if not isinstance(a_lo, float) or a_lo:
        a += a_lo
    r_hi, r_lo = two_sum(r, a)
    return r_hi, r_lo, n


def _expm1_rest(r_hi: Array, r_lo: Array, degree: int) -> Array:
    """expm1(r_hi + r_lo) - r_hi for |r| < 0.0055 by Taylor's polynomial of this degree: the
    terms beyond r**6/720 are below 2**-65, beyond r**7/5040 below 2**-67·|r|."""
    p = r_hi * (1 / math.factorial(degree))
    for n in range(degree - 1, 1, -1):
        p += 1 / math.factorial(n)
        p *= r_hi
    p *= r_hi
    p += r_lo
    return p


def exp_dd(a_hi: Array, a_lo: Array | float = 0.0) -> tuple[Array, Array, NDArray[np.int32]]:
    """exp(a_hi + a_lo) as (hi + lo)·2**k, hi + lo in [0.99, 2.02) to about 2**-59 relative.

    Keeping the power of two apart lets a caller multiply further factors in before one
    np.ldexp(·, k) rounds the result, into the subnormal range if need be, even a factor as
    large as 2**1100 that meets an exponential far below the subnormals. a_hi is clipped to
    [-1600, 710], beyond which the result is past underflow even so, or overflows."""
    r_hi, r_lo, n = _reduce(a_hi, a_lo)
    p = _expm1_rest(r_hi, r_lo, 6)
    p += r_hi  # expm1(r)
    ni = n.astype(np.int32)
    j = (ni & 63).astype(np.intp)
    t_hi = POW2_HI.take(j)
    t_lo = POW2_LO.take(j)
    lo = t_lo * p
    lo += t_lo
    p *= t_hi
    lo += p  # t_hi·expm1(r) + t_lo·(1 + expm1(r)), below 0.012·t_hi
    hi = t_hi + lo
    t_hi -= hi
    lo += t_hi
    ni >>= 6
    return hi, lo, ni


def expm1_dd(a: Array) -> Pair:
    """expm1(a) as hi + lo for 0 ≤ a ≤ 0.7, to about 2**-68 absolute and 2**-60 relative:
    e^a = 2**(n/64)·e^r with 2**(n/64) = t_hi + t_lo, so expm1(a) = (t_hi - 1) + t_hi·r_hi
    + t_hi·(expm1(r) - r_hi) + t_lo·e^r, the first two terms exact."""
    r_hi, r_lo, n = _reduce(a, 0.0)
    rest = _expm1_rest(r_hi, r_lo, 7)
    ni = n.astype(np.int32)
    j = (ni & 63).astype(np.intp)
    ni >>= 6
    t_hi = np.ldexp(POW2_HI.take(j), ni)  # n ≤ 65: 2**(n/64) ≤ 2.02
    t_lo = np.ldexp(POW2_LO.take(j), ni)
    product, product_lo = product_exact(t_hi, r_hi)
    one = r_hi + rest
    one += 1.0
    one *= t_lo
    rest *= t_hi
    rest += one
    rest += product_lo
    t_hi -= 1.0  # exact (Sterbenz)
    hi, lo = two_sum(t_hi, product)
    lo += rest
    return hi, lo


def erfc_ratio(s: Array) -> Array:
    """fdlibm's R/S at s = 1/t² for t ≥ 1.25 (s ≤ 0.64; RA/SA near, RB/SB far), in [-0.215, -0.0105]."""
    out = np.empty_like(s)
    near_mask = s > 1 / SWITCH**2
    near = np.flatnonzero(near_mask)
    if near.size:
        out[near] = _ratio(RA, SA, s[near])
    far = np.flatnonzero(~near_mask)
    if far.size:
        out[far] = _ratio(RB, SB, s[far])
    return out


def on_grid(*terms: float) -> Const:
    """The sum of `terms` as hi + lo with hi on the grid of EXPONENT_GRID (see square_exponent)."""
    hi = round(math.fsum(terms) / EXPONENT_GRID) * EXPONENT_GRID
    return hi, math.fsum([*terms, -hi])


def square_exponent(v: Array, scale: float, offset: Const, rest: Array | float = 0.0) -> Pair:
    """offset - scale·v² + rest as hi + lo, for |v| < 64, scale 1 or 1/2, offset from on_grid
    (|offset| < 2) and |rest| < 1: to 2**-52 of |rest - scale·(v² - vh²)|, plus 2**-57 if
    |v| < 0.5.

    With vh = leading_bits(v), offset_hi - scale·vh² is exact for |v| ≥ 0.5: vh² has 52
    significant bits, offset_hi lies on a grid no finer than vh²'s last bit, and the sum stays
    below 2**11. The rest, rest - scale·(v² - vh²) + offset_lo, is small."""
    head, small = square_parts(v)
    small *= -scale  # scale·(vh² - v²)
    small += offset[1]
    if not isinstance(rest, float) or rest:
        small += rest
    if scale != 1.0:
        head *= scale
    np.subtract(offset[0], head, out=head)
    hi = head + small
    head -= hi
    head += small
    return hi, head


def tail_exponent(v: Array, scale: float, *terms: float) -> Pair:
    """-t² + c(t) + Σ terms as hi + lo, to about 2**-53, where t = v·√scale ≥ 1.25 (|v| < 64) and
    c = -0.5625 + R/S is fdlibm's, erfc(t) = exp(-t² + c)/t (see square_exponent)."""
    s = v * v
    np.divide(1.0 / scale, s, out=s)
    return square_exponent(v, scale, on_grid(-0.5625, *terms), erfc_ratio(s))


def erfc_plain(t: Array, fit: tuple[tuple[float, ...], tuple[float, ...]] | None = None) -> Array:
    """fdlibm's erfc(t) = exp(-t² - 0.5625 + R/S)/t for 1.25 ≤ t ≤ 28, R/S = fit at 1/t² (RA, SA
    below 1/0.35, RB, SB above; None: chosen by erfc_ratio), plainly: t²'s rounding and exp's
    are a few ULP of erfc, for where it meets a larger term."""
    square = t * t
    s = np.divide(1.0, square)
    s = erfc_ratio(s) if fit is None else _ratio(*fit, s)
    s -= 0.5625
    s -= square
    np.exp(s, out=s)
    s /= t
    return s


class Taylor(NamedTuple):
    """Taylor polynomials of one function at the centers k/16, k = first, first + 1, ... (see
    taylor)."""

    first: int
    value_hi: Array  # f(c) as hi + lo
    value_lo: Array
    slope_lead: Array  # f'(c)'s leading 26 bits, so that its products with 27-bit numbers are exact
    slope_rest: Array  # f'(c) - slope_lead
    higher: tuple[Array, ...]  # f⁽ⁿ⁾(c)/n! for n = 2, 3, ...


FIXED_BITS = 128  # the tables' exact arithmetic: fixed point with this many fraction bits


def _fixed(c: Const) -> int:
    """hi + lo in fixed point, exactly (both are multiples of 2**-FIXED_BITS here)."""
    return sum(int(math.ldexp(v, FIXED_BITS)) for v in c)


def _pair(n: int) -> Const:
    """The fixed-point n as hi + lo: hi rounded to nearest (Python's int division is), lo the rest."""
    hi = n / (1 << FIXED_BITS)
    p, q = hi.as_integer_ratio()
    return hi, ((n * q) - (p << FIXED_BITS)) / (q << FIXED_BITS)


def _gaussian_integral_series(k: int, sigma: int, amplitude: int, base: int, count: int) -> list[int]:
    """The Taylor coefficients f⁽ⁿ⁾(c)/n!, n < count, at c = k/16 of f(v) = base + A·∫₀^v exp(-w²/σ) dw,
    in fixed point: f(c) from the series Σ (-1)^m c^(2m+1)/(σ^m·m!·(2m+1)), and for n ≥ 1
    f⁽ⁿ⁾(c) = A·D_(n-1)(c)·exp(-c²/σ), D_0 = 1, D_(n+1) = -(2/σ)(v·D_n + n·D_(n-1)) (the Hermite
    polynomials H_n for σ = 1, He_n for σ = 2, up to sign: A&S 7.1.19, 22.8.8), each with an
    error of a few units of 2**-FIXED_BITS."""
    scale = 1 << FIXED_BITS
    q = 256 * sigma  # c²/σ = k²/q
    gaussian = integral = 0
    term, m = scale, 0  # (-c²/σ)^m/m! up to sign
    while term:
        sign = -1 if m % 2 else 1
        gaussian += sign * term
        integral += sign * (term * abs(k) // (16 * (2 * m + 1)))
        m += 1
        term = term * k * k // (q * m)
    if k < 0:
        integral = -integral
    scaled = amplitude * gaussian >> FIXED_BITS
    series = [base + (amplitude * integral >> FIXED_BITS)]
    # e_n = (16σ)^n·D_n(k/16) is an integer: e_(n+1) = -2(k·e_n + q·n·e_(n-1)).
    e_prev, e, divisor = 0, 1, 1
    for n in range(1, count):
        series.append(scaled * e // divisor)  # f⁽ⁿ⁾(c)/n! = A·exp(-c²/σ)·e_(n-1)/((16σ)^(n-1)·n!)
        e_prev, e = e, -2 * (k * e + q * (n - 1) * e_prev)
        divisor *= 16 * sigma * (n + 1)
    return series


def taylor_tables(first: int, last: int, degree: int, amplitude: Const, sigma: int, base: float = 0.0,
                  times_x: bool = False) -> tuple[Taylor, Taylor]:
    """The Taylor polynomials of this degree at c = k/16, first ≤ k ≤ last, of
    f(v) = base + A·∫₀^v exp(-w²/σ) dw, or of v·f(v) (times_x), and of its derivative, from
    _gaussian_integral_series: the value and the slope at c to double-double precision."""
    columns = []
    for k in range(first, last + 1):
        p = _gaussian_integral_series(k, sigma, _fixed(amplitude), _fixed((base, 0.0)), degree + 2)
        if times_x:  # (v·f)⁽ⁿ⁾(c)/n! = c·p_n + p_(n-1)
            p = [(k * p[n] >> 4) + (p[n - 1] if n else 0) for n in range(len(p))]
        columns.append(p)
    slopes = [[(n + 1) * p[n + 1] for n in range(degree + 1)] for p in columns]  # (f')⁽ⁿ⁾/n!
    return _table(first, columns, degree), _table(first, slopes, degree)


def _table(first: int, columns: list[list[int]], degree: int) -> Taylor:
    value = np.array([_pair(c[0]) for c in columns])
    lead = leading_bits(np.array([_pair(c[1])[0] for c in columns]))
    rest = [_pair(c[1] - _fixed((float(h), 0.0)))[0] for c, h in zip(columns, lead, strict=True)]
    higher = tuple(np.array([c[n] / (1 << FIXED_BITS) for c in columns]) for n in range(2, degree + 1))
    return Taylor(first, value[:, 0].copy(), value[:, 1].copy(), lead, np.array(rest), higher)


@functools.cache
def erf_table() -> Taylor:
    """erf's Taylor polynomials on [-1.25, 1.25] (degree 11: the truncation is below 2**-71)."""
    return taylor_tables(-20, 20, 11, TWO_OVER_SQRT_PI, 1)[0]


def taylor(table: Taylor, v: Array, v_lo: Array | float = 0.0) -> Pair:
    """f(v + v_lo) as hi + lo, to about 2**-64 absolute, from the table's polynomial at the center
    nearest v (|h| = |v - c| ≤ 1/32; v finite and within the table's span, v_lo a correction
    below v's last bit). lo may be far larger than hi's last bit: add it to whatever comes next.

    h is exact, f'(c)·h is too (as lead·h1 + lead·h2 with h1 = h's leading 26 bits), and the
    rest, f(c)'s low part, the higher terms (below 6e-4) and f'(c)'s rest, is small."""
    center = np.rint(v * 16.0)
    h = center * -0.0625
    h += v  # exact (Sterbenz, or c = 0)
    index = center.astype(np.intp)
    index -= table.first
    rest = table.higher[-1].take(index)
    for coefficient in reversed(table.higher[:-1]):
        rest *= h
        rest += coefficient.take(index)
    rest *= h
    rest *= h
    slope_rest = table.slope_rest.take(index)
    slope_rest *= h
    rest += slope_rest
    lead = table.slope_lead.take(index)
    h1 = leading_bits(h)
    h -= h1
    h *= lead  # exact
    rest += h
    if not isinstance(v_lo, float) or v_lo:
        rest += lead * v_lo
    rest += table.value_lo.take(index)
    h1 *= lead  # exact
    hi, error = two_sum(table.value_hi.take(index), h1)  # either term may be the larger
    rest += error
    return hi, rest


def bands(t: Array, edges: tuple[float, ...]) -> list[NDArray[np.intp]]:
    """The indices of t below edges[0], in [edges[0], edges[1]), ... (NaN in none)."""
    below = [t < edge for edge in edges]
    return [np.flatnonzero(below[0]), *(np.flatnonzero(b ^ a) for a, b in itertools.pairwise(below))]


def erf(x: Array) -> Array:
    """The error function 2/√π ∫₀ˣ exp(-t²) dt, within 0.7 ULP."""
    x = np.asarray(x, dtype=np.float64)
    t = np.abs(x)
    out = np.sign(x)  # ±1 beyond ERF_ONE, NaN kept; the pieces below overwrite the rest
    tiny, core, near, far = bands(t, (TINY, MIDDLE, SWITCH, ERF_ONE))
    if tiny.size:
        out[tiny] = x[tiny] * TWO_OVER_SQRT_PI[0]  # erf(x) = 2/√π·x·(1 - x²/3 + ...); keeps -0.0
    if core.size:
        hi, lo = taylor(erf_table(), x[core])
        hi += lo
        out[core] = hi
    for band, numerator, denominator in ((near, RA, SA), (far, RB, SB)):
        if band.size:
            y = erfc_plain(t[band], (numerator, denominator))
            np.subtract(1.0, y, out=y)
            y *= out[band]
            out[band] = y
    return out


def erfc(x: Array) -> Array:
    """The complementary error function 1 - erf(x), within 1 ULP, also where it is subnormal."""
    x = np.asarray(x, dtype=np.float64)
    t = np.abs(x)
    out = indicator(x < 0, 2.0)  # the limits beyond -ERF_ONE and ERFC_ZERO
    core, near, far, tail = bands(t, (MIDDLE, SWITCH, ERF_ONE, ERFC_ZERO))
    if core.size:
        hi, lo = taylor(erf_table(), x[core])
        s_hi, s_lo = two_sum(1.0, -hi)
        s_lo -= lo
        s_hi += s_lo
        out[core] = s_hi
    # For x < 0, erfc(x) = 2 - erfc(|x|) ≥ 1.07 hides the rounding of erfc(|x|): no care needed.
    for band, numerator, denominator in ((near, RA, SA), (far, RB, SB)):
        left = band[x[band] < 0]
        if left.size:
            out[left] = 2.0 - erfc_plain(t[left], (numerator, denominator))
    right = np.concatenate([band[x[band] > 0] for band in (near, far, tail)])
    if right.size:
        xr = x[right]
        e_hi, e_lo, k = exp_dd(*tail_exponent(t[right], 1.0))
        q_hi, q_lo = dd.div((e_hi, e_lo), (xr, np.zeros_like(xr)))
        out[right] = np.ldexp(q_hi + q_lo, k)
    return keep_nan(x, out)
