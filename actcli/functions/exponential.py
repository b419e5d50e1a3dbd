"""Units built on the exponential: ELU and its relatives (CELU, SELU, ELiSH), exp itself, the
Gaussian, and the ISRLU that replaces ELU's exponential by an inverse square root."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from actcli.definition import Array, Definition, Interval, Kink, Param, Smoothness
from actcli.functions.sigmoidal import (
    E_SHIFT,
    SHIFT,
    _inverse_sqrt,
    _isru,
    _isru_breakpoints,
    _isru_exact,
    _isru_grad,
    _isru_grad2,
)
from actcli.stable import (
    DBL_MAX,
    Scratch,
    finite,
    keep_nan,
    leading_bits,
    output,
    select,
    two_product,
    two_sum,
    writes_into,
)

POSITIVE = Interval(0.0, math.inf, False, False)
NONNEGATIVE = Interval(0.0, math.inf, True, False)

# e^-SHIFT as m·2**k: a scale folded into m is rounded in the normal range, and np.ldexp rounds
# the result into the subnormal range once, at the end.
E_SHIFT_M, E_SHIFT_K = math.frexp(E_SHIFT)


def _ldexp(m: Array, k: int) -> Array:
    out: Array = np.ldexp(m, k)
    return out


def _exp_with(v: Array, v_lo: Array | None) -> Array:
    """e^(v + v_lo), v_lo a correction far below v's last bit (e·v_lo, not e·(1 + v_lo): the
    rounding of 1 + v_lo would cost up to half an ULP)."""
    e: Array = np.exp(v)
    return e if v_lo is None else e + e * v_lo


def _tail_patch(out: Array, v: Array, v_lo: Array | None, m: float, k: int) -> Array:
    """out, with m·2**k·e^(v + v_lo) where v < -SHIFT (e^v subnormal there). v + SHIFT is exact
    (below 2**53 the ULP of v is at most 1, so v and the integer SHIFT are multiples of it) and
    e^(v + SHIFT) is normal wherever the result is not 0 (for m·2**k up to e^660), so the one
    rounding into the subnormal range comes last."""
    v = np.asarray(v)
    tail = v < -SHIFT
    if not np.any(tail):
        return out
    patched = np.array(out, dtype=np.float64, copy=True)
    e = _exp_with(v[tail] + SHIFT, None if v_lo is None else np.asarray(v_lo)[tail])
    with np.errstate(over="ignore"):
        patched[tail] = np.ldexp(e * (m * E_SHIFT_M), k + E_SHIFT_K)
    return patched


def _scaled_exp(v: Array, scale: float, v_lo: Array | None = None) -> Array:
    """scale·e^(v + v_lo) for v <= 0, rounded once where it is subnormal (np.exp alone already
    is: then no tail is needed)."""
    e = _exp_with(v, v_lo)
    out: Array = np.asarray(e * scale if scale != 1 else e)
    if scale == 1 and v_lo is None:
        return out
    m, k = math.frexp(scale)
    return _tail_patch(out, v, v_lo, m, k)


def _expm1_from(x: Array, root: tuple[Array | float, Array | float]) -> tuple[Array, Array]:
    """(expm1(x - root), x - root) for a root given as hi + lo. x - root is formed as t + t_lo
    (TwoSum): expm1 turns an absolute error of t into a relative error of about as much, and
    rounding x - root costs up to half an ULP of t, i.e. up to 2 ULP of expm1 at t ≈ 2.4."""
    t, t_lo = two_sum(x, -root[0])
    t_lo = t_lo - root[1]
    m = np.expm1(t)
    return m + (m + 1.0) * t_lo, t + t_lo


def _over_one_plus(n_hi: Array, n_lo: Array | float, e: Array, k: int) -> Array:
    """(n_hi + n_lo)/(1 + e)**k for 0 <= e <= 1 and k = 2 or 3, rounded about once.

    1 + e is exact as d + dl (as 1 >= e), and its power is carried in double-double: evaluated
    plainly, the power and the division would round k + 1 times."""
    d = 1.0 + e
    dl = e - (d - 1.0)
    p, pl = two_product(d, d)
    pl = pl + 2.0 * d * dl  # (d + dl)² to within dl², below 2**-100 relative
    if k == 3:
        square = p
        p, p3l = two_product(square, d)
        pl = p3l + (pl * d + square * dl)
    q = n_hi / p
    r, rl = two_product(q, p)
    out: Array = q + ((((n_hi - r) - rl) + n_lo) - q * pl) / p
    return out


# --- ELU (Clevert et al. 2015) ----------------------------------------------------------------

def _elu(x: Array, alpha: float) -> Array:
    neg = np.expm1(np.minimum(x, 0.0))  # expm1, not exp - 1: no cancellation near 0
    # x <= 0 takes the exponential branch, as in torch, so that -0.0 gives alpha·(-0.0)
    return np.where(x > 0, x, alpha * neg if alpha != 1 else neg)


def _elu_grad(x: Array, alpha: float) -> Array:
    # torch's backward uses alpha·e^x at x = 0 too (the left derivative)
    return np.where(x > 0, 1.0, _scaled_exp(np.minimum(x, 0.0), alpha))


def _elu_grad2(x: Array, alpha: float) -> Array:
    return np.where(x > 0, 0.0, _scaled_exp(np.minimum(x, 0.0), alpha))


def _elu_exact(mp: Any, x: Any, alpha: float) -> Any:
    return x if x > 0 else alpha * mp.expm1(x)


def _elu_kinks(alpha: float) -> tuple[Kink, ...]:
    # The slope jumps from alpha to 1 at 0 unless alpha = 1; torch's elu_backward and jax.nn.elu
    # (jnp.where(x > 0, x, alpha·expm1(x))) both give the left slope alpha there.
    return () if alpha == 1 else (Kink(0.0, alpha, alpha),)


def _elu_range(alpha: float) -> Interval:
    # For alpha < 0 the negative inputs map to (0, -alpha): nothing is negative.
    return Interval(-alpha, math.inf, False, False) if alpha > 0 else NONNEGATIVE


def _elu_smoothness(alpha: float) -> Smoothness:
    return "C1" if alpha == 1 else "C0"


# --- CELU (Barron 2017): alpha·ELU(x/alpha) -----------------------------------------------------

class _CeluQuotient:
    """u = x/alpha for x <= 0 as u + u_lo: e^u turns an absolute error of u into a relative one,
    and an ULP of u = -700 is 2**-43, i.e. up to 512 ULP of e^u from the rounding of x/alpha
    alone. For a power of two alpha the quotient is exact."""

    def __init__(self, x: Array, alpha: float) -> None:
        # e^u·max(1, 1/alpha) is 0 below u = -4·SHIFT; |u| stays small for Veltkamp's split
        lowest = max(-4.0 * SHIFT * alpha, -DBL_MAX)
        xn = np.maximum(np.minimum(x, 0.0), lowest)  # NaN stays NaN
        self.u: Array = xn / alpha
        self.u_lo: Array | None = None
        mantissa, exponent = math.frexp(alpha)
        if mantissa != 0.5:
            # alpha = mantissa·2**exponent keeps Veltkamp's split in range for any alpha
            p, pl = two_product(self.u, mantissa)
            self.u_lo = ((xn - _ldexp(p, exponent)) - _ldexp(pl, exponent)) / alpha


def _celu(x: Array, alpha: float) -> Array:
    """max(x, 0) + alpha·expm1(min(x, 0)/alpha): one term is 0 at every x, and no np.where (ten
    times the cost of a sum on a random mask). numpy's minimum and maximum return their second
    argument on a tie of zeros, so -0.0 comes out as -0.0."""
    u = np.minimum(0.0, x)
    if alpha != 1:
        with np.errstate(over="ignore"):  # x/alpha = -inf for a tiny alpha: expm1 gives the limit -1
            u /= alpha
    out = np.expm1(u)
    if alpha != 1:
        out *= alpha
    out += np.maximum(0.0, x)
    if alpha > 1:
        # Where |x/alpha| < 2**-53 the value is x to within half an ULP; x/alpha may be subnormal
        # there (then alpha·expm1(x/alpha) is not even close), so x itself is returned.
        out = np.where(u > -(2.0**-53), x, out)
    return out


def _celu_grad(x: Array, alpha: float) -> Array:
    # for x > 0, u = 0 and e^u = 1, the slope there: no np.where
    q = _CeluQuotient(x, alpha)
    return _scaled_exp(q.u, 1.0, q.u_lo)


def _celu_grad2(x: Array, alpha: float) -> Array:
    q = _CeluQuotient(x, alpha)
    m, k = math.frexp(alpha)
    e = _exp_with(q.u, q.u_lo)
    with np.errstate(over="ignore"):  # e^u/alpha beyond DBL_MAX (a tiny alpha) is +inf, rightly
        # one rounding; for an extreme alpha as (e^u/m)·2**-k, since 1/alpha may overflow
        out = np.asarray(e / alpha if 2.0**-1000 < alpha < 2.0**1000 else _ldexp(e / m, -k))
    out = _tail_patch(out, q.u, q.u_lo, 1.0 / m, -k)
    if alpha < 2.0**-1000:  # 1/alpha, the value at x > 0 before zeroing, may be inf there
        return np.where(x > 0, 0.0, out)
    out *= x <= 0  # a product by the mask costs a tenth of np.where's; NaN stays NaN
    return out


def _celu_exact(mp: Any, x: Any, alpha: float) -> Any:
    return x if x > 0 else alpha * mp.expm1(x / alpha)


def _celu_breakpoints(alpha: float) -> tuple[float, ...]:
    """0, where the second derivative jumps from 1/alpha to 0, and where e^(x/alpha) turns
    subnormal."""
    tail = -SHIFT * alpha
    return (tail, 0.0) if math.isfinite(tail) else (0.0,)


# --- SELU (Klambauer et al. 2017) ---------------------------------------------------------------

# The constants as torch and jax write them (the paper's λ01 and α01).
SELU_LAMBDA_TEXT = "1.0507009873554804934193349852946"
SELU_ALPHA_TEXT = "1.6732632423543772848170429916717"
SELU_LAMBDA = 1.0507009873554805
# λ·α correctly rounded: λ·(α·expm1(x)) would round twice more.
SELU_LAMBDA_ALPHA = 1.7580993408473768
# torch (negcoef = alpha·scale) and jax multiply the two rounded constants, one ULP lower.
SELU_TORCH_SLOPE = 1.0507009873554805 * 1.6732632423543772


def _selu(x: Array) -> Array:
    with np.errstate(over="ignore"):  # λ·x beyond DBL_MAX is +inf, the correctly rounded result
        pos = SELU_LAMBDA * x
    return np.where(x > 0, pos, SELU_LAMBDA_ALPHA * np.expm1(np.minimum(x, 0.0)))


def _selu_grad(x: Array) -> Array:
    return np.where(x > 0, SELU_LAMBDA, _scaled_exp(np.minimum(x, 0.0), SELU_LAMBDA_ALPHA))


def _selu_grad2(x: Array) -> Array:
    return np.where(x > 0, 0.0, _scaled_exp(np.minimum(x, 0.0), SELU_LAMBDA_ALPHA))


def _selu_exact(mp: Any, x: Any) -> Any:
    lam = mp.mpf(SELU_LAMBDA_TEXT)
    return lam * x if x > 0 else lam * mp.mpf(SELU_ALPHA_TEXT) * mp.expm1(x)


# --- exponential (keras) ----------------------------------------------------------------------

@writes_into
def _exp(x: Array, out: Array | None = None) -> Array:
    with np.errstate(over="ignore"):  # e^x beyond 709.78 is +inf, the correctly rounded result
        result: Array = np.exp(x, out=out)
    return result


# --- Gaussian: exp(-x²) ------------------------------------------------------------------------
#
# e^(-x*x) as written turns the rounding of x² (up to 2**-44 at |x| = 27) into a relative error
# of up to x²/2 ULP. Instead x = xh + xl with xh the leading 26 bits of x (one masking operation,
# cheaper than Veltkamp's split): xh² is exact, d = x² - xh² = xl·(x + xh) is small (below
# 2**-25·x²) and formed to 2**-52 of itself, and e^(-x²) = e^(-xh²)·e^(-d): np.exp of an exact
# argument times np.exp of a nearly exact one, within about an ULP. A second np.exp costs less than
# the five passes that folding d in to first order takes.

GAUSSIAN_CLIP = 40.0  # e^-1600 is 0: beyond, x² would only risk overflow
GAUSSIAN_TAIL = math.sqrt(SHIFT)  # beyond (about), e^(-x²) is rescaled by e^SHIFT


def gaussian_derivative(x: Array, order: int, log_scale: float = 0.0, out: Array | None = None) -> Array:
    """e^log_scale times the derivative of this order (0, 1, 2) of e^(-x²), p(x)·e^(-x²) with
    p = 1, -2x, 4x² - 2, within about an ULP (log_scale within 2**-56 of zero or above 2**-4).

    A block whose xh² all stay within SHIFT is done in one go (one test of its maximum, which NaN
    fails). Otherwise |x| is clipped at GAUSSIAN_CLIP, and on the subnormal tail (xh² > SHIFT) the
    result is p·e^(SHIFT - x²) rounded once by e^-SHIFT."""
    x = np.asarray(x, dtype=np.float64)
    flat = x.reshape(-1)  # 1-D: the in-place steps and the masks need arrays, not scalars
    into = output(flat, None if out is None else out.reshape(-1))
    xh, sq, work = _GAUSSIAN_WORK.take(flat.size)
    leading_bits(flat, out=xh)
    np.square(xh, out=sq)  # exact; np.square costs half what xh * xh does
    if not flat.size or sq.max() <= SHIFT:  # the method: np.max's wrapper costs 1.5 µs a call
        return _gaussian_times(flat, xh, sq, work, 0.0, order, log_scale, into).reshape(x.shape)
    flat = np.clip(flat, -GAUSSIAN_CLIP, GAUSSIAN_CLIP)
    leading_bits(flat, out=xh)
    np.square(xh, out=sq)
    tail = np.flatnonzero(sq > SHIFT)  # NaN is not in it, but a NaN that the masking made ±inf is
    xt = flat[tail]
    xth = xh[tail]
    _gaussian_times(flat, xh, sq, work, 0.0, order, log_scale, into)
    tail_value = _gaussian_times(xt, xth, np.square(xth), np.empty_like(xt), SHIFT, order, log_scale, xt.copy())
    into[tail] = tail_value * E_SHIFT
    return into.reshape(x.shape)


# Three aligned work arrays for gaussian_derivative (xh, xh², the exponent's small part), reused
# block after block: most of its passes are two-operand ufuncs, which need their stores aligned.
_GAUSSIAN_WORK = Scratch(3)


def _gaussian_times(x: Array, xh: Array, sq: Array, minus_d: Array, shift: float, order: int,
                    log_scale: float, out: Array) -> Array:
    """p(x)·e^(log_scale + shift - x²) into `out`, given xh = leading_bits(x) and sq = xh²; xh,
    sq and the work array minus_d are overwritten. The split is stable.square_parts', done in the
    work arrays and negated (a negation would be a pass of its own). shift - sq is exact (sq is a
    multiple of its ULP, below 1, and shift is an integer); log_scale goes with -d, whose exp is
    then rounded once, not twice."""
    np.subtract(xh, x, out=minus_d)
    xh += x
    minus_d *= xh  # xh² - x², to 2**-52 of itself
    if order == 2:
        # 4x² - 2 = (4·xh² - 2) - 4·(xh² - x²): the first part is exact near the zeros x² = 1/2
        # (Sterbenz), so the curvature keeps its relative accuracy there
        np.multiply(sq, 4.0, out=xh)
        xh -= 2.0
        xh -= minus_d * 4.0
    if log_scale:
        minus_d += log_scale
    np.exp(minus_d, out=minus_d)
    if order == 1:
        minus_d *= x
        minus_d *= -2.0
    elif order == 2:
        minus_d *= xh
    np.subtract(shift, sq, out=sq)
    # The first write to `out` (not yet in cache) by the exp, which is slow enough to hide it
    np.exp(sq, out=out)
    out *= minus_d
    return out


@writes_into
def _gaussian(x: Array, out: Array | None = None) -> Array:
    return gaussian_derivative(x, 0, out=out)


@writes_into
def _gaussian_grad(x: Array, out: Array | None = None) -> Array:
    return gaussian_derivative(x, 1, out=out)


@writes_into
def _gaussian_grad2(x: Array, out: Array | None = None) -> Array:
    return gaussian_derivative(x, 2, out=out)


# --- ELiSH (Basirat & Roth 2018) ---------------------------------------------------------------
#
# With e = e^-|x| (never overflows): for x >= 0, f = x/(1 + e) (x·sigmoid x, i.e. SiLU); for
# x < 0, f = expm1(x)·e/(1 + e). The derivatives have irrational zeros at which their textbook
# forms cancel; each polynomial in e is factored through its root r = e^x0 as
# e - r = r·expm1(x - x0), with x - x0 formed from x0 in double-double, so nothing cancels.

# f' for x < 0: e(e² + 2e - 1)/(1 + e)², with e² + 2e - 1 = (e - c)(e + 1/c), c = √2 - 1:
# = e·expm1(x - x0)·(1 + c·e)/(1 + e)², x0 = ln c = -asinh 1.
ELISH_GRAD_ROOT = (-0.881373587019543, 2.250545892825866e-17)
SQRT2_MINUS_1 = 0.41421356237309503
# f'' for x < 0: e(e³ + 3e² + 5e - 1)/(1 + e)³; the cubic is (e - r)(e² + (3 + r)e + 1/r) with
# r = 0.1795..., so f'' = e·expm1(x - ln r)·(1 + e(r(3 + r) + r·e))/(1 + e)³.
ELISH_GRAD2_NEG_ROOT = (-1.7175297959782472, 8.102722327784694e-17)
ELISH_CUBIC_ROOT = 0.17950902460291676
ELISH_CUBIC_LINEAR = 0.5707505637226409  # r(3 + r)
# f'' for x >= 0: e·n/(1 + e)³ with n = 2 - x + e(2 + x) (SiLU's, zero where x·tanh(x/2) = 2).
# With u = x - x2 and c2 = x2 - 2 = e^-x2·(x2 + 2): n = c2·expm1(-u) - u·(1 - e), whose two
# terms have the same sign for every x >= 0.
ELISH_GRAD2_POS_ROOT = (2.3993572805154675, 1.8464872855353363e-16)
ELISH_C2 = 0.39935728051546765
ELISH_MIN = -0.1715728752538099  # -(3 - 2√2), at x = -asinh 1, rounded down
ELISH_TAIL = SHIFT  # beyond, e^-x is subnormal and f'' = -(x - 2)·e^-x is rescaled


def _elish(x: Array) -> Array:
    e = np.exp(-np.abs(x))
    # for x < -40, expm1(x) = -1 and 1 + e = 1 exactly: a subnormal e is not rounded again
    num = np.where(x >= 0, x, np.expm1(np.minimum(x, 0.0)) * e)
    out: Array = num / (1.0 + e)
    return out


def _elish_grad(x: Array) -> Array:
    xf = finite(x)
    e = np.exp(-np.abs(xf))
    positive_side = x >= 0
    m = _expm1_from(np.minimum(xf, 0.0), ELISH_GRAD_ROOT)[0]
    # left: e·expm1(x - x0)·(1 + c·e), its last product exact
    n_hi, n_lo = two_product(e, m * (1.0 + SQRT2_MINUS_1 * e))
    # right: 1 + e·(1 + x), every term positive, its sum exact (Fast2Sum: 1 >= e·(1 + x))
    t = e * (1.0 + xf)
    p_hi = 1.0 + t
    n_lo = select(positive_side, (1.0 - p_hi) + t, n_lo)  # every term finite: select, not np.where
    n_hi = select(positive_side, p_hi, n_hi)
    return _over_one_plus(n_hi, n_lo, e, 2)


def _elish_grad2_tail(x: Array) -> Array:
    """-(x - 2)·e^-x for x > SHIFT (the rest is below 2**-600 relative), rounded once."""
    xt = np.minimum(x, 2.0 * SHIFT)  # the result is 0 beyond; SHIFT - xt is exact
    return _ldexp(np.exp(SHIFT - xt) * (2.0 - xt) * E_SHIFT_M, E_SHIFT_K)


def _elish_grad2(x: Array) -> Array:
    xf = np.clip(x, -DBL_MAX, 2.0 * SHIFT)  # beyond 2·SHIFT the tail takes over anyway
    e = np.exp(-np.abs(xf))
    positive_side = x >= 0
    # expm1(x2 - x) on the right, expm1(x - x1) on the left, in one call
    # every term is finite: select, not np.where
    root = (select(positive_side, -ELISH_GRAD2_POS_ROOT[0], ELISH_GRAD2_NEG_ROOT[0]),
            select(positive_side, -ELISH_GRAD2_POS_ROOT[1], ELISH_GRAD2_NEG_ROOT[1]))
    m, arg = _expm1_from(select(positive_side, -xf, xf), root)
    positive = ELISH_C2 * m + arg * (1.0 - e)
    negative = m * (1.0 + e * (ELISH_CUBIC_LINEAR + ELISH_CUBIC_ROOT * e))
    n_hi, n_lo = two_product(e, select(positive_side, positive, negative))
    out = np.asarray(_over_one_plus(n_hi, n_lo, e, 3))
    tail = np.asarray(x > ELISH_TAIL)
    if np.any(tail):
        out = np.array(out, dtype=np.float64, copy=True)
        out[tail] = _elish_grad2_tail(np.asarray(x)[tail])
    return out


def _elish_exact(mp: Any, x: Any) -> Any:
    return (x if x >= 0 else mp.expm1(x)) / (1 + mp.exp(-x))


# --- HardELiSH (Basirat & Roth 2018): ELiSH with the sigmoid made hard ---------------------------
#
# f = x·h(x) for x >= 0 and expm1(x)·h(x) for x < 0, h(x) = max(0, min(1, (x + 1)/2)): 0 below
# -1, expm1(x)(x + 1)/2 on (-1, 0), x(x + 1)/2 on [0, 1), x above. The slope jumps at -1 (from 0
# to (1/e - 1)/2) and at 1 (from 3/2 to 1); the curvature jumps at 0 (from 3/2 to 1).
#
# On (-1, 0), f' = (e^x(x + 2) - 1)/2 cancels at its zero x3 = W(e²) - 2, where e^x3 = 1/(x3 + 2)
# = w. With u = x - x3: e^x(x + 2) - 1 = expm1(u)(1 + w·u) + w·u, two terms of u's sign.
HARD_ELISH_GRAD_ROOT = (-0.4428544010023886, 1.4810791653201162e-17)
HARD_ELISH_W = 0.6422007040598738
HARD_ELISH_MIN = -0.09967315152874262  # at x = W(e²) - 2, rounded down
# torch.clamp passes the gradient on its closed interval [min, max], so the natural
# clamp((x + 1)/2, 0, 1) gives the right slope at -1 and the left one at 1; jnp.clip (and
# torch/jnp maximum/minimum) split a tie in two, giving the mean of the two slopes.
HARD_ELISH_KINKS = (Kink(-1.0, math.expm1(-1.0) / 2, math.expm1(-1.0) / 4), Kink(1.0, 1.5, 1.25))


def _hard_elish(x: Array) -> Array:
    h = 0.5 * np.clip(x + 1.0, 0.0, 2.0)  # x + 1 is exact near -1
    g = np.where(x >= 0, x, np.expm1(np.minimum(x, 0.0)))
    out: Array = g * h + 0.0  # + 0.0: below -1, -1·0 is -0.0
    return out


def _hard_elish_grad(x: Array) -> Array:
    m, u = _expm1_from(np.clip(x, -1.0, 0.0), HARD_ELISH_GRAD_ROOT)
    wu = HARD_ELISH_W * u
    middle = 0.5 * (m * (1.0 + wu) + wu)
    negative = np.where(x < -1, 0.0, middle)
    return keep_nan(x, np.where(x < 0, negative, np.where(x < 1, x + 0.5, 1.0)))


def _hard_elish_grad2(x: Array) -> Array:
    xm = np.clip(x, -1.0, 0.0)
    middle = 0.5 * np.exp(xm) * (xm + 3.0)
    negative = np.where(x < -1, 0.0, middle)
    return keep_nan(x, np.where(x < 0, negative, np.where(x <= 1, 1.0, 0.0)))


def _hard_elish_exact(mp: Any, x: Any) -> Any:
    if x >= 1:
        return x
    if x >= 0:
        return x * (x + 1) / 2
    if x > -1:
        return mp.expm1(x) * (x + 1) / 2
    return mp.mpf(0)


# --- ISRLU (Carlile et al. 2017): ISRU for x < 0, the identity above ----------------------------

def _isrlu(x: Array, a: float) -> Array:
    return np.where(x >= 0, x, _isru(np.minimum(x, 0.0), a))


def _isrlu_grad(x: Array, a: float) -> Array:
    return np.where(x >= 0, 1.0, _isru_grad(np.minimum(x, 0.0), a))


def _isrlu_grad2(x: Array, a: float) -> Array:
    return np.where(x >= 0, 0.0, _isru_grad2(np.minimum(x, 0.0), a))


def _isrlu_exact(mp: Any, x: Any, a: float) -> Any:
    return x if x >= 0 else _isru_exact(mp, x, a)


def _isrlu_breakpoints(a: float) -> tuple[float, ...]:
    """0, where the third derivative jumps, and where ISRU's rescaled branch starts."""
    return (_isru_breakpoints(a)[0], 0.0)


