"""OASIS XML catalogs: schema URLs mapped to local files, so that validation stays offline.

A document's ``xml-model`` lines name schemas by URL (``https://dracor.org/schema.rng``);
teipipe never fetches such a URL unless asked (``--allow-network``). A catalog, the
standard oXygen, jing and libxml2 read, says where the local copy is. The entries read
are ``uri``, ``system``, ``rewriteURI``, ``rewriteSystem``, ``uriSuffix``,
``systemSuffix``, ``group`` and ``nextCatalog``, with ``xml:base``; the rest (``public``,
``delegate*``) concern DTDs and remote delegation, which teipipe never does.

Lookups follow the specification's order: an exact entry wins, then the rewrite with the
longest matching prefix, then the longest suffix, then the next catalogs in turn.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

from lxml import etree

from teipipe import SCHEMA_DIR
from teipipe.diagnostics import SchemaError

CATALOG_NS = "urn:oasis:names:tc:entity:xmlns:xml:catalog"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
SHIPPED = SCHEMA_DIR / "catalog.xml"
MAX_CATALOGS = 64  # nextCatalog chains: a cycle or a flood stops here


def _c(tag: str) -> str:
    return f"{{{CATALOG_NS}}}{tag}"


@dataclass
class Catalog:
    """The entries of one catalog file, with their targets already made absolute URLs."""

    path: Path
    exact: dict[str, str] = field(default_factory=dict)
    rewrite: list[tuple[str, str]] = field(default_factory=list)
    suffix: list[tuple[str, str]] = field(default_factory=list)
    next: list[str] = field(default_factory=list)

    @classmethod
    def read(cls, path: Path) -> Catalog:
        from teipipe.xmlio import safe_parser

        try:
            root = etree.parse(str(path), safe_parser()).getroot()
        except OSError as exc:
            raise SchemaError(f"{path}: catalog cannot be read: {exc}") from exc
        except etree.XMLSyntaxError as exc:
            line = exc.position[0] if exc.position else 0
            raise SchemaError(f"{path}:{line}: catalog is not well-formed XML: {exc.msg}") \
                from exc
        if root.tag != _c("catalog"):
            raise SchemaError(f"{path}:{root.sourceline}: not an OASIS XML catalog (root "
                              f"<{etree.QName(root).localname}> in namespace "
                              f"{etree.QName(root).namespace or 'none'}, expected <catalog> in "
                              f"{CATALOG_NS})")
        catalog = cls(path)
        catalog._walk(root, urljoin(path.resolve().as_uri(), root.get(XML_BASE, "")))
        return catalog

    def _walk(self, parent: etree._Element, base: str) -> None:
        """Read ``parent``'s entries; ``base`` is its own base URI (xml:base applied)."""
        for entry in parent:
            if not isinstance(entry.tag, str):
                continue
            local = etree.QName(entry).localname
            here = urljoin(base, entry.get(XML_BASE, ""))
            if local == "group":
                self._walk(entry, here)
            elif local in ("uri", "system"):
                key = entry.get("name" if local == "uri" else "systemId")
                if key and entry.get("uri"):
                    self.exact.setdefault(key, urljoin(here, entry.get("uri")))
            elif local in ("rewriteURI", "rewriteSystem"):
                start = entry.get("uriStartString" if local == "rewriteURI"
                                  else "systemIdStartString")
                if start and entry.get("rewritePrefix") is not None:
                    self.rewrite.append((start, urljoin(here, entry.get("rewritePrefix"))))
            elif local in ("uriSuffix", "systemSuffix"):
                end = entry.get("uriSuffix" if local == "uriSuffix" else "systemIdSuffix")
                if end and entry.get("uri"):
                    self.suffix.append((end, urljoin(here, entry.get("uri"))))
            elif local == "nextCatalog" and entry.get("catalog"):
                self.next.append(urljoin(here, entry.get("catalog")))

    def lookup(self, url: str) -> str | None:
        if url in self.exact:
            return self.exact[url]
        rewrites = [(s, p) for s, p in self.rewrite if url.startswith(s)]
        if rewrites:
            start, prefix = max(rewrites, key=lambda sp: len(sp[0]))
            return prefix + url[len(start):]
        suffixes = [(s, u) for s, u in self.suffix if url.endswith(s)]
        if suffixes:
            return max(suffixes, key=lambda su: len(su[0]))[1]
        return None


