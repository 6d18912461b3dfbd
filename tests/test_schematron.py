"""The ISO Schematron -> XSLT 3.0 compiler, checked on small schemas written by hand."""

from __future__ import annotations

import pytest
from lxml import etree

from teipipe.validation.schematron import (
    Checker,
    Rules,
    SchematronError,
    compile_schematron,
    locate,
    prune_patterns,
    xpath1_safe,
)

import testdata

SCH = "http://purl.oclc.org/dsdl/schematron"


def schema(body: str) -> etree._Element:
    return etree.fromstring(
        f'<schema xmlns="{SCH}" queryBinding="xslt3">'
        '<ns prefix="tei" uri="http://www.tei-c.org/ns/1.0"/>'
        f"{body}</schema>")


DOC = etree.fromstring(
    '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>'
    '<p n="1">one <date when="1977-01-18">Jan</date></p>\n'
    '<p n="3">three <date when="January">Jan</date></p>'
    "</body></text></TEI>")


def run(body: str, doc: etree._Element = DOC):
    """Saxon's failures, checked equal (and in the same order) to the lxml route's."""
    failures = Checker(compile_schematron(schema(body))).check(doc)
    assert Rules(schema(body)).check(doc) == failures
    return failures


def test_assert_fails_with_value_of_and_name_in_the_message():
    failures = run('<pattern id="when"><rule context="tei:*[@when]">'
                   '<assert test="@when castable as xs:date" role="warning">'
                   '<name/> has @when "<value-of select="@when"/>", not an ISO date</assert>'
                   "</rule></pattern>".replace("<schema", "<schema"))
    assert [(f.role, f.message, f.pattern) for f in failures] == [
        ("warning", 'date has @when "January", not an ISO date', "when")]
    assert locate(DOC, failures[0].path).sourceline == 2


def test_xpath2_features_and_rule_variables():
    failures = run('<pattern><rule context="tei:p"><let name="n" value="xs:integer(@n)"/>'
                   '<report test="$n gt count(preceding-sibling::tei:p) + 1">paragraph '
                   '<value-of select="$n"/> is out of sequence</report></rule></pattern>')
    assert [f.message for f in failures] == ["paragraph 3 is out of sequence"]
    assert failures[0].role == "error" and failures[0].pattern == "1"


def test_first_matching_rule_of_a_pattern_wins():
    body = ('<pattern><rule context="tei:p[@n=\'1\']"><assert test="false()">first</assert>'
            '</rule><rule context="tei:p"><assert test="false()">second</assert></rule>'
            "</pattern>")
    assert sorted(f.message for f in run(body)) == ["first", "second"]  # one each, never both


def test_lxml_takes_plain_patterns_and_saxon_the_rest():
    body = ('<pattern id="a"><rule context="tei:p[@n=\'1\']"><assert test="false()">first'
            '</assert></rule><rule context="tei:p"><report test="tei:date/@when">second '
            '<name/> <value-of select="@n"/>:<value-of select="."/></report></rule></pattern>'
            '<pattern><rule context="tei:date"><report test="@when castable as xs:date">'
            'ISO</report></rule></pattern>'
            '<pattern><rule context="tei:date"><report test="ancestor::tei:p[@n != \'3\']">'
            'in <value-of select="@when"/></report></rule></pattern>')
    rules = Rules(schema(body))
    assert [n is not None for n in rules.native] == [True, False, True]
    # XSLT drops the whitespace-only text between <name/> and <value-of/>: "p3", not "p 3"
    assert [(f.message, f.pattern) for f in run(body)] == [
        ("first", "a"), ("second p3:three Jan", "a"), ("ISO", "2"), ("in 1977-01-18", "3")]


def test_xpath1_subset_is_what_both_versions_read_alike():
    ns = {"tei": "http://www.tei-c.org/ns/1.0"}
    for same in ["@notBefore|@notAfter", "tei:l//tei:p", "tei:*[@when]", "not(@a) and .. = 'x'",
                 "(ancestor::tei:ab or ancestor::tei:p) and not(parent::tei:item | @n)",
                 "child::text()", "tei:list[@type='gloss']", "true()", "div", "@*"]:
        assert xpath1_safe(same, ns), same
    for differs in ["tei:p[1]", "count(tei:p) > 0", "@a eq 'b'", "$x", "current()", "x:p",
                    "not(@a) = 'x'", "text() = 'x'", "'x' = @a", "@a = 'x' = 'y'", "a div b",
                    "contains(@a, ' ')", "(@a, @b)", "a[]", "not()", "a/", "/", "@a >> .",
                    "if (@a) then @b else @c", "every $v in @a satisfies $v", "a | | b"]:
        assert not xpath1_safe(differs, ns), differs


