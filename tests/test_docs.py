"""The docs cannot drift: every ``console`` example in README.md and docs/*.md is run.

Convention (written out in CONTRIBUTING.md): a fenced block opened with ```` ```console ````
holds commands after ``$ `` (a line ending in `` \\`` continues on the next) and, below each,
the output it prints, stdout and stderr together as a terminal shows them. In the output, a
line that is only ``...`` stands for any number of lines and ``...`` inside a line for any
text. Each block runs in a fresh folder holding copies of the clone's ``sources/``, ``tei/``,
``schema/``, ``docs/examples/`` and ``tests/data/projects/``, so an example reads exactly as
it runs from the root of a clone and never changes the clone. Examples that need other tools
or are illustrative go in ```` ```sh ```` blocks, which are not run; ```` ```pycon ````
blocks (``>>> `` sessions) run as doctests from the same kind of folder. The README's length
and every relative link are checked too.
"""

from __future__ import annotations

import doctest
import io
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", ROOT / "CHANGELOG.md",
         ROOT / "benchmarks" / "README.md", ROOT / "schema" / "README.md",
         *sorted((ROOT / "docs").glob("*.md"))]
# what an example may read, as in a clone (schema/ beside tei/: the edition's xml-model hrefs)
COPIED = ("sources", "tei", "docs/examples", "schema", "tests/data/projects")
README_MAX_LINES = 150
FENCE = re.compile(r"^```(\w*)\s*$")
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


@dataclass
class Example:
    """One ``$ command`` of a console block and the output the page says it prints."""

    page: Path
    line: int
    command: str
    expected: list[str]


def fenced(page: Path, language: str) -> list[tuple[int, list[str]]]:
    """The fenced blocks of a page in one language: (line before the body, body lines)."""
    blocks = []
    lines = page.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        fence = FENCE.match(lines[i])
        i += 1
        if not fence:
            continue
        body_start = i
        while i < len(lines) and not lines[i].startswith("```"):
            i += 1
        if fence.group(1) == language:
            blocks.append((body_start, lines[body_start:i]))
        i += 1  # the closing fence
    return blocks


def console_blocks(page: Path) -> list[list[Example]]:
    """The console blocks of a page, each a list of examples in page order."""
    return [parse_block(page, first, body) for first, body in fenced(page, "console")]


def parse_block(page: Path, first: int, lines: list[str]) -> list[Example]:
    """Split a console block into commands (``$ ``, ``\\`` continuations) and their output."""
    examples: list[Example] = []
    j = 0
    while j < len(lines):
        start, command = j, ""  # output with no command above it: reported by the test
        if lines[j].startswith("$ "):
            command = lines[j][2:]
            while command.endswith("\\") and j + 1 < len(lines):
                j += 1
                command = command[:-1] + " " + lines[j].strip()
            j += 1
        expected = []
        while j < len(lines) and not lines[j].startswith("$ "):
            expected.append(lines[j])
            j += 1
        examples.append(Example(page, first + start + 1, command, expected))
    return examples


def output_pattern(expected: list[str]) -> re.Pattern[str]:
    """``...`` alone on a line: any lines; ``...`` inside a line: any text."""
    parts = []
    for line in expected:
        if line.strip() == "...":
            parts.append(r"(?:[^\n]*\n)*?")
        else:
            parts.append(".*".join(map(re.escape, line.rstrip().split("..."))) + r"\n")
    return re.compile("".join(parts))


def matches(expected: list[str], actual: str) -> bool:
    """Whether the printed output is what the page shows (trailing spaces and blank lines
    at the end aside)."""
    lines = [line.rstrip() for line in actual.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    while expected and not expected[-1].strip():
        expected = expected[:-1]
    text = "".join(line + "\n" for line in lines)
    return output_pattern(expected).fullmatch(text) is not None


ALL_BLOCKS = [block for page in PAGES if page.exists() for block in console_blocks(page)]
PYCON_BLOCKS = [(page, first, body) for page in PAGES if page.exists()
                for first, body in fenced(page, "pycon")]


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    """One cache for the module (pruned grammars), never the user's."""
    return tmp_path_factory.mktemp("cache")


def run_shell(command: str, cwd: Path, cache: Path) -> str:
    """Run a command as a reader would in a clone with teipipe installed: the venv's bin
    first on PATH, output unbuffered so stdout and stderr interleave as on a terminal."""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "PYTHONUNBUFFERED": "1", "XDG_CACHE_HOME": str(cache), "COLUMNS": "80",
           "LC_ALL": "C.UTF-8"}
    done = subprocess.run(["bash", "-c", command], cwd=cwd, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=120)
    return done.stdout


