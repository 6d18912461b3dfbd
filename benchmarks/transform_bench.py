"""Speed and peak memory of ``teipipe transform`` next to Saxon-HE on Java, in one run.

Three workloads, generated in a temporary folder from the committed letter
(tei/frus1977-80v06-d1.xml): one letter; 1,000 letters in a folder; one 50 MB TEI file
(the letter's document repeated with fresh ids). Each is rendered to HTML by the whole
teipipe process (``python -m teipipe transform --to html … -o DIR``) and by
``java -cp /usr/share/java/Saxon-HE.jar net.sf.saxon.Transform`` with the same stylesheet
(its directory mode for the folder). Wall time and peak resident memory come from
``/usr/bin/time``; the best of ``--repeat`` runs is kept. Prints a Markdown table.

    python benchmarks/transform_bench.py [--repeat 3] [--only letter,folder,big,folder-floor]

A name ending in ``-floor`` (``folder-floor``, ``big-floor``) is a yardstick, not a
workload: teipipe runs ``benchmarks/minimal.xsl``
(every element a span, nothing looked up) while Java runs the real stylesheet, i.e. the
least any stylesheet of ours could cost against what Java needs for the real one.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LETTER = ROOT / "tei" / "frus1977-80v06-d1.xml"
STYLESHEET = ROOT / "xslt" / "tei-to-html.xsl"
SAXON_JAR = "/usr/share/java/Saxon-HE.jar"
MINIMAL = ROOT / "benchmarks" / "minimal.xsl"


def make_data(folder: Path) -> dict[str, Path]:
    """The three workloads: a letter, a folder of 1,000 letters, a 50 MB file."""
    letter = folder / "letter.xml"
    letter.write_bytes(LETTER.read_bytes())
    many = folder / "letters"
    many.mkdir()
    text = LETTER.read_text(encoding="utf-8")
    for i in range(1, 1001):
        (many / f"d{i}.xml").write_text(text.replace('xml:id="d1"', f'xml:id="d{i}"'),
                                        encoding="utf-8")
    start = text.index('<div type="document"')
    end = text.rindex("</div>") + len("</div>")
    div = text[start:end]
    copies, size, n = [], 0, 0
    while size < 50_000_000:
        n += 1
        copy = re.sub(r'xml:id="([^"]+)"', rf'xml:id="\1-{n}"', div)
        copy = re.sub(r'target="#([^"]+)"', rf'target="#\1-{n}"', copy)
        copies.append(copy)
        size += len(copy.encode("utf-8"))
    big = folder / "big.xml"
    big.write_text(text[:start] + "\n".join(copies) + text[end:], encoding="utf-8")
    return {"letter": letter, "folder": many, "big": big}


def timed(command: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one run of ``command``."""
    done = subprocess.run(["/usr/bin/time", "-f", "%e %M", *command], cwd=cwd,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    seconds, kib = done.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(kib)


def commands(source: Path, out: Path, floor: bool = False) -> dict[str, list[str]]:
    """Both tools on ``source``; with ``floor`` teipipe runs benchmarks/minimal.xsl instead."""
    java_out = out / "java"
    java_out.mkdir(parents=True, exist_ok=True)
    java_target = java_out if source.is_dir() else java_out / (source.stem + ".html")
    minimal = ["--xslt", str(MINIMAL)] if floor else []
    return {
        "teipipe": [sys.executable, "-m", "teipipe", "transform", "--to", "html", *minimal,
                    str(source), "-o", str(out / "teipipe")],
        "saxon-java": ["java", "-cp", SAXON_JAR, "net.sf.saxon.Transform", f"-s:{source}",
                       f"-xsl:{STYLESHEET}", f"-o:{java_target}"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", default="letter,folder,big")
    args = parser.parse_args(argv)
    wanted = args.only.split(",")
    print("| workload | teipipe s | Saxon-HE (Java) s | time ratio | teipipe MiB "
          "| Java MiB | memory ratio | load |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory(prefix="teipipe-bench-") as tmp:
        data = make_data(Path(tmp))
        for name in wanted:
            best: dict[str, tuple[float, int]] = {}
            load = os.getloadavg()[0]  # other people's jobs on the machine, before this row
            for _ in range(args.repeat):
                runs = commands(data[name.removesuffix("-floor")], Path(tmp) / f"out-{name}",
                                floor=name.endswith("-floor"))
                for tool, command in runs.items():
                    seconds, kib = timed(command, ROOT)
                    old = best.get(tool, (float("inf"), 0))
                    best[tool] = (min(old[0], seconds), max(old[1], kib))
            (ts, tk), (js, jk) = best["teipipe"], best["saxon-java"]
            label = {"letter": "one letter", "folder": "1,000 letters (folder)",
                     "big": f"{data['big'].stat().st_size / 1e6:.0f} MB TEI"}[
                         name.removesuffix("-floor")]
            if name.endswith("-floor"):
                label += ", teipipe running minimal.xsl"
            print(f"| {label} | {ts:.2f} | {js:.2f} | {ts / js:.2f}× | {tk / 1024:.0f} "
                  f"| {jk / 1024:.0f} | {tk / jk:.2f}× | {load:.1f} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