def test_abstract_rules_and_extends():
    body = ('<pattern><rule abstract="true" id="has-n"><assert test="@n">no n</assert></rule>'
            '<rule context="tei:date"><extends rule="has-n"/></rule></pattern>')
    assert [f.message for f in run(body)] == ["no n", "no n"]


def test_a_bad_xpath_is_a_clear_error():
    with pytest.raises(SchematronError):
        Checker(compile_schematron(schema(
            '<pattern><rule context="tei:p"><assert test="((">x</assert></rule></pattern>')))


def test_not_a_schematron():
    with pytest.raises(SchematronError):
        compile_schematron(etree.fromstring("<schema/>"))


def test_locate_follows_a_path_to_the_element():
    p2 = DOC[0][0][1]
    assert locate(DOC, "/Q{http://www.tei-c.org/ns/1.0}TEI[1]/Q{http://www.tei-c.org/ns/1.0}"
                       "text[1]/Q{http://www.tei-c.org/ns/1.0}body[1]/"
                       "Q{http://www.tei-c.org/ns/1.0}p[2]/@n") is p2


def test_pruning_keeps_patterns_that_can_fire_only():
    s = schema('<pattern id="a"><rule context="tei:relation"><assert test="1"/></rule></pattern>'
               '<pattern id="b"><rule context="tei:*[@when]"><assert test="1"/></rule></pattern>'
               '<pattern id="c"><rule context="tei:content//tei:elementRef | tei:p">'
               '<assert test="1"/></rule></pattern>')
    assert [p.get("id") for p in prune_patterns(s, {"TEI", "p"})] == ["b", "c"]
    assert [p.get("id") for p in prune_patterns(s, {"relation"})] == ["a", "b"]


def test_needed_names_are_read_from_steps_and_bare_attribute_predicates():
    from teipipe.validation.schematron import _needs

    assert _needs("tei:l//tei:p") == ({"l", "p"}, set())
    assert _needs("tei:rt/@from") == ({"rt"}, {"from"})
    assert _needs("tei:*[not(self::tei:schemaSpec)][@targetLang]") == (set(), {"targetLang"})
    assert _needs("tei:*[ @minOccurs and not( @maxOccurs ) ]") == (set(), {"minOccurs"})
    # a comparison with an absent attribute (an empty sequence) is false, and so is
    # starts-with() of it with a non-empty prefix; a count above zero needs the element
    assert _needs("tei:attDef[@usage eq 'req']") == ({"attDef"}, {"usage"})
    assert _needs("tei:p[x[@y]][@a = ']']") == ({"p"}, {"a"})
    assert _needs("tei:*[@a != 'x'][@b>=2]") == (set(), {"a", "b"})
    assert _needs("tei:*[ starts-with( @spanTo, '#') ]") == (set(), {"spanTo"})
    assert _needs("/*[ count( //tei:constraintDecl ) gt 1 ]") == ({"constraintDecl"}, set())
    assert _needs("/*[ count( //tei:x ) ge 1 ]") == ({"x"}, set())
    # a disjunction, a nested path, a negation or another function needs nothing for sure
    assert _needs("tei:p[@a or @b]") == ({"p"}, set())
    assert _needs("tei:p[x[@y]]") == ({"p"}, set())
    assert _needs("tei:*[not(@a = 'x')]") == (set(), set())
    assert _needs("tei:*[starts-with(@a, '')]") == (set(), set())
    assert _needs("tei:*[ends-with(@a, 'x')][@b = $v]") == (set(), set())
    assert _needs("/*[ count( //tei:x ) ge 0 ]") == (set(), set())
    assert _needs("/*[ count( //tei:x/tei:y ) gt 1 ]") == (set(), set())
    assert _needs("( tei:classSpec | tei:dataSpec )/tei:listRef") == ({"listRef"}, set())


