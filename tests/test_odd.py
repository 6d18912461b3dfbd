"""The ODD derivation (pipeline/validation/odd.py) on a small grammar and ODDs written by hand.

The grammar below has TEI's layout (one define per element, attribute classes as
``tei_att.X.attributes`` → ``tei_att.X.attribute.Y``); every expectation is what the
ODD says, checked by validating small documents with lxml against the derived grammar.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from teipipe import cli
from teipipe.diagnostics import InputError
from teipipe.validation import odd
from teipipe.validation.schematron import Checker, compile_schematron

RNG = """<grammar xmlns="http://relaxng.org/ns/structure/1.0"
  ns="http://www.tei-c.org/ns/1.0" datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">
  <start><choice><ref name="tei_TEI"/><ref name="tei_teiCorpus"/></choice></start>
  <define name="tei_TEI"><element name="TEI">
    <oneOrMore><ref name="tei_model.block"/></oneOrMore>
    <ref name="tei_att.typed.attributes"/></element></define>
  <define name="tei_teiCorpus"><element name="teiCorpus"><ref name="tei_TEI"/></element></define>
  <define name="tei_model.block"><choice>
    <ref name="tei_p"/><ref name="tei_ab"/><ref name="tei_table"/></choice></define>
  <define name="tei_p"><element name="p">
    <zeroOrMore><choice><text/><ref name="tei_hi"/></choice></zeroOrMore>
    <ref name="tei_att.typed.attributes"/><ref name="tei_att.cmc.attributes"/>
    <empty/></element></define>
  <define name="tei_ab"><element name="ab"><text/><ref name="tei_att.typed.attributes"/>
    </element></define>
  <define name="tei_hi"><element name="hi"><text/></element></define>
  <define name="tei_table"><element name="table">
    <oneOrMore><ref name="tei_row"/></oneOrMore></element></define>
  <define name="tei_row"><element name="row"><text/></element></define>
  <define name="tei_att.typed.attributes">
    <ref name="tei_att.typed.attribute.type"/><ref name="tei_att.typed.attribute.subtype"/>
  </define>
  <define name="tei_att.typed.attribute.type">
    <optional><attribute name="type"><data type="token"/></attribute></optional></define>
  <define name="tei_att.typed.attribute.subtype">
    <optional><attribute name="subtype"><data type="token"/></attribute></optional></define>
  <define name="tei_att.cmc.attributes"><ref name="tei_att.cmc.attribute.generatedBy"/></define>
  <define name="tei_att.cmc.attribute.generatedBy">
    <optional><attribute name="generatedBy"><data type="token"/></attribute></optional></define>
