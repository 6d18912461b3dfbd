<?xml version="1.0" encoding="UTF-8"?>
<!--
  Two halves of one large page (module "halves"): how the page is shared out between two
  processes (pipeline/transform.py) so that the joined page is byte for byte one process's.
  Part of tei-to-html.xsl, which includes it; not a stylesheet on its own.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tp="urn:teipipe"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- A large page is rendered by two processes at once (pipeline/transform.py). The page
       is shared out in units, in page order: the top-level divisions of the body, the persons
       in the persons list, the endnotes, each weighed by what it renders (an element of the
       text 5, a mention in the persons list 5, an element of a note 4: roughly their relative
       cost in the 50 MB FRUS file of benchmarks/transform_bench.py). "head" renders the units
       until half the weight is reached, "tail" the rest; both write the comment $mark where
       they meet, and the two pages are joined there. "all" is the whole page in one go. -->
  <xsl:param name="part" as="xs:string" select="'all'"/>
  <xsl:param name="mark" as="xs:string" select="''"/>
  <xsl:variable name="split-divs" as="element()*" select="if ($part = 'all') then () else
      (//tei:text[not(ancestor::tei:text)])[1]/tei:body/(tei:div | tei:div1)"/>
  <xsl:variable name="split-persons" as="xs:integer"
      select="if ($part = 'all') then 0 else count($persons)"/>
  <xsl:variable name="split-weights" as="xs:integer*" select="if ($part = 'all') then () else (
      $split-divs ! (5 * (count(.//*) - count(.//tei:note//*))),
      $persons ! (5 * count(?mentions)),
      tp:endnotes(/) ! (4 * (count(.//*) + 1)))"/>
  <!-- how many units the head renders (divisions, then persons, then notes), so the mark
       goes right after unit $head-units; 0: one process renders them all -->
  <xsl:variable name="head-units" as="xs:integer" select="
      if (count($split-weights) lt 2) then 0 else tp:half-way($split-weights)"/>

  <!-- Does this process render unit $i (in the order above)? -->
  <xsl:function name="tp:renders" as="xs:boolean">
    <xsl:param name="i" as="xs:integer"/>
    <xsl:sequence select="$head-units = 0 or ($part = 'head' and $i le $head-units)
                          or ($part = 'tail' and $i gt $head-units)"/>
  </xsl:function>

  <!-- How many leading weights first reach half the total: at least 1, at most all but one. -->
  <xsl:function name="tp:half-way" as="xs:integer">
    <xsl:param name="weights" as="xs:integer+"/>
    <xsl:variable name="half" select="sum($weights) div 2"/>
    <xsl:iterate select="$weights">
      <xsl:param name="sum" as="xs:integer" select="0"/>
      <xsl:on-completion select="count($weights) - 1"/>
      <xsl:choose>
        <xsl:when test="$sum + . ge $half">
          <xsl:break select="max((1, min((position(), count($weights) - 1))))"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:next-iteration><xsl:with-param name="sum" select="$sum + ."/></xsl:next-iteration>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:iterate>
  </xsl:function>
</xsl:stylesheet>
