"""``teipipe schema``: derive teipipe.rng, teipipe.sch and teipipe.xsd from the project ODD."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from teipipe import SCHEMA_DIR

HELP = ("Derive the project schemas (RELAX NG, Schematron, XSD) from schema/teipipe.odd, or "
        "compile any TEI ODD against p5subset.xml as TEI's own processor does. "
        "Exit 0 done, 1 teipipe.odd is wrong or unsupported, 2 a file cannot be read or "
        "another ODD uses a construct teipipe does not compile yet.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    odd, tei_all = SCHEMA_DIR / "teipipe.odd", SCHEMA_DIR / "tei_all.rng"
    parser.add_argument("odd", nargs="?", type=Path, default=odd, metavar="ODD",
                        help=f"the customization (default {_short(odd)})")
    parser.add_argument("--source", type=Path, default=None,
                        help=f"for teipipe.odd (or with a .rng): the full TEI grammar to cut "
                             f"from (default {_short(tei_all)}); otherwise the TEI source its "
                             "version pins resolve to (default "
                             f"{_short(SCHEMA_DIR / 'p5subset.xml')})")
    parser.add_argument("-o", "--out-dir", type=Path, default=None,
                        help="where to write (default: the ODD's folder)")
    parser.add_argument("--no-xsd", action="store_true",
                        help="skip the XSD (made with trang, a Java tool used at build time only)")


def run(args: argparse.Namespace) -> int:
    from teipipe.diagnostics import InputError
    from teipipe.validation.odd import write_schemas

    own = args.odd.resolve() == (SCHEMA_DIR / "teipipe.odd").resolve()
    if not own and (args.source is None or args.source.suffix != ".rng"):
        return _compile_other(args)  # a grammar as --source still means: cut it
    args.source = args.source or SCHEMA_DIR / "tei_all.rng"
    for given in (args.odd, args.source):
        if not given.is_file():
            print(f"teipipe schema: {given}: no such file", file=sys.stderr)
            return 2
    if args.out_dir is None and _inside_installed_package(args.odd):
        print(f"teipipe schema: {args.odd.parent} is part of the installed teipipe package; "
              "give -o DIR for the derived schemas", file=sys.stderr)
        return 2
    try:
        written = write_schemas(args.odd, args.source, args.out_dir, xsd=False)
    except InputError as exc:
        for finding in exc.diagnostics:
            print(finding, file=sys.stderr)
        return 1 if all(f.line for f in exc.diagnostics) else 2
    return _finish(written, args.no_xsd)


def _compile_other(args: argparse.Namespace) -> int:
    """Any ODD but the project's own: :mod:`teipipe.validation.oddc` (ODD language, chaining)."""
    from teipipe.diagnostics import InputError
    from teipipe.validation.oddc import compile_schemas
    from teipipe.xmlio import atomic_write

    source = args.source or SCHEMA_DIR / "p5subset.xml"
    for given in (args.odd, source):
        if not given.is_file():
            print(f"teipipe schema: {given}: no such file", file=sys.stderr)
            return 2
    try:
        out = compile_schemas(args.odd, source)
    except InputError as exc:
        for finding in exc.diagnostics:
            print(finding, file=sys.stderr)
        return exc.exit_code
    for warning in out.warnings:
        print(f"teipipe schema: warning: {warning}", file=sys.stderr)
    folder = args.out_dir or args.odd.parent
    written = [folder / f"{out.ident}.rng"]
    atomic_write(written[0], out.rng)
    if out.sch is not None:
        written.append(folder / f"{out.ident}.sch")
        atomic_write(written[1], out.sch)
    return _finish(written, args.no_xsd)


def _finish(written: list[Path], no_xsd: bool) -> int:
    """The XSD beside the RELAX NG (trang, where installed), then what was written."""
    from teipipe.validation.odd import trang_xsd

    if not no_xsd:
        try:
            written += trang_xsd(written[0], written[0].with_suffix(".xsd"))
        except FileNotFoundError as exc:
            print(f"teipipe schema: {exc}; wrote the RELAX NG and Schematron only",
                  file=sys.stderr)
        except subprocess.CalledProcessError as exc:
            print(f"teipipe schema: trang failed: {exc.stderr.strip()}", file=sys.stderr)
            return 1
    for path in written:
        print(f"wrote {path}")
    return 0


def _short(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _inside_installed_package(odd: Path) -> bool:
    """Is ``odd`` in the schema folder inside an installed wheel (not a checkout's schema/)?
    Writing there would change site-packages under every user of that environment."""
    import teipipe

    return odd.resolve().parent == Path(teipipe.__file__).resolve().parent / "schema"