def test_there_are_console_examples() -> None:
    """The examples below are run at all (a renamed fence would silently stop that)."""
    pages = {block[0].page.name for block in ALL_BLOCKS if block}
    assert {"README.md", "encoding.md", "validation.md", "rendering.md",
            "exchange.md", "schemas.md"} <= pages
    assert "validation.md" in {page.name for page, _, _ in PYCON_BLOCKS}


@pytest.mark.parametrize(
    "block", ALL_BLOCKS,
    ids=[f"{b[0].page.relative_to(ROOT)}:{b[0].line}" if b else "empty" for b in ALL_BLOCKS])
def test_console_example(block: list[Example], tmp_path: Path, cache: Path) -> None:
    for folder in COPIED:
        shutil.copytree(ROOT / folder, tmp_path / folder)
    for example in block:
        assert example.command, (f"{example.page.relative_to(ROOT)}:{example.line}: console "
                                 "output with no `$ ` command above it")
        actual = run_shell(example.command, tmp_path, cache)
        assert matches(example.expected, actual), (
            f"{example.page.relative_to(ROOT)}:{example.line}: $ {example.command}\n"
            f"--- the page shows:\n" + "\n".join(example.expected) +
            f"\n--- it printed:\n{actual}")


@pytest.mark.parametrize(
    ("page", "first", "body"), PYCON_BLOCKS,
    ids=[f"{page.relative_to(ROOT)}:{first}" for page, first, _ in PYCON_BLOCKS])
def test_python_example(page: Path, first: int, body: list[str], tmp_path: Path,
                        monkeypatch: pytest.MonkeyPatch) -> None:
    """```` ```pycon ```` blocks (``>>> `` sessions) run as doctests, from the same copy of
    the clone as the console examples; ``...`` in the output stands for any text."""
    for folder in COPIED:
        shutil.copytree(ROOT / folder, tmp_path / folder)
    monkeypatch.chdir(tmp_path)
    name = f"{page.relative_to(ROOT)}:{first}"
    test = doctest.DocTestParser().get_doctest("\n".join(body) + "\n", {}, name, str(page),
                                               first)
    report = io.StringIO()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test, out=report.write)
    assert runner.failures == 0, report.getvalue()


def test_the_matcher_can_fail() -> None:
    assert matches(["a", "...", "d ... f"], "a\nb\nc\nd e f\n")
    assert matches(["a", "...", "b"], "a\nb\n")
    assert not matches(["a", "b"], "a\nc\n")
    assert not matches(["a"], "a\nmore\n")
    assert not matches(["x ... y"], "x y z\n")


def test_anchors_are_githubs() -> None:
    assert {"the-frus-profile---profile-frus", "xml-model-which-schemas-an-editor-checks"} <= \
        anchors(ROOT / "docs" / "encoding.md")


def test_parse_block_joins_continuations() -> None:
    (example,) = parse_block(Path("p.md"), 1, ["$ echo a \\", "    b", "a b"])
    assert example.command == "echo a  b" and example.expected == ["a b"]
    (orphan,) = parse_block(Path("p.md"), 1, ["output first"])
    assert orphan.command == "" and orphan.expected == ["output first"]


def test_readme_is_short() -> None:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, f"README.md has {len(lines)} lines"


def prose(page: Path) -> list[str]:
    """The lines of a page outside fenced code blocks (code is not links)."""
    lines, inside = [], False
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            inside = not inside
        elif not inside:
            lines.append(line)
    return lines


def anchors(page: Path) -> set[str]:
    """The heading anchors GitHub makes for a page: lower case, punctuation dropped,
    spaces as hyphens."""
    found = set()
    for line in prose(page):
        if line.startswith("#"):
            title = line.lstrip("#").strip().lower()
            found.add(re.sub(r"[^\w\- ]", "", title).replace(" ", "-"))
    return found


@pytest.mark.parametrize("page", [p for p in PAGES if p.exists()],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve(page: Path) -> None:
    broken = []
    for target in LINK.findall("\n".join(prose(page))):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):
            continue  # an address
        path, _, fragment = target.partition("#")
        linked = (page.parent / path) if path else page
        heading_missing = (linked.exists() and bool(fragment) and linked.suffix == ".md"
                           and fragment not in anchors(linked))
        if not linked.exists() or heading_missing:
            broken.append(target)
    assert not broken, f"{page.relative_to(ROOT)}: links to missing files or headings: {broken}"


def test_docs_index_and_readme_link_every_page() -> None:
    index = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for page in (ROOT / "docs").glob("*.md"):
        assert f"](docs/{page.name})" in readme, f"README.md does not link docs/{page.name}"
        if page.name != "index.md":
            assert f"]({page.name})" in index, f"docs/index.md does not link {page.name}"
