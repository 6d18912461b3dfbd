"""The whole edition in one go: encode every source, validate, render HTML and text, index.

Each stage is someone else's module (``encode``, ``validate``, ``transform``); this one
only runs them in order over a folder, keeps going past a bad file so that one report
lists every problem, and says at the end whether anything failed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from teipipe.diagnostics import Diagnostic, InputError
from teipipe.transform import Options, Transformer, transform_paths
from teipipe.xmlio import OutputError, Sources, atomic_write, prepare_folder


@dataclass
class BuildResult:
    """What a build did: the files each stage produced and every finding on the way."""

    sources: list[Path] = field(default_factory=list)
    encoded: list[Path] = field(default_factory=list)
    valid: list[Path] = field(default_factory=list)
    rendered: list[Path] = field(default_factory=list)
    index: Path | None = None
    findings: list[Diagnostic] = field(default_factory=list)
    status: int = 0  # 2 when an output folder was a usage mistake (a file named --out)

    @property
    def failed(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    def summary(self) -> str:
        errors = sum(f.severity == "error" for f in self.findings)
        warnings = sum(f.severity == "warning" for f in self.findings)
        n = len(self.sources)
        return (f"{n} source{'s' if n != 1 else ''}: {len(self.encoded)} encoded, "
                f"{len(self.valid)} valid, {len(self.rendered)} pages and texts rendered"
                f"{f', index {self.index}' if self.index else ''}; "
                f"{errors} error{'s' if errors != 1 else ''}, "
                f"{warnings} warning{'s' if warnings != 1 else ''}")


DEFAULT_SCHEMAS = ("tei_all", "teipipe")


def build(sources: Path, tei: Path, out: Path, schemas: tuple[str, ...] = DEFAULT_SCHEMAS,
          persons: Path | None = None) -> BuildResult:
    """Encode ``sources/*.txt`` into ``tei``, validate, render into ``out``; never raises
    for a bad document (its findings are in the result)."""
    sources, tei, out = Path(sources), Path(tei), Path(out)
    result = BuildResult(sources=sorted(sources.glob("*.txt")))
    if not result.sources:
        result.findings.append(Diagnostic(str(sources), 0, 0, "error",
                                          "no *.txt source files here", "build"))
        return result
    persons = persons or tei / "persons.xml"
    try:
        prepare_folder(tei)  # a killed run's temporary files go; a bad --tei stops here
        _encode(result, tei, persons)
        _validate(result, schemas)
        _render(result, out, [*result.sources, persons])
    except OutputError as error:  # an output folder that cannot be used, or a source in
        result.findings += error.diagnostics  # the way: nothing more is written
        result.status = error.exit_code
    return result


def _encode(result: BuildResult, tei: Path, persons: Path) -> None:
    """Encode each source; names found that the personography lacks are added to it."""
    from teipipe.encode import encode_file

    for source in result.sources:
        target = tei / f"{source.stem}.xml"
        try:
            result.findings += encode_file(source, target, persons, update_persons=True)
        except InputError as error:
            result.findings += error.diagnostics
            continue
        result.encoded.append(target)


def _validate(result: BuildResult, schemas: tuple[str, ...]) -> None:
    """A document is valid when it is valid against every schema (TEI P5 and the project's)."""
    if not result.encoded:
        return
    from teipipe.validate import validate_paths

    invalid: set[Path] = set()
    for schema in schemas:
        for report in validate_paths(result.encoded, schema):
            result.findings += report.findings
            if not report.valid:
                invalid.add(Path(report.path))
    result.valid += [path for path in result.encoded if path not in invalid]


def _render(result: BuildResult, out: Path, inputs: list[Path]) -> None:
    """HTML and reading text for every encoded document, then the index page; none of them
    replaces an input (``--out`` with ``text/`` over ``--sources``, say)."""
    if not result.encoded:
        return
    prepare_folder(out)  # for index.html: a killed run's temporary files go
    for options, folder in ((Options(to="html"), out / "html"),
                            (Options(to="text"), out / "text")):
        written, problems = transform_paths(result.encoded, folder, options, protect=inputs)
        result.rendered += written
        result.findings += problems
    manifest = etree.Element("documents")
    for path in result.encoded:
        etree.SubElement(manifest, "document", tei=path.resolve().as_uri(),
                         html=f"html/{path.stem}.html", text=f"text/{path.stem}.txt",
                         valid="true" if path in result.valid else "false")
    index = Transformer(Options(to="index"))
    try:
        result.index = out / "index.html"
        atomic_write(result.index, index.render_tree(manifest, str(result.index)),
                     sources=Sources([*inputs, *result.encoded]))
    except OutputError:
        raise
    except InputError as error:
        result.index = None
        result.findings += error.diagnostics
