"""Exceptions that carry a message meant for the user, and the exit statuses."""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """Process exit codes, following Click's and the shell's conventions."""

    OK = 0
    ERROR = 1
    USAGE = 2
    INTERRUPTED = 130


class ActcliError(ValueError):
    """A mistake in what the user asked for; the message is shown to them as is."""


class UnknownFunctionError(ActcliError):
    """No activation function has that name or alias."""


class ParameterError(ActcliError):
    """A function parameter is unknown, malformed or out of its domain."""


class InputError(ActcliError):
    """Input data that cannot be read as numbers."""
