<?xml version="1.0" encoding="UTF-8"?>
<!--
  The least a TEI → HTML stylesheet can do: every element of the text as a span named by
  its class, no header, no notes section, no names looked up. Used by transform_bench.py
  ("floor" row) to show what the engine and the process cost before any rendering logic.
-->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0" exclude-result-prefixes="#all">
  <xsl:output method="html" html-version="5"/>
  <xsl:template match="/">
    <html><body><xsl:apply-templates select="//tei:text"/></body></html>
  </xsl:template>
  <xsl:template match="*"><span class="{local-name()}"><xsl:apply-templates/></span></xsl:template>
</xsl:stylesheet>
