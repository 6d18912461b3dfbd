"""Hostile XML is refused or neutralized: no other file read, no network, no hang."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from teipipe.validate import validate_paths

SECRET = "TOP-SECRET-CANARY-7f3a"
HEADER = ("<teiHeader><fileDesc><titleStmt><title>T</title></titleStmt><publicationStmt><p>P</p>"
          "</publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc></teiHeader>")


def tei(body: str, doctype: str = "") -> str:
    return (f'<?xml version="1.0"?>\n{doctype}<TEI xmlns="http://www.tei-c.org/ns/1.0" '
            f'xmlns:xi="http://www.w3.org/2001/XInclude">{HEADER}<text><body>{body}</body>'
            f"</text></TEI>")


@pytest.fixture(params=["ordinary", "large-file"])
def route(request, monkeypatch):
    """Every attack also on the route for large files (validated without a tree, then by
    Saxon reading the file itself), by treating every file as large."""
    if request.param == "large-file":
        from teipipe.validation import stream

        monkeypatch.setattr(stream, "STREAM_FROM", 0)
    return request.param


@pytest.fixture
def folder(tmp_path: Path, route: str) -> Path:
    """A document folder inside a tree that also holds a secret file next to it."""
    (tmp_path / "secret.xml").write_text(f"<p xmlns='http://www.tei-c.org/ns/1.0'>{SECRET}</p>")
    (tmp_path / "secret.txt").write_text(SECRET)
    docs = tmp_path / "docs"
    docs.mkdir()
    return docs


def check(folder: Path, text: str, seconds: float = 10.0):
    path = folder / "doc.xml"
    path.write_text(text, encoding="utf-8")
    start = time.monotonic()
    report = validate_paths([path])[0]
    assert time.monotonic() - start < seconds
    assert all(SECRET not in f.message for f in report.findings)
    return report


def test_billion_laughs_is_refused(folder):
    lol = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    report = check(folder, tei("<p>&l9;</p>", f'<!DOCTYPE TEI [<!ENTITY l0 "lol">{lol}]>'))
    assert not report.valid
    assert "entit" in report.findings[0].message and "refuses" in report.findings[0].message


def test_quadratic_blowup_is_refused(folder):
    big = "x" * 100_000
    report = check(folder, tei("<p>" + "&a;" * 20_000 + "</p>",
                               f'<!DOCTYPE TEI [<!ENTITY a "{big}">]>'))
    assert not report.valid
    assert "entit" in report.findings[0].message and "refuses" in report.findings[0].message


@pytest.mark.parametrize("system", ["../secret.txt", "file:///etc/passwd",
                                    "http://127.0.0.1:9/x.txt"])
def test_external_entities_xxe_are_refused(folder, system):
    report = check(folder, tei("<p>&x;</p>", f'<!DOCTYPE TEI [<!ENTITY x SYSTEM "{system}">]>'))
    assert not report.valid and "declares entities" in report.findings[0].message


def test_parameter_entity_is_refused(folder):
    report = check(folder, tei("<p>x</p>", '<!DOCTYPE TEI [<!ENTITY % p SYSTEM "../secret.txt"> '
                                           "%p;]>"))
    assert not report.valid


def test_external_dtd_is_not_loaded(folder):
    (folder / "evil.dtd").write_text('<!ENTITY x SYSTEM "../secret.txt">')
    report = check(folder, tei("<p>&x;</p>", '<!DOCTYPE TEI SYSTEM "evil.dtd">'))
    assert not report.valid  # &x; is undefined: the DTD was never read
    assert [f.check for f in report.findings if f.severity == "error"][0] == "well-formed"
    assert [f.check for f in report.findings if f.severity == "warning"] == ["dtd"]


def test_network_dtd_is_not_fetched(folder):
    report = check(folder, tei("<p>x</p>", '<!DOCTYPE TEI SYSTEM "http://10.255.255.1/x.dtd">'),
                   seconds=5)
    assert report.valid


@pytest.mark.parametrize("href", ["../secret.xml", "/etc/passwd", "file:///etc/hostname",
                                  "http://10.255.255.1/x.xml", "sub/../../secret.xml"])
def test_xinclude_escaping_the_folder_or_to_the_network_is_not_followed(folder, href):
    report = check(folder, tei(f'<xi:include href="{href}" parse="text"/><p>x</p>'), seconds=5)
    assert not report.valid
    assert any(f.check == "xinclude" for f in report.findings)


def test_xinclude_cycle_is_stopped(folder):
    (folder / "a.xml").write_text('<div xmlns="http://www.tei-c.org/ns/1.0" '
                                  'xmlns:xi="http://www.w3.org/2001/XInclude">'
                                  '<xi:include href="a.xml"/></div>')
    report = check(folder, tei('<xi:include href="a.xml"/>'))
    assert not report.valid
    assert any("cycle" in f.message for f in report.findings)


def test_very_deep_nesting_is_refused_without_recursion_error(folder):
    report = check(folder, tei("<p>" + "<hi>" * 100_000 + "</hi>" * 100_000 + "</p>"))
    assert not report.valid
    assert "element nesting deeper than 256 levels" in report.findings[0].message


def test_undefined_entity_is_not_well_formed(folder):
    report = check(folder, tei("<p>&nbsp;</p>"))
    assert report.findings[0].check == "well-formed" and "nbsp" in report.findings[0].message


@pytest.mark.parametrize("entity", ['SYSTEM "../secret.txt"', 'SYSTEM "file:///etc/passwd"',
                                    '"harmless text"'])
def test_a_doctype_after_a_long_comment_is_still_refused(folder, entity):
    comment = "<!--" + "padding " * 1000 + "-->\n"
    text = tei("<p>&x;</p>", f"<!DOCTYPE TEI [<!ENTITY x {entity}>]>")
    report = check(folder, text.replace("\n", "\n" + comment, 1))
    assert not report.valid and "declares entities" in report.findings[0].message


# ------------------------------------------------------------------------------------------
# Every attack on every entry point: validate (both routes), transform --to html and text,
# split, export --cmif and --standoff, encode --persons. In process for speed; one case per
# entry point through the command line, to show no traceback ever reaches the user.

CANARY = "CANARY-4b1d-never-in-any-output"
ENCODINGS = {  # Python codec -> name in the XML declaration (None: no declaration's name)
    "utf-8": "UTF-8", "utf-16": "UTF-16", "utf-16-le": "UTF-16LE", "utf-16-be": "UTF-16BE",
    "utf-32": "UTF-32", "cp037": "IBM037", "cp500": "IBM500", "cp1140": "IBM01140",
    "latin-1": "ISO-8859-1", "utf-7": "UTF-7",
}


class Listener:
    """A loopback HTTP server that records whether anyone asked it anything."""

    def __init__(self) -> None:
        import http.server
        import threading

        hits = self.hits = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
                hits.append(self.path)
                body = f'<!ENTITY x "{CANARY}">{CANARY}'.encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def listener():
    server = Listener()
    yield server
    server.close()


def document(payload: str = "", doctype: str = "", target: str = "#d1", url: str = "a.png",
             encoding: str = "utf-8") -> bytes:
    """A TEI file every entry point reads (a letter with correspDesc, a FRUS document div,
    a list of persons), with ``payload`` where the text and a person's name go."""
    declared = ENCODINGS[encoding]
    text = (
        f'<?xml version="1.0" encoding="{declared}"?>\n{doctype}'
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:xi="http://www.w3.org/2001/XInclude">'
        "<teiHeader><fileDesc><titleStmt><title>Hostile</title></titleStmt><publicationStmt>"
        "<publisher>P</publisher></publicationStmt><sourceDesc><p>S</p></sourceDesc>"
        "</fileDesc><profileDesc><correspDesc><correspAction type='sent'>"
        f"<persName>Jimmy Carter {payload}</persName><date when='1977-01-20'/></correspAction>"
        "<correspAction type='received'><persName>Leonid Brezhnev</persName></correspAction>"
        "</correspDesc></profileDesc></teiHeader>"
        "<standOff><listPerson><person xml:id='p_CJ1'>"
        f"<persName>Carter, Jimmy {payload}</persName></person></listPerson></standOff>"
        "<text><body><div type='document' xml:id='d1' n='1'><head>1. Letter</head>"
        f"<p>Text {payload} <ref target='{target}'>see</ref> <ptr target='{target}'/></p>"
        f"<figure><graphic url='{url}'/></figure>"
        "</div></body></text></TEI>")
    data = text.encode(encoding)
    if encoding == "utf-16":
        assert data[:2] in (b"\xff\xfe", b"\xfe\xff")  # with its BOM; -le and -be have none
    return data


