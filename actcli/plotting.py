"""Figures of activation functions and their derivatives: the library side of `actcli plot`.

matplotlib is imported only inside the functions that draw, never when this module is imported,
and only through its object API (`matplotlib.figure.Figure`), never pyplot's global state.
Output is deterministic: the same call gives the same bytes. Figures are drawn with matplotlib's
own defaults (not the user's matplotlibrc), SVG ids come from a fixed hash salt, and no file
carries a date or the name of the software that made it.

    import actcli.plotting as plotting

    fig = plotting.plot(["elu:alpha=0.5", "elu:alpha=2"], grad=True)   # a Figure
    plotting.save(fig, "elu.svg")                                      # written atomically

Vector functions (softmax, glu, ...) are plotted along one documented 1-D slice: the first output
for the input vector [x, 0] (for softmax that is the logistic sigmoid of x), and its derivative
along x, the top-left entry of the Jacobian.
"""

import contextlib
import io
import math
import os
import tempfile
import warnings
from collections.abc import Iterator, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

import actcli
from actcli.activation import Activation
from actcli.definition import Array
from actcli.errors import ActcliError

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

FORMATS = ("png", "svg", "pdf")
DEFAULT_RANGE = (-5.0, 5.0)
DEFAULT_NUM = 1001
MAX_NUM = 1_000_000
DEFAULT_SIZE = (8.0, 5.0)
DEFAULT_DPI = 100.0
MIN_SIZE = (2.0, 1.5)
MAX_PIXELS = 16384  # per side; Agg refuses 2**16
LIMIT = 1e300  # |values| beyond this are left out: matplotlib's tick locator overflows on them
SATURATION = 0.01  # --shade-saturation shades where |f'| is below this
SLICE = "[x, 0]"  # the input vector along which vector functions are plotted
LEGEND_POSITIONS = ("best", "upper-left", "upper-right", "lower-left", "lower-right", "upper-center",
                    "lower-center", "center-left", "center-right", "center", "outside", "none")
THEMES = ("light", "dark")
PRIMES = ("", "\u2032", "\u2033")  # prime and double prime

# Okabe & Ito's colour-blind-safe palette, ordered for contrast on each background.
PALETTES = {
    "light": ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"),
    "dark": ("#56B4E9", "#E69F00", "#009E73", "#F0E442", "#CC79A7", "#D55E00", "#FFFFFF", "#0072B2"),
}


class Theme(NamedTuple):
    background: str
    foreground: str
    muted: str
    grid: str
    zero: str
    shade_alpha: float


THEME_COLOURS = {
    "light": Theme("#ffffff", "#222222", "#666666", "#e4e4e4", "#9a9a9a", 0.08),
    "dark": Theme("#16181d", "#e6e6e6", "#a3a8b3", "#2e323b", "#80868f", 0.14),
}

LINE_WIDTHS = (2.0, 1.6, 1.4)
LINE_STYLES: tuple[Any, ...] = ("-", (0, (5.0, 2.5)), (0, (6.0, 2.0, 1.5, 2.0)))  # f solid, f' dashed, f'' dash-dot
FONT_SIZES = {"title": 13.0, "label": 11.0, "tick": 10.0, "legend": 10.0}  # points, at 5 by 3.5 inches or more

_METADATA: dict[str, dict[str, Any]] = {
    "svg": {"Creator": None, "Date": None},
    "pdf": {"Creator": None, "Producer": None, "CreationDate": None},
}
# Settings that are not about looks, which matplotlib.rcdefaults leaves alone too.
_RC_KEEP = frozenset({
    "backend", "backend_fallback", "interactive", "toolbar", "timezone", "date.epoch", "figure.max_open_warning",
    "figure.raise_window", "savefig.directory", "tk.window_focus", "docstring.hardcopy", "webagg.port",
    "webagg.port_retries", "webagg.address", "webagg.open_in_browser",
})
_RC = {"svg.hashsalt": "actcli", "svg.fonttype": "path", "axes.unicode_minus": True}


class PlotError(ActcliError):
    """A plot that cannot be made as asked: bad range, size, format or output path."""


