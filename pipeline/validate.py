"""Validate TEI files: well-formedness, RELAX NG, XSD and Schematron, merged into one report.

This is the library face of ``teipipe validate`` (and what ``teipipe build`` calls):
:func:`validate_paths` takes files and returns one :class:`FileReport` per file, each
finding a :class:`teipipe.diagnostics.Diagnostic` with file:line:col. Which checks run
depends on the schema: ``tei_all`` is TEI's RELAX NG grammar plus the Schematron rules
it embeds; ``teipipe`` is the project customization (RNG, XSD and Schematron derived
from ``schema/teipipe.odd``); a ``.rng``, ``.xsd`` or ``.sch`` file is used as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from teipipe import SCHEMA_DIR, rng_prune
from teipipe.diagnostics import Diagnostic, SchemaError
from teipipe.validation.load import Loaded, parse

NAMED = {"tei_all": ("tei_all.rng",), "teipipe": ("teipipe.rng", "teipipe.sch")}


@dataclass
class FileReport:
    path: Path
    valid: bool
    findings: list[Diagnostic] = field(default_factory=list)

    @property
    def unreadable(self) -> bool:
        return any(f.check == "read" for f in self.findings)


def schema_files(schema: str) -> list[Path]:
    """The files a ``--schema`` value stands for."""
    if schema in NAMED:
        files = [SCHEMA_DIR / name for name in NAMED[schema]]
    elif Path(schema).suffix == ".odd" and Path(schema).is_file():
        from teipipe.diagnostics import InputError
        from teipipe.oddc import cached_schemas

        try:
            files = cached_schemas(Path(schema))
        except InputError as exc:
            raise SchemaError("; ".join(str(d) for d in exc.diagnostics)) from None
    else:
        files = [Path(schema)]
        if files[0].suffix not in (".rng", ".xsd", ".sch"):
            raise SchemaError(f"{schema}: a schema must be tei_all, teipipe, or a .odd, .rng, "
                              ".xsd or .sch file")
    for file in files:
        if not file.is_file():
            raise SchemaError(f"{file}: schema file not found")
    return files


class Validator:
    """The checks for one schema, compiled once and applied to many documents."""

    def __init__(self, schema: str = "tei_all", embedded_schematron: bool = True,
                 jobs: int | None = None):
        from teipipe.validation.relaxng import RelaxNG

        self.schema = schema
        self.jobs = jobs or 1
        self.files = schema_files(schema)
        self.rng = [RelaxNG(f) for f in self.files if f.suffix == ".rng"]
        self.xsd = [f for f in self.files if f.suffix == ".xsd"]
        self.sch = [f for f in self.files if f.suffix == ".sch"]
        self.embedded_schematron = embedded_schematron
        self._xsd_schemas: dict[Path, object] = {}
        self._checkers: dict[tuple, object] = {}

    def valid_large(self, path: Path) -> bool:
        """True when a large file is shown valid without an lxml tree of it (see
        :mod:`teipipe.validation.stream`); False means "validate it the ordinary way"."""
        from teipipe.validation import stream

        data = path.read_bytes()
        if self.xsd or not stream.streamable(data):
            return False
        elements, attributes = stream.names(data)  # a superset: pruning stays exact
        tags = stream.subtree_tags(data)
        for grammar in self.rng:
            if not stream.valid_by_subtrees(data, grammar.simplified(elements, attributes),
                                            tags):
                return False
        del data  # Saxon reads the file itself
        checkers = self._schematron(elements, attributes)
        return not any(checker.check_file(str(path)) for checker in checkers)

    def validate(self, docs: list[Loaded]) -> list[list[Diagnostic]]:
        """Findings for each loaded document (not well-formed ones keep their findings)."""
        large = {i: self._validate_large(d.pending) for i, d in enumerate(docs)
                 if d.pending and _is_large(d.pending)}
        rest = [d for i, d in enumerate(docs) if i not in large]
        small = iter(self._validate_small(rest))
        return [large[i] if i in large else next(small) for i in range(len(docs))]

    def _validate_small(self, docs: list[Loaded]) -> list[list[Diagnostic]]:
        """Files not yet read are shared out to worker processes when there are many."""
        unread = [d.pending for d in docs if d.pending]
        workers = min(self.jobs, len(unread) // (PARALLEL_FROM // 2))
        if workers < 2 or len(unread) < PARALLEL_FROM:
            out = []
            folders: dict[Path, Path] = {}
            for i in range(0, len(docs), BATCH):  # a batch's trees in memory at a time
                batch = docs[i:i + BATCH]
                out += self._validate_parsed([_read(d.pending, folders) if d.pending else d
                                              for d in batch])
            return out
        from teipipe.batch import Workers

        # workers forked while this process has not loaded Saxon, else spawned (batch.py)
        step = -(-len(unread) // workers)
        shares = [(self.schema, self.embedded_schematron, unread[i:i + step])
                  for i in range(0, len(unread), step)]
        with Workers(len(shares)) as pool:
            done = iter([f for part in pool.map(_validate_share, shares) for f in part])
        parsed = iter(self._validate_parsed([d for d in docs if not d.pending]))
        return [next(done) if d.pending else next(parsed) for d in docs]

    def _validate_large(self, path: Path) -> list[Diagnostic]:
        """One large file on its own: without its tree when it is valid, else as usual."""
        try:
            if self.valid_large(path):
                return []
            doc = parse(path.read_bytes(), str(path), path.resolve().parent)  # bytes not kept
        except OSError as exc:
            return [Diagnostic(str(path), 0, 0, "error",
                               f"cannot read the file: {exc.strerror or exc}", "read")]
        return self._validate_parsed([doc])[0]

    def _validate_parsed(self, docs: list[Loaded]) -> list[list[Diagnostic]]:
        parsed = [d for d in docs if d.root is not None]
        elements: set = set()
        attributes: set = set()
        for doc in parsed:  # one pruned grammar for all: the union of the names is exact
            e, a = rng_prune.document_names(doc.root)
            elements |= e
            attributes |= a
        checkers = self._schematron(elements, attributes) if parsed else []
        results = []
        for doc in docs:
            findings = list(doc.findings)
            if doc.root is not None:
                for grammar in self.rng:
                    findings += grammar.validate(doc.root, doc.name, doc.source_lines,
                                                 (elements, attributes))
                for xsd in self.xsd:
                    findings += self._validate_xsd(xsd, doc)
                for checker in checkers:
                    findings += _schematron_findings(checker, doc)
            unique = dict.fromkeys(findings)  # the same rule failing twice on one line
            results.append(sorted(unique, key=lambda d: (d.line, d.col)))
        return results

    def _schematron(self, elements: set, attributes: set):
        from teipipe import schematron

        sources = [(f, schematron.parse_schema(f)) for f in self.sch]
        if self.embedded_schematron:
            for grammar in self.rng:
                embedded = grammar.embedded_schematron()
                if len(embedded):
                    sources.append((grammar.path, embedded))
        checkers = []
        for path, schema in sources:
            relevant = schematron.prune_patterns(schema, {local for _, local in elements},
                                                 {local for _, local in attributes})
            key = (path, len(relevant), tuple(sorted(p.get("id") or str(i)
                                                     for i, p in enumerate(relevant))))
            if not relevant:
                continue
            if key not in self._checkers:
                while len(self._checkers) >= KEEP_COMPILED:  # the oldest goes (a dict's order)
                    del self._checkers[next(iter(self._checkers))]
                self._checkers[key] = schematron.Rules(schematron.with_patterns(schema, relevant))
            checkers.append(self._checkers[key])
        return checkers

    def _validate_xsd(self, path: Path, doc: Loaded) -> list[Diagnostic]:
        from teipipe.validation.xsd import load_xsd, xsd_findings

        if path not in self._xsd_schemas:
            self._xsd_schemas[path] = load_xsd(path)
        return xsd_findings(self._xsd_schemas[path], doc)


def _schematron_findings(checker, doc: Loaded) -> list[Diagnostic]:
    from teipipe import schematron
    from teipipe.validation.relaxng import element_column

    out = []
    for failure in checker.check(doc.root):
        el = schematron.locate(doc.root, failure.path)
        severity = "error" if failure.role in ("error", "fatal", "") else (
            "warning" if failure.role == "warning" else "info")
        line = el.sourceline if el is not None and el.sourceline else 1
        out.append(Diagnostic(doc.name, line, element_column(el, doc.source_lines), severity,
                              failure.message, f"schematron:{failure.pattern}"))
    return out


# Below this many files one process is faster than starting workers (each compiles).
PARALLEL_FROM = 64
BATCH = 200  # files parsed and held at once (one pruned grammar for their names)
KEEP_COMPILED = 8  # Schematron rule sets kept compiled (a new name set makes another)


def _validate_share(schema: str, embedded: bool, paths: list[Path]) -> list[list[Diagnostic]]:
    """A worker's part: its files read, parsed and validated together."""
    folders: dict[Path, Path] = {}
    return Validator(schema, embedded, jobs=1).validate([_read(p, folders) for p in paths])


