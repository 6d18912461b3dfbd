"""OASIS XML catalogs: schema URLs mapped to local files; unmapped URLs never fetched unasked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from teipipe import SCHEMA_DIR
from teipipe.diagnostics import SchemaError
from teipipe.validation import catalog
from teipipe.validation.catalog import Resolver, locate

ROOT = Path(__file__).resolve().parents[1]
PROJECTS = ROOT / "tests" / "data" / "projects"
NS = 'xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog"'


def write(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.write_text(f'<catalog {NS}>{body}</catalog>', encoding="utf-8")
    return path


def test_entries_in_the_standards_order(tmp_path):
    cat = write(tmp_path, "c.xml", """
        <uri name="https://ex.org/a/x.rng" uri="exact.rng"/>
        <rewriteURI uriStartString="https://ex.org/" rewritePrefix="short/"/>
        <rewriteURI uriStartString="https://ex.org/a/" rewritePrefix="long/"/>
        <uriSuffix uriSuffix="/y.sch" uri="suffix.sch"/>
        <group xml:base="sub/"><system systemId="https://ex.org/s.xsd" uri="s.xsd"/></group>""")
    resolver = Resolver([cat], shipped=False)
    assert resolver.resolve("https://ex.org/a/x.rng") == tmp_path / "exact.rng"
    assert resolver.resolve("https://ex.org/a/b/z.rng") == tmp_path / "long/b/z.rng"
    assert resolver.resolve("https://ex.org/q.rng") == tmp_path / "short/q.rng"
    assert resolver.resolve("https://other.org/p/y.sch") == tmp_path / "suffix.sch"
    assert resolver.resolve("https://ex.org/s.xsd") == tmp_path / "sub/s.xsd"
    assert resolver.resolve("https://elsewhere.org/none.rng") is None


def test_next_catalog_is_followed_and_an_absent_one_skipped(tmp_path):
    (tmp_path / "more").mkdir()
    write(tmp_path / "more", "next.xml", '<uri name="https://ex.org/n.rng" uri="n.rng"/>')
    first = write(tmp_path, "first.xml",
                  '<nextCatalog catalog="absent.xml"/><nextCatalog catalog="more/next.xml"/>')
    assert Resolver([first], shipped=False).resolve("https://ex.org/n.rng") == \
        tmp_path / "more" / "n.rng"


def test_a_cycle_of_catalogs_ends(tmp_path):
    write(tmp_path, "a.xml", '<nextCatalog catalog="b.xml"/>')
    write(tmp_path, "b.xml", '<nextCatalog catalog="a.xml"/>')
    assert Resolver([tmp_path / "a.xml"], shipped=False).resolve("https://ex.org/x") is None


def test_a_catalog_that_maps_to_the_network_is_refused(tmp_path):
    cat = write(tmp_path, "c.xml", '<uri name="https://ex.org/x.rng" uri="https://mirror/x.rng"/>')
    with pytest.raises(SchemaError, match="not a local file"):
        Resolver([cat], shipped=False).resolve("https://ex.org/x.rng")


def test_a_broken_catalog_names_its_file_and_line(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text(f"<catalog {NS}>\n<uri name='x'>\n</catalog>", encoding="utf-8")
    with pytest.raises(SchemaError, match=r"bad\.xml:3: catalog is not well-formed"):
        Resolver([bad], shipped=False).resolve("https://ex.org/x")
    other = tmp_path / "other.xml"
    other.write_text("<root/>", encoding="utf-8")
    with pytest.raises(SchemaError, match="not an OASIS XML catalog"):
        Resolver([other], shipped=False).resolve("https://ex.org/x")


@pytest.mark.parametrize("url", [
    "https://www.tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng",
    "http://www.tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng",
    "https://tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng",
    "https://www.tei-c.org/Vault/P5/current/xml/tei/custom/schema/relaxng/tei_all.rng",
    "https://www.tei-c.org/Vault/P5/4.11.0/xml/tei/custom/schema/relaxng/tei_all.rng",
])
def test_the_shipped_catalog_maps_tei_all_to_the_shipped_copy(url):
    assert Resolver().resolve(url).resolve() == (SCHEMA_DIR / "tei_all.rng").resolve()
    xsd = url.replace("relaxng/tei_all.rng", "xsd/tei_all.xsd")
    assert Resolver().resolve(xsd).resolve() == (SCHEMA_DIR / "tei_all.xsd").resolve()


def test_another_tei_version_is_not_passed_off_as_the_shipped_one():
    assert Resolver().resolve(
        "https://www.tei-c.org/Vault/P5/4.1.0/xml/tei/custom/schema/relaxng/tei_all.rng") is None


def test_xml_catalog_files_is_read(tmp_path, monkeypatch):
    cat = write(tmp_path, "env.xml", '<uri name="https://ex.org/e.rng" uri="e.rng"/>')
    monkeypatch.setenv("XML_CATALOG_FILES", f"{tmp_path / 'none.xml'} {cat.as_uri()}")
    assert catalog.from_environment() == [tmp_path / "none.xml", cat]


def test_an_unmapped_url_is_never_fetched_unasked(monkeypatch):
    import urllib.request

    def no_network(*args, **kwargs):
        raise AssertionError("the network was used")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    with pytest.raises(SchemaError) as caught:
        locate("https://dracor.org/schema.rng", Path.cwd(), Resolver())
    message = str(caught.value)
    assert message.startswith("https://dracor.org/schema.rng: ")
    assert "--catalog FILE" in message and "--allow-network" in message


def test_allow_network_fetches_once_into_the_cache(tmp_path, monkeypatch):
    import urllib.request

    calls = []

    class Response:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def read(self, size):
            return b"<grammar/>"

    def fake(url, timeout):
        calls.append(url)
        return Response()

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(urllib.request, "urlopen", fake)
    first = locate("https://ex.org/s/schema.rng", None, Resolver(), allow_network=True)
    again = locate("https://ex.org/s/schema.rng", None, Resolver(), allow_network=True)
    assert first == again and first.name == "schema.rng" and first.is_relative_to(tmp_path)
    assert first.read_bytes() == b"<grammar/>" and calls == ["https://ex.org/s/schema.rng"]


def cli(*args: str, cwd: Path = ROOT, env: dict | None = None):
    import os

    return subprocess.run([sys.executable, "-m", "teipipe", "validate", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, **(env or {})})


DRACOR = PROJECTS / "dracor/rusdracor/tei/prutkov-spor-drevnih-grecheskih-filosofov.xml"


def test_cli_schema_url_without_catalog_is_one_message_and_exit_2():
    done = cli("--schema", "https://dracor.org/schema.rng", str(DRACOR))
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "https://dracor.org/schema.rng" in lines[0]
    assert "--catalog" in lines[0] and "--allow-network" in lines[0] and not done.stdout


def test_cli_schema_url_through_a_catalog_and_the_environment():
    by_option = cli("--schema", "https://dracor.org/schema.rng", "--catalog",
                    str(PROJECTS / "catalog.xml"), str(DRACOR))
    by_environment = cli("--schema", "https://dracor.org/schema.rng", str(DRACOR),
                         env={"XML_CATALOG_FILES": str(PROJECTS / "catalog.xml")})
    assert by_option.stdout == by_environment.stdout
    assert "[relaxng]" not in by_option.stdout and "[schematron:" in by_option.stdout


def test_cli_a_missing_catalog_is_exit_2_but_not_one_the_environment_names():
    done = cli("--catalog", "absent-catalog.xml", str(DRACOR))
    assert done.returncode == 2 and "absent-catalog.xml: catalog file not found" in done.stderr
    done = cli(str(DRACOR), env={"XML_CATALOG_FILES": f"absent.xml {PROJECTS / 'catalog.xml'}"})
    assert done.returncode == 1, done.stdout + done.stderr  # libxml2 skips it too


def test_system_suffix_entries_and_missing_local_files(tmp_path):
    """``systemSuffix`` is read by its own attribute (``systemIdSuffix``); a local schema
    that is not where a document says may still be found by a catalog through its name."""
    cat = write(tmp_path, "c.xml", '<systemSuffix systemIdSuffix="/lib/p.rng" uri="p.rng"/>')
    (tmp_path / "p.rng").write_text("<grammar/>", encoding="utf-8")
    resolver = Resolver([cat], shipped=False)
    assert resolver.resolve("file:///anywhere/lib/p.rng") == tmp_path / "p.rng"
    doc_folder = tmp_path / "docs"
    doc_folder.mkdir()
    assert locate("../lib/p.rng", doc_folder, resolver) == tmp_path / "p.rng"
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "p.rng").write_text("<grammar/>", encoding="utf-8")
    assert locate("../lib/p.rng", doc_folder, resolver) == doc_folder / "../lib/p.rng"


def test_a_file_encoded_anywhere_validates_against_the_shipped_project_schema(tmp_path):
    """The encoder names the project schema as the edition lays it out (../schema/); away
    from that layout the shipped catalog finds the installed copy."""
    from teipipe.cli import main

    out = tmp_path / "elsewhere" / "letter.xml"
    assert main(["encode", str(ROOT / "sources" / "frus1977-80v06-d1.txt"), "-o", str(out)]) == 0
    assert not (tmp_path / "schema").exists()
    assert main(["validate", str(out)]) == 0
