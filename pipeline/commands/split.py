"""``teipipe split``: a FRUS volume to one standalone TEI file per document."""

from __future__ import annotations

import argparse
import sys

from teipipe.diagnostics import InputError

HELP = "split a FRUS volume (one TEI file) into one standalone TEI file per document"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("volume", metavar="VOLUME.xml", help="the volume's TEI file")
    parser.add_argument("-o", "--output", required=True, metavar="DIR",
                        help="directory for the documents (<volume-id>-<doc-id>.xml)")


def run(args: argparse.Namespace) -> int:
    from teipipe.exchange.split import split

    try:
        result = split(args.volume, args.output)
    except InputError as exc:  # an OutputError too: 2 for a usage mistake
        for diagnostic in exc.diagnostics:
            print(diagnostic, file=sys.stderr)
        return exc.exit_code
    for diagnostic in result.diagnostics:
        print(diagnostic, file=sys.stderr)
    unresolved = sum(d.check == "split-pointer" for d in result.diagnostics)
    print(f"wrote {len(result.written)} document(s) to {args.output}; "
          f"{result.rewritten} pointer(s) now history.state.gov addresses; "
          f"{unresolved} pointer(s) with no target", file=sys.stderr)
    return 0 if result.written else 1