class Curve(NamedTuple):
    """One line of a plot: a function (order 0) or its derivative sampled on `x`.

    `y` is NaN where the result is not finite (or beyond ±LIMIT) and where the curve jumps (so no vertical line
    joins the two sides of a discontinuity); `position` is the function's place, hence its colour.
    """

    activation: Activation
    order: int
    position: int
    label: str
    x: Array
    y: Array


class Options(NamedTuple):
    """How a figure looks. `size` is in inches; pixels = size * dpi."""

    title: str | None = None
    size: tuple[float, float] = DEFAULT_SIZE
    dpi: float = DEFAULT_DPI
    ylim: tuple[float, float] | None = None
    theme: str = "light"
    grid: bool = True
    legend: str = "best"
    mark_kinks: bool = False
    shade_saturation: bool = False
    formula: bool = False


DEFAULT_OPTIONS = Options()


# --- sampling -----------------------------------------------------------------------------------

def resolve(functions: Sequence[str | Activation]) -> list[Activation]:
    """Activations from specs (`elu:alpha=0.5`) or Activation objects."""
    if not functions:
        raise PlotError("name at least one function to plot")
    return [f if isinstance(f, Activation) else actcli.get(f) for f in functions]


def check_interval(interval: tuple[float, float], what: str) -> tuple[float, float]:
    """`interval` as floats, refused unless both ends are finite and the first is smaller."""
    low, high = (float(v) for v in interval)
    if not (math.isfinite(low) and math.isfinite(high)):
        raise PlotError(f"{what} needs finite ends, not {_num(low)} and {_num(high)}")
    if max(abs(low), abs(high)) > LIMIT:
        raise PlotError(f"{what} must lie within ±{_num(LIMIT)}, not {_num(low)} to {_num(high)}")
    if not low < high:
        raise PlotError(f"{what} must go from a smaller to a larger number, not {_num(low)} to {_num(high)}")
    return low, high


def default_range(activations: Sequence[Activation]) -> tuple[float, float]:
    """[-5, 5], widened to whole numbers that show every kink with some room on either side."""
    kinks = [k.x for a in activations if not a.vector for k in a.kinks if math.isfinite(k.x)]
    low, high = DEFAULT_RANGE
    if kinks and (min(kinks) <= low or max(kinks) >= high):
        room = max(1.0, 0.1 * (max(kinks) - min(kinks)))
        low = min(low, math.floor(min(kinks) - room))
        high = max(high, math.ceil(max(kinks) + room))
    return low, high


def sample_grid(activations: Sequence[Activation], x_range: tuple[float, float], num: int = DEFAULT_NUM) -> Array:
    """`num` evenly spaced points with every breakpoint inside the range added, together with its
    two floating-point neighbours, so that corners are sharp and jumps are vertical."""
    low, high = x_range
    extra = []
    for activation in activations:
        if activation.vector:
            continue
        for point in activation.definition.breakpoints_for(activation.params):
            extra += [np.nextafter(point, -math.inf), point, np.nextafter(point, math.inf)]
    points = np.array(extra, dtype=np.float64)
    points = points[(points >= low) & (points <= high)]
    x: Array = np.sort(np.concatenate([np.linspace(low, high, num), points]))
    keep = np.concatenate([[True], x[1:] != x[:-1]])  # np.unique would import numpy.ma
    unique: Array = x[keep]
    return unique


def sample(functions: Sequence[str | Activation], x_range: tuple[float, float] | None = None,
           num: int = DEFAULT_NUM, orders: Sequence[int] = (0,)) -> list[Curve]:
    """The curves of a plot: for each function, the value and the derivatives in `orders`."""
    activations = resolve(functions)
    if not 2 <= num <= MAX_NUM:
        raise PlotError(f"the number of points must be between 2 and {MAX_NUM}, not {num}")
    low, high = check_interval(x_range, "the range") if x_range is not None else default_range(activations)
    x = sample_grid(activations, (low, high), num)
    x.setflags(write=False)
    curves = []
    for position, activation in enumerate(activations):
        for order in sorted(set(orders)):
            y = evaluate(activation, order, x)
            _break_jumps(activation, x, y)
            curves.append(Curve(activation, order, position, curve_label(activation, order), x, y))
    return curves


