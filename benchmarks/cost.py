"""Per-element cost of actcli's stable formulas against the textbook numpy formula, in one run.

Usage: python benchmarks/cost.py [--size N] [--repeat R] [--only NAME ...] [--default-allocator]

For every element-wise function with a textbook formula below, times value, derivative and second
derivative on N points spread over [-12, 12] (where the textbook forms still work) and prints
nanoseconds per element and the ratio (bar: <= 2x, issue 3). The textbook forms are what people
type in a notebook; they overflow or cancel elsewhere, which is why actcli does not use them.

Both sides are timed in a steady state: the script re-runs itself with glibc's malloc told to keep
freed memory (STEADY_ALLOCATOR). Otherwise the textbook's 8 MB temporaries are returned to the
system and paged in afresh on some calls and not others, as glibc's dynamic threshold moves with
the process's history: the same textbook formula measured 1.9 ns in one run and 4.2 ns in the next,
which made the ratios meaningless. The steady state is the textbook's best case, so the strictest
bar for actcli. --default-allocator times under the allocator as it comes.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
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


def _zero(x: np.ndarray) -> np.ndarray:
    return x * 0.0


def _smooth_relu(x: np.ndarray) -> np.ndarray:
    return np.where(x <= -1, 0.0, np.where(x >= 1, x, (x + 1) ** 2 / 4))


def _smooth_relu_grad(x: np.ndarray) -> np.ndarray:
    return np.where(x <= -1, 0.0, np.where(x >= 1, 1.0, (x + 1) / 2))


RRELU = (1 / 8 + 1 / 3) / 2
TWO_OVER_SQRT_PI = 2 / math.sqrt(math.pi)

# name -> (value, first derivative, second derivative), as typed from the textbook, at the
# registry's default parameters; None where no textbook form is worth timing. Only the identity
# is left out: its textbook form computes nothing.
TEXTBOOK: dict[str, tuple[Formula, Formula, Formula | None]] = {
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
                  None),
    "mish": (lambda x: x * np.tanh(_sp(x)),
             lambda x: np.tanh(_sp(x)) + x * _sig(x) * (1 - np.tanh(_sp(x)) ** 2),
             None),
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
    "binary_step": (lambda x: (x >= 0) * 1.0, _zero, _zero),
    "threshold": (lambda x: np.where(x > 0, x, 0.0), lambda x: (x > 0) * 1.0, _zero),
    "relu6": (lambda x: np.clip(x, 0, 6), lambda x: ((x > 0) & (x < 6)) * 1.0, _zero),
    "prelu": (lambda x: np.where(x >= 0, x, 0.25 * x), lambda x: np.where(x >= 0, 1.0, 0.25), _zero),
    "rrelu": (lambda x: np.where(x >= 0, x, RRELU * x), lambda x: np.where(x >= 0, 1.0, RRELU), _zero),
    "hard_tanh": (lambda x: np.clip(x, -1, 1), lambda x: ((x > -1) & (x < 1)) * 1.0, _zero),
    "hard_sigmoid": (lambda x: np.clip(x + 3, 0, 6) / 6, lambda x: ((x > -3) & (x < 3)) / 6.0, _zero),
    "squared_relu": (lambda x: np.maximum(x, 0) ** 2, lambda x: 2 * np.maximum(x, 0), lambda x: (x > 0) * 2.0),
    "star_relu": (lambda x: 0.8944 * np.maximum(x, 0) ** 2 - 0.4472, lambda x: 1.7888 * np.maximum(x, 0),
                  lambda x: (x > 0) * 1.7888),
    "smelu": (_smooth_relu, _smooth_relu_grad, lambda x: ((x > -1) & (x < 1)) * 0.5),
    "sparse_plus": (_smooth_relu, _smooth_relu_grad, lambda x: ((x > -1) & (x < 1)) * 0.5),
    "sparse_sigmoid": (lambda x: np.clip((x + 1) / 2, 0, 1), lambda x: ((x > -1) & (x < 1)) * 0.5, _zero),
    "celu": (lambda x: np.maximum(0, x) + np.minimum(0, np.exp(x) - 1), lambda x: np.where(x > 0, 1.0, np.exp(x)),
             lambda x: np.where(x > 0, 0.0, np.exp(x))),
    "exponential": (np.exp, np.exp, np.exp),
    "elish": (lambda x: np.where(x >= 0, x, np.exp(x) - 1) * _sig(x),
              lambda x: np.where(x >= 0, _sig(x) * (1 + x * (1 - _sig(x))),
                                 np.exp(x) * _sig(x) + (np.exp(x) - 1) * _sig(x) * (1 - _sig(x))),
              lambda x: np.where(x >= 0, _sig(x) * (1 - _sig(x)) * (2 + x * (1 - 2 * _sig(x))),
                                 np.exp(x) * _sig(x) * (3 - 2 * _sig(x))
                                 + (np.exp(x) - 1) * _sig(x) * (1 - _sig(x)) * (1 - 2 * _sig(x)))),
    "hard_elish": (lambda x: np.where(x >= 0, x, np.exp(x) - 1) * np.clip((x + 1) / 2, 0, 1),
                   lambda x: np.where(x >= 0, np.clip((x + 1) / 2, 0, 1) + 0.5 * x * (x < 1),
                                      np.exp(x) * np.clip((x + 1) / 2, 0, 1) + 0.5 * (np.exp(x) - 1) * (x > -1)),
                   lambda x: np.where(x >= 0, (x < 1) * 1.0, np.exp(x) * (np.clip((x + 1) / 2, 0, 1) + (x > -1)))),
    "isrlu": (lambda x: np.where(x >= 0, x, x / np.sqrt(1 + x * x)),
              lambda x: np.where(x >= 0, 1.0, (1 + x * x) ** -1.5),
              lambda x: np.where(x >= 0, 0.0, -3 * x * (1 + x * x) ** -2.5)),
    "arctan": (np.arctan, lambda x: 1 / (1 + x * x), lambda x: -2 * x / (1 + x * x) ** 2),
    "isru": (lambda x: x / np.sqrt(1 + x * x), lambda x: (1 + x * x) ** -1.5, lambda x: -3 * x * (1 + x * x) ** -2.5),
    "bent_identity": (lambda x: (np.sqrt(x * x + 1) - 1) / 2 + x, lambda x: x / (2 * np.sqrt(x * x + 1)) + 1,
                      lambda x: 1 / (2 * (x * x + 1) ** 1.5)),
    "erf": (_erf, lambda x: TWO_OVER_SQRT_PI * np.exp(-x * x), lambda x: -2 * TWO_OVER_SQRT_PI * x * np.exp(-x * x)),
    "serf": (lambda x: x * _erf(_sp(x)),
             lambda x: _erf(_sp(x)) + x * TWO_OVER_SQRT_PI * np.exp(-_sp(x) ** 2) * _sig(x), None),
    "swish_beta": (lambda x: x * _sig(x), lambda x: _sig(x) * (1 + x * (1 - _sig(x))),
                   lambda x: _sig(x) * (1 - _sig(x)) * (2 + x * (1 - 2 * _sig(x)))),
    "quick_gelu": (lambda x: x * _sig(1.702 * x), lambda x: _sig(1.702 * x) * (1 + 1.702 * x * (1 - _sig(1.702 * x))),
                   lambda x: 1.702 * _sig(1.702 * x) * (1 - _sig(1.702 * x))
                   * (2 + 1.702 * x * (1 - 2 * _sig(1.702 * x)))),
    "tanhexp": (lambda x: x * np.tanh(np.exp(x)),
                lambda x: np.tanh(np.exp(x)) + x * np.exp(x) * (1 - np.tanh(np.exp(x)) ** 2), None),
    "lisht": (lambda x: x * np.tanh(x), lambda x: np.tanh(x) + x * (1 - np.tanh(x) ** 2),
              lambda x: 2 * (1 - np.tanh(x) ** 2) * (1 - x * np.tanh(x))),
    "hard_shrink": (lambda x: np.where(np.abs(x) > 0.5, x, 0.0), lambda x: (np.abs(x) > 0.5) * 1.0, _zero),
    "soft_shrink": (lambda x: np.sign(x) * np.maximum(np.abs(x) - 0.5, 0), lambda x: (np.abs(x) > 0.5) * 1.0, _zero),
    "snake": (lambda x: x + np.sin(x) ** 2, lambda x: 1 + np.sin(2 * x), lambda x: 2 * np.cos(2 * x)),
    "sine": (np.sin, np.cos, lambda x: -np.sin(x)),
}


def per_element_ns(function: Callable[[np.ndarray], object], x: np.ndarray, repeat: int) -> float:
    """Median nanoseconds per element of `function(x)`."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function(x)
        times.append(time.perf_counter() - start)
    return statistics.median(times) / x.size * 1e9


