"""The ISO Schematron -> XSLT 3.0 compiler, checked on small schemas written by hand."""

from __future__ import annotations

import pytest
from lxml import etree

from pipeline.schematron import (
    Checker,
    SchematronError,
    compile_schematron,
    locate,
    prune_patterns,
)

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
    return Checker(compile_schematron(schema(body))).check(doc)


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
