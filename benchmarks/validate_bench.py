"""teipipe validate against jing and xmllint on tei_all, side by side, as ratios.

Usage: python benchmarks/validate_bench.py [--repeat N] [--skip-xmllint]

Generates its data into a temporary folder: 1,000 small FRUS-style letters and one
~50 MB document. Each tool runs as a whole process (JVM or Python start included), timed
wall-clock with peak resident memory from /usr/bin/time or, without it, getrusage.
teipipe runs with an empty cache (cold: prunes the grammar) and again (warm: cached).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEI_ALL = ROOT / "schema" / "tei_all.rng"
LETTER = ROOT / "tests" / "validation" / "valid-frus-letter.xml"


def make_data(folder: Path) -> tuple[Path, Path, Path]:
    small = folder / "small"
    small.mkdir()
    text = LETTER.read_text(encoding="utf-8")
    for i in range(1000):
        (small / f"d{i:04}.xml").write_text(text.replace("write to you", f"write {i} times"),
                                            encoding="utf-8")
    body = "".join(
        f'<div type="document" n="{i}" xml:id="d{i}"><head>{i}. Memorandum From '
        f'<persName ref="#carter-jimmy">Carter</persName><note n="1" xml:id="d{i}fn1" '
        f'type="source">Source: Carter Library, box {i}.</note></head>'
        + "".join(f'<p>Paragraph {j} of document {i}, <date when="1977-01-18">January 18'
                  f"</date>, with <hi rend=\"italic\">emphasis</hi> and a page <pb n=\"{j}\"/>"
                  f"break; the rest of the sentence runs on for a while.</p>\n"
                  for j in range(8))
        + "</div>\n"
        for i in range(22_000)
    )
    big = folder / "big.xml"
    big.write_text(re.sub(r"<body>.*</body>", lambda _: f"<body>{body}</body>", text,
                          flags=re.S), encoding="utf-8")
    return small / "d0000.xml", small, big


def measure(cmd: list[str], env: dict | None = None) -> tuple[float, int, int]:
    """(wall seconds, peak RSS in MiB, exit code) of one process."""
    timer = shutil.which("time") or ("/usr/bin/time" if Path("/usr/bin/time").exists() else None)
    start = time.perf_counter()
    if timer:
        run = subprocess.run([timer, "-f", "%M", *cmd], capture_output=True, text=True, env=env,
                             cwd=ROOT)
        wall = time.perf_counter() - start
        rss = int(run.stderr.strip().splitlines()[-1]) // 1024
    else:
        import resource

        run = subprocess.run(cmd, capture_output=True, env=env, cwd=ROOT)
        wall = time.perf_counter() - start
        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024  # max so far
    return wall, rss, run.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--skip-xmllint", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="teipipe-bench-") as tmp:
        folder = Path(tmp)
        one, many, big = make_data(folder)
        files = sorted(map(str, many.glob("*.xml")))
        cases = {"1 small file": [str(one)], "1,000 small files": files,
                 f"1 file of {big.stat().st_size / 2**20:.0f} MB": [str(big)]}
        env_cold = {**os.environ, "XDG_CACHE_HOME": str(folder / "cache")}
        tools = {
            "jing": lambda f: ["jing", str(TEI_ALL), *f],
            "teipipe (cold cache)": lambda f: [sys.executable, "-m", "pipeline", "validate", *f],
            "teipipe (warm cache)": lambda f: [sys.executable, "-m", "pipeline", "validate", *f],
        }
        if not args.skip_xmllint:
            tools["xmllint"] = lambda f: ["xmllint", "--noout", "--relaxng", str(TEI_ALL), *f]
        print(f"{'case':22} {'tool':22} {'wall s':>8} {'peak MiB':>9} {'exit':>5} {'× jing':>7}")
        for case, paths in cases.items():
            jing_wall = None
            for tool, make in tools.items():
                walls, rss, code = [], 0, 0
                for _ in range(args.repeat):
                    if tool.endswith("(cold cache)"):
                        shutil.rmtree(folder / "cache", ignore_errors=True)
                    wall, peak, code = measure(make(paths), env_cold)
                    walls.append(wall)
                    rss = max(rss, peak)
                wall = statistics.median(walls)
                jing_wall = wall if tool == "jing" else jing_wall
                ratio = f"{wall / jing_wall:.2f}" if jing_wall else "-"
                print(f"{case:22} {tool:22} {wall:8.2f} {rss:9} {code:5} {ratio:>7}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
