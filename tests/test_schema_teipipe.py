"""The project customization itself: schema/teipipe.odd, the committed derived schemas,
and the encoder's output against them."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from teipipe.encode import encode_file
from teipipe.validate import validate_paths
from teipipe.validation import odd
from teipipe.xmlio import TEI_NS, safe_parser

from testdata import FRUS_DEV, TEI_P5, files
from testdata import LETTER_TXT as LETTER

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "schema"
T = f"{{{TEI_NS}}}"


def test_committed_rng_and_sch_are_derived_from_the_odd(tmp_path):
    odd.write_schemas(out_dir=tmp_path, xsd=False)
    for name in ("teipipe.rng", "teipipe.sch"):
        assert (tmp_path / name).read_bytes() == (SCHEMA / name).read_bytes(), (
            f"schema/{name} is stale: run 'python -m teipipe schema' and commit schema/")


def test_committed_xsd_is_trangs_translation_of_the_rng(tmp_path):
    assert shutil.which("trang"), "trang (Debian package trang) is needed for this check"
    written = odd.trang_xsd(SCHEMA / "teipipe.rng", tmp_path / "teipipe.xsd")
    assert sorted(p.name for p in written) == ["teipipe.xsd", "teipipe_xml.xsd"]
    for path in written:
        assert path.read_bytes() == (SCHEMA / path.name).read_bytes(), (
            f"schema/{path.name} is stale: run 'python -m teipipe schema' and commit schema/")


def test_the_odd_is_valid_tei():
    report = validate_paths([odd.ODD])[0]
    assert report.valid, "\n".join(map(str, report.findings))


def test_each_included_element_belongs_to_its_module_in_the_tei_source():
    """p5subset.xml (TEI's own source; its elementSpecs' modules, tests/data/tei-p5/) says
    which module an element is in."""
    source = etree.parse(str(TEI_P5 / "p5subset-modules.xml"), safe_parser())
    module = {e.get("ident"): e.get("module") for e in source.iter(f"{T}elementSpec")}
    spec = odd.Odd(odd.ODD).spec
    wrong = [(name, ref.get("key"), module.get(name))
             for ref in spec.iter(f"{T}moduleRef")
             for name in (ref.get("include") or "").split() if module.get(name) != ref.get("key")]
    assert wrong == []


@pytest.fixture(scope="module")
def encoded(tmp_path_factory) -> list[Path]:
    """The letter and the 34 development documents, encoded now (without personography)."""
    out = tmp_path_factory.mktemp("encoded")
    sources = [LETTER, *files(FRUS_DEV / "input", "*.txt")]
    assert len(sources) == 35
    paths = []
    for source in sources:
        target = out / f"{source.stem}.xml"
        encode_file(source, target, None)
        paths.append(target)
    return paths


def test_encoder_output_is_valid_against_teipipe_rng_with_lxml(encoded):
    grammar = etree.RelaxNG(etree.parse(str(SCHEMA / "teipipe.rng")))
    invalid = {p.name: str(grammar.error_log.last_error) for p in encoded
               if not grammar.validate(etree.parse(str(p), safe_parser()))}
    assert invalid == {}


def test_encoder_output_is_valid_against_teipipe_and_tei_all(encoded):
    extra = [ROOT / "tei" / "persons.xml"]
    for schema in ("teipipe", "tei_all"):
        bad = {str(r.path): [str(f) for f in r.findings]
               for r in validate_paths(encoded + extra, schema) if not r.valid}
        assert bad == {}, schema


def test_the_customization_keeps_exactly_the_elements_the_encoder_writes(encoded):
    """Keeps every element the encoder uses and nothing more (a leftover is dead weight)."""
    used = set()
    for path in [*encoded, ROOT / "tei" / "persons.xml"]:
        used |= {etree.QName(e).localname for e in etree.parse(str(path)).iter(etree.Element)}
    spec = odd.Odd(odd.ODD).spec
    kept = {n for ref in spec.iter(f"{T}moduleRef") for n in (ref.get("include") or "").split()}
    assert sorted(kept - used) == [] and sorted(used - kept) == []
    declared = set(re.findall(rb'<element name="([^"]+)"', (SCHEMA / "teipipe.rng").read_bytes()))
    assert {n.decode() for n in declared} == kept


def _variant(tmp_path: Path, name: str, old: str, new: str) -> Path:
    text = (ROOT / "tests" / "validation" / "valid-frus-letter.xml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_element_outside_the_customization_is_invalid_but_tei_all_accepts_it(tmp_path):
    path = _variant(tmp_path, "hi.xml", "<p>", "<p><hi rend=\"italic\">Note:</hi> ")
    assert validate_paths([path], "tei_all")[0].valid
    report = validate_paths([path], "teipipe")[0]
    assert not report.valid
    line = next(i for i, t in enumerate(path.read_text().splitlines(), 1) if "<hi " in t)
    assert any(f.line == line and "<hi> is not allowed here" in f.message
               for f in report.findings), report.findings


@pytest.mark.parametrize(("old", "new", "message"), [
    ('<div type="document"', '<div type="chapter"',
     '@type="chapter" on <div> is not one of the values teipipe allows: document.'),
    ('<div type="document"', "<div", "<div> needs @type (one of: document)."),
    ('type="source"', 'type="sources"',
     '@type="sources" on <note> is not one of the values teipipe allows: source, editorial.'),
])
def test_wrong_or_missing_type_is_invalid_with_the_allowed_values(tmp_path, old, new, message):
    path = _variant(tmp_path, "typed.xml", old, new)
    assert validate_paths([path], "tei_all")[0].valid
    report = validate_paths([path], "teipipe")[0]
    assert not report.valid
    line = next(i for i, t in enumerate(path.read_text().splitlines(), 1) if new in t)
    assert any(f.line == line and f.message == message for f in report.findings), report.findings
    assert any(f.check == "relaxng" for f in report.findings)  # the grammar says no as well


def test_xml_model_instructions_name_the_project_schemas_and_they_accept_the_file(tmp_path):
    out = tmp_path / "edition" / "letter.xml"
    encode_file(LETTER, out, ROOT / "tei" / "persons.xml")
    tree = etree.parse(str(out), safe_parser())
    models = [(pi.get("schematypens"), pi.get("href"))
              for pi in tree.getroot().itersiblings(preceding=True)
              if isinstance(pi, etree._ProcessingInstruction) and pi.target == "xml-model"]
    # the project schema is named relative to the edition's layout (tei/ beside schema/),
    # the same wherever teipipe is installed and wherever the file is written
    local = {ns: (ROOT / "tei" / href).resolve() for ns, href in models
             if not href.startswith("https:")}
    assert len(models) == 3  # and tei_all, by its address at the TEI
    assert local == {odd.RNG_NS: SCHEMA / "teipipe.rng", odd.SCH_NS: SCHEMA / "teipipe.sch"}
    assert etree.RelaxNG(etree.parse(str(local[odd.RNG_NS]))).validate(tree)
    assert validate_paths([out], str(local[odd.SCH_NS]))[0].valid


@pytest.mark.jing
def test_jing_agrees_with_lxml_on_the_derived_grammar(encoded, tmp_path):
    """libxml2 misjudged an earlier derivation (groups ending in empty) where jing did not."""
    variants = [_variant(tmp_path, f"v{i}.xml", old, new) for i, (old, new) in enumerate([
        ("<p>", "<p><hi>Note:</hi> "), ('<div type="document"', '<div type="chapter"'),
        ('<div type="document"', "<div"), ('type="source"', 'type="sources"')])]
    files = [*encoded, *variants]
    grammar = etree.RelaxNG(etree.parse(str(SCHEMA / "teipipe.rng")))
    by_lxml = {str(p) for p in files if not grammar.validate(etree.parse(str(p), safe_parser()))}
    run = subprocess.run(["jing", str(SCHEMA / "teipipe.rng"), *map(str, files)],
                         capture_output=True, text=True, timeout=120)
    by_jing = {line.split(":")[0] for line in run.stdout.splitlines() if ": error:" in line}
    assert by_jing == by_lxml == {str(p) for p in variants}
