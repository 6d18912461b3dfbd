"""Schemas chosen as oXygen chooses them: each document's ``<?xml-model?>`` lines, URLs mapped
by a catalog, verdicts checked against jing on real projects' documents and schemas."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from teipipe.validate import validate_paths
from teipipe.validation import models

ROOT = Path(__file__).resolve().parents[1]
PROJECTS = ROOT / "tests" / "data" / "projects"
CATALOG = PROJECTS / "catalog.xml"
MANIFEST = list(csv.DictReader((PROJECTS / "MANIFEST.tsv").open(encoding="utf-8"),
                               delimiter="\t"))
TEI = "http://www.tei-c.org/ns/1.0"
RNG = "http://relaxng.org/ns/structure/1.0"
ISO = "http://purl.oclc.org/dsdl/schematron"


def test_kinds_as_oxygen_reads_them():
    assert models.kind_of("x.sch", RNG, None) == "rng"  # schematypens wins
    assert models.kind_of("x", "http://www.ascc.net/xml/schematron", None) == "sch"
    assert models.kind_of("x", "http://www.w3.org/2001/XMLSchema", None) == "xsd"
    assert models.kind_of("x.rnc", None, "application/relax-ng-compact-syntax") == "rnc"
    assert models.kind_of("a/b.RNG?v=1", None, "application/xml") == "rng"
    assert models.kind_of("schema", None, None) == "unknown"


def test_the_prolog_is_read_in_order_with_lines_and_the_dtd(tmp_path):
    doc = tmp_path / "d.xml"
    doc.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE TEI SYSTEM "wol-fra.dtd">\n'
        f'<?xml-model href="a.rng" schematypens="{RNG}"?>\n'
        f'<?xml-model href="b.sch" schematypens="{ISO}" phase="p1"?><?other x?>\n'
        f'<TEI xmlns="{TEI}"/>\n<?xml-model href="after.rng"?>\n', encoding="utf-8")
    prolog = models.of_file(doc)
    assert prolog.dtd == "wol-fra.dtd"
    assert [(m.href, m.kind, m.line, m.phase) for m in prolog.models] == [
        ("a.rng", "rng", 3, None), ("b.sch", "sch", 4, "p1")]


def rows(project: str = "") -> list[dict]:
    return [r for r in MANIFEST if r["project"].startswith(project)]


@pytest.fixture(scope="module")
def reports():
    files = [PROJECTS / r["file"] for r in MANIFEST]
    found = validate_paths(files, None, catalogs=[CATALOG])
    return {r["file"]: report for r, report in zip(MANIFEST, found, strict=True)}


def test_every_project_is_here():
    assert {r["project"] for r in MANIFEST} == {"eltec", "dracor", "epidoc", "dta", "cmif"}
    assert {r["jing_verdict"] for r in MANIFEST} == {"valid", "invalid"}


@pytest.mark.slow
@pytest.mark.parametrize("row", MANIFEST, ids=[r["file"] for r in MANIFEST])
def test_declared_relaxng_verdict_is_jings(row, reports):
    """No --schema: the declared grammar's verdict is the one MANIFEST.tsv has from jing,
    reached through the test catalog; nothing is left unrun."""
    report = reports[row["file"]]
    assert not report.schema_problem, report.findings
    relaxng = [f for f in report.findings if f.check == "relaxng" and f.severity == "error"]
    assert (not relaxng) == (row["jing_verdict"] == "valid"), relaxng


@pytest.mark.slow
def test_declared_schematron_findings_come_in_the_same_run(reports):
    dta = reports["dta/soldatenbriefe/data/letter-127.xml"]
    checks = {f.check for f in dta.findings}
    assert "relaxng" in checks  # basisformat_ms.rng
    assert "schematron:capitalLetterI" in checks  # basisformat.sch, declared beside it
    dracor = reports["dracor/rusdracor/tei/prutkov-spor-drevnih-grecheskih-filosofov.xml"]
    assert any(f.check.startswith("schematron:dracor-") for f in dracor.findings)  # embedded


@pytest.mark.slow
def test_a_grammar_declared_twice_is_checked_once(reports):
    """ELTeC names eltec-1.rng as RELAX NG and as Schematron: one run of its rules."""
    eltec = reports["eltec/ELTeC-eng/level1/ENG18872_Lyall.xml"]
    assert len(eltec.findings) == len(set(eltec.findings))
    assert eltec.valid


@pytest.mark.slow
@pytest.mark.jing
def test_jing_live_agrees_on_the_committed_documents(reports):
    if not shutil.which("jing"):
        pytest.fail("jing is not installed (apt package jing); CI must install it")
    for row in MANIFEST:
        grammar = PROJECTS / row["rng_used"].replace("dta/dtabf/schema/dist",
                                                     "dta/dtabf/schema/dist")
        done = subprocess.run(["jing", str(grammar), str(PROJECTS / row["file"])],
                              capture_output=True, text=True, timeout=300)
        jing_valid = done.returncode == 0 and not done.stdout.strip()
        assert jing_valid == (row["jing_verdict"] == "valid"), (row["file"], done.stdout)
        ours = not any(f.check == "relaxng" and f.severity == "error"
                       for f in reports[row["file"]].findings)
        assert ours == jing_valid, row["file"]


def cli(*args: str, cwd: Path = ROOT):
    return subprocess.run([sys.executable, "-m", "teipipe", "validate", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600)


def test_the_edition_is_checked_against_what_it_declares():
    """tei_all by URL (the shipped catalog) plus ../schema/teipipe.rng|.sch (relative)."""
    letter = ROOT / "tei" / "frus1977-80v06-d1.xml"
    declared = models.of_file(letter).models
    assert [m.kind for m in declared] == ["rng", "rng", "sch"]
    done = cli(str(letter))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith(f"{letter}: valid")


def test_a_document_declaring_nothing_is_checked_against_tei_all_and_told(tmp_path):
    doc = tmp_path / "plain.xml"
    doc.write_text(f'<TEI xmlns="{TEI}"><bogus/></TEI>', encoding="utf-8")
    (report,) = validate_paths([doc], None)
    assert report.findings[0].severity == "info" and "tei_all" in report.findings[0].message
    assert any(f.check == "relaxng" for f in report.findings) and not report.valid


@pytest.mark.parametrize(("href", "attrs"), [
    ("s.rnc", 'type="application/relax-ng-compact-syntax"'),
    ("s.nvdl", 'schematypens="http://purl.oclc.org/dsdl/nvdl/ns/structure/1.0"'),
    ("s.dtd", ""),
])
def test_a_schema_teipipe_cannot_run_is_exit_2_never_valid(tmp_path, href, attrs):
    (tmp_path / href).write_text("x", encoding="utf-8")
    doc = tmp_path / "d.xml"
    doc.write_text(f'<?xml-model href="{href}" {attrs}?>\n<TEI xmlns="{TEI}"/>', encoding="utf-8")
    done = cli(str(doc))
    assert done.returncode == 2 and "valid" not in done.stdout.split("\n")[0]
    assert f"{doc}:1:1: error [schema]: xml-model declares '{href}'" in done.stdout


def test_a_relative_href_that_is_missing_is_exit_2(tmp_path):
    doc = tmp_path / "d.xml"
    doc.write_text(f'<?xml-model href="../nowhere.rng" schematypens="{RNG}"?>\n'
                   f'<TEI xmlns="{TEI}"/>', encoding="utf-8")
    done = cli(str(doc))
    assert done.returncode == 2 and "nowhere.rng" in done.stdout and "not found" in done.stdout


def test_an_external_dtd_is_never_loaded_and_one_warning_says_so(tmp_path):
    dtd = tmp_path / "wol-fra.dtd"  # were it read, the default would make the TEI invalid
    dtd.write_text('<!ATTLIST TEI bogus CDATA "x">', encoding="utf-8")
    letter = (ROOT / "tei" / "frus1977-80v06-d1.xml").read_text(encoding="utf-8")
    doc = tmp_path / "d.xml"
    letter = letter.replace("../schema/", f"{ROOT / 'schema'}/")
    doc.write_text(letter.replace("<?xml-model", '<!DOCTYPE TEI SYSTEM "wol-fra.dtd">\n'
                                  "<?xml-model", 1), encoding="utf-8")
    done = cli(str(doc))
    warnings = [line for line in done.stdout.splitlines() if "[dtd]" in line]
    assert len(warnings) == 1 and "wol-fra.dtd" in warnings[0], done.stdout
    assert "entities and attribute defaults were not applied" in warnings[0]
    assert done.returncode == 0, done.stdout


def test_schema_may_be_repeated_and_replaces_the_declared_ones(tmp_path):
    """An RNG and a Schematron in one run; the document's own (remote) lines are ignored."""
    doc = PROJECTS / "dta/soldatenbriefe/data/letter-127.xml"
    done = cli("--schema", str(PROJECTS / "dta/dtabf/schema/dist/basisformat_ms.rng"),
               "--schema", str(PROJECTS / "dta/dtabf/schema/basisformat.sch"), str(doc))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "[relaxng]" in done.stdout and "[schematron:capitalLetterI]" in done.stdout
    alone = cli("--schema", str(PROJECTS / "dta/dtabf/schema/basisformat.sch"), str(doc))
    assert "[relaxng]" not in alone.stdout and alone.returncode == 0


