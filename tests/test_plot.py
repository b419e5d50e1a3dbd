"""`actcli plot` and actcli.plotting: sizes, determinism, plotted data, options, errors, terminal."""

from __future__ import annotations

import io
import math
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner, Result
from PIL import Image

import actcli
from actcli import plotting, terminal_plot
from actcli.activation import Activation
from actcli.cli import cli
from actcli.definition import REALS, Definition, Kink
from actcli.errors import ActcliError

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env)


def ok(*args: str, env: dict[str, str] | None = None) -> Result:
    result = run(*args, env=env)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result


def fails(*args: str) -> str:
    """The single stderr line of a command that must exit 2 and print nothing on stdout."""
    result = run(*args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def fake(name: str, value: Any, grad: Any, *, grad2: Any = None, vector: bool = False, latex: str = "x",
         kinks: tuple[Kink, ...] = ()) -> Activation:
    """An activation that is not in the registry, for what no built-in shows (overflow, vectors)."""
    definition = Definition(
        name=name, summary="test function", formula="f", grad_formula="f'", latex=latex,
        value=lambda x, **_: value(x), grad=lambda x, **_: grad(x),
        grad2=None if grad2 is None else (lambda x, **_: grad2(x)), exact=lambda mp, x, **_: x,
        output_range=REALS, source="tests", family="test", smoothness="C∞", monotonic=True, zero_centred=False,
        kinks=(lambda **_: kinks) if kinks else None, vector=vector,
    )
    return Activation(definition, {})


def softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max())
    return np.asarray(e / e.sum())


def softmax_jacobian(x: np.ndarray) -> np.ndarray:
    s = softmax(x)
    return np.asarray(np.diag(s) - np.outer(s, s))


def lines_of(fig: Any) -> dict[str, Any]:
    """The labelled curves of a figure's axes, by legend label."""
    (ax,) = fig.axes
    return {line.get_label(): line for line in ax.get_lines() if not line.get_label().startswith("_")}


def legend_texts(fig: Any) -> list[str]:
    legend = fig.axes[0].get_legend()
    return [text.get_text() for text in legend.get_texts()] if legend is not None else []


# --- image files: size, format, determinism ---------------------------------------------------

@pytest.mark.parametrize(("size", "dpi", "pixels"), [(("4", "3"), "50", (200, 150)), (("6.5", "2"), "120", (780, 240))])
def test_png_has_the_pixel_size_of_size_times_dpi(tmp_path: Path, size: tuple[str, str], dpi: str,
                                                  pixels: tuple[int, int]) -> None:
    path = tmp_path / "f.png"
    ok("plot", "relu", "--size", *size, "--dpi", dpi, "-o", str(path))
    with Image.open(path) as image:
        image.load()
        assert image.format == "PNG" and image.mode == "RGB"  # opaque: no alpha channel
        assert image.size == pixels


def test_default_png_is_800_by_500(tmp_path: Path) -> None:
    path = tmp_path / "f.png"
    ok("plot", "relu", "-o", str(path))
    with Image.open(path) as image:
        assert image.size == (800, 500)


