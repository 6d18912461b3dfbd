"""The ODD compiler (``teipipe.validation.oddc``) against TEI's own processor.

``tests/data/odd-oracle/<project>/oracle.rng`` is what TEI's Stylesheets (odd2odd then
odd2relax, run by ``shared/oracles/odd2rng``) made of the project's ODD; teipipe compiles
the same ODD and jing must give the same verdicts and the same error lines with both
grammars, on the project's documents and on generated variants of them.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from teipipe import SCHEMA_DIR
from teipipe.validation.oddc import OddError, compile_schemas

DATA = Path(__file__).parent / "data" / "odd-oracle"
PROJECTS = {"cmif": "cmi-customization.odd", "dracor": "dracor.odd", "url": "url.odd",
            "dta": "basisformat_ms.odd"}  # dta: chained on basisformat_all.odd by its URL
VARIANTS = 200


def _jing(schema: Path, docs: list[Path]) -> dict[str, list[str]]:
    """jing's error lines per document (file name → ``line:col: message``)."""
    out = subprocess.run(["jing", str(schema), *map(str, docs)], capture_output=True,
                         text=True, timeout=600)
    found: dict[str, list[str]] = {d.name: [] for d in docs}
    for line in out.stdout.splitlines():
        m = re.match(r"^(.*?):(\d+:\d+: .*)$", line)
        if m and Path(m.group(1)).name in found:
            found[Path(m.group(1)).name].append(_normalise(m.group(2)))
    return found


def _normalise(line: str) -> str:
    """jing lists the datatypes of a failed choice in Java identity-hash order, which
    depends on the whole grammar: the list is compared as a set."""
    m = re.match(r"(.*?invalid; )(must be .*)$", line)
    if not m:
        return line
    alternatives = re.split(r", must be | or must be ", m.group(2))
    return m.group(1) + " | ".join(sorted(a.removeprefix("must be ") for a in alternatives))


def _variants(docs: list[Path], folder: Path, count: int) -> list[Path]:
    """``count`` documents, each one change away from a project document: an element
    renamed or moved, an attribute added or given a wrong value, a child removed."""
    rng = random.Random(13)
    parser = etree.XMLParser(collect_ids=False)
    trees = [etree.parse(str(d), parser) for d in docs]
    made = []
    for i in range(count):
        tree = etree.ElementTree(etree.fromstring(etree.tostring(rng.choice(trees)), parser))
        elements = [e for e in tree.getroot().iter() if isinstance(e.tag, str)][1:]
        target = rng.choice(elements)
        kind = i % 5
        if kind == 0:
            q = etree.QName(target)
            target.tag = etree.QName(q.namespace, q.localname + "X").text
        elif kind == 1 and target.getparent() is not None:
            parent = target.getparent()
            parent.remove(target)
            parent.insert(0, target)
        elif kind == 2:
            target.set("wrongAttribute", "x")
        elif kind == 3:
            name = rng.choice(sorted(target.attrib) or ["type"])
            target.set(name, "?? not a value ??")
        elif kind == 4 and len(target):
            target.remove(rng.choice(list(target)))
        path = folder / f"variant-{i:03d}.xml"
        tree.write(str(path), xml_declaration=True, encoding="UTF-8")
        made.append(path)
    return made


@pytest.fixture(scope="module", params=sorted(PROJECTS))
def project(request, tmp_path_factory) -> tuple[str, Path, Path]:
    name = request.param
    out = compile_schemas(DATA / name / PROJECTS[name], SCHEMA_DIR / "p5subset.xml")
    folder = tmp_path_factory.mktemp(f"odd-{name}")
    mine = folder / "teipipe.rng"
    mine.write_bytes(out.rng)
    return name, mine, DATA / name / "oracle.rng"


@pytest.mark.jing
@pytest.mark.slow
def test_same_verdicts_and_errors_on_project_documents(project) -> None:
    assert shutil.which("jing"), "jing is needed (Debian package jing)"
    name, mine, oracle = project
    docs = sorted(p for p in (DATA / name).glob("*.xml"))
    assert docs
    theirs, ours = _jing(oracle, docs), _jing(mine, docs)
    assert ours == theirs
    assert any(theirs.values())  # some documents are invalid: the errors are compared too


