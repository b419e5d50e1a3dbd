"""Periodic and oscillating activations: snake, sine (SIREN) and the growing cosine unit.

Their derivatives cross zero at irrational points without end, and a product like w0·x rounds
before the sine sees it, so arguments are carried as double-double numbers (hi + lo), and near a
zero of the sine (or beyond 2**20) reduced modulo π in double-double first; beyond 2**50 the
reduction is exact, in integers. With numpy's sin/cos (glibc: correctly reduced for any double)
every value and derivative stays within a few ULP on the whole real line.
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any

import numpy as np

from actcli import double_double as dd
from actcli.definition import REALS, Array, Definition, Interval, Param
from actcli.stable import in_blocks, square_parts, two_product, two_sum

# π/4 and π as unevaluated sums of doubles (mpmath at 80 digits).
_PI4 = (0.7853981633974483, 3.061616997868383e-17, -7.486924524295849e-34)
_PI = (3.141592653589793, 1.2246467991473532e-16, -2.9947698097183397e-33)
_INV_PI = 0.3183098861837907
_INV_TWO_PI = 0.15915494309189535

# Arguments below 2**20 go to sin directly (the tail `lo` is then below 2**-33 and one Taylor term
# of it suffices) unless the result is near a zero; those and arguments up to 2**50 are first
# reduced modulo π in double-double arithmetic; beyond (or when a·x overflows) exactly, with
# Python integers, element by element.
_DIRECT = 2.0**20
_VECTOR = 2.0**50
# Veltkamp's split (inside two_product) overflows beyond this.
_SPLITTABLE = 2.0**995
# π/4 for Cody and Waite's reduction (mpmath at 60 digits): two parts of 32 bits, whose products
# with an integer below 2**21 are exact, and the rest. It serves blocks whose |a·x| all stay below
# _REDUCED, and whose reduced arguments all stay above _CLOSE: nearer a zero of the sine, the
# third part's rounding could show, and the block takes the general path; so does a block with
# |a·x| below _CLOSE, where the result is 1 to the last bit or two and the general path gives the
# exact 1 at x = 0 that sin's own rounding (doubled by the square) would miss.
_PI4_PARTS = (0.7853981633670628, 3.038550253151983e-11, 1.0111331243979753e-21)
_REDUCED = 2.0**18
_CLOSE = 2.0**-30


# ---------------------------------------------------------------------------------------------
# sin of a double-double argument


def _sin_reduced(hi: Array, rest: tuple[Array | float, ...], half: float = 0.0) -> Array:
    """sin(hi + Σ rest + half·π): the sum less the nearest multiple n of π is formed in
    double-double (hi - k·π exactly, k = n - half), so that sin sees a small argument that is
    right to about 2**-106 of itself near a zero. Needs |hi| < 2**50 and |Σ rest| <= ulp(hi)
    unless half is 0.5 and hi >= 64."""
    n = np.rint((hi + rest[0]) * _INV_PI + half)
    k = n - half
    p, p_err = two_product(k, _PI[0])
    q, q_err = two_product(k, _PI[1])
    s, e = two_sum(hi - p, -q)  # hi - p is exact (Sterbenz)
    for term in (-p_err, *rest):
        s, e2 = two_sum(s, term)
        e = e + e2
    r, r_lo = dd.renormalize(s, e - q_err - k * _PI[2])
    value = np.sin(r) + r_lo * np.cos(r)
    return np.where(np.fmod(n, 2.0) != 0.0, -value, value)


def _sin_dd(hi: Array, rest: tuple[Array | float, ...]) -> Array:
    """sin(hi + Σ rest) for arrays with |hi| < 2**50 and |Σ rest| <= ulp(hi). The small parts stay
    apart: near a zero of the sine, rounding their sum would already cost accuracy."""
    lo = sum(rest[1:], rest[0])
    s = np.sin(hi)
    # sin(hi + lo) = sin hi + lo·cos hi (+ O(lo²) < 2**-66); cos hi only needs a few digits, so
    # it comes from sin hi, with the sign of the quadrant.
    turns = hi * _INV_TWO_PI
    turns -= np.rint(turns)
    c = np.sqrt(np.maximum(1.0 - s * s, 0.0))
    result = s + lo * np.copysign(c, 0.25 - np.abs(turns))
    # Near a zero, sin hi and lo·cos hi cancel, and the rounding of sin hi (relative to hi's
    # distance from kπ, up to an ulp of hi) would show: reduce first there.
    redo = (np.abs(hi) >= _DIRECT) | (np.abs(s) < 8.0 * np.abs(lo))
    if np.any(redo):
        parts = tuple(part[redo] if isinstance(part, np.ndarray) else part for part in rest)
        result[redo] = _sin_reduced(hi[redo], parts)
    return result


@cache
def _pi_fixed(bits: int) -> int:
    """π·2**bits to within a unit (Machin's formula in integers)."""
    guard = 64
    one = 1 << (bits + guard)

    def arctan_inverse(n: int) -> int:
        power = one // n
        total = power
        k = 1
        while power:
            power //= n * n
            term = power // (2 * k + 1)
            total += -term if k % 2 else term
            k += 1
        return total

    return (16 * arctan_inverse(5) - 4 * arctan_inverse(239)) >> guard


@cache
def _inv_two_pi_fixed(bits: int) -> int:
    """floor(2**bits / (2π)), for `bits` a multiple of 256."""
    precision = bits + 64
    return (1 << (bits + precision)) // (2 * _pi_fixed(precision))


_FRACTION_BITS = 192  # bits of the reduced argument beyond the integer part of a·x/(2π)
_TWO_PI_BITS = 256


def _reduce_exact(a: float, x: float, eighths: int) -> tuple[float, float]:
    """a·x + eighths·π/4 modulo 2π, in [-π, π], as a double-double: exact integer arithmetic, so
    right for any finite a and x, even when a·x overflows."""
    num_a, den_a = a.as_integer_ratio()
    num_x, den_x = x.as_integer_ratio()
    product = num_a * num_x  # a·x = product / 2**shift
    shift = (den_a * den_x).bit_length() - 1
    bits = max(product.bit_length() - shift, 0) + _FRACTION_BITS
    rounded_bits = -(-bits // 256) * 256
    inverse = _inv_two_pi_fixed(rounded_bits) >> (rounded_bits - bits)
    total = shift + bits
    turns = product * inverse + (eighths << (total - 3))  # (a·x/(2π) + eighths/8)·2**total
    whole = (turns + (1 << (total - 1))) >> total
    fraction = turns - (whole << total)  # in [-1/2, 1/2) turn, times 2**total
    from fractions import Fraction  # here, not at the top: the import costs start-up 3 ms

    radians = Fraction(fraction * _pi_fixed(_TWO_PI_BITS + 1), 1 << (total + _TWO_PI_BITS))
    hi = float(radians)
    return hi, float(radians - Fraction(hi))


def _is_power_of_two(a: float) -> bool:
    return abs(math.frexp(a)[0]) == 0.5


def _sin_affine(x: Array, a: float, eighths: int) -> Array:
    """sin(a·x + eighths·π/4) for 1-D x and eighths in 0, 1, 2 (2 gives cos(a·x)); NaN where x is
    ±inf or NaN. a·x is formed exactly (two_product) and reduced exactly, however large."""
    with np.errstate(over="ignore"):
        hi = x * a
    # With a a power of two, a·x is exact (a rounding in the subnormal range is harmless: sin y = y
    # there), and sin and cos of it are glibc's, correctly reduced.
    direct = _is_power_of_two(a) and eighths != 1
    if direct:
        slow = ~np.isfinite(hi)  # ±inf or NaN, or a·x overflowed
    else:
        slow = ~(np.abs(hi) < _VECTOR) | ~(np.abs(x) < _SPLITTABLE)
        if abs(a) >= _SPLITTABLE:
            slow[:] = True
    any_slow = bool(np.any(slow))
    xs = np.where(slow, 0.0, x) if any_slow else x
    if direct:
        ys = xs * a if any_slow else hi
        result = np.sin(ys) if eighths == 0 else np.cos(ys)
    else:
        lo: Array | float
        hi, lo = (xs * a, 0.0) if _is_power_of_two(a) else two_product(xs, a)
        rest: tuple[Array | float, ...] = (lo,)
        if eighths:
            hi, carry = two_sum(hi, eighths * _PI4[0])
            rest = (carry, lo, eighths * _PI4[1], eighths * _PI4[2])
        result = _sin_dd(hi, rest)
        if not eighths:
            np.copyto(result, hi, where=hi == 0.0)  # sin(-0.0) is -0.0; hi + lo·c would give +0.0
    if any_slow:
        finite = np.isfinite(x)
        for i in np.flatnonzero(slow & finite):
            r_hi, r_lo = _reduce_exact(a, float(x[i]), eighths)
            result[i] = math.sin(r_hi) + r_lo * math.cos(r_hi)
        np.copyto(result, np.nan, where=~finite)
    return result


def _tiers(scale: float) -> tuple[float, ...]:
    """The |x| where _sin_affine(x, scale, ...) changes method, both signs."""
    points = (_DIRECT / abs(scale), _VECTOR / abs(scale))
    return tuple(p for q in points if math.isfinite(q) for p in (-q, q))


def _nonzero(name: str) -> Any:
    def check(**params: float) -> str | None:
        return None if params[name] != 0 else f"{name} must be nonzero"

    return check


# ---------------------------------------------------------------------------------------------
# snake (Ziyin, Hartwig, Ueda 2020)


@in_blocks
def snake(x: Array, a: float) -> Array:
    """x + sin²(a·x)/a; where that cancels (a·x in [-2, -1/2]) as (2y + 1 - cos 2y)/(2a), y = a·x."""
    s = _sin_affine(x, a, 0)
    result = x + s * s / a
    infinite = np.isinf(x)
    if np.any(infinite):
        np.copyto(result, x, where=infinite)  # sin² has no limit, but it is bounded
    with np.errstate(over="ignore"):
        y = x * a
    zone = (y >= -2.0) & (y <= -0.5)
    if np.any(zone) and abs(a) < _SPLITTABLE:
        # x and sin²(a·x)/a have opposite signs there and cancel up to 6-fold; 1 - cos 2y does
        # not, and 2y + 1 is formed exactly.
        xz = x[zone]
        hi, lo = two_product(xz, a)
        c = _sin_affine(xz, 2.0 * a, 2)
        p, e = two_sum(2.0 * hi, 1.0)
        n, e2 = two_sum(p, -c)
        result[zone] = (n + (e2 + e + 2.0 * lo)) / (2.0 * a)
    return result


def _sin_quarter_turned(x: Array, a: float) -> tuple[Array, Array] | None:
    """±sin(a·x + π/4) as s + d, d within an ULP of s, for a power of two a (the sign is left
    open: for squares); None for a block that needs the general path.

    y = a·x is exact, and y + π/4 = η + kπ with η = y - m·π/4 (m = 4k - 1) in [-π/2, π/2], so
    sin(y + π/4) = ±sin η. η is formed as hi + lo in double-double (Cody and Waite 1980, with two
    exact sums); s = sin hi (a small argument, half the cost of a large one) and d = lo·cos hi,
    with cos hi = √(1 - s²) >= 0. Rounding s + d would double s's own rounding error."""
    y = x * a
    size = np.abs(y)
    if not (size.max(initial=0.0) < _REDUCED and size.min(initial=1.0) >= _CLOSE):
        return None
    m = y * _INV_PI
    m += 0.25
    np.rint(m, out=m)
    m *= 4.0
    m -= 1.0
    hi, lo = two_sum(y, m * -_PI4_PARTS[0])
    hi, lo2 = two_sum(hi, m * -_PI4_PARTS[1])
    lo += lo2
    m *= _PI4_PARTS[2]
    lo -= m
    if not np.abs(hi).min(initial=np.inf) >= _CLOSE:
        return None
    hi, lo = dd.renormalize(hi, lo)  # lo may be 2**-30 of hi, too much for a first-order step
    s = np.sin(hi)
    d = np.square(s)
    np.subtract(1.0, d, out=d)
    np.sqrt(d, out=d)
    d *= lo
    return s, d


def _twice_square(s: Array, d: Array) -> Array:
    """2(s + d)² for |d| <= ulp(s), rounded once: s² = sh² + (s - sh)(s + sh) with
    sh = leading_bits(s) (sh² exact, stable.square_parts), and 2sd folded into the small part.
    Overwrites d."""
    out, t = square_parts(s)
    d *= s
    d *= 2.0
    t += d
    out += t
    out *= 2.0
    return out


@in_blocks
def _snake_grad(x: Array, a: float) -> Array:
    # 1 + sin 2y = 2·sin²(y + π/4) (y = a·x): a square, so the double zeros keep full relative
    # accuracy once y + π/4 is formed in double-double.
    turned = _sin_quarter_turned(x, a) if _is_power_of_two(a) else None
    if turned is not None:
        return _twice_square(*turned)
    if not _is_power_of_two(a):
        s = _sin_affine(x, a, 1)
        return 2.0 * (s * s)
    # 2a·x is exact: 1 + sin 2y is good to an ULP while sin 2y >= -1/2; only the rest needs the square.
    result = 1.0 + _sin_affine(x, 2.0 * a, 0)
    near = result < 0.5
    if np.any(near):
        s = _sin_affine(x[near], a, 1)
        result[near] = 2.0 * (s * s)
    return result


@in_blocks
def _snake_grad2(x: Array, a: float) -> Array:
    return (2.0 * a) * _sin_affine(x, 2.0 * a, 2)


def _snake_exact(mp: Any, x: Any, a: float) -> Any:
    return x + mp.sin(a * x) ** 2 / a


def _snake_breakpoints(a: float) -> tuple[float, ...]:
    return (-0.5 / a, -2.0 / a, *_tiers(a), *_tiers(2.0 * a))


# ---------------------------------------------------------------------------------------------
# sine (SIREN: Sitzmann et al. 2020)


@in_blocks
def sine(x: Array, w0: float) -> Array:
    """sin(w0·x), with w0·x exact."""
    return _sin_affine(x, w0, 0)


@in_blocks
def _sine_grad(x: Array, w0: float) -> Array:
    return w0 * _sin_affine(x, w0, 2)


@in_blocks
def _sine_grad2(x: Array, w0: float) -> Array:
    return -(w0 * (w0 * _sin_affine(x, w0, 0)))


# ---------------------------------------------------------------------------------------------
# growing cosine unit (Noel et al. 2021)

# Positive zeros below 64 of gcu' = cos x - x sin x (x tan x = 1) and of gcu'' = -2 sin x - x cos x
# (tan x = -x/2), each as a sum of three doubles: mpmath findroot at 80 digits from
# kπ + atan(1/(kπ + 0.5)) and (k + 1)π - atan(kπ/2) respectively, k = 0..20.
_GRAD_ROOTS = np.array([
    (0.8603335890193797, 3.274961083275748e-17, 1.7828216449268692e-33),
    (3.4256184594817283, -1.264418401392334e-16, -6.484747560405034e-33),
    (6.437298179171947, 3.2114741947045116e-16, 1.1273558854898397e-32),
    (9.529334405361963, 5.2450607673399085e-16, 4.8536161710696645e-32),
    (12.645287223856643, -6.233661566597486e-17, -1.684245519026361e-33),
    (15.771284874815882, 4.531815132827875e-16, 4.739009844530422e-32),
    (18.902409956860023, 1.3625172403583637e-15, 3.195942714588059e-32),
    (22.036496727938566, -8.708390082779679e-16, -1.9992616877843782e-32),
    (25.172446326646664, 4.527956953171696e-16, 2.0314195183731105e-32),
    (28.30964285445201, 8.018237001317079e-16, -9.582916270266293e-33),
    (31.447714637546234, -4.200828510512268e-16, -2.3526775867772134e-32),
    (34.58642421528892, 1.8070270098301494e-15, -1.2084738727125966e-31),
    (37.7256128277765, -4.3935387615385375e-16, -9.810435865803403e-33),
    (40.86517033048807, -1.958602188547985e-15, 2.0369529294370182e-32),
    (44.005017920830845, -2.231288772871279e-15, -1.1189197623894752e-31),
    (47.14509773676103, 4.1519107644044675e-16, -2.3182588356015838e-32),
    (50.28536633777365, -1.9267935733955134e-15, -1.0841793253419302e-31),
    (53.42579047739466, 2.872707064213224e-15, -1.7393948950248638e-31),
    (56.56634427982152, -3.3430383488574816e-15, 1.5011369288087103e-31),
    (59.70700730533546, -2.0348737088222125e-15, 1.0206207500827644e-31),
    (62.84776319445445, 2.4542966223297554e-15, -1.9678194145562097e-31),
])
_GRAD2_ROOTS = np.array([
    (2.2889297281034042, 1.3841889672038542e-16, 8.371902502691368e-33),
    (5.08698509410227, 1.5218911197919482e-16, 5.713598573476779e-34),
    (8.096163603222921, -7.465132249448109e-16, -3.5696451356872664e-33),
    (11.172705868329984, -1.431499508044918e-16, 5.6612728043293326e-33),
    (14.276352918336478, -4.51145022805084e-16, -3.349521867229266e-32),
    (17.393243964594753, -3.194780992493239e-17, 3.624290669108533e-34),
    (20.51752290994169, -1.717226931338058e-15, 7.330410911978621e-32),
    (23.64632381960362, 1.1466999731028898e-15, -4.1367148550597633e-32),
    (26.778087075558506, -4.687505510599522e-16, -1.818325448387113e-32),
    (29.911893869551772, -3.049938316128132e-16, -4.774766301758462e-33),
    (33.04716869470536, -1.6905538687240559e-15, -1.2342580895209034e-32),
    (36.18353309075258, 1.9703078545616602e-15, 1.5637004092084089e-31),
    (39.32072813225213, -1.6275335253575025e-15, 1.212658679372566e-33),
    (42.458570771699044, 1.4370734875063837e-15, 8.248723295024416e-32),
    (45.59692798407349, 1.1493522644289085e-15, 3.5866068397414e-32),
    (48.73570079490539, 3.3411930228277394e-15, 2.0701892827729976e-32),
    (51.874814053426775, 3.1659636391721717e-15, -6.420445986134445e-32),
    (55.01420967883812, 3.289017275919828e-15, -1.6854749961794736e-31),
    (58.153842078645, -3.233530027619615e-15, 1.566387417530627e-31),
    (61.2936749662429, -1.7586525395207954e-16, -5.923149073773373e-33),
])
_TABLE_END = 64.0
# At a zero r of f = cos x - x sin x, with d = x - r exactly (expand cos(r + d) and sin(r + d),
# use cos r = r sin r): f(x) = -(sin r·(1 + r²)·sin d + d·sin x), two terms of one sign near r;
# sin r·(1 + r²) = ±sqrt(1 + r²), signed like cos r (sin r itself would need r's low part).
_GRAD_SLOPE = np.copysign(np.hypot(1.0, _GRAD_ROOTS[:, 0]), np.cos(_GRAD_ROOTS[:, 0]))
# Likewise for g = -2 sin x - x cos x (2 sin r = -r cos r):
# g(x) = -(cos r·(4 + r²)/2·sin d + d·cos x), and cos r·(4 + r²)/2 = ±sqrt(4 + r²).
_GRAD2_SLOPE = np.copysign(np.hypot(2.0, _GRAD2_ROOTS[:, 0]), np.cos(_GRAD2_ROOTS[:, 0]))
# A result below this fraction of the sum of its terms' sizes has lost more than a bit or two.
_CANCELLED = 0.25


def _nearest_root(a: Array, roots: Array) -> tuple[Array, Array]:
    """Index of the table root nearest each a, and a minus it (a - hi is exact, so the one
    rounding is relative to the difference itself)."""
    right = np.clip(np.searchsorted(roots[:, 0], a), 1, len(roots) - 1)
    left = right - 1
    index = np.where(a - roots[left, 0] < roots[right, 0] - a, left, right)
    return index, ((a - roots[index, 0]) - roots[index, 1]) - roots[index, 2]


# atan w = w·Σ (-w²)^j/(2j + 1), with each coefficient as a double-double; 12 terms reach 2**-110
# for |w| <= 1/32.
@cache
def _atan_coefficients() -> list[tuple[float, float]]:
    from fractions import Fraction

    return [(float(c), float(c - Fraction(float(c)))) for c in (Fraction((-1) ** j, 2 * j + 1) for j in range(12))]


def _atan_dd(c: float, a: Array) -> tuple[Array, Array]:
    """atan(c/a) as a double-double, for a >= 32c."""
    w = c / a
    p, p_err = two_product(w, a)
    w_lo = ((c - p) - p_err) / a
    v, v_lo = dd.mul((w, w_lo), (w, w_lo))
    coefficients = _atan_coefficients()
    s, s_lo = (np.full_like(a, coefficients[-1][0]), np.zeros_like(a))
    for hi, lo in reversed(coefficients[:-1]):
        s, s_lo = dd.mul((s, s_lo), (v, v_lo))
        s, e = two_sum(s, hi)
        s, s_lo = dd.renormalize(s, e + s_lo + lo)
    return dd.mul((w, w_lo), (s, s_lo))


def _phase_sin(a: Array, c: float, half: float) -> Array:
    """sin(a - atan(c/a) + half·π) for 64 <= a < 2**50."""
    t, t_lo = _atan_dd(c, a)
    return _sin_reduced(a, (-t, -t_lo), half)


def _no_infinity(x: Array) -> Array:
    """x with ±inf made NaN, so that sin and cos give NaN without an 'invalid' warning."""
    return x if np.all(np.isfinite(x)) else np.where(np.isinf(x), np.nan, x)


def gcu(x: Array) -> Array:
    """x·cos x."""
    xc = _no_infinity(x)
    return xc * np.cos(xc)


@in_blocks
def _gcu_grad(x: Array) -> Array:
    """cos x - x sin x; where that cancels, from the nearest root (|x| < 64) or as
    -sqrt(1 + x²)·sin(x - atan(1/x)) with the phase in double-double."""
    xc = _no_infinity(x)
    s = np.sin(xc)
    c = np.cos(xc)
    xs = xc * s
    result = c - xs
    careful = (np.abs(result) < _CANCELLED * (np.abs(c) + np.abs(xs))) & (np.abs(xc) < _VECTOR)
    if np.any(careful):
        xm = xc[careful]
        a = np.abs(xm)
        sin_a = np.where(xm < 0, -s[careful], s[careful])
        out = np.empty_like(a)
        table = a < _TABLE_END
        if np.any(table):
            index, d = _nearest_root(a[table], _GRAD_ROOTS)
            out[table] = -(_GRAD_SLOPE[index] * np.sin(d) + d * sin_a[table])
        far = ~table
        if np.any(far):
            af = a[far]
            out[far] = -np.hypot(1.0, af) * _phase_sin(af, 1.0, 0.0)
        result[careful] = out
    return result


@in_blocks
def _gcu_grad2(x: Array) -> Array:
    """-2 sin x - x cos x; where that cancels, from the nearest root (|x| < 64) or as
    -sqrt(4 + x²)·cos(x - atan(2/x)) with the phase in double-double."""
    xc = _no_infinity(x)
    s = np.sin(xc)
    c = np.cos(xc)
    xcos = xc * c
    result = -2.0 * s - xcos
    careful = (np.abs(result) < _CANCELLED * (2.0 * np.abs(s) + np.abs(xcos))) & (np.abs(xc) < _VECTOR)
    if np.any(careful):
        xm = xc[careful]
        a = np.abs(xm)
        out = np.empty_like(a)
        table = a < _TABLE_END
        if np.any(table):
            index, d = _nearest_root(a[table], _GRAD2_ROOTS)
            out[table] = -(_GRAD2_SLOPE[index] * np.sin(d) + d * c[careful][table])
        far = ~table
        if np.any(far):
            af = a[far]
            out[far] = -np.hypot(2.0, af) * _phase_sin(af, 2.0, 0.5)
        result[careful] = np.where(xm < 0, -out, out)  # g is odd
    return result


DEFINITIONS = (
    Definition(
        name="snake",
        summary="x + sin²(a·x)/a: the identity with a periodic ripple, monotonic",
        formula="x + sin²(a·x)/a",
        grad_formula="1 + sin(2a·x) = 2·sin²(a·x + π/4)",
        latex=r"x + \frac{\sin^2(a x)}{a}",
        params=(Param("a", 1.0, "frequency (nonzero; learned per channel in the paper)"),),
        value=snake,
        grad=_snake_grad,
        grad2=_snake_grad2,
        exact=_snake_exact,
        output_range=REALS,
        source="Ziyin, Hartwig, Ueda 2020, Neural networks fail to learn periodic functions and how to fix it",
        family="periodic",
        smoothness="C∞",
        monotonic=True,
        zero_centred=True,
        check=_nonzero("a"),
        breakpoints=_snake_breakpoints,
        examples=("snake:a=0.3",),
    ),
    Definition(
        name="sine",
        summary="sin(w0·x): the SIREN activation",
        formula="sin(w0·x)",
        grad_formula="w0·cos(w0·x)",
        latex=r"\sin(\omega_0 x)",
        params=(Param("w0", 1.0, "frequency ω0 (nonzero; SIREN uses 30)"),),
        value=sine,
        grad=_sine_grad,
        grad2=_sine_grad2,
        exact=lambda mp, x, w0: mp.sin(w0 * x),
        output_range=Interval(-1.0, 1.0),
        source="Sitzmann et al. 2020, Implicit neural representations with periodic activation functions",
        family="periodic",
        smoothness="C∞",
        monotonic=False,
        zero_centred=True,
        check=_nonzero("w0"),
        breakpoints=lambda w0: _tiers(w0),
        examples=("sine:w0=30",),
    ),
    Definition(
        name="gcu",
        summary="Growing cosine unit: x·cos(x), oscillating with growing amplitude",
        formula="x·cos(x)",
        grad_formula="cos(x) - x·sin(x)",
        latex=r"x\cos(x)",
        value=gcu,
        grad=_gcu_grad,
        grad2=_gcu_grad2,
        exact=lambda mp, x: x * mp.cos(x),
        output_range=REALS,
        source="Noel et al. 2021, Growing cosine unit: a novel oscillatory activation function",
        family="periodic",
        smoothness="C∞",
        monotonic=False,
        zero_centred=True,
        breakpoints=lambda: (-_VECTOR, -_TABLE_END, _TABLE_END, _VECTOR),
    ),
)
