"""The command line: parses arguments, calls the library, renders the results."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Any

import click

from actcli import __version__
from actcli.errors import ActcliError, ExitStatus
from actcli.launcher import DEFAULT_DIGITS, DEFAULT_DTYPE, complain, guarded
from actcli.tokens import is_value_token

FORMATS = ("table", "csv", "tsv", "json", "jsonl")
DTYPE_NAMES = ("float64", "float32", "float16", "bfloat16")
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class ActcliGroup(click.Group):
    """Turns every user mistake into one line on stderr and an exit status, never a traceback."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:
        def run_click() -> object:
            try:
                return super(ActcliGroup, self).main(args, prog_name or "actcli", complete_var,
                                                     standalone_mode=False, **extra)
            except click.exceptions.NoArgsIsHelpError as error:  # bare `actcli`: the help, as a usage error
                click.echo(error.ctx.get_help() if error.ctx else error.format_message(), err=True)
                return ExitStatus.USAGE
            except click.UsageError as error:
                command = error.ctx.command_path if error.ctx else "actcli"
                complain(f"{command}: error: {error.format_message()} (see '{command} --help')")
                return ExitStatus.USAGE
            except click.ClickException as error:
                complain(f"actcli: error: {error.format_message()}")
                return error.exit_code
            except click.Abort:
                return ExitStatus.INTERRUPTED

        status = guarded(run_click)
        if standalone_mode:
            sys.exit(status)
        return status


class NumbersCommand(click.Command):
    """Lets negative numbers stand as values without `--`: `actcli eval relu -10 0 15`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        takes_value = {
            name: param.nargs
            for param in self.params
            if isinstance(param, click.Option) and not param.is_flag and not param.count
            for name in param.opts
        }
        options: list[str] = []
        positional: list[str] = []
        index = 0
        while index < len(args):
            token = args[index]
            if token == "--":
                positional += args[index + 1:]
                break
            if token in takes_value:
                width = takes_value[token]
                options += args[index:index + 1 + width]
                index += 1 + width
                continue
            if token.startswith("-") and not is_value_token(token):
                options.append(token)
            else:
                positional.append(token)
            index += 1
        return super().parse_args(ctx, [*options, "--", *positional])


def complete_function(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Shell completion for FUNCTION: names and aliases, then parameter names after `NAME:`."""
    from click.shell_completion import CompletionItem

    from actcli.registry import known_names, lookup

    if ":" not in incomplete:
        return [CompletionItem(name) for name in known_names() if name.startswith(incomplete.lower())]
    name, _, given = incomplete.partition(":")
    done, _, current = given.rpartition(",")
    try:
        definition = lookup(name)
    except ActcliError:
        return []
    prefix = f"{name}:{done + ',' if done else ''}"
    return [CompletionItem(f"{prefix}{p.name}=", type="plain") for p in definition.params
            if p.name.startswith(current.lower())]