</grammar>"""

ODD_HEAD = ('<TEI xmlns="http://www.tei-c.org/ns/1.0" '
            'xmlns:sch="http://purl.oclc.org/dsdl/schematron"><text><body>\n')


def write_odd(tmp_path: Path, spec: str) -> Path:
    path = tmp_path / "test.odd"
    path.write_text(f"{ODD_HEAD}{spec}\n</body></text></TEI>\n", encoding="utf-8")
    (tmp_path / "full.rng").write_text(RNG, encoding="utf-8")
    return path


def grammar(tmp_path: Path, spec: str) -> etree.RelaxNG:
    derived = odd.derive(write_odd(tmp_path, spec), tmp_path / "full.rng")
    return etree.RelaxNG(etree.fromstring(derived.rng))


def ok(schema: etree.RelaxNG, body: str) -> bool:
    return schema.validate(etree.fromstring(
        body.replace("<TEI", '<TEI xmlns="http://www.tei-c.org/ns/1.0"', 1)))


KEEP = '<moduleRef key="core" include="TEI p ab"/>'


def test_elements_not_included_are_gone(tmp_path):
    schema = grammar(tmp_path, f'<schemaSpec ident="t" start="TEI">{KEEP}</schemaSpec>')
    assert ok(schema, "<TEI><p>x</p><ab>y</ab></TEI>")
    assert not ok(schema, "<TEI><p><hi>x</hi></p></TEI>")  # hi not included
    assert not ok(schema, "<TEI><table><row>r</row></table></TEI>")
    corpus = '<teiCorpus xmlns="http://www.tei-c.org/ns/1.0"><TEI><p/></TEI></teiCorpus>'
    assert not schema.validate(etree.fromstring(corpus))  # start is TEI only


def test_unreachable_definitions_are_dropped(tmp_path):
    derived = odd.derive(write_odd(
        tmp_path, f'<schemaSpec ident="t" start="TEI">{KEEP}</schemaSpec>'), tmp_path / "full.rng")
    root = etree.fromstring(derived.rng)
    names = {d.get("name") for d in root.iter(odd.rng("define"))}
    assert names == {"tei_TEI", "tei_model.block", "tei_p", "tei_ab", "tei_att.typed.attributes",
                     "tei_att.typed.attribute.type", "tei_att.typed.attribute.subtype",
                     "tei_att.cmc.attributes", "tei_att.cmc.attribute.generatedBy"}
    assert not list(root.iter(odd.rng("notAllowed")))


def test_closed_value_list_and_required_attribute_on_one_element_only(tmp_path):
    schema = grammar(tmp_path, f"""<schemaSpec ident="t">{KEEP}
      <elementSpec ident="p" mode="change"><attList>
        <attDef ident="type" mode="change" usage="req">
          <valList type="closed"><valItem ident="a"/><valItem ident="b"/></valList>
        </attDef></attList></elementSpec></schemaSpec>""")
    assert ok(schema, '<TEI><p type="a">x</p><p type="b"/></TEI>')
    assert not ok(schema, '<TEI><p type="c">x</p></TEI>')
    assert not ok(schema, "<TEI><p>x</p></TEI>")  # required now
    assert ok(schema, '<TEI type="c"><ab type="c">y</ab><p type="a" subtype="z"/></TEI>')


def test_deleted_attribute_class_and_deleted_attribute(tmp_path):
    schema = grammar(tmp_path, f"""<schemaSpec ident="t">{KEEP}
      <classSpec ident="att.cmc" type="atts" mode="delete"/>
      <elementSpec ident="ab" mode="change"><attList>
        <attDef ident="subtype" mode="delete"/></attList></elementSpec></schemaSpec>""")
    assert not ok(schema, '<TEI><p generatedBy="bot">x</p></TEI>')
    assert not ok(schema, '<TEI><ab subtype="s">y</ab></TEI>')
    assert ok(schema, '<TEI><p subtype="s">x</p><ab type="t">y</ab></TEI>')


def test_element_whose_required_child_is_deleted_disappears(tmp_path):
    spec = """<schemaSpec ident="t"><moduleRef key="core" include="TEI p table row"/>
      <elementSpec ident="row" mode="delete"/></schemaSpec>"""
    schema = grammar(tmp_path, spec)
    assert not ok(schema, "<TEI><table/></TEI>")
    assert ok(schema, "<TEI><p/></TEI>")
    derived = odd.derive(tmp_path / "test.odd", tmp_path / "full.rng")
    assert b'name="tei_table"' not in derived.rng


@pytest.mark.parametrize(("spec", "line", "words"), [
    ('<schemaSpec ident="t">\n<moduleRef key="core"/></schemaSpec>', 3, "without @include"),
    ('<schemaSpec ident="t">\n<moduleRef key="core" include="TEI p para"/></schemaSpec>', 3,
     "no such element in the source grammar: para"),
    (f'<schemaSpec ident="t">{KEEP}\n<elementSpec ident="p" mode="change"><attList>\n'
     '<attDef ident="colour" mode="change"/></attList></elementSpec></schemaSpec>', 4,
     "<p> has no attribute 'colour'"),
    (f'<schemaSpec ident="t">{KEEP}\n<elementSpec ident="p" mode="replace"/></schemaSpec>', 3,
     'mode="replace" is not supported'),
    (f'<schemaSpec ident="t">{KEEP}\n<constraintSpec ident="c" scheme="xsl"/></schemaSpec>', 3,
     'scheme="xsl" is not supported'),
    (f'\n<schemaSpec ident="t">{KEEP}<classSpec ident="model.block" mode="delete"/></schemaSpec>',
     3, "allows no document at all"),
])
def test_unsupported_or_wrong_odd_names_file_line_and_column(tmp_path, spec, line, words):
    with pytest.raises(InputError) as caught:
        path = write_odd(tmp_path, spec)
        odd.derive(path, tmp_path / "full.rng")
    finding = caught.value.diagnostics[0]
    assert (finding.path, finding.line) == (str(path), line)
    assert finding.col >= 1 and words in finding.message


def test_schematron_from_constraint_specs(tmp_path):
    path = write_odd(tmp_path, f"""<schemaSpec ident="t">{KEEP}
      <elementSpec ident="p" mode="change">
        <constraintSpec ident="p-not-empty" scheme="schematron"><constraint>
          <sch:assert test="normalize-space(.)">empty paragraph</sch:assert>
        </constraint></constraintSpec></elementSpec>
      <constraintSpec ident="own-pattern" scheme="schematron"><constraint>
        <sch:pattern><sch:rule context="tei:ab">
          <sch:report test="@type = 'bad'">ab typed <sch:value-of select="@type"/></sch:report>
        </sch:rule></sch:pattern></constraint></constraintSpec></schemaSpec>""")
    schema = odd.assemble_schematron(odd.Odd(path))
    assert [p.get("id") for p in schema.iter(odd.sch("pattern"))] == ["p-not-empty", "own-pattern"]
    doc = etree.fromstring('<TEI xmlns="http://www.tei-c.org/ns/1.0"><p> </p><p>x</p>'
                           '<ab type="bad"/><ab type="good"/></TEI>')
    failures = Checker(compile_schematron(schema)).check(doc)
    assert sorted((f.pattern, f.message) for f in failures) == [
        ("own-pattern", "ab typed bad"), ("p-not-empty", "empty paragraph")]


def test_closed_lists_are_also_schematron_with_the_allowed_values(tmp_path):
    path = write_odd(tmp_path, f"""<schemaSpec ident="t">{KEEP}
      <elementSpec ident="p" mode="change"><attList>
        <attDef ident="type" mode="change" usage="req">
          <valList type="closed"><valItem ident="a"/><valItem ident="b"/></valList>
        </attDef></attList></elementSpec></schemaSpec>""")
    schema = odd.assemble_schematron(odd.Odd(path))
    doc = etree.fromstring('<TEI xmlns="http://www.tei-c.org/ns/1.0"><p type="a"/>'
                           '<p type="z"/><p/></TEI>')
    messages = sorted(f.message for f in Checker(compile_schematron(schema)).check(doc))
    assert messages == ["<p> needs @type (one of: a, b).",
                        '@type="z" on <p> is not one of the values teipipe allows: a, b.']


def test_cli_writes_rng_and_sch_and_reports_a_bad_odd(tmp_path, capsys):
    good = write_odd(tmp_path, f'<schemaSpec ident="mini">{KEEP}</schemaSpec>')
    out = tmp_path / "out"
    code = cli.main(["schema", str(good), "--source", str(tmp_path / "full.rng"),
                     "-o", str(out), "--no-xsd"])
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == ["mini.rng", "mini.sch"]
    assert f"wrote {out / 'mini.rng'}" in capsys.readouterr().out
    bad = write_odd(tmp_path, '<schemaSpec ident="mini">\n<moduleRef key="core"/></schemaSpec>')
    assert cli.main(["schema", str(bad), "--source", str(tmp_path / "full.rng"),
                     "-o", str(out)]) == 1
    assert f"{bad}:3:1: error [odd]: moduleRef" in capsys.readouterr().err
    assert cli.main(["schema", str(tmp_path / "missing.odd")]) == 2
    assert (out / "mini.rng").read_bytes().startswith(b"<?xml")  # not overwritten by a failure
