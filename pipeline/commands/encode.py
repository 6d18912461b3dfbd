"""``teipipe encode SOURCE… [-o OUT] [--persons FILE]``: FRUS text files → TEI P5.

One source is written to ``-o FILE`` (default ``tei/<name>.xml``); several go into the
folder ``-o DIR`` (default ``tei``) as ``<name>.xml``, encoded in one process or shared
out to workers (``-j``, ``--executor``) like validate and transform.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from teipipe.commands.common import add_executor_arguments, executor_from

HELP = "encode FRUS plain-text documents as TEI P5"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sources", type=Path, nargs="+", metavar="SOURCE",
                        help="plain-text documents (UTF-8)")
    parser.add_argument("-o", "--output", type=Path,
                        help="the TEI file to write for one source (default: tei/<source "
                        "name>.xml); a folder for several (default: tei)")
    parser.add_argument("--persons", type=Path,
                        help="personography to link names to: our tei/persons.xml, a TEI "
                        "listPerson, or a FRUS volume's persons list (default: tei/persons.xml "
                        "if it exists)")
    parser.add_argument("--update-persons", action="store_true",
                        help="add the names found to the --persons file (our format only)")
    parser.add_argument("--volume", help="FRUS volume id (default: from the file name, "
                        "e.g. frus1977-80v06)")
    parser.add_argument("--document", help="document number in the volume (default: from the "
                        "file name; one source only)")
    parser.add_argument("--profile", choices=["teipipe", "frus"], default="teipipe",
                        help="teipipe (default): lossless, names linked with @ref; frus: the "
                        "Office of the Historian's conventions (persName/@corresp to the p_… "
                        "ids of --persons), for merging into a FRUS volume")
    add_executor_arguments(parser)
    parser.add_argument("-q", "--quiet", action="store_true", help="print errors only")


def run(args: argparse.Namespace) -> int:
    from teipipe.diagnostics import InputError

    persons = args.persons or (Path("tei/persons.xml") if Path("tei/persons.xml").exists()
                               else None)
    many = len(args.sources) > 1
    if many and args.document:
        print("teipipe encode: --document names one source's number; several sources take "
              "theirs from their names", file=sys.stderr)
        return 2
    folder = (args.output or Path("tei")) if many else None
    if folder is not None:
        pairs = [(source, folder / f"{source.stem}.xml") for source in args.sources]
    else:
        pairs = [(args.sources[0], args.output or Path("tei") / f"{args.sources[0].stem}.xml")]
    try:
        if folder is None:
            outcomes = [_one(pairs[0], persons, args)]
        else:
            outcomes = _many(pairs, folder, persons, args)
    except InputError as error:
        for finding in error.diagnostics:
            print(finding, file=sys.stderr)
        return error.exit_code  # an OutputError says 2 for a usage mistake
    for (_, out), (written, findings) in zip(pairs, outcomes, strict=True):
        for finding in findings:
            if written is False or not args.quiet:
                print(finding, file=sys.stderr)
        if written and not args.quiet and folder is None:
            print(f"wrote {out}", file=sys.stderr)
    failed = sum(not written for written, _ in outcomes)
    if folder is not None and not args.quiet:
        print(f"{len(pairs) - failed} of {len(pairs)} files encoded into {folder}"
              + (f", {failed} failed" if failed else ""), file=sys.stderr)
    return 1 if failed else 0


def _one(pair: tuple[Path, Path], persons: Path | None, args: argparse.Namespace
         ) -> tuple[bool, list]:
    """One source, in this process, as it always was."""
    from teipipe.diagnostics import InputError
    from teipipe.encode import encode_file, source_info
    from teipipe.xmlio import sweep_stale

    source, out = pair
    info = source_info(source, args.volume, args.document)
    sweep_stale(out.parent)  # what a killed run left (.NAME.teipipe-PID-….tmp)
    try:
        return True, encode_file(source, out, persons, update_persons=args.update_persons,
                                 info=info, profile=args.profile)
    except InputError as error:
        if error.exit_code != 1:
            raise
        return False, error.diagnostics


def _many(pairs: list[tuple[Path, Path]], folder: Path, persons: Path | None,
          args: argparse.Namespace) -> list[tuple[bool, list]]:
    """Several sources into ``folder``, shared out to workers; no two into one file."""
    from teipipe.diagnostics import Diagnostic
    from teipipe.encode import encode_batch
    from teipipe.xmlio import OutputError, prepare_folder

    made: dict[Path, Path] = {}
    clashes = []
    for source, out in pairs:
        if out in made:
            clashes.append(Diagnostic(str(out), 0, 0, "error", f"both {made[out]} and {source} "
                                      "would be encoded here; rename one", "output"))
        made.setdefault(out, source)
    if clashes:
        raise OutputError.of(clashes, 2)
    prepare_folder(folder)  # made, writable; what a killed run left goes
    with executor_from(args) as executor:
        return encode_batch(pairs, persons, update_persons=args.update_persons,
                            profile=args.profile, volume=args.volume, executor=executor)
