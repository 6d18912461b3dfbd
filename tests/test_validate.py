"""teipipe validate: verdicts agree with jing, messages say what is allowed, API and CLI."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from teipipe.validate import FileReport, validate_paths

import testdata
from testdata import FOREIGN, TEI_ALL

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "validation"
CORPUS_FILES = testdata.files(CORPUS, "*.xml", recursive=True)


def jing_invalid(files: list[Path]) -> set[Path]:
    """The files jing (Debian, resolves XInclude) finds invalid.

    jing stops at a file that is not well-formed (a "fatal" error), so it is run again
    on the files after that one.
    """
    if not shutil.which("jing"):
        pytest.fail("jing is not installed (apt package jing); CI must install it")
    bad: set[Path] = set()
    todo = [f.resolve() for f in files]
    while todo:
        run = subprocess.run(["jing", str(TEI_ALL), *map(str, todo)], capture_output=True,
                             text=True, timeout=120)
        fatal = None
        for line in (run.stdout + run.stderr).splitlines():
            if ": error:" in line or ": fatal:" in line:
                bad.add(Path(line.split(":", 1)[0]))
            if ": fatal:" in line:
                fatal = Path(line.split(":", 1)[0])
        todo = todo[todo.index(fatal) + 1:] if fatal in todo else []
    return bad


def test_corpus_is_named_after_the_verdict():
    assert len(CORPUS_FILES) >= 20
    for file in CORPUS_FILES:
        assert file.name.startswith(("valid-", "invalid-")), file


@pytest.mark.slow
@pytest.mark.jing
def test_verdicts_agree_with_jing_and_with_the_file_names():
    # jing names errors inside an included file by that file: run those documents one by one
    included = [f for f in CORPUS_FILES if f.parent.name == "xinclude"]
    jing_bad = jing_invalid([f for f in CORPUS_FILES if f not in included])
    for file in included:
        if jing_invalid([file]):
            jing_bad.add(file.resolve())
    reports = validate_paths(CORPUS_FILES)
    for report in reports:
        expected_valid = report.path.name.startswith("valid-")
        assert report.valid == expected_valid, (report.path, report.findings)
        assert (report.path.resolve() not in jing_bad) == expected_valid, report.path


def test_foreign_tei_verdicts_agree_with_jings_manifest():
    with open(FOREIGN / "MANIFEST.tsv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    # the copies are the files jing judged (same size as the manifest says)
    assert [(FOREIGN / row["file"]).stat().st_size for row in rows] == [
        int(row["bytes"]) for row in rows]
    reports = {r.path.name: r for r in validate_paths([FOREIGN / row["file"] for row in rows])}
    assert len(reports) == 11
    for row in rows:
        assert reports[row["file"]].valid == (row["jing verdict"] == "valid"), row["file"]


def test_xinclude_outside_the_folder_uses_the_fallback_like_jing():
    report = validate_paths([FOREIGN / "isicily__ISic000093.xml"])[0]
    assert report.valid
    infos = [f for f in report.findings if f.check == "xinclude"]
    assert len(infos) == 2 and all("outside the document's folder" in f.message for f in infos)


def one(name: str) -> FileReport:
    return validate_paths([CORPUS / name])[0]


def test_unknown_attribute_names_it_and_lists_allowed_attributes():
    report = one("invalid-attribute-not-allowed-on-p.xml")
    first = report.findings[0]
    assert (first.line, first.severity, first.check) == (2, "error", "relaxng")
    assert "attribute @colour is not allowed on <p>" in first.message
    assert "@rend" not in first.message or "allowed there" in first.message
    assert "allowed there: @ana, @cert" in first.message


def test_missing_required_element_is_named():
    messages = [f.message for f in one("invalid-missing-sourcedesc.xml").findings]
    assert "<fileDesc> is incomplete: missing required element <sourceDesc>" in messages


def test_element_not_allowed_names_the_parent_and_what_is_allowed():
    messages = [f.message for f in one("invalid-p-inside-head.xml").findings]
    assert any(m.startswith("<p> is not allowed here, inside <head>; allowed inside <head>: "
                            "abbr, add,") for m in messages)


def test_position_is_line_and_column_of_the_start_tag(tmp_path):
    doc = tmp_path / "doc.xml"
    text = (CORPUS / "valid-tei-lite.xml").read_text(encoding="utf-8")
    doc.write_text(text.replace("<p>A line", '<p rendition="#x" bogus="1">A line'),
                   encoding="utf-8")
    lines = doc.read_text(encoding="utf-8").splitlines()
    expected_line = next(i for i, t in enumerate(lines, 1) if "bogus" in t)
    expected_col = lines[expected_line - 1].index("<p ") + 1
    finding = validate_paths([doc])[0].findings[0]
    assert (finding.line, finding.col) == (expected_line, expected_col)
    assert "@bogus" in finding.message


def test_not_well_formed_is_invalid_with_position():
    report = one("invalid-not-well-formed-unclosed-p.xml")
    assert not report.valid
    assert report.findings[0].check == "well-formed" and report.findings[0].line == 2


def test_duplicate_xml_id_is_a_validity_error_not_a_syntax_error():
    findings = one("invalid-duplicate-xml-id.xml").findings
    assert any(f.check == "xml:id" and "'a' is used more than once" in f.message
               for f in findings)


def test_embedded_tei_schematron_runs():
    report = one("xinclude/invalid-included-part-not-allowed.xml")
    assert any(f.check.startswith("schematron:") and "Paragraphs may not occur inside other "
               "paragraphs" in f.message for f in report.findings)


def test_directories_are_searched_and_missing_files_reported(tmp_path):
    reports = validate_paths([CORPUS / "xinclude", tmp_path / "absent.xml"])
    assert [r.path.name for r in reports] == [
        "invalid-included-part-not-allowed.xml", "invalid-missing-include-without-fallback.xml",
        "valid-missing-include-with-fallback.xml", "valid-with-include.xml", "absent.xml"]
    assert reports[-1].unreadable and not reports[-1].valid


def cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "teipipe", "validate", *args], cwd=ROOT,
                          input=stdin, capture_output=True, timeout=120)


def test_cli_exit_codes_and_summary(tmp_path):
    ok = cli(str(CORPUS / "valid-frus-letter.xml"))
    assert ok.returncode == 0 and ok.stdout.decode().endswith("1 file: 1 valid, 0 invalid "
                                                               "(0 errors, 0 warnings)\n")
    bad = cli(str(CORPUS / "valid-frus-letter.xml"), str(CORPUS / "invalid-missing-teiheader.xml"))
    assert bad.returncode == 1 and "2 files: 1 valid, 1 invalid" in bad.stdout.decode()
    assert cli(str(tmp_path / "absent.xml")).returncode == 2
    assert cli("--schema", str(tmp_path / "none.rng"), str(CORPUS)).returncode == 2
    assert cli("--schema", "README.md", str(CORPUS)).returncode == 2


def test_cli_stdin_json_and_junit():
    data = (CORPUS / "invalid-missing-sourcedesc.xml").read_bytes()
    out = cli("--format", "json", "-", stdin=data)
    assert out.returncode == 1
    report = json.loads(out.stdout)
    assert report["files"][0]["path"] == "-" and not report["files"][0]["valid"]
    assert any(f["message"] == "<fileDesc> is incomplete: missing required element <sourceDesc>"
               for f in report["files"][0]["findings"])
    junit = cli("--format", "junit", str(CORPUS / "valid-frus-letter.xml"), "-", stdin=data)
    from lxml import etree

    suite = etree.fromstring(junit.stdout)
    assert (suite.get("tests"), suite.get("failures")) == ("2", "1")
    assert suite[1].find("failure") is not None and suite[0].find("failure") is None


@pytest.mark.slow
def test_pruned_grammar_gives_the_same_verdict_as_the_whole_grammar():
    """The pruning is exact: compare with lxml on the unpruned tei_all (slow: once, 4 files)."""
    from lxml import etree

    from teipipe.xmlio import safe_parser

    whole = etree.RelaxNG(etree.parse(str(TEI_ALL)))
    names = ["valid-tei-lite.xml", "invalid-missing-sourcedesc.xml",
             "invalid-header-parts-in-wrong-order.xml", "invalid-when-not-iso-date.xml"]
    for name in names:
        tree = etree.parse(str(CORPUS / name), safe_parser())
        assert whole.validate(tree) == validate_paths([CORPUS / name])[0].valid, name


def test_project_rules_pass_the_encoder_output_and_catch_faults(tmp_path):
    rules = str(ROOT / "schema" / "teipipe.sch")
    encoded = ROOT / "tei" / "frus1977-80v06-d1.xml"
    assert validate_paths([encoded], rules)[0].valid
    assert validate_paths([encoded])[0].valid  # and tei_all
    text = (CORPUS / "valid-frus-letter.xml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.xml"
    bad.write_text(text.replace('ref="#carter-jimmy">Carter', 'ref="#nobody">Carter')
                   .replace('when="1977-01-26"', 'when="26 Jan"')
                   .replace("</head>", '<note n="1">nested? no: a second note 1</note></head>'),
                   encoding="utf-8")
    checks = sorted(f.check for f in validate_paths([bad], rules)[0].findings)
    assert checks == ["schematron:iso-when", "schematron:local-pointers",
                      "schematron:notes-in-order"]


@pytest.mark.slow
@pytest.mark.jing
def test_each_file_alone_agrees_with_jing():
    """Alone, each file gets a grammar pruned to its own names (in a batch: the union)."""
    jing_bad = jing_invalid([f for f in CORPUS_FILES if f.parent.name != "xinclude"])
    for file in CORPUS_FILES:
        if file.parent.name == "xinclude":
            continue
        report = validate_paths([file])[0]
        assert report.valid == (file.resolve() not in jing_bad), (file, report.findings)


def _mutants(folder: Path, count: int, seed: int) -> list[Path]:
    """Well-formed variants of valid documents: elements dropped, copied, moved, renamed,
    attributes dropped or copied, so that about half are invalid in many different ways."""
    import copy
    import random

    from lxml import etree

    rnd = random.Random(seed)
    sources = [f for f in CORPUS_FILES if f.name.startswith("valid-") and
               f.parent.name != "xinclude"] + [
        FOREIGN / name for name in
        ("freedict__san-deu.xml", "rusdracor__pushkin-mocart-i-saleri.xml",
         "dta-soldatenbriefe__letter-063.xml", "sarit__pyarelala-ragabinoda.xml")]
    xml_id = "{http://www.w3.org/XML/1998/namespace}id"

    def copied(el):
        twin = copy.deepcopy(el)
        for node in twin.iter(etree.Element):
            node.attrib.pop(xml_id, None)  # keep the ids unique
        return twin

    out = []
    for i in range(count):
        tree = etree.parse(str(rnd.choice(sources)))
        for _ in range(rnd.randrange(1, 3)):
            elements = list(tree.getroot().iter(etree.Element))[1:]
            el, other = rnd.choice(elements), rnd.choice(elements)
            parent, op = el.getparent(), rnd.randrange(6)
            if op == 0:
                parent.remove(el)
            elif op == 1:
                parent.insert(parent.index(el), copied(el))
            elif op == 2 and el not in other.iterancestors() and el is not other:
                other.append(copied(el))
            elif op == 3:
                el.tag = other.tag
            elif op == 4 and el.attrib:
                del el.attrib[rnd.choice(sorted(el.attrib))]
            elif op == 5 and other.attrib:
                key = rnd.choice(sorted(other.attrib))
                if key != xml_id:
                    el.set(key, other.get(key))
        path = folder / f"m{i:03}.xml"
        tree.write(str(path), encoding="utf-8", xml_declaration=True)
        out.append(path)
    return out


@pytest.mark.slow
@pytest.mark.jing
def test_simplified_grammar_agrees_with_jing_on_mutated_documents(tmp_path):
    """The RELAX NG verdict (pruned and simplified grammar, libxml2) is jing's, file by file.

    Only the grammar is compared (jing does not run Schematron): documents that jing and
    teipipe both find invalid may differ in Schematron findings, never in the verdict.
    """
    from lxml import etree

    from teipipe.validation import prune
    from teipipe.validation.relaxng import RelaxNG

    files = _mutants(tmp_path, 80, seed=6)
    jing_bad = jing_invalid(files)
    assert 20 < len(jing_bad) < 60  # the mutants exercise both verdicts
    grammar = RelaxNG(TEI_ALL, use_cache=False)
    for file in files:
        root = etree.parse(str(file)).getroot()
        valid = not grammar.validate(root, file.name, [], prune.document_names(root))
        assert valid == (file.resolve() not in jing_bad), file


@pytest.mark.slow
def test_large_files_validated_by_subtrees_get_the_same_reports(tmp_path, monkeypatch):
    """Every file takes the large-file route (threshold 0, every repeated element a
    subtree): its reports must be those of the ordinary route, file by file."""
    from teipipe import validate as validate_module
    from teipipe.validation import stream

    files = [f for f in CORPUS_FILES if f.parent.name != "xinclude"] + _mutants(tmp_path, 40, 7)
    text = (CORPUS / "valid-frus-letter.xml").read_text(encoding="utf-8")
    twice = tmp_path / "twice.xml"  # the same xml:id twice: libxml2 says so while parsing
    twice.write_text(text.replace('xml:id="d1fn1"', 'xml:id="d1"'), encoding="utf-8")
    files.append(twice)
    both = tmp_path / "when-and-notbefore.xml"  # a Schematron report, from the pass's rules
    both.write_text(text.replace('<date when="1977-01-26"/>',
                                 '<date when="1977-01-26" notBefore="1977-01-01"/>'),
                    encoding="utf-8")
    files.append(both)
    ordinary = validate_paths(files)
    shown = []  # per file: "valid", "invalid" (reported from the pass) or None (ordinary)
    original = validate_module.Validator.large_findings

    def counting(self, path):
        try:
            found = original(self, path)
        except stream.NotWellFormed:
            shown.append("refused")
            raise
        shown.append(None if found is None else "invalid" if found else "valid")
        return found

    monkeypatch.setattr(stream, "STREAM_FROM", 0)
    monkeypatch.setattr(stream, "MIN_SUBTREE", 1)
    monkeypatch.setattr(validate_module.Validator, "large_findings", counting)
    streamed = validate_paths(files)
    assert len(shown) == len(files)
    # the route is taken, for verdicts and for messages (else the comparison is idle)
    assert shown.count("valid") > 10 and shown.count("invalid") > 10, shown
    assert not validate_paths([twice])[0].valid
    assert shown[len(files) - 1] == "invalid" and streamed[-1].valid  # an info, from the pass
    assert [f.check for f in streamed[-1].findings] == [
        "schematron:tei_all-att.datable.w3c-att-datable-w3c-when-constraint-rule-2"]
    for a, b in zip(ordinary, streamed, strict=True):
        # a file that is not well-formed is refused by the one door before either route
        # parses it, so both report every error libxml2 logged
        assert (a.valid, a.findings) == (b.valid, b.findings), a.path


@pytest.mark.slow
def test_many_files_shared_out_to_workers_get_the_same_reports_in_order(tmp_path):
    from teipipe.validate import PARALLEL_FROM

    files = [f for f in CORPUS_FILES if f.parent.name != "xinclude"] + _mutants(tmp_path, 60, 8)
    files.insert(5, tmp_path / "absent.xml")
    assert len(files) >= PARALLEL_FROM
    alone = validate_paths(files, jobs=1)
    shared = validate_paths(files, jobs=2)
    assert [r.path for r in shared] == files
    assert shared == alone
    assert shared[5].unreadable and 20 < sum(r.valid for r in shared) < len(files) - 20


@pytest.mark.slow
def test_cli_jobs_gives_the_same_report(tmp_path):
    files = [str(f) for f in _mutants(tmp_path, 70, 9)]  # some declare project schemas by URL
    alone = cli("--schema", "tei_all", *files)
    shared = cli("-j", "2", "--schema", "tei_all", *files)
    assert shared.returncode == alone.returncode == 1
    assert shared.stdout == alone.stdout and b"70 files" in shared.stdout
    assert cli("--jobs", "0", files[0]).returncode == 2


def test_a_frus_letter_is_checked_without_loading_saxon(tmp_path):
    """TEI's rules that can fire on a FRUS letter are XPath 1.0: lxml runs them, and Saxon
    (some 50 MiB) is never loaded; a rule only Saxon can run still loads it."""
    script = ("import sys; from teipipe.validate import validate_paths; "
              "r = validate_paths(sys.argv[1:]); "
              "print(all(x.valid for x in r), 'saxonche' in sys.modules)")

    def run(path: Path) -> list[str]:
        return subprocess.run([sys.executable, "-c", script, str(path)], cwd=ROOT, text=True,
                              capture_output=True, timeout=120, check=True).stdout.split()
    assert run(CORPUS / "valid-frus-letter.xml") == ["True", "False"]
    # @calendar's rule uses string-length() and gt: only Saxon runs it (and it is kept)
    letter = tmp_path / "calendar.xml"
    letter.write_text((CORPUS / "valid-frus-letter.xml").read_text(encoding="utf-8").replace(
        '<date when="1977-01-26"/>', '<date when="1977-01-26" calendar="#g">26 Jan</date>'),
        encoding="utf-8")
    assert run(letter) == ["True", "True"]


def test_a_wrong_attribute_value_is_named_where_it_stands(tmp_path):
    """libxml2 blames a neighbour for a bad value; the report names the value itself."""
    letter = (ROOT / "tei" / "frus1977-80v06-d1.xml").read_text(encoding="utf-8")
    assert '<date when="1977-01-18" cert="medium">' in letter  # note 3: "January 18"
    bad = tmp_path / "bad-when.xml"
    bad.write_text(letter.replace('<date when="1977-01-18" cert="medium">',
                                  '<date when="yesterday">'), encoding="utf-8")
    (report,) = validate_paths([bad], "tei_all")
    assert not report.valid
    messages = [f.message for f in report.findings]
    assert messages == ['@when="yesterday" on <date> is not a value the schema allows there '
                        '(an ISO date: YYYY, YYYY-MM or YYYY-MM-DD, or an ISO date and time)']
    line = next(i for i, text in enumerate(bad.read_text().splitlines(), 1) if "yesterday" in text)
    assert report.findings[0].line == line


def _repeated_faults(folder: Path, kind: str, count: int) -> tuple[Path, list[int]]:
    """The FRUS letter with ``count`` faults, one a line: ``<p bogus="">`` in a ``div``, or
    ``<lb/>`` where it is not allowed (in ``langUsage``); and the lines they stand on."""
    import re

    text = (CORPUS / "valid-frus-letter.xml").read_text(encoding="utf-8")
    if kind == "bogus":
        body = "".join('<p bogus="">x</p>\n' for _ in range(count))
        text = re.sub(r"<body>.*</body>", lambda _: f"<body><div>\n{body}</div></body>", text,
                      flags=re.S)
        marker = "bogus"
    else:
        text = text.replace("<langUsage>", "<langUsage>\n" + "<lb/>\n" * count)
        marker = "<lb/>"
    path = folder / f"{kind}-{count}.xml"
    path.write_text(text, encoding="utf-8")
    lines = [i for i, line in enumerate(text.splitlines(), 1) if marker in line]
    return path, lines


@pytest.mark.parametrize("kind", ["bogus", "lb"])
def test_repeated_faults_are_all_reported_in_linear_time(tmp_path, kind):
    """10,000 and 20,000 faults: every one reported on its line and column, and twice the
    faults take about twice the time (a quadratic step would take four times)."""
    import time

    seconds = {}
    for count in (10_000, 20_000):
        path, lines = _repeated_faults(tmp_path, kind, count)
        best = float("inf")
        for _ in range(2):  # the better of two runs, in CPU time: the machine may be busy
            start = time.process_time()
            (report,) = validate_paths([path])
            best = min(best, time.process_time() - start)
        seconds[count] = best
        assert not report.valid and len(report.findings) == count
        assert [f.line for f in report.findings] == lines
        assert {f.col for f in report.findings} == {1}
        word = "@bogus" if kind == "bogus" else "<lb> is not allowed here"
        assert all(word in f.message for f in report.findings)
    assert seconds[20_000] < 3 * seconds[10_000], seconds


def test_columns_walk_each_line_once(tmp_path):
    """100,000 faults on one line: the column search walks the line's elements once in
    all, not once per fault (counted, not timed)."""
    from lxml import etree

    from teipipe.validation import relaxng

    root = etree.fromstring("<r>" + "<lb/>" * 100_000 + "</r>")
    lines = ["<r>" + "<lb/>" * 100_000 + "</r>"]
    walked = [0]
    following, preceding = relaxng._following, relaxng._preceding

    def counted(walk):
        def inner(node):
            for item in walk(node):
                walked[0] += 1
                yield item
        return inner

    columns = relaxng.Columns(lines)
    try:
        relaxng._following, relaxng._preceding = counted(following), counted(preceding)
        found = [columns(el) for el in root]
    finally:
        relaxng._following, relaxng._preceding = following, preceding
    assert found == [4 + 5 * i for i in range(100_000)]
    assert walked[0] <= 2 * 100_000


def test_sure_faults_give_the_reports_libxml2_gives(tmp_path, monkeypatch):
    """A document with many elements is first looked at for a sure fault (libxml2 is slow
    on many faults): on every file, the reports are those of libxml2's verdict."""
    from teipipe.validation import explain, relaxng

    files = [f for f in CORPUS_FILES if f.parent.name != "xinclude"] + _mutants(tmp_path, 40, 10)
    ordinary = validate_paths(files)
    sure = []
    original = explain.Grammar.surely_invalid

    def counting(self, root):
        sure.append(original(self, root))
        return sure[-1]

    monkeypatch.setattr(relaxng, "SURE_FROM", 0)
    monkeypatch.setattr(explain.Grammar, "surely_invalid", counting)
    for a, b in zip(ordinary, validate_paths(files), strict=True):
        assert (a.valid, a.findings) == (b.valid, b.findings), a.path
    assert sum(sure) >= 10  # the sure route is taken (else the comparison is idle)