def cases(tmp: Path, listener: Listener) -> dict[str, bytes]:
    """Every attack, as the bytes of the file to give teipipe (kept in ``tmp/docs``)."""
    secret = tmp / "secret.txt"
    out = {f"xxe-{enc}": document("&x;", '<!DOCTYPE TEI [<!ENTITY x SYSTEM "../secret.txt">]>',
                                  encoding=enc) for enc in ENCODINGS}
    out.update({
        "xxe-absolute": document("&x;", f'<!DOCTYPE TEI [<!ENTITY x SYSTEM "{secret}">]>'),
        "xxe-file-url": document("&x;", f'<!DOCTYPE TEI [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'),
        "xxe-http": document("&x;", f'<!DOCTYPE TEI [<!ENTITY x SYSTEM "{listener.url}/x">]>'),
        "xxe-in-attribute-ebcdic": document("", '<!DOCTYPE TEI [<!ENTITY x SYSTEM '
                                            '"../secret.txt">]>', target="&x;",
                                            encoding="cp037"),
        "external-dtd-local": document("&x;", '<!DOCTYPE TEI SYSTEM "../evil.dtd">'),
        "external-dtd-http": document("&x;", f'<!DOCTYPE TEI SYSTEM "{listener.url}/e.dtd">'),
        "parameter-entity-local": document("&x;", '<!DOCTYPE TEI [<!ENTITY % p SYSTEM '
                                           '"../evil.dtd"> %p;]>'),
        "parameter-entity-http": document("&x;", f'<!DOCTYPE TEI [<!ENTITY % p SYSTEM '
                                          f'"{listener.url}/p.dtd"> %p;]>'),
        "parameter-entity-utf16": document("&x;", '<!DOCTYPE TEI [<!ENTITY % p SYSTEM '
                                           '"../evil.dtd"> %p;]>', encoding="utf-16"),
        "billion-laughs": document("&l9;", "<!DOCTYPE TEI [<!ENTITY l0 'lol'>" + "".join(
            f"<!ENTITY l{i} '{('&l' + str(i - 1) + ';') * 10}'>" for i in range(1, 10)) + "]>"),
        "billion-laughs-utf16": document("&l4;", "<!DOCTYPE TEI [<!ENTITY l0 'lol'>" + "".join(
            f"<!ENTITY l{i} '{('&l' + str(i - 1) + ';') * 10}'>" for i in range(1, 5)) + "]>",
            encoding="utf-16"),
    })
    for name, href in (("xinclude-parent", "../secret.txt"), ("xinclude-absolute", str(secret)),
                       ("xinclude-file-url", secret.as_uri()),
                       ("xinclude-http", f"{listener.url}/i.xml")):
        out[name] = document(f'<xi:include href="{href}" parse="text"/>')
    for name, url in (("javascript", "javascript:alert(1)"), ("javascript-case", " JaVaScRiPt:x"),
                      ("javascript-tab", "java&#x09;script:x"),
                      ("javascript-newline", "&#x0A;java&#x0D;script:x"),
                      ("data", "data:text/html;base64,PHNjcmlwdD4="), ("vbscript", "vbscript:x"),
                      ("file", "file:///etc/passwd")):
        out[f"url-{name}"] = document(target=url, url=url)
    return out


