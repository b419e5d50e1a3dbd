"""The command line: parses arguments, calls the library, renders the results."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

import click

from actcli import __version__
from actcli.errors import ActcliError, ExitStatus
from actcli.reader import is_number

FORMATS = ("table", "csv", "tsv", "json", "jsonl")
DTYPE_NAMES = ("float64", "float32", "float16", "bfloat16")
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class ActcliGroup(click.Group):
    """Turns every user mistake into one line on stderr and an exit status, never a traceback."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:
        try:
            status = super().main(args, prog_name or "actcli", complete_var, standalone_mode=False, **extra)
            status = status if isinstance(status, int) else ExitStatus.OK
        except click.UsageError as error:
            command = error.ctx.command_path if error.ctx else "actcli"
            _complain(f"{command}: error: {error.format_message()} (see '{command} --help')")
            status = ExitStatus.USAGE
        except click.ClickException as error:
            _complain(f"actcli: error: {error.format_message()}")
            status = error.exit_code
        except ActcliError as error:
            _complain(f"actcli: error: {error}")
            status = ExitStatus.USAGE
        except (KeyboardInterrupt, click.Abort):
            status = ExitStatus.INTERRUPTED
        except BrokenPipeError:
            # The reader went away (`| head`): stop quietly, and keep Python's exit-time flush quiet too.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            status = ExitStatus.OK
        if standalone_mode:
            sys.exit(status)
        return status


def _complain(message: str) -> None:
    """One line on stderr: control characters from the user's input are shown escaped."""
    click.echo("".join(c if c.isprintable() else repr(c)[1:-1] for c in message), err=True)


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
            if token.startswith("-") and not _is_negative_number(token):
                options.append(token)
            else:
                positional.append(token)
            index += 1
        return super().parse_args(ctx, [*options, "--", *positional])


def _is_negative_number(token: str) -> bool:
    """`-10`, `-1e-3`, `-inf`, or several such joined by commas: values, not options."""
    return all(is_number(part) for part in token.split(","))


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
        click.option("--digits", type=click.IntRange(1, 17), default=10, show_default=True,
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
        click.option("--dtype", "-t", type=click.Choice(DTYPE_NAMES), default="float64", show_default=True,
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


def main() -> None:
    """Console-script entry point."""
    cli.main()
