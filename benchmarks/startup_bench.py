"""Start-up of the command line: ``teipipe --help`` and one ``teipipe encode``.

Runs each command N times in a fresh interpreter and prints the median wall time and the
median CPU time (user + system, from the children's rusage), the figure that matters on a
shared machine. Reads only sources/ of this repository.

The bytecode cache is warm, as after ``pip install`` (which compiles every module): the
runs use a cache folder of their own (``PYTHONPYCACHEPREFIX``), filled by a first run,
because an environment with ``PYTHONDONTWRITEBYTECODE=1`` and a checkout never written
to would compile every module at every start (about 0.2 s for an encode).

    python benchmarks/startup_bench.py [-n 20]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LETTER = ROOT / "sources" / "frus1977-80v06-d1.txt"


def measure(command: list[str], runs: int, env: dict[str, str]) -> tuple[float, float]:
    """Median wall and median CPU seconds of ``command`` (after one run to warm up)."""
    walls, cpus = [], []
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env,
                   stderr=subprocess.DEVNULL)
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env,
                       stderr=subprocess.DEVNULL)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20, help="runs of each (default 20)")
    args = parser.parse_args()
    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = os.path.join(tmp, "pycache")
        cases = {
            "python -c pass": [python, "-c", "pass"],
            "teipipe --help": [python, "-m", "teipipe", "--help"],
            "teipipe encode (one letter)": [python, "-m", "teipipe", "encode", str(LETTER),
                                            "-o", os.path.join(tmp, "d1.xml"), "-q"],
        }
        print(f"load before: {Path('/proc/loadavg').read_text().strip()}")
        for name, command in cases.items():
            wall, cpu = measure(command, args.n, env)
            print(f"{name:30} median wall {wall * 1000:6.0f} ms, median CPU {cpu * 1000:6.0f} ms")
        print(f"load after: {Path('/proc/loadavg').read_text().strip()}")


if __name__ == "__main__":
    main()
