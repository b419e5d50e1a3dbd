"""`plot`: draw functions and their derivatives to an image file, standard output or the terminal."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Sequence

from actcli import plotting
from actcli.activation import Activation
from actcli.plotting import Options, PlotError


def run(functions: Sequence[str], *, x_range: tuple[float, float] | None, num: int, grad: bool, grad2: bool,
        output: str | None, image_format: str | None, title: str | None, size: tuple[float, float],
        dpi: float, ylim: tuple[float, float] | None, theme: str, no_grid: bool, legend: str,
        mark_kinks: bool, shade_saturation: bool, formula: bool, terminal: bool) -> None:
    """Check everything that can be checked, draw, then write: a failure leaves no file."""
    activations = plotting.resolve(functions)
    orders = [0, *([1] if grad else []), *([2] if grad2 else [])]
    options = Options(title=title, size=size, dpi=dpi, ylim=ylim, theme=theme, grid=not no_grid,
                      legend=legend, mark_kinks=mark_kinks, shade_saturation=shade_saturation, formula=formula)
    if terminal:
        if output is not None or image_format is not None:
            raise PlotError("--terminal draws in the terminal: leave out -o and --format")
        _draw_in_terminal(activations, x_range, num, orders, options)
        return
    fmt = plotting.image_format(output, image_format)
    target = output if output is not None else plotting.default_filename(activations, fmt)
    if target == "-":
        if sys.stdout.isatty():
            raise PlotError(f"not writing a {fmt.upper()} image to the terminal: redirect standard output "
                            f"(-o - > plot.{fmt}), or give -o FILE, or draw it with --terminal")
    else:
        plotting.check_writable(target)
    plotting.check_options(options)
    curves = plotting.sample(activations, x_range, num, orders)
    data = plotting.render(plotting.figure(curves, options), fmt)
    if target == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    plotting.write_atomic(target, data)
    if output is None:
        sys.stdout.write(target + "\n")


def _draw_in_terminal(activations: Sequence[Activation], x_range: tuple[float, float] | None, num: int,
                      orders: Sequence[int], options: Options) -> None:
    from actcli import terminal_plot

    if options.ylim is not None:
        plotting.check_interval(options.ylim, "the y limits")
    curves = plotting.sample(activations, x_range, num, orders)
    series = [terminal_plot.Series(c.label, c.x, c.y, c.position, c.order) for c in curves]
    columns, lines = shutil.get_terminal_size((80, 24))
    width = max(min(columns, 200), 30)
    legend = options.legend != "none"
    legend_lines = len(terminal_plot.legend_lines(series, width)) if legend else 0
    height = max(6, min(lines - 5 - legend_lines, width // 3, 40))
    x = curves[0].x
    title = options.title
    if title is None:
        fitting = [t for t in plotting.title_candidates(activations, orders) if len(t) <= width]
        title = fitting[0] if fitting else ""
    text = terminal_plot.render(series, (float(x[0]), float(x[-1])), options.ylim, width=width, height=height,
                                title=title, legend=legend, colour=_colour(sys.stdout))
    sys.stdout.write(text)


def _colour(stream: object) -> bool:
    """Colour for a terminal; FORCE_COLOR turns it on anywhere, and NO_COLOR off (as with Rich)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