REFUSED = ("xxe", "external-dtd", "parameter-entity", "billion-laughs")  # by every entry point
CASE_NAMES = sorted(cases(Path("/t"), type("L", (), {"url": "http://127.0.0.1:1"})()))
ENTRY_POINTS = ["validate", "validate-large", "html", "text", "split", "cmif", "standoff",
                "persons"]


@pytest.fixture(scope="module")
def transformers():
    from teipipe.transform import Options, Transformer

    return {to: Transformer(Options(to=to)) for to in ("html", "text")}


def run_entry(entry: str, path: Path, out: Path, transformers, monkeypatch) -> tuple[int, str]:
    """(exit status as the command would give it, everything the entry point produced)."""
    from lxml import etree

    from teipipe.diagnostics import InputError

    try:
        if entry.startswith("validate"):
            if entry == "validate-large":
                from teipipe.validation import stream

                monkeypatch.setattr(stream, "STREAM_FROM", 0)
            report = validate_paths([path])[0]
            return (0 if report.valid else 1), "\n".join(str(f) for f in report.findings)
        if entry in ("html", "text"):
            return 0, transformers[entry].render(path)
        if entry == "split":
            from teipipe.exchange.split import split

            result = split(path, out)
            return (1 if any(d.severity == "error" for d in result.diagnostics) else 0), "\n".join(
                [str(d) for d in result.diagnostics] + [p.read_text() for p in result.written])
        if entry == "cmif":
            from teipipe.exchange.cmif import Header, build_cmif
            from teipipe.exchange.source import parse_tei

            built, found = build_cmif([(str(path), parse_tei(path))],
                                      Header(url="https://x.org/c.xml", editor="E"))
            return 0, etree.tostring(built, encoding="unicode") + "\n".join(map(str, found))
        if entry == "standoff":
            from teipipe.exchange.source import parse_tei
            from teipipe.exchange.standoff import export_file

            return 0, repr(export_file(path, parse_tei(path)))
        from teipipe.personography import Personography

        people = Personography.load(path)
        return 0, repr([vars(people.get(i)) for i in ("p_CJ1",) if people.get(i)])
    except InputError as exc:
        assert exc.diagnostics and all(str(d).count("\n") == 0 for d in exc.diagnostics)
        return 1, "\n".join(str(d) for d in exc.diagnostics)


