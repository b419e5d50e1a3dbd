"""Line plots drawn with Unicode braille characters, for a terminal (`actcli plot --terminal`).

Each character cell holds a 2-by-4 grid of dots, so 80 columns give 160 dots across. A function
is drawn as a solid line, its first derivative dashed and its second dotted, each function in its
own colour when colour is on (ANSI 256-colour codes near the figures' colour-blind-safe palette);
the axes through 0 are drawn with box-drawing characters. Pure numpy: no plotting library.
"""

import math
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from actcli.numfmt import format_compact

# ANSI 256-colour codes near Okabe & Ito's palette, readable on light and dark backgrounds.
COLOURS = (32, 166, 36, 175, 214, 74, 245, 178)
SOLID, DASHED, DOTTED = 0, 1, 2
LEGEND_SAMPLES = ("━━", "╍╍", "┈┈")
# Bit of each dot in a braille cell, by [row][column] within the cell.
_DOT_BITS = np.array([[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]], dtype=np.int64)
_BRAILLE = 0x2800
_RESET = "\x1b[0m"
_DIM = "\x1b[2m"


class Series(NamedTuple):
    """One line: `style` is SOLID, DASHED or DOTTED; `colour` indexes COLOURS (it wraps)."""

    label: str
    x: NDArray[np.float64]
    y: NDArray[np.float64]
    colour: int = 0
    style: int = SOLID


def data_limits(series: Sequence[Series]) -> tuple[float, float]:
    """The finite y values' range with a 5% margin (a flat line gets ±1 around it)."""
    finite = [s.y[np.isfinite(s.y)] for s in series]
    values = np.concatenate(finite) if finite else np.array([])
    if not values.size:
        return -1.0, 1.0
    low, high = float(values.min()), float(values.max())
    if high - low < 1e-12 * max(1.0, abs(low), abs(high)):
        return low - 1.0, high + 1.0
    margin = 0.05 * (high - low)
    return low - margin, high + margin


