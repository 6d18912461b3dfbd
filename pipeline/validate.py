"""Validate TEI files: well-formedness, RELAX NG, XSD and Schematron, merged into one report.

This is the library face of ``teipipe validate`` (and what ``teipipe build`` calls):
:func:`validate_paths` takes files and returns one :class:`FileReport` per file, each
finding a :class:`teipipe.diagnostics.Diagnostic` with file:line:col. Which checks run
depends on the schema: ``tei_all`` is TEI's RELAX NG grammar plus the Schematron rules
it embeds; ``teipipe`` is the project customization (RNG, XSD and Schematron derived
from ``schema/teipipe.odd``); a ``.rng``, ``.xsd`` or ``.sch`` file is used as it is.
Several schemas may be given at once (an RNG, a Schematron and an XSD in one run).

With ``schema=None`` each document is checked as oXygen checks it, against what its
``xml-model`` lines declare (:mod:`teipipe.validation.models`), URLs mapped to local
files by OASIS catalogs (:mod:`teipipe.validation.catalog`); a document that declares
nothing is checked against ``tei_all``, and its report says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from teipipe import SCHEMA_DIR
from teipipe.diagnostics import Diagnostic, SchemaError
from teipipe.validation import prune
from teipipe.validation.load import Loaded, parse

NAMED = {"tei_all": ("tei_all.rng",), "teipipe": ("teipipe.rng", "teipipe.sch")}
KINDS = {".rng": "rng", ".xsd": "xsd", ".sch": "sch"}
# (kind, file, phase): kind is rng, xsd, sch, or "rng-sch" (only the Schematron a grammar
# embeds); phase is the Schematron phase an xml-model line asks for ("" for the default)
Spec = tuple[str, str, str]


@dataclass
class FileReport:
    path: Path
    valid: bool
    findings: list[Diagnostic] = field(default_factory=list)

    @property
    def unreadable(self) -> bool:
        return any(f.check == "read" for f in self.findings)

    @property
    def schema_problem(self) -> bool:
        """A schema could not be found or used: the verdict is not the schema's (exit 2)."""
        return any(f.check == "schema" and f.severity == "error" for f in self.findings)


def schema_files(schema: str, resolver=None, allow_network: bool = False) -> list[Path]:
    """The files a ``--schema`` value stands for (a name, a file, or a URL a catalog maps)."""
    if schema in NAMED:
        files = [SCHEMA_DIR / name for name in NAMED[schema]]
    elif Path(schema).suffix == ".odd" and Path(schema).is_file():
        from teipipe.diagnostics import InputError
        from teipipe.validation.oddc import cached_schemas

        try:
            files = cached_schemas(Path(schema))
        except InputError as exc:
            raise SchemaError("; ".join(str(d) for d in exc.diagnostics)) from None
    else:
        from teipipe.validation.catalog import locate

        files = [locate(schema, Path.cwd(), resolver, allow_network)]
        if files[0].suffix not in KINDS:
            raise SchemaError(f"{schema}: a schema must be tei_all, teipipe, or a .odd, .rng, "
                              ".xsd or .sch file")
    for file in files:
        if not file.is_file():
            raise SchemaError(f"{file}: schema file not found")
    return files


def specs_for(schemas: str | Sequence[str], resolver=None,
              allow_network: bool = False) -> tuple[Spec, ...]:
    """The checks one or more ``--schema`` values stand for, each file once."""
    names = [schemas] if isinstance(schemas, str) else list(schemas)
    out = [(KINDS[f.suffix], str(f), "") for name in names
           for f in schema_files(name, resolver, allow_network)]
    return tuple(dict.fromkeys(out))