@pytest.mark.parametrize("entry", ENTRY_POINTS)
@pytest.mark.parametrize("case", CASE_NAMES)
def test_no_attack_gets_through_any_entry_point(case, entry, tmp_path, listener, transformers,
                                                monkeypatch):
    (tmp_path / "secret.txt").write_text(CANARY)
    (tmp_path / "evil.dtd").write_text(f'<!ENTITY x "{CANARY}">')
    docs = tmp_path / "docs"
    docs.mkdir()
    path = docs / f"{case}.xml"
    path.write_bytes(cases(tmp_path, listener)[case])
    before = len(listener.hits)
    start = time.monotonic()
    status, produced = run_entry(entry, path, tmp_path / "out", transformers, monkeypatch)
    assert time.monotonic() - start < 20
    assert CANARY not in produced
    assert len(listener.hits) == before, f"{case} made {entry} contact {listener.hits[before:]}"
    if case.startswith(REFUSED):
        assert status == 1, f"{entry} accepted {case}: {produced[:300]}"
    if case.startswith("xinclude") and entry.startswith("validate"):
        assert status == 1 and "[xinclude]" in produced
    if case.startswith("url-") and entry == "html":
        import re

        assert status == 0, produced

        links = re.findall(r'(?:href|src)="([^"]*)"', produced)
        assert all(re.match(r"(https?:|mailto:|[#./?]|[\w-]+(?:[/?#]|$))", link)
                   for link in links), links
        assert 'class="graphic"' in produced  # the URL shown as text, not loaded


