"""Print the double-double root and Taylor coefficients that `actcli.stable.patch_near_root` needs.

Usage: python tools/root_series.py SPEC ORDER GUESS [--radius R] [--degree N]

Finds the zero of the ORDER-th derivative of SPEC nearest GUESS with mpmath, expands that
derivative around it, and checks the truncated series against mpmath over the window.
"""

from __future__ import annotations

import argparse

import mpmath

import actcli


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("spec")
    parser.add_argument("order", type=int)
    parser.add_argument("guess", type=float)
    parser.add_argument("--radius", type=float, default=0.0625)
    parser.add_argument("--degree", type=int, default=14)
    args = parser.parse_args()

    activation = actcli.get(args.spec)
    mp = mpmath.mp
    mp.dps = 60

    def f(t: mpmath.mpf) -> mpmath.mpf:
        return activation.definition.exact(mp, t, **activation.params)

    def g(t: mpmath.mpf) -> mpmath.mpf:
        return mp.diff(f, t, args.order) if args.order else f(t)

    root = mp.findroot(g, args.guess)
    hi = float(root)
    lo = float(root - hi)
    taylor = mp.taylor(g, root, args.degree)
    coefficients = [float(c) for c in taylor[1:]]
    worst = mp.mpf(0)
    for k in range(-50, 51):
        t = mp.mpf(args.radius) * k / 50
        if t == 0:
            continue
        series = sum(mp.mpf(c) * t ** (i + 1) for i, c in enumerate(coefficients))
        worst = max(worst, abs(series / g(root + t) - 1))
    print(f"root = ({hi!r}, {lo!r})")
    print(f"radius = {args.radius!r}")
    print("coefficients = (" + ", ".join(repr(c) for c in coefficients) + ")")
    print(f"# max relative truncation error over the window: {float(worst):.2e}")


if __name__ == "__main__":
    main()
