"""``teipipe build`` on N copies of the development letter, stage by stage.

Makes a temporary project with N copies of sources/frus1977-80v06-d1.txt under different
names, builds it twice (a first build from an empty tei/, then a rebuild with the
personography the first wrote), and prints for each stage (encode, validate, render and
index) the wall time and the CPU time of this process and its workers. The machine may
be shared: CPU time is the figure to compare, wall time depends on the load (printed).
Afterwards it checks that no process of the build is left (a process-group check).

    python benchmarks/build_bench.py [-n 1000] [--executor local|dask://HOST:PORT] [-j N]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

import teipipe.build as build_module

ROOT = Path(__file__).resolve().parents[1]
LETTER = ROOT / "sources" / "frus1977-80v06-d1.txt"


def _cpu() -> float:
    me, children = (resource.getrusage(resource.RUSAGE_SELF),
                    resource.getrusage(resource.RUSAGE_CHILDREN))
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def _timed(name: str, function, times: dict):
    def run(*args, **kwargs):
        wall, cpu = time.perf_counter(), _cpu()
        try:
            return function(*args, **kwargs)
        finally:
            times[name] = (time.perf_counter() - wall, _cpu() - cpu)
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="letters (default 1000)")
    parser.add_argument("--executor", default="local")
    parser.add_argument("-j", "--jobs", type=int)
    args = parser.parse_args()
    times: dict[str, tuple[float, float]] = {}
    for stage in ("_encode", "_validate", "_render"):
        setattr(build_module, stage, _timed(stage[1:], getattr(build_module, stage), times))
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        (project / "sources").mkdir()
        for n in range(1, args.n + 1):
            shutil.copy(LETTER, project / "sources" / f"frus1977-80v06-d{n}.txt")
        executor = _executor(args.executor, args.jobs)
        kwargs = {} if executor is None else {"executor": executor}
        try:
            for run in ("first build", "rebuild"):
                print(f"{run}, {args.n} letters; load {Path('/proc/loadavg').read_text().strip()}")
                wall, cpu = time.perf_counter(), _cpu()
                result = build_module.build(project / "sources", project / "tei", project / "out",
                                            **kwargs)
                wall, cpu = time.perf_counter() - wall, _cpu() - cpu
                for stage, (w, c) in times.items():
                    print(f"  {stage:8} {w:6.1f} s wall {c:6.1f} s CPU")
                print(f"  total    {wall:6.1f} s wall {cpu:6.1f} s CPU "
                      f"({cpu / args.n * 1000:.0f} ms CPU a letter); {result.summary()}")
        finally:
            getattr(executor, "close", lambda: None)()  # a Dask client
    ours, pid = set(), os.getpid()  # this process and those that started it (timeout...)
    while pid:
        ours.add(pid)
        pid = _stat(pid, 0) or 0
    left = [pid for pid in map(int, filter(str.isdigit, os.listdir("/proc")))
            if pid not in ours and _stat(pid, 2) == os.getpgrp()]
    print(f"processes left in this process group: {len(left)}")


def _executor(spec: str, jobs: int | None):
    """The executor named, or None for a teipipe older than executors (to compare with:
    it builds as it did)."""
    import inspect

    if "executor" not in inspect.signature(build_module.build).parameters:
        return None
    from teipipe.executors import executor_for

    return executor_for(spec, jobs)


def _stat(pid: int, field: int) -> int | None:
    """A number of /proc/PID/stat after the name: 0 the parent, 2 the process group."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[field + 1])


if __name__ == "__main__":
    main()
