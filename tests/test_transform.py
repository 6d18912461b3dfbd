"""``teipipe transform``: files in, pages out; bad input named by file:line:col, exit 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from teipipe import transform
from teipipe.cli import main
from teipipe.diagnostics import InputError
from teipipe.transform import Options, Transformer, transform_paths

ROOT = Path(__file__).resolve().parents[1]
LETTER = ROOT / "tests" / "fixtures" / "transform-letter.xml"
LETTER_SOURCE = ROOT / "sources" / "frus1977-80v06-d1.txt"
TEI_NS = 'xmlns="http://www.tei-c.org/ns/1.0"'


def tiny_tei(text: object) -> str:
    """A TEI document with no header and one paragraph."""
    return f"<TEI {TEI_NS}><text><body><p>{text}</p></body></text></TEI>"


def test_one_file_to_stdout(capsys):
    assert main(["transform", "--to", "text", "--style", "source", str(LETTER)]) == 0
    assert capsys.readouterr().out == LETTER_SOURCE.read_text(encoding="utf-8")


def test_files_and_folders_into_an_output_folder(tmp_path, capsys):
    folder = tmp_path / "tei"
    folder.mkdir()
    for name in ("a", "b"):
        (folder / f"{name}.xml").write_text(tiny_tei(f"Text {name}"), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["transform", str(LETTER), str(folder), "-o", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["a.html", "b.html",
                                                     "transform-letter.html"]
    assert "<p class=\"p\">Text b</p>" in (out / "b.html").read_text(encoding="utf-8")
    assert "3 of 3 files rendered" in capsys.readouterr().err


def test_malformed_file_is_named_with_line_and_column(tmp_path, capsys):
    bad = tmp_path / "bad.xml"
    bad.write_text(f"<TEI {TEI_NS}><text>\n<body><p>open</body></text></TEI>",
                   encoding="utf-8")
    good = tmp_path / "good.xml"
    good.write_text(tiny_tei("fine"), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["transform", str(bad), str(good), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:2:" in err and "not well-formed" in err
    assert "1 of 2 files rendered" in err and "1 failed" in err
    assert (out / "good.html").exists() and not (out / "bad.html").exists()


def test_failure_never_overwrites_an_earlier_output(tmp_path):
    out = tmp_path / "out"
    page = tmp_path / "page.xml"
    page.write_text(tiny_tei("first"), encoding="utf-8")
    assert main(["transform", str(page), "-o", str(out)]) == 0
    before = (out / "page.html").read_bytes()
    page.write_text(f"<TEI {TEI_NS}><text><body><p>broken", encoding="utf-8")
    assert main(["transform", str(page), "-o", str(out)]) == 1
    assert (out / "page.html").read_bytes() == before
    assert [p.name for p in out.iterdir()] == ["page.html"]  # no temporary left behind


def test_entities_from_a_dtd_are_refused(tmp_path, capsys):
    hostile = tmp_path / "lol.xml"
    hostile.write_text('<?xml version="1.0"?>\n<!DOCTYPE TEI [<!ENTITY a "aaaaaaaaaa">'
                       '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
                       f"<TEI {TEI_NS}><text><body><p>&b;</p></body></text></TEI>",
                       encoding="utf-8")
    assert main(["transform", str(hostile)]) == 1
    err = capsys.readouterr().err
    assert str(hostile) in err and "entit" in err
    assert "aaaaaaaaaa" not in err


def test_external_entity_is_not_read(tmp_path, capsys):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    doc = tmp_path / "xxe.xml"
    doc.write_text(f'<!DOCTYPE TEI [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
                   f"<TEI {TEI_NS}><text><body><p>&x;</p></body></text></TEI>",
                   encoding="utf-8")
    main(["transform", str(doc)])
    assert "TOP-SECRET" not in capsys.readouterr().out


def test_a_doctype_without_entities_still_renders(tmp_path, capsys):
    doc = tmp_path / "dtd.xml"
    doc.write_text(f'<!DOCTYPE TEI SYSTEM "tei_all.dtd"><TEI {TEI_NS}><text><body>'
                   "<p>Declared but harmless</p></body></text></TEI>", encoding="utf-8")
    assert main(["transform", "--to", "text", str(doc)]) == 0
    assert "Declared but harmless" in capsys.readouterr().out


def test_missing_file(capsys, tmp_path):
    missing = tmp_path / "nowhere.xml"
    assert main(["transform", str(missing)]) == 1
    assert f"{missing}: error [read]: cannot read" in capsys.readouterr().err


def test_usage_errors(capsys, tmp_path):
    assert main(["transform", "--to", "html", "--style", "source", str(LETTER)]) == 2
    assert main(["transform", str(LETTER), str(LETTER)]) == 2  # several files need -o
    assert main(["transform", str(tmp_path)]) == 2  # an empty folder
    err = capsys.readouterr().err
    assert "--style applies to --to text only" in err and "need -o DIR" in err


def test_xslt_errors_name_the_file_and_the_template(tmp_path):
    doc = tmp_path / "space.xml"
    doc.write_text(f"<TEI {TEI_NS}><text><body><div><p>a</p><space dim=\"vertical\" "
                   'unit="newlines" quantity="three"/><p>b</p></div></body></text></TEI>',
                   encoding="utf-8")
    with pytest.raises(InputError) as caught:
        Transformer(Options(to="text", style="source")).render(doc)
    message = str(caught.value)
    assert message.startswith(f"{doc}: error [transform]: tei-to-text.xsl: ")
    assert '"three"' in message and "in template source" in message


def test_stylesheet_is_compiled_once_per_run(tmp_path, monkeypatch):
    made = []

    class Counting(Transformer):
        def __init__(self, options):
            made.append(options)
            super().__init__(options)

    monkeypatch.setattr(transform, "Transformer", Counting)
    paths = []
    for i in range(5):
        paths.append(tmp_path / f"d{i}.xml")
        paths[-1].write_text(tiny_tei(i), encoding="utf-8")
    written, problems = transform_paths(paths, tmp_path / "out", Options(to="text"))
    assert len(written) == 5 and not problems
    assert len(made) == 1


def test_many_files_are_shared_between_worker_processes(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(transform.PARALLEL_FROM + 6):
        (folder / f"d{i:03}.xml").write_text(tiny_tei(f"Document {i}"), encoding="utf-8")
    (folder / "d999.xml").write_text(f"<TEI {TEI_NS}><text>", encoding="utf-8")
    written, problems = transform_paths([folder], tmp_path / "out", Options(to="text"),
                                        workers=2)
    assert len(written) == transform.PARALLEL_FROM + 6
    assert (tmp_path / "out" / "d042.txt").read_text(encoding="utf-8") == (
        "Untitled TEI document\n\nDocument 42\n")  # no header, no heading: a stand-in title
    assert [p.path for p in problems] == [str(folder / "d999.xml")]


def test_a_batch_is_synced_to_disk_once_not_file_by_file(tmp_path, monkeypatch):
    synced, flushed = [], []
    monkeypatch.setattr("teipipe.xmlio.os.fsync", synced.append)
    monkeypatch.setattr(transform, "flush_to_disk", lambda: flushed.append(True))
    paths = []
    for i in range(3):
        paths.append(tmp_path / f"d{i}.xml")
        paths[-1].write_text(tiny_tei(i), encoding="utf-8")
    written, problems = transform_paths(paths, tmp_path / "out", Options(to="text"))
    assert len(written) == 3 and not problems
    assert synced == [] and flushed == [True]
    assert (tmp_path / "out" / "d2.txt").read_text(encoding="utf-8").endswith("2\n")


def test_many_files_from_a_fresh_process_with_forked_workers(tmp_path):
    """A fresh process has not started Saxon, so its workers are forked, not spawned."""
    import subprocess
    import sys

    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(transform.PARALLEL_FROM):
        (folder / f"d{i:03}.xml").write_text(tiny_tei(f"Document {i}"), encoding="utf-8")
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "teipipe", "transform", "--to", "text",
                           str(folder), "-o", str(out), "-j", "2"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"{transform.PARALLEL_FROM} of {transform.PARALLEL_FROM} files rendered" in done.stderr
    assert (out / "d063.txt").read_text(encoding="utf-8") == (
        "Untitled TEI document\n\nDocument 63\n")
    assert len(list(out.iterdir())) == transform.PARALLEL_FROM


def test_a_page_is_the_same_whatever_was_rendered_before_it(tmp_path):
    """Ids made for elements without one must not count the documents parsed before."""
    other = tmp_path / "other.xml"
    other.write_text(f"<TEI {TEI_NS}><text><body><p><persName>A</persName><pb/></p></body>"
                     "</text></TEI>", encoding="utf-8")
    alone = Transformer(Options(to="html")).render(LETTER)
    busy = Transformer(Options(to="html"))
    busy.render(other)
    busy.render(other)
    assert busy.render(LETTER) == alone
    assert 'class="person" id="m-e' in alone  # the letter has such names


def test_a_failing_transform_keeps_the_old_output_and_leaves_no_temporary(tmp_path, capsys):
    doc = tmp_path / "space.xml"
    doc.write_text(f"<TEI {TEI_NS}><text><body><div><p>a</p><space dim=\"vertical\" "
                   'unit="newlines" quantity="three"/><p>b</p></div></body></text></TEI>',
                   encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "space.txt").write_text("before", encoding="utf-8")
    assert main(["transform", "--to", "text", "--style", "source", str(doc), "-o",
                 str(out)]) == 1
    assert '"three"' in capsys.readouterr().err
    assert [p.name for p in out.iterdir()] == ["space.txt"]
    assert (out / "space.txt").read_text(encoding="utf-8") == "before"


PERSONS_COUNT_XSLT = """<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:tei="http://www.tei-c.org/ns/1.0">
  <xsl:output method="text"/>
  <xsl:template match="/">
    <xsl:value-of select="count(//tei:text//tei:persName)"/> names</xsl:template>