def evaluate(activation: Activation, order: int, x: Array) -> Array:
    """The value (order 0) or a derivative on `x` as float64, with NaN for every result that is
    not finite or beyond ±LIMIT (an overflowing exponential must not spoil the autoscaling)."""
    if activation.vector:
        y = _vector_slice(activation, order, x)
    else:
        if order == 2 and activation.definition.grad2 is None:
            raise PlotError(f"{activation.name} has no second derivative in actcli")
        with np.errstate(all="ignore"):
            y = np.array(activation.derivative(order)(x), dtype=np.float64)
    y = np.broadcast_to(y, x.shape).copy()
    with np.errstate(invalid="ignore"):
        y[~(np.abs(y) <= LIMIT)] = np.nan
    return y


def _vector_slice(activation: Activation, order: int, x: Array) -> Array:
    """The first output of a vector function at [x, 0] (order 0), or its derivative along x."""
    if order == 2:
        raise PlotError(f"{activation.name} is a vector function: only it and its first derivative are "
                        f"plotted (along the slice {SLICE})")
    y = np.empty_like(x)
    try:
        with np.errstate(all="ignore"):
            for i, value in enumerate(x.tolist()):
                point = np.array([value, 0.0])
                result = np.asarray(activation(point) if order == 0 else activation.grad(point), dtype=np.float64)
                y[i] = result.flat[0]
    except ActcliError as error:
        raise PlotError(f"{activation.name} cannot be plotted along the slice {SLICE}: {error}") from None
    return y


def _break_jumps(activation: Activation, x: Array, y: Array) -> None:
    """NaN at each breakpoint where the curve jumps, so the two sides are not joined."""
    if activation.vector:
        return
    finite = y[np.isfinite(y)]
    scale = float(np.max(np.abs(finite))) if finite.size else 1.0
    for point in activation.definition.breakpoints_for(activation.params):
        i = int(np.searchsorted(x, point))
        if 0 < i < x.size - 1 and x[i] == point:
            left, right = float(y[i - 1]), float(y[i + 1])
            if math.isfinite(left) and math.isfinite(right) and abs(left - right) > 1e-9 * max(1.0, scale):
                y[i] = np.nan


def curve_label(activation: Activation, order: int) -> str:
    """The legend text: `elu (alpha=0.5)`, then with a prime or two after the name for derivatives,
    and `softmax([x, 0])[0]` for a vector function."""
    name = activation.name + (f"({SLICE})[0]" if activation.vector else "")
    return name + PRIMES[order] + activation.label[len(activation.name):]


def title_candidates(activations: Sequence[Activation], orders: Sequence[int] = (0,)) -> list[str]:
    """Titles from the most to the least detailed: the labels (with parameters), the names."""
    shown = set(orders)
    derivatives = tuple(sorted(shown - {0}))
    one = len(activations) == 1
    prefix = suffix = ""
    if derivatives:
        which = {(1,): "", (2,): "second ", (1, 2): "first and second "}[derivatives]
        plural = "" if one and derivatives != (1, 2) else "s"
        if 0 in shown:
            suffix = f" and {'its' if one else 'their'} {which}derivative{plural}"
        else:
            prefix = f"{which}derivative{plural} of ".capitalize()
    labels = ", ".join(dict.fromkeys(a.label for a in activations))
    names = ", ".join(dict.fromkeys(a.name for a in activations))
    count = f"{len(activations)} activation functions" if not one else names
    texts = [prefix + labels + suffix, prefix + names + suffix, prefix + names, prefix + count + suffix,
             prefix + count]
    return list(dict.fromkeys(texts))


def default_title(activations: Sequence[Activation], orders: Sequence[int] = (0,),
                  width_inches: float = DEFAULT_SIZE[0], size: float = FONT_SIZES["title"]) -> str:
    """The most detailed title that fits across `width_inches` at `size` points, else the shortest."""
    candidates = title_candidates(activations, orders)
    fitting = [t for t in candidates if _text_width(t, size) <= width_inches * 72]
    return fitting[0] if fitting else min(candidates, key=len)


