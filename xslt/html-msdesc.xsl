<?xml version="1.0" encoding="UTF-8"?>
<!--
  Manuscript descriptions (module "msdesc"): msDesc as a catalogue record wherever it stands,
  the header included: identifier as its heading, then contents (msItem with locus),
  physical description, history, additional information, each field labelled. Every word
  of the description reaches the page: fields without a label of their own go through the
  ordinary templates.
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

  <!-- The fields of a catalogue record and their labels; a project may change the labels
       (override this variable in the importing stylesheet). -->
  <xsl:variable name="tp:ms-labels" as="map(xs:string, xs:string)" select="map {
      'msContents': 'Contents', 'summary': 'Summary', 'msItem': 'Item', 'msItemStruct': 'Item',
      'locus': 'Locus', 'locusGrp': 'Locus', 'author': 'Author', 'title': 'Title',
      'rubric': 'Rubric', 'incipit': 'Incipit', 'explicit': 'Explicit',
      'finalRubric': 'Final rubric', 'colophon': 'Colophon', 'textLang': 'Language',
      'filiation': 'Filiation', 'decoNote': 'Decoration',
      'physDesc': 'Physical description', 'objectDesc': 'Object', 'supportDesc': 'Support',
      'support': 'Material', 'extent': 'Extent', 'foliation': 'Foliation',
      'collation': 'Collation', 'condition': 'Condition', 'layoutDesc': 'Layout',
      'layout': 'Layout', 'handDesc': 'Hands', 'handNote': 'Hand', 'scriptDesc': 'Script',
      'typeDesc': 'Type', 'decoDesc': 'Decoration', 'musicNotation': 'Music notation',
      'additions': 'Additions', 'bindingDesc': 'Binding', 'binding': 'Binding',
      'sealDesc': 'Seals', 'accMat': 'Accompanying material', 'history': 'History',
      'origin': 'Origin', 'provenance': 'Provenance', 'acquisition': 'Acquisition',
      'additional': 'Additional information', 'adminInfo': 'Administrative information',
      'recordHist': 'Record history', 'availability': 'Availability',
      'custodialHist': 'Custodial history', 'surrogates': 'Surrogates',
      'listBibl': 'Bibliography', 'msPart': 'Part', 'msFrag': 'Fragment',
      'dimensions': 'Dimensions', 'material': 'Material', 'objectType': 'Object type',
      'origDate': 'Date', 'origPlace': 'Place', 'note': 'Note'}"/>

  <!-- Fields that hold other fields: a titled group, not one line. -->
  <xsl:variable name="tp:ms-groups" as="xs:string+" select="('msContents', 'msItem',
      'msItemStruct', 'physDesc', 'objectDesc', 'supportDesc', 'layoutDesc', 'handDesc',
      'decoDesc', 'bindingDesc', 'sealDesc', 'history', 'additional', 'adminInfo', 'msPart',
      'msFrag', 'scriptDesc', 'typeDesc', 'support', 'layout', 'handNote', 'origin')"/>

  <xsl:template match="tei:msDesc" priority="1">
    <section class="msDesc" aria-label="Manuscript description">
      <xsl:call-template name="attributes">
        <xsl:with-param name="class" select="'msDesc'"/>
      </xsl:call-template>
      <h2 class="ms-id">
        <xsl:text>{string-join(tei:msIdentifier/(tei:country, tei:region, tei:settlement,
            tei:institution, tei:repository, tei:collection, tei:idno, tei:msName,
            tei:altIdentifier/tei:idno)[normalize-space()] ! normalize-space(), ', ')}</xsl:text>
        <xsl:if test="not(normalize-space(tei:msIdentifier))">Manuscript description</xsl:if>
      </h2>
      <xsl:apply-templates select="node() except tei:msIdentifier" mode="ms"/>
    </section>
  </xsl:template>

  <!-- a group of fields -->
  <xsl:template match="*[local-name() = $tp:ms-groups]
      [* except (tei:p | tei:ab | tei:locus | tei:locusGrp)]" mode="ms">
    <div class="ms-group ms-{local-name()}">
      <xsl:call-template name="ms-label"/>
      <xsl:if test="self::tei:msItem or self::tei:msItemStruct">
        <xsl:apply-templates select="tei:locus | tei:locusGrp" mode="ms"/>
      </xsl:if>
      <xsl:apply-templates mode="ms" select="node() except
          (if (self::tei:msItem or self::tei:msItemStruct) then tei:locus | tei:locusGrp else ())"/>
    </div>
  </xsl:template>

  <!-- a field: its label, then its words through the ordinary templates -->
  <xsl:template match="*" mode="ms">
    <xsl:variable name="blocks" select="tp:holds-blocks(.) or exists(tei:p | tei:ab | tei:list)"/>
    <xsl:element name="{if ($blocks) then 'div' else 'p'}">
      <xsl:attribute name="class" select="'ms-field ms-' || local-name()"/>
      <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
      <xsl:call-template name="ms-label"/>
      <xsl:apply-templates>
        <xsl:with-param name="inline" select="not($blocks)" tunnel="yes"/>
      </xsl:apply-templates>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:p | tei:ab" mode="ms">
    <xsl:apply-templates select="."/>
  </xsl:template>

  <xsl:template match="text()" mode="ms">
    <xsl:if test="normalize-space()"><p class="ms-text">{.}</p></xsl:if>
  </xsl:template>

  <xsl:template name="ms-label">
    <xsl:variable name="label" select="$tp:ms-labels(local-name())"/>
    <xsl:if test="$label">
      <span class="ms-label">
        <xsl:text>{$label}</xsl:text>
        <xsl:if test="(self::tei:msItem or self::tei:msPart) and @n"> {@n}</xsl:if>
        <xsl:if test="@type and not(self::tei:msItem)"> ({@type})</xsl:if>
        <xsl:text>: </xsl:text>
      </span>
    </xsl:if>
  </xsl:template>

  <!-- in running text (outside a record) a locus is the folio reference it names -->
  <xsl:template match="tei:locus">
    <span class="locus">
      <xsl:apply-templates>
        <xsl:with-param name="inline" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
      <xsl:if test="not(normalize-space())">{string-join((@from, @to), '–')}</xsl:if>
    </span>
  </xsl:template>
</xsl:stylesheet>
