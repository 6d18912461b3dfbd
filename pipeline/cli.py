"""The ``teipipe`` command: parses arguments and hands over to one command module.

Each command lives in ``pipeline/commands/<name>.py`` with ``HELP``, ``add_arguments``
and ``run(args) -> exit code``; this file only wires them together. Command modules
import their heavy dependencies (saxonche, xmlschema) inside ``run``, so that
``teipipe encode`` never pays for loading a stylesheet engine.
"""

from __future__ import annotations

import argparse
import importlib
import os
import signal
import sys

from teipipe.diagnostics import TeipipeError

EX_SOFTWARE = 70  # sysexits.h: an internal software error
COMMANDS = ["build", "encode", "validate", "transform", "schema", "split", "export"]


def make_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; given the ``command`` being run, only that command's module is
    imported (``teipipe --help`` imports them all, for their one-line help)."""
    parser = argparse.ArgumentParser(
        prog="teipipe",
        description="Plain-text FRUS documents to TEI P5; TEI validation; TEI to HTML and text.",
    )
    parser.add_argument("--version", action=_Version, nargs=0,
                        help="show the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS if command not in COMMANDS else [command]:
        module = importlib.import_module(f"teipipe.commands.{name}")
        parsed = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(parsed)
        parsed.set_defaults(run=module.run)
    return parser


class _Version(argparse.Action):
    """``--version``, the version read only when asked for (see ``teipipe._version``)."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        import teipipe

        print(f"teipipe {teipipe.__version__}")
        parser.exit()


def _command(argv: list[str]) -> str | None:
    """The command named on the command line (the first word not an option: the options
    before it, --help and --version, take no value)."""
    return next((word for word in argv if not word.startswith("-")), None)


def main(argv: list[str] | None = None) -> int:
    """Run one command. Errors teipipe can explain (:class:`TeipipeError`) are printed in the
    one diagnostic format with their exit code; anything else is a bug, reported in one
    line with exit 70 (``TEIPIPE_DEBUG=1`` shows the traceback instead)."""
    from teipipe.batch import Terminated, catch_termination

    before = catch_termination()  # SIGTERM unwinds like Ctrl-C: temporary files are removed
    try:
        argv = sys.argv[1:] if argv is None else argv
        parser = make_parser(_command(argv))
        args = parser.parse_args(argv)
        if not getattr(args, "run", None):
            parser.print_help(sys.stderr)
            return 2
        return int(args.run(args) or 0)
    except TeipipeError as error:
        for line in error.lines():
            print(line, file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("teipipe: interrupted", file=sys.stderr)
        return 130
    except Terminated:
        print("teipipe: terminated", file=sys.stderr)
        return 143
    except BrokenPipeError:
        return 1
    except Exception as error:  # noqa: BLE001 - the last resort: no traceback for a user
        if os.environ.get("TEIPIPE_DEBUG") == "1":
            raise
        what = " ".join(str(error).split()) or "no message"
        print(f"teipipe: internal error: {type(error).__name__}: {what}; "
              "please report it with the input", file=sys.stderr)
        return EX_SOFTWARE
    finally:
        signal.signal(signal.SIGTERM, before)  # as it was (main() called from Python)


if __name__ == "__main__":
    raise SystemExit(main())