def font_sizes(size: tuple[float, float]) -> dict[str, float]:
    """FONT_SIZES, scaled down (to 60% at most) for figures smaller than 5 by 3.5 inches."""
    scale = min(1.0, max(0.6, min(size[0] / 5, size[1] / 3.5)))
    return {key: value * scale for key, value in FONT_SIZES.items()}


# --- drawing ------------------------------------------------------------------------------------

@contextlib.contextmanager
def _matplotlib_defaults() -> Iterator[None]:
    """matplotlib's own defaults (not the user's matplotlibrc) and our fixed settings, for the
    duration of the block only: nothing global changes."""
    import matplotlib

    defaults: dict[str, Any] = {k: v for k, v in matplotlib.rcParamsDefault.items() if k not in _RC_KEEP}
    params: Any = matplotlib.rcParams
    with matplotlib.rc_context():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # matplotlib's own defaults: nothing to warn the user about
            params.update(defaults)  # what matplotlib.rcdefaults does, without importing its styles
        params.update(_RC)
        yield


def check_options(options: Options) -> None:
    """Refuse sizes, resolutions, themes and legend positions that cannot make a figure."""
    width, height = options.size
    if not (math.isfinite(width) and math.isfinite(height) and width >= MIN_SIZE[0] and height >= MIN_SIZE[1]):
        raise PlotError(f"the figure size must be at least {_num(MIN_SIZE[0])} by {_num(MIN_SIZE[1])} inches, "
                        f"not {_num(width)} by {_num(height)}")
    if not (math.isfinite(options.dpi) and options.dpi > 0):
        raise PlotError(f"the resolution must be a positive number of dots per inch, not {_num(options.dpi)}")
    if max(width, height) * options.dpi > MAX_PIXELS:
        raise PlotError(f"{_num(width)} by {_num(height)} inches at {_num(options.dpi)} dpi is over "
                        f"{MAX_PIXELS} pixels on a side")
    if options.ylim is not None:
        check_interval(options.ylim, "the y limits")
    if options.theme not in THEMES:
        raise PlotError(f"the theme must be one of {', '.join(THEMES)}, not {options.theme!r}")
    if options.legend not in LEGEND_POSITIONS:
        raise PlotError(f"the legend position must be one of {', '.join(LEGEND_POSITIONS)}, not {options.legend!r}")


def figure(curves: Sequence[Curve], options: Options = DEFAULT_OPTIONS) -> "Figure":
    """A matplotlib Figure of `curves`: each function in its own colour, its derivatives dashed
    (first) and dash-dotted (second) in the same colour, axes through 0 drawn lightly."""
    if not curves:
        raise PlotError("nothing to plot")
    check_options(options)
    with _matplotlib_defaults():
        from matplotlib.figure import Figure

        theme = THEME_COLOURS[options.theme]
        palette = PALETTES[options.theme]
        fig = Figure(figsize=options.size, dpi=options.dpi, facecolor=theme.background)
        ax = fig.add_subplot(facecolor=theme.background)
        x = curves[0].x
        low, high = float(x[0]), float(x[-1])
        handles: list[Any] = []
        for curve in sorted(curves, key=lambda c: (c.position, c.order)):
            label = _formula_label(curve) if options.formula else _escape(curve.label)
            (line,) = ax.plot(curve.x, curve.y, color=palette[curve.position % len(palette)],
                              linewidth=LINE_WIDTHS[curve.order], linestyle=LINE_STYLES[curve.order],
                              label=label, zorder=3 - 0.1 * curve.order)
            handles.append(line)
        ax.set_xlim(low, high)
        if options.ylim is not None:
            ax.set_ylim(*check_interval(options.ylim, "the y limits"))
        bottom, top = ax.get_ylim()
        ax.set_ylim(bottom, top)  # fixed now: markers and shading below must not move it
        if bottom < 0 < top:
            ax.axhline(0.0, color=theme.zero, linewidth=0.8, zorder=1.5)
        if low < 0 < high:
            ax.axvline(0.0, color=theme.zero, linewidth=0.8, zorder=1.5)
        if options.mark_kinks:
            handles += _mark_kinks(ax, curves, palette, theme, (low, high))
        if options.shade_saturation:
            handles += _shade_saturation(ax, curves, palette, theme)
        _decorate(ax, curves, options, theme)
        legend_width = _legend(fig, ax, handles, options, theme)
        axes_width = _place_axes(fig, ax, options, legend_width)
        _title(ax, curves, options, theme, axes_width)
    return fig


