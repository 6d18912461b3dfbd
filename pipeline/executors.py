"""Where the per-file work of a batch runs: local worker processes, or a Dask cluster.

``build``, ``encode``, ``validate`` and ``transform`` cut their files into shares and run
one importable function per share (``function(*share)`` returns that share's results).
An executor only runs those calls and gives the results back in order; what a share
does is the same everywhere, so a cluster writes the bytes a laptop writes.

- :class:`LocalExecutor` (the default): :class:`teipipe.batch.Workers`, processes that die
  with ours, forked while this process has not loaded Saxon.
- :class:`DaskExecutor` (``pip install 'teipipe[dask]'``): the same functions on a
  ``dask.distributed`` cluster named by its scheduler's address (``--executor
  dask://HOST:PORT`` or ``tcp://HOST:PORT``), as ``Client(address).map`` would run them.
  Paths are sent, not file contents: every worker must see the files at the same paths
  (a shared file system), and the teipipe version must be the same on every worker.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from teipipe.diagnostics import UsageError

if TYPE_CHECKING:
    from teipipe.diagnostics import Diagnostic
    from teipipe.transform import Options
    from teipipe.validate import FileReport
    from teipipe.xmlio import Sources


class Executor(Protocol):
    """Runs ``function(*share)`` for each share; results in the order of the shares."""

    #: how many shares are worth cutting (processes or cluster threads)
    width: int
    #: whether the calls run elsewhere (another working directory: paths go absolute)
    remote: bool

    def map(self, function: Callable, shares: list[tuple]) -> list[Any]: ...


class LocalExecutor:
    """Worker processes on this machine, one per share (see :class:`teipipe.batch.Workers`)."""

    remote = False

    def __init__(self, jobs: int | None = None):
        self.width = max(1, jobs or os.cpu_count() or 1)

    def map(self, function: Callable, shares: list[tuple]) -> list[Any]:
        if len(shares) <= 1:  # no process to start for one share
            return [function(*share) for share in shares]
        from teipipe.batch import Workers

        with Workers(len(shares)) as pool:
            return pool.map(function, shares)


class DaskExecutor:
    """Shares run as tasks on a ``dask.distributed`` cluster; a task's exception is raised
    here, as ``Client.gather`` raises it."""

    remote = True

    def __init__(self, address: str, jobs: int | None = None):
        try:
            from dask.distributed import Client
        except ImportError:
            raise UsageError("--executor dask://… needs Dask: pip install 'teipipe[dask]'"
                             ) from None
        self.address = address
        try:
            self._client = Client(address, timeout="10s", set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise UsageError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
        threads = sum(self._client.nthreads().values()) or 1
        self.width = jobs or threads

    def map(self, function: Callable, shares: list[tuple]) -> list[Any]:
        # pure=False: a share is work with effects (files written), never a cached value
        futures = [self._client.submit(function, *share, pure=False) for share in shares]
        return self._client.gather(futures)

    def close(self) -> None:
        self._client.close()


def executor_for(spec: str | None, jobs: int | None = None) -> LocalExecutor | DaskExecutor:
    """The executor an ``--executor`` value names: ``local`` (or nothing) or a Dask
    scheduler as ``dask://HOST:PORT``, ``tcp://HOST:PORT`` or ``tls://HOST:PORT``."""
    if spec is None or spec == "local":
        return LocalExecutor(jobs)
    if spec.startswith("dask://"):
        return DaskExecutor("tcp://" + spec.removeprefix("dask://"), jobs)
    if spec.startswith(("tcp://", "tls://")):
        return DaskExecutor(spec, jobs)
    raise UsageError(f"--executor {spec}: say local, or dask://HOST:PORT for a Dask scheduler")


def close(executor: object) -> None:
    """Let go of an executor's connection (a Dask client); nothing for local workers."""
    closing = getattr(executor, "close", None)
    if closing is not None:
        closing()


def located(executor: Executor, path: Path) -> Path:
    """``path`` as the executor's workers must be given it: absolute when they run in
    another working directory (a cluster), else as the user wrote it (for messages)."""
    return Path(path).absolute() if executor.remote else Path(path)


def shares(items: list, width: int, least: int = 1) -> list[list]:
    """``items`` cut into at most ``width`` runs of consecutive items, each of at least
    ``least`` (consecutive: a worker's files sit together, results come back in order)."""
    count = max(1, min(width, len(items) // max(1, least)))
    step = -(-len(items) // count) if items else 1
    return [items[i:i + step] for i in range(0, len(items), step)]


def validate_files(executor: Executor, paths: list[Path],
                   schema: str | list[str] | None = "tei_all", *,
                   catalogs: list[Path] | tuple[Path, ...] = (), allow_network: bool = False,
                   phase: str | None = None, least: int = 32) -> list[FileReport]:
    """``validate_paths`` with the files shared out to ``executor``: the same selection of
    schemas (named ones, files, URLs, or None for what each document declares)."""
    from teipipe.validate import NAMED, schema_files

    names = [schema] if isinstance(schema, str) else schema
    if names is not None:
        for name in names:  # a missing schema is said once, here, not by every worker
            schema_files(name, allow_network=allow_network)
        names = [name if name in NAMED or not Path(name).exists()
                 else str(located(executor, Path(name))) for name in names]
    where = tuple(located(executor, Path(c)) for c in catalogs)
    parts = shares([located(executor, p) for p in paths], executor.width, least)
    reports = [report for done in executor.map(
                   validate_selection, [(part, names, where, allow_network, phase)
                                        for part in parts])
               for report in done]
    for report, path in zip(reports, paths, strict=True):
        report.path = path  # as the user named it
    return reports


def validate_selection(paths: list[Path], schema: list[str] | None,
                       catalogs: tuple[Path, ...], allow_network: bool,
                       phase: str | None) -> list[FileReport]:
    """A worker's share of ``teipipe validate``: its files, the command's schema selection."""
    from teipipe.validate import validate_paths

    return validate_paths(paths, schema, catalogs=catalogs, allow_network=allow_network,
                          phase=phase)


def render_files(executor: Executor, paths: list[Path], out_dir: Path, options: Options,
                 least: int = 32) -> tuple[list[Path], list[Diagnostic]]:
    """``transform_paths(paths, out_dir, options)`` with the files shared out to
    ``executor``; pages are checked (none replaces an input) before any is rendered."""
    from teipipe.transform import check_outputs
    from teipipe.xmlio import Sources

    sources = Sources(paths)
    if options.xslt is not None:
        sources.add([options.xslt])
    real_dir = check_outputs(paths, out_dir, options, sources)
    parts = shares([located(executor, p) for p in paths], executor.width, least)
    done = executor.map(render_share, [(part, real_dir, options, sources) for part in parts])
    written = [Path(out_dir) / page.name for pages, _ in done for page in pages]
    return written, [problem for _, problems in done for problem in problems]


def render_share(paths: list[Path], out_dir: Path, options: Options, sources: Sources
                 ) -> tuple[list[Path], list[Diagnostic]]:
    """A worker's part of :func:`render_files`, on disk when it returns."""
    from teipipe.transform import _render_all
    from teipipe.xmlio import flush_to_disk

    done = _render_all(paths, out_dir, options, None, sources)
    flush_to_disk()
    return done
