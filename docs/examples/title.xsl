<?xml version="1.0" encoding="UTF-8"?>
<!-- A stylesheet of your own, for the option xslt of teipipe transform: the main title as text. -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:tei="http://www.tei-c.org/ns/1.0">
  <xsl:output method="text"/>
  <xsl:template match="/">
    <xsl:value-of select="//tei:titleStmt/tei:title[@type = 'main']"/>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>
</xsl:stylesheet>
