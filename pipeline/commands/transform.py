"""``teipipe transform``: TEI files to HTML pages or plain text."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from teipipe.commands.common import add_executor_arguments, executor_from

HELP = ("Render TEI as reading editions: one standalone HTML page or one text file per "
        "document. Exit 0 when every file was rendered, 1 when some failed, 2 on usage errors.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="TEI files, or folders (the *.xml files under them, hidden "
                             "ones left out)")
    parser.add_argument("--to", choices=["html", "text"], default="html",
                        help="output format (default html)")
    parser.add_argument("--style", choices=["reading", "source"], default="reading",
                        help="text only: clean reading text, or the source text given back")
    parser.add_argument("--no-pages", action="store_true",
                        help="text only: leave page breaks out")
    parser.add_argument("--xslt", type=Path, metavar="FILE",
                        help="run this XSLT 3.0 stylesheet instead of ours (outputs are named "
                             ".html or .txt after --to). The stylesheet is trusted: it can read "
                             "any file you can read (unparsed-text(), doc()); the TEI documents "
                             "it renders still come through teipipe's hardened parser")
    parser.add_argument("-j", "--jobs", type=int, metavar="N",
                        help="worker processes for many files, and for the two halves of a "
                             "page of 8 MB or more (default: one per CPU; 1: all in this one)")
    parser.add_argument("-o", "--out", type=Path, metavar="DIR",
                        help="write one file per input into DIR (default: stdout, one file only)")
    add_executor_arguments(parser, jobs=False)


def run(args: argparse.Namespace) -> int:
    from teipipe.diagnostics import InputError
    from teipipe.transform import Options, Transformer, expand, transform_paths
    from teipipe.xmlio import OutputError

    if args.style != "reading" and args.to != "text":
        print("teipipe transform: --style applies to --to text only", file=sys.stderr)
        return 2
    if args.xslt is not None and (args.style != "reading" or args.no_pages):
        print("teipipe transform: --style and --no-pages are for our text stylesheet, "
              "not --xslt", file=sys.stderr)
        return 2
    options = Options(to=args.to, style=args.style, pages=not args.no_pages, xslt=args.xslt)
    paths = list(expand(args.paths))
    if not paths:
        print("teipipe transform: no *.xml files in " + ", ".join(map(str, args.paths)),
              file=sys.stderr)
        return 2
    if args.out is None and len(args.paths) + len(paths) != 2:  # one file, named once
        print("teipipe transform: several inputs need -o DIR", file=sys.stderr)
        return 2
    if args.out is None:
        try:
            transformer = Transformer(options)
        except InputError as exc:
            print(exc, file=sys.stderr)
            return 2
        try:
            sys.stdout.write(transformer.render(paths[0]))
        except InputError as exc:
            print(exc, file=sys.stderr)
            return 1
        return 0
    # Saxon starts inside transform_paths, so that any workers can still be forked
    try:
        if args.executor == "local":
            written, problems = transform_paths(paths, args.out, options, workers=args.jobs)
        else:
            from teipipe.executors import render_files

            with executor_from(args, jobs=False) as executor:
                written, problems = render_files(executor, paths, args.out, options)
    except OutputError as exc:  # nothing written: an output would replace an input, say
        print(exc, file=sys.stderr)
        return exc.exit_code
    except InputError as exc:  # the stylesheet itself, compiled in this process's share
        print(exc, file=sys.stderr)
        return 2
    for problem in problems:
        print(problem, file=sys.stderr)
    failed = len({p.path for p in problems})
    print(f"{len(written)} of {len(paths)} files rendered to {args.out}"
          + (f", {failed} failed" if failed else ""), file=sys.stderr)
    return 1 if problems else 0
