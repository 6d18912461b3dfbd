"""Peak memory and time of ``teipipe split`` on a synthetic FRUS volume (default ~100 MB).

The volume repeats the five gold documents of frus1955-57v24 under new ids, with that
volume's real persons list, until it reaches the size asked for. Each measurement runs in its
own process and reports that process's peak RSS (``ru_maxrss``). For scale it also measures
loading the whole volume as one tree, which is what split avoids.

    python benchmarks/split_bench.py [--mb 100] [--keep DIR]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "frus-dev" / "gold"
TEI_NS = "http://www.tei-c.org/ns/1.0"
FRUS_NS = "http://history.state.gov/frus/ns/1.0"

MEASURE = """
import resource, sys, time
start = time.perf_counter()
{code}
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def inner(path: Path, xpath: str) -> str:
    """The element at ``xpath`` as text, without namespace declarations (the volume has them)."""
    from lxml import etree

    (el,) = etree.parse(str(path)).xpath(xpath, namespaces={"t": TEI_NS})
    el.tail = None
    text = etree.tostring(el, encoding="unicode")
    return re.sub(r' xmlns(:\w+)?="[^"]+"', "", text, count=2)


def build(path: Path, megabytes: float) -> int:
    """Write the synthetic volume; return how many documents it holds."""
    header = inner(ROOT / "tests" / "fixtures" / "exchange-volume-header.xml", "/t:teiHeader")
    persons = inner(GOLD / "persons" / "frus1955-57v24.xml", "//t:div[@xml:id='persons']")
    terms = inner(ROOT / "tests" / "fixtures" / "exchange-volume-terms.xml", "/t:div")
    docs = [(d, inner(GOLD / f"frus1955-57v24_{d}.xml", "//t:div"))
            for d in ("d118", "d132", "d139", "d140", "d195")]
    target, count = megabytes * 1_000_000, 0
    with path.open("w", encoding="utf-8") as out:
        out.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="{TEI_NS}" '
                  f'xmlns:frus="{FRUS_NS}" xml:id="frus1955-57v24" xml:lang="en">\n{header}\n'
                  f"<text><front>\n{persons}\n{terms}\n</front><body>\n")
        while out.tell() < target:
            out.write(f'<div type="chapter" xml:id="ch{count}"><head>Chapter</head>\n')
            for old, text in docs:
                count += 1
                page = f"pg_{count}_"
                out.write(text.replace(f'"{old}', f'"d{count}').replace('"pg_', f'"{page}')
                          .replace(f'n="{old[1:]}"', f'n="{count}"') + "\n")
            out.write("</div>\n")
        out.write("</body></text></TEI>\n")
    return count


def measure(code: str) -> tuple[float, float]:
    """(seconds, peak RSS in MiB) of ``code`` run in a fresh interpreter."""
    run = subprocess.run([sys.executable, "-c", MEASURE.format(code=code)], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    seconds, kib = run.stdout.split()[-2:]
    return float(seconds), int(kib) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=100.0, help="volume size in MB")
    parser.add_argument("--keep", help="build the volume and outputs in DIR and keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.keep or tmp)
        work.mkdir(parents=True, exist_ok=True)
        volume, out = work / "frus1955-57v24.xml", work / "out"
        started = time.perf_counter()
        documents = build(volume, args.mb)
        size = volume.stat().st_size / 1_000_000
        print(f"volume: {size:.1f} MB, {documents} documents "
              f"(built in {time.perf_counter() - started:.1f} s)")
        seconds, rss = measure(
            "from teipipe.exchange.split import split\n"
            f"result = split({str(volume)!r}, {str(out)!r})\n"
            "assert len(result.written) == " + str(documents))
        print(f"teipipe split:        {seconds:6.1f} s   peak RSS {rss:7.1f} MiB   "
              f"({documents / seconds:.0f} documents/s)")
        seconds, rss = measure(
            "from lxml import etree\n"
            f"tree = etree.parse({str(volume)!r})")
        print(f"whole tree (lxml):    {seconds:6.1f} s   peak RSS {rss:7.1f} MiB   (for scale)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
