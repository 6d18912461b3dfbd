<?xml version="1.0" encoding="UTF-8"?>
<!--
  TEI P5 to one standalone HTML5 reading page per document.

  One template per element or behaviour (the TEI processing model): structure (div →
  section), heading, paragraph, block, inline, name, note (reference here, text in the
  notes section), break (page marker, line break), link, list, table, figure. Whether an
  element is a block or sits in running text is decided by its context (tp:in-running-text),
  carried down as the tunnel parameter $inline so that nothing HTML forbids inside <p>
  ever lands there. Elements nobody taught us keep their text and are marked
  class="tei-unknown" data-tei="name". Works offline: the CSS is inlined by default.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tp="urn:teipipe"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:include href="common.xsl"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no"
              include-content-type="no"/>

  <!-- "inline": the edition's CSS goes into the page; anything else is used as a link href. -->
  <xsl:param name="css" as="xs:string" select="'inline'"/>
  <!-- Language when the document declares none (our sources are English). -->
  <xsl:param name="default-lang" as="xs:string" select="'en'"/>

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

  <!-- each computed once per document -->
  <xsl:variable name="title" as="xs:string" select="tp:title(/)"/>
  <xsl:variable name="lang" as="xs:string" select="tp:lang(/, $default-lang)"/>
  <xsl:variable name="full-names" as="map(xs:string, xs:string)" select="tp:full-names(/)"/>

  <!-- read once, when the stylesheet is compiled -->
  <xsl:variable name="stylesheet-css" static="yes" as="xs:string"
      select="unparsed-text(resolve-uri('edition.css', static-base-uri()))"/>

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
      'event', 'listNote', 'sourceDesc', 'divGen', 'epilogue', 'prologue') ! map:entry(., true()))"/>

  <!-- ============================================================ page -->

  <xsl:template match="/">
    <xsl:variable name="text" select="(//tei:text)[1]"/>
    <xsl:variable name="top-divs" select="$text/tei:body/(tei:div | tei:div1)"/>
    <xsl:variable name="own-title" as="xs:boolean"
        select="count($top-divs) = 1 and exists($top-divs/tei:head)"/>
    <html lang="{$lang}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>{$title}</title>
        <xsl:call-template name="metadata"/>
        <xsl:choose>
          <xsl:when test="$css = 'inline'"><style>{$stylesheet-css}</style></xsl:when>
          <xsl:otherwise><link rel="stylesheet" href="{$css}"/></xsl:otherwise>
        </xsl:choose>
      </head>
      <body>
        <a class="skip" href="#main">Skip to the text</a>
        <xsl:call-template name="banner"/>
        <main id="main">
          <article class="document">
            <xsl:if test="not($own-title)">
              <h1 class="doc-title">{$title}</h1>
            </xsl:if>
            <xsl:if test="empty($text)">
              <p class="empty">This TEI file has a header but no text.</p>
            </xsl:if>
            <xsl:apply-templates select="//tei:text[not(ancestor::tei:text)]">
              <xsl:with-param name="h-offset" select="if ($own-title) then 0 else 1" tunnel="yes"/>
            </xsl:apply-templates>
          </article>
          <xsl:call-template name="persons-index"/>
          <xsl:if test="not($part = 'head' and $head-units gt 0
                            and $head-units le count($split-divs) + $split-persons)">
            <xsl:call-template name="notes-section"/>
          </xsl:if>
        </main>
        <xsl:call-template name="colophon"/>
      </body>
    </html>
  </xsl:template>

  <!-- citation_* (Google Scholar, Zotero) and Dublin Core from the header. -->
  <xsl:template name="metadata">
    <xsl:variable name="h" select="(//tei:teiHeader)[1]"/>
    <xsl:variable name="fd" select="$h/tei:fileDesc"/>
    <xsl:variable name="authors" select="$fd/tei:titleStmt/(tei:author | tei:editor)
        | $h/tei:profileDesc/tei:correspDesc/tei:correspAction[@type = 'sent']/tei:persName"/>
    <xsl:variable name="date" select="($h/tei:profileDesc/tei:correspDesc/tei:correspAction
        [@type = 'sent']/tei:date, $fd/tei:sourceDesc//tei:date, $fd/tei:publicationStmt/tei:date)
        [1]/(@when, normalize-space())[normalize-space()][1]"/>
    <xsl:variable name="url" select="($fd/tei:publicationStmt/tei:idno[@type = ('url', 'URL',
        'URI')], $fd/tei:sourceDesc//tei:ref/@target)[1] ! tp:href(.)"/>
    <xsl:variable name="fields" as="map(xs:string, xs:string*)" select="map {
        'citation_title': $title,
        'citation_author': $authors ! normalize-space(),
        'citation_publisher': $fd/tei:publicationStmt/tei:publisher ! normalize-space(),
        'citation_publication_date': string($date),
        'citation_language': $lang,
        'citation_public_url': string($url),
        'DC.title': $title,
        'DC.creator': $authors ! normalize-space(),
        'DC.publisher': $fd/tei:publicationStmt/tei:publisher ! normalize-space(),
        'DC.date': string($date),
        'DC.language': $lang,
        'DC.source': ($fd/tei:sourceDesc/(tei:bibl | tei:biblStruct | tei:p))[1]
                     ! normalize-space(),
        'DC.rights': $fd/tei:publicationStmt/tei:availability ! normalize-space(),
        'DC.identifier': string($url),
        'DC.type': 'Text',
        'DC.format': 'text/html'}"/>
    <link rel="schema.DC" href="http://purl.org/dc/elements/1.1/"/>
    <xsl:for-each select="('citation_title', 'citation_author', 'citation_publisher',
        'citation_publication_date', 'citation_language', 'citation_public_url', 'DC.title',
        'DC.creator', 'DC.publisher', 'DC.date', 'DC.language', 'DC.source', 'DC.rights',
        'DC.identifier', 'DC.type', 'DC.format')">
      <xsl:variable name="key" select="."/>
      <xsl:for-each select="$fields($key)[normalize-space()]">
        <meta name="{$key}" content="{.}"/>
      </xsl:for-each>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="banner">
    <xsl:variable name="source" select="(//tei:teiHeader/tei:fileDesc/tei:sourceDesc
        //tei:title)[1]"/>
    <header class="banner">
      <p>{if ($source) then normalize-space($source) else 'TEI reading edition'}</p>
    </header>
  </xsl:template>

  <xsl:template name="colophon">
    <xsl:variable name="fd" select="(//tei:teiHeader)[1]/tei:fileDesc"/>
    <footer class="colophon">
      <xsl:for-each select="$fd/tei:sourceDesc/(tei:bibl | tei:biblStruct)[1]">
        <p>Source: <xsl:apply-templates select="node()"><xsl:with-param name="inline"
            select="true()" tunnel="yes"/></xsl:apply-templates></p>
      </xsl:for-each>
      <xsl:for-each select="$fd/tei:publicationStmt/tei:availability">
        <p>{normalize-space()}</p>
      </xsl:for-each>
      <p>Rendered from TEI P5 by teipipe.</p>
    </footer>
  </xsl:template>

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

  <xsl:template match="tei:teiHeader | tei:standOff | tei:facsimile | tei:sourceDoc"/>

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

  <!-- ============================================================ everything else -->

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