def test_a_document_declaring_an_unmapped_url_names_it_and_both_ways_out():
    doc = PROJECTS / "dracor/rusdracor/tei/prutkov-spor-drevnih-grecheskih-filosofov.xml"
    done = cli(str(doc))
    assert done.returncode == 2
    (line,) = [x for x in done.stdout.splitlines() if "[schema]" in x]
    assert "https://dracor.org/schema.rng" in line and "--catalog" in line \
        and "--allow-network" in line


def test_the_phase_an_xml_model_line_asks_for_is_used_and_phase_overrides_it(tmp_path):
    (tmp_path / "s.sch").write_text(f'''<schema xmlns="{ISO}" queryBinding="xslt2">
      <ns prefix="tei" uri="{TEI}"/>
      <phase id="one"><active pattern="a"/></phase><phase id="two"><active pattern="b"/></phase>
      <pattern id="a"><rule context="tei:TEI"><report test="true()">rule-a</report></rule>
      </pattern><pattern id="b"><rule context="tei:TEI"><report test="true()">rule-b</report>
      </rule></pattern></schema>''', encoding="utf-8")
    doc = tmp_path / "d.xml"
    doc.write_text(f'<?xml-model href="s.sch" schematypens="{ISO}" phase="two"?>\n'
                   f'<TEI xmlns="{TEI}"/>', encoding="utf-8")
    declared = cli(str(doc)).stdout
    assert "rule-b" in declared and "rule-a" not in declared
    chosen = cli("--phase", "one", str(doc)).stdout
    assert "rule-a" in chosen and "rule-b" not in chosen


