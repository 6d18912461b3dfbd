<?xml version="1.0" encoding="UTF-8"?>
<!--
  Notes (module "notes"): the numbered marker where a note stands, the notes section with
  its back-links.
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

  <!-- The notes, numbered as at their markers, each with a way back; the source note apart. -->
  <xsl:template name="notes-section">
    <xsl:variable name="notes" select="tp:endnotes(/)"/>
    <xsl:if test="$notes">
      <section class="notes" role="doc-endnotes" aria-labelledby="notes-h">
        <h2 id="notes-h">Notes</h2>
        <ol>
          <xsl:for-each select="$notes">
            <xsl:variable name="unit" select="count($split-divs) + $split-persons + position()"/>
            <xsl:if test="tp:renders($unit)">
              <li id="{tp:note-id(.)}"
                  class="note{if (@type = 'source') then ' note-source' else ''}">
                <span class="note-label">
                  <xsl:if test="@type = 'source'">Source note </xsl:if>
                  <xsl:text>{tp:note-label(.)}.</xsl:text>
                </span>
                <xsl:text> </xsl:text>
                <xsl:apply-templates select="node()">
                  <xsl:with-param name="inline" select="false()" tunnel="yes"/>
                  <xsl:with-param name="in-link" select="false()" tunnel="yes"/>
                </xsl:apply-templates>
                <xsl:text> </xsl:text>
                <a class="backlink" href="#ref-{tp:note-id(.)}" role="doc-backlink"
                   aria-label="Back to the reference to note {tp:note-label(.)}">↩&#xFE0E;</a>
              </li>
            </xsl:if>
            <xsl:if test="$unit = $head-units"><xsl:comment select="$mark"/></xsl:if>
          </xsl:for-each>
        </ol>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================ notes and breaks -->

  <!-- note: a numbered superscript link to the notes section (inline notes stay in place) -->
  <xsl:template match="tei:note">
    <xsl:param name="in-link" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:variable name="id" select="tp:note-id(.)"/>
    <xsl:choose>
      <xsl:when test="tp:is-inline-note(.)">
        <span class="note-inline">
          <xsl:call-template name="attributes"/>
          <xsl:apply-templates>
            <xsl:with-param name="inline" select="true()" tunnel="yes"/>
          </xsl:apply-templates>
        </span>
      </xsl:when>
      <xsl:when test="$in-link"><sup class="noteref">{tp:note-label(.)}</sup></xsl:when>
      <xsl:otherwise>
        <sup class="noteref"><a id="ref-{$id}" href="#{$id}" role="doc-noteref"
          aria-label="Note {tp:note-label(.)}">{tp:note-label(.)}</a></sup>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