def _is_large(path: Path) -> bool:
    from teipipe.validation.stream import STREAM_FROM

    try:
        return path.stat().st_size >= STREAM_FROM
    except OSError:
        return False


def load_path(path: Path) -> Loaded:
    """Note one file to validate: the validator reads it when its turn comes (in a worker
    process when there are many files; without building its tree when it is large)."""
    return Loaded(str(path), None, pending=path)


def _read(path: Path, folders: dict[Path, Path]) -> Loaded:
    """Read and parse one file; an unreadable file becomes a finding, not an exception.
    ``folders`` remembers each folder resolved (1,000 files: 0.1 s of system calls)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Loaded(str(path), None,
                      [Diagnostic(str(path), 0, 0, "error",
                                  f"cannot read the file: {exc.strerror or exc}", "read")])
    if path.is_symlink():  # includes are relative to where the file really is
        return parse(data, str(path), path.resolve().parent)
    if path.parent not in folders:
        folders[path.parent] = path.parent.resolve()
    return parse(data, str(path), folders[path.parent])


def expand(paths: list[Path]) -> list[Path]:
    """Files as given; folders as the ``*.xml`` files under them (:func:`teipipe.batch.expand`:
    hidden ones left out, sorted, each file once)."""
    from teipipe.batch import expand as expand_paths

    return expand_paths(paths)


def validate_paths(paths: list[Path], schema: str = "tei_all",
                   jobs: int | None = None) -> list[FileReport]:
    """Validate files (directories are searched for ``*.xml``) against ``schema``, with up
    to ``jobs`` worker processes (default one: on two busy cores two workers were hardly
    faster and need twice the memory; see benchmarks/validate.md)."""
    files = expand([Path(p) for p in paths])
    validator = Validator(schema, jobs=jobs)
    return validate_loaded(validator, [load_path(p) for p in files], files)


def validate_loaded(validator: Validator, docs: list[Loaded],
                    paths: list[Path]) -> list[FileReport]:
    results = validator.validate(docs)
    return [
        FileReport(path, not any(f.severity == "error" for f in findings), findings)
        for path, findings in zip(paths, results, strict=True)
    ]
