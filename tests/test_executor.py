"""Executors: where a batch's per-file work runs. The local one is every command's default
(covered wherever many files are encoded, validated or rendered); here, choosing one,
and the whole build on a ``dask.distributed`` cluster of two worker processes on loopback,
which must write the bytes a local build writes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from teipipe.build import build
from teipipe.cli import main
from teipipe.diagnostics import UsageError
from teipipe.executors import LocalExecutor, executor_for, shares

ROOT = Path(__file__).resolve().parents[1]
LETTER = ROOT / "sources" / "frus1977-80v06-d1.txt"


def test_local_is_the_default_and_other_names_are_usage_errors():
    assert isinstance(executor_for(None), LocalExecutor)
    assert executor_for("local", 3).width == 3
    with pytest.raises(UsageError, match="dask://HOST:PORT"):
        executor_for("spark://x:1")


def test_shares_are_consecutive_runs_of_at_least_the_least():
    assert shares(list(range(10)), 4, least=3) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert shares(list(range(10)), 4, least=8) == [list(range(10))]
    assert shares([], 2) == []


@pytest.mark.dask
def test_an_unreachable_scheduler_is_a_usage_error_not_a_hang(capsys):
    assert main(["validate", "--executor", "tcp://127.0.0.1:9", str(ROOT / "tei")]) == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in capsys.readouterr().err


def _project(folder: Path, count: int) -> Path:
    (folder / "sources").mkdir(parents=True)
    for n in range(1, count + 1):
        shutil.copy(LETTER, folder / "sources" / f"frus1977-80v06-d{n}.txt")
    return folder


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.startswith(".")}


@pytest.mark.dask
def test_a_build_on_a_dask_cluster_writes_what_a_local_build_writes(tmp_path, capsys):
    """And validate and transform there: the same reports and pages."""
    from dask.distributed import LocalCluster

    from teipipe.executors import DaskExecutor

    local = _project(tmp_path / "local", 3)
    remote = _project(tmp_path / "remote", 3)
    result = build(local / "sources", local / "tei", local / "out")
    assert not result.failed, result.findings
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        executor = DaskExecutor(cluster.scheduler_address)
        try:
            assert executor.width == 2
            with pytest.MonkeyPatch.context() as patch:  # the workers' folder is not ours:
                patch.chdir(remote)  # relative paths are sent absolute
                result = build(Path("sources"), Path("tei"), Path("out"), executor=executor)
        finally:
            executor.close()
        address = "dask://" + cluster.scheduler_address.removeprefix("tcp://")
        with pytest.MonkeyPatch.context() as patch:
            patch.chdir(remote)
            assert main(["validate", "--executor", address, "--format", "json", "tei"]) == 0
            report = capsys.readouterr().out
            assert main(["transform", "--executor", address, "tei", "-o", "again"]) == 0
    assert '"path": "tei/frus1977-80v06-d2.xml"' in report  # as named, though sent absolute
    again = _files(remote / "again")
    assert again.pop("persons.html").startswith(b"<!DOCTYPE HTML>")  # tei/ holds it too
    assert again == _files(remote / "out" / "html")
    shutil.rmtree(remote / "again")
    assert not result.failed, result.findings
    assert len(result.rendered) == 6 and result.index is not None
    local_files, remote_files = _files(local), _files(remote)
    index = "out/index.html"  # names its folder's files by absolute URI
    assert local_files.pop(index).replace(str(local).encode(), b"") == remote_files.pop(
        index).replace(str(remote).encode(), b"")
    assert local_files == remote_files
