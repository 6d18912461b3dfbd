<?xml version="1.0" encoding="UTF-8"?>
<!--
  TEI P5 to plain text, in two styles.

  style="reading": clean paragraphs separated by blank lines, note markers as [1] with the
  notes at the end, page breaks on a line of their own (pages="none" leaves them out; a
  break inside a word waits for the word's end).

  style="source": the history.state.gov text the TEI was made from, byte for byte, following
  the layout rules of docs/encoding.md: blocks in document order joined by their newline runs
  (two by default, <space dim="vertical" unit="newlines" quantity="K"/> otherwise), markers
  where they stood ("Brezhnev1", "[Page 2]"), then the notes list, "  L. text" per note.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tp="urn:teipipe"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:include href="common.xsl"/>

  <xsl:output method="text" encoding="UTF-8"/>

  <xsl:param name="style" as="xs:string" select="'reading'"/>
  <!-- reading style: "lines" puts page breaks on a line of their own, "none" leaves them out -->
  <xsl:param name="pages" as="xs:string" select="'lines'"/>

  <xsl:variable name="nl" select="'&#10;'"/>
  <!-- private-use characters that stand for a page break until the paragraph is laid out -->
  <xsl:variable name="pb-open" select="'&#xE000;'"/>
  <xsl:variable name="pb-close" select="'&#xE001;'"/>

  <xsl:template match="/">
    <xsl:choose>
      <xsl:when test="$style = 'source'"><xsl:call-template name="source"/></xsl:when>
      <xsl:when test="$style = 'reading'"><xsl:call-template name="reading"/></xsl:when>
      <xsl:otherwise>
        <xsl:message terminate="yes">Unknown text style "{$style}": use reading or source.</xsl:message>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ============================================================ source style -->

  <!-- Containers whose children are the source's blocks. -->
  <xsl:function name="tp:source-container" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="exists($e[self::tei:body or self::tei:div or self::tei:opener
        or self::tei:closer or self::tei:list or self::tei:lg or self::tei:front
        or self::tei:back or self::tei:group or self::tei:text or self::tei:floatingText
        or starts-with(local-name(), 'div') and not(self::tei:divGen)
        or self::tei:quote[tei:p | tei:ab | tei:lg | tei:list | tei:opener | tei:closer
            | tei:dateline | tei:signed | tei:salute]])"/>
  </xsl:function>

  <!-- The blocks (and recorded newline runs) under a container, in reading order. -->
  <xsl:function name="tp:source-items" as="element()*">
    <xsl:param name="container" as="element()"/>
    <xsl:for-each select="$container/*">
      <xsl:sequence select="if (tp:source-container(.)) then tp:source-items(.) else ."/>
    </xsl:for-each>
  </xsl:function>

  <xsl:template name="source">
    <xsl:variable name="body" select="(//tei:text)[1]/tei:body"/>
    <xsl:variable name="end-space" select="$body/*[last()][self::tei:space]"/>
    <xsl:variable name="items" select="tp:source-items($body) except $end-space"/>
    <xsl:variable name="all-notes" select="$body//tei:note"/>
    <xsl:iterate select="$items">
      <xsl:param name="first" as="xs:boolean" select="true()"/>
      <xsl:param name="run" as="xs:integer?" select="()"/>
      <xsl:on-completion>
        <xsl:value-of select="tp:newlines(($run, if ($all-notes) then 1 else 0)[1])"/>
        <xsl:for-each select="$all-notes">
          <xsl:if test="position() gt 1">{$nl}</xsl:if>
          <!-- "- text↩" where the page listed the notes that way (note/@rend), else "  L. text" -->
          <xsl:choose>
            <xsl:when test="@rend = 'arrow-list'">
              <xsl:text>- </xsl:text>
              <xsl:apply-templates mode="source-inline"/>
              <xsl:text>&#x21A9;</xsl:text>
            </xsl:when>
            <xsl:otherwise>
              <xsl:text>  {position()}. </xsl:text>
              <xsl:apply-templates mode="source-inline"/>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:for-each>
        <xsl:value-of select="tp:newlines(($end-space/@quantity ! xs:integer(.), 0)[1])"/>
      </xsl:on-completion>
      <xsl:choose>
        <xsl:when test="self::tei:space">
          <xsl:next-iteration>
            <xsl:with-param name="first" select="$first"/>
            <xsl:with-param name="run" select="xs:integer((@quantity, 2)[1])"/>
          </xsl:next-iteration>
        </xsl:when>
        <xsl:otherwise>
          <xsl:value-of select="tp:newlines(($run, if ($first) then 0 else 2)[1])"/>
          <xsl:apply-templates select="." mode="source-inline"/>
          <xsl:next-iteration>
            <xsl:with-param name="first" select="false()"/>
            <xsl:with-param name="run" select="()"/>
          </xsl:next-iteration>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:iterate>
  </xsl:template>

  <xsl:function name="tp:newlines" as="xs:string">
    <xsl:param name="n" as="xs:integer"/>
    <xsl:sequence select="string-join((1 to $n) ! $nl)"/>
  </xsl:function>

  <!-- Inside a block: the characters as they stood, markers back in place. -->
  <xsl:template match="tei:note" mode="source-inline">{@n}</xsl:template>
  <xsl:template match="tei:pb" mode="source-inline">[Page {@n}]</xsl:template>
  <xsl:template match="tei:lb" mode="source-inline">{$nl}</xsl:template>
  <xsl:template match="tei:space" mode="source-inline"/>

  <!-- ============================================================ reading style -->

  <xsl:template name="reading">
    <xsl:variable name="text" select="//tei:text[not(ancestor::tei:text)]"/>
    <xsl:variable name="top-divs" select="$text[1]/tei:body/(tei:div | tei:div1)"/>
    <xsl:variable name="body" as="xs:string*">
      <xsl:if test="not(count($top-divs) = 1 and $top-divs/tei:head)">
        <xsl:sequence select="tp:title(/) || $nl || $nl"/>
      </xsl:if>
      <xsl:apply-templates select="/*/tei:teiHeader//tei:sourceDesc//tei:msDesc" mode="reading"/>
      <xsl:choose>
        <xsl:when test="/tei:teiCorpus">
          <!-- a corpus: each member under the title its own header gives -->
          <xsl:for-each select="/tei:teiCorpus//tei:TEI">
            <xsl:sequence select="(tp:header-title(tei:teiHeader) ! normalize-space(),
                'Untitled member')[1] || $nl || $nl"/>
            <xsl:apply-templates select="tei:teiHeader//tei:sourceDesc//tei:msDesc | tei:text
                | tei:sourceDoc" mode="reading"/>
          </xsl:for-each>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates select="$text" mode="reading"/>
          <xsl:apply-templates select="/*/tei:sourceDoc" mode="reading"/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="notes" select="tp:endnotes(/)"/>
    <xsl:variable name="notes-text" as="xs:string*">
      <xsl:if test="$notes">
        <xsl:sequence select="'Notes' || $nl || $nl"/>
        <xsl:for-each select="$notes">
          <xsl:sequence select="'[' || tp:note-label(.) || '] ' || tp:line(.) || $nl || $nl"/>
        </xsl:for-each>
      </xsl:if>
    </xsl:variable>
    <xsl:variable name="all" select="string-join(($body, $notes-text))"/>
    <xsl:value-of select="replace($all, '\n{3,}', '&#10;&#10;') => replace('^\n+', '')
                          => replace('\n+$', '&#10;')"/>
  </xsl:template>

  <!-- containers: their children are blocks -->
  <xsl:template match="*" mode="reading" priority="-1">
    <xsl:choose>
      <xsl:when test="tp:is-container(.) or tp:holds-blocks(.)">
        <xsl:apply-templates select="* | text()[normalize-space()]" mode="reading"/>
        <xsl:if test="self::tei:lg">{$nl}</xsl:if>
      </xsl:when>
      <xsl:otherwise>
        <xsl:sequence select="tp:line(.) || $nl || $nl"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="text()" mode="reading">
    <xsl:sequence select="normalize-space() || $nl || $nl"/>
  </xsl:template>

  <xsl:template match="tei:teiHeader | tei:standOff | tei:facsimile | tei:space" mode="reading"/>

  <xsl:template match="tei:l" mode="reading">
    <xsl:sequence select="tp:line(.) || $nl"/>
  </xsl:template>

  <xsl:template match="tei:list" mode="reading">
    <xsl:apply-templates select="*" mode="reading"/>
  </xsl:template>

  <xsl:template match="tei:item" mode="reading">
    <xsl:sequence select="'• ' || tp:line(.) || $nl"/>
  </xsl:template>

  <xsl:template match="tei:list/tei:label" mode="reading">
    <xsl:sequence select="tp:line(.) || ' '"/>
  </xsl:template>

  <xsl:template match="tei:table" mode="reading">
    <xsl:for-each select="tei:head | tei:row">
      <xsl:sequence select="string-join(if (self::tei:row) then tei:cell ! tp:line(.)
          else tp:line(.), ' | ') || $nl"/>
    </xsl:for-each>
    <xsl:sequence select="$nl"/>
  </xsl:template>

  <xsl:template match="tei:pb" mode="reading">
    <xsl:if test="$pages = 'lines'">
      <xsl:sequence select="tp:page-label(.) || $nl || $nl"/>
    </xsl:if>
  </xsl:template>

  <!-- One block as one line: whitespace normalised, page markers moved to word ends. -->
  <xsl:function name="tp:line" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="raw" as="xs:string*">
      <xsl:apply-templates select="$e/node()" mode="reading-inline"/>
    </xsl:variable>
    <xsl:variable name="s" select="normalize-space(string-join($raw))"/>
    <!-- literal patterns, so that Saxon compiles them once: a marker inside a word moves
         to the word's end, then every marker gets a line of its own -->
    <xsl:sequence select="if (not(contains($s, $pb-open))) then $s else
        replace($s, '([^\s&#xE001;])&#xE000;([^&#xE001;]*)&#xE001;([^\s&#xE000;]+)',
                '$1$3&#xE000;$2&#xE001;')
        => replace('\s*&#xE000;([^&#xE001;]*)&#xE001;\s*', '&#10;$1&#10;')
        => replace('^&#10;|&#10;$', '')"/>
  </xsl:function>

  <xsl:template match="text()" mode="reading-inline">
    <xsl:sequence select="string(.)"/>
  </xsl:template>

  <xsl:template match="tei:note" mode="reading-inline">
    <xsl:sequence select="if (tp:is-inline-note(.)) then ' (' || tp:line(.) || ') '
        else '[' || tp:note-label(.) || ']'"/>
  </xsl:template>

  <xsl:template match="tei:pb" mode="reading-inline">
    <xsl:if test="$pages = 'lines'">
      <xsl:sequence select="$pb-open || tp:page-label(.) || $pb-close"/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:lb" mode="reading-inline">
    <xsl:sequence select="if (@break = 'no') then '' else ' '"/>
  </xsl:template>

  <xsl:template match="tei:gap" mode="reading-inline">
    <xsl:sequence select="'[…]'"/>
  </xsl:template>

  <xsl:template match="tei:choice" mode="reading-inline">
    <xsl:variable name="first" select="(tei:corr, tei:expan, tei:reg, *)[1]"/>
    <xsl:apply-templates select="$first/node()" mode="reading-inline"/>
    <xsl:for-each select="* except $first">
      <xsl:sequence select="' ['"/>
      <xsl:apply-templates select="node()" mode="reading-inline"/>
      <xsl:sequence select="']'"/>
    </xsl:for-each>
  </xsl:template>

  <!-- blocks inside a block (a list in a paragraph) keep a space from their neighbours -->
  <xsl:template match="tei:p | tei:l | tei:item | tei:head | tei:ab" mode="reading-inline">
    <xsl:sequence select="' '"/>
    <xsl:apply-templates mode="reading-inline"/>
    <xsl:sequence select="' '"/>
  </xsl:template>

  <xsl:template match="tei:space | tei:figDesc | tei:graphic" mode="reading-inline"/>

  <!-- ============================================================ genres

       The reading text gives one reading: the final state of a genetic transcription
       (deletions out unless restored, additions in), the lemma of an apparatus (else its
       first reading), a manuscript description field by field, a documentary
       transcription line by line. -->
  <xsl:template match="tei:del[not(ancestor::tei:restore)] | tei:rdg | tei:rdgGrp"
      mode="reading-inline"/>
  <xsl:template match="tei:app[@from or @to]" mode="reading-inline"/>
  <xsl:template match="tei:app" mode="reading-inline">
    <xsl:apply-templates select="(tei:lem, tei:rdg, tei:rdgGrp/tei:rdg)[1]/node()"
        mode="reading-inline"/>
  </xsl:template>
  <xsl:template match="tei:space[@unit = 'char'][not(@dim = 'vertical')]" mode="reading-inline">
    <xsl:sequence select="' '"/>
  </xsl:template>
  <xsl:template match="tei:ex" mode="reading-inline">
    <xsl:sequence select="'('"/>
    <xsl:apply-templates mode="reading-inline"/>
    <xsl:sequence select="')'"/>
  </xsl:template>

  <xsl:template match="tei:sourceDoc | tei:surface | tei:surfaceGrp | tei:zone" mode="reading">
    <xsl:if test="self::tei:surface and @n">
      <xsl:sequence select="'[Surface ' || @n || ']' || $nl || $nl"/>
    </xsl:if>
    <xsl:apply-templates select="*" mode="reading"/>
    <xsl:if test="self::tei:zone">{$nl}</xsl:if>
  </xsl:template>
  <xsl:template match="tei:sourceDoc//tei:line" mode="reading">
    <xsl:sequence select="tp:line(.) || $nl"/>
  </xsl:template>

  <!-- listApp in the text: one line per entry, after its line reference -->
  <xsl:template match="tei:listApp" mode="reading">
    <xsl:for-each select="tei:app">
      <xsl:sequence select="string-join((@loc ! ('l. ' || .), string-join(*
          ! (tp:line(.) || (if (self::tei:lem) then ']' else ''))
          ! normalize-space()[.], ' ')), ' ') || $nl"/>
    </xsl:for-each>
    <xsl:sequence select="$nl"/>
  </xsl:template>

  <!-- a manuscript description: one line per field -->
  <xsl:template match="tei:msDesc" mode="reading">
    <xsl:sequence select="string-join(tei:msIdentifier/*[normalize-space()] ! normalize-space(),
        ', ') || $nl || $nl"/>
    <xsl:apply-templates select="* except tei:msIdentifier" mode="ms-reading"/>
    <xsl:sequence select="$nl"/>
  </xsl:template>
  <xsl:template match="*" mode="ms-reading">
    <xsl:choose>
      <xsl:when test="* and not(text()[normalize-space()]) and not(tei:p | tei:ab)">
        <xsl:apply-templates select="*" mode="ms-reading"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:sequence select="tp:line(.) || $nl"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
