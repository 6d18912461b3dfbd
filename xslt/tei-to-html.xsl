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
  <xsl:include href="html-page.xsl"/>
  <xsl:include href="html-halves.xsl"/>
  <xsl:include href="html-names.xsl"/>
  <xsl:include href="html-notes.xsl"/>
  <xsl:include href="html-structure.xsl"/>
  <xsl:include href="html-pages.xsl"/>
  <xsl:include href="html-phrase.xsl"/>
  <xsl:include href="html-msdesc.xsl"/>
  <xsl:include href="html-apparatus.xsl"/>
  <xsl:include href="html-genres.xsl"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no"
              include-content-type="no"/>
</xsl:stylesheet>
