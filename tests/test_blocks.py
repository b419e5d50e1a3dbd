"""Large inputs are worked in blocks (stable.in_blocks), some written straight into the result:
the blocked result must be the one-piece result, bit for bit."""

from __future__ import annotations

import math
import threading

import numpy as np
import pytest

import actcli
from actcli import stable

SMALL_BLOCK = 1024
SPECS = [spec for d in actcli.definitions() if not d.vector for spec in (d.name, *d.examples)]


def _inputs() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(7)
    plain = rng.uniform(-12.0, 12.0, 3 * SMALL_BLOCK + 77)  # the blocks' fast paths, if any
    rough = rng.uniform(-40.0, 40.0, plain.size)
    specials = [math.nan, math.inf, -math.inf, 0.0, -0.0, 1e300, -1e300, 1e-300, -745.0, 720.0]
    for start in range(0, rough.size, SMALL_BLOCK):  # every block takes its general path
        rough[start:start + len(specials)] = specials
    return {"plain": plain, "rough": rough}


INPUTS = _inputs()


@pytest.mark.parametrize("data", list(INPUTS))
@pytest.mark.parametrize("order", [0, 1, 2])
@pytest.mark.parametrize("spec", SPECS)
def test_blocked_result_is_the_one_piece_result(spec: str, order: int, data: str,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    activation = actcli.get(spec)
    if order == 2 and activation.definition.grad2 is None:
        pytest.skip(f"{spec} has no second derivative")
    x = INPUTS[data]
    monkeypatch.setattr(stable, "BLOCK", x.size)
    whole = activation.derivative(order)(x)
    monkeypatch.setattr(stable, "BLOCK", SMALL_BLOCK)
    blocked = activation.derivative(order)(x)
    differ = np.flatnonzero(whole.view(np.int64) != blocked.view(np.int64))
    assert differ.size == 0, (
        f"{spec} order {order}: {differ.size} points differ, first x={x[differ[0]]!r}: "
        f"one piece {whole[differ[0]]!r}, in blocks {blocked[differ[0]]!r}"
    )


def test_in_blocks_fills_the_given_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stable, "BLOCK", 4)
    x = np.linspace(-3.0, 3.0, 10).reshape(2, 5)
    out = np.full_like(x, np.nan)
    result = stable.in_blocks(np.tanh)(x, out=out)
    assert result.shape == (2, 5)
    np.testing.assert_array_equal(out, np.tanh(x))


@pytest.mark.parametrize("size", [1, 7, 1000, stable.BLOCK + 3])
def test_aligned_empty_starts_on_a_cache_line(size: int) -> None:
    array = stable.aligned_empty(size)
    assert (array.shape, array.dtype.name, array.ctypes.data % 64) == ((size,), "float64", 0)


def test_scratch_is_kept_per_thread_and_fresh_beyond_a_block() -> None:
    scratch = stable.Scratch(2)
    first, second = scratch.take(100)
    assert first.ctypes.data % 64 == second.ctypes.data % 64 == 0
    assert not np.shares_memory(first, second)
    assert scratch.take(50)[0].ctypes.data == first.ctypes.data  # kept between calls
    elsewhere: list[np.ndarray] = []
    worker = threading.Thread(target=lambda: elsewhere.extend(scratch.take(100)))
    worker.start()
    worker.join()
    assert not any(np.shares_memory(mine, theirs) for mine in (first, second) for theirs in elsewhere)
    big = scratch.take(stable.BLOCK + 1)
    assert big[0].size == stable.BLOCK + 1 and not np.shares_memory(big[0], first)


def test_a_result_is_not_overwritten_by_the_next_call() -> None:
    gaussian = actcli.get("gaussian")
    x = np.linspace(-3.0, 3.0, 11)
    first = gaussian(x)
    kept = first.copy()
    gaussian(x + 1.0)
    np.testing.assert_array_equal(first, kept)