def test_upward_only_rules_are_recognised():
    from teipipe.validation.stream_rules import upward_only

    for expr in ['@notBefore|@notAfter|@from|@to', 'ancestor::tei:p and not(parent::tei:q)',
                 'count(ancestor::tei:div) > 2', '@when = "x"', 'string(@n)', 'name(.)',
                 'ancestor::tei:div[@type="a"]/@n', '../@type']:
        assert upward_only(expr), expr
    for expr in ['string(.)', 'normalize-space()', 'tei:p', './/tei:p', 'following::x', '$x',
                 'ancestor::tei:div[tei:head]', '//tei:p', 'id(@ref)', 'text()']:
        assert not upward_only(expr), expr


# --- Broken schemas are the user's input too: exit 2, the schema's file and line -------------

BROKEN_SCHEMAS = {
    "missing-import.xsd": (
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:b="urn:b" '
        'targetNamespace="urn:a">\n  <xs:import namespace="urn:b" schemaLocation="absent-b.xsd"/>\n'
        '  <xs:element name="r" type="b:T"/>\n</xs:schema>', ":2: the XSD does not load: Import"),
    "broken-include.rng": (
        '<grammar xmlns="http://relaxng.org/ns/structure/1.0">\n  <include href="absent.rng"/>\n'
        '  <start><element name="TEI"><text/></element></start>\n</grammar>',
        ":2: the RELAX NG grammar does not load: failed to load"),
    "undefined-ref.rng": (
        '<grammar xmlns="http://relaxng.org/ns/structure/1.0">\n  <start>\n'
        '    <element name="TEI" ns="http://www.tei-c.org/ns/1.0"><ref name="nowhere"/>'
        '</element>\n  </start>\n</grammar>',
        ":3: the RELAX NG grammar does not load: Reference nowhere"),
    "not-well-formed.rng": ('<grammar xmlns="http://relaxng.org/ns/structure/1.0">\n<start>\n'
                            '</grammar>', ":3: the schema is not well-formed XML"),
}


