"""Same input, same bytes, wherever teipipe is installed.

The wheel is built once and installed into two new venvs in different folders; each encodes
the letter (and renders it) into its own output folder, run from its own working folder. The
files must be byte for byte the same, and the same as this checkout's: nothing in them may
depend on where teipipe or its output lives (the xml-model hrefs name the edition's layout,
``../schema/``, and tei_all by its address at the TEI).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from testdata import LETTER_TXT, ROOT

pytestmark = pytest.mark.slow

LEFTOVERS = shutil.ignore_patterns(".git", ".venv", "build", "dist", "out", "*.egg-info",
                                   "__pycache__", ".pytest_cache", ".hypothesis", ".ruff_cache",
                                   "tests")
MODELS = ["https://www.tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng",
          "../schema/teipipe.rng", "../schema/teipipe.sch"]


def run(args: list, cwd: Path) -> str:
    done = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, f"{args}: exit {done.returncode}\n{done.stdout}{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built from a copy of the checkout (a stale build/ cannot leak into it)."""
    work = tmp_path_factory.mktemp("wheel")
    shutil.copytree(ROOT, work / "src", ignore=LEFTOVERS)
    run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", work / "dist",
         work / "src"], work)
    (built,) = (work / "dist").glob("teipipe-*.whl")
    return built


def install(wheel: Path, folder: Path) -> Path:
    """A new venv in ``folder`` with the wheel installed; its teipipe command."""
    venv.create(folder, with_pip=True)
    python = folder / "bin" / "python"
    run([python, "-m", "pip", "install", "-q", wheel], folder.parent)
    where = run([python, "-c", "import teipipe; print(teipipe.__file__)"], folder.parent)
    assert Path(where.strip()).is_relative_to(folder)  # the wheel's copy, not this checkout
    return folder / "bin" / "teipipe"


def encode_and_render(teipipe: list, cwd: Path, out: Path) -> dict[str, bytes]:
    """The letter encoded, then rendered as HTML and text, all under ``out``."""
    cwd.mkdir(parents=True, exist_ok=True)
    tei = out / "tei" / "frus1977-80v06-d1.xml"
    run([*teipipe, "encode", LETTER_TXT, "-o", tei, "-q"], cwd)
    run([*teipipe, "transform", tei, "-o", out / "html"], cwd)
    run([*teipipe, "transform", "--to", "text", tei, "-o", out / "text"], cwd)
    return {path.relative_to(out).as_posix(): path.read_bytes()
            for path in sorted(out.rglob("*")) if path.is_file()}


def test_two_installs_in_different_folders_write_the_same_bytes(wheel, tmp_path):
    first = install(wheel, tmp_path / "one" / "venv")
    second = install(wheel, tmp_path / "two" / "deeper" / "folder" / "venv")
    ours = encode_and_render([first], tmp_path / "cwd-one", tmp_path / "out-one")
    theirs = encode_and_render([second], tmp_path / "elsewhere" / "cwd", tmp_path / "o2")
    here = encode_and_render([sys.executable, "-m", "teipipe"], tmp_path / "cwd-here",
                             tmp_path / "out-here")
    assert sorted(ours) == ["html/frus1977-80v06-d1.html", "tei/frus1977-80v06-d1.xml",
                            "text/frus1977-80v06-d1.txt"]
    assert ours == theirs  # two installs, two output folders, two working folders
    assert ours == here  # and this checkout, installed for development
    tei = ours["tei/frus1977-80v06-d1.xml"].decode("utf-8")
    hrefs = [line.split('href="')[1].split('"')[0] for line in tei.splitlines()
             if line.startswith("<?xml-model")]
    assert hrefs == MODELS
