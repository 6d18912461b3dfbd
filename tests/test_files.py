"""Sources are sacred, outputs are checked (issue #10): every writer refuses, in one line and
before writing anything, an output that is one of its inputs, a device, a folder where a file
is wanted or the reverse; the folder rule for inputs is one (issue #11); the personography is
updated under a lock, so that two runs at once lose none of each other's entries.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from teipipe.batch import expand
from teipipe.cli import main
from teipipe.personography import Personography
from teipipe.xmlio import OutputError, Sources, atomic_write, output_target

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "sources" / "frus1977-80v06-d1.txt"
LETTER = ROOT / "tests" / "fixtures" / "transform-letter.xml"
TEI = "http://www.tei-c.org/ns/1.0"


def one_output_error(err: str, path: str) -> None:
    """One line per refused output, in the common form, and no traceback."""
    lines = [line for line in err.splitlines() if "[output]" in line]
    assert lines and all(line.startswith(f"{path}: error [output]: ") for line in lines), err
    assert "Traceback" not in err


@pytest.fixture()
def here(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


# -- a source is never overwritten ---------------------------------------------------------

def test_encode_into_a_missing_folder_and_back_is_the_source(here, capsys):
    shutil.copy(SOURCE, here / "doc.txt")
    before = (here / "doc.txt").read_bytes()
    assert main(["encode", "doc.txt", "-o", "nosuchdir/../doc.txt"]) == 1
    one_output_error(capsys.readouterr().err, "nosuchdir/../doc.txt")
    assert (here / "doc.txt").read_bytes() == before
    assert sorted(p.name for p in here.iterdir()) == ["doc.txt"]  # not even the folder


@pytest.mark.parametrize(("to", "name"), [("text", "letter.txt"), ("html", "letter.html")])
def test_transform_into_the_inputs_own_folder_keeps_it(here, capsys, to, name):
    shutil.copy(LETTER, here / name)  # a TEI file that happens to end in .txt or .html
    before = (here / name).read_bytes()
    assert main(["transform", "--to", to, name, "-o", "."]) == 1
    one_output_error(capsys.readouterr().err, name)
    assert (here / name).read_bytes() == before


def test_a_symlink_or_hard_link_to_the_source_is_refused(here, capsys):
    shutil.copy(LETTER, here / "letter.xml")
    (here / "out").mkdir()
    (here / "out" / "letter.txt").symlink_to(here / "letter.xml")
    assert main(["transform", "--to", "text", "letter.xml", "-o", "out"]) == 1
    os.unlink(here / "out" / "letter.txt")
    os.link(here / "letter.xml", here / "out" / "letter.txt")
    assert main(["transform", "--to", "text", "letter.xml", "-o", "out"]) == 1
    one_output_error(capsys.readouterr().err, "out/letter.txt")
    assert (here / "letter.xml").read_bytes() == LETTER.read_bytes()


VOLUME = (f'<TEI xmlns="{TEI}" xml:id="vol1"><teiHeader><fileDesc><titleStmt><title>V</title>'
          '</titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc>'
          '</fileDesc></teiHeader><text><body><div type="document" xml:id="d1" n="1">'
          '<head>1. A letter</head><p>Text.</p></div></body></text></TEI>')


def test_split_does_not_replace_a_volume_named_like_its_document(here, capsys):
    volume = here / "vol1-d1.xml"
    volume.write_text(VOLUME, encoding="utf-8")
    before = volume.read_bytes()
    assert main(["split", "vol1-d1.xml", "-o", "."]) == 1
    one_output_error(capsys.readouterr().err, "vol1-d1.xml")
    assert volume.read_bytes() == before
    assert main(["split", "vol1-d1.xml", "-o", "docs"]) == 0  # elsewhere: fine
    assert (here / "docs" / "vol1-d1.xml").is_file()


def test_build_does_not_render_text_over_its_sources(here, capsys):
    (here / "text").mkdir()
    shutil.copy(SOURCE, here / "text")
    before = (here / "text" / SOURCE.name).read_bytes()
    assert main(["build", "--sources", "text", "--out", ".", "--schema", "tei_all"]) == 1
    err = capsys.readouterr().err
    one_output_error(err, f"text/{SOURCE.name}")
    assert (here / "text" / SOURCE.name).read_bytes() == before


# -- devices, folders and files where the other is wanted ------------------------------------

def test_a_device_is_never_replaced(here, capsys):
    """As root, renaming over /dev/null or /dev/full replaced the device with a file."""
    shutil.copy(SOURCE, here / "doc.txt")
    shutil.copy(LETTER, here / "letter.xml")
    assert main(["encode", "doc.txt", "-o", "/dev/null"]) == 1
    one_output_error(capsys.readouterr().err, "/dev/null")
    assert main(["transform", "letter.xml", "-o", "/dev/full"]) == 2  # -o is a folder
    one_output_error(capsys.readouterr().err, "/dev/full")
    assert main(["export", "--cmif", "letter.xml", "-o", "/dev/null", "--url",
                 "https://example.org/cmif.xml", "--editor", "e"]) == 1
    one_output_error(capsys.readouterr().err, "/dev/null")
    for device in ("/dev/null", "/dev/full"):
        assert stat.S_ISCHR(os.stat(device).st_mode)


def test_a_fifo_is_never_written(here):
    os.mkfifo(here / "pipe.xml")
    with pytest.raises(OutputError, match="is a FIFO, not a regular file"):
        atomic_write(here / "pipe.xml", "x")
    assert stat.S_ISFIFO(os.stat(here / "pipe.xml").st_mode)


def test_a_file_where_a_folder_is_wanted(here, capsys):
    shutil.copy(LETTER, here / "letter.xml")
    (here / "taken").write_text("a file")
    assert main(["transform", "letter.xml", "-o", "taken"]) == 2
    one_output_error(capsys.readouterr().err, "taken")
    assert main(["transform", "letter.xml", "-o", "taken/sub"]) == 2  # a parent is a file
    one_output_error(capsys.readouterr().err, "taken/sub")
    assert main(["export", "--standoff", "letter.xml", "-o", "taken"]) == 2
    one_output_error(capsys.readouterr().err, "taken")
    volume = here / "vol1.xml"
    volume.write_text(VOLUME, encoding="utf-8")
    assert main(["split", "vol1.xml", "-o", "taken"]) == 2
    one_output_error(capsys.readouterr().err, "taken")
    (here / "sources").mkdir()
    shutil.copy(SOURCE, here / "sources")
    assert main(["build", "--out", "taken", "--schema", "tei_all"]) == 2
    one_output_error(capsys.readouterr().err, "taken")
    assert (here / "taken").read_text() == "a file"


def test_a_folder_where_a_file_is_wanted(here, capsys):
    shutil.copy(SOURCE, here / "doc.txt")
    shutil.copy(LETTER, here / "letter.xml")
    (here / "folder").mkdir()
    assert main(["encode", "doc.txt", "-o", "folder"]) == 2
    one_output_error(capsys.readouterr().err, "folder")
    assert main(["encode", "doc.txt", "-o", "doc.txt/x.xml"]) == 2  # a parent is a file
    one_output_error(capsys.readouterr().err, "doc.txt/x.xml")
    assert main(["export", "--cmif", "letter.xml", "-o", "folder", "--url",
                 "https://example.org/cmif.xml", "--editor", "e"]) == 2
    one_output_error(capsys.readouterr().err, "folder")


def test_a_folder_that_cannot_be_written(here, capsys, monkeypatch):
    """A read-only folder (as root, only a read-only file system refuses: simulated)."""
    shutil.copy(LETTER, here / "letter.xml")
    shutil.copy(SOURCE, here / "doc.txt")
    (here / "ro").mkdir()
    (here / "ro").chmod(0o555)
    real_mkstemp = __import__("tempfile").mkstemp

    def refuse(*args, dir=None, **kwargs):  # noqa: A002 - mkstemp's own name
        if Path(dir).name == "ro":
            raise PermissionError(13, "Permission denied")
        return real_mkstemp(*args, dir=dir, **kwargs)

    monkeypatch.setattr("tempfile.mkstemp", refuse)
    assert main(["encode", "doc.txt", "-o", "ro/doc.xml"]) == 1
    one_output_error(capsys.readouterr().err, "ro/doc.xml")
    monkeypatch.setattr(os, "access", lambda path, mode: Path(path).name != "ro")
    assert main(["transform", "letter.xml", "-o", "ro"]) == 1
    one_output_error(capsys.readouterr().err, "ro")
    assert main(["export", "--standoff", "letter.xml", "-o", "ro"]) == 1
    one_output_error(capsys.readouterr().err, "ro")
    assert list((here / "ro").iterdir()) == []


# -- symlinks: followed to a regular file, never to nothing ----------------------------------

def test_writing_through_a_symlink_replaces_the_file_it_points_to(tmp_path):
    (tmp_path / "real.html").write_text("old")
    (tmp_path / "link.html").symlink_to("real.html")
    atomic_write(tmp_path / "link.html", "new", durable=False)
    assert (tmp_path / "link.html").is_symlink()
    assert (tmp_path / "real.html").read_text() == "new"


def test_a_dangling_symlink_is_refused(tmp_path):
    (tmp_path / "link.html").symlink_to("nowhere/else.html")
    with pytest.raises(OutputError, match="symlink to nothing"):
        atomic_write(tmp_path / "link.html", "x")
    assert not (tmp_path / "nowhere").exists()


def test_output_target_knows_sources_by_identity(tmp_path):
    source = tmp_path / "a.xml"
    source.write_text("x")
    sources = Sources([source])
    for name in ("a.xml", "sub/../a.xml", "./a.xml"):
        with pytest.raises(OutputError, match="input of this run"):
            output_target(tmp_path / name, sources)
    assert output_target(tmp_path / "b.xml", sources) == Path(os.path.realpath(tmp_path)) / "b.xml"


# -- one folder rule ---------------------------------------------------------------------------

def test_folders_expand_recursively_without_hidden_files_each_file_once(tmp_path):
    for name in ("b.xml", "a.xml", "sub/c.xml", "sub/deeper/d.xml", ".hidden.xml",
                 ".git/e.xml", "notes.txt", f".a.xml.teipipe-{os.getpid()}-x1.tmp"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("<x/>")
    (tmp_path / "link.xml").symlink_to("a.xml")
    got = expand([tmp_path / "b.xml", tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in got] == [
        "b.xml", "a.xml", "sub/c.xml", "sub/deeper/d.xml"]  # link.xml is a.xml again
    assert expand([tmp_path / ".hidden.xml"]) == [tmp_path / ".hidden.xml"]  # named: taken


def test_validate_takes_a_file_named_twice_once(tmp_path, capsys):
    shutil.copy(LETTER, tmp_path / "letter.xml")
    main(["validate", str(tmp_path / "letter.xml"), str(tmp_path)])
    assert capsys.readouterr().out.splitlines()[-1].startswith("1 file: ")


def test_transform_and_validate_take_a_folder_alike(tmp_path):
    from teipipe.transform import expand as transform_expand
    from teipipe.validate import expand as validate_expand

    (tmp_path / "sub").mkdir()
    shutil.copy(LETTER, tmp_path / "sub" / "letter.xml")
    assert transform_expand([tmp_path]) == validate_expand([tmp_path]) == [
        tmp_path / "sub" / "letter.xml"]


def test_two_inputs_with_one_output_name_are_refused(here, capsys):
    (here / "a").mkdir()
    (here / "b").mkdir()
    shutil.copy(LETTER, here / "a" / "letter.xml")
    shutil.copy(LETTER, here / "b" / "letter.xml")
    assert main(["transform", "a/letter.xml", "b/letter.xml", "-o", "out"]) == 1
    err = capsys.readouterr().err
    one_output_error(err, "out/letter.html")
    assert "a/letter.xml and b/letter.xml" in err
    assert not (here / "out" / "letter.html").exists()


# -- the personography under concurrency --------------------------------------------------------

WRITER = textwrap.dedent('''
    import sys
    from pathlib import Path
    from teipipe.encode import encode_file

    who, rounds = sys.argv[1], int(sys.argv[2])
    letters = "abcdefghijklmnopqrstuvwxyz"
    for n in range(rounds):
        tag = who + letters[n // 26] + letters[n % 26]
        text = (f"{n + 1}. Memorandum From Secretary Aldo X{tag}os to President Berto Q{tag}ley"
                f"\\n\\nWashington, January 3, 1977\\n\\nSecretary X{tag}os met President "
                f"Q{tag}ley.\\n")
        source = Path(f"src-{tag}.txt")
        source.write_text(text, encoding="utf-8")
        encode_file(source, Path(f"tei/{tag}.xml"), Path("tei/persons.xml"),
                    update_persons=True)
''')


def test_two_runs_updating_the_personography_lose_no_entry(here):
    """Two processes each add two new persons per document, 30 documents each, at once."""
    (here / "writer.py").write_text(WRITER, encoding="utf-8")
    rounds = 30
    runs = [subprocess.Popen([sys.executable, "writer.py", who, str(rounds)], cwd=here,
                             stderr=subprocess.PIPE) for who in ("m", "n")]
    for run in runs:
        _, err = run.communicate(timeout=120)
        assert run.returncode == 0, err.decode()
    people = Personography.load(here / "tei" / "persons.xml")
    persons = {e.name for e in people.entities("person")}
    assert len(persons) == 2 * 2 * rounds, len(persons)
    assert not [p for p in (here / "tei").iterdir() if p.name.endswith(".tmp")]
