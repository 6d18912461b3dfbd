<?xml version="1.0" encoding="UTF-8"?>
<!--
  Phrase level (module "phrase"): highlighting, editorial changes, gaps, choice.
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

  <!-- ============================================================ phrase level -->

  <xsl:template match="tei:hi">
    <span>
      <xsl:call-template name="attributes">
        <xsl:with-param name="class" select="'hi', tokenize(@rend) ! ('rend-' || .)"/>
      </xsl:call-template>
      <xsl:apply-templates>
        <xsl:with-param name="inline" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
    </span>
  </xsl:template>

  <xsl:template match="tei:emph | tei:foreign | tei:term | tei:mentioned | tei:soCalled
                       | tei:gloss | tei:q | tei:said | tei:unclear | tei:sic | tei:abbr
                       | tei:date | tei:time | tei:num | tei:measure | tei:seg | tei:w | tei:g">
    <xsl:element name="{if (self::tei:emph) then 'em' else if (self::tei:abbr) then 'abbr'
                        else 'span'}">
      <xsl:call-template name="attributes">
        <xsl:with-param name="class" select="local-name(), @rend ! ('rend-' || .)"/>
      </xsl:call-template>
      <xsl:if test="@when | @reason | @cert">
        <xsl:attribute name="title" select="(@when, @reason ! ('unclear: ' || .))[1]"/>
      </xsl:if>
      <xsl:apply-templates>
        <xsl:with-param name="inline" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
    </xsl:element>
  </xsl:template>

  <!-- editorial changes: additions, deletions, editor-supplied text, gaps -->
  <xsl:template match="tei:add | tei:del | tei:supplied | tei:surplus | tei:secl
                       | tei:restore | tei:damage">
    <xsl:element name="{if (self::tei:add) then 'ins' else if (self::tei:del) then 'del'
                        else 'span'}">
      <xsl:call-template name="attributes"/>
      <xsl:if test="self::tei:supplied"><span class="gen" aria-hidden="true">[</span></xsl:if>
      <xsl:apply-templates>
        <xsl:with-param name="inline" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
      <xsl:if test="self::tei:supplied"><span class="gen" aria-hidden="true">]</span></xsl:if>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:gap">
    <span class="gap" title="{string-join(('omitted', @reason, @quantity, @unit, @extent),
        ' ')}">
      <xsl:text>[</xsl:text>
      <xsl:apply-templates>
        <xsl:with-param name="inline" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
      <xsl:if test="not(normalize-space())">…</xsl:if>
      <xsl:text>]</xsl:text>
    </span>
  </xsl:template>

  <!-- choice: the edited reading first, the other readings after it in brackets -->
  <xsl:template match="tei:choice">
    <xsl:variable name="first" select="(tei:corr, tei:expan, tei:reg, *)[1]"/>
    <span class="choice">
      <xsl:apply-templates select="$first">
        <xsl:with-param name="inline" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
      <xsl:for-each select="* except $first">
        <span class="choice-alt"> [<xsl:apply-templates select=".">
          <xsl:with-param name="inline" select="true()" tunnel="yes"/>
        </xsl:apply-templates>]</span>
      </xsl:for-each>
    </span>
  </xsl:template>
</xsl:stylesheet>