def test_the_benign_document_passes_every_entry_point(tmp_path, transformers, monkeypatch):
    """The control: without an attack, every entry point accepts the same document (in
    UTF-8 and in UTF-16), so a refusal above is the attack's doing."""
    for encoding in ("utf-8", "utf-16"):
        path = tmp_path / f"benign-{encoding}.xml"
        path.write_bytes(document("benign", target="https://example.org/a", encoding=encoding))
        for entry in ENTRY_POINTS:
            status, produced = run_entry(entry, path, tmp_path / "out", transformers,
                                         monkeypatch)
            assert status == 0, (entry, encoding, produced[:500])
            if entry in ("html", "text"):
                assert "benign" in produced
        html = run_entry("html", path, tmp_path / "out", transformers, monkeypatch)[1]
        assert 'href="https://example.org/a"' in html and 'src="a.png"' in html


COMMANDS = {
    "validate": ["validate", "{doc}"],
    "html": ["transform", "--to", "html", "{doc}", "-o", "{out}"],
    "text": ["transform", "--to", "text", "{doc}"],
    "split": ["split", "{doc}", "-o", "{out}"],
    "cmif": ["export", "--cmif", "{doc}", "-o", "{out}/c.xml", "--url", "https://x.org/c.xml",
             "--editor", "E"],
    "standoff": ["export", "--standoff", "{doc}", "-o", "{out}"],
    "persons": ["encode", "{source}", "-o", "{out}/e.xml", "--persons", "{doc}"],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_the_command_line_refuses_in_one_line_without_traceback(command, tmp_path, listener):
    import subprocess
    import sys

    (tmp_path / "secret.txt").write_text(CANARY)
    source = Path(__file__).resolve().parents[1] / "sources" / "frus1977-80v06-d1.txt"
    doc = tmp_path / "docs" / "ebcdic.xml"
    doc.parent.mkdir()
    doc.write_bytes(cases(tmp_path, listener)["xxe-cp037"])
    args = [a.format(doc=doc, out=tmp_path / "out", source=source) for a in COMMANDS[command]]
    done = subprocess.run([sys.executable, "-m", "teipipe", *args], capture_output=True,
                          text=True, timeout=120, cwd=tmp_path)
    assert done.returncode in (1, 2), done
    everything = done.stdout + done.stderr
    assert "Traceback" not in everything and CANARY not in everything
    problems = [line for line in everything.splitlines() if " error [" in line]
    assert problems and all(line.startswith(str(doc)) for line in problems), everything


# ------------------------------------------------------------------------------------------
# One set of limits: validate and transform accept and refuse the same documents (V1, V4),
# and say where in plain words (no JDK setting names).

def nested(depth: int, attributes: int = 0, lt: int = 0) -> str:
    """A TEI file with ``depth`` nested <hi> in a paragraph (the first <hi> at line 4)."""
    attrs = " ".join(f'rend{i}="x"' for i in range(attributes))
    return tei(f"\n<p>{'&lt;' * lt}\n<hi {attrs}>" + "<hi>" * (depth - 1) + "x"
               + "</hi>" * depth + "</p>")


def verdicts(tmp_path: Path, text: str, monkeypatch) -> dict[str, tuple[int, str]]:
    path = tmp_path / "doc.xml"
    path.write_text(text, encoding="utf-8")
    out = {}
    from teipipe.transform import Options, Transformer

    shared = {"html": Transformer(Options(to="html")), "text": Transformer(Options(to="text"))}
    for entry in ("validate", "html", "text", "split", "standoff"):
        out[entry] = run_entry(entry, path, tmp_path / "out", shared, monkeypatch)
    return out


@pytest.mark.parametrize("text", [nested(99), nested(200), nested(3, attributes=150),
                                  nested(3, lt=200_001)], ids=["99-deep", "200-deep",
                                                                "150-attributes", "200001-lt"])
def test_within_the_limits_every_entry_point_accepts(text, tmp_path, monkeypatch):
    for entry, (status, produced) in verdicts(tmp_path, text, monkeypatch).items():
        assert "[well-formed]" not in produced, (entry, produced[:300])
        if entry != "validate":  # 150 attributes are not TEI: invalid, but not refused
            assert status == 0, (entry, produced[:300])


@pytest.mark.parametrize("text, said", [
    (nested(300), "element nesting deeper than 256 levels"),
    (nested(3, attributes=300), "more than 256 attributes on one element"),
], ids=["300-deep", "300-attributes"])
def test_beyond_the_limits_every_entry_point_refuses_with_the_line(text, said, tmp_path,
                                                                   monkeypatch):
    for entry, (status, produced) in verdicts(tmp_path, text, monkeypatch).items():
        assert status == 1, entry
        first = produced.splitlines()[0]
        assert ":4:" in first and said in first, (entry, first)
        assert "jdk" not in produced and "XML_PARSE_HUGE" not in produced


def test_a_schematron_rule_run_by_saxon_on_a_deep_document_does_not_raise():
    from lxml import etree

    from teipipe.validation import schematron

    rules = etree.fromstring(
        '<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">'
        '<ns prefix="tei" uri="http://www.tei-c.org/ns/1.0"/><pattern id="p"><rule '
        'context="tei:hi"><assert test="every $a in @* satisfies $a castable as xs:string">'
        "x</assert></rule></pattern></schema>")
    checker = schematron.Checker(schematron.compile_schematron(rules))
    root = etree.fromstring(nested(200, lt=200_001).encode())
    assert checker.check(root) == []


@pytest.mark.parametrize("where", ["after the root", "inside the paragraph"])
def test_an_undeclared_prefix_hidden_by_a_later_warning_is_refused(where, tmp_path,
                                                                   monkeypatch):
    """V2: libxml2's warning about an <?xml-foo?> PI came after the namespace error, lxml
    returned a tree, and RELAX NG raised ValueError on the tag 'x:hi'."""
    body = "<p><x:hi>y</x:hi></p>" + ("<p><?xml-foo?></p>" if "inside" in where else "")
    text = tei(body) + ("<?xml-foo?>" if "after" in where else "")
    for entry, (status, produced) in verdicts(tmp_path, text, monkeypatch).items():
        assert status == 1 and "Namespace prefix x on hi is not defined" in produced, entry
    from teipipe.validation import stream

    monkeypatch.setattr(stream, "STREAM_FROM", 0)
    assert run_entry("validate", tmp_path / "doc.xml", tmp_path, {}, monkeypatch)[0] == 1


@pytest.mark.parametrize("text", [
    nested(256 - 5), nested(256 - 4), nested(3, attributes=256), nested(3, attributes=257),
    tei("<p>" + "x" * 10_000_000 + "</p>"), tei("<p>" + "x" * 10_000_001 + "</p>"),
    tei("<p>" + "é" * 5_000_000 + "</p>"), tei("<p>" + "é" * 5_000_001 + "</p>"),
    tei("<p>" + "x" * 6_000_000 + "<![CDATA[y]]>" + "x" * 6_000_000 + "</p>"),
], ids=["depth-256", "depth-257", "256-attributes", "257-attributes", "10M-text",
        "10M+1-text", "10M-bytes-of-2-byte-chars", "10M+2-bytes", "12M-text-with-cdata"])
def test_the_tree_less_scan_never_accepts_what_the_tree_refuses(text, monkeypatch):
    from teipipe import untrusted
    from teipipe.diagnostics import InputError

    monkeypatch.setattr(untrusted, "SCAN_WITHOUT_TREE_FROM", 0)  # no tree, whatever the size
    data = text.encode("utf-8")
    try:
        untrusted.parse(data, "doc.xml")
        refused = False
    except InputError:
        refused = True
    assert not (untrusted.scan(data).checked and refused)


def test_a_repeated_xml_id_is_a_validity_error_not_a_refusal(tmp_path, monkeypatch):
    text = tei('<p xml:id="a">one</p><p xml:id="a">two</p>')
    found = verdicts(tmp_path, text, monkeypatch)
    assert found["validate"][0] == 1 and "[xml:id]" in found["validate"][1]
    assert found["html"][0] == 0 and "two" in found["html"][1]
    assert found["text"][0] == 0 and "two" in found["text"][1]