def _escape(text: str) -> str:
    return text.replace("$", r"\$")


def _formula_label(curve: Curve) -> str:
    """The label followed by the formula, when it is the function itself and mathtext renders it."""
    latex = curve.activation.definition.latex
    if curve.order or curve.activation.vector or not latex or not _renders(latex):
        return _escape(curve.label)
    return f"{_escape(curve.label)}:  ${latex}$"


@cache
def _renders(latex: str) -> bool:
    """Whether matplotlib's mathtext can draw `latex` (it has no \\begin{cases}, for one)."""
    from matplotlib.mathtext import MathTextParser

    try:
        MathTextParser("path").parse(f"${latex}$")
    except Exception:  # mathtext raises ValueError, and others on odd input: fall back to the label
        return False
    return True


def _mark_kinks(ax: "Axes", curves: Sequence[Curve], palette: Sequence[str], theme: Theme,
                x_range: tuple[float, float]) -> list[Any]:
    """An open circle at each kink of each function, at the function's value there."""
    from matplotlib.lines import Line2D

    marked = False
    for curve in curves:
        if curve.order or curve.activation.vector:
            continue
        xs = np.array([k.x for k in curve.activation.kinks if x_range[0] <= k.x <= x_range[1]])
        if not xs.size:
            continue
        with np.errstate(all="ignore"):
            ys = np.asarray(curve.activation(xs), dtype=np.float64)
        ax.plot(xs, ys, linestyle="none", marker="o", markersize=6.5, markerfacecolor=theme.background,
                markeredgewidth=1.6, markeredgecolor=palette[curve.position % len(palette)], zorder=4)
        marked = True
    if not marked:
        return []
    return [Line2D([], [], linestyle="none", marker="o", markersize=6.5, markerfacecolor=theme.background,
                   markeredgewidth=1.6, markeredgecolor=theme.muted, label="kink")]


def saturated(curve: Curve) -> NDArray[np.bool_]:
    """Where |f'| < SATURATION on the curve's points (a boolean mask; False where f' is NaN)."""
    grad = evaluate(curve.activation, 1, curve.x)
    with np.errstate(invalid="ignore"):
        return np.abs(grad) < SATURATION


def _shade_saturation(ax: "Axes", curves: Sequence[Curve], palette: Sequence[str], theme: Theme) -> list[Any]:
    """A band of the function's colour over each stretch where it saturates."""
    from matplotlib.patches import Patch

    shaded = False
    for curve in curves:
        if curve.order:
            continue
        mask = saturated(curve)
        edges = np.flatnonzero(np.diff(np.concatenate([[0], mask.astype(np.int8), [0]])))
        for start, stop in zip(edges[::2].tolist(), (edges[1::2] - 1).tolist(), strict=True):
            if stop > start:
                ax.axvspan(float(curve.x[start]), float(curve.x[stop]), color=palette[curve.position % len(palette)],
                           alpha=theme.shade_alpha, linewidth=0, zorder=0.5)
                shaded = True
    if not shaded:
        return []
    return [Patch(facecolor=theme.muted, alpha=2 * theme.shade_alpha, linewidth=0,
                  label=f"|f\u2032| < {_num(SATURATION)}")]


def _decorate(ax: "Axes", curves: Sequence[Curve], options: Options, theme: Theme) -> None:
    ylabel = ", ".join(f"f{PRIMES[o]}(x)" for o in sorted({c.order for c in curves}))
    fonts = font_sizes(options.size)
    ax.set_xlabel("x", fontsize=fonts["label"], color=theme.foreground)
    ax.set_ylabel(ylabel, fontsize=fonts["label"], color=theme.foreground)
    ax.tick_params(colors=theme.muted, labelcolor=theme.foreground, labelsize=fonts["tick"])
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(theme.muted)
    if options.grid:
        ax.grid(True, color=theme.grid, linewidth=0.7)
    ax.set_axisbelow(True)
    ax.yaxis.get_offset_text().set_color(theme.foreground)