def test_svg_and_pdf_have_the_size_in_points(tmp_path: Path) -> None:
    ok("plot", "relu", "--size", "5", "4", "-o", str(tmp_path / "f.svg"))
    root = ElementTree.parse(tmp_path / "f.svg").getroot()
    assert (root.get("width"), root.get("height")) == ("360pt", "288pt")
    ok("plot", "relu", "--size", "5", "4", "-o", str(tmp_path / "f.pdf"))
    pdf = (tmp_path / "f.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert b"/MediaBox [ 0 0 360 288 ]" in pdf


def test_format_option_overrides_the_extension(tmp_path: Path) -> None:
    ok("plot", "relu", "-o", str(tmp_path / "figure.img"), "--format", "svg")
    assert (tmp_path / "figure.img").read_bytes().startswith(b"<?xml")
    ok("plot", "relu", "-o", str(tmp_path / "UPPER.PNG"))
    assert (tmp_path / "UPPER.PNG").read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_two_runs_give_identical_bytes(tmp_path: Path, fmt: str) -> None:
    args = ["plot", "sigmoid", "relu6", "leaky_relu:negative_slope=0.2", "--grad", "--mark-kinks",
            "--shade-saturation"]
    ok(*args, "-o", str(tmp_path / f"a.{fmt}"))
    ok(*args, "-o", str(tmp_path / f"b.{fmt}"))
    assert (tmp_path / f"a.{fmt}").read_bytes() == (tmp_path / f"b.{fmt}").read_bytes()


def test_separate_processes_give_identical_bytes(tmp_path: Path) -> None:
    """Hash seeds differ between processes: nothing may depend on set or dict order, dates or ids."""
    script = (
        "import sys, actcli.plotting as p\n"
        "fig = p.plot(['hard_tanh', 'sigmoid'], grad=True, options=p.Options(theme='dark', legend='outside'))\n"
        "for fmt in p.FORMATS:\n"
        "    open(f'{sys.argv[1]}.{fmt}', 'wb').write(p.render(fig, fmt))\n"
    )
    for seed, stem in (("1", "one"), ("2", "two")):
        env = dict(os.environ, PYTHONHASHSEED=seed, SOURCE_DATE_EPOCH=seed)
        subprocess.run([sys.executable, "-c", script, str(tmp_path / stem)], check=True, env=env, timeout=120)
    for fmt in plotting.FORMATS:
        assert (tmp_path / f"one.{fmt}").read_bytes() == (tmp_path / f"two.{fmt}").read_bytes(), fmt


def test_no_software_or_date_metadata(tmp_path: Path) -> None:
    for fmt in plotting.FORMATS:
        ok("plot", "relu", "-o", str(tmp_path / f"f.{fmt}"))
    with Image.open(tmp_path / "f.png") as image:
        assert not image.text  # type: ignore[attr-defined]
    pdf = (tmp_path / "f.pdf").read_bytes()
    assert b"/CreationDate" not in pdf and b"/Producer" not in pdf and b"/Creator" not in pdf
    svg = (tmp_path / "f.svg").read_text()
    assert "<dc:date>" not in svg and "Matplotlib v" not in svg


def test_svg_contains_each_legend_label_and_the_title(tmp_path: Path) -> None:
    path = tmp_path / "sweep.svg"
    ok("plot", "leaky_relu:negative_slope=0.1", "leaky_relu:negative_slope=0.3", "sigmoid", "--grad",
       "--title", "A sweep", "-o", str(path))
    svg = path.read_text()
    for label in ("leaky_relu (negative_slope=0.1)", "leaky_relu (negative_slope=0.3)", "sigmoid",
                  "leaky_relu\u2032 (negative_slope=0.1)", "sigmoid\u2032", "A sweep", "f(x), f\u2032(x)"):
        assert f"<!-- {label} -->" in svg, label


def test_default_output_is_named_after_the_functions_and_printed(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert ok("plot", "relu", "leaky_relu:negative_slope=0.2").stdout == "relu-leaky_relu_negative_slope=0.2.png\n"
    assert ok("plot", "relu", "--format", "svg").stdout == "relu.svg\n"
    assert sorted(os.listdir(tmp_path)) == ["relu-leaky_relu_negative_slope=0.2.png", "relu.svg"]
    assert ok("plot", "relu", "-o", "chosen.png").stdout == ""  # a path you gave is not echoed


def test_written_file_follows_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        ok("plot", "relu", "-o", str(tmp_path / "f.png"))
    finally:
        os.umask(old)
    assert (tmp_path / "f.png").stat().st_mode & 0o777 == 0o640


def test_image_to_standard_output() -> None:
    result = ok("plot", "relu", "-o", "-")
    assert result.stdout_bytes.startswith(b"\x89PNG\r\n\x1a\n")
    with Image.open(io.BytesIO(result.stdout_bytes)) as image:
        assert image.size == (800, 500)
    assert ok("plot", "relu", "-o", "-", "--format", "svg").stdout.startswith("<?xml")


def test_image_to_a_terminal_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from actcli.commands import plot as command

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdout", Terminal())
    with pytest.raises(ActcliError, match="not writing a PNG image to the terminal"):
        command.run(("relu",), **_defaults(output="-"))


def _defaults(**changes: Any) -> dict[str, Any]:
    options: dict[str, Any] = {
        "x_range": None, "num": 1001, "grad": False, "grad2": False, "output": None, "image_format": None,
        "title": None, "size": (8.0, 5.0), "dpi": 100.0, "ylim": None, "theme": "light", "no_grid": False,
        "legend": "best", "mark_kinks": False, "shade_saturation": False, "formula": False, "terminal": False,
    }
    options.update(changes)
    return options


# --- errors: one line, exit 2, no file --------------------------------------------------------

def test_unknown_extension_fails_and_writes_nothing(tmp_path: Path) -> None:
    line = fails("plot", "relu", "-o", str(tmp_path / "f.jpg"))
    assert line.startswith("actcli: error: cannot tell the image format of") and ".jpg" in line
    line = fails("plot", "relu", "-o", str(tmp_path / "noextension"))
    assert "no extension" in line
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize(("where", "message"), [
    ("missing/f.png", "no such directory"),
    ("adir", "it is a directory"),
    ("afile/f.png", "no such directory"),
])
def test_unwritable_path_fails_and_leaves_nothing(tmp_path: Path, where: str, message: str) -> None:
    (tmp_path / "adir").mkdir()
    (tmp_path / "afile").write_text("x")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    line = fails("plot", "relu", "-o", str(tmp_path / where), "--format", "png")
    assert line.startswith("actcli: error: cannot write") and message in line
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_failure_while_writing_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(source: str, target: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    line = fails("plot", "relu", "-o", str(tmp_path / "f.png"))
    assert line == f"actcli: error: cannot write {tmp_path / 'f.png'}: No space left on device"
    assert os.listdir(tmp_path) == []


def test_failure_while_drawing_leaves_no_file_and_keeps_the_old_one(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "f.png"
    target.write_bytes(b"old")

    def broken(*args: Any, **kwargs: Any) -> bytes:
        raise plotting.PlotError("drawing failed")

    monkeypatch.setattr(plotting, "render", broken)
    assert fails("plot", "relu", "-o", str(target)) == "actcli: error: drawing failed"
    assert os.listdir(tmp_path) == ["f.png"] and target.read_bytes() == b"old"


def test_unwritable_directory_fails_cleanly(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as a user who can write anywhere (root)")
        assert "permission denied" in fails("plot", "relu", "-o", str(locked / "f.png"))
        assert os.listdir(locked) == []
    finally:
        locked.chmod(0o700)


@pytest.mark.parametrize(("args", "message"), [
    (("nope",), "unknown function 'nope'"),
    (("relu", "--range", "3", "-3"), "the range must go from a smaller to a larger number, not 3 to -3"),
    (("relu", "--range", "0", "inf"), "the range needs finite ends"),
    (("relu", "--range", "-1e308", "1e308"), "the range must lie within ±1e+300"),
    (("relu", "--ylim", "0", "1e301"), "the y limits must lie within ±1e+300"),
    (("relu", "--ylim", "1", "1"), "the y limits must go from a smaller to a larger number"),
    (("relu", "--size", "1", "1"), "the figure size must be at least 2 by 1.5 inches, not 1 by 1"),
    (("relu", "--dpi", "0"), "the resolution must be a positive number"),
    (("relu", "--size", "100", "10", "--dpi", "1000"), "is over 16384 pixels on a side"),
    (("relu", "--num", "1"), "--num"),
    (("relu", "--legend", "somewhere"), "--legend"),
    (("relu", "--terminal", "-o", "f.png"), "--terminal draws in the terminal: leave out -o and --format"),
    (("relu", "--bogus"), "No such option"),
])
def test_mistakes_are_one_line_and_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...],
                                         message: str) -> None:
    monkeypatch.chdir(tmp_path)
    assert message in fails("plot", *args)
    assert os.listdir(tmp_path) == []


def test_second_derivative_missing_is_refused() -> None:
    flat = fake("flat", lambda x: x, lambda x: np.ones_like(x))
    with pytest.raises(ActcliError, match="flat has no second derivative"):
        plotting.sample([flat], orders=(0, 2))


# --- what is plotted ----------------------------------------------------------------------------

def test_grad_adds_each_derivative_as_a_dashed_line_of_the_same_colour() -> None:
    fig = plotting.plot(["sigmoid", "hard_tanh"], (-4, 4), grad=True)
    lines = lines_of(fig)
    assert list(lines) == ["sigmoid", "sigmoid\u2032", "hard_tanh", "hard_tanh\u2032"]
    for name in ("sigmoid", "hard_tanh"):
        f, g = lines[name], lines[name + "\u2032"]
        assert f.get_color() == g.get_color()
        assert f.get_linestyle() == "-" and g.get_linestyle() == "--"
        x = np.asarray(g.get_xdata())
        activation = actcli.get(name)
        np.testing.assert_array_equal(np.asarray(f.get_ydata()), activation(x))
        y = np.asarray(g.get_ydata())
        finite = np.isfinite(y)
        np.testing.assert_array_equal(y[finite], activation.grad(x[finite]))
        assert finite.sum() >= x.size - 2  # only the jumps of hard_tanh' at ±1 are broken
    assert len({lines["sigmoid"].get_color(), lines["hard_tanh"].get_color()}) == 2


def test_grad2_adds_the_second_derivative() -> None:
    lines = lines_of(plotting.plot(["sigmoid"], grad=True, grad2=True))
    assert list(lines) == ["sigmoid", "sigmoid\u2032", "sigmoid\u2033"]
    x = np.asarray(lines["sigmoid\u2033"].get_xdata())
    np.testing.assert_array_equal(np.asarray(lines["sigmoid\u2033"].get_ydata()), actcli.get("sigmoid").grad2(x))
    styles = [lines[label].get_linestyle() for label in ("sigmoid", "sigmoid\u2032", "sigmoid\u2033")]
    assert styles[0] == "-" and styles[1] != "-" and styles[2] != "-"
    patterns = [lines[label]._unscaled_dash_pattern for label in ("sigmoid\u2032", "sigmoid\u2033")]
    assert patterns[0] != patterns[1]  # dashed, dash-dotted


def test_without_grad_only_the_functions_are_drawn() -> None:
    assert list(lines_of(plotting.plot(["relu", "sigmoid"]))) == ["relu", "sigmoid"]


def test_kinks_and_breakpoints_are_in_the_grid() -> None:
    (curve,) = plotting.sample(["relu6"], (-2.05, 7.3), num=11)
    x = curve.x
    for point in (0.0, 6.0):
        i = int(np.searchsorted(x, point))
        assert x[i] == point
        assert x[i - 1] == np.nextafter(point, -1) and x[i + 1] == np.nextafter(point, 9)
    assert x[0] == -2.05 and x[-1] == 7.3 and np.all(np.diff(x) > 0)


def test_default_num_and_range() -> None:
    (curve,) = plotting.sample(["sigmoid"])
    assert (curve.x[0], curve.x[-1]) == (-5.0, 5.0)
    assert np.isin(np.linspace(-5, 5, 1001), curve.x).all()  # the even grid, maybe with breakpoints added
    assert curve.x.size == 1001 + len(np.setdiff1d(curve.x, np.linspace(-5, 5, 1001)))


def test_default_range_widens_to_show_every_kink() -> None:
    assert plotting.default_range([actcli.get("relu")]) == (-5.0, 5.0)
    assert plotting.default_range([actcli.get("relu6")]) == (-5.0, 7.0)
    assert plotting.default_range([actcli.get("hard_tanh:min_val=-20,max_val=10")]) == (-23.0, 13.0)
    assert list(lines_of(plotting.plot(["relu6"]))["relu6"].get_xdata()[[0, -1]]) == [-5.0, 7.0]


def test_jumps_are_not_joined_by_vertical_lines() -> None:
    _, grad = plotting.sample(["relu"], (-1, 1), num=5, orders=(0, 1))
    i = int(np.searchsorted(grad.x, 0.0))
    assert math.isnan(grad.y[i]) and grad.y[i - 1] == 0.0 and grad.y[i + 1] == 1.0
    (step,) = plotting.sample(["binary_step"], (-1, 1), num=5)
    assert math.isnan(step.y[int(np.searchsorted(step.x, 0.0))])
    (corner,) = plotting.sample(["relu"], (-1, 1), num=5)  # continuous: the corner itself is kept
    assert not np.isnan(corner.y).any()


def test_overflow_and_nan_do_not_break_autoscaling(tmp_path: Path) -> None:
    exploding = fake("exploding", np.exp, np.exp)
    (curve,) = plotting.sample([exploding], (0, 800), num=801)
    # inf from x = 710 on, and values matplotlib's tick locator cannot scale from 691 on: left out
    assert np.isnan(curve.y[691:]).all() and np.isfinite(curve.y[:691]).all()
    fig = plotting.figure([curve])
    low, high = fig.axes[0].get_ylim()
    assert math.isfinite(low) and math.isfinite(high) and high > 1e299
    assert plotting.render(fig, "png").startswith(b"\x89PNG")


def test_vector_functions_are_plotted_along_the_documented_slice() -> None:
    vector = fake("softmaxish", softmax, softmax_jacobian, vector=True)
    value, grad = plotting.sample([vector], (-6, 6), num=121, orders=(0, 1))
    assert value.label == "softmaxish([x, 0])[0]" and grad.label == "softmaxish([x, 0])[0]\u2032"
    sigmoid = 1 / (1 + np.exp(-value.x))
    np.testing.assert_allclose(value.y, sigmoid, rtol=1e-12)
    np.testing.assert_allclose(grad.y, sigmoid * (1 - sigmoid), rtol=1e-10)
    with pytest.raises(ActcliError, match=r"softmaxish is a vector function.*slice \[x, 0\]"):
        plotting.sample([vector], orders=(0, 2))
    assert "[x, 0]" in ok("plot", "--help").stdout


def test_mark_kinks_puts_a_marker_at_each_kink_on_the_function() -> None:
    fig = plotting.plot(["hard_tanh", "relu", "sigmoid"], (-3, 3), options=plotting.Options(mark_kinks=True))
    markers = [line for line in fig.axes[0].get_lines()
               if line.get_marker() == "o" and np.asarray(line.get_xdata()).size]
    found = sorted((float(x), float(y)) for line in markers
                   for x, y in zip(np.asarray(line.get_xdata()), np.asarray(line.get_ydata()), strict=True))
    assert found == [(-1.0, -1.0), (0.0, 0.0), (1.0, 1.0)]
    assert "kink" in legend_texts(fig)
    assert "kink" not in legend_texts(plotting.plot(["sigmoid"], options=plotting.Options(mark_kinks=True)))


def test_shade_saturation_covers_where_the_derivative_is_small() -> None:
    fig = plotting.plot(["relu"], (-4, 4), options=plotting.Options(shade_saturation=True))
    (ax,) = fig.axes
    (span,) = ax.patches
    xs = np.asarray(span.get_path().transformed(span.get_patch_transform()).vertices)[:, 0]
    assert (xs.min(), xs.max()) == (-4.0, 0.0)
    assert "|f\u2032| < 0.01" in legend_texts(fig)
    (curve,) = plotting.sample(["sigmoid"], (-10, 10))
    mask = plotting.saturated(curve)
    s = 1 / (1 + np.exp(-curve.x))
    np.testing.assert_array_equal(mask, s * (1 - s) < 0.01)


def test_ylim_theme_grid_legend_and_title_options() -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    options = plotting.Options(ylim=(-2.0, 3.0), theme="dark", grid=False, legend="none", title="")
    fig = plotting.plot(["relu"], options=options)
    (ax,) = fig.axes
    assert ax.get_ylim() == (-2.0, 3.0)
    assert fig.get_facecolor()[:3] != (1.0, 1.0, 1.0)
    assert ax.get_legend() is None
    assert ax.get_title() == ""
    assert not any(line.get_visible() for line in ax.get_xgridlines())
    lit = plotting.plot(["relu"], options=plotting.Options(legend="upper-left"))
    legend = lit.axes[0].get_legend()
    renderer = FigureCanvasAgg(lit).get_renderer()  # type: ignore[no-untyped-call]
    assert legend is not None
    box, axes_box = legend.get_window_extent(renderer), lit.axes[0].get_window_extent(renderer)
    assert box.x0 - axes_box.x0 < 20 and axes_box.y1 - box.y1 < 20  # upper left
    assert lit.axes[0].get_title() == "relu"
    assert any(line.get_visible() for line in lit.axes[0].get_xgridlines())


def test_outside_legend_sits_right_of_the_axes_inside_the_figure() -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = plotting.plot(["leaky_relu:negative_slope=0.2", "sigmoid"], grad=True,
                        options=plotting.Options(legend="outside"))
    renderer = FigureCanvasAgg(fig).get_renderer()  # type: ignore[no-untyped-call]
    (ax,) = fig.axes
    legend = ax.get_legend()
    assert legend is not None
    box, axes_box = legend.get_window_extent(renderer), ax.get_window_extent(renderer)
    assert axes_box.x1 < box.x0 and box.x1 <= fig.bbox.x1


def test_default_titles() -> None:
    assert plotting.default_title([actcli.get("sigmoid"), actcli.get("tanh")], (0, 1)) == (
        "sigmoid, tanh and their derivatives")
    assert plotting.default_title([actcli.get("sigmoid")], (0, 1, 2)) == (
        "sigmoid and its first and second derivatives")
    assert plotting.default_title([actcli.get("sigmoid")], (1,)) == "Derivative of sigmoid"
    sweep = [actcli.get(f"leaky_relu:negative_slope={s}") for s in (0.1, 0.2)]
    assert plotting.default_title(sweep) == "leaky_relu (negative_slope=0.1), leaky_relu (negative_slope=0.2)"
    assert plotting.default_title(sweep, width_inches=3) == "leaky_relu"


def test_formula_in_the_legend_only_where_mathtext_draws_it() -> None:
    cases = fake("piecewise", np.abs, np.sign, latex=r"\begin{cases} x & x \geq 0 \\ -x & x < 0 \end{cases}")
    simple = fake("square", np.square, lambda x: 2 * x, latex=r"x^2")
    fig = plotting.figure(plotting.sample([cases, simple]), plotting.Options(formula=True))
    assert list(lines_of(fig)) == ["piecewise", "square:  $x^2$"]
    assert plotting.render(fig, "png").startswith(b"\x89PNG")


def test_dollar_signs_in_labels_are_text() -> None:
    money = fake("$cost$", np.abs, np.sign)
    fig = plotting.figure(plotting.sample([money]))
    assert list(lines_of(fig)) == [r"\$cost\$"]


def test_library_save_is_atomic(tmp_path: Path) -> None:
    fig = plotting.plot(["relu"])
    plotting.save(fig, str(tmp_path / "f.svg"))
    assert os.listdir(tmp_path) == ["f.svg"]
    with pytest.raises(ActcliError, match="cannot tell the image format"):
        plotting.save(fig, str(tmp_path / "f.gif"))
    assert os.listdir(tmp_path) == ["f.svg"]


def test_user_matplotlibrc_does_not_change_the_output(tmp_path: Path) -> None:
    import matplotlib

    fig = plotting.plot(["relu"])
    before = plotting.render(fig, "svg")
    with matplotlib.rc_context({"lines.linewidth": 9, "font.size": 30, "svg.hashsalt": None, "axes.grid": False}):
        assert plotting.render(plotting.plot(["relu"]), "svg") == before
    assert matplotlib.rcParams["svg.hashsalt"] is None  # and nothing global changed


# --- start-up -----------------------------------------------------------------------------------

def test_matplotlib_is_imported_only_when_a_plot_is_made() -> None:
    script = (
        "import sys\n"
        "import actcli.cli, actcli.plotting, actcli.commands.plot, actcli.terminal_plot\n"
        "from actcli.cli import cli\n"
        "cli.main(['eval', 'relu', '--', '1'], standalone_mode=False)\n"
        "cli.main(['plot', 'relu', '--terminal'], standalone_mode=False)\n"
        "assert not [m for m in sys.modules if m.startswith(('matplotlib', 'PIL'))], 'matplotlib imported'\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, timeout=120)


# --- terminal -----------------------------------------------------------------------------------

def test_terminal_plot_draws_braille_with_a_legend() -> None:
    out = ok("plot", "relu6", "hard_tanh", "--grad", "--terminal", env={"COLUMNS": "60", "LINES": "24"}).stdout
    lines = out.splitlines()
    assert lines[0].strip() == "relu6, hard_tanh and their derivatives"
    assert all(len(line) <= 60 for line in lines)
    assert any("\u2800" < c <= "\u28ff" for c in out)
    assert "━━ relu6" in out and "╍╍ relu6\u2032" in out and "━━ hard_tanh" in out
    assert "\x1b[" not in out  # not a terminal: no colour
    assert re.search(r"└[─┬]+$", lines[-4]) or any(line.lstrip().startswith("└") for line in lines)


def test_terminal_plot_colour_follows_force_color_and_no_color() -> None:
    coloured = ok("plot", "relu", "--terminal", env={"FORCE_COLOR": "1", "COLUMNS": "50"}).stdout
    assert "\x1b[38;5;" in coloured
    plain = ok("plot", "relu", "--terminal", env={"NO_COLOR": "1", "COLUMNS": "50"}).stdout
    assert "\x1b[" not in plain


def test_terminal_render_shape_and_lines() -> None:
    x = np.linspace(-2, 2, 401)
    series = [terminal_plot.Series("relu", x, np.maximum(x, 0))]
    text = terminal_plot.render(series, (-2, 2), (-0.5, 2.0), width=40, height=10, title="t")
    lines = text.splitlines()
    assert len(lines) == 1 + 10 + 2 + 1
    plot_rows = lines[1:11]
    margin = plot_rows[0].index("┤") + 1
    width = 40 - margin
    # Left half flat on the zero row, right half rising to the top right.
    zero_row = next(i for i, row in enumerate(plot_rows) if row.startswith(" 0 ┤") or row.startswith("0 ┤"))
    assert all(row[margin:margin + width // 2 - 1].strip(" │") == "" for i, row in enumerate(plot_rows)
               if i != zero_row)
    assert plot_rows[0].rstrip()[-1] != "┤" and "\u2800" < plot_rows[0].rstrip()[-1] <= "\u28ff"


def test_terminal_dashed_and_dotted_lines_have_gaps() -> None:
    x = np.linspace(0, 1, 201)
    dots = {}
    for style in (terminal_plot.SOLID, terminal_plot.DASHED, terminal_plot.DOTTED):
        _, cols = terminal_plot._rasterise(terminal_plot.Series("s", x, np.full_like(x, 0.5), 0, style),
                                              (0, 1), (0, 1), (40, 80))
        dots[style] = set(cols.tolist())
    assert dots[terminal_plot.SOLID] == set(range(80))
    assert 30 < len(dots[terminal_plot.DASHED]) < 50 and len(dots[terminal_plot.DOTTED]) < 30


def test_terminal_clips_lines_outside_the_limits() -> None:
    x = np.linspace(-1, 1, 3)
    series = terminal_plot.Series("steep", x, np.array([-1e300, 0.0, 1e300]))
    rows, cols = terminal_plot._rasterise(series, (-1, 1), (-1, 1), (40, 80))
    assert rows.size and rows.min() >= 0 and rows.max() < 40 and cols.min() >= 0 and cols.max() < 80


def test_nice_ticks() -> None:
    assert terminal_plot.nice_ticks(-1.35, 6.35, 4) == [0.0, 2.0, 4.0, 6.0]
    assert terminal_plot.nice_ticks(-5, 5, 4) == [-5.0, -2.5, 0.0, 2.5, 5.0]
    assert terminal_plot.nice_ticks(0, 0.01, 2) == [0.0, 0.005, 0.01]
