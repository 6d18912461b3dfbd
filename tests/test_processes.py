"""Killing teipipe leaves nothing behind: no worker process, no temporary file (issue #10).

A run of ``teipipe transform`` over 300 small files (forked workers) is killed while it
writes pages; within a few seconds no process of its group, nor any carrying its marker
in the environment, may remain, and after the next run no ``.tmp`` file may remain either.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from teipipe.batch import Workers

LETTER = Path(__file__).parent / "fixtures" / "transform-letter.xml"
FILES = 300


@pytest.fixture(scope="module")
def letters(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("letters")
    for i in range(FILES):
        shutil.copy(LETTER, folder / f"letter-{i:03}.xml")
    return folder


def start(args: list[str], marker: str) -> subprocess.Popen:
    """teipipe in a group of its own, with a marker its workers inherit."""
    env = {**os.environ, "TEIPIPE_TEST_MARKER": marker}
    return subprocess.Popen([sys.executable, "-m", "teipipe", *args], env=env,
                            start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)


def survivors(group: int, marker: str, zombies: bool = False) -> list[str]:
    """Processes in the group or with the marker in their environment; dead ones waiting
    to be reaped (zombies: killed workers, whose reaper is init) only with ``zombies``."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue  # gone meanwhile
        try:
            environ = Path(f"/proc/{entry}/environ").read_bytes()
        except OSError:
            environ = b""  # a zombie's, or not ours to read
        state, _, pgid = stat.rsplit(")", 1)[1].split()[:3]
        if (zombies or state != "Z") and (int(pgid) == group
                             or f"TEIPIPE_TEST_MARKER={marker}".encode() in environ):
            found.append(f"{entry} {state} {stat.split()[1]}")
    return found


def wait_for_pages(out: Path, count: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and process.poll() is None:
        if out.is_dir() and sum(1 for _ in out.glob("*.html")) >= count:
            return
        time.sleep(0.02)
    raise AssertionError(f"no {count} pages before the run ended: {process.poll()}")


def none_left(group: int, marker: str, within: float = 5.0) -> list[str]:
    deadline = time.monotonic() + within
    while (left := survivors(group, marker)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGKILL, signal.SIGTERM])
def test_a_killed_transform_leaves_no_process_and_no_temporary_file(letters, tmp_path,
                                                                     signum):
    if not Path("/proc/self/environ").exists():
        pytest.fail("this test reads /proc (Linux)")
    out, marker = tmp_path / "out", uuid.uuid4().hex
    run = start(["transform", str(letters), "-o", str(out), "-j", "2"], marker)
    wait_for_pages(out, 40, run)
    os.kill(run.pid, signum)
    run.wait(10)
    # a worker has half the pages still to write: it must not go on with them
    assert none_left(run.pid, marker, within=1.5) == []
    if signum == signal.SIGTERM:  # unwound: its own temporary files are gone already
        err = run.stderr.read().decode()
        assert run.returncode == 143 and "teipipe: terminated" in err, (run.returncode, err)
        assert temporaries(out) == [], err
    pages = sum(1 for _ in out.glob("*.html"))
    assert 0 < pages < FILES, pages  # killed mid-run
    # the next run into the folder removes what the dead one left, then writes its page
    again = start(["transform", str(LETTER), "-o", str(out)], marker + "-again")
    assert again.wait(60) == 0, again.stderr.read()
    assert temporaries(out) == []


