"""``teipipe export``: TEI to exchange formats (CMIF letter metadata, stand-off JSON, W3C Web
Annotation)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from teipipe.diagnostics import Diagnostic, InputError
from teipipe.namespaces import TEI_NS

HELP = ("export TEI files as CMIF (correspSearch), as stand-off JSON (text + offsets) or as "
        "W3C Web Annotations")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    fmt = parser.add_mutually_exclusive_group(required=True)
    fmt.add_argument("--cmif", action="store_const", const="cmif", dest="format",
                     help="one CMIF file with a correspDesc per letter (-o is a file)")
    fmt.add_argument("--standoff", action="store_const", const="standoff", dest="format",
                     help="one JSON file per document (-o is a directory)")
    fmt.add_argument("--web-annotation", action="store_const", const="annotations",
                     dest="format", help="W3C Web Annotation (JSON-LD): one file per document, "
                     "one annotation per entity or note (-o is a directory)")
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="TEI files, or folders (their *.xml files, in name order)")
    parser.add_argument("-o", "--output", required=True, help="output file (CMIF) or directory")
    cmif = parser.add_argument_group("CMIF header")
    cmif.add_argument("--url", default="", help="the address the CMIF file will be published at")
    cmif.add_argument("--title", default="", help="title of the letter index")
    cmif.add_argument("--editor", default="", help="contact person")
    cmif.add_argument("--email", default="", help="the contact person's e-mail")
    cmif.add_argument("--publisher", default="", help="who publishes the metadata")
    cmif.add_argument("--url-template", default="", metavar="TEMPLATE",
                      help="address of a letter whose header gives none, e.g. "
                      "'https://example.org/letters/{id}' ({id}: the TEI root's xml:id, else "
                      "the file name without extension; {stem}: the file name)")
    cmif.add_argument("--from-header", action="store_true",
                      help="read a letter without correspDesc from its header, if the header "
                      "calls it a letter (DTA: classCode 'Brief'): the author as sender, the "
                      "original's date from sourceDesc; no place, addressee 'Unknown'")
    standoff = parser.add_argument_group("stand-off")
    standoff.add_argument("--raw-text", action="store_true",
                          help="keep the file's characters (indentation, line ends) instead "
                          "of the normalised reading text")


def _report(diagnostics: list[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic, file=sys.stderr)


def run_standoff(args: argparse.Namespace) -> int:
    from teipipe.exchange.annotations import annotation_page, text_name
    from teipipe.exchange.source import parse_tei, tei_files
    from teipipe.exchange.standoff import export_file

    outputs: list[tuple[Path, dict | str]] = []
    errors: list[Diagnostic] = []
    suffix = ".jsonld" if args.format == "annotations" else ".json"
    for path in tei_files(args.paths):
        try:
            tree = parse_tei(path)
        except InputError as exc:
            errors.extend(exc.diagnostics)
            continue
        for name, data in export_file(path, tree, raw=args.raw_text):
            if args.format == "annotations":  # the annotated text goes beside the JSON-LD
                outputs += [(Path(args.output) / text_name(name, layer), text)
                            for layer, text in data["text"].items() if text]
                data = annotation_page(data, name)
            outputs.append((Path(args.output) / f"{name}{suffix}", data))
    _report(errors)
    if errors:
        return 1  # nothing written: a partial export would look complete
    from teipipe.xmlio import OutputError, Sources, atomic_write, output_target, prepare_folder

    sources = Sources(args.paths)
    try:  # every output checked before the first is written
        real = prepare_folder(args.output)
        for target, _ in outputs:
            output_target(target, sources, real)
        for target, content in outputs:
            atomic_write(target, content if isinstance(content, str)
                         else json.dumps(content, ensure_ascii=False, indent=1) + "\n",
                         sources=sources)
    except OutputError as exc:
        _report(exc.diagnostics)
        return exc.exit_code
    print(f"wrote {len(outputs)} file(s) to {args.output}", file=sys.stderr)
    return 0


def run_cmif(args: argparse.Namespace) -> int:
    from teipipe.exchange.cmif import Header, build_cmif, check_cmif
    from teipipe.exchange.source import parse_tei, tei_files

    if not args.url or not args.editor:
        print("teipipe export --cmif: --url (where the file will be published) and --editor "
              "(a contact person) are required by CMIF", file=sys.stderr)
        return 2
    from teipipe.xmlio import OutputError, Sources, output_target

    try:  # a wrong -o is said first, not after the work
        output_target(args.output, Sources(args.paths))
    except OutputError as exc:
        _report(exc.diagnostics)
        return exc.exit_code
    trees, errors = [], []
    for path in tei_files(args.paths):
        try:
            trees.append((str(path), parse_tei(path)))
        except InputError as exc:
            errors.extend(exc.diagnostics)
    if errors:
        _report(errors)
        return 1
    header = Header(url=args.url, title=args.title, editor=args.editor, email=args.email,
                    publisher=args.publisher, url_template=args.url_template,
                    from_header=args.from_header)
    document, diagnostics = build_cmif(trees, header)
    letters = len(document.findall(f".//{{{TEI_NS}}}correspDesc"))
    if not letters:
        diagnostics.append(Diagnostic(args.output, 0, 0, "error", "no letters in the input "
                                      "(no correspDesc, no head persName type='from'/'to')",
                                      "cmif"))
    problems = check_cmif(document) if letters else []
    _report(diagnostics)
    for problem in problems:
        print(f"{args.output}: error [cmif]: {problem}", file=sys.stderr)
    if problems or any(d.severity == "error" for d in diagnostics):
        return 1
    from lxml import etree

    from teipipe.xmlio import atomic_write, sweep_stale

    sweep_stale(Path(args.output).parent)
    try:
        atomic_write(args.output, etree.tostring(document, xml_declaration=True,
                                                 encoding="UTF-8", pretty_print=True),
                     sources=Sources(args.paths))
    except OutputError as exc:
        _report(exc.diagnostics)
        return exc.exit_code
    print(f"wrote {args.output}: {letters} letter(s)", file=sys.stderr)
    return 0


def run(args: argparse.Namespace) -> int:
    return run_cmif(args) if args.format == "cmif" else run_standoff(args)