def test_pruning_by_attributes():
    s = schema('<pattern id="a"><rule context="tei:*[@when]"><assert test="1"/></rule></pattern>'
               '<pattern id="b"><rule context="tei:rt/@from | tei:p[@n]"><assert test="1"/>'
               '</rule></pattern>'
               '<pattern id="c"><rule context="tei:*[@a and @b]"><assert test="1"/></rule>'
               '</pattern>')
    assert [p.get("id") for p in prune_patterns(s, {"p"}, {"when"})] == ["a"]
    assert [p.get("id") for p in prune_patterns(s, {"p"}, {"n", "a"})] == ["b"]
    assert [p.get("id") for p in prune_patterns(s, {"rt"}, {"from", "a", "b"})] == ["b", "c"]
    assert [p.get("id") for p in prune_patterns(s, {"TEI"}, None)] == ["a", "c"]


def test_pruned_tei_rules_report_exactly_what_all_tei_rules_report():
    """TEI's 90 embedded patterns on every node, against the ones pruned to a document's
    names on the nodes they can match."""
    from pathlib import Path

    from teipipe.validation import prune
    from teipipe.validation.load import parse
    from teipipe.validation.schematron import extract_embedded, with_patterns

    root = Path(__file__).resolve().parents[1]
    tei_all = etree.parse(str(root / "schema" / "tei_all.rng")).getroot()
    embedded = extract_embedded(tei_all)
    everything = Checker(compile_schematron(embedded, narrow=False))  # every node, every rule
    files = [*testdata.files(root / "tests" / "validation", "*.xml", recursive=True),
             *testdata.files(testdata.FOREIGN, "*.xml")]
    sources = [(f.read_bytes(), f) for f in files] + [(RULE_BREAKER, root)]
    fired = fired_native = 0
    for data, file in sources:
        doc = parse(data, str(file), file.parent)
        if doc.root is None:
            continue
        elements, attributes = prune.document_names(doc.root)
        kept = prune_patterns(embedded, {n for _, n in elements}, {n for _, n in attributes})
        assert len(kept) < 60, file
        want = set(everything.check(doc.root))
        saxon = Checker(compile_schematron(with_patterns(embedded, kept))).check(doc.root)
        assert set(saxon) == want, file
        rules = Rules(with_patterns(embedded, kept))  # lxml for the XPath 1.0 patterns
        assert rules.check(doc.root) == saxon, file  # the same failures in the same order
        native = {label for label, n in zip(rules.labels, rules.native,
                                                              strict=True) if n is not None}
        fired += len(want)
        fired_native += sum(f.pattern in native for f in want)
    assert fired > 15  # the documents do break TEI's rules, so the comparison says something
    assert fired_native > 10  # and so do the patterns lxml evaluates


# Breaks about twenty of TEI's embedded rules (p in p, p in l, @target with @cRef, a @spanTo
# pointing back, two constraintDecl for one scheme, ...).
RULE_BREAKER = b"""<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>
<title>T</title></titleStmt><publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p>
</sourceDesc></fileDesc><encodingDesc><constraintDecl scheme="schematron" queryBinding="xslt2"/>
<constraintDecl scheme="schematron" queryBinding="xslt2"/></encodingDesc></teiHeader><text><body>
<p>A <date from="1977-13-01" to="x">range</date>, <name subtype="a">N</name>,
<date calendar="#julian"/>, <ptr target="#a" cRef="b"/>, <ref target="#a" cRef="b">r</ref>
<addSpan/> <delSpan spanTo="x"/> <damageSpan/> <anchor xml:id="back"/>
<addSpan spanTo="#back"/></p>
<p><p>inner</p></p>
<lg><l>one <p>para in l</p></l></lg>
<lg/>
<list type="gloss"><item>x</item></list>
<listRelation><relation name="x" active="#a" mutual="#b"/></listRelation>
<div><l><div><p>x</p></div></l></div>
<p><span from="#a" to="#b">s</span> <join target="#a"/> <link target="#a"/> <subst><add>a</add>
</subst></p>
</body></text></TEI>"""


# --- Schematron as projects write it ---------------------------------------------------------

from pathlib import Path  # noqa: E402

from teipipe.validation import schematron  # noqa: E402

PROJECTS = Path(__file__).resolve().parent / "data" / "projects"
OLD = "http://www.ascc.net/xml/schematron"
TEI_NS = "http://www.tei-c.org/ns/1.0"

# An inscription breaking five of ircyr-checking.sch's rules: a gap with @extent and
# @quantity, a lost gap without @unit, an ex outside expan, an expan without ex (and so
# with text outside abbr or ex): five findings.
INSCRIPTION = etree.fromstring(
    f'<TEI xmlns="{TEI_NS}"><text><body><div type="edition">'
    '<ab><gap reason="lost" extent="3" quantity="2" unit="character"/>'
    '<gap reason="lost" quantity="1"/><ex>us</ex><expan>word</expan></ab>'
    "</div></body></text></TEI>")


