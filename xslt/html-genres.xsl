<?xml version="1.0" encoding="UTF-8"?>
<!--
  Genres (module "genres"): each rendered the way its readers expect.
    genetic markup    add raised, del struck through, subst, restore, mod
    EpiDoc / Leiden   supplied text in one bracket across words, gaps with their extent,
                      unclear letters with an underdot, expansions a(bc), line numbers every
                      five lines, headed edition / translation / commentary / apparatus
    documentary       sourceDoc/surface/zone/line, line by line, facsimile links
    poetry            a stanza's head as its title, line numbers every five lines
    drama             cast list with groups and role descriptions, set, stage directions
    dictionaries      entry, hom, form, gramGrp, numbered senses, cit/quote
    teiCorpus         each member a section under its own title
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

  <!-- How often a line number shows (EpiDoc lb, verse lines). -->
  <xsl:param name="line-numbers-every" as="xs:integer" select="5"/>

  <!-- Headings for the divisions an EpiDoc file has (div/@type), when they carry none. -->
  <xsl:variable name="tp:div-labels" as="map(xs:string, xs:string)" select="map {
      'edition': 'Edition', 'translation': 'Translation', 'commentary': 'Commentary',
      'apparatus': 'Apparatus', 'bibliography': 'Bibliography', 'textpart': 'Text part'}"/>

  <!-- ============================================================ genetic markup -->

  <xsl:template match="tei:subst | tei:mod | tei:restore">
    <span>
      <xsl:call-template name="attributes">
        <xsl:with-param name="class" select="local-name(), @type ! ('type-' || .)"/>
      </xsl:call-template>
      <xsl:if test="self::tei:restore"><xsl:attribute name="title" select="'restored'"/></xsl:if>
      <xsl:apply-templates>
        <xsl:with-param name="inline" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
    </span>
  </xsl:template>

  <xsl:template match="tei:add" priority="1">
    <ins>
      <xsl:call-template name="attributes">
        <xsl:with-param name="class" select="'add', @place ! ('place-' || .)"/>
      </xsl:call-template>
      <xsl:if test="@place | @hand">
        <xsl:attribute name="title" select="string-join(('added', @place, @hand !
            ('by ' || replace(., '^#', ''))), ' ')"/>
      </xsl:if>
      <xsl:apply-templates>
        <xsl:with-param name="inline" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
    </ins>
  </xsl:template>

  <xsl:template match="tei:del" priority="1">
    <del>
      <xsl:call-template name="attributes">
        <xsl:with-param name="class" select="'del', @rend ! ('rend-' || .)"/>
      </xsl:call-template>
      <xsl:apply-templates>
        <xsl:with-param name="inline" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
    </del>
  </xsl:template>

  <!-- ============================================================ EpiDoc / Leiden -->

  <!-- supplied: one bracket around a run of supplied text, however many words it spans (the
       bracket opens where the text before it is not supplied for the same reason). -->
  <xsl:template match="tei:supplied" priority="1">
    <xsl:variable name="brackets" select="tp:leiden-brackets(.)"/>
    <span>
      <xsl:call-template name="attributes">
        <xsl:with-param name="class" select="'supplied', @reason ! ('reason-' || .)"/>
      </xsl:call-template>
      <xsl:if test="not(tp:supplied-joins(., 'preceding'))">
        <span class="gen" aria-hidden="true">{$brackets[1]}</span>
      </xsl:if>
      <xsl:apply-templates>
        <xsl:with-param name="inline" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
      <xsl:if test="not(tp:supplied-joins(., 'following'))">
        <span class="gen" aria-hidden="true">{$brackets[2]}</span>
      </xsl:if>
    </span>
  </xsl:template>

  <xsl:function name="tp:leiden-brackets" as="xs:string+">
    <xsl:param name="s" as="element()"/>
    <xsl:sequence select="if ($s/@reason = 'omitted') then ('⟨', '⟩')
        else if ($s/@reason = 'subaudible') then ('(', ')') else ('[', ']')"/>
  </xsl:function>

  <!-- Is the nearest text (or line break, or gap) on that side supplied for the same reason,
       so that the two share one bracket? -->
  <xsl:function name="tp:supplied-joins" as="xs:boolean">
    <xsl:param name="s" as="element()"/>
    <xsl:param name="side" as="xs:string"/>
    <xsl:variable name="near" select="if ($side = 'preceding')
        then ($s/preceding::text()[normalize-space()][1] | $s/preceding::tei:lb[1]
              | $s/preceding::tei:gap[1])[last()]
        else ($s/following::text()[normalize-space()][1] | $s/following::tei:lb[1]
              | $s/following::tei:gap[1])[1]"/>
    <xsl:variable name="other" select="$near/self::text()/ancestor::tei:supplied[1]"/>
    <xsl:sequence select="exists($other) and not($other is $s) and not($s//text() intersect $near)
        and string($other/@reason) = string($s/@reason)
        and empty($other/ancestor::tei:supplied) and empty($s/ancestor::tei:supplied)"/>
  </xsl:function>

  <!-- gap, Leiden style: [- - -] text lost to an unknown extent, [. . .] so many letters,
       a line of dashes for lost lines, […] when the source says nothing about it -->
  <xsl:template match="tei:gap" priority="1">
    <xsl:variable name="q" select="if (@quantity castable as xs:integer) then xs:integer(@quantity)
        else ()"/>
    <span class="gap" title="{string-join(('omitted', @reason, @quantity, @unit, @extent),
        ' ')}">
      <xsl:choose>
        <xsl:when test="normalize-space()">
          <xsl:text>[</xsl:text>
          <xsl:apply-templates>
            <xsl:with-param name="inline" select="true()" tunnel="yes"/>
          </xsl:apply-templates>
          <xsl:text>]</xsl:text>
        </xsl:when>
        <xsl:when test="@unit = 'line'">[- - - - - -{if (exists($q)) then
            ' ' || $q || (if ($q = 1) then ' line' else ' lines') || ' - - -' else ''}]</xsl:when>
        <xsl:when test="exists($q) and $q le 6 and @unit = 'character'">[{string-join((1 to $q) !
            '.', ' ')}]</xsl:when>
        <xsl:when test="exists($q) and @unit = 'character'">[- - {$q} - -]</xsl:when>
        <xsl:when test="@extent = 'unknown' or @unit = 'character'">[- - -]</xsl:when>
        <xsl:otherwise>[…]</xsl:otherwise>
      </xsl:choose>
    </span>
  </xsl:template>

  <!-- unclear letters carry an underdot (U+0323) -->
  <xsl:template match="tei:unclear" priority="1">
    <span>
      <xsl:call-template name="attributes">
        <xsl:with-param name="class" select="'unclear'"/>
      </xsl:call-template>
      <xsl:attribute name="title" select="string-join(('unclear', @reason), ': ')"/>
      <xsl:apply-templates mode="underdot">
        <xsl:with-param name="inline" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
    </span>
  </xsl:template>

  <xsl:template match="text()" mode="underdot">
    <xsl:value-of select="replace(., '([\p{L}\p{N}])', '$1&#x323;')"/>
  </xsl:template>
  <xsl:template match="*" mode="underdot"><xsl:apply-templates select="."/></xsl:template>

  <!-- an expansion's editorial letters in parentheses: c(larissimo) -->
  <xsl:template match="tei:ex">
    <span class="ex">(<xsl:apply-templates>
      <xsl:with-param name="inline" select="true()" tunnel="yes"/>
    </xsl:apply-templates>)</span>
  </xsl:template>

  <!-- An EpiDoc division (edition, translation, commentary, apparatus…) without a head of
       its own gets one. -->
  <xsl:template match="tei:div[@type = map:keys($tp:div-labels)][not(tei:head)]" priority="1">
    <xsl:param name="inline" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:param name="h-offset" as="xs:integer" select="1" tunnel="yes"/>
    <xsl:variable name="depth" select="count(ancestor-or-self::*[starts-with(local-name(), 'div')])"/>
    <xsl:element name="{if ($inline) then 'span' else 'section'}">
      <xsl:call-template name="attributes">
        <xsl:with-param name="class" select="'div', 'div-' || @type, @subtype ! ('div-' || .)"/>
      </xsl:call-template>
      <xsl:if test="not($inline)">
        <xsl:element name="h{max((1, min((6, $depth + $h-offset))))}">
          <xsl:attribute name="class" select="'div-label'"/>
          <xsl:text>{$tp:div-labels(@type)}</xsl:text>
          <xsl:if test="@subtype"> ({replace(@subtype, '[-_]', ' ')})</xsl:if>
          <xsl:if test="@xml:lang and @type = 'translation'"> ({@xml:lang})</xsl:if>
        </xsl:element>
      </xsl:if>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- a line break in an edition: a new line, numbered every five lines; inside a word
       the word's break is shown with a hyphen -->
  <xsl:template match="tei:lb[ancestor::tei:div[@type = 'edition']]" priority="1">
    <xsl:if test="@break = 'no'"><span class="hyphen" aria-hidden="true">-</span></xsl:if>
    <xsl:if test="preceding::text()[normalize-space()][1][ancestor::tei:div[@type = 'edition']]
                  or @break = 'no'"><br/></xsl:if>
    <span class="lb-n" id="{(@xml:id, 'line-' || tp:node-id(.))[1]}">
      <xsl:if test="tp:shows-number(@n)">
        <span class="lineno" aria-label="line {@n}">{@n}</span>
      </xsl:if>
    </span>
  </xsl:template>

  <xsl:function name="tp:shows-number" as="xs:boolean">
    <xsl:param name="n" as="item()?"/>
    <xsl:sequence select="$n castable as xs:integer and xs:integer($n) mod $line-numbers-every = 0
        and xs:integer($n) gt 0"/>
  </xsl:function>

  <!-- ============================================================ poetry -->

  <!-- a stanza's or poem's head is its title, not a verse line -->
  <xsl:template match="tei:lg/tei:head" priority="1">
    <xsl:param name="inline" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:param name="h-offset" as="xs:integer" select="1" tunnel="yes"/>
    <xsl:variable name="depth" select="count(ancestor::*[starts-with(local-name(), 'div')
        and not(self::tei:divGen)] | ancestor::tei:lg)"/>
    <xsl:element name="{if ($inline) then 'span' else 'h' || max((1, min((6, $depth + $h-offset))))}">
      <xsl:call-template name="attributes">
        <xsl:with-param name="class" select="'lg-head'"/>
      </xsl:call-template>
      <xsl:apply-templates>
        <xsl:with-param name="inline" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
    </xsl:element>
  </xsl:template>

  <!-- a verse line of a poem (inside lg): numbered every five lines, counting from the poem's
       start (its own @n when it has one) -->
  <xsl:template match="tei:lg//tei:l" priority="1">
    <xsl:param name="inline" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:variable name="n" select="if (@n castable as xs:integer) then @n
        else if (@n) then () else tp:verse-number(.)"/>
    <xsl:element name="{if ($inline) then 'span' else 'div'}">
      <xsl:call-template name="attributes">
        <xsl:with-param name="class" select="'l'"/>
      </xsl:call-template>
      <xsl:if test="tp:shows-number($n) and not($inline)">
        <span class="lineno" aria-label="line {$n}">{$n}</span>
      </xsl:if>
      <xsl:apply-templates>
        <xsl:with-param name="inline" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
    </xsl:element>
  </xsl:template>

  <!-- the line's place in its poem: lines before it in its stanza and in the stanzas before -->
  <xsl:function name="tp:verse-number" as="xs:integer">
    <xsl:param name="l" as="element()"/>
    <xsl:variable name="stanza" select="$l/parent::tei:lg"/>
    <xsl:sequence select="count($l/preceding-sibling::tei:l) + 1
        + (if ($stanza/parent::tei:lg) then count($stanza/preceding-sibling::tei:lg/tei:l) else 0)"/>
  </xsl:function>

  <!-- ============================================================ drama -->

  <xsl:template match="tei:castList">
    <section class="castList">
      <xsl:call-template name="attributes"/>
      <xsl:if test="not(tei:head)"><h2 class="div-label">Cast</h2></xsl:if>
      <xsl:apply-templates select="tei:head"/>
      <ul class="cast">
        <xsl:apply-templates select="node()[not(self::tei:head)][not(self::text())]"
            mode="cast"/>
      </ul>
    </section>
  </xsl:template>

  <xsl:template match="tei:castGroup" mode="cast">
    <li class="castGroup">
      <xsl:apply-templates select="tei:head/node()">
        <xsl:with-param name="inline" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
      <ul><xsl:apply-templates select="* except tei:head" mode="cast"/></ul>
    </li>
  </xsl:template>

  <xsl:template match="tei:castItem" mode="cast">
    <li class="castItem">
      <xsl:call-template name="attributes"/>
      <xsl:for-each select="node()">
        <xsl:if test="self::tei:roleDesc"><xsl:text>, </xsl:text></xsl:if>
        <xsl:apply-templates select=".">
          <xsl:with-param name="inline" select="true()" tunnel="yes"/>
        </xsl:apply-templates>
      </xsl:for-each>
    </li>
  </xsl:template>

  <xsl:template match="*" mode="cast">
    <li class="cast-extra"><xsl:apply-templates select="."/></li>
  </xsl:template>

  <!-- ============================================================ dictionaries -->

  <xsl:template match="tei:entry | tei:superEntry">
    <section>
      <xsl:call-template name="attributes">
        <xsl:with-param name="class" select="local-name()"/>
      </xsl:call-template>
      <xsl:apply-templates/>
    </section>
  </xsl:template>

  <!-- a homograph: its number, then its grammar and senses -->
  <xsl:template match="tei:hom">
    <div>
      <xsl:call-template name="attributes"/>
      <span class="hom-n">{(@n, count(preceding-sibling::tei:hom) + 1)[1]}</span>
      <xsl:text> </xsl:text>
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <xsl:template match="tei:entry/tei:form | tei:superEntry/tei:form | tei:hom/tei:form">
    <p class="form"><xsl:apply-templates>
      <xsl:with-param name="inline" select="true()" tunnel="yes"/>
    </xsl:apply-templates></p>
  </xsl:template>

  <xsl:template match="tei:gramGrp">
    <span class="gramGrp"><xsl:for-each select="*">
      <xsl:if test="position() gt 1"><xsl:text> </xsl:text></xsl:if>
      <xsl:apply-templates select=".">
        <xsl:with-param name="inline" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
    </xsl:for-each></span>
    <xsl:text> </xsl:text>
  </xsl:template>

  <!-- senses numbered when there are several -->
  <xsl:template match="tei:sense">
    <div>
      <xsl:call-template name="attributes"/>
      <xsl:if test="count(../tei:sense) gt 1">
        <span class="sense-n">{(@n, count(preceding-sibling::tei:sense) + 1)[1]}.</span>
        <xsl:text> </xsl:text>
      </xsl:if>
      <xsl:apply-templates>
        <xsl:with-param name="inline" select="not(tp:holds-blocks(.) or tei:sense)" tunnel="yes"/>
      </xsl:apply-templates>
    </div>
  </xsl:template>

  <xsl:template match="tei:cit[not(tei:quote/(tei:p | tei:lg | tei:l))]">
    <span>
      <xsl:call-template name="attributes">
        <xsl:with-param name="class" select="'cit', @type ! ('cit-' || .)"/>
      </xsl:call-template>
      <xsl:apply-templates>
        <xsl:with-param name="inline" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
    </span>
    <xsl:if test="following-sibling::tei:cit"><xsl:text>; </xsl:text></xsl:if>
  </xsl:template>

  <!-- ============================================================ documentary transcription -->

  <!-- sourceDoc: the document as it stands on its surfaces, zone by zone, line by line -->
  <xsl:template match="tei:sourceDoc" priority="1">
    <section class="sourceDoc" aria-label="Documentary transcription">
      <xsl:call-template name="attributes">
        <xsl:with-param name="class" select="'sourceDoc'"/>
      </xsl:call-template>
      <h2 class="div-label">Documentary transcription</h2>
      <xsl:apply-templates>
        <xsl:with-param name="inline" select="false()" tunnel="yes"/>
        <xsl:with-param name="h-offset" select="2" tunnel="yes"/>
      </xsl:apply-templates>
    </section>
  </xsl:template>

  <xsl:template match="tei:surface | tei:surfaceGrp">
    <section>
      <xsl:call-template name="attributes"/>
      <h3 class="surface-label">
        <xsl:text>{if (self::tei:surfaceGrp) then 'Surfaces' else 'Surface'}</xsl:text>
        <xsl:if test="@n"> {@n}</xsl:if>
        <xsl:for-each select="tei:graphic[tp:href(@url)][1]">
          <xsl:text> </xsl:text>
          <a class="facsimile" href="{tp:href(@url)}">facsimile</a>
        </xsl:for-each>
      </h3>
      <xsl:apply-templates select="node() except tei:graphic[tp:href(@url)][1]"/>
    </section>
  </xsl:template>

  <xsl:template match="tei:zone">
    <div>
      <xsl:call-template name="attributes">
        <xsl:with-param name="class" select="'zone', @type ! ('zone-' || .)"/>
      </xsl:call-template>
      <xsl:for-each select="tei:graphic[tp:href(@url)][1]">
        <a class="facsimile" href="{tp:href(@url)}">facsimile</a>
      </xsl:for-each>
      <xsl:apply-templates select="node() except tei:graphic[tp:href(@url)][1]"/>
    </div>
  </xsl:template>

  <xsl:template match="tei:sourceDoc//tei:line">
    <div>
      <xsl:call-template name="attributes">
        <xsl:with-param name="class" select="'line'"/>
      </xsl:call-template>
      <span class="lineno-all" aria-hidden="true">{(@n, count(preceding-sibling::tei:line)
          + 1)[1]}</span>
      <xsl:apply-templates>
        <xsl:with-param name="inline" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
    </div>
  </xsl:template>

  <!-- ============================================================ teiCorpus -->

  <!-- a member of a corpus: a section under the title its own header gives -->
  <xsl:template match="tei:teiCorpus/tei:TEI | tei:teiCorpus/tei:teiCorpus">
    <xsl:variable name="t" select="tp:header-title(tei:teiHeader)"/>
    <section class="corpus-member">
      <xsl:call-template name="attributes">
        <xsl:with-param name="class" select="'corpus-member'"/>
      </xsl:call-template>
      <h2>{if ($t) then normalize-space($t) else 'Untitled member'}</h2>
      <xsl:apply-templates select="tei:teiHeader//tei:sourceDesc//tei:msDesc"/>
      <xsl:apply-templates select="* except tei:teiHeader">
        <xsl:with-param name="h-offset" select="2" tunnel="yes"/>
      </xsl:apply-templates>
    </section>
  </xsl:template>

  <!-- the corpus's own header: its words are the corpus's description -->
  <xsl:template match="tei:teiCorpus/tei:teiHeader" mode="corpus-header">
    <section class="corpus-header" aria-label="About this corpus">
      <h2 class="div-label">About this corpus</h2>
      <xsl:apply-templates select="*" mode="header-block"/>
    </section>
  </xsl:template>

  <!-- a header section as a labelled block, its text through the ordinary templates -->
  <xsl:template match="*" mode="header-block">
    <div class="header-{local-name()}">
      <h3 class="header-label">{tp:header-label(.)}</h3>
      <xsl:apply-templates select="node()">
        <xsl:with-param name="inline" select="false()" tunnel="yes"/>
      </xsl:apply-templates>
    </div>
  </xsl:template>

  <xsl:function name="tp:header-label" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="(map {'fileDesc': 'Bibliographic description',
        'encodingDesc': 'Encoding', 'profileDesc': 'Profile', 'revisionDesc': 'Revisions',
        'xenoData': 'Other metadata'}(local-name($e)), local-name($e))[1]"/>
  </xsl:function>
</xsl:stylesheet>
