<?xml version="1.0" encoding="UTF-8"?>
<!--
  The edition's front page: one entry per document, in the order given, with its title
  (read from the TEI), the HTML and text renderings, and a mark when it did not validate.
  Input: <documents><document tei="file:…/x.xml" html="html/x.html" text="text/x.txt"
  valid="true|false"/>…</documents>, written by pipeline/build.py.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tp="urn:teipipe"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:include href="common.xsl"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no"
              include-content-type="no"/>

  <xsl:template match="/documents">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>Documents in this edition</title>
        <style>{unparsed-text(resolve-uri('edition.css', static-base-uri()))}</style>
      </head>
      <body>
        <main id="main">
          <h1>Documents in this edition</h1>
          <ol class="documents">
            <xsl:for-each select="document">
              <xsl:variable name="tei" select="doc(@tei)"/>
              <li>
                <a href="{@html}">{tp:title($tei)}</a>
                <xsl:text> · </xsl:text>
                <a href="{@text}" aria-label="{tp:title($tei)}, plain text">text</a>
                <xsl:if test="@valid = 'false'">
                  <xsl:text> · </xsl:text>
                  <strong class="invalid">not valid TEI</strong>
                </xsl:if>
              </li>
            </xsl:for-each>
          </ol>
          <p>{count(document)} document{if (count(document) = 1) then '' else 's'}.</p>
        </main>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