def load_text(tmp_path, text: str, name: str = "s.sch", phase: str | None = None):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return schematron.load(path, phase)


def messages(schema_root, doc=DOC) -> list[str]:
    return [f.message for f in Rules(schema_root).check(doc)]


def test_schematron_15_runs_as_iso_does():
    """I.Sicily's checking rules, in Schematron 1.5, find what the same rules in the ISO
    namespace find (it used to say valid)."""
    old = schematron.load(PROJECTS / "epidoc/schematron/ircyr-checking.sch")
    text = (PROJECTS / "epidoc/schematron/ircyr-checking.sch").read_text(encoding="utf-8")
    iso = etree.fromstring(text.replace(OLD, SCH).encode())
    found = messages(old, INSCRIPTION)
    assert len(found) == 5, found
    assert found == messages(iso, INSCRIPTION)
    assert "conflict: @quantity and @extent both present on gap" in found


def test_schematron_15_key_becomes_an_xsl_key(tmp_path):
    root = load_text(tmp_path, f'''<schema xmlns="{OLD}"><ns prefix="tei" uri="{TEI_NS}"/>
      <key name="d" match="tei:date" path="@when"/>
      <pattern name="k"><rule context="tei:p">
        <assert test="key('d', '1977-01-18')">no such date</assert></rule></pattern></schema>''')
    assert messages(root) == []


def test_phases_select_patterns(tmp_path):
    text = f'''<schema xmlns="{SCH}" queryBinding="xslt2" defaultPhase="one">
      <ns prefix="tei" uri="{TEI_NS}"/>
      <phase id="one"><active pattern="a"/></phase>
      <phase id="both"><let name="v" value="'x'"/><active pattern="a"/><active pattern="b"/></phase>
      <pattern id="a"><rule context="tei:p"><report test="@n">a</report></rule></pattern>
      <pattern id="b"><rule context="tei:p"><report test="@n">b <value-of select="$v"/></report>
      </rule></pattern></schema>'''
    assert messages(load_text(tmp_path, text)) == ["a", "a"]  # defaultPhase
    assert messages(load_text(tmp_path, text, phase="both")) == ["a", "a", "b x", "b x"]
    with pytest.raises(SchematronError, match=r"s\.sch:1: no phase 'nope' \(phases: both, one\)"):
        load_text(tmp_path, text, phase="nope")


def test_abstract_patterns_and_rules_let_include_and_extends(tmp_path):
    (tmp_path / "part.sch").write_text(
        f'<pattern xmlns="{SCH}" id="inc"><rule context="tei:date">'
        '<assert test="matches(@when, \'^\\d{4}\')">not a year</assert></rule></pattern>',
        encoding="utf-8")
    (tmp_path / "rules.sch").write_text(
        f'<schema xmlns="{SCH}"><rule id="base"><report test="@n = \'3\'">third</report></rule>'
        '</schema>', encoding="utf-8")
    root = load_text(tmp_path, f'''<schema xmlns="{SCH}" queryBinding="xslt3">
      <ns prefix="tei" uri="{TEI_NS}"/>
      <let name="limit" value="2"/>
      <pattern abstract="true" id="counted">
        <rule context="$parent"><assert test="count($child) le $limit">too many</assert></rule>
      </pattern>
      <pattern is-a="counted" id="ps"><param name="parent" value="tei:body"/>
        <param name="child" value="tei:p"/></pattern>
      <pattern id="ab"><rule abstract="true" id="numbered"><assert test="@n">unnumbered</assert>
        </rule><rule context="tei:p"><extends rule="numbered"/><extends href="rules.sch#base"/>
        </rule></pattern>
      <include href="part.sch"/>
    </schema>''')
    assert messages(root) == ["third", "not a year"]
    assert messages(root, etree.fromstring(
        f'<TEI xmlns="{TEI_NS}"><text><body><p n="1"/><p n="2"/><p/></body></text></TEI>')) \
        == ["too many", "unnumbered"]


