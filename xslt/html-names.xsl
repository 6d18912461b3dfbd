<?xml version="1.0" encoding="UTF-8"?>
<!--
  Names and references (module "names"): persons, places and organisations with their full
  names from the header's lists, the "Persons in this document" index, links and citations.
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

  <xsl:variable name="full-names" as="map(xs:string, xs:string)" select="tp:full-names(/)"/>

  <!-- "Persons in this document": each person once, with links to every mention. -->
  <xsl:template name="persons-index">
    <xsl:if test="exists($persons)">
      <aside class="persons" aria-labelledby="persons-h">
        <h2 id="persons-h">Persons in this document</h2>
        <ul>
          <xsl:for-each select="$persons">
            <xsl:variable name="unit" select="count($split-divs) + position()"/>
            <xsl:variable name="key" select="?key"/>
            <xsl:variable name="mentions" select="?mentions"/>
            <xsl:variable name="name" select="($full-names($key)[.],
                normalize-space($mentions[1]))[1]"/>
            <xsl:if test="tp:renders($unit)">
              <li>
                <span class="person-name">{$name}</span>
                <xsl:for-each select="key('tp:id', $key, root($mentions[1]))[1]/tei:note[1]">
                  <span class="person-role">, {normalize-space()}</span>
                </xsl:for-each>
                <span class="mentions">
                  <xsl:text> — </xsl:text>
                  <xsl:for-each select="$mentions">
                    <a href="#{tp:mention-id(.)}"
                       aria-label="{$name}, mention {position()}">{position()}</a>
                    <xsl:if test="position() != last()">, </xsl:if>
                  </xsl:for-each>
                </span>
              </li>
            </xsl:if>
            <xsl:if test="$unit = $head-units"><xsl:comment select="$mark"/></xsl:if>
          </xsl:for-each>
        </ul>
      </aside>
    </xsl:if>
  </xsl:template>

  <!-- The persons list, made once: each person (the entry's id when it has a name, else the
       mention's text) with their mentions, sorted by name. -->
  <xsl:variable name="persons" as="map(*)*">
    <xsl:for-each-group select="//tei:text//tei:persName"
        group-by="(tp:target(.)[$full-names(.)], normalize-space(.))[1]">
      <xsl:sort select="lower-case(current-grouping-key())"/>
      <xsl:sequence select="map {'key': current-grouping-key(), 'mentions': current-group()}"/>
    </xsl:for-each-group>
  </xsl:variable>

  <xsl:function name="tp:mention-id" as="xs:string">
    <xsl:param name="name" as="element()"/>
    <xsl:sequence select="($name/@xml:id, 'm-' || tp:node-id($name))[1]"/>
  </xsl:function>


  <!-- ============================================================ names and references -->

  <xsl:template match="tei:persName | tei:placeName | tei:orgName | tei:rs | tei:name
                       | tei:geogName">
    <xsl:variable name="full" select="$full-names(tp:target(.))"/>
    <span class="{tp:entity-kind(.)}">
      <xsl:if test="@xml:lang"><xsl:attribute name="lang" select="@xml:lang"/></xsl:if>
      <xsl:if test="self::tei:persName or @xml:id">
        <xsl:attribute name="id" select="tp:mention-id(.)"/>
      </xsl:if>
      <xsl:if test="$full"><xsl:attribute name="title" select="$full"/></xsl:if>
      <xsl:apply-templates>
        <xsl:with-param name="inline" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
    </span>
  </xsl:template>

  <xsl:template match="tei:ref | tei:ptr">
    <xsl:param name="in-link" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:variable name="target" select="tokenize(normalize-space(@target))[1]"/>
    <xsl:variable name="href" select="tp:href($target)"/>
    <xsl:choose>
      <xsl:when test="exists($href) and $target and not($in-link) and not(starts-with($target,
          '#') and empty(key('tp:id', substring($target, 2))))">
        <a href="{$href}">
          <xsl:call-template name="attributes"/>
          <xsl:apply-templates>
            <xsl:with-param name="inline" select="true()" tunnel="yes"/>
            <xsl:with-param name="in-link" select="true()" tunnel="yes"/>
          </xsl:apply-templates>
          <xsl:if test="self::tei:ptr">{$href}</xsl:if>
        </a>
      </xsl:when>
      <xsl:otherwise>
        <!-- no dead links: a target outside this document (#d131 of a volume) is kept as
             information only -->
        <span class="ref">
          <xsl:if test="$target"><xsl:attribute name="data-target" select="$target"/></xsl:if>
          <xsl:apply-templates>
            <xsl:with-param name="inline" select="true()" tunnel="yes"/>
          </xsl:apply-templates>
          <!-- a pointer whose scheme a page may not follow is shown, not linked -->
          <xsl:if test="self::tei:ptr and $target and empty($href)">{$target}</xsl:if>
        </span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- citation: titles in italics (articles in quotes), FRUS references linked -->
  <xsl:template match="tei:bibl | tei:biblStruct">
    <xsl:param name="inline" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:variable name="frus" select="if (@type = 'frus' and not(.//tei:ref)) then
        (tei:idno[starts-with(., 'frus')], @corresp[starts-with(., 'frus')])[1] ! tp:href(.)
        else ()"/>
    <xsl:element name="{if ($inline or tp:in-running-text(.)) then 'span' else 'div'}">
      <xsl:call-template name="attributes">
        <xsl:with-param name="class" select="'bibl', @type ! ('bibl-' || .)"/>
      </xsl:call-template>
      <xsl:choose>
        <xsl:when test="$frus">
          <a href="{$frus}"><xsl:apply-templates>
            <xsl:with-param name="inline" select="true()" tunnel="yes"/>
            <xsl:with-param name="in-link" select="true()" tunnel="yes"/>
          </xsl:apply-templates></a>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates>
            <xsl:with-param name="inline" select="true()" tunnel="yes"/>
          </xsl:apply-templates>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:title">
    <xsl:element name="{if (@level = ('a', 'u')) then 'span' else 'cite'}">
      <xsl:call-template name="attributes">
        <xsl:with-param name="class" select="'title', @level ! ('title-' || .)"/>
      </xsl:call-template>
      <xsl:apply-templates>
        <xsl:with-param name="inline" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
    </xsl:element>
  </xsl:template>
</xsl:stylesheet>
