"""``teipipe validate``: check TEI files and print one merged report."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from teipipe.commands.common import add_executor_arguments, executor_from

HELP = ("Check TEI files: well-formedness, RELAX NG, XSD and Schematron. "
        "Exit 0 valid, 1 invalid, 2 usage error, unreadable file, or a schema that "
        "cannot be found or used.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="TEI files, folders (searched for *.xml), or - for stdin")
    parser.add_argument("--schema", action="append", metavar="SCHEMA",
                        help="tei_all, teipipe, a .rng / .xsd / .sch file or URL, or a TEI ODD "
                             "(.odd: compiled on the fly, cached by content); repeat it "
                             "for several (an RNG, a Schematron and an XSD in one run). "
                             "Without it each document is checked against what its "
                             "<?xml-model?> lines declare, as oXygen does, else tei_all")
    parser.add_argument("--catalog", action="append", default=[], type=Path, metavar="FILE",
                        help="an OASIS XML catalog mapping schema URLs to local files "
                             "(repeatable; XML_CATALOG_FILES is read too, and teipipe's "
                             "own catalog of the TEI schemas it ships comes last)")
    parser.add_argument("--allow-network", action="store_true",
                        help="fetch a schema URL that no catalog maps (kept in the user "
                             "cache); nothing in a document ever reaches the network")
    parser.add_argument("--phase", metavar="PHASE",
                        help="the Schematron phase to run (#ALL, #DEFAULT or a phase id; "
                             "default: the schema's defaultPhase, else all patterns)")
    parser.add_argument("--format", choices=["text", "json", "junit"], default="text")
    parser.add_argument("-j", "--jobs", type=_positive, default=1, metavar="N",
                        help="worker processes for many files (default 1: on a busy machine "
                             "more were hardly faster and take N times the memory)")
    add_executor_arguments(parser, jobs=False)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return int(text)


def run(args: argparse.Namespace) -> int:
    from teipipe.validate import (
        SchemaError,
        Selection,
        expand,
        load_path,
        validate_loaded,
    )
    from teipipe.validation.load import parse

    try:
        validator = Selection(args.schema, catalogs=args.catalog,
                              allow_network=args.allow_network, phase=args.phase,
                              jobs=args.jobs)
    except SchemaError as exc:
        print(f"teipipe validate: {exc}", file=sys.stderr)
        return 2
    paths: list[Path] = []
    seen: set[str] = set()
    docs = []
    for given in args.paths:
        if given == "-":
            paths.append(Path("-"))
            docs.append(parse(sys.stdin.buffer.read(), "<stdin>", None))
            continue
        expanded = expand([Path(given)])
        if not expanded and Path(given).is_dir():
            print(f"teipipe validate: {given}: no *.xml files in this folder", file=sys.stderr)
            return 2
        expanded = [p for p in expanded if _first(p, seen)]  # each file once (batch.expand)
        paths += expanded
        docs += [load_path(p) for p in expanded]
    if args.executor == "local":
        reports = validate_loaded(validator, docs, paths)
    else:  # the files on the cluster, stdin here
        from teipipe.executors import validate_files

        files = [p for p, d in zip(paths, docs, strict=True) if d.pending]
        with executor_from(args, jobs=False) as executor:
            done = iter(validate_files(executor, files, args.schema, catalogs=args.catalog,
                                       allow_network=args.allow_network,
                                       phase=args.phase))
        reports = [next(done) if d.pending else validate_loaded(validator, [d], [p])[0]
                   for p, d in zip(paths, docs, strict=True)]
    print(FORMATS[args.format](reports), end="")
    if any(r.unreadable or r.schema_problem for r in reports):
        return 2
    return 0 if all(r.valid for r in reports) else 1


def _first(path: Path, seen: set[str]) -> bool:
    """True the first time a file (by its real path) comes up in this run."""
    import os

    real = os.path.realpath(path)
    if real in seen:
        return False
    seen.add(real)
    return True


def summary(reports) -> str:
    invalid = sum(not r.valid for r in reports)
    errors = sum(f.severity == "error" for r in reports for f in r.findings)
    warnings = sum(f.severity == "warning" for r in reports for f in r.findings)
    files = "file" if len(reports) == 1 else "files"
    return (f"{len(reports)} {files}: {len(reports) - invalid} valid, {invalid} invalid "
            f"({errors} errors, {warnings} warnings)")


def as_text(reports) -> str:
    lines = [str(f) for r in reports for f in r.findings]
    if len(reports) == 1 and reports[0].valid and not any(
            f.severity != "info" for f in reports[0].findings):
        lines.append(f"{reports[0].path}: valid")
    lines.append(summary(reports))
    return "\n".join(lines) + "\n"


def as_json(reports) -> str:
    data = {
        "files": [
            {"path": str(r.path), "valid": r.valid,
             "findings": [{"line": f.line, "col": f.col, "severity": f.severity,
                           "check": f.check, "message": f.message} for f in r.findings]}
            for r in reports
        ],
        "summary": summary(reports),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def as_junit(reports) -> str:
    """One test case per file: CI systems show invalid files as failed tests."""
    from xml.sax.saxutils import quoteattr  # here: it pulls in urllib, slow to import

    failures = sum(not r.valid for r in reports)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<testsuite name="teipipe validate" tests="{len(reports)}" failures="{failures}">']
    for r in reports:
        out.append(f"  <testcase classname=\"validate\" name={quoteattr(str(r.path))}>")
        if not r.valid:
            text = "\n".join(str(f) for f in r.findings)
            first = next((f.message for f in r.findings if f.severity == "error"), "invalid")
            out.append(f"    <failure message={quoteattr(first)}>{_esc(text)}</failure>")
        out.append("  </testcase>")
    out.append("</testsuite>")
    return "\n".join(out) + "\n"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


FORMATS = {"text": as_text, "json": as_json, "junit": as_junit}