def render(series: Sequence[Series], x_range: tuple[float, float], y_range: tuple[float, float] | None = None,
           *, width: int = 80, height: int = 20, title: str | None = None, legend: bool = True,
           colour: bool = False) -> str:
    """The plot as text: `width` columns in all, `height` rows for the plotting area, plus a
    title line, two lines of x axis and the legend. Ends with a newline."""
    x0, x1 = x_range
    y0, y1 = y_range if y_range is not None else data_limits(series)
    y_labels: dict[int, str] = {}
    for value in nice_ticks(y0, y1, max(2, height // 4)):
        y_labels.setdefault(_row(value, y0, y1, height), _number(value))
    zero_row = _row(0.0, y0, y1, height) if y0 < 0 < y1 else None
    margin = max((len(t) for t in y_labels.values()), default=1) + 1
    columns = max(width - margin - 1, 8)
    bits = np.zeros((height, columns), dtype=np.int64)
    owner = np.full((height, columns), -1, dtype=np.int64)
    for line in sorted(series, key=lambda s: -s.style):  # solid lines last: on top
        rows, cols = _rasterise(line, (x0, x1), (y0, y1), (height * 4, columns * 2))
        if rows.size:
            np.bitwise_or.at(bits, (rows // 4, cols // 2), _DOT_BITS[rows % 4, cols % 2])
            owner[rows // 4, cols // 2] = line.colour % len(COLOURS)
    zero_col = _column(0.0, x0, x1, columns) if x0 < 0 < x1 else None

    lines = []
    if title:
        lines.append(" " * (margin + 1) + title.center(columns).rstrip())
    for r in range(height):
        label = y_labels.get(r, "").rjust(margin - 1)
        axis = "┤" if r in y_labels else "│"
        cells = [_cell(int(bits[r, c]), int(owner[r, c]), r == zero_row, c == zero_col) for c in range(columns)]
        lines.append(f"{label} {axis}" + _join(cells, colour))
    x_ticks, x_labels = _x_axis(x0, x1, columns)
    lines.append(" " * margin + "└" + x_ticks)
    lines.append(" " * (margin + 1) + x_labels)
    if legend:
        lines += legend_lines(series, width, colour)
    return "\n".join(line.rstrip() for line in lines) + "\n"


def nice_ticks(low: float, high: float, count: int) -> list[float]:
    """Round numbers (multiples of 1, 2, 2.5 or 5 times a power of ten) in [low, high], about
    `count` of them."""
    span = high - low
    if not (math.isfinite(span) and span > 0):
        return [low]
    raw = span / max(count, 1)
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1.0, 2.0, 2.5, 5.0, 10.0) if m * power >= raw)
    first = math.ceil(low / step - 1e-9)
    ticks = []
    k = first
    while k * step <= high + 1e-9 * step:
        ticks.append(0.0 if abs(k * step) < 1e-12 * step else k * step)
        k += 1
    return ticks


def _column(x: float, x0: float, x1: float, columns: int) -> int:
    return round((x - x0) / (x1 - x0) * (columns * 2 - 1)) // 2


def _x_axis(x0: float, x1: float, columns: int) -> tuple[str, str]:
    """The axis line with a tick under each labelled value, and the labels centred below them
    (a label that would touch its neighbour is left out)."""
    ticks = ["─"] * columns
    labels = [" "] * columns
    end = -2
    for value in nice_ticks(x0, x1, max(2, columns // 10)):
        column = _column(value, x0, x1, columns)
        text = _number(value)
        start = min(max(column - len(text) // 2, 0), columns - len(text))
        if start > end + 1:
            labels[start:start + len(text)] = text
            ticks[column] = "┬"
            end = start + len(text)
    return "".join(ticks), "".join(labels)


def _row(y: float, y0: float, y1: float, height: int) -> int:
    return round((y1 - y) / (y1 - y0) * (height * 4 - 1)) // 4


def _cell(bits: int, owner: int, zero_row: bool, zero_col: bool) -> tuple[str, str]:
    """A cell's character and its colour code ('' for none, 'dim' for the axes through 0)."""
    if bits:
        return chr(_BRAILLE + bits), f"\x1b[38;5;{COLOURS[owner]}m"
    char = "┼" if zero_row and zero_col else "─" if zero_row else "│" if zero_col else " "
    return char, _DIM if char != " " else ""


def _join(cells: Sequence[tuple[str, str]], colour: bool) -> str:
    """The cells as one string, with one colour code per run of cells of the same colour."""
    if not colour:
        return "".join(char for char, _ in cells)
    parts = []
    current = ""
    for char, code in cells:
        if code != current:
            parts.append(_RESET if current else "")
            parts.append(code)
            current = code
        parts.append(char)
    if current:
        parts.append(_RESET)
    return "".join(parts)


def _rasterise(line: Series, x_range: tuple[float, float], y_range: tuple[float, float],
               dots: tuple[int, int]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The dots (row, column) that `line` covers, in order along it, after its dash pattern:
    each segment between neighbouring finite points is clipped to the canvas, then stepped
    through one dot at a time."""
    (x0, x1), (y0, y1), (rows, cols) = x_range, y_range, dots
    with np.errstate(all="ignore"):
        fx = (line.x - x0) / (x1 - x0) * (cols - 1)
        fy = (y1 - line.y) / (y1 - y0) * (rows - 1)
    ax, ay, bx, by = fx[:-1], fy[:-1], fx[1:], fy[1:]
    keep = np.isfinite(ax) & np.isfinite(ay) & np.isfinite(bx) & np.isfinite(by)
    if line.x.size == 1 and np.isfinite(fx[0]) and np.isfinite(fy[0]):
        ax, ay, bx, by, keep = fx, fy, fx, fy, np.array([True])
    ax, ay, bx, by = ax[keep], ay[keep], bx[keep], by[keep]
    dx, dy = bx - ax, by - ay
    start, stop = np.zeros_like(ax), np.ones_like(ax)
    # Liang-Barsky: clip each segment to the box [-0.5, cols - 0.5] by [-0.5, rows - 0.5].
    with np.errstate(divide="ignore", invalid="ignore"):
        for p, q in ((-dx, ax + 0.5), (dx, cols - 0.5 - ax), (-dy, ay + 0.5), (dy, rows - 0.5 - ay)):
            ratio = q / p
            start = np.where(p < 0, np.maximum(start, ratio), start)
            stop = np.where(p > 0, np.minimum(stop, ratio), stop)
            outside = (p == 0) & (q < 0)
            stop = np.where(outside, -1.0, stop)
    inside = start <= stop
    ax, ay, dx, dy, start, stop = ax[inside], ay[inside], dx[inside], dy[inside], start[inside], stop[inside]
    if not ax.size:
        empty = np.array([], dtype=np.int64)
        return empty, empty
    span = stop - start
    steps = np.ceil(np.maximum(np.abs(dx * span), np.abs(dy * span))).astype(np.int64) + 1
    segment = np.repeat(np.arange(ax.size), steps)
    offset = np.arange(segment.size) - np.repeat(np.cumsum(steps) - steps, steps)
    t = start[segment] + span[segment] * offset / np.maximum(steps[segment] - 1, 1)
    px = np.clip(np.rint(ax[segment] + dx[segment] * t), 0, cols - 1).astype(np.int64)
    py = np.clip(np.rint(ay[segment] + dy[segment] * t), 0, rows - 1).astype(np.int64)
    moved = np.concatenate([[True], (np.diff(px) != 0) | (np.diff(py) != 0)])
    px, py = px[moved], py[moved]
    k = np.arange(px.size)
    if line.style == DASHED:
        shown = (k // 5) % 2 == 0
    elif line.style == DOTTED:
        shown = k % 3 == 0
    else:
        shown = np.ones(px.size, dtype=bool)
    return py[shown], px[shown]


def _number(value: float) -> str:
    if value == 0:
        return "0"
    digits = 3 if abs(value) >= 1e-3 else 2
    text = f"{value:.{digits}g}"
    return format_compact(float(text)) if math.isfinite(value) else text


def legend_lines(series: Sequence[Series], width: int, colour: bool = False) -> list[str]:
    """Entries like `━━ sigmoid`, several to a line as the width allows."""
    lines: list[str] = []
    current = ""
    length = 0
    for s in series:
        sample = LEGEND_SAMPLES[s.style]
        if colour:
            sample = f"\x1b[38;5;{COLOURS[s.colour % len(COLOURS)]}m{sample}{_RESET}"
        entry, entry_length = f"{sample} {s.label}", len(s.label) + 3
        if length and length + 3 + entry_length > width:
            lines.append(current)
            current, length = "", 0
        current += ("   " if length else "") + entry
        length += (3 if length else 0) + entry_length
    if current:
        lines.append(current)
    return lines
