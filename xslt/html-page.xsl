<?xml version="1.0" encoding="UTF-8"?>
<!--
  The page and its header (module "page"): parameters, the HTML skeleton, the <head>
  metadata (citation_*, Dublin Core) from the TEI header, banner and colophon.
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

  <!-- "inline": the edition's CSS goes into the page; anything else is used as a link href. -->
  <xsl:param name="css" as="xs:string" select="'inline'"/>
  <!-- Language when the document declares none (our sources are English). -->
  <xsl:param name="default-lang" as="xs:string" select="'en'"/>

  <!-- each computed once per document -->
  <xsl:variable name="title" as="xs:string" select="tp:title(/)"/>
  <xsl:variable name="lang" as="xs:string" select="tp:lang(/, $default-lang)"/>

  <!-- read once, when the stylesheet is compiled -->
  <xsl:variable name="stylesheet-css" static="yes" as="xs:string"
      select="unparsed-text(resolve-uri('edition.css', static-base-uri()))"/>

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
            <xsl:if test="empty($text) and empty(/*/tei:sourceDoc | //tei:msDesc)
                          and not(/tei:teiCorpus)">
              <p class="empty">This TEI file has a header but no text.</p>
            </xsl:if>
            <xsl:choose>
              <xsl:when test="/tei:teiCorpus">
                <xsl:apply-templates select="/tei:teiCorpus/tei:teiHeader" mode="corpus-header"/>
                <xsl:apply-templates select="/tei:teiCorpus/(* except tei:teiHeader)"/>
              </xsl:when>
              <xsl:otherwise>
                <!-- a manuscript description in the header is the record of what is edited -->
                <xsl:apply-templates select="/*/tei:teiHeader//tei:sourceDesc//tei:msDesc"/>
                <xsl:apply-templates select="//tei:text[not(ancestor::tei:text)]">
                  <xsl:with-param name="h-offset" select="if ($own-title) then 0 else 1"
                      tunnel="yes"/>
                </xsl:apply-templates>
                <xsl:apply-templates select="/*/tei:sourceDoc"/>
              </xsl:otherwise>
            </xsl:choose>
          </article>
          <xsl:call-template name="persons-index"/>
          <xsl:if test="not($part = 'head' and $head-units gt 0
                            and $head-units le count($split-divs) + $split-persons)">
            <xsl:call-template name="notes-section"/>
          </xsl:if>
          <xsl:call-template name="apparatus-section"/>
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
</xsl:stylesheet>
