"""The whole edition in one go: encode every source, validate, render HTML and text, index.

Each stage is someone else's module (``encode``, ``validate``, ``transform``); this one
only runs them in order over a folder, keeps going past a bad file so that one report
lists every problem, and says at the end whether anything failed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from teipipe.diagnostics import Diagnostic, InputError
from teipipe.transform import Options, Transformer
from teipipe.xmlio import OutputError, Sources, atomic_write, flush_to_disk, prepare_folder

if TYPE_CHECKING:
    from teipipe.executors import Executor
    from teipipe.validate import FileReport


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
          persons: Path | None = None, executor: Executor | None = None) -> BuildResult:
    """Encode ``sources/*.txt`` into ``tei``, validate, render into ``out``; never raises
    for a bad document (its findings are in the result).

    Each stage shares its files out to ``executor`` (default: local worker processes, one
    per CPU, forked: this process loads Saxon only for the index page, after the last
    worker has ended, so none is left behind and none had to start a new interpreter)."""
    from teipipe.executors import LocalExecutor, located

    executor = executor or LocalExecutor()
    sources, tei, out = (located(executor, folder) for folder in (sources, tei, out))
    result = BuildResult(sources=sorted(sources.glob("*.txt")))
    if not result.sources:
        result.findings.append(Diagnostic(str(sources), 0, 0, "error",
                                          "no *.txt source files here", "build"))
        return result
    persons = located(executor, persons) if persons else tei / "persons.xml"
    try:
        prepare_folder(tei)  # a killed run's temporary files go; a bad --tei stops here
        _encode(result, tei, persons, executor)
        _validate(result, schemas, executor)
        _render(result, out, [*result.sources, persons], executor)
    except OutputError as error:  # an output folder that cannot be used, or a source in
        result.findings += error.diagnostics  # the way: nothing more is written
        result.status = error.exit_code
    return result


# Shares of fewer files are not worth a process (validation and rendering compile first).
VALIDATE_PER_WORKER = 32
RENDER_PER_WORKER = 32


def _encode(result: BuildResult, tei: Path, persons: Path,
            executor: Executor | None = None) -> None:
    """Encode each source; names found that the personography lacks are added to it."""
    from teipipe.encode import encode_batch
    from teipipe.executors import LocalExecutor

    executor = executor or LocalExecutor()

    pairs = [(source, tei / f"{source.stem}.xml") for source in result.sources]
    try:
        outcomes = encode_batch(pairs, persons, update_persons=True, executor=executor)
    except InputError as error:  # the personography cannot be updated: nothing encoded
        result.findings += error.diagnostics
        return
    for (_, target), (written, findings) in zip(pairs, outcomes, strict=True):
        result.findings += findings
        if written:
            result.encoded.append(target)


def _validate(result: BuildResult, schemas: tuple[str, ...],
            executor: Executor | None = None) -> None:
    """A document is valid when it is valid against every schema (TEI P5 and the project's)."""
    if not result.encoded:
        return
    from teipipe.executors import LocalExecutor, shares

    executor = executor or LocalExecutor()
    from teipipe.validate import schema_files

    for schema in schemas:
        schema_files(schema)  # a missing schema is said once, here, not by every worker
    parts = shares(result.encoded, executor.width, least=VALIDATE_PER_WORKER)
    reports = [report for done in executor.map(validate_share, [(part, schemas)
                                                                for part in parts])
               for report in done]
    invalid: set[Path] = set()
    for report in reports:
        result.findings += report.findings
        if not report.valid:
            invalid.add(Path(report.path))
    result.valid += [path for path in result.encoded if path not in invalid]


def validate_share(paths: list[Path], schemas: tuple[str, ...]) -> list[FileReport]:
    """A worker's part of the validation: its files against each schema in turn."""
    from teipipe.validate import validate_paths

    return [report for schema in schemas for report in validate_paths(paths, schema)]


def _render(result: BuildResult, out: Path, inputs: list[Path],
            executor: Executor | None = None) -> None:
    """HTML and reading text for every encoded document, then the index page; none of them
    replaces an input (``--out`` with ``text/`` over ``--sources``, say)."""
    if not result.encoded:
        return
    from teipipe.executors import LocalExecutor, shares

    executor = executor or LocalExecutor()
    from teipipe.transform import check_outputs

    prepare_folder(out)  # for index.html: a killed run's temporary files go
    sources = Sources([*result.encoded, *inputs])
    html = check_outputs(result.encoded, out / "html", Options(to="html"), sources)
    text = check_outputs(result.encoded, out / "text", Options(to="text"), sources)
    parts = shares(result.encoded, executor.width, least=RENDER_PER_WORKER)
    done = executor.map(render_share, [(part, html, text, sources) for part in parts])
    for written, problems in done:
        result.rendered += [out / page.parent.name / page.name for page in written]
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


def render_share(paths: list[Path], html: Path, text: Path, sources: Sources
                 ) -> tuple[list[Path], list[Diagnostic]]:
    """A worker's part of the rendering: its files as HTML pages, then as reading texts
    (each stylesheet compiled once per worker). ``html`` and ``text`` are made and real."""
    from teipipe.transform import _render_all

    pages, problems = _render_all(paths, html, Options(to="html"), None, sources)
    texts, more = _render_all(paths, text, Options(to="text"), None, sources)
    flush_to_disk()  # here: on a cluster, the caller cannot sync a worker's disk
    return pages + texts, problems + more