def _output_options(function: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option("--format", "-f", "output_format", type=click.Choice(FORMATS), default=None,
                     help="Output format [default: table on a terminal, csv otherwise]."),
        click.option("--no-header", is_flag=True, help="Leave out the header row."),
        click.option("--digits", type=click.IntRange(1, 17), default=DEFAULT_DIGITS, show_default=True,
                     help="Significant digits in tables (csv/json always round-trip exactly)."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _input_options(function: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option("--range", "x_range", type=(float, float), default=None, metavar="START STOP",
                     help="Evenly spaced inputs from START to STOP inclusive."),
        click.option("--num", "-n", type=int, default=None, help="How many points --range makes [default: 11]."),
        click.option("--step", type=float, default=None, help="Spacing of the points --range makes."),
        click.option("--input", "-i", "input_path", type=str, default=None, metavar="FILE",
                     help="Read numbers from FILE ('-' for stdin): a plain list, or CSV/TSV with a header."),
        click.option("--column", "-c", default=None, metavar="NAME|INDEX",
                     help="Which CSV column holds the inputs (name or 1-based index)."),
        click.option("--dtype", "-t", type=click.Choice(DTYPE_NAMES), default=DEFAULT_DTYPE, show_default=True,
                     help="Round inputs to this type, compute exactly, round the result once to it."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


@click.group("actcli", cls=ActcliGroup, context_settings=CONTEXT)
@click.version_option(__version__, "--version", "-V", prog_name="actcli", message="%(prog)s %(version)s")
def cli() -> None:
    """Evaluate, differentiate, plot and compare neural-network activation functions.

    \b
    Examples:
      actcli eval relu -- -10 0 15
      actcli grad elu:alpha=2 -1 0 1
      printf 'x\\n-1\\n2\\n' | actcli eval gelu
      actcli list
      actcli info gelu
    """


@cli.command("eval", cls=NumbersCommand, context_settings=CONTEXT)
@click.argument("function", shell_complete=complete_function)
@click.argument("values", nargs=-1)
@_input_options
@_output_options
def eval_command(function: str, values: tuple[str, ...], **options: Any) -> None:
    """Evaluate FUNCTION at VALUES, a --range, a file or standard input.

    FUNCTION is NAME[:KEY=VALUE,...], e.g. leaky_relu:negative_slope=0.2.
    Negative numbers work with or without `--`.

    \b
    Examples:
      actcli eval relu -10 0 15
      actcli eval gelu --range -3 3 --num 7
      actcli eval sigmoid --dtype float16 -- -20 0.1 20
      cut -d, -f2 data.csv | actcli eval gelu > out.csv
      actcli eval silu --input data.csv --column logit
    """
    from actcli.commands.pointwise import run

    run(function, values, order=0, convention="torch", check=False, **options)


@cli.command("grad", cls=NumbersCommand, context_settings=CONTEXT)
@click.argument("function", shell_complete=complete_function)
@click.argument("values", nargs=-1)
@click.option("--order", type=click.Choice(["1", "2"]), default="1", show_default=True,
              help="First or second derivative.")
@click.option("--convention", type=click.Choice(["torch", "jax"]), default="torch", show_default=True,
              help="Whose derivative to give at kinks, where the libraries disagree.")
@click.option("--check", is_flag=True,
              help="Add the high-precision numeric derivative (mpmath) and the difference in ULP.")
@_input_options
@_output_options
def grad_command(function: str, values: tuple[str, ...], order: str, convention: str, check: bool,
                 **options: Any) -> None:
    """Differentiate FUNCTION at VALUES, a --range, a file or standard input.

    At kinks the derivative follows PyTorch unless --convention jax is given;
    `actcli info FUNCTION` lists the kinks. For vector functions (softmax, glu, ...)
    the result is the Jacobian: row i holds the derivatives of output i.

    \b
    Examples:
      actcli grad elu -- -1 0 1
      actcli grad leaky_relu --convention jax 0
      actcli grad gelu --order 2 --range -3 3 --num 7
      actcli grad mish --check -- -5 0.5 30
    """
    from actcli.commands.pointwise import run

    run(function, values, order=int(order), convention="jax" if convention == "jax" else "torch", check=check,
        **options)


@cli.command("list", context_settings=CONTEXT)
@_output_options
def list_command(output_format: str | None, no_header: bool, digits: int) -> None:
    """List every function with its aliases, parameters, output range and summary.

    \b
    Examples:
      actcli list
      actcli list --format csv | grep relu
    """
    from actcli.commands.catalogue import list_functions

    list_functions(output_format, no_header)


@cli.command("info", context_settings=CONTEXT)
@click.argument("function", shell_complete=complete_function)
@click.option("--format", "-f", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
def info_command(function: str, output_format: str) -> None:
    """Show everything actcli knows about FUNCTION: formulas, parameters, range,
    properties, kinks and both libraries' derivative there, source and aliases.

    \b
    Examples:
      actcli info gelu
      actcli info elu:alpha=2
      actcli info hard_tanh --format json
    """
    from actcli.commands.catalogue import describe

    describe(function, output_format)


@cli.command("completion", context_settings=CONTEXT)
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
def completion_command(shell: str) -> None:
    """Print the script that makes SHELL complete actcli's commands, options, function names,
    aliases and parameter names.

    \b
    Examples:
      eval "$(actcli completion bash)"      # in ~/.bashrc
      eval "$(actcli completion zsh)"       # in ~/.zshrc
      actcli completion fish > ~/.config/fish/completions/actcli.fish
    """
    from click.shell_completion import get_completion_class

    completer = get_completion_class(shell)
    assert completer is not None
    click.echo(completer(cli, {}, "actcli", "_ACTCLI_COMPLETE").source())


@cli.command("compare", cls=NumbersCommand, context_settings=CONTEXT)
@click.argument("arguments", nargs=-1, required=True, metavar="FUNC... [VALUES]...")
@click.option("--grad", is_flag=True, help="Compare first derivatives instead of values (table and differences).")
@click.option("--convention", type=click.Choice(["torch", "jax"]), default="torch", show_default=True,
              help="Whose derivative to use at kinks, where the libraries disagree.")
@click.option("--table", "table", type=click.Choice(["values", "properties", "differences", "against", "all"]),
              default=None,
              help="Which tables to print [default: all on a terminal and in JSON; for csv/tsv only the "
                   "values, or the library check with --against]. Several are separated by a blank line.")
@click.option("--against", type=click.Choice(["torch", "jax"]), default=None,
              help="Also evaluate the functions (and their autograd derivatives) in PyTorch or JAX and report "
                   "the largest difference in ULP and the kinks where the conventions differ. Optional "
                   "extras: pip install 'actcli[torch]' or 'actcli[jax]'.")
@click.option("--plot", "plot_path", default=None, metavar="FILE", help="Also save the overlay figure to FILE.")
@_input_options
@_output_options
def compare_command(arguments: tuple[str, ...], grad: bool, convention: str, table: str | None,
                    against: str | None, plot_path: str | None, **options: Any) -> None:
    """Compare functions side by side: their values at the inputs, their properties, and the
    differences of every pair.

    FUNC is NAME[:KEY=VALUE,...]; the same function with different parameters is just more
    columns. Values come as VALUES, --range, --input FILE or standard input, as for eval.

    \b
    Properties (range on the interval, f(0), f'(0), max |f'| and where, where |f'| < 1e-3,
    monotonic, bounded, zero-centred, smoothness, kinks, measured cost) and differences
    (max |f-g| and where, mean |f-g|) are measured on 1001 points (or --num if more) of the
    --range interval, else of the span of the values, else of [-5, 5]. With no inputs at all
    the values table shows 11 points from -5 to 5.

    \b
    Examples:
      actcli compare relu leaky_relu elu -2 -1 0 1 2
      actcli compare gelu gelu_tanh quick_gelu --range -6 6
      actcli compare elu:alpha=0.5 elu:alpha=1 elu:alpha=2 --grad --range -3 3 --num 7
      actcli compare relu gelu --range -4 4 --table properties --format csv
      actcli compare gelu silu --against torch
    """
    from actcli.commands.compare import run

    run(arguments, grad=grad, convention="jax" if convention == "jax" else "torch", table=table, against=against,
        plot_path=plot_path, **options)


@cli.command("plot", cls=NumbersCommand, context_settings=CONTEXT)
@click.argument("functions", nargs=-1, required=True, metavar="FUNCTION...", shell_complete=complete_function)
@click.option("--range", "x_range", type=(float, float), default=None, metavar="START STOP",
              help="The x interval [default: -5 5, widened to whole numbers that show every kink].")
@click.option("--num", "-n", type=click.IntRange(2, 1_000_000), default=1001, show_default=True,
              help="Evenly spaced points; every kink and breakpoint in the interval is added to them.")
@click.option("--grad", is_flag=True, help="Add each first derivative, dashed, in its function's colour.")
@click.option("--grad2", is_flag=True, help="Add each second derivative, dash-dotted.")
@click.option("--output", "-o", default=None, metavar="FILE",
              help="Write the image to FILE, '-' for standard output [default: NAMES.png here, path printed].")
@click.option("--format", "-f", "image_format", type=click.Choice(["png", "svg", "pdf"]), default=None,
              help="Image format [default: from FILE's extension, else png].")
@click.option("--title", default=None, help="Title [default: the functions' labels]; '' for none.")
@click.option("--size", type=(float, float), default=(8.0, 5.0), show_default=True, metavar="W H",
              help="Figure size in inches.")
@click.option("--dpi", type=float, default=100.0, show_default=True,
              help="Dots per inch: a PNG is W·dpi by H·dpi pixels.")
@click.option("--ylim", type=(float, float), default=None, metavar="LOW HIGH",
              help="y-axis limits [default: fit the curves].")
@click.option("--theme", type=click.Choice(["light", "dark"]), default="light", show_default=True,
              help="Colours for a light or a dark page.")
@click.option("--no-grid", is_flag=True, help="Leave out the grid.")
@click.option("--legend", type=click.Choice(["best", "upper-left", "upper-right", "lower-left", "lower-right",
                                             "upper-center", "lower-center", "center-left", "center-right",
                                             "center", "outside", "none"]),
              default="best", show_default=True, metavar="POSITION",
              help="Where the legend goes: best, upper-left, upper-right, lower-left, lower-right, upper-center, "
                   "lower-center, center-left, center-right, center, outside (right of the axes) or none.")
@click.option("--mark-kinks", is_flag=True, help="Mark each kink (where f' jumps) with an open circle.")
@click.option("--shade-saturation", is_flag=True, help="Shade where |f'| < 0.01, in the function's colour.")
@click.option("--formula", is_flag=True,
              help="Add each function's formula to the legend, where matplotlib's mathtext can draw it.")
@click.option("--terminal", is_flag=True,
              help="Draw the plot in the terminal with Unicode braille characters instead of writing an image "
                   "(as wide as the terminal; uses --range, --num, --grad, --grad2, --ylim, --title, --legend none).")
def plot_command(functions: tuple[str, ...], **options: Any) -> None:
    """Plot one or more functions in one figure, each in its own colour, with their
    derivatives dashed in the same colour (--grad, --grad2).

    FUNCTION is NAME[:KEY=VALUE,...]; the legend shows the parameters, so the same function
    with several parameter values is a parameter sweep. The image format comes from the
    extension of -o FILE (.png, .svg, .pdf) or --format; the same command writes the same
    bytes, and a failed plot leaves no file. Vector functions (softmax, glu, ...) are plotted
    along the slice [x, 0]: their first output (for softmax, the logistic sigmoid of x) and
    its derivative along x.

    \b
    Examples:
      actcli plot relu gelu silu                  # writes relu-gelu-silu.png
      actcli plot sigmoid tanh --range -10 10 --grad -o act.svg
      actcli plot elu:alpha=0.5 elu:alpha=1 elu:alpha=2 --legend upper-left
      actcli plot hard_tanh relu6 --mark-kinks --shade-saturation --theme dark -o kinks.pdf
      actcli plot mish --grad --grad2 --terminal
      actcli plot gelu -o - | display
    """
    from actcli.commands.plot import run

    run(functions, **options)