def test_a_schematron_15_declared_as_isicily_declares_it_is_run(tmp_path):
    """I.Sicily names its Schematron 1.5 file with the ISO schematypens; it used to pass as
    valid, exit 0, a file breaking its rules."""
    sch = (PROJECTS / "epidoc/schematron/ircyr-checking.sch").as_uri()
    doc = tmp_path / "inscription.xml"
    doc.write_text(
        f'<?xml-model href="{sch}" schematypens="{ISO}"?>\n'
        f'<TEI xmlns="{TEI}"><text><body><div type="edition"><ab>\n'
        '<gap reason="lost" extent="3" quantity="2" unit="character"/>\n'
        '<ex>us</ex></ab></div></body></text></TEI>\n', encoding="utf-8")
    done = cli(str(doc))
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"{doc}:3:1: error [schematron:1]: conflict: @quantity and @extent both present " \
        "on gap" in done.stdout
    assert f"{doc}:4:1: error [schematron:5]: ex should only appear inside expan" in done.stdout


def test_an_xml_model_cannot_make_teipipe_read_a_file_that_is_not_a_schema(tmp_path):
    """A hostile document naming a private file (no schema suffix) gets exit 2 and one
    message; the file is not parsed, so nothing of it can show in a message."""
    secret = tmp_path / "id_rsa"
    secret.write_text("-----BEGIN OPENSSH PRIVATE KEY-----\nsecret\n", encoding="utf-8")
    doc = tmp_path / "doc.xml"
    doc.write_text('<?xml-model href="id_rsa" schematypens="http://relaxng.org/ns/structure/1.0"?>'
                   '\n<TEI xmlns="http://www.tei-c.org/ns/1.0"/>\n', encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "teipipe", "validate", str(doc)],
                            capture_output=True, text=True)
    assert result.returncode == 2, result.stdout
    assert "not a schema file by its name" in result.stdout
    assert "OPENSSH" not in result.stderr + result.stdout and "Traceback" not in result.stderr