class Validator:
    """The checks for one schema, compiled once and applied to many documents."""

    def __init__(self, schema: str | Sequence[str] = "tei_all",
                 embedded_schematron: bool = True, jobs: int | None = None,
                 phase: str | None = None, specs: Sequence[Spec] | None = None,
                 resolver=None, allow_network: bool = False):
        from teipipe.validation.relaxng import RelaxNG

        self.specs = tuple(specs) if specs is not None else specs_for(schema, resolver,
                                                                       allow_network)
        self.schema = schema
        self.phase = phase
        self.jobs = jobs or 1
        self.files = [Path(f) for _, f, _ in self.specs]
        self.rng = [RelaxNG(Path(f)) for k, f, _ in self.specs if k == "rng"]
        self.xsd = [Path(f) for k, f, _ in self.specs if k == "xsd"]
        # --phase wins over the phase an xml-model line asks for
        self.sch = [(Path(f), phase or p or None) for k, f, p in self.specs if k == "sch"]
        grammars = {g.path for g in self.rng}
        # a grammar declared for its Schematron only (ELTeC names eltec-1.rng twice)
        self.embedded_only = [RelaxNG(Path(f)) for k, f, _ in self.specs
                              if k == "rng-sch" and not (embedded_schematron
                                                         and Path(f) in grammars)]
        self.embedded_schematron = embedded_schematron
        self._xsd_schemas: dict[Path, object] = {}
        self._checkers: dict[tuple, object] = {}

    def valid_large(self, path: Path) -> bool:
        """True when a large file is shown valid without an lxml tree of it."""
        return self.large_findings(path) == []

    def large_findings(self, path: Path) -> list[Diagnostic] | None:
        """A large file's findings from one streaming pass, without an lxml tree of it
        (see :mod:`teipipe.validation.stream`); None means "validate it the ordinary way".

        A subtree libxml2 rejects is explained from the elements in hand, and Schematron
        rules that only look up from an element run in the same pass; when a rule does
        not (Saxon then parses the file), or a fault has nothing to say locally, or a
        second grammar is in play, an invalid file is validated the ordinary way.
        """
        from teipipe.validation import stream
        from teipipe.validation.relaxng import Columns, Explainer
        from teipipe.validation.stream_rules import StreamRules

        data = path.read_bytes()
        if self.xsd or not stream.streamable(data) or any(g.modular for g in self.rng):
            return None
        elements, attributes = stream.names(data)  # a superset: pruning stays exact
        tags = stream.subtree_tags(data)
        checkers = self._schematron(elements, attributes)
        # rules that only look up from an element run in the same pass (no tree at all);
        # otherwise Saxon parses the file for them, a tree of several times its size
        rules = StreamRules.build(checkers)
        lines = stream.ByteLines(data)
        explainers: list[Explainer] = []

        def explain(top, elements, stubs) -> list[Diagnostic]:
            if not explainers:
                explainers.append(Explainer(self.rng[0].grammar, top, str(path), lines))
            return explainers[0].local_findings(elements, stubs)

        found: list[Diagnostic] = []
        for i, grammar in enumerate(self.rng):
            said = stream.findings_by_subtrees(
                data, grammar.simplified(elements, attributes), tags,
                rules if i == 0 else None,
                explain if len(self.rng) == 1 and rules is not None else None,
                grammar.grammar.surely_invalid)
            if said is None:
                return None
            found += said
        if rules is None or not self.rng:
            del data, lines  # Saxon reads the file itself
            if found or any(checker.check_file(str(path)) for checker in checkers):
                return None
            return []
        column = Columns(lines)
        for failures in rules.failures:  # pattern by pattern, as on a tree
            found += [Diagnostic(str(path), node.sourceline or 1, column(node),
                                 _severity(failure.role), failure.message,
                                 f"schematron:{failure.pattern}")
                      for node, failure in failures]
        return sorted(dict.fromkeys(found), key=lambda d: (d.line, d.col))

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
        shares = [(self.specs, self.embedded_schematron, self.phase, unread[i:i + step])
                  for i in range(0, len(unread), step)]
        with Workers(len(shares)) as pool:
            done = iter([f for part in pool.map(_validate_share, shares) for f in part])
        parsed = iter(self._validate_parsed([d for d in docs if not d.pending]))
        return [next(done) if d.pending else next(parsed) for d in docs]

    def _validate_large(self, path: Path) -> list[Diagnostic]:
        """One large file on its own: without a tree of it when it is valid, not well-formed,
        or its faults can be named from the streaming pass; else as usual."""
        from teipipe import untrusted
        from teipipe.validation.stream import NotWellFormed

        try:
            found = self.large_findings(path)
            if found is not None:
                return found
            doc = parse(path.read_bytes(), str(path), path.resolve().parent)  # bytes not kept
        except NotWellFormed as exc:  # refused from the streaming pass: no tree was built
            return untrusted.not_well_formed(str(path), exc.error_log).diagnostics
        except OSError as exc:
            return [Diagnostic(str(path), 0, 0, "error",
                               f"cannot read the file: {exc.strerror or exc}", "read")]
        return self._validate_parsed([doc])[0]

    def _validate_parsed(self, docs: list[Loaded]) -> list[list[Diagnostic]]:
        parsed = [d for d in docs if d.root is not None]
        elements: set = set()
        attributes: set = set()
        for doc in parsed:  # one pruned grammar for all: the union of the names is exact
            e, a = prune.document_names(doc.root)
            elements |= e
            attributes |= a
        checkers = self._schematron(elements, attributes) if parsed else []
        results = []
        for doc in docs:
            findings = list(doc.findings)
            if doc.root is not None:
                for grammar in self.rng:
                    findings += _grammar_findings(grammar, doc, (elements, attributes))
                for xsd in self.xsd:
                    findings += self._validate_xsd(xsd, doc)
                for checker in checkers:
                    findings += _schematron_findings(checker, doc)
            unique = dict.fromkeys(findings)  # the same rule failing twice on one line
            results.append(sorted(unique, key=lambda d: (d.line, d.col)))
        return results

    def _schematron(self, elements: set, attributes: set):
        from teipipe.validation import schematron

        sources = [(f, schematron.load(f, phase)) for f, phase in self.sch]
        grammars = (self.rng if self.embedded_schematron else []) + self.embedded_only
        for grammar in grammars:
            embedded = _embedded(grammar)
            if len(embedded):
                sources.append((grammar.path, schematron.select_phase(embedded, self.phase,
                                                                      grammar.path)))
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
                self._checkers[key] = _rules(schematron.with_patterns(schema, relevant), schema,
                                             path)
            checkers.append(self._checkers[key])
        return checkers

    def _validate_xsd(self, path: Path, doc: Loaded) -> list[Diagnostic]:
        from teipipe.validation.xsd import load_xsd, xsd_findings

        if path not in self._xsd_schemas:
            self._xsd_schemas[path] = load_xsd(path)  # a broken XSD: SchemaError
        return xsd_findings(self._xsd_schemas[path], doc)


