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


class InputError(Exception):
    """Input that cannot be processed; carries the findings that explain why."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("\n".join(str(d) for d in diagnostics))

    def __reduce__(self):  # whole, when it comes back from a worker process
        return (type(self), (self.diagnostics,))
