"""Per-element cost of actcli's stable formulas against the textbook numpy formula, in one run.

Usage: python benchmarks/cost.py [--size N] [--repeat R]

For every element-wise function with a textbook formula below, times value, derivative and second
derivative on N points spread over [-12, 12] (where the textbook forms still work) and prints
nanoseconds per element and the ratio (bar: <= 2x, issue 3). The textbook forms are what people
type in a notebook; they overflow or cancel elsewhere, which is why actcli does not use them.
"""

from __future__ import annotations

import argparse
import math
import statistics
import time
from collections.abc import Callable

import numpy as np

import actcli

Formula = Callable[[np.ndarray], np.ndarray]
SQRT2 = math.sqrt(2.0)


def _erf(x: np.ndarray) -> np.ndarray:
    try:
        from scipy.special import erf
    except ImportError:  # no scipy: numpy's vectorised math.erf is the notebook fallback
        return np.vectorize(math.erf, otypes=[float])(x)
    return erf(x)  # type: ignore[no-any-return]


def _sig(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def _sp(x: np.ndarray) -> np.ndarray:
    return np.log(1 + np.exp(x))


def _phi(x: np.ndarray) -> np.ndarray:
    return np.exp(-x * x / 2) / math.sqrt(2 * math.pi)


# name -> (value, first derivative, second derivative), as typed from the textbook.
TEXTBOOK: dict[str, tuple[Formula, Formula, Formula]] = {
    "relu": (lambda x: np.maximum(x, 0), lambda x: (x > 0) * 1.0, lambda x: x * 0.0),
    "leaky_relu": (lambda x: np.where(x > 0, x, 0.01 * x), lambda x: np.where(x > 0, 1.0, 0.01),
                   lambda x: x * 0.0),
    "elu": (lambda x: np.where(x > 0, x, np.exp(x) - 1), lambda x: np.where(x > 0, 1.0, np.exp(x)),
            lambda x: np.where(x > 0, 0.0, np.exp(x))),
    "selu": (lambda x: 1.0507 * np.where(x > 0, x, 1.6733 * (np.exp(x) - 1)),
             lambda x: 1.0507 * np.where(x > 0, 1.0, 1.6733 * np.exp(x)),
             lambda x: 1.0507 * np.where(x > 0, 0.0, 1.6733 * np.exp(x))),
    "sigmoid": (_sig, lambda x: _sig(x) * (1 - _sig(x)), lambda x: _sig(x) * (1 - _sig(x)) * (1 - 2 * _sig(x))),
    "log_sigmoid": (lambda x: np.log(_sig(x)), lambda x: 1 - _sig(x), lambda x: -_sig(x) * (1 - _sig(x))),
    "tanh": (np.tanh, lambda x: 1 - np.tanh(x) ** 2, lambda x: -2 * np.tanh(x) * (1 - np.tanh(x) ** 2)),
    "softplus": (_sp, _sig, lambda x: _sig(x) * (1 - _sig(x))),
    "softsign": (lambda x: x / (1 + np.abs(x)), lambda x: 1 / (1 + np.abs(x)) ** 2,
                 lambda x: -2 * np.sign(x) / (1 + np.abs(x)) ** 3),
    "silu": (lambda x: x * _sig(x), lambda x: _sig(x) * (1 + x * (1 - _sig(x))),
             lambda x: _sig(x) * (1 - _sig(x)) * (2 + x * (1 - 2 * _sig(x)))),
    "gelu": (lambda x: 0.5 * x * (1 + _erf(x / SQRT2)), lambda x: 0.5 * (1 + _erf(x / SQRT2)) + x * _phi(x),
             lambda x: _phi(x) * (2 - x * x)),
    "gelu_tanh": (lambda x: 0.5 * x * (1 + np.tanh(0.7978845608 * (x + 0.044715 * x**3))),
                  lambda x: 0.5 * (1 + np.tanh(0.7978845608 * (x + 0.044715 * x**3)))
                  + 0.5 * x * (1 - np.tanh(0.7978845608 * (x + 0.044715 * x**3)) ** 2)
                  * 0.7978845608 * (1 + 3 * 0.044715 * x * x),
                  lambda x: x * 0.0),
    "mish": (lambda x: x * np.tanh(_sp(x)),
             lambda x: np.tanh(_sp(x)) + x * _sig(x) * (1 - np.tanh(_sp(x)) ** 2),
             lambda x: x * 0.0),
    "hard_swish": (lambda x: x * np.clip(x + 3, 0, 6) / 6,
                   lambda x: np.where(x < -3, 0, np.where(x > 3, 1, (2 * x + 3) / 6)),
                   lambda x: np.where((x > -3) & (x < 3), 1 / 3, 0.0)),
    "squareplus": (lambda x: (x + np.sqrt(x * x + 4)) / 2, lambda x: (1 + x / np.sqrt(x * x + 4)) / 2,
                   lambda x: 2 / (x * x + 4) ** 1.5),
    "gaussian": (lambda x: np.exp(-x * x), lambda x: -2 * x * np.exp(-x * x),
                 lambda x: (4 * x * x - 2) * np.exp(-x * x)),
    "tanh_shrink": (lambda x: x - np.tanh(x), lambda x: np.tanh(x) ** 2,
                    lambda x: 2 * np.tanh(x) * (1 - np.tanh(x) ** 2)),
    "gcu": (lambda x: x * np.cos(x), lambda x: np.cos(x) - x * np.sin(x), lambda x: -2 * np.sin(x) - x * np.cos(x)),
}


def per_element_ns(function: Callable[[np.ndarray], object], x: np.ndarray, repeat: int) -> float:
    """Median nanoseconds per element of `function(x)`."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function(x)
        times.append(time.perf_counter() - start)
    return statistics.median(times) / x.size * 1e9


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    x = np.random.default_rng(1).uniform(-12, 12, args.size)
    known = set(actcli.names())
    print(f"{'function':14s} {'order':>5s} {'textbook ns':>12s} {'actcli ns':>10s} {'ratio':>6s}")
    worst = 0.0
    for name, formulas in TEXTBOOK.items():
        if name not in known:
            continue
        activation = actcli.get(name)
        for order, textbook in enumerate(formulas):
            if order == 2 and name in ("gelu_tanh", "mish"):
                continue  # no textbook second derivative worth timing
            with np.errstate(all="ignore"):
                base = per_element_ns(textbook, x, args.repeat)
            ours = per_element_ns(activation.derivative(order), x, args.repeat)
            worst = max(worst, ours / base)
            print(f"{name:14s} {order:5d} {base:12.2f} {ours:10.2f} {ours / base:6.2f}")
    print(f"worst ratio {worst:.2f} (bar: 2.0)")


if __name__ == "__main__":
    main()
