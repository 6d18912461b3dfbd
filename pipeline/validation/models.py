"""What a document says about its own schemas: ``<?xml-model?>`` lines and a DOCTYPE.

oXygen and jing users declare a document's schemas in its prolog (W3C "Associating
Schemas with XML documents"): ``href`` names the schema, relative to the document;
``schematypens`` says which language it is in, and without it ``type`` or the file's
extension. Several lines mean all of them. A RELAX NG grammar named as Schematron (as
ELTeC does) stands for the Schematron rules embedded in it.

The prolog is read through :mod:`teipipe.untrusted` with a pull parser that stops at the
root element: the rest of the document is not read here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from teipipe.namespaces import NVDL_NS, RNG_NS, SCH15_NS, SCH_NS, XSD_NS

KIND_BY_NS = {RNG_NS: "rng", SCH_NS: "sch", SCH15_NS: "sch", XSD_NS: "xsd", NVDL_NS: "nvdl"}
KIND_BY_TYPE = {"application/relax-ng-compact-syntax": "rnc", "application/xml-dtd": "dtd"}
KIND_BY_SUFFIX = {".rng": "rng", ".sch": "sch", ".xsd": "xsd", ".rnc": "rnc", ".dtd": "dtd",
                  ".nvdl": "nvdl"}
RUNNABLE = ("rng", "sch", "xsd")
PROLOG_CHUNK = 16384
MAX_PROLOG = 1024 * 1024  # a prolog longer than this is not read further


@dataclass(frozen=True)
class Model:
    """One ``xml-model`` line: its href as written, the schema language, and its line."""

    href: str
    kind: str  # rng, sch, xsd, or one teipipe cannot run (rnc, dtd, nvdl, unknown)
    line: int
    phase: str | None = None


@dataclass(frozen=True)
class Prolog:
    models: tuple[Model, ...]
    dtd: str | None  # the external DTD a DOCTYPE names (never loaded)
    dtd_line: int = 0  # where the DOCTYPE is, when known (0: not known)


def kind_of(href: str, schematypens: str | None, mime: str | None) -> str:
    """The schema language an ``xml-model`` line declares (oXygen's order of evidence)."""
    if schematypens:
        return KIND_BY_NS.get(schematypens.strip(), "unknown")
    if mime and mime.strip() in KIND_BY_TYPE:
        return KIND_BY_TYPE[mime.strip()]
    path = href.split("#")[0].split("?")[0]
    return KIND_BY_SUFFIX.get(Path(path).suffix.lower(), "unknown")


def from_pi(pi: etree._Element) -> Model | None:
    """The model a processing instruction declares (None when it is not ``xml-model``)."""
    if pi.target != "xml-model":
        return None
    href = pi.get("href")
    if not href:
        return None
    return Model(href.strip(), kind_of(href, pi.get("schematypens"), pi.get("type")),
                 pi.sourceline or 1, pi.get("phase"))


def of_tree(root: etree._Element) -> Prolog:
    """The prolog of a document already parsed."""
    pis = [p for p in reversed(list(root.itersiblings(preceding=True)))
           if isinstance(p, etree._ProcessingInstruction)]
    models = tuple(m for m in (from_pi(p) for p in pis) if m)
    return Prolog(models, root.getroottree().docinfo.system_url)


def of_file(path: Path) -> Prolog:
    """The prolog of a file, read up to its root element; an unreadable or broken file
    gives an empty prolog (the validator reports it when it reads the whole file)."""
    from teipipe import untrusted

    parser = untrusted.checked_pull_parser(("pi", "start"))
    models: list[Model] = []
    head = b""
    try:
        with path.open("rb") as stream:
            while len(head) < MAX_PROLOG:
                chunk = stream.read(PROLOG_CHUNK)
                if not chunk:
                    break
                head += chunk
                parser.feed(chunk)
                for event, node in parser.read_events():
                    if event == "start":
                        dtd = node.getroottree().docinfo.system_url
                        # the line only, for the message (the decision is the parser's)
                        at = head.find(b"<!DOCTYPE")
                        line = head.count(b"\n", 0, at) + 1 if dtd and at >= 0 else 0
                        return Prolog(tuple(models), dtd, line)
                    model = from_pi(node)
                    if model:
                        models.append(model)
    except (OSError, etree.XMLSyntaxError):
        pass
    return Prolog(tuple(models), None)