</xsl:stylesheet>"""


def test_a_projects_own_stylesheet_runs_with_the_same_machinery(tmp_path, capsys):
    sheet = tmp_path / "count.xsl"
    sheet.write_text(PERSONS_COUNT_XSLT, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["transform", "--to", "text", "--xslt", str(sheet), str(LETTER),
                 "-o", str(out)]) == 0
    # the fixture's text has 16 persName elements (lines 55-69; the header's two are outside)
    assert (out / "transform-letter.txt").read_text(encoding="utf-8") == "16 names"


@pytest.mark.parametrize("many", [False, True])
def test_a_missing_or_broken_stylesheet_is_a_usage_error_not_a_traceback(tmp_path, capsys,
                                                                         many):
    folder = tmp_path / "tei"
    folder.mkdir()
    for i in range(transform.PARALLEL_FROM if many else 1):
        (folder / f"d{i:03}.xml").write_text(tiny_tei(i), encoding="utf-8")
    broken = tmp_path / "broken.xsl"
    broken.write_text("<xsl:stylesheet version='3.0' "
                      "xmlns:xsl='http://www.w3.org/1999/XSL/Transform'><xsl:template "
                      "match='/'><xsl:value-of select='1 +'/></xsl:template>"
                      "</xsl:stylesheet>", encoding="utf-8")
    for sheet, said in ((tmp_path / "absent.xsl", "no such stylesheet"), (broken, "broken.xsl")):
        assert main(["transform", "--xslt", str(sheet), str(folder), "-o",
                     str(tmp_path / "out"), "-j", "2"]) == 2
        assert said in capsys.readouterr().err
    assert not list(tmp_path.glob("out/*.html"))


def test_xslt_does_not_take_our_text_options(tmp_path, capsys):
    assert main(["transform", "--to", "text", "--style", "source", "--xslt",
                 str(tmp_path / "x.xsl"), str(LETTER)]) == 2
    assert "--style and --no-pages" in capsys.readouterr().err
