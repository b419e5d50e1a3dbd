"""Double-double arithmetic on float64 arrays: a number carried as an unevaluated sum hi + lo
with |lo| ≤ half an ULP of hi (Dekker 1971), for the formulas whose terms cancel or whose
roundings add up too much for plain floats. Built on actcli.stable's error-free two_sum and
two_product; each operation is accurate to about 2**-104 relative."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from actcli.definition import Array
from actcli.stable import two_product, two_sum

Pair = tuple[Array, Array]
Const = tuple[float, float]


def renormalize(hi: Array, lo: Array) -> Pair:
    """hi + lo with lo brought within half an ULP of the new hi, exactly (needs |hi| ≥ |lo|)."""
    s = hi + lo
    return s, lo - (s - hi)


def add(a: Pair, b: Pair | Const) -> Pair:
    s, e = two_sum(a[0], b[0])
    return renormalize(s, e + (a[1] + b[1]))


def mul(a: Pair, b: Pair | Const) -> Pair:
    p, e = two_product(a[0], b[0])
    return renormalize(p, e + (a[0] * b[1] + a[1] * b[0]))


def scale(a: Pair, b: Array | float) -> Pair:
    """(a_hi + a_lo)·b for a plain b."""
    p, e = two_product(a[0], b)
    return renormalize(p, e + a[1] * b)


def div(a: Pair | Const, b: Pair) -> Pair:
    q = a[0] / b[0]
    p, e = two_product(q, b[0])
    return renormalize(q, (((a[0] - p) - e) + (a[1] - q * b[1])) / b[0])


def neg(a: Pair) -> Pair:
    return -a[0], -a[1]


def pick(mask: NDArray[np.bool_], a: Pair, b: Pair) -> Pair:
    """a where mask holds, b elsewhere."""
    return np.where(mask, a[0], b[0]), np.where(mask, a[1], b[1])


def horner(coefficients: list[Pair], v: Pair) -> Pair:
    """Σ coefficients[k]·v**k by Horner's scheme."""
    out = coefficients[-1]
    for c in reversed(coefficients[:-1]):
        out = add(mul(out, v), c)
    return out
