"""The console entry point. `actcli eval|grad FUNCTION [--] [NUMBERS...]`, the call pipelines make
thousands of times, and a bare `actcli list` go straight to the library: importing Click is a
tenth of actcli's start-up. Every other command line, options included, goes through Click
(actcli.cli)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence

from actcli.errors import ActcliError, ExitStatus
from actcli.tokens import is_value_token

# The defaults of eval's and grad's options (actcli.cli declares them from these).
DEFAULT_DTYPE = "float64"
DEFAULT_DIGITS = 10
ORDERS = {"eval": 0, "grad": 1}


def main() -> None:
    """Console-script entry point."""
    plain = _plain_call(sys.argv[1:])
    if plain is None:
        from actcli.cli import cli

        cli.main()
    else:
        sys.exit(guarded(plain))


def _plain_call(args: Sequence[str]) -> Callable[[], None] | None:
    """The call `args` make, when they are `list` alone, or a command, a function and values only."""
    if list(args) == ["list"]:
        def list_all() -> None:
            from actcli.commands.catalogue import list_functions

            list_functions(None, False)

        return list_all
    if len(args) < 2 or args[0] not in ORDERS or args[1].startswith("-"):
        return None
    command, function, values = args[0], args[1], list(args[2:])
    if "--" in values:
        cut = values.index("--")
        if not all(is_value_token(token) for token in values[:cut]):
            return None
        values = values[:cut] + values[cut + 1:]
    elif not all(is_value_token(token) for token in values):
        return None

    def call() -> None:
        from actcli.commands.pointwise import run

        run(function, tuple(values), order=ORDERS[command], convention="torch", check=False, x_range=None,
            num=None, step=None, input_path=None, column=None, dtype=DEFAULT_DTYPE, output_format=None,
            no_header=False, digits=DEFAULT_DIGITS)

    return call


def guarded(action: Callable[[], object]) -> int:
    """Runs `action`, turning a user's mistake into one line on stderr and an exit status, an
    interrupt into 130, and a reader that went away (`| head`) into a quiet end: never a traceback."""
    try:
        status = action()
        return status if isinstance(status, int) else ExitStatus.OK
    except ActcliError as error:
        complain(f"actcli: error: {error}")
        return ExitStatus.USAGE
    except KeyboardInterrupt:
        return ExitStatus.INTERRUPTED
    except BrokenPipeError:
        # Keep Python's exit-time flush of stdout quiet too.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return ExitStatus.OK


def complain(message: str) -> None:
    """One line on stderr: control characters from the user's input are shown escaped."""
    sys.stderr.write("".join(c if c.isprintable() else repr(c)[1:-1] for c in message) + "\n")
    sys.stderr.flush()
