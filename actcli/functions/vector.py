"""Vector-valued activations: softmax and its relatives, sparsemax, and the gated linear units.

Each maps a 1-D array to a 1-D array; `grad` is the Jacobian, row i holding the derivatives of
output i. The GLU family splits its input into halves a and b and reuses the registry's own
element-wise gates (sigmoid, silu, gelu, relu), looked up when first called.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from actcli.definition import REALS, Array, Definition, Interval
from actcli.errors import ActcliError
from actcli.functions.gated import silu_grad_left_tail, silu_left_tail
from actcli.functions.gaussian_error import U_TAIL, gelu_grad_left_tail, gelu_left_tail
from actcli.functions.sigmoidal import LEFT_TAIL, sigmoid_left_tail
from actcli.stable import two_product, two_sum

PROBABILITIES = Interval(0.0, 1.0)
NONPOSITIVE = Interval(-math.inf, 0.0, False, True)

NO_SECOND = ("The second derivative of a vector function is a 3-tensor (∂²yᵢ/∂xⱼ∂xₖ), "
             "which actcli does not provide.")


def _limits_note(name: str, sign: str, example: str) -> str:
    top = "inf" if sign == "+" else "-inf"
    bottom = "-inf" if sign == "+" else "+inf"
    return (f"A single {sign}inf input takes all the weight ({example}); several {sign}inf inputs have no "
            f"joint limit, so their outputs are NaN ({name}([{top}, {top}]) = [nan, nan]); all inputs "
            f"{bottom} give NaN; NaN anywhere gives NaN everywhere.")


HALVES = ("The input length must be even: a is the first half, b the second, and the output has half "
          "the length. NaN in aᵢ or bᵢ makes yᵢ and row i of the Jacobian NaN; other outputs are unaffected.")
INFINITE_PRODUCTS = ("Where one factor is infinite and the other zero, the limit along that input is "
                     "given: 0 if the gate is exactly 0 there (a·relu(-1) with a = inf), ±inf if it only "
                     "underflowed, NaN if the gate merely tends to 0 as b → ±inf.")


# Softmax, log-softmax, softmin ------------------------------------------------------------------

def _limit(x: Array) -> Array | None:
    """The probabilities where the ordinary formula does not apply (NaN, +inf, all -inf, empty),
    as 0, 1 and NaN; None when it does."""
    if x.size == 0:
        return np.zeros(0)
    top = x.max()  # NaN if any input is NaN
    if np.isnan(top) or top == -np.inf:
        return np.full(x.shape, np.nan)
    if top < np.inf:
        return None
    winners = x == np.inf
    if np.count_nonzero(winners) == 1:
        return np.where(winners, 1.0, 0.0)
    return np.where(winners, np.nan, 0.0)


# Elements per block: the temporaries of the exact shift stay in cache, so the careful formula
# costs about what the textbook one does, whose cost is mostly memory traffic.
BLOCK = 1 << 14


def _shift_into(x: Array, top: float, hi: Array, lo: Array, work: Array, careful: bool) -> None:
    """hi + lo = x - top exactly (Knuth's TwoSum), in the given buffers; where the difference
    overflows (or x is -inf), hi is -inf and lo 0. `careful` when that may happen."""
    np.subtract(x, top, out=hi)
    unbounded = ~np.isfinite(hi) if careful else None
    if unbounded is not None:
        x = np.where(unbounded, top, x)
        np.subtract(x, top, out=hi)
    np.subtract(hi, x, out=work)  # virtual b
    np.subtract(hi, work, out=lo)  # virtual a
    np.subtract(x, lo, out=lo)
    np.subtract(-top, work, out=work)
    lo += work
    if unbounded is not None:
        hi[unbounded] = -np.inf


def _shifted_blocks(x: Array, out: Array, finish: Callable[[Array, Array], None]) -> None:
    """For each block, hi + lo = x - max(x) exactly, hi written to `out`; then `finish(hi, lo)`."""
    top = float(x.max())
    careful = not math.isfinite(float(x.min()) - top)
    lo, work = np.empty(min(BLOCK, x.size)), np.empty(min(BLOCK, x.size))
    with np.errstate(over="ignore"):  # such a difference only meets exp (giving 0) or is the answer
        for start in range(0, x.size, BLOCK):
            hi = out[start:start + BLOCK]
            size = hi.size
            _shift_into(x[start:start + BLOCK], top, hi, lo[:size], work[:size], careful)
            finish(hi, lo[:size])


def _exp_in_place(hi: Array, lo: Array) -> None:
    # The rounding error of x - max would be magnified by |x - max| in exp (up to 745 times),
    # so the remainder enters as exp(hi + lo) = exp(hi)·(1 + lo).
    np.exp(hi, out=hi)
    lo *= hi
    hi += lo


def _exponentials(x: Array) -> Array:
    """exp(x - max(x)) to about an ULP, for finite max."""
    e = np.empty_like(x)
    _shifted_blocks(x, e, _exp_in_place)
    return e


def _sum_except(e: Array, k: int) -> float:
    """Σ_{j≠k} e_j, summed directly rather than as total - e_k, which cancels when e_k dominates."""
    return float(e[:k].sum() + e[k + 1:].sum())


def _softmax_parts(x: Array) -> tuple[Array, Array]:
    """softmax(x) and its complement 1 - softmax(x), each accurate to a few ULP."""
    special = _limit(x)
    if special is not None:
        return special, 1.0 - special
    e = _exponentials(x)
    total = float(e.sum())
    # total - e_i loses nothing unless e_i > total/2, which at most one entry (the max) can be.
    others = total - e
    k = int(np.argmax(e))
    if e[k] > total / 2:
        others[k] = _sum_except(e, k)
    e /= total
    others /= total
    return e, others


def _softmax(x: Array) -> Array:
    special = _limit(x)
    if special is not None:
        return special
    e = _exponentials(x)
    e /= e.sum()
    return e


def _softmax_jacobian(x: Array, sign: float = 1.0) -> Array:
    """diag(s) - s sᵀ, with 1 - sᵢ formed without cancellation on the diagonal; sign = -1 gives
    softmin's Jacobian, -(that of softmax) at -x."""
    s, c = _softmax_parts(sign * x)
    jacobian = np.outer(s, -sign * s)
    # s_j = 0 (an input at -inf, or beside a single +inf) makes row and column j exactly 0 even
    # where the other factor is an undefined NaN.
    zero = s == 0
    jacobian[zero, :] = 0.0
    jacobian[:, zero] = 0.0
    np.fill_diagonal(jacobian, np.where(zero, 0.0, sign * (s * c)))
    return jacobian


def _log_softmax(x: Array) -> Array:
    """x - max - log(Σ exp(x - max)); the sum is 1 + (the rest), so log1p keeps tiny rests."""
    special = _limit(x)
    if special is not None:
        return np.where(special == 1, 0.0, np.where(special == 0, -np.inf, np.nan))
    out = _exponentials(x)
    log_total = math.log1p(_sum_except(out, int(np.argmax(x))))  # the max's term is exactly 1

    def finish(hi: Array, lo: Array) -> None:
        # hi ≤ 0 and -log_total ≤ 0: no cancellation; lo is at most half an ULP of hi.
        hi -= log_total
        hi += lo

    _shifted_blocks(x, out, finish)
    return out


def _log_softmax_jacobian(x: Array) -> Array:
    """I - 1 sᵀ: row i is -s, with 1 - sᵢ on the diagonal."""
    s, c = _softmax_parts(x)
    jacobian = np.tile(-s, (x.size, 1))
    np.fill_diagonal(jacobian, c)
    return jacobian


def _softmax_exact(mp: Any, xs: list[Any]) -> list[Any]:
    top = max(xs)
    e = [mp.exp(x - top) for x in xs]
    total = mp.fsum(e)
    return [v / total for v in e]


def _log_softmax_exact(mp: Any, xs: list[Any]) -> list[Any]:
    # log1p of the rest, as in the float code: log(1 + 1e-46) is 0 even at mpmath's 40 digits.
    top = max(xs)
    k = xs.index(top)
    log_total = mp.log1p(mp.fsum(mp.exp(x - top) for x in xs[:k] + xs[k + 1:]))
    return [x - top - log_total for x in xs]


# Sparsemax --------------------------------------------------------------------------------------
# Martins & Astudillo 2016, algorithm 1: sort z descending, k = max{k : 1 + k·z₍ₖ₎ > Σ_{j≤k} z₍ⱼ₎},
# τ = (Σ_{j≤k} z₍ⱼ₎ - 1)/k, p = max(z - τ, 0). In floating point the test and τ both cancel near
# the support's edge: the test is trusted only outside its rounding error bound and otherwise
# decided exactly (math.fsum rounds correctly, so the sign of its sum is exact), and p is formed
# from 1 - Σ in double-double.

def _in_support(ranked: Array, k: int) -> bool:
    """Exactly: 1 - Σ_{j≤k} (z₍ⱼ₎ - z₍ₖ₎) > 0, i.e. the k-th largest input is in the support."""
    hi, lo = two_sum(ranked[:k], -ranked[k - 1])
    return math.fsum([1.0, *(-hi).tolist(), *(-lo).tolist()]) > 0


def _support_size(ranked: Array) -> int:
    """k of the algorithm for inputs sorted descending. The test holds for k = 1, ..., k* and fails
    beyond; the float estimate stands when the rounding error bound of the test at k and k + 1
    cannot change their signs, and is otherwise corrected by exact tests (galloping, then bisection)."""
    m = ranked.size
    margin = np.arange(1.0, m + 1.0)
    margin *= ranked
    margin += 1.0
    margin -= np.cumsum(ranked)
    passing = np.flatnonzero(margin > 0)
    estimate = int(passing[-1]) + 1 if passing.size else 1

    def certain(k: int) -> bool:
        # numpy's cumsum adds in order: (k - 1)·u·Σ|z| with Σ|z| ≤ k·max(|z₁|, |zₖ|) for sorted z,
        # plus three roundings; doubled for safety.
        extreme = max(abs(float(ranked[0])), abs(float(ranked[k - 1])))
        return abs(float(margin[k - 1])) > (k + 3.0) * 2.0**-52 * (1.0 + 2.0 * k * extreme)

    if certain(estimate) and (estimate == m or certain(estimate + 1)):
        return estimate
    step = 1
    if _in_support(ranked, estimate):
        low = estimate
        while low + step <= m and _in_support(ranked, low + step):
            low += step
            step *= 2
        high = min(low + step, m + 1)
    else:
        high = estimate
        while high - step >= 1 and not _in_support(ranked, high - step):
            high -= step
            step *= 2
        low = max(high - step, 1)
    while high - low > 1:
        middle = (low + high) // 2
        if _in_support(ranked, middle):
            low = middle
        else:
            high = middle
    return low


def _one_minus_sum(values: Array) -> tuple[float, float]:
    """1 - Σ values as hi + lo, to about log²(n)·2⁻¹⁰⁶·(1 + Σ|values|): pairwise sums by TwoSum,
    whose rounding errors are gathered and added apart."""
    level = np.concatenate(([1.0], -values))
    errors = 0.0
    while level.size > 1:
        if level.size % 2:
            level = np.append(level, 0.0)
        level, error = two_sum(level[0::2], level[1::2])
        errors += float(error.sum())
    hi, lo = two_sum(level, errors)
    return float(hi[0]), float(lo[0])


def _threshold(kept: Array) -> tuple[float, float]:
    """τ = (Σ kept - 1)/k as a double-double: -(1 - Σ)/k, the quotient's remainder found exactly."""
    rest_hi, rest_lo = _one_minus_sum(kept)
    k = float(kept.size)
    quotient = rest_hi / k
    product_hi, product_lo = two_product(np.array([quotient]), k)
    remainder = ((rest_hi - float(product_hi[0])) - float(product_lo[0])) + rest_lo
    return -quotient, -(remainder / k)


def _sparsemax_parts(x: Array) -> tuple[Array, Array]:
    """sparsemax(x) and its support (as 0/1; NaN where a limit is undefined)."""
    special = _limit(x)
    if special is not None:
        return special, special
    top = float(x.max())
    # The support lies within 1 of the max. Shifting by the max is exact there when |max| ≥ 4
    # (Sterbenz), and keeps sums of huge inputs from overflowing; below 4 nothing is shifted.
    shift = top if abs(top) >= 4 else 0.0
    with np.errstate(over="ignore"):  # only inputs far below the max overflow, to -inf
        z = x - shift
    candidates = z[z > (top - shift) - 1.5]  # a superset of the support
    candidates *= -1.0
    candidates.sort()
    ranked = np.negative(candidates, out=candidates)  # descending
    k = _support_size(ranked)
    # Ties straddle no edge (the test is the same for all members of a tie), so the support is
    # exactly the inputs at or above the k-th largest.
    support = z >= ranked[k - 1]
    tau_hi, tau_lo = _threshold(ranked[:k])
    # Beside the edge z - τ_hi is exact (Sterbenz); elsewhere it is no cancellation.
    kept = z[support]
    kept -= tau_hi
    kept -= tau_lo
    p = np.zeros(x.size)
    p[support] = np.maximum(kept, 0.0)
    return p, np.where(support, 1.0, 0.0)


def _sparsemax_jacobian(x: Array) -> Array:
    """diag(s) - s sᵀ/|S| for the support indicator s (Martins & Astudillo 2016, eq. 12)."""
    _, s = _sparsemax_parts(x)
    if np.isnan(s).any():
        # No joint limit among tied +inf inputs (or a NaN input): undefined there, 0 elsewhere.
        undefined = np.isnan(s)
        return np.where(np.outer(undefined, undefined), np.nan, 0.0)
    size = max(float(s.sum()), 1.0)
    jacobian = 0.0 - np.outer(s, s) / size  # 0.0 - keeps exact zeros positive
    np.fill_diagonal(jacobian, s * ((size - 1.0) / size))  # one rounding, not two
    return jacobian


def _fraction(mp: Any, value: Any) -> Any:
    from fractions import Fraction

    exact = mp.mpf(value)
    mantissa, exponent = exact.man_exp  # the mantissa without its sign
    return Fraction(-mantissa if exact < 0 else mantissa) * Fraction(2) ** exponent


def _sparsemax_exact(mp: Any, xs: list[Any]) -> list[Any]:
    """The algorithm in exact rational arithmetic, rounded once to mpmath's precision."""
    zs = [_fraction(mp, x) for x in xs]
    total = size = kept_total = 0 * zs[0]
    for k, z in enumerate(sorted(zs, reverse=True), start=1):
        total += z
        if 1 + k * z > total:  # always at k = 1
            size, kept_total = k, total
    tau = (kept_total - 1) / size
    return [mp.mpf(p.numerator) / p.denominator for p in (max(z - tau, 0 * tau) for z in zs)]


# Gated linear units -----------------------------------------------------------------------------

Gate = Callable[[Array], Array]


def _check_even(size: int, name: str) -> None:
    if size % 2:
        raise ActcliError(f"{name} splits its input into two halves a and b, so it needs an even "
                          f"number of values, not {size}")


def _halves(x: Array, name: str) -> tuple[Array, Array]:
    _check_even(x.size, name)
    half = x.size // 2
    return x[:half], x[half:]


def _gate(name: str) -> tuple[Gate, Gate, Callable[[Any, Any], Any]]:
    """The registry's element-wise `name` (its value, derivative, mpmath form) at its defaults;
    imported here, not at module level, so the families load in any order."""
    from actcli.registry import lookup

    definition = lookup(name)
    params = definition.defaults()
    return (lambda b: definition.value(b, **params), lambda b: definition.grad(b, **params),
            lambda mp, b: definition.exact(mp, b, **params))


ScaledTail = Callable[[Array, NDArray[np.int32]], Array]
# Gates whose value and slope underflow in the left tail (b below the number in their entry) while
# a·gate(b) need not: there the gate is recomputed times a's power of two (value, slope).
LEFT_TAILS: dict[str, tuple[float, tuple[ScaledTail, ScaledTail]]] = {
    "sigmoid": (LEFT_TAIL, (sigmoid_left_tail, sigmoid_left_tail)),
    "silu": (LEFT_TAIL, (silu_left_tail, silu_grad_left_tail)),
    "gelu": (-U_TAIL, (gelu_left_tail, gelu_grad_left_tail)),
}
SMALLEST_NORMAL = float(np.finfo(np.float64).tiny)


def _left_tail(gate_name: str, order: int) -> tuple[float, ScaledTail] | None:
    entry = LEFT_TAILS.get(gate_name)
    return None if entry is None else (entry[0], entry[1][order])


def _unflushed(out: Array, a: Array, h: Array, b: Array, start: float, scaled: ScaledTail) -> None:
    """Where h = gate(b) lost digits to underflow but a·h is larger, a·h recomputed as
    m·(gate(b)·2**e) with a = m·2**e, so the product is rounded once."""
    lost = (np.abs(h) < SMALLEST_NORMAL) & (b < start) & (np.abs(a) > 1.0) & np.isfinite(a)
    if lost.any():
        mantissa, exponent = np.frexp(a[lost])
        out[lost] = mantissa * scaled(b[lost], exponent.astype(np.int32))


def _times(a: Array, h: Array, b: Array, gate: Gate, tail: tuple[float, ScaledTail] | None) -> Array:
    """a·h with h = gate(b), giving the limit where one float factor is infinite and the other 0.

    a = 0 with h = ±inf: 0. a = ±inf with h = 0: either the gate is exactly 0 there (then a·0 = 0
    for every a), or it underflowed (±inf, signed as the gate at b clipped to [-30, 30]: beyond
    that none of the gates or their slopes changes sign), or b = ±inf and the gate only tends to 0
    (no joint limit: NaN)."""
    with np.errstate(invalid="ignore"):  # inf·0 is resolved below
        out = a * h
    if tail is not None:
        _unflushed(out, a, h, b, *tail)
    if not np.isnan(out).any():
        return out
    undefined = np.isnan(out) & ~np.isnan(a) & ~np.isnan(h)
    zero_a = undefined & (a == 0)
    out[zero_a] = a[zero_a] * np.sign(h[zero_a])
    infinite_a = undefined & (h == 0)
    edge = b[infinite_a]
    sign = np.sign(gate(np.clip(edge, -30.0, 30.0)))
    exactly_zero = sign == 0
    unbounded = np.where(exactly_zero, 1.0, sign) * a[infinite_a]  # the 1 only avoids inf·0
    out[infinite_a] = np.where(exactly_zero, 0.0, np.where(np.isinf(edge), np.nan, unbounded))
    return out


def _glu(x: Array, name: str, gate_name: str) -> Array:
    a, b = _halves(x, name)
    value, _, _ = _gate(gate_name)
    return _times(a, value(b), b, value, _left_tail(gate_name, 0))


def _glu_jacobian(x: Array, name: str, gate_name: str) -> Array:
    """[diag(g(b)) | diag(a·g'(b))]: output i depends on aᵢ and bᵢ only."""
    a, b = _halves(x, name)
    value, grad, _ = _gate(gate_name)
    half = a.size
    jacobian = np.zeros((half, x.size))
    rows = np.arange(half)
    jacobian[rows, rows] = np.where(np.isnan(a), np.nan, value(b))
    jacobian[rows, half + rows] = _times(a, grad(b), b, grad, _left_tail(gate_name, 1))
    return jacobian


def _glu_exact(mp: Any, xs: list[Any], name: str, gate_name: str) -> list[Any]:
    _check_even(len(xs), name)
    half = len(xs) // 2
    _, _, exact = _gate(gate_name)
    return [a * exact(mp, b) for a, b in zip(xs[:half], xs[half:], strict=True)]


def _glu_definition(name: str, gate_name: str, gate_text: str, gate_latex: str, summary: str,
                    source: str, smoothness: Any, notes: tuple[str, ...] = ()) -> Definition:
    return Definition(
        name=name,
        summary=summary,
        formula=f"a·{gate_text}(b), where x = (a, b) is split in halves",
        grad_formula=f"∂yᵢ/∂aᵢ = {gate_text}(bᵢ), ∂yᵢ/∂bᵢ = aᵢ·{gate_text}'(bᵢ), all other entries 0",
        latex=rf"a \odot {gate_latex}(b)",
        value=lambda x: _glu(x, name, gate_name),
        grad=lambda x: _glu_jacobian(x, name, gate_name),
        grad2=None,
        exact=lambda mp, xs: _glu_exact(mp, xs, name, gate_name),
        output_range=REALS,
        source=source,
        family="vector",
        smoothness=smoothness,
        monotonic=False,
        zero_centred=False,
        vector=True,
        notes=(HALVES, INFINITE_PRODUCTS, *notes, NO_SECOND),
    )


SHAZEER = "Shazeer 2020, GLU variants improve Transformer"

DEFINITIONS = (
    Definition(
        name="softmax",
        summary="Normalised exponentials: a probability vector",
        formula="softmax(x)ᵢ = exp(xᵢ) / Σⱼ exp(xⱼ)",
        grad_formula="∂yᵢ/∂xⱼ = yᵢ(δᵢⱼ - yⱼ)",
        latex=r"\frac{e^{x_i}}{\sum_j e^{x_j}}",
        value=_softmax,
        grad=_softmax_jacobian,
        grad2=None,
        exact=_softmax_exact,
        output_range=PROBABILITIES,
        source="Bridle 1990, Probabilistic interpretation of feedforward classification network outputs; "
               "torch.nn.Softmax; jax.nn.softmax",
        family="vector",
        smoothness="C∞",
        monotonic=False,
        zero_centred=False,
        vector=True,
        notes=(_limits_note("softmax", "+", "softmax([inf, 0]) = [1, 0]"), NO_SECOND),
    ),
    Definition(
        name="log_softmax",
        summary="Logarithm of softmax, without overflow or log(0)",
        formula="xᵢ - log Σⱼ exp(xⱼ)",
        grad_formula="∂yᵢ/∂xⱼ = δᵢⱼ - softmax(x)ⱼ",
        latex=r"x_i - \log\sum_j e^{x_j}",
        value=_log_softmax,
        grad=_log_softmax_jacobian,
        grad2=None,
        exact=_log_softmax_exact,
        output_range=NONPOSITIVE,
        source="torch.nn.LogSoftmax; jax.nn.log_softmax",
        family="vector",
        smoothness="C∞",
        monotonic=False,
        zero_centred=False,
        vector=True,
        notes=(_limits_note("log_softmax", "+", "log_softmax([inf, 0]) = [0, -inf]"), NO_SECOND),
    ),
    Definition(
        name="softmin",
        summary="softmax(-x): the most weight on the smallest input",
        formula="softmin(x)ᵢ = exp(-xᵢ) / Σⱼ exp(-xⱼ)",
        grad_formula="∂yᵢ/∂xⱼ = -yᵢ(δᵢⱼ - yⱼ)",
        latex=r"\frac{e^{-x_i}}{\sum_j e^{-x_j}}",
        value=lambda x: _softmax(-x),
        grad=lambda x: _softmax_jacobian(x, -1.0),
        grad2=None,
        exact=lambda mp, xs: _softmax_exact(mp, [-x for x in xs]),
        output_range=PROBABILITIES,
        source="torch.nn.Softmin",
        family="vector",
        smoothness="C∞",
        monotonic=False,
        zero_centred=False,
        vector=True,
        notes=(_limits_note("softmin", "-", "softmin([-inf, 0]) = [1, 0]"), NO_SECOND),
    ),
    Definition(
        name="sparsemax",
        summary="Euclidean projection onto the probability simplex: a softmax with exact zeros",
        formula="max(xᵢ - τ, 0), with τ such that the outputs sum to 1",
        grad_formula="∂yᵢ/∂xⱼ = sᵢ(δᵢⱼ - sⱼ/|S|), sᵢ = 1 if yᵢ > 0 else 0, |S| = Σᵢ sᵢ",
        latex=r"\max(x_i - \tau(x), 0)",
        value=lambda x: _sparsemax_parts(x)[0],
        grad=_sparsemax_jacobian,
        grad2=None,
        exact=_sparsemax_exact,
        output_range=PROBABILITIES,
        source="Martins & Astudillo 2016, From softmax to sparsemax: a sparse model of attention and "
               "multi-label classification",
        family="vector",
        smoothness="C0",
        monotonic=False,
        zero_centred=False,
        vector=True,
        notes=(_limits_note("sparsemax", "+", "sparsemax([inf, 0]) = [1, 0]"),
               "An input exactly at τ (output 0 on the support's edge) counts as outside the support in "
               "the Jacobian, as in the reference implementations.", NO_SECOND),
    ),
    _glu_definition(
        "glu", "sigmoid", "sigmoid", r"\sigma", "Gated linear unit: the first half times sigmoid of the second",
        "Dauphin et al. 2017, Language modeling with gated convolutional networks; torch.nn.GLU; jax.nn.glu",
        "C∞"),
    _glu_definition(
        "swiglu", "silu", "silu", r"\operatorname{SiLU}", "The first half times SiLU (swish) of the second",
        SHAZEER, "C∞"),
    _glu_definition(
        "geglu", "gelu", "gelu", r"\operatorname{GELU}", "The first half times GELU of the second",
        SHAZEER, "C∞", ("The gate is the exact (erf) GELU, torch's default.",)),
    _glu_definition(
        "reglu", "relu", "relu", r"\operatorname{ReLU}", "The first half times ReLU of the second",
        SHAZEER, "C0",
        ("At bᵢ = 0, where relu has a kink, ∂yᵢ/∂bᵢ is 0, as in torch and jax.",)),
)
