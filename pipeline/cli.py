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

from teipipe import __version__
from teipipe.diagnostics import TeipipeError

EX_SOFTWARE = 70  # sysexits.h: an internal software error
COMMANDS = ["build", "encode", "validate", "transform", "schema", "split", "export"]


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="teipipe",
        description="Plain-text FRUS documents to TEI P5; TEI validation; TEI to HTML and text.",
    )
    parser.add_argument("--version", action="version", version=f"teipipe {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"teipipe.commands.{name}")
        command = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command. Errors teipipe can explain (:class:`TeipipeError`) are printed in the
    one diagnostic format with their exit code; anything else is a bug, reported in one
    line with exit 70 (``TEIPIPE_DEBUG=1`` shows the traceback instead)."""
    from teipipe.batch import Terminated, catch_termination

    before = catch_termination()  # SIGTERM unwinds like Ctrl-C: temporary files are removed
    try:
        parser = make_parser()
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