def _grammar_findings(grammar, doc: Loaded, names: tuple) -> list[Diagnostic]:
    """A grammar's findings; a grammar that does not load (a broken include, not RELAX NG)
    is the schema's fault, not the document's: :class:`SchemaError`, exit 2."""
    from lxml import etree

    try:
        return grammar.validate(doc.root, doc.name, doc.source_lines, names)
    except SchemaError:
        raise
    except (etree.LxmlError, OSError, KeyError, ValueError, AttributeError, TypeError) as exc:
        raise SchemaError(_grammar_problem(grammar.path, exc)) from exc


def _grammar_problem(path: Path, exc: Exception) -> str:
    from lxml import etree

    if isinstance(exc, etree.XMLSyntaxError):
        line = exc.position[0] if exc.position else 0
        return f"{exc.filename or path}:{line}: the schema is not well-formed XML: {exc.msg}"
    log = getattr(exc, "error_log", None)
    message = " ".join((log[0].message if log else str(exc)).split())
    first = log[0] if log else None
    filename = first.filename if first is not None else None
    if first is not None and filename and not filename.startswith("<") and \
            filename != str(path) and not filename.startswith(str(_cache_root())):
        # a file the grammar includes
        return f"{filename}:{first.line}: the RELAX NG grammar does not load: {message}"
    # libxml2 compiled the pruned grammar from memory: its lines are not the file's, so the
    # file's element that carries the name the message quotes is looked up instead
    return (f"{path}:{_line_naming(path, message)}: the RELAX NG grammar does not load: "
            f"{message}")


def _cache_root() -> Path:
    from teipipe.validation.cache import cache_dir

    return cache_dir().parent


def _line_naming(path: Path, message: str) -> int:
    import re

    from lxml import etree

    from teipipe.xmlio import safe_parser

    names = re.findall(r'"([^"]+)"', message) + re.findall(r"Reference (\S+)", message)
    names += [Path(n).name for n in names if "/" in n]  # an href made absolute by libxml2
    if not names:
        return 0
    try:
        tree = etree.parse(str(path), safe_parser())
    except (OSError, etree.XMLSyntaxError):
        return 0
    for el in tree.iter(etree.Element):
        if any(v in names or Path(v).name in names for v in el.attrib.values()):
            return el.sourceline or 0
    return 0


def _embedded(grammar):
    from lxml import etree

    try:
        return grammar.embedded_schematron()
    except (etree.LxmlError, OSError) as exc:
        raise SchemaError(_grammar_problem(grammar.path, exc)) from exc