@pytest.mark.jing
@pytest.mark.slow
def test_same_verdicts_and_errors_on_generated_variants(project, tmp_path) -> None:
    assert shutil.which("jing"), "jing is needed (Debian package jing)"
    name, mine, oracle = project
    docs = sorted((DATA / name).glob("*.xml"))
    variants = _variants(docs, tmp_path, VARIANTS)
    theirs, ours = _jing(oracle, variants), _jing(mine, variants)
    differ = [v for v in theirs if theirs[v] != ours[v]]
    assert not differ, f"{len(differ)} of {len(variants)} differ, e.g. {differ[0]}: " \
        f"{theirs[differ[0]][:2]} vs {ours[differ[0]][:2]}"
    assert sum(1 for v in theirs.values() if v) > VARIANTS // 2


def test_version_pin_warns(tmp_path) -> None:
    out = compile_schemas(DATA / "dracor" / "dracor.odd", SCHEMA_DIR / "p5subset.xml")
    assert any("4.12.0" in w and "4.10.0a" in w for w in out.warnings)


def test_ids_repeated_in_examples_are_not_an_error(tmp_path) -> None:
    odd = tmp_path / "x.odd"
    odd.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>'
        '<egXML xmlns="http://www.tei-c.org/ns/Examples"><p xml:id="n7"/><p xml:id="n7"/>'
        '</egXML><schemaSpec ident="x" start="TEI"><moduleRef key="tei"/>'
        '<moduleRef key="core" include="p"/><moduleRef key="header"/>'
        '<moduleRef key="textstructure"/></schemaSpec></body></text></TEI>',
        encoding="utf-8")
    out = compile_schemas(odd, SCHEMA_DIR / "p5subset.xml")
    assert b'<element name="TEI"' in out.rng


def test_unknown_module_is_refused_with_its_line(tmp_path) -> None:
    odd = tmp_path / "x.odd"
    odd.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<schemaSpec ident="x">\n'
                   '<moduleRef key="nosuchmodule"/></schemaSpec></TEI>', encoding="utf-8")
    with pytest.raises(OddError) as caught:
        compile_schemas(odd, SCHEMA_DIR / "p5subset.xml")
    finding = caught.value.diagnostics[0]
    assert finding.line == 3 and "nosuchmodule" in finding.message


def test_cli_compiles_a_project_odd_and_validates_with_it(tmp_path, capsys) -> None:
    from teipipe import cli

    code = cli.main(["schema", str(DATA / "cmif" / "cmi-customization.odd"),
                     "-o", str(tmp_path), "--no-xsd"])
    assert code == 0
    assert (tmp_path / "cmi-customization.rng").read_bytes().startswith(b"<?xml")
    capsys.readouterr()
    odd = str(DATA / "cmif" / "cmi-customization.odd")
    # the grammar accepts the DTA's published CMIF; the Schematron TEI's own processor
    # extracts (oracle.sch: pattern "declarable", is-a for correspDesc) does not: its many
    # correspDesc have no @xml:id and none is the @default
    assert cli.main(["validate", "--schema", odd,
                     str(DATA / "cmif" / "soldatenbriefe-CMIF.xml")]) == 1
    said = capsys.readouterr().out.splitlines()[:-1]
    assert said and all("[schematron:" in line and "more than one correspDesc" in line
                        for line in said), said
    assert cli.main(["validate", "--schema", odd,
                     str(DATA / "cmif" / "example01_basic.xml")]) == 1
    assert "example01_basic.xml:43:" in capsys.readouterr().out


def test_cli_refuses_an_unsupported_odd_with_its_place(tmp_path, capsys) -> None:
    from teipipe import cli

    odd = tmp_path / "x.odd"
    odd.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<schemaSpec ident="x">\n'
                   '  <moduleRef url="https://example.org/x.rng"/></schemaSpec></TEI>',
                   encoding="utf-8")
    assert cli.main(["schema", str(odd), "-o", str(tmp_path), "--no-xsd"]) == 2
    assert (f"{odd}:3:3: error [odd]: moduleRef/@url 'https://example.org/x.rng': teipipe "
            "reads only local grammars") in capsys.readouterr().err
