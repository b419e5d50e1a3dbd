"""Print the rational fit that actcli's tanh_shrink uses near 0.

Usage: python tools/tanh_shrink_fit.py [--limit U] [--degrees M N] [--points K]

x - tanh x = x·u/G(u), u = x², with G = 3 + u + u·S(u) and S = 1/(5 + u/(7 + u/(9 + ...)))
(Lambert's continued fraction for tanh). S(u) ≈ P(u)/Q(u), P of degree M, Q of degree N with
Q(0) = 1, fitted on [0, U] by Loeb's iteration (linearised least squares, reweighted by the
previous denominator) on K Chebyshev points, the residual weighted by u/G: S's error reaches the
result scaled by that. Prints the coefficients and the weighted error of the float64 coefficients.
"""

from __future__ import annotations

import argparse

import mpmath

mp = mpmath.mp


def s_exact(u: mpmath.mpf) -> mpmath.mpf:
    """1/(5 + u/(7 + u/(9 + ...))), the continued fraction summed from far out (converges fast for u ≤ 9)."""
    tail = mp.mpf(0)
    for k in range(80, 2, -1):
        tail = u / (2 * k + 1 + tail)
    return 1 / (5 + tail)


def weight(u: mpmath.mpf, s: mpmath.mpf) -> mpmath.mpf:
    return u / (3 + u + u * s)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=float, default=2.25)
    parser.add_argument("--degrees", type=int, nargs=2, default=(3, 3))
    parser.add_argument("--points", type=int, default=60)
    args = parser.parse_args()
    mp.dps = 50
    m, n = args.degrees
    limit = mp.mpf(args.limit)
    nodes = [limit * (1 - mp.cos(mp.pi * (k + mp.mpf(1) / 2) / args.points)) / 2 for k in range(args.points)]
    exact = [s_exact(u) for u in nodes]
    q_prev = [mp.mpf(1)] * len(nodes)
    for _ in range(12):  # Loeb: P - S·Q ≈ 0, scaled by weight/Q_previous
        rows, rhs = [], []
        for u, s, q in zip(nodes, exact, q_prev, strict=True):
            scale = weight(u, s) / q
            rows.append([scale * u**i for i in range(m + 1)] + [-scale * s * u**j for j in range(1, n + 1)])
            rhs.append(scale * s)
        solution = mp.qr_solve(mp.matrix(rows), mp.matrix(rhs))[0]
        p = [solution[i] for i in range(m + 1)]
        q = [mp.mpf(1)] + [solution[m + j] for j in range(1, n + 1)]
        q_prev = [mp.polyval(q[::-1], u) for u in nodes]
    p64 = [float(c) for c in p]
    q64 = [float(c) for c in q]
    worst = mp.mpf(0)
    for k in range(2001):
        u = limit * k / 2000
        s = s_exact(u)
        fit = mp.polyval([mp.mpf(c) for c in p64[::-1]], u) / mp.polyval([mp.mpf(c) for c in q64[::-1]], u)
        worst = max(worst, abs(fit - s) * weight(u, s))
    print("numerator = (" + ", ".join(repr(c) for c in p64) + ")")
    print("denominator = (" + ", ".join(repr(c) for c in q64) + ")")
    print(f"# max |S - P/Q|·u/G on [0, {args.limit}]: {float(worst):.2e} = 2**{float(mp.log(worst, 2)):.1f}")


if __name__ == "__main__":
    main()