def test_stale_temporary_files_of_dead_runs_are_swept_and_live_ones_kept(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".page.html.teipipe-{dead.pid}-abc123.tmp"
    stale.write_text("half a page")
    stale_dir = tmp_path / f".teipipe-{dead.pid}-xyz_9.tmp"
    stale_dir.mkdir()
    (stale_dir / "head.html").write_text("half")
    live = tmp_path / f".page.html.teipipe-{os.getpid()}-abc123.tmp"
    live.write_text("being written")
    other = tmp_path / ".notes.tmp"  # not ours: never removed
    other.write_text("x")
    from teipipe.cli import main

    assert main(["transform", str(LETTER), "-o", str(tmp_path)]) == 0
    assert temporaries(tmp_path) == sorted([live.name, other.name])


def _sleep_then(seconds: float, value: int) -> int:
    time.sleep(seconds)
    return value


def _fail() -> None:
    raise ValueError("in the worker")


def test_workers_return_results_and_errors_in_order():
    with Workers(2) as pool:
        assert pool.map(_sleep_then, [(0.1, 1), (0, 2)]) == [1, 2]
        pool.submit(0, _fail)
        with pytest.raises(ValueError, match="in the worker"):
            pool.result(0)
        pool.submit(0, _sleep_then, 0, 3)  # the worker goes on after an error
        assert pool.result(0) == 3


def test_workers_are_terminated_when_the_block_fails():
    with pytest.raises(KeyboardInterrupt), Workers(2) as pool:
        pool.submit(0, _sleep_then, 60, 0)
        processes = list(pool._processes)
        raise KeyboardInterrupt
    assert all(p.exitcode is not None for p in processes)


def test_a_worker_dies_with_its_parent(tmp_path):
    """A parent killed by SIGKILL while its worker sleeps: the worker goes too."""
    marker = uuid.uuid4().hex
    script = ("import time\nfrom teipipe.batch import Workers\nfrom tests_helper import nap\n"
              "with Workers(1) as pool:\n    pool.submit(0, nap)\n    time.sleep(60)\n")
    (tmp_path / "tests_helper.py").write_text("import time\n\ndef nap():\n"
                                              "    time.sleep(60)\n")
    env = {**os.environ, "TEIPIPE_TEST_MARKER": marker, "PYTHONPATH": str(tmp_path)}
    parent = subprocess.Popen([sys.executable, "-c", script], env=env, cwd=tmp_path,
                              start_new_session=True)
    deadline = time.monotonic() + 20
    while len(survivors(parent.pid, marker)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(survivors(parent.pid, marker)) == 2
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait(10)
    assert none_left(parent.pid, marker) == []


def test_build_leaves_no_process_behind(tmp_path):
    """Enough sources for workers; spawned ones (Saxon loaded) start multiprocessing's
    resource tracker, which must be gone when build returns."""
    root = Path(__file__).resolve().parents[1]
    (tmp_path / "sources").mkdir()
    text = (root / "sources" / "frus1977-80v06-d1.txt").read_text(encoding="utf-8")
    for i in range(1, 71):
        (tmp_path / "sources" / f"frus1977-80v06-d{i}.txt").write_text(
            text.replace("1. Letter", f"{i}. Letter", 1), encoding="utf-8")
    marker = uuid.uuid4().hex
    env = {**os.environ, "TEIPIPE_TEST_MARKER": marker}
    run = subprocess.Popen([sys.executable, "-m", "teipipe", "build", "-q", "--schema",
                            "tei_all"], env=env, cwd=tmp_path, start_new_session=True,
                           stderr=subprocess.PIPE)
    _, err = run.communicate(timeout=300)
    assert run.returncode == 0, err
    assert survivors(run.pid, marker, zombies=True) == []  # not even one exiting now


def test_a_zombie_run_counts_as_gone_for_its_temporary_files(tmp_path):
    """A process that has ended but was never reaped (a zombie: what a killed worker stays
    where no init reaps orphans) will never remove its files: the next run does."""
    zombie = subprocess.Popen([sys.executable, "-c", "pass"])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # ended, not waited for: a zombie
        if Path(f"/proc/{zombie.pid}/stat").read_bytes().rsplit(b")", 1)[1].split()[0] == b"Z":
            break
        time.sleep(0.02)
    stale = tmp_path / f".page.html.teipipe-{zombie.pid}-abc123.tmp"
    stale.write_text("half a page")
    from teipipe.xmlio import sweep_stale

    assert sweep_stale(tmp_path) == 1 and not stale.exists()
    zombie.wait()
