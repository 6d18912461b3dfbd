"""The command line's error handling: explained errors in the one format with their exit
code, anything else one line and exit 70, never a traceback (unless TEIPIPE_DEBUG=1)."""

from __future__ import annotations

import argparse

import pytest

from teipipe import cli
from teipipe.diagnostics import Diagnostic, InputError, SchemaError, TeipipeError, UsageError


def _run_raising(monkeypatch, error: BaseException) -> None:
    """Make ``teipipe encode`` raise ``error`` from its ``run``."""
    def run(args: argparse.Namespace) -> int:
        raise error
    monkeypatch.setattr("teipipe.commands.encode.run", run)


def test_every_error_teipipe_explains_shares_one_base() -> None:
    for kind in (InputError, UsageError, SchemaError):
        assert issubclass(kind, TeipipeError)
    from teipipe.validate import SchemaError as validate_schema_error
    from teipipe.validation.schematron import SchematronError

    assert issubclass(SchematronError, SchemaError) and validate_schema_error is SchemaError
    assert InputError([]).exit_code == 1 and SchemaError("x").exit_code == 2


def test_input_error_prints_its_findings_and_exits_1(monkeypatch, capsys) -> None:
    found = Diagnostic("a.txt", 3, 1, "error", "bad page marker", "read")
    _run_raising(monkeypatch, InputError([found]))
    assert cli.main(["encode", "a.txt"]) == 1
    assert capsys.readouterr().err == "a.txt:3:1: error [read]: bad page marker\n"


def test_usage_error_prints_one_line_and_exits_2(monkeypatch, capsys) -> None:
    _run_raising(monkeypatch, SchemaError("x.rng: schema file not found"))
    assert cli.main(["encode", "a.txt"]) == 2
    assert capsys.readouterr().err == "teipipe: x.rng: schema file not found\n"


def test_an_unexpected_exception_is_one_line_and_exit_70(monkeypatch, capsys) -> None:
    _run_raising(monkeypatch, KeyError("multi\nline"))
    monkeypatch.delenv("TEIPIPE_DEBUG", raising=False)
    assert cli.main(["encode", "a.txt"]) == 70
    err = capsys.readouterr().err
    assert err == ("teipipe: internal error: KeyError: 'multi\\nline'; "
                   "please report it with the input\n")


def test_teipipe_debug_shows_the_traceback(monkeypatch) -> None:
    _run_raising(monkeypatch, KeyError("boom"))
    monkeypatch.setenv("TEIPIPE_DEBUG", "1")
    with pytest.raises(KeyError):
        cli.main(["encode", "a.txt"])


def test_a_command_that_does_not_import_is_not_hidden(monkeypatch, capsys) -> None:
    """Every command is listed or the command line fails: none silently disappears."""
    monkeypatch.setattr(cli, "COMMANDS", [*cli.COMMANDS, "absent"])
    monkeypatch.delenv("TEIPIPE_DEBUG", raising=False)
    assert cli.main(["--help"]) == 70
    assert "internal error: ModuleNotFoundError" in capsys.readouterr().err


def test_version(capsys) -> None:
    from teipipe import __version__

    with pytest.raises(SystemExit) as exit:
        cli.main(["--version"])
    assert exit.value.code == 0 and capsys.readouterr().out == f"teipipe {__version__}\n"


def test_the_version_is_the_installed_one() -> None:
    """Read from the METADATA file without importlib.metadata (slow to import)."""
    from importlib.metadata import version

    import teipipe

    assert teipipe._version() == version("teipipe")


def test_running_a_command_imports_no_other_command() -> None:
    """Start-up: ``teipipe encode`` builds the parser of encode only (``--help`` of all)."""
    import ast
    import subprocess
    import sys

    code = ("import sys, teipipe.cli as c; c.make_parser(c._command(sys.argv[1:])); "
            "print(sorted(m for m in sys.modules if m.startswith('teipipe.commands.')))")
    run = [sys.executable, "-c", code]
    out = subprocess.run([*run, "encode", "x.txt"], capture_output=True, text=True, check=True)
    assert out.stdout == "['teipipe.commands.common', 'teipipe.commands.encode']\n"
    out = subprocess.run([*run, "--help"], capture_output=True, text=True, check=True)
    assert len(ast.literal_eval(out.stdout)) == len(cli.COMMANDS) + 1  # and common.py
    code = "import sys, teipipe.cli; print('importlib.metadata' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout == "False\n"
