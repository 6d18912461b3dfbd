"""Findings about an input: where (file:line:col), how bad, and what to do.

Every stage reports through these, so the command line prints one format for all.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Diagnostic:
    path: str
    line: int
    col: int
    severity: str  # "error" | "warning" | "info"
    message: str
    check: str = ""  # which rule or stage found it

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}" if self.line else self.path
        check = f" [{self.check}]" if self.check else ""
        return f"{where}: {self.severity}{check}: {self.message}"


class TeipipeError(Exception):
    """Base of every error teipipe expects and can explain: the command line prints its
    lines and exits with its ``exit_code``, so no traceback reaches a user. Anything
    else that escapes is a bug (``teipipe: internal error``, exit 70)."""

    exit_code = 1

    def __init__(self, message: str = "", diagnostics: list[Diagnostic] | None = None):
        self.diagnostics = list(diagnostics or [])
        super().__init__(message or "\n".join(str(d) for d in self.diagnostics))

    def lines(self) -> list[str]:
        """What to print: the findings in the one format, or else the message on one line."""
        return [str(d) for d in self.diagnostics] or [f"teipipe: {' '.join(str(self).split())}"]


class InputError(TeipipeError):
    """Input that cannot be processed; carries the findings that explain why. Exit 1."""

    exit_code = 1

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__(diagnostics=diagnostics)

    def __reduce__(self):  # whole, when it comes back from a worker process
        return (type(self), (self.diagnostics,))


class UsageError(TeipipeError):
    """The command was given something it cannot use (an option, a missing file). Exit 2."""

    exit_code = 2


class SchemaError(UsageError):
    """The schema named on the command line cannot be found or used. Exit 2."""