JAX_EXPM1_NOTE = ("jax differentiates expm1 as expm1(x) + 1, which cancels for x ≪ 0: its float64 "
                  "slope is 0.02% off at x = -30 and 0 instead of 4e-18 at x = -40.")
ELU_SOURCE = ("Clevert, Unterthiner, Hochreiter 2015, Fast and accurate deep network learning by "
              "exponential linear units (ELUs); torch.nn.ELU; jax.nn.elu")
ELISH_SOURCE = ("Basirat & Roth 2018, The quest for the golden activation function "
                "(arXiv:1808.00783)")

DEFINITIONS = (
    Definition(
        name="elu",
        summary="Exponential linear unit: x above 0, alpha·(e^x - 1) below",
        formula="x if x > 0 else α·(e^x - 1)",
        grad_formula="1 if x > 0 else α·e^x",
        latex=r"x\ (x > 0),\quad \alpha\,(e^{x} - 1)\ (x \leq 0)",
        params=(Param("alpha", 1.0, "the negative saturation: f → -alpha as x → -∞"),),
        value=_elu,
        grad=_elu_grad,
        grad2=_elu_grad2,
        exact=_elu_exact,
        output_range=_elu_range,
        source=ELU_SOURCE,
        family="exponential",
        smoothness=_elu_smoothness,
        monotonic=lambda alpha: alpha >= 0,
        zero_centred=False,
        kinks=_elu_kinks,
        # 0: the second derivative jumps (and the slope, unless alpha = 1); -SHIFT: alpha·e^x is
        # rescaled below, where it is subnormal
        breakpoints=lambda alpha: (-SHIFT, 0.0),
        examples=("elu:alpha=0.5", "elu:alpha=2"),
        notes=("At 0 torch and jax both use the exponential branch, so the slope there is alpha "
               "(the left derivative); with alpha = 1 the slope is continuous and only the second "
               "derivative jumps, from 1 to 0.",
               JAX_EXPM1_NOTE),
    ),
    Definition(
        name="celu",
        summary="Continuously differentiable ELU: x above 0, alpha·(e^(x/alpha) - 1) below",
        formula="max(0, x) + min(0, α·(e^(x/α) - 1))",
        grad_formula="1 if x > 0 else e^(x/α)",
        latex=r"\max(0, x) + \min(0,\ \alpha\,(e^{x/\alpha} - 1))",
        params=(Param("alpha", 1.0, "the negative saturation (f → -alpha); the slope at 0 stays 1",
                      "positive"),),
        value=_celu,
        grad=_celu_grad,
        grad2=_celu_grad2,
        exact=_celu_exact,
        output_range=lambda alpha: Interval(-alpha, math.inf, False, False),
        source="Barron 2017, Continuously differentiable exponential linear units "
               "(arXiv:1704.07483); torch.nn.CELU; jax.nn.celu",
        family="exponential",
        smoothness="C1",
        monotonic=True,
        zero_centred=False,
        breakpoints=_celu_breakpoints,
        examples=("celu:alpha=0.3", "celu:alpha=2"),
        notes=("The slope is 1 on both sides of 0 for every alpha (ELU's is alpha on the left); "
               "the second derivative jumps from 1/alpha to 0.",
               "x/alpha is carried in double-double for the derivatives: e^(x/alpha) would "
               "otherwise turn its rounding into up to 512 ULP near x/alpha = -700.",
               "torch's CELU backward scales by 1/alpha rounded through float32 (derivatives.yaml: "
               "1.0/alpha.toFloat()), so unless alpha is a float32 number its float64 slope is off "
               "by about (1 + |x/alpha|)·4e-8 relative: 6e-7 at x = -5 with alpha = 0.3.",
               JAX_EXPM1_NOTE),
    ),
    Definition(
        name="selu",
        summary="Scaled ELU: λ·x above 0, λ·α·(e^x - 1) below, with self-normalising constants",
        formula="λ·x if x > 0 else λ·α·(e^x - 1), λ ≈ 1.0507, α ≈ 1.67326",
        grad_formula="λ if x > 0 else λ·α·e^x",
        latex=r"\lambda\,x\ (x > 0),\quad \lambda\alpha\,(e^{x} - 1)\ (x \leq 0)",
        value=_selu,
        grad=_selu_grad,
        grad2=_selu_grad2,
        exact=_selu_exact,
        output_range=Interval(-SELU_LAMBDA_ALPHA, math.inf, False, False),
        source="Klambauer, Unterthiner, Mayr, Hochreiter 2017, Self-normalizing neural networks; "
               "torch.nn.SELU; jax.nn.selu",
        family="exponential",
        smoothness="C0",
        monotonic=True,
        zero_centred=False,
        kinks=lambda: (Kink(0.0, SELU_TORCH_SLOPE, SELU_TORCH_SLOPE),),
        breakpoints=lambda: (-SHIFT, 0.0),
        notes=(f"λ = {SELU_LAMBDA_TEXT} and α = {SELU_ALPHA_TEXT}, as torch and jax write them. "
               "actcli multiplies by λ·α correctly rounded (1.7580993408473768); torch and jax "
               "multiply the two rounded constants, and their slope at 0 is 1.7580993408473766.",
               JAX_EXPM1_NOTE),
    ),
    Definition(
        name="exponential",
        summary="The exponential function e^x",
        formula="e^x",
        grad_formula="e^x",
        latex=r"e^{x}",
        value=_exp,
        grad=_exp,
        grad2=_exp,
        exact=lambda mp, x: mp.exp(x),
        output_range=POSITIVE,
        source="keras.activations.exponential",
        family="exponential",
        smoothness="C∞",
        monotonic=True,
        zero_centred=False,
        notes=("Overflows to +inf beyond x ≈ 709.78 in float64 (88.72 in float32, 11.09 in "
               "float16), as it should.",),
    ),
    Definition(
        name="gaussian",
        summary="Gaussian bump e^(-x²) of radial-basis-function units",
        formula="e^(-x²)",
        grad_formula="-2x·e^(-x²)",
        latex=r"e^{-x^2}",
        value=_gaussian,
        grad=_gaussian_grad,
        grad2=_gaussian_grad2,
        exact=lambda mp, x: mp.exp(-x * x),
        output_range=Interval(0.0, 1.0, False, True),
        source="radial basis function units (Broomhead & Lowe 1988); the Gaussian of Wikipedia's "
               "table of activation functions",
        family="exponential",
        smoothness="C∞",
        monotonic=False,
        zero_centred=False,
        breakpoints=lambda: (-GAUSSIAN_TAIL, GAUSSIAN_TAIL),  # where the subnormal tail is rescaled
        notes=("exp(-x*x) as written turns the rounding of x² into a relative error of up to "
               "x²/2 ULP (about 360 ULP at |x| = 27); actcli splits x = xh + xl with xh's square "
               "exact (26 bits) and takes e^(-xh²)·e^(-xl·(x + xh)).",),
    ),
    Definition(
        name="elish",
        summary="ELiSH: x·sigmoid(x) above 0, (e^x - 1)·sigmoid(x) below",
        formula="x·σ(x) if x ≥ 0 else (e^x - 1)·σ(x)",
        grad_formula="σ(x)·(1 + x·σ(-x)) if x ≥ 0 else e^x·(e^2x + 2e^x - 1)/(1 + e^x)²",
        latex=r"x\,\sigma(x)\ (x \geq 0),\quad (e^{x} - 1)\,\sigma(x)\ (x < 0)",
        value=_elish,
        grad=_elish_grad,
        grad2=_elish_grad2,
        exact=_elish_exact,
        output_range=Interval(ELISH_MIN, math.inf, True, False),
        source=ELISH_SOURCE,
        family="exponential",
        smoothness="C1",
        monotonic=False,
        zero_centred=False,
        # 0: the second derivative jumps from 1 to 1/2; ELISH_TAIL: f'' is rescaled beyond
        breakpoints=lambda: (0.0, ELISH_TAIL),
        notes=("The minimum is -(3 - 2√2) ≈ -0.17157 at x = -asinh(1) ≈ -0.88137.",),
    ),
    Definition(
        name="hard_elish",
        summary="HardELiSH: x·hard_sigmoid(x) above 0, (e^x - 1)·hard_sigmoid(x) below",
        formula="x·h(x) if x ≥ 0 else (e^x - 1)·h(x), h(x) = max(0, min(1, (x + 1)/2))",
        grad_formula="0 (x < -1); (e^x·(x + 2) - 1)/2 (-1 < x < 0); x + 1/2 (0 ≤ x < 1); 1 (x > 1)",
        latex=r"x\,h(x)\ (x \geq 0),\quad (e^{x} - 1)\,h(x)\ (x < 0),"
              r"\quad h(x) = \max(0, \min(1, \frac{x + 1}{2}))",
        value=_hard_elish,
        grad=_hard_elish_grad,
        grad2=_hard_elish_grad2,
        exact=_hard_elish_exact,
        output_range=Interval(HARD_ELISH_MIN, math.inf, True, False),
        source=ELISH_SOURCE,
        family="exponential",
        smoothness="C0",
        monotonic=False,
        zero_centred=False,
        kinks=lambda: HARD_ELISH_KINKS,
        breakpoints=lambda: (0.0,),  # the second derivative jumps from 3/2 to 1
        notes=("Kinks: at -1 the slope jumps from 0 to (1/e - 1)/2 ≈ -0.316, at 1 from 3/2 to 1. "
               "torch.clamp((x + 1)/2, 0, 1) passes the gradient at the ends of [0, 1], so torch "
               "autograd gives -0.316 at -1 and 1.5 at 1; jnp.clip (and maximum/minimum in "
               "either library) splits the tie, giving -0.158 and 1.25.",
               "The minimum is ≈ -0.099673 at x = W(e²) - 2 ≈ -0.44285."),
    ),
    Definition(
        name="isrlu",
        summary="Inverse square root linear unit: x above 0, x/sqrt(1 + a·x²) below",
        formula="x if x ≥ 0 else x/√(1 + a·x²)",
        grad_formula="1 if x ≥ 0 else (1 + a·x²)^(-3/2)",
        latex=r"x\ (x \geq 0),\quad \frac{x}{\sqrt{1 + a x^2}}\ (x < 0)",
        params=(Param("a", 1.0, "sets the negative saturation level -1/√a", "positive"),),
        value=_isrlu,
        grad=_isrlu_grad,
        grad2=_isrlu_grad2,
        exact=_isrlu_exact,
        output_range=lambda a: Interval(-_inverse_sqrt(a), math.inf, False, False),
        source="Carlile et al. 2017, Improving deep learning by inverse square root linear units "
               "(ISRLUs) (arXiv:1710.09967)",
        family="exponential",
        smoothness="C2",
        monotonic=True,
        zero_centred=False,
        breakpoints=_isrlu_breakpoints,
        examples=("isrlu:a=3",),
        notes=("An ELU without the exponential: the slope (1 at 0) and the curvature (0 at 0) are "
               "continuous; the third derivative jumps from -3a to 0.",),
    ),
)