def _rules(pruned, whole, path: Path):
    """Compiled rules; one that Saxon refuses is named by its schema file and line."""
    from teipipe.validation import schematron

    try:
        rules = schematron.Rules(pruned)
        if rules.needs_saxon:
            rules._saxon_rest()  # compile now: a broken rule is the schema's error
        return rules
    except schematron.SchematronError as exc:
        raise SchemaError(schematron.explain_compile_error(whole, path, exc)) from exc


def _schematron_findings(checker, doc: Loaded) -> list[Diagnostic]:
    from teipipe.validation import schematron
    from teipipe.validation.relaxng import Columns

    column = Columns(doc.source_lines)  # one for the document: columns in O(1) each
    out = []
    for failure in checker.check(doc.root):
        el = schematron.locate(doc.root, failure.path)
        line = el.sourceline if el is not None and el.sourceline else 1
        out.append(Diagnostic(doc.name, line, column(el), _severity(failure.role),
                              failure.message, f"schematron:{failure.pattern}"))
    return out


def _severity(role: str) -> str:
    return "error" if role in ("error", "fatal", "") else (
        "warning" if role == "warning" else "info")


# Below this many files one process is faster than starting workers (each compiles).
PARALLEL_FROM = 64
BATCH = 200  # files parsed and held at once (one pruned grammar for their names)
KEEP_COMPILED = 8  # Schematron rule sets kept compiled (a new name set makes another)


def _validate_share(specs: tuple[Spec, ...], embedded: bool, phase: str | None,
                    paths: list[Path]) -> list[list[Diagnostic]]:
    """A worker's part: its files read, parsed and validated together."""
    folders: dict[Path, Path] = {}
    return Validator(specs=specs, embedded_schematron=embedded, jobs=1,
                     phase=phase).validate([_read(p, folders) for p in paths])


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


def validate_paths(paths: list[Path], schema: str | Sequence[str] | None = "tei_all",
                   jobs: int | None = None, *, catalogs: Sequence[Path] = (),
                   allow_network: bool = False, phase: str | None = None) -> list[FileReport]:
    """Validate files (directories are searched for ``*.xml``) against ``schema`` (one or
    several; None: what each document's ``xml-model`` lines declare, as oXygen does), with
    up to ``jobs`` worker processes (default one: on two busy cores two workers were hardly
    faster and need twice the memory; see benchmarks/validate.md)."""
    files = expand([Path(p) for p in paths])
    selection = Selection(schema, catalogs=catalogs, allow_network=allow_network,
                          phase=phase, jobs=jobs)
    return validate_loaded(selection, [load_path(p) for p in files], files)


def validate_loaded(validator: Validator | Selection, docs: list[Loaded],
                    paths: list[Path]) -> list[FileReport]:
    results = validator.validate(docs)
    return [
        FileReport(path, not any(f.severity == "error" for f in findings), findings)
        for path, findings in zip(paths, results, strict=True)
    ]


