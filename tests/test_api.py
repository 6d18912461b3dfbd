"""The public API: every name in ``teipipe.__all__`` resolves, and importing teipipe stays
light (no lxml, no saxonche) so that ``teipipe --help`` is fast."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import teipipe


def test_every_public_name_resolves() -> None:
    for name in teipipe.__all__:
        assert getattr(teipipe, name) is not None, name
    from teipipe.encode import encode_file
    from teipipe.validate import FileReport

    assert teipipe.encode_file is encode_file and teipipe.FileReport is FileReport
    assert set(teipipe.__all__) <= set(dir(teipipe))


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        teipipe.no_such_name  # noqa: B018
    except AttributeError as error:
        assert "no_such_name" in str(error)
    else:
        raise AssertionError("teipipe.no_such_name resolved")


def test_importing_teipipe_and_building_the_cli_loads_no_xml_engine() -> None:
    code = ("import sys, teipipe, teipipe.cli; teipipe.cli.make_parser(); "
            "print(sorted(m for m in ('lxml', 'saxonche', 'xmlschema') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out == "[]\n"
    code = "import sys, teipipe; teipipe.Diagnostic; print('lxml' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout == "False\n"


def test_every_lazy_name_is_public() -> None:
    assert set(teipipe._PUBLIC) <= set(teipipe.__all__)


def test_the_example_in_docs_api_md_runs_and_prints_what_it_says(tmp_path) -> None:
    root = Path(__file__).resolve().parents[1]
    text = (root / "docs" / "api.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(.*?)```", text, re.S)[1]
    printed = re.search(r"It prints:\n\n```text\n(.*?)```", text, re.S)[1]
    result = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True,
                            text=True, timeout=300, env={**os.environ, "TMPDIR": str(tmp_path)})
    assert list(tmp_path.iterdir())  # its output went here
    assert result.returncode == 0, result.stderr
    assert result.stdout == printed


def test_the_version_is_the_one_in_citation_cff() -> None:
    root = Path(__file__).resolve().parents[1]
    cff = (root / "CITATION.cff").read_text(encoding="utf-8")
    assert re.search(r"^version: (\S+)$", cff, re.M)[1] == teipipe.__version__
    assert re.search(r"^date-released: (\S+)$", cff, re.M)[1] == teipipe.RELEASE_DATE