@pytest.mark.parametrize("name", sorted(BROKEN_SCHEMAS))
def test_a_broken_schema_is_exit_2_with_its_file_and_line(tmp_path, name):
    import os

    text, expected = BROKEN_SCHEMAS[name]
    schema = tmp_path / name
    schema.write_text(text, encoding="utf-8")
    doc = tmp_path / "doc.xml"
    doc.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"/>', encoding="utf-8")
    for _ in range(2):  # cold, then warm (a pruned grammar in the cache)
        done = subprocess.run([sys.executable, "-m", "teipipe", "validate", "--schema",
                               str(schema), str(doc)], capture_output=True, text=True,
                              timeout=300, env={**os.environ, "XDG_CACHE_HOME": str(tmp_path)})
        assert done.returncode == 2, done.stdout + done.stderr
        assert f"{schema}{expected}" in done.stdout + done.stderr
        assert "Traceback" not in done.stdout + done.stderr


def test_a_grammar_in_several_files_works_cold_and_warm_from_any_folder(tmp_path):
    """A RELAX NG grammar that includes another by a relative href: its pruned copy (or
    the cached one) lost the folder the include is found from, so it failed to load."""
    lib = tmp_path / "lib"
    lib.mkdir()
    ns = 'xmlns="http://relaxng.org/ns/structure/1.0"'
    (lib / "part.rng").write_text(f'<grammar {ns}><define name="item"><element name="item">'
                                  '<text/></element></define></grammar>', encoding="utf-8")
    (lib / "main.rng").write_text(f'<grammar {ns}><include href="part.rng"/><start>'
                                  '<element name="list"><oneOrMore><ref name="item"/>'
                                  '</oneOrMore></element></start></grammar>', encoding="utf-8")
    good, bad = tmp_path / "good.xml", tmp_path / "bad.xml"
    good.write_text("<list><item>a</item></list>", encoding="utf-8")
    bad.write_text("<list><item>a</item><bogus/></list>", encoding="utf-8")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    for _run in ("cold", "warm"):
        done = subprocess.run([sys.executable, "-m", "teipipe", "validate", "--schema",
                               str(lib / "main.rng"), str(good), str(bad)],
                              capture_output=True, text=True, env=env, cwd="/")
        assert done.returncode == 1, done.stdout + done.stderr
        assert "2 files: 1 valid, 1 invalid" in done.stdout
        assert (f"{bad}:1:21: error [relaxng]: <bogus> is not allowed here, inside <list>; "
                "allowed inside <list>: not listed (the grammar is in several files"
                in done.stdout), done.stdout
