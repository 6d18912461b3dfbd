<?xml version="1.0" encoding="UTF-8"?>
<!--
  What the HTML and text editions share: which behaviour a TEI element has (the TEI
  processing model's block / inline / note / break / heading…), how notes, pages and
  names are numbered, labelled and looked up. Functions only; no templates with output,
  so each format decides how a behaviour looks.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tp="urn:teipipe"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    exclude-result-prefixes="#all">

  <xsl:key name="tp:id" match="*[@xml:id]" use="@xml:id"/>

  <!-- Containers: their children are blocks (whitespace between them is layout, not text). -->
  <xsl:variable name="tp:containers" static="yes" as="xs:string+" select="(
      'text', 'front', 'body', 'back', 'group', 'div', 'div1', 'div2', 'div3', 'div4', 'div5',
      'div6', 'div7', 'lg', 'sp', 'opener', 'closer', 'titlePage', 'argument', 'epigraph',
      'floatingText', 'entry', 'superEntry', 'castList', 'castGroup', 'listBibl', 'postscript',
      'figure', 'docImprint', 'letter', 'msDesc', 'listPerson', 'listPlace', 'listOrg',
      'listEvent', 'person', 'place', 'org', 'event', 'app', 'listApp', 'listWit', 'spGrp',
      'performance', 'prologue', 'epilogue', 'set', 'view', 'sense', 're')"/>

  <!-- Blocks that cannot sit inside an HTML paragraph (a paragraph holding one becomes a div). -->
  <xsl:variable name="tp:big-blocks" static="yes" as="xs:string+" select="(
      $tp:containers[not(. = ('sense', 're', 'person', 'place', 'org', 'event', 'app'))],
      'p', 'ab', 'l', 'list', 'table', 'head', 'quote-block')"/>

  <!-- Phrase-level elements: always inline, whatever surrounds them. -->
  <xsl:variable name="tp:phrases" static="yes" as="xs:string+" select="(
      'hi', 'emph', 'persName', 'placeName', 'orgName', 'name', 'rs', 'geogName', 'roleName',
      'forename', 'surname', 'genName', 'addName', 'nameLink', 'date', 'time', 'num', 'measure',
      'title', 'foreign', 'term', 'gloss', 'mentioned', 'soCalled', 'q', 'said', 'abbr', 'expan',
      'ex', 'am', 'sic', 'corr', 'orig', 'reg', 'choice', 'unclear', 'supplied', 'gap', 'add',
      'del', 'subst', 'seg', 'w', 'c', 'pc', 'g', 'ref', 'ptr', 'lb', 'pb', 'cb', 'milestone',
      'note', 'biblScope', 'idno', 'author', 'editor', 'publisher', 'pubPlace', 'country',
      'settlement', 'region', 'bloc', 'district', 'space', 'metamark', 'handShift', 'damage',
      'surplus', 'secl', 'anchor', 'index', 'lem', 'rdg', 'orth', 'pron', 'pos', 'gen',
      'number', 'usg', 'lbl', 'xr', 'oRef', 'oVar', 'hyph', 'syll', 'stress', 'subc', 'tns',
      'mood', 'per', 'iType', 'gram', 'case', 'colloc', 'def', 'etym', 'lang', 'affiliation',
      'occupation', 'restore', 'mod', 'redo', 'undo', 'retrace', 'fw', 'catchwords', 'sig',
      'stamp', 'formula', 'graphic', 'emph', 'distinct', 'camera', 'sound', 'tech', 'caesura',
      'rhyme', 'watch', 'ident', 'code', 'att', 'gi', 'tag', 'val', 'desc', 'interp', 'span',
      'link', 'alt', 'timeline', 'when', 'locus', 'material', 'objectType', 'origDate',
      'origPlace', 'signed-inline')"/>

  <!-- The same lists as sets, built when the stylesheet is compiled: a lookup, not a scan. -->
  <xsl:variable name="tp:container-set" static="yes" as="map(xs:string, xs:boolean)"
      select="map:merge($tp:containers ! map:entry(., true()))"/>
  <xsl:variable name="tp:phrase-set" static="yes" as="map(xs:string, xs:boolean)"
      select="map:merge($tp:phrases ! map:entry(., true()))"/>
  <xsl:variable name="tp:big-block-set" static="yes" as="map(xs:string, xs:boolean)"
      select="map:merge($tp:big-blocks ! map:entry(., true()))"/>

  <xsl:function name="tp:is-container" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="map:contains($tp:container-set, local-name($e))"/>
  </xsl:function>

  <!-- The notes that go to the notes section, in reading order (inline notes stay put). -->
  <xsl:function name="tp:endnotes" as="element()*">
    <xsl:param name="scope" as="node()"/>
    <xsl:sequence select="$scope//tei:text//tei:note[not(tp:is-inline-note(.))]
        [not(ancestor::tei:app)]"/>
  </xsl:function>

  <xsl:function name="tp:is-inline-note" as="xs:boolean">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="$note/@place = ('inline', 'margin-inline') or $note/@rend = 'inline'
                          or $note/@type = 'inline'"/>
  </xsl:function>

  <!-- An id for an element that has none: generate-id() without Saxon's document number
       ("d24" in "d24e287"), which counts the documents the process has parsed before; so a
       page comes out the same alone, in a folder, or from whichever worker rendered it. -->
  <xsl:function name="tp:node-id" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="replace(generate-id($e), '^d\d+', '')"/>
  </xsl:function>

  <xsl:function name="tp:note-id" as="xs:string">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="($note/@xml:id, 'note-' || tp:node-id($note))[1]"/>
  </xsl:function>

  <!-- The label printed at the marker: the note's own @n, else its position. -->
  <xsl:function name="tp:note-label" as="xs:string">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="if (normalize-space($note/@n)) then normalize-space($note/@n)
        else string(count($note/preceding::tei:note[ancestor::tei:text]
                          [not(tp:is-inline-note(.))][not(ancestor::tei:app)]) + 1)"/>
  </xsl:function>

  <xsl:function name="tp:page-id" as="xs:string">
    <xsl:param name="pb" as="element()"/>
    <xsl:sequence select="($pb/@xml:id, 'pb-' || tp:node-id($pb))[1]"/>
  </xsl:function>

  <xsl:function name="tp:page-label" as="xs:string">
    <xsl:param name="pb" as="element()"/>
    <!-- without @n: the edition's page name (@ed, "1r"), else which page of this file -->
    <xsl:variable name="n" select="($pb/@n, $pb/@ed)[normalize-space()][1]"/>
    <xsl:sequence select="if ($n) then '[Page ' || normalize-space($n) || ']'
        else '[Page ' || (count($pb/preceding::tei:pb) + 1) || ' of this file]'"/>
  </xsl:function>

  <!-- A break inside a word: letters on both sides, or break="no". -->
  <xsl:function name="tp:in-word" as="xs:boolean">
    <xsl:param name="break" as="element()"/>
    <xsl:variable name="before" select="$break/preceding-sibling::node()[1][self::text()]"/>
    <xsl:variable name="after" select="$break/following-sibling::node()[1][self::text()]"/>
    <xsl:sequence select="exists($after) and matches($after, '^\S')
        and ($break/@break = 'no' or (exists($before) and matches($before, '\S$')))"/>
  </xsl:function>

  <!-- The id of the entry (in the header's lists, standOff, anywhere in the file) that a
       name points to with @ref or @corresp ("#carter-jimmy"), or "" when it points outside. -->
  <xsl:function name="tp:target" as="xs:string">
    <xsl:param name="name" as="element()"/>
    <xsl:variable name="target" select="normalize-space(($name/@ref, $name/@corresp)[1])"/>
    <xsl:sequence select="if (starts-with($target, '#'))
        then substring-before(substring($target, 2) || ' ', ' ') else ''"/>
  </xsl:function>

  <xsl:function name="tp:entity" as="element()?">
    <xsl:param name="name" as="element()"/>
    <xsl:variable name="id" select="tp:target($name)"/>
    <xsl:sequence select="if ($id) then key('tp:id', $id, root($name))[1] else ()"/>
  </xsl:function>

  <!-- Every entry's full name by id, made once per document (names are the commonest markup);
       entries live in the header's lists, in standOff, or in the back matter. -->
  <xsl:function name="tp:full-names" as="map(xs:string, xs:string)">
    <xsl:param name="root" as="node()"/>
    <xsl:sequence select="map:merge(
        $root/*/(tei:teiHeader | tei:standOff | tei:text/tei:back)
            //(tei:person | tei:personGrp | tei:place | tei:org | tei:nym)[@xml:id]
        ! map:entry(string(@xml:id), (tp:full-name(.), '')[1]), map{'duplicates': 'use-first'})"/>
  </xsl:function>

  <!-- The entry's full name, as the personography gives it. -->
  <xsl:function name="tp:full-name" as="xs:string?">
    <xsl:param name="entity" as="element()?"/>
    <xsl:variable name="n" select="($entity/(tei:persName | tei:placeName | tei:orgName
        | tei:name))[1]"/>
    <xsl:sequence select="if ($n) then normalize-space(string-join($n//text(), ' ')
        ! replace(., '\s+([,.])', '$1')) else ()"/>
  </xsl:function>

  <!-- Which kind of entity a name element names: person, place or org. -->
  <xsl:function name="tp:entity-kind" as="xs:string">
    <xsl:param name="name" as="element()"/>
    <xsl:sequence select="if ($name/self::tei:persName) then 'person'
        else if ($name/self::tei:placeName or $name/self::tei:geogName) then 'place'
        else if ($name/self::tei:orgName) then 'org'
        else if ($name/@type = ('person', 'place', 'org')) then string($name/@type)
        else if ($name/@type = 'organisation') then 'org'
        else 'name'"/>
  </xsl:function>

  <!-- FRUS cross references (frus1969-76v32#d317) become history.state.gov addresses. -->
  <xsl:function name="tp:link" as="xs:string">
    <xsl:param name="target" as="xs:string"/>
    <xsl:variable name="t" select="normalize-space($target)"/>
    <xsl:sequence select="if (matches($t, '^frus[\w-]+(#\S+)?$'))
        then 'https://history.state.gov/historicaldocuments/' || replace($t, '#', '/')
        else $t"/>
  </xsl:function>

  <!-- Every href and src written from the document goes through here: a URL the page may
       link to or load (http, https, mailto, or relative: a path, ?query or #fragment), or
       the empty sequence for any other scheme (javascript:, data:, vbscript:, file:, …),
       whose caller then renders text, not a link. Browsers drop tabs and newlines anywhere
       in a URL and spaces and control characters around it (java&#x09;script: is
       javascript:) and read a scheme in any case, so the scheme is judged on the URL
       without any of them. -->
  <xsl:function name="tp:href" as="xs:string?">
    <xsl:param name="target" as="xs:string?"/>
    <xsl:variable name="url" select="tp:link(string($target))"/>
    <xsl:variable name="bare" select="replace($url, '[\s\p{Cc}]', '')"/>
    <xsl:variable name="scheme" select="if (matches($bare, '^[A-Za-z][A-Za-z0-9+.\-]*:'))
        then lower-case(substring-before($bare, ':')) else ''"/>
    <xsl:sequence select="if ($scheme = ('', 'http', 'https', 'mailto')) then $url else ()"/>
  </xsl:function>

  <!-- The document's title: its own titleStmt's title, else its first heading. -->
  <xsl:function name="tp:title" as="xs:string">
    <xsl:param name="root" as="node()"/>
    <xsl:variable name="t" select="(
        tp:header-title($root/*/tei:teiHeader),
        ($root//tei:text//tei:head[normalize-space()])[1])[1]"/>
    <xsl:sequence select="if ($t) then normalize-space(string-join(
        $t//text()[not(ancestor::tei:note)], '')) else 'Untitled TEI document'"/>
  </xsl:function>

  <!-- The title a header gives its own document: the main title, else the first that is not
       a series', journal's or subtitle (a letter of an edition is not the edition). -->
  <xsl:function name="tp:header-title" as="element()?">
    <xsl:param name="header" as="element()*"/>
    <xsl:variable name="titles" select="$header[1]/tei:fileDesc/tei:titleStmt/tei:title
        [normalize-space()]"/>
    <xsl:sequence select="($titles[@type = 'main'], $titles[not(@level = ('s', 'j'))
        and not(@type = ('sub', 'subtitle', 'alt', 'short', 'desc'))], $titles)[1]"/>
  </xsl:function>

  <xsl:function name="tp:lang" as="xs:string">
    <xsl:param name="root" as="node()"/>
    <xsl:param name="default" as="xs:string"/>
    <xsl:sequence select="(
        $root/*/@xml:lang, ($root//tei:text)[1]/@xml:lang,
        ($root/*/tei:teiHeader//tei:langUsage)[1]/tei:language[1]/@ident,
        $default)[normalize-space()][1]"/>
  </xsl:function>

  <!-- Does this element hold text of its own next to it (so it sits inside a line)? -->
  <xsl:function name="tp:in-running-text" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="exists($e/../text()[normalize-space()])
        or not($e/.. instance of element() and tp:is-container($e/..))"/>
  </xsl:function>

  <!-- Does a paragraph-like element contain a block that HTML forbids inside <p>? -->
  <xsl:function name="tp:holds-blocks" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="exists($e//*[map:contains($tp:big-block-set, local-name())
        or self::tei:quote[tei:p | tei:lg | tei:l | tei:ab]]
        [not(ancestor::tei:note[. >> $e])][not(self::tei:note)])"/>
  </xsl:function>
</xsl:stylesheet>