def _title(ax: "Axes", curves: Sequence[Curve], options: Options, theme: Theme, width: float) -> None:
    title = options.title
    size = font_sizes(options.size)["title"]
    if title is None:
        activations = list({c.position: c.activation for c in curves}.values())
        title = default_title(activations, [c.order for c in curves], width / 72, size)
    if title:
        # An explicit y spares matplotlib measuring every tick label to place the title.
        ax.set_title(_escape(title), fontsize=size, color=theme.foreground, pad=10, y=1.0)


def _legend(fig: "Figure", ax: "Axes", handles: list[Any], options: Options, theme: Theme) -> float:
    """Draw the legend; return the width in points it takes beside the axes (0 unless outside)."""
    if options.legend == "none":
        return 0.0
    style: dict[str, Any] = {"fontsize": font_sizes(options.size)["legend"], "frameon": True, "framealpha": 0.9,
                             "facecolor": theme.background, "edgecolor": theme.grid, "labelcolor": theme.foreground,
                             "handlelength": 2.6}
    if options.legend == "outside":
        gap = 12.0  # points between the axes and the legend
        legend = ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), borderaxespad=0.0,
                           **style)
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.transforms import ScaledTranslation

        legend.set_bbox_to_anchor((1.0, 1.0), transform=ax.transAxes + ScaledTranslation(
            gap / 72, 0, fig.dpi_scale_trans))
        # Measured, not guessed: laying out the legend's text costs far less than drawing.
        renderer = FigureCanvasAgg(fig).get_renderer()  # type: ignore[no-untyped-call]
        return gap + legend.get_window_extent(renderer).width * 72 / fig.dpi
    where: Any = options.legend.replace("-", " ")
    ax.legend(handles=handles, loc=where, **style)
    return 0.0


# Rough advance widths (in ems) of DejaVu Sans, matplotlib's default font: enough to leave room.
_NARROW = frozenset(".,:;!|'ijlI ()[]")
_WIDE = frozenset("\u2212-+=<>~mwMW%")


def _text_width(text: str, size: float) -> float:
    """An estimate, in points, of how wide `text` is at `size` points, erring on the wide side."""
    ems = sum(0.36 if c in _NARROW else 0.86 if c in _WIDE else 0.66 for c in text)
    return ems * size


def _place_axes(fig: "Figure", ax: "Axes", options: Options, legend_width: float) -> float:
    """Margins that fit the tick labels, axis labels and title, from estimates of their sizes:
    no layout engine (each of which draws the figure once more just to measure it). Returns the
    width of the axes in points."""
    fonts = font_sizes(options.size)
    tick, label = fonts["tick"], fonts["label"]
    y_labels = _tick_labels(ax, "y")
    x_labels = _tick_labels(ax, "x")
    pad = 3.5 + 3.5  # tick length and tick label padding, matplotlib's defaults
    left = 8 + 1.2 * label + 4 + max((_text_width(t, tick) for t in y_labels), default=0) + pad
    bottom = 8 + 1.25 * label + 4 + 1.25 * tick + pad
    top = 10 + 1.3 * fonts["title"] + 10 if options.title != "" else 14
    last = _text_width(x_labels[-1], tick) / 2 if x_labels else 0.0
    right = max(14.0, last + 6) + legend_width
    width, height = (v * 72 for v in options.size)
    right_edge = max(1 - right / width, left / width + 0.1)
    fig.subplots_adjust(left=left / width, right=right_edge,
                        bottom=bottom / height, top=max(1 - top / height, bottom / height + 0.1))
    return (right_edge - left / width) * width


def _tick_labels(ax: "Axes", axis: str) -> list[str]:
    which = ax.yaxis if axis == "y" else ax.xaxis
    low, high = ax.get_ylim() if axis == "y" else ax.get_xlim()
    locations = [v for v in which.get_majorticklocs() if low <= v <= high]
    return [t for t in which.get_major_formatter().format_ticks(locations) if t]


