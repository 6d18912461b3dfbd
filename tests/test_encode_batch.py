"""Many files in one ``teipipe encode``, and the build's encoding shared out to workers:
the bytes are those of one file encoded at a time."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from teipipe.cli import main
from teipipe.encode import encode_batch, encode_file, merge_added
from teipipe.executors import LocalExecutor
from teipipe.model import Entity
from teipipe.personography import Personography

ROOT = Path(__file__).resolve().parents[1]
LETTER = ROOT / "sources" / "frus1977-80v06-d1.txt"
PERSONS = ROOT / "tei" / "persons.xml"


def _sources(folder: Path, count: int) -> list[Path]:
    """``count`` copies of the development letter, as documents 1, 2, … of its volume."""
    folder.mkdir()
    paths = [folder / f"frus1977-80v06-d{n}.txt" for n in range(1, count + 1)]
    for path in paths:
        shutil.copy(LETTER, path)
    return paths


def test_a_batch_writes_the_bytes_of_one_file_at_a_time(tmp_path):
    sources = _sources(tmp_path / "sources", 20)
    pairs = [(s, tmp_path / "batch" / f"{s.stem}.xml") for s in sources]
    (tmp_path / "batch").mkdir()
    outcomes = encode_batch(pairs, PERSONS, executor=LocalExecutor(2))  # two forked workers
    assert [written for written, _ in outcomes] == [True] * 20
    (tmp_path / "one").mkdir()
    for source, target in pairs:
        encode_file(source, tmp_path / "one" / target.name, PERSONS)
        assert target.read_bytes() == (tmp_path / "one" / target.name).read_bytes()


def test_a_build_s_encoding_in_shares_is_each_file_against_the_final_personography(tmp_path):
    """From an empty personography: names found in the first share are merged, the other
    shares encoded again; the result is what tests/test_edition.py asks of the edition."""
    sources = _sources(tmp_path / "sources", 20)
    results = {}
    for jobs in (1, 2):
        tei = tmp_path / f"tei{jobs}"
        tei.mkdir()
        pairs = [(s, tei / f"{s.stem}.xml") for s in sources]
        encode_batch(pairs, tei / "persons.xml", update_persons=True,
                     executor=LocalExecutor(jobs))
        results[jobs] = {p.name: p.read_bytes() for p in sorted(tei.iterdir())}
    assert results[1] == results[2]  # one process (the old build) or two: the same bytes
    from teipipe.encode import encode_text
    from teipipe.tei import serialize

    final = tmp_path / "tei2" / "persons.xml"
    for source in sources:
        tree, _ = encode_text(source.read_text(encoding="utf-8"), str(source),
                              Personography.load(final))
        assert serialize(tree) == results[2][f"{source.stem}.xml"]


def test_merging_a_worker_s_names_keeps_ids_apart():
    people = Personography()
    people.add(Entity(id="smith-john", kind="person", name="John Smith", forms=["Smith"]))
    merge_added(people, [
        Entity(id="smith-john", kind="person", name="John Smith", forms=["J. Smith"]),
        Entity(id="smith-john", kind="person", name="John Q. Smith", forms=["John Q. Smith"]),
    ])
    assert people.get("smith-john").forms == ["Smith", "J. Smith"]
    other = [e for e in people.entities("person") if e.name == "John Q. Smith"]
    assert len(other) == 1 and other[0].id != "smith-john"


def test_encode_takes_many_sources_into_a_folder(tmp_path, monkeypatch, capsys):
    sources = _sources(tmp_path / "sources", 3)
    monkeypatch.chdir(tmp_path)
    assert main(["encode", *map(str, sources), "-o", "out"]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        f"{s.stem}.xml" for s in sources]
    assert "3 of 3 files encoded into out" in capsys.readouterr().err


def test_one_bad_source_among_many_is_reported_and_the_others_written(tmp_path, capsys):
    sources = _sources(tmp_path / "sources", 2)
    bad = tmp_path / "sources" / "frus1977-80v06-d9.txt"
    bad.write_bytes(b"\xff\xfe\x00bad")
    assert main(["encode", *map(str, [*sources, bad]), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "2 of 3 files encoded" in err and "1 failed" in err
    assert (tmp_path / "out" / f"{sources[1].stem}.xml").is_file()


@pytest.mark.parametrize("extra", [["--document", "3"], ["--executor", "ftp://x"]])
def test_usage_mistakes_with_many_sources_exit_2(tmp_path, capsys, extra):
    sources = _sources(tmp_path / "sources", 2)
    assert main(["encode", *map(str, sources), "-o", str(tmp_path / "out"), *extra]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_two_sources_with_one_name_are_refused_before_anything_is_written(tmp_path, capsys):
    a = _sources(tmp_path / "a", 1)[0]
    b = _sources(tmp_path / "b", 1)[0]
    assert main(["encode", str(a), str(b), "-o", str(tmp_path / "out")]) == 2
    assert "would be encoded here" in capsys.readouterr().err
    assert not list((tmp_path / "out").glob("*.xml")) if (tmp_path / "out").exists() else True


def test_a_document_is_encoded_again_when_the_merged_personography_answers_otherwise():
    from teipipe.encode import Answers

    people = Personography()
    smith = Entity(id="smith-john", kind="person", name="John Smith", forms=["Smith"])
    people.add(smith)
    assert Answers(lookups=[("person", "Smith", ("smith-john",))]).same_in(people)
    assert not Answers(lookups=[("person", "Smith", ())]).same_in(people)  # added since
    assert not Answers(lookups=[("person", "Jones", ())], made=True).same_in(people)
    seen = Entity(id="smith-john", kind="person", name="John Smith", forms=[])
    assert not Answers(touched={"smith-john": seen}).same_in(people)  # a form added since
    assert Answers(touched={"smith-john": smith}).same_in(people)
