"""``teipipe build``: the whole edition — encode, validate, render, index."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from teipipe.commands.common import add_executor_arguments, executor_from

HELP = ("Encode every sources/*.txt into tei/, validate it, render out/html/ and out/text/ "
        "with out/index.html. Exit 0 when everything succeeded, 1 otherwise.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sources", type=Path, default=Path("sources"), metavar="DIR",
                        help="plain-text documents (default: sources)")
    parser.add_argument("--tei", type=Path, default=Path("tei"), metavar="DIR",
                        help="where the TEI goes; its persons.xml is the personography "
                        "(default: tei)")
    parser.add_argument("--out", type=Path, default=Path("out"), metavar="DIR",
                        help="reading editions: html/, text/, index.html (default: out)")
    parser.add_argument("--schema", action="append", metavar="SCHEMA",
                        help="what to validate against, as for teipipe validate; repeat for "
                        "several (default: tei_all and teipipe, the project's customization)")
    add_executor_arguments(parser)
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="print errors and the summary only")


def run(args: argparse.Namespace) -> int:
    from teipipe.build import DEFAULT_SCHEMAS, build

    schemas = tuple(args.schema) if args.schema else DEFAULT_SCHEMAS
    with executor_from(args) as executor:
        result = build(args.sources, args.tei, args.out, schemas=schemas, executor=executor)
    for finding in result.findings:
        if not args.quiet or finding.severity == "error":
            print(finding, file=sys.stderr)
    print(result.summary(), file=sys.stderr)
    return result.status or (1 if result.failed else 0)
