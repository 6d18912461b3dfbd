"""The XML namespaces teipipe reads and writes, each defined once.

A namespace URI typed twice can drift (a trailing slash, ``https``) and then a lookup
silently finds nothing; every module imports its URIs from here instead.
"""

from __future__ import annotations

# TEI P5 and the XML namespace itself (xml:id, xml:lang).
TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"

# Schema languages: RELAX NG, its annotations (a:documentation), W3C XML Schema, NVDL.
RNG_NS = "http://relaxng.org/ns/structure/1.0"
ANN_NS = "http://relaxng.org/ns/compatibility/annotations/1.0"
XSD_NS = "http://www.w3.org/2001/XMLSchema"
NVDL_NS = "http://purl.oclc.org/dsdl/nvdl/ns/structure/1.0"  # named by xml-model lines

# ISO Schematron (what TEI and teipipe write), Schematron 1.5 (older rule sets), and the
# standard report format, SVRL.
SCH_NS = "http://purl.oclc.org/dsdl/schematron"
SCH15_NS = "http://www.ascc.net/xml/schematron"
SVRL_NS = "http://purl.oclc.org/dsdl/svrl"

# XInclude and XSLT.
XI_NS = "http://www.w3.org/2001/XInclude"
XSL_NS = "http://www.w3.org/1999/XSL/Transform"

# The Office of the Historian's own attributes in its FRUS TEI (frus:doc-dateTime-min).
FRUS_NS = "http://history.state.gov/frus/ns/1.0"
