<?xml version="1.0" encoding="UTF-8"?>
<!--
  Structure (module "structure"): divisions, headings, paragraphs, verse lines, quotations,
  lists, tables, figures; and the fallback for everything else, which decides by context
  whether an element is a block or inline and never loses its text.
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

  <!-- Elements with a template of their own (or in a behaviour list): not "unknown". -->
  <xsl:variable name="known" static="yes" as="map(xs:string, xs:boolean)" select="map:merge((
      $tp:containers, $tp:phrases,
      'TEI', 'teiCorpus', 'p', 'ab', 'head', 'l', 'list', 'item', 'label', 'table', 'row',
      'cell', 'figDesc', 'salute', 'signed', 'dateline', 'byline', 'docAuthor', 'docTitle',
      'titlePart', 'docDate', 'docEdition', 'trailer', 'speaker', 'stage', 'bibl', 'biblStruct',
      'quote', 'cit', 'address', 'addrLine', 'form', 'gramGrp', 'castItem', 'role', 'roleDesc',
      'actor', 'imprimatur', 'listBibl', 'move', 'incident', 'kinesic', 'vocal', 'writing',
      'lg', 'opener', 'closer', 'fileDesc', 'respStmt', 'resp', 'edition', 'series', 'extent',
      'msIdentifier', 'repository', 'collection', 'institution', 'persName', 'birth', 'death',
      'event', 'listNote', 'sourceDesc', 'divGen', 'epilogue', 'prologue',
      (: manuscript descriptions, documentary transcriptions, apparatus (genres modules) :)
      'msContents', 'msItem', 'msItemStruct', 'summary', 'incipit', 'explicit', 'rubric',
      'finalRubric', 'colophon', 'textLang', 'filiation', 'physDesc', 'objectDesc',
      'supportDesc', 'support', 'foliation', 'collation', 'condition', 'layoutDesc', 'layout',
      'handDesc', 'handNote', 'scriptDesc', 'decoDesc', 'decoNote', 'bindingDesc', 'binding',
      'sealDesc', 'additions', 'accMat', 'history', 'origin', 'provenance', 'acquisition',
      'additional', 'adminInfo', 'recordHist', 'source', 'custodialHist', 'surrogates',
      'msPart', 'msFrag', 'dimensions', 'height', 'width', 'depth', 'dim', 'geo', 'citedRange',
      'surface', 'surfaceGrp', 'zone', 'line', 'witness', 'castGroup', 'hom', 'rdgGrp',
      'wit', 'msName', 'altIdentifier', 'settlement') ! map:entry(., true()))"/>

  <!-- ============================================================ structure -->

  <xsl:template match="tei:text | tei:front | tei:body | tei:back | tei:group">
    <div class="tei-{local-name()}">
      <xsl:call-template name="attributes"/>
      <xsl:choose>
        <xsl:when test="$head-units gt 0 and . is $split-divs[1]/..">
          <!-- the body of a page rendered in two: the division the head ends with, if any -->
          <xsl:variable name="cut" select="$split-divs[$head-units]"/>
          <xsl:if test="tp:renders(1)">
            <xsl:apply-templates select="if ($cut) then node()[not(. >> $cut)] else node()"/>
          </xsl:if>
          <xsl:if test="$cut">
            <xsl:comment select="$mark"/>
            <xsl:if test="$part = 'tail'"><xsl:apply-templates select="node()[. >> $cut]"/></xsl:if>
          </xsl:if>
        </xsl:when>
        <xsl:otherwise><xsl:apply-templates/></xsl:otherwise>
      </xsl:choose>
    </div>
  </xsl:template>

  <xsl:template match="tei:div | tei:div1 | tei:div2 | tei:div3 | tei:div4 | tei:div5 | tei:div6
                       | tei:div7">
    <xsl:param name="inline" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:element name="{if ($inline) then 'span' else 'section'}">
      <xsl:call-template name="attributes">
        <xsl:with-param name="class" select="'div', @type ! ('div-' || .)"/>
      </xsl:call-template>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- heading: a div's head is h1…h6 by depth; other heads are labelled blocks. -->
  <xsl:template match="tei:head">
    <xsl:param name="inline" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:param name="h-offset" as="xs:integer" select="1" tunnel="yes"/>
    <xsl:variable name="depth" select="count(ancestor::*[starts-with(local-name(), 'div')
        and not(self::tei:divGen)])"/>
    <xsl:choose>
      <xsl:when test="not($inline) and starts-with(local-name(..), 'div')
                      and not(tp:holds-blocks(.))">
        <xsl:element name="h{max((1, min((6, $depth + $h-offset))))}">
          <xsl:call-template name="attributes"/>
          <xsl:apply-templates>
            <xsl:with-param name="inline" select="true()" tunnel="yes"/>
          </xsl:apply-templates>
        </xsl:element>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="block-or-inline">
          <xsl:with-param name="class" select="'head'"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- paragraph -->
  <xsl:template match="tei:p | tei:ab">
    <xsl:param name="inline" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:choose>
      <xsl:when test="$inline or tp:holds-blocks(.)">
        <xsl:element name="{if ($inline) then 'span' else 'div'}">
          <xsl:call-template name="attributes">
            <xsl:with-param name="class" select="'tei-' || local-name()"/>
          </xsl:call-template>
          <xsl:apply-templates/>
        </xsl:element>
      </xsl:when>
      <xsl:otherwise>
        <p>
          <xsl:call-template name="attributes"/>
          <xsl:apply-templates>
            <xsl:with-param name="inline" select="true()" tunnel="yes"/>
          </xsl:apply-templates>
        </p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- verse line: a block of its own, numbered when @n says so -->
  <xsl:template match="tei:l">
    <xsl:param name="inline" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:element name="{if ($inline) then 'span' else 'div'}">
      <xsl:call-template name="attributes">
        <xsl:with-param name="class" select="'l'"/>
      </xsl:call-template>
      <xsl:apply-templates>
        <xsl:with-param name="inline" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
    </xsl:element>
  </xsl:template>

  <!-- quotation: a blockquote when it holds blocks or is rendered as one -->
  <xsl:template match="tei:quote">
    <xsl:param name="inline" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:choose>
      <xsl:when test="not($inline) and (tei:p | tei:lg | tei:l | tei:ab | tei:list
          or (@rend = 'blockquote' and not(tp:in-running-text(.))))">
        <blockquote>
          <xsl:call-template name="attributes"/>
          <xsl:apply-templates/>
        </blockquote>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="block-or-inline">
          <xsl:with-param name="class" select="'quote'"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ============================================================ lists and tables -->

  <xsl:template match="tei:list | tei:listBibl">
    <xsl:param name="inline" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:choose>
      <xsl:when test="$inline">
        <span class="tei-{local-name()}"><xsl:apply-templates/></span>
      </xsl:when>
      <xsl:otherwise>
        <xsl:element name="{if (@type = ('ordered', 'numbered') or @rend = ('numbered',
            'ordered')) then 'ol' else 'ul'}">
          <xsl:call-template name="attributes">
            <xsl:with-param name="class" select="'list', @type ! ('list-' || .)"/>
          </xsl:call-template>
          <xsl:for-each select="node()">
            <xsl:choose>
              <xsl:when test="self::tei:item or self::tei:label[following-sibling::*[1]
                  [self::tei:item]]">
                <xsl:apply-templates select="."/>
              </xsl:when>
              <xsl:when test="self::text()[not(normalize-space())]">
                <xsl:value-of select="."/>
              </xsl:when>
              <xsl:otherwise>
                <li class="list-extra">
                  <xsl:apply-templates select="."/>
                </li>
              </xsl:otherwise>
            </xsl:choose>
          </xsl:for-each>
        </xsl:element>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:item">
    <xsl:param name="inline" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:element name="{if ($inline) then 'span' else 'li'}">
      <xsl:call-template name="attributes"/>
      <xsl:for-each select="preceding-sibling::*[1][self::tei:label]">
        <span class="label">
          <xsl:apply-templates>
            <xsl:with-param name="inline" select="true()" tunnel="yes"/>
          </xsl:apply-templates>
        </span>
        <xsl:text> </xsl:text>
      </xsl:for-each>
      <xsl:apply-templates>
        <xsl:with-param name="inline" select="$inline" tunnel="yes"/>
      </xsl:apply-templates>
    </xsl:element>
  </xsl:template>

  <!-- a label is drawn by the item it labels -->
  <xsl:template match="tei:list/tei:label[following-sibling::*[1][self::tei:item]]"/>

  <xsl:template match="tei:table">
    <xsl:param name="inline" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:choose>
      <xsl:when test="$inline">
        <span class="tei-table"><xsl:apply-templates/></span>
      </xsl:when>
      <xsl:otherwise>
        <table>
          <xsl:call-template name="attributes"/>
          <xsl:for-each select="tei:head">
            <caption><xsl:apply-templates>
              <xsl:with-param name="inline" select="true()" tunnel="yes"/>
            </xsl:apply-templates></caption>
          </xsl:for-each>
          <xsl:for-each select="node()[not(self::tei:head)]">
            <xsl:choose>
              <xsl:when test="self::tei:row"><xsl:apply-templates select="."/></xsl:when>
              <xsl:when test="self::text()[not(normalize-space())]"/>
              <xsl:otherwise>
                <tr class="table-extra"><td><xsl:apply-templates select="."/></td></tr>
              </xsl:otherwise>
            </xsl:choose>
          </xsl:for-each>
        </table>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:row">
    <xsl:param name="inline" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:choose>
      <xsl:when test="$inline"><span class="tei-row"><xsl:apply-templates/></span></xsl:when>
      <xsl:otherwise>
        <tr>
          <xsl:call-template name="attributes"/>
          <xsl:for-each select="node()">
            <xsl:choose>
              <xsl:when test="self::tei:cell"><xsl:apply-templates select="."/></xsl:when>
              <xsl:when test="self::text()[not(normalize-space())]"/>
              <xsl:otherwise><td><xsl:apply-templates select="."/></td></xsl:otherwise>
            </xsl:choose>
          </xsl:for-each>
        </tr>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:cell">
    <xsl:param name="inline" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:element name="{if ($inline) then 'span' else if (@role = 'label' or ../@role = 'label')
                        then 'th' else 'td'}">
      <xsl:call-template name="attributes"/>
      <xsl:if test="@cols and not($inline)"><xsl:attribute name="colspan" select="@cols"/></xsl:if>
      <xsl:if test="@rows and not($inline)"><xsl:attribute name="rowspan" select="@rows"/></xsl:if>
      <xsl:apply-templates>
        <xsl:with-param name="inline" select="$inline" tunnel="yes"/>
      </xsl:apply-templates>
    </xsl:element>
  </xsl:template>

  <!-- ============================================================ figures -->

  <xsl:template match="tei:figure">
    <xsl:param name="inline" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:element name="{if ($inline) then 'span' else 'figure'}">
      <xsl:call-template name="attributes"/>
      <xsl:apply-templates select="node()[not(self::tei:head | self::tei:figDesc)]"/>
      <xsl:if test="tei:head | tei:figDesc">
        <xsl:element name="{if ($inline) then 'span' else 'figcaption'}">
          <xsl:apply-templates select="tei:head/node() | tei:figDesc/node()">
            <xsl:with-param name="inline" select="true()" tunnel="yes"/>
          </xsl:apply-templates>
        </xsl:element>
      </xsl:if>
    </xsl:element>
  </xsl:template>

  <!-- graphic: an image when its URL is one a page may load (tp:href), else the URL as text -->
  <xsl:template match="tei:graphic">
    <xsl:variable name="src" select="tp:href(@url)"/>
    <xsl:choose>
      <xsl:when test="not(normalize-space(@url))"/>
      <xsl:when test="exists($src)">
        <img src="{$src}" alt="{normalize-space(../tei:figDesc)}" loading="lazy">
          <xsl:call-template name="attributes"/>
        </img>
      </xsl:when>
      <xsl:otherwise>
        <span class="graphic">{normalize-space(@url)}</span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:teiHeader | tei:standOff | tei:facsimile | tei:sourceDoc"/>


  <!-- Known elements without a template of their own, and elements nobody knows: a block
       when they stand between blocks, inline in running text; never lose their text. -->
  <xsl:template match="*" priority="-1">
    <xsl:call-template name="block-or-inline">
      <xsl:with-param name="class" select="if (self::tei:* and map:contains($known, local-name()))
          then local-name() else 'tei-unknown'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="block-or-inline">
    <xsl:param name="class" as="xs:string*"/>
    <xsl:param name="inline" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:variable name="as-span" select="$inline
        or map:contains($tp:phrase-set, local-name())
        or tp:in-running-text(.) and not(tp:holds-blocks(.))"/>
    <xsl:element name="{if ($as-span) then 'span' else 'div'}">
      <xsl:call-template name="attributes">
        <xsl:with-param name="class" select="$class, @type ! ('type-' || .)"/>
      </xsl:call-template>
      <xsl:if test="$class = 'tei-unknown'">
        <xsl:attribute name="data-tei" select="name()"/>
      </xsl:if>
      <xsl:apply-templates>
        <xsl:with-param name="inline" tunnel="yes" select="$as-span
            or not(tp:is-container(.) or tp:holds-blocks(.))"/>
      </xsl:apply-templates>
    </xsl:element>
  </xsl:template>

  <!-- id, language and class for any element -->
  <xsl:template name="attributes">
    <xsl:param name="class" as="xs:string*" select="local-name()"/>
    <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
    <xsl:if test="@xml:lang"><xsl:attribute name="lang" select="@xml:lang"/></xsl:if>
    <xsl:if test="exists($class)">
      <xsl:attribute name="class" select="string-join($class, ' ')"/>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