@pytest.mark.parametrize("binding", ["xslt", "xslt1", "xslt2", "xslt3", "XSLT2", None])
def test_xslt_query_bindings_run(tmp_path, binding):
    attr = f' queryBinding="{binding}"' if binding else ""
    root = load_text(tmp_path, f'<schema xmlns="{SCH}"{attr}><ns prefix="tei" uri="{TEI_NS}"/>'
                     '<pattern><rule context="tei:p"><assert test="@n = \'1\'">not one</assert>'
                     "</rule></pattern></schema>")
    assert messages(root) == ["not one"]


def test_a_schematron_teipipe_cannot_run_is_an_error_not_valid(tmp_path):
    with pytest.raises(SchematronError, match="queryBinding 'javascript' is not one"):
        load_text(tmp_path, f'<schema xmlns="{SCH}" queryBinding="javascript"/>')
    with pytest.raises(SchematronError, match=r"s\.sch:1: not a Schematron schema"):
        load_text(tmp_path, '<grammar xmlns="http://relaxng.org/ns/structure/1.0"/>')
    with pytest.raises(SchematronError, match=r"s\.sch:2:\d+: the Schematron is not well-formed"):
        load_text(tmp_path, f'<schema xmlns="{SCH}">\n<pattern></schema>')
    with pytest.raises(SchematronError, match="absent.sch: the Schematron cannot be read"):
        load_text(tmp_path, f'<schema xmlns="{SCH}"><include href="absent.sch"/></schema>')
    with pytest.raises(SchematronError, match="is-a='none': no abstract pattern"):
        load_text(tmp_path, f'<schema xmlns="{SCH}"><pattern is-a="none"/></schema>')


def test_a_rule_that_does_not_compile_is_named_by_file_and_line(tmp_path):
    import subprocess
    import sys

    sch_file = tmp_path / "broken.sch"
    sch_file.write_text(f'''<schema xmlns="{SCH}" queryBinding="xslt2">
  <ns prefix="tei" uri="{TEI_NS}"/>
  <pattern><rule context="tei:p"><assert test="@n">ok</assert></rule></pattern>
  <pattern>
    <rule context="tei:TEI"><assert test="count(tei:text) eq">broken</assert></rule>
  </pattern>
</schema>''', encoding="utf-8")
    doc = tmp_path / "d.xml"
    doc.write_text(etree.tostring(DOC, encoding="unicode"), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "teipipe", "validate", "--schema",
                           str(sch_file), str(doc)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"{sch_file}:5: the Schematron rule for 'tei:TEI' does not compile" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_cli_phase_option(tmp_path):
    import subprocess
    import sys

    sch_file = tmp_path / "phased.sch"
    sch_file.write_text(f'''<schema xmlns="{SCH}" queryBinding="xslt2">
      <ns prefix="tei" uri="{TEI_NS}"/>
      <phase id="strict"><active pattern="n"/></phase>
      <pattern id="n"><rule context="tei:p"><assert test="@n = '1'">not one</assert></rule>
      </pattern><pattern id="other"><rule context="tei:TEI">
      <report test="true()">the-root-rule</report></rule></pattern></schema>''', encoding="utf-8")
    doc = tmp_path / "d.xml"
    doc.write_text(etree.tostring(DOC, encoding="unicode"), encoding="utf-8")

    def run_phase(*phase: str) -> str:
        return subprocess.run([sys.executable, "-m", "teipipe", "validate", "--schema",
                               str(sch_file), *phase, str(doc)], capture_output=True, text=True,
                              timeout=300).stdout

    assert "the-root-rule" in run_phase() and "not one" in run_phase()
    assert "the-root-rule" not in run_phase("--phase", "strict") and "not one" in run_phase(
        "--phase", "strict")
    assert "no phase 'lax'" in run_phase("--phase", "lax")


def test_an_xslt1_binding_reads_rules_with_xpath_1_conversions(tmp_path):
    """``string(//tei:p)`` is the first p's text in XPath 1.0, an error in 2.0."""
    body = ('<ns prefix="tei" uri="http://www.tei-c.org/ns/1.0"/><pattern><rule context="tei:TEI">'
            '<assert test="starts-with(string(//tei:p), \'one\')">first</assert></rule></pattern>')
    xslt1 = load_text(tmp_path, f'<schema xmlns="{SCH}" queryBinding="xslt">{body}</schema>')
    assert messages(xslt1) == []
    xslt2 = load_text(tmp_path, f'<schema xmlns="{SCH}" queryBinding="xslt2">{body}</schema>')
    assert "could not be run" in messages(xslt2)[0]
