<?xml version="1.0" encoding="UTF-8"?>
<!--
  Critical apparatus (module "apparatus"), in all three TEI methods:
    parallel segmentation   app/lem/rdg in the text: the lemma stays in the text, a numbered
                            marker links to the entry in the apparatus section
    double end-point        app from="#a" to="#b": the marker stands at the "to" anchor
    location-referenced     app loc="5" (EpiDoc): the entry names its line
  Entries give the lemma, then each reading with the sigla of its witnesses (from listWit:
  @n, else the id), and link back to the marker. A listApp renders in place; apps in the
  running text go to the apparatus section after the notes.
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

  <xsl:key name="tp:app-to" match="tei:app[@to]" use="substring(normalize-space(@to), 2)"/>
  <xsl:key name="tp:line-n" match="tei:lb[@n] | tei:l[@n]" use="normalize-space(@n)"/>

  <!-- apps in the running text, whose entries go to the apparatus section -->
  <xsl:function name="tp:text-apps" as="element()*">
    <xsl:param name="root" as="node()"/>
    <xsl:sequence select="$root//tei:app[not(ancestor::tei:listApp)]
        [not(ancestor::tei:app)][not(ancestor::tei:teiHeader)]"/>
  </xsl:function>

  <xsl:function name="tp:app-id" as="xs:string">
    <xsl:param name="app" as="element()"/>
    <xsl:sequence select="($app/@xml:id, 'app-' || tp:node-id($app))[1]"/>
  </xsl:function>

  <xsl:function name="tp:app-label" as="xs:string">
    <xsl:param name="app" as="element()"/>
    <xsl:sequence select="string(count($app/preceding::tei:app[not(ancestor::tei:teiHeader)]) + 1)"/>
  </xsl:function>

  <!-- the line an entry refers to: its @loc, else the line it stands in -->
  <xsl:function name="tp:app-line" as="xs:string?">
    <xsl:param name="app" as="element()"/>
    <xsl:variable name="at" select="if ($app/@to) then
        key('tp:id', substring(normalize-space($app/@to), 2), root($app))[1] else $app"/>
    <xsl:sequence select="($app/@loc, $at[not(ancestor::tei:listApp)]/(ancestor::tei:l[1]/@n,
        preceding::tei:lb[1][ancestor::tei:text]/@n))[normalize-space()][1] ! string(.)"/>
  </xsl:function>

  <xsl:function name="tp:sigla" as="xs:string*">
    <xsl:param name="e" as="element()"/>
    <xsl:for-each select="tokenize(normalize-space($e/@wit))">
      <xsl:variable name="w" select="if (starts-with(., '#'))
          then key('tp:id', substring(., 2), root($e))[1] else ()"/>
      <xsl:sequence select="($w/@n, $w/tei:abbr, replace(., '^#', ''))[normalize-space()][1]
          ! normalize-space()"/>
    </xsl:for-each>
  </xsl:function>

  <!-- the marker: superscript number, linked to the entry -->
  <xsl:template name="app-marker">
    <xsl:param name="app" as="element()"/>
    <sup class="appref"><a id="ref-{tp:app-id($app)}" href="#{tp:app-id($app)}"
        role="doc-noteref" aria-label="Apparatus entry {tp:app-label($app)}"
        >{tp:app-label($app)}</a></sup>
  </xsl:template>

  <!-- parallel segmentation: the lemma (or the first reading) in the text, then the marker -->
  <xsl:template match="tei:app[not(@from or @to)]" priority="1">
    <xsl:param name="in-link" as="xs:boolean" select="false()" tunnel="yes"/>
    <span class="app">
      <xsl:call-template name="attributes">
        <xsl:with-param name="class" select="'app'"/>
      </xsl:call-template>
      <xsl:apply-templates select="(tei:lem, tei:rdg, tei:rdgGrp/tei:rdg)[1]/node()">
        <xsl:with-param name="inline" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
    </span>
    <xsl:if test="not($in-link)">
      <xsl:call-template name="app-marker"><xsl:with-param name="app" select="."/></xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- double end-point in the text: the lemma is the text between the anchors; the marker
       goes to the "to" anchor (or here, when there is none) -->
  <xsl:template match="tei:app[@from or @to]" priority="1">
    <xsl:if test="not(@to and key('tp:id', substring(normalize-space(@to), 2)))">
      <xsl:call-template name="app-marker"><xsl:with-param name="app" select="."/></xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:anchor[@xml:id][key('tp:app-to', @xml:id)]" priority="1">
    <span class="anchor" id="{@xml:id}"/>
    <xsl:for-each select="key('tp:app-to', @xml:id)">
      <xsl:call-template name="app-marker"><xsl:with-param name="app" select="."/></xsl:call-template>
    </xsl:for-each>
  </xsl:template>

  <!-- a listApp where it stands: its entries, numbered -->
  <xsl:template match="tei:listApp" priority="1">
    <xsl:apply-templates select="tei:head"/>
    <ol class="apparatus-list">
      <xsl:call-template name="attributes">
        <xsl:with-param name="class" select="'apparatus-list'"/>
      </xsl:call-template>
      <xsl:apply-templates select="* except tei:head" mode="app-entry"/>
    </ol>
  </xsl:template>

  <!-- the apparatus section for apps in the running text -->
  <xsl:template name="apparatus-section">
    <xsl:variable name="apps" select="tp:text-apps(/)"/>
    <xsl:if test="$apps">
      <section class="apparatus" aria-labelledby="apparatus-h">
        <h2 id="apparatus-h">Apparatus</h2>
        <ol class="apparatus-list">
          <xsl:apply-templates select="$apps" mode="app-entry"/>
        </ol>
        <xsl:apply-templates select="(//tei:teiHeader)[1]//tei:listWit[not(ancestor::tei:listWit)]"
            mode="witnesses"/>
      </section>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:listWit" mode="witnesses">
    <h3>Witnesses</h3>
    <dl class="witnesses">
      <xsl:for-each select=".//tei:witness">
        <dt id="{(@xml:id, 'wit-' || tp:node-id(.))[1]}">{(@n, @xml:id)[normalize-space()][1]}</dt>
        <dd><xsl:apply-templates>
          <xsl:with-param name="inline" select="true()" tunnel="yes"/>
        </xsl:apply-templates></dd>
      </xsl:for-each>
    </dl>
  </xsl:template>

  <!-- one entry: line, lemma], readings with sigla, notes; a way back to the marker -->
  <xsl:template match="tei:app" mode="app-entry">
    <xsl:variable name="line" select="tp:app-line(.)"/>
    <xsl:variable name="in-text" select="not(ancestor::tei:listApp) or exists(@to[key('tp:id',
        substring(normalize-space(.), 2))])"/>
    <li id="{tp:app-id(.)}" class="app-entry">
      <span class="app-n">{tp:app-label(.)}.</span>
      <xsl:text> </xsl:text>
      <xsl:if test="$line">
        <xsl:variable name="target" select="key('tp:line-n', $line)[ancestor::tei:text][1]"/>
        <xsl:choose>
          <xsl:when test="$target/self::tei:lb[ancestor::tei:div[@type = 'edition']]">
            <a class="app-line" href="#{($target/@xml:id, 'line-' || tp:node-id($target))[1]}"
               >l. {$line}</a>
          </xsl:when>
          <xsl:otherwise><span class="app-line">l. {$line}</span></xsl:otherwise>
        </xsl:choose>
        <xsl:text> </xsl:text>
      </xsl:if>
      <xsl:apply-templates select="*" mode="app-part"/>
      <xsl:if test="$in-text">
        <xsl:text> </xsl:text>
        <a class="backlink" href="#ref-{tp:app-id(.)}" role="doc-backlink"
           aria-label="Back to the text of apparatus entry {tp:app-label(.)}">↩&#xFE0E;</a>
      </xsl:if>
    </li>
  </xsl:template>

  <xsl:template match="*" mode="app-entry">
    <li class="app-extra"><xsl:apply-templates select="."/></li>
  </xsl:template>

  <xsl:template match="tei:lem" mode="app-part">
    <span class="lem">
      <xsl:apply-templates>
        <xsl:with-param name="inline" select="true()" tunnel="yes"/>
        <xsl:with-param name="in-link" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
    </span>
    <xsl:if test="@wit"><xsl:text> </xsl:text><span class="wit">{tp:sigla(.)}</span></xsl:if>
    <xsl:text>] </xsl:text>
  </xsl:template>

  <xsl:template match="tei:rdg" mode="app-part">
    <xsl:if test="preceding-sibling::tei:rdg or ../self::tei:rdgGrp/preceding-sibling::tei:rdgGrp">
      <xsl:text>; </xsl:text>
    </xsl:if>
    <span class="rdg">
      <xsl:apply-templates>
        <xsl:with-param name="inline" select="true()" tunnel="yes"/>
        <xsl:with-param name="in-link" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
      <xsl:if test="not(normalize-space())"><i>om.</i></xsl:if>
    </span>
    <xsl:if test="@wit"><xsl:text> </xsl:text><span class="wit">{tp:sigla(.)}</span></xsl:if>
  </xsl:template>

  <xsl:template match="tei:rdgGrp" mode="app-part">
    <xsl:apply-templates select="*" mode="app-part"/>
  </xsl:template>

  <xsl:template match="*" mode="app-part">
    <xsl:text> </xsl:text>
    <span class="app-{local-name()}">
      <xsl:apply-templates>
        <xsl:with-param name="inline" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
    </span>
  </xsl:template>
</xsl:stylesheet>