class Selection:
    """Each document's checks chosen and run: the given schemas for all, or (``schemas``
    None) the ones its ``xml-model`` lines declare, with one :class:`Validator` per set of
    schemas (documents declaring the same schemas share it). Every document is also told
    when its DOCTYPE names an external DTD, which is never loaded."""

    def __init__(self, schemas: str | Sequence[str] | None = None, *,
                 catalogs: Sequence[Path] = (), allow_network: bool = False,
                 phase: str | None = None, jobs: int | None = None,
                 embedded_schematron: bool = True):
        from teipipe.validation.catalog import Resolver, from_environment

        self.resolver = Resolver(list(map(Path, catalogs)), optional=from_environment())
        for catalog in self.resolver.required:  # a catalog named but absent: a usage error now
            if not catalog.is_file():
                raise SchemaError(f"{catalog}: catalog file not found")
        self.allow_network = allow_network
        self.phase = phase
        self.jobs = jobs
        self.embedded_schematron = embedded_schematron
        self.given = (specs_for(schemas, self.resolver, allow_network)
                      if schemas else None)
        self._validators: dict[tuple[Spec, ...], Validator] = {}
        if self.given is not None:
            self._validator(self.given)  # a schema that does not load: an error before any file

    def _validator(self, specs: tuple[Spec, ...]) -> Validator:
        if specs not in self._validators:
            self._validators[specs] = Validator(specs=specs, jobs=self.jobs, phase=self.phase,
                                                embedded_schematron=self.embedded_schematron)
        return self._validators[specs]

    def validate(self, docs: list[Loaded]) -> list[list[Diagnostic]]:
        from teipipe.validation import models

        notes: list[list[Diagnostic]] = []
        groups: dict[tuple[Spec, ...], list[int]] = {}
        for i, doc in enumerate(docs):
            prolog = (models.of_file(doc.pending) if doc.pending else
                      models.of_tree(doc.root) if doc.root is not None else models.Prolog((), None))
            note = [_dtd_warning(doc, prolog)] if prolog.dtd else []
            if self.given is not None:
                specs: tuple[Spec, ...] | None = self.given
            else:
                specs, found = self._declared(doc, prolog)
                note += found
            notes.append(note)
            if specs is not None:
                groups.setdefault(specs, []).append(i)
        results: list[list[Diagnostic]] = [[] for _ in docs]
        for specs, members in groups.items():
            try:
                per_doc = self._validator(specs).validate([docs[i] for i in members])
            except SchemaError as exc:
                per_doc = [[Diagnostic(docs[i].name, 0, 0, "error", " ".join(str(exc).split()),
                                       "schema")] for i in members]
            for i, findings in zip(members, per_doc, strict=True):
                results[i] = findings
        return [sorted(note + result, key=lambda d: (d.line, d.col))
                for note, result in zip(notes, results, strict=True)]

    def _declared(self, doc: Loaded, prolog) -> tuple[tuple[Spec, ...] | None,
                                                      list[Diagnostic]]:
        """The checks a document's ``xml-model`` lines declare (hrefs relative to it), or
        None with the findings that say why they cannot be run."""
        from teipipe.validation import models
        from teipipe.validation.catalog import locate

        if not prolog.models:
            return specs_for("tei_all"), [Diagnostic(
                doc.name, 1, 1, "info", "no xml-model declares a schema: checked against "
                "tei_all (TEI's whole grammar and its Schematron)", "schema")]
        base = doc.pending.parent if doc.pending else (
            Path(doc.name).parent if doc.name != "<stdin>" else Path.cwd())
        specs: list[Spec] = []
        problems: list[Diagnostic] = []
        for model in prolog.models:
            if model.kind not in models.RUNNABLE:
                problems.append(Diagnostic(
                    doc.name, model.line, 1, "error",
                    f"xml-model declares {model.href!r} as {_KIND_NAMES[model.kind]}, "
                    "which teipipe cannot run (it runs RELAX NG XML syntax, Schematron and "
                    "XSD); give the schemas to use with --schema", "schema"))
                continue
            try:
                path = locate(model.href.split("#")[0], base, self.resolver,
                              self.allow_network)
            except SchemaError as exc:
                problems.append(Diagnostic(doc.name, model.line, 1, "error", str(exc),
                                           "schema"))
                continue
            if not path.is_file():
                problems.append(Diagnostic(doc.name, model.line, 1, "error",
                                           f"xml-model names {model.href!r}: schema file "
                                           f"{path} not found", "schema"))
                continue
            if path.suffix.lower() not in SCHEMA_SUFFIXES:
                # a document names files for teipipe to read: only files that are schemas
                # by their name, so a hostile xml-model cannot point it at /etc/passwd or a
                # private key (whose parse errors could say what it starts with)
                problems.append(Diagnostic(doc.name, model.line, 1, "error",
                                           f"xml-model names {model.href!r}, which is not a "
                                           "schema file by its name (.rng, .sch, .xsd, .odd "
                                           "or .xml); give it with --schema if it is one",
                                           "schema"))
                continue
            kind = model.kind
            if kind == "sch" and path.suffix == ".rng":
                kind = "rng-sch"  # the Schematron embedded in a grammar
            specs.append((kind, str(path), model.phase or ""))
        if problems:
            return None, problems
        return tuple(dict.fromkeys(specs)), []


# What a file a document declares in xml-model may be called (see _declared).
SCHEMA_SUFFIXES = frozenset({".rng", ".sch", ".xsd", ".odd", ".xml", ".isosch"})

_KIND_NAMES = {"rnc": "RELAX NG compact syntax", "dtd": "a DTD", "nvdl": "NVDL",
               "unknown": "a schema of an unknown kind"}


def _dtd_warning(doc: Loaded, prolog) -> Diagnostic:
    line = prolog.dtd_line or next(
        (n for n, text in enumerate(doc.source_lines, 1) if "<!DOCTYPE" in text), 1)
    return Diagnostic(doc.name, line, 1, "warning",
                      f"the DOCTYPE names the external DTD {prolog.dtd!r}, which teipipe "
                      "never loads: "
                      "its entities and attribute defaults were not applied", "dtd")
