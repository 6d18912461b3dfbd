"""tests/data/README.md accounts for the committed material: origin and licence of each file."""

from __future__ import annotations

import csv
import re

from testdata import DATA, FOREIGN, GOLD, files

README = (DATA / "README.md").read_text(encoding="utf-8")


def test_each_gold_file_has_its_source_file_and_commit_in_the_readme():
    for gold in files(GOLD, "*.xml", recursive=True):
        head = gold.read_text(encoding="utf-8")[:600]
        source, commit = re.search(r"file (volumes/\S+\.xml) \(commit ([0-9a-f]{40})\)",
                                   head).groups()
        row = f"`{source}` | `{commit}`"
        assert row in README or f"`{source}`, commit `{commit}`" in README, gold.name


def test_each_foreign_file_is_in_the_manifest_and_the_readme_with_its_commit():
    with open(FOREIGN / "MANIFEST.tsv", encoding="utf-8") as handle:
        rows = {row["file"]: row for row in csv.DictReader(handle, delimiter="\t")}
    assert sorted(rows) == [p.name for p in files(FOREIGN, "*.xml")]
    for name, row in rows.items():
        assert (f"| `{name}` | {row['project/repository']} | `{row['path in repo']}` | "
                f"`{row['commit']}` | {row['licence']};") in README, name


def test_every_licence_named_is_there_and_every_licence_there_is_named():
    linked = set(re.findall(r"\(LICENSES/([^)]+)\)", README))
    tabled = set(re.findall(r"^\| `([^`]+)` \|", README.split("## `LICENSES/`")[1], re.M))
    present = {p.name for p in files(DATA / "LICENSES", "*")}
    assert linked <= present
    assert tabled == present
