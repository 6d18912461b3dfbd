"""teipipe validate against jing and xmllint on tei_all, side by side, as ratios.

Usage: python benchmarks/validate_bench.py [--repeat N] [--skip-xmllint] [--timeout S]
                                            [--case TEXT] [--divs N]

Generates its data into a temporary folder: 1,000 small FRUS-style letters and one
50 MB document (``--divs 120000``: 212 MB), valid, with one bad attribute near its end,
and not well-formed near its end. Each tool runs as a whole process (JVM or Python start
included), timed wall-clock, with peak resident memory of the process and its workers together.
teipipe runs with an empty cache (cold: prunes the grammar) and again (warm: cached).
xmllint (libxml2, the same RELAX NG engine lxml uses, on the whole of tei_all) is what a
user would otherwise reach for; a run that exceeds --timeout is shown as such.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEI_ALL = ROOT / "schema" / "tei_all.rng"
LETTER = ROOT / "tests" / "validation" / "valid-frus-letter.xml"


def make_data(folder: Path, divs: int = 30_000) -> tuple[Path, Path, Path, Path, Path]:
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
        for i in range(divs)  # 30,000: 50 MB; 120,000: 212 MB
    )
    big = folder / "big.xml"
    big.write_text(re.sub(r"<body>.*</body>", lambda _: f"<body>{body}</body>", text,
                          flags=re.S), encoding="utf-8")
    bad = folder / "big-invalid.xml"  # one attribute that <pb> may not have, near the end
    last = body.rindex('<pb n="7"/>')
    bad.write_text(re.sub(r"<body>.*</body>", lambda _: "<body>" + body[:last]
                          + '<pb n="7" colour="red"/>' + body[last + 11:] + "</body>", text,
                          flags=re.S), encoding="utf-8")
    broken = folder / "big-broken.xml"  # an unclosed <hi> near the end: not well-formed
    last = body.rindex("</hi>")
    broken.write_text(re.sub(r"<body>.*</body>", lambda _: "<body>" + body[:last]
                             + body[last + 5:] + "</body>", text, flags=re.S), encoding="utf-8")
    return small / "d0000.xml", small, big, bad, broken


def _tree_rss_kib(root: int) -> int:
    """Resident memory of a process and all its descendants, in KiB, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            status = (entry / "status").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
        rss[int(entry.name)] = next((int(line.split()[1]) for line in status.splitlines()
                                     if line.startswith("VmRSS:")), 0)
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total


def measure(cmd: list[str], env: dict | None = None,
            timeout: float | None = None) -> tuple[float, int, int]:
    """(wall seconds, peak resident MiB, exit code); exit -1 on timeout.

    Peak memory is the larger of two readings: the sum over the process and its worker
    processes, sampled from /proc every 20 ms (so workers running side by side count
    together), and the kernel's own peak for the main process from GNU time's ``%M``
    (which a sample can miss).
    """
    timer = shutil.which("time") or ("/usr/bin/time" if Path("/usr/bin/time").exists() else None)
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss_file:
        wrapped = [timer, "-f", "%M", "-o", rss_file.name, *cmd] if timer else cmd
        start = time.perf_counter()
        proc = subprocess.Popen(wrapped, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env=env, cwd=ROOT, start_new_session=True)
        peak = 0
        while proc.poll() is None:
            peak = max(peak, _tree_rss_kib(proc.pid))
            if timeout and time.perf_counter() - start > timeout:
                os.killpg(proc.pid, signal.SIGKILL)  # the tool too, not only GNU time
                proc.wait()
                return time.perf_counter() - start, peak // 1024, -1
            time.sleep(0.02)
        wall = time.perf_counter() - start
        kernel = rss_file.read().strip().splitlines()
    if kernel and kernel[-1].isdigit():
        peak = max(peak, int(kernel[-1]))
    return wall, peak // 1024, proc.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--skip-xmllint", action="store_true")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per run")
    parser.add_argument("--case", default="", help="only the cases whose name contains this")
    parser.add_argument("--divs", type=int, default=30_000,
                        help="documents in the large file (30,000: 50 MB; 120,000: 212 MB)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="teipipe-bench-") as tmp:
        folder = Path(tmp)
        one, many, big, bad, broken = make_data(folder, args.divs)
        files = sorted(map(str, many.glob("*.xml")))
        size = f"{big.stat().st_size / 2**20:.0f} MB"
        cases = {"1 small file": [str(one)], "1,000 small files": files,
                 f"1 file of {size}": [str(big)], f"1 invalid file, {size}": [str(bad)],
                 f"1 broken file, {size}": [str(broken)]}
        env_cold = {**os.environ, "XDG_CACHE_HOME": str(folder / "cache")}
        tools = {
            "jing": lambda f: ["jing", str(TEI_ALL), *f],
            "teipipe (cold cache)": lambda f: [sys.executable, "-m", "teipipe", "validate", *f],
            "teipipe (warm cache)": lambda f: [sys.executable, "-m", "teipipe", "validate", *f],
        }
        if not args.skip_xmllint:
            tools["xmllint"] = lambda f: ["xmllint", "--noout", "--relaxng", str(TEI_ALL), *f]
        print(f"{'case':24} {'tool':22} {'wall s':>8} {'peak MiB':>9} {'exit':>5} {'× jing':>7}")
        for case, paths in cases.items():
            if args.case not in case:
                continue
            jing_wall = None
            for tool, make in tools.items():
                walls, rss, code = [], 0, 0
                for _ in range(args.repeat):
                    if tool.endswith("(cold cache)"):
                        shutil.rmtree(folder / "cache", ignore_errors=True)
                    wall, peak, code = measure(make(paths), env_cold, args.timeout)
                    walls.append(wall)
                    rss = max(rss, peak)
                wall = statistics.median(walls)
                jing_wall = wall if tool == "jing" else jing_wall
                ratio = f"{wall / jing_wall:.2f}" if jing_wall else "-"
                shown = f"{wall:8.2f}" if code != -1 else f">{args.timeout:7.0f}"
                print(f"{case:24} {tool:22} {shown} {rss:9} {code:5} {ratio:>7}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
