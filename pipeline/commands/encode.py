"""``teipipe encode SOURCE [-o OUT] [--persons FILE]``: one FRUS text file → TEI P5."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from teipipe.diagnostics import InputError
from teipipe.frus import document_url

HELP = "encode a FRUS plain-text document as TEI P5"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", type=Path, help="the plain-text document (UTF-8)")
    parser.add_argument("-o", "--output", type=Path,
                        help="the TEI file to write (default: tei/<source name>.xml)")
    parser.add_argument("--persons", type=Path,
                        help="personography to link names to: our tei/persons.xml, a TEI "
                        "listPerson, or a FRUS volume's persons list (default: tei/persons.xml "
                        "if it exists)")
    parser.add_argument("--update-persons", action="store_true",
                        help="add the names found to the --persons file (our format only)")
    parser.add_argument("--volume", help="FRUS volume id (default: from the file name, "
                        "e.g. frus1977-80v06)")
    parser.add_argument("--document", help="document number in the volume (default: from the "
                        "file name)")
    parser.add_argument("--profile", choices=["teipipe", "frus"], default="teipipe",
                        help="teipipe (default): lossless, names linked with @ref; frus: the "
                        "Office of the Historian's conventions (persName/@corresp to the p_… "
                        "ids of --persons), for merging into a FRUS volume")
    parser.add_argument("-q", "--quiet", action="store_true", help="print errors only")


def run(args: argparse.Namespace) -> int:
    from teipipe.encode import encode_file
    from teipipe.reader import source_info_from_name, volume_title
    from teipipe.xmlio import sweep_stale

    out = args.output or Path("tei") / f"{args.source.stem}.xml"
    persons = args.persons or (Path("tei/persons.xml") if Path("tei/persons.xml").exists()
                               else None)
    info = source_info_from_name(str(args.source))
    if args.volume:
        info.volume_id, info.volume_title = args.volume, volume_title(args.volume)
    if args.document:
        info.doc_number = args.document
    if info.volume_id and info.doc_number:
        info.url = document_url(info.volume_id, info.doc_id)
    sweep_stale(out.parent)  # what a killed run left (.NAME.teipipe-PID-….tmp)
    try:
        findings = encode_file(args.source, out, persons, update_persons=args.update_persons,
                               info=info, profile=args.profile)
    except InputError as error:
        for finding in error.diagnostics:
            print(finding, file=sys.stderr)
        return error.exit_code  # an OutputError says 2 for a usage mistake
    if not args.quiet:
        for finding in findings:
            print(finding, file=sys.stderr)
        print(f"wrote {out}", file=sys.stderr)
    return 0