# --- output -------------------------------------------------------------------------------------

def plot(functions: Sequence[str | Activation], x_range: tuple[float, float] | None = None,
         num: int = DEFAULT_NUM, *, grad: bool = False, grad2: bool = False,
         options: Options = DEFAULT_OPTIONS) -> "Figure":
    """A Figure of `functions` (specs or Activations), with derivatives when asked."""
    orders = [0, *([1] if grad else []), *([2] if grad2 else [])]
    return figure(sample(functions, x_range, num, orders), options)


def image_format(path: str | None, given: str | None = None) -> str:
    """The format to write: `given`, or the one the file extension names."""
    if given is not None:
        chosen = given.lower()
        if chosen not in FORMATS:
            raise PlotError(f"cannot write {given!r} images: the formats are {', '.join(FORMATS)}")
        return chosen
    if path is None or path == "-":
        return "png"
    if not path:
        raise PlotError("cannot write a file with an empty name")
    extension = os.path.splitext(path)[1].lstrip(".").lower()
    if extension not in FORMATS:
        found = f"extension '.{extension}'" if extension else "no extension"
        raise PlotError(f"cannot tell the image format of {path} ({found}): name it .png, .svg or .pdf, "
                        f"or give --format")
    return extension


def render(fig: "Figure", fmt: str = "png") -> bytes:
    """The figure as the bytes of a PNG, SVG or PDF file: the same figure, the same bytes."""
    fmt = image_format(None, fmt)
    buffer = io.BytesIO()
    with _matplotlib_defaults():
        if fmt == "png":
            _write_png(fig, buffer)
        else:
            fig.savefig(buffer, format=fmt, dpi=fig.dpi, metadata=_METADATA[fmt], facecolor=fig.get_facecolor())
    return buffer.getvalue()


def _write_png(fig: "Figure", stream: io.BytesIO) -> None:
    """An RGB PNG (the figure is opaque: no alpha channel, so smaller and quicker to write than
    savefig's RGBA), with the resolution recorded and no text chunks."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    canvas: Any = FigureCanvasAgg(fig)  # its draw and buffer_rgba are not annotated
    canvas.draw()
    size = canvas.get_width_height()
    image = Image.frombuffer("RGBA", size, canvas.buffer_rgba(), "raw", "RGBA", 0, 1).convert("RGB")
    image.save(stream, format="png", dpi=(fig.dpi, fig.dpi))


def save(fig: "Figure", path: str, fmt: str | None = None) -> None:
    """Write the figure to `path` atomically, in `fmt` or the format its extension names."""
    chosen = image_format(path, fmt)
    write_atomic(path, render(fig, chosen))


def check_writable(path: str) -> None:
    """Refuse early a path whose directory does not exist or that is a directory."""
    if not path:
        raise PlotError("cannot write a file with an empty name")
    directory = os.path.dirname(path) or "."
    if os.path.isdir(path):
        raise PlotError(f"cannot write {path}: it is a directory")
    if not os.path.isdir(directory):
        raise PlotError(f"cannot write {path}: no such directory {directory}")


def write_atomic(path: str, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, then rename it over `path`: readers see the
    old file or the whole new one, and a failure leaves nothing behind."""
    check_writable(path)
    directory = os.path.dirname(path) or "."
    temporary = None
    try:
        descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=f".{os.path.basename(path)}.", suffix=".tmp")
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
        temporary = None
    except PermissionError:
        raise PlotError(f"cannot write {path}: permission denied") from None
    except OSError as error:
        raise PlotError(f"cannot write {path}: {error.strerror or error}") from None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def default_filename(activations: Sequence[Activation], fmt: str = "png") -> str:
    """`sigmoid-tanh.png`, `elu_alpha=0.5-elu_alpha=2.png`: the functions' specs, made safe."""
    stem = "-".join("".join(c if c.isalnum() or c in "._=+" else "_" for c in a.spec) for a in activations)
    if len(stem) > 100:
        stem = stem[:100].rstrip("-_") + "-etc"
    return f"{stem}.{fmt}"


def _num(value: float) -> str:
    from actcli.numfmt import format_compact

    return format_compact(value)