class Resolver:
    """Catalogs in the order given, the shipped one last; ``resolve`` maps a URL to a file."""

    def __init__(self, files: list[Path] | None = None, shipped: bool = True,
                 optional: list[Path] | None = None):
        """``files`` must exist; ``optional`` ones (``XML_CATALOG_FILES``) are skipped when
        absent, as libxml2 does."""
        self.files = [*(files or []), *(optional or []), *([SHIPPED] if shipped else [])]
        self.required = [*(files or []), *([SHIPPED] if shipped else [])]
        self._loaded: dict[Path, Catalog] = {}

    def resolve(self, url: str) -> Path | None:
        """The local file a URL stands for, or None when no catalog maps it."""
        queue = list(self.files)
        seen: set[Path] = set()
        while queue and len(seen) < MAX_CATALOGS:
            path = queue.pop(0)
            if path in seen:
                continue
            seen.add(path)
            catalog = self._catalog(path)
            if catalog is None:
                continue
            target = catalog.lookup(url)
            if target is not None:
                return _local(target, catalog.path)
            queue[0:0] = [p for p in (_local(n, catalog.path) for n in catalog.next) if p]
        return None

    def _catalog(self, path: Path) -> Catalog | None:
        if path not in self._loaded:
            if not path.is_file() and path not in self.required:
                return None  # a nextCatalog that is absent is skipped, as the standard says
            self._loaded[path] = Catalog.read(path)
        return self._loaded[path]


def _local(url: str, catalog: Path) -> Path | None:
    """A catalog's target as a file; a target that is itself remote is refused."""
    parsed = urlparse(url)
    if parsed.scheme == "file":
        return Path(unquote(parsed.path))
    if parsed.scheme == "":
        return catalog.parent / unquote(url)
    raise SchemaError(f"{catalog}: maps a schema to {url}, which is not a local file "
                      "(catalog targets must be files: teipipe does not use the network "
                      "for them)")


def from_environment() -> list[Path]:
    """The catalogs ``XML_CATALOG_FILES`` names (libxml2's convention: separated by spaces,
    each a path or a file: URL)."""
    out = []
    for item in os.environ.get("XML_CATALOG_FILES", "").split():
        parsed = urlparse(item)
        out.append(Path(unquote(parsed.path)) if parsed.scheme == "file" else Path(item))
    return out


NETWORK_SCHEMES = ("http", "https", "ftp")
MAX_FETCH = 50 * 1024 * 1024


def locate(ref: str, base: Path | None, resolver: Resolver | None = None,
           allow_network: bool = False, declared_by: str | None = None) -> Path:
    """The local file a schema reference stands for: a URL through the catalogs (or, with
    ``allow_network``, fetched into the user's cache), a ``file:`` URL, or a path relative
    to ``base`` (the document's folder for an ``xml-model`` href). Anything else is a
    :class:`SchemaError` (exit 2) that names the URL and the two ways out."""
    parsed = urlparse(ref)
    if parsed.scheme.lower() in NETWORK_SCHEMES:
        found = (resolver or Resolver()).resolve(ref)
        if found is not None:
            return found
        if allow_network:
            return fetch(ref)
        by = f" (declared by {declared_by})" if declared_by else ""
        raise SchemaError(f"{ref}{by}: no catalog maps this schema URL to a local file, and "
                          "teipipe does not use the network unless asked: map it with --catalog "
                          "FILE (an OASIS XML catalog; XML_CATALOG_FILES is read too) or let "
                          "teipipe fetch it with --allow-network")
    if parsed.scheme.lower() == "file":
        path = Path(unquote(parsed.path))
    elif len(parsed.scheme) > 1:  # urn:, data:, … (a one-letter scheme is a Windows drive)
        raise SchemaError(f"{ref}: a schema must be a file or an http(s) URL")
    else:
        path = Path(unquote(ref)) if "%" in ref else Path(ref)
        path = path if path.is_absolute() or base is None else base / path
    if not path.exists():
        # a file that is not there may still be known to a catalog by its name's ending
        # (systemSuffix): an edition's "../schema/teipipe.rng" copied away from schema/
        found = (resolver or Resolver()).resolve(path.absolute().as_uri())
        if found is not None:
            return found
    return path


def fetch(url: str) -> Path:
    """A schema URL fetched once into the user's cache, filed under its URL (only ever on
    ``--allow-network``). A grammar that includes others by relative href needs them
    fetched too: a catalog is the better way for such a schema."""
    import hashlib
    import urllib.request

    from teipipe.validation.cache import cache_dir
    from teipipe.xmlio import atomic_write

    name = Path(urlparse(url).path).name or "schema"
    target = cache_dir("schemas") / hashlib.sha256(url.encode()).hexdigest()[:24] / name
    if target.is_file():
        return target
    try:
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - http(s) only
            data = response.read(MAX_FETCH + 1)
    except (OSError, ValueError) as exc:
        raise SchemaError(f"{url}: the schema could not be fetched: "
                          f"{getattr(exc, 'reason', None) or exc}") from exc
    if len(data) > MAX_FETCH:
        raise SchemaError(f"{url}: the schema is larger than {MAX_FETCH // 2**20} MB")
    atomic_write(target, data)
    return target