STEADY_ALLOCATOR = {"MALLOC_MMAP_THRESHOLD_": str(1 << 30), "MALLOC_TRIM_THRESHOLD_": str(1 << 32)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--only", nargs="*", default=None, help="time just these functions")
    parser.add_argument("--default-allocator", action="store_true", help="do not steady malloc (see above)")
    args = parser.parse_args()
    if not args.default_allocator and any(os.environ.get(k) != v for k, v in STEADY_ALLOCATOR.items()):
        # glibc reads these when the process starts: hence a fresh process
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, **STEADY_ALLOCATOR})
    x = np.random.default_rng(1).uniform(-12, 12, args.size)
    known = set(actcli.names())
    print(f"{'function':14s} {'order':>5s} {'textbook ns':>12s} {'actcli ns':>10s} {'ratio':>6s}")
    worst = 0.0
    for name, formulas in TEXTBOOK.items():
        if name not in known or (args.only is not None and name not in args.only):
            continue
        activation = actcli.get(name)
        for order, textbook in enumerate(formulas):
            if textbook is None:
                continue
            with np.errstate(all="ignore"):
                base = per_element_ns(textbook, x, args.repeat)
            ours = per_element_ns(activation.derivative(order), x, args.repeat)
            worst = max(worst, ours / base)
            print(f"{name:14s} {order:5d} {base:12.2f} {ours:10.2f} {ours / base:6.2f}")
    print(f"worst ratio {worst:.2f} (bar: 2.0)")


if __name__ == "__main__":
    main()
