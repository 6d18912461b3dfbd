"""Many files at once: which files a command line names, and worker processes to share them.

One rule for every command that takes folders (validate, transform, build): a folder
stands for the ``*.xml`` files under it, at any depth, in name order, leaving out hidden
files and folders (``.git``, our own temporary files); a file named on the command line
is taken as it is; a file reached twice (two arguments, a symlink) is taken once.

Work is shared out to :class:`Workers`, processes that die with the one that started
them: each asks the kernel for SIGTERM when its parent dies (Linux) and also stops when
the pipe to its parent closes, so killing ``teipipe`` (SIGKILL too) leaves no process
writing pages behind it. SIGTERM and SIGINT become exceptions (:class:`Terminated`,
KeyboardInterrupt), so that ``finally`` blocks run and temporary files are removed.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any


def expand(paths: Iterable[str | Path], pattern: str = ".xml") -> list[Path]:
    """Files as given; folders as the files ending in ``pattern`` under them (recursively,
    hidden names skipped, sorted); each real file once, at its first place."""
    out: list[Path] = []
    seen: set[str] = set()
    for given in paths:
        given = Path(given)
        found = _under(given, pattern) if given.is_dir() else [given]
        for path in found:
            real = os.path.realpath(path)
            if real not in seen:
                seen.add(real)
                out.append(path)
    return out


def _under(folder: Path, pattern: str) -> list[Path]:
    from teipipe.xmlio import is_temporary  # not at start-up: the command line imports us

    found: list[Path] = []
    # symbolic links inside a folder are not followed, to folders or to files: they may
    # lead to a file the user did not name (an uploaded folder linking to /etc/…)
    for top, folders, files in os.walk(folder):
        folders[:] = [f for f in folders if not f.startswith(".")]
        found += [Path(top, f) for f in files
                  if f.endswith(pattern) and not f.startswith(".") and not is_temporary(f)
                  and os.path.isfile(os.path.join(top, f))
                  and not os.path.islink(os.path.join(top, f))]
    return sorted(found)


class Terminated(BaseException):
    """SIGTERM arrived: unwind (``finally`` blocks remove temporary files), then exit."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated(signum)


def catch_termination():
    """Turn SIGTERM into :class:`Terminated` in this process (the command line, a worker);
    the handler it replaces."""
    return signal.signal(signal.SIGTERM, _terminate)


def worker_context():
    """Fork a worker when we can: cheapest (no new interpreter, no imports), but only safe
    before this process has started Saxon (a GraalVM isolate does not survive a fork)."""
    from multiprocessing import get_context

    return get_context("spawn" if "saxonche" in sys.modules else "fork")


class Workers:
    """``count`` worker processes, each running the calls sent to it in order.

    Use as a context manager: leaving the block normally lets the workers finish and
    exit; leaving it by an exception (a bad file is not one: calls return their findings)
    terminates them at once. A worker's exception is raised again by :meth:`result`.
    """

    def __init__(self, count: int):
        self._context = worker_context()
        self._pipes: list[Any] = []
        self._processes: list[Any] = []
        try:
            for _ in range(count):
                ours, theirs = self._context.Pipe()
                process = self._context.Process(target=_serve, args=(theirs, os.getpid()),
                                                daemon=True)
                process.start()
                theirs.close()
                self._pipes.append(ours)
                self._processes.append(process)
        except BaseException:
            self._stop(normally=False)
            raise

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind, value, traceback) -> None:
        self._stop(normally=kind is None)

    def __len__(self) -> int:
        return len(self._processes)

    def submit(self, worker: int, function: Callable, *args: Any) -> None:
        """Queue ``function(*args)`` on one worker (``function`` must be importable)."""
        self._pipes[worker].send((function, args))

    def result(self, worker: int) -> Any:
        """What the oldest call queued on ``worker`` returned (or its exception)."""
        try:
            ok, value = self._pipes[worker].recv()
        except EOFError:
            code = self._processes[worker].exitcode
            raise RuntimeError(f"a worker process stopped (exit code {code})") from None
        if not ok:
            raise value
        return value

    def map(self, function: Callable, shares: list[tuple]) -> list[Any]:
        """``function(*share)`` for each share, one per worker, results in order."""
        for i, share in enumerate(shares):
            self.submit(i, function, *share)
        return [self.result(i) for i in range(len(shares))]

    def _stop(self, normally: bool) -> None:
        for pipe in self._pipes:
            try:
                if normally:
                    pipe.send(None)
                pipe.close()
            except OSError:
                pass
        for process in self._processes:
            if not normally:
                process.terminate()
        for process in self._processes:
            process.join(5 if normally else 2)
            if process.exitcode is None:
                process.kill()
                process.join()
        if self._context.get_start_method() != "fork":
            _stop_resource_tracker()


def _stop_resource_tracker() -> None:
    """Spawning starts multiprocessing's resource tracker, a process that would outlive
    ours by a moment (build left it behind); stop it now (CPython's own, guarded)."""
    from multiprocessing import resource_tracker

    stop = getattr(getattr(resource_tracker, "_resource_tracker", None), "_stop", None)
    if stop is not None:
        with contextlib.suppress(OSError):
            stop()


def _serve(pipe, parent: int) -> None:
    """A worker's life: die with the parent; run each call sent; stop at None or EOF."""
    _die_with(parent)
    catch_termination()
    try:
        while True:
            try:
                call = pipe.recv()
            except EOFError:
                return
            if call is None:
                return
            function, args = call
            try:
                reply = (True, function(*args))
            except Exception as exc:  # noqa: BLE001 - handed to the parent, which raises it
                reply = (False, exc)
            try:
                pipe.send(reply)
            except Exception:  # noqa: BLE001 - an exception that does not pickle
                pipe.send((False, RuntimeError(repr(reply[1]))))
    except (Terminated, KeyboardInterrupt, BrokenPipeError):
        pass  # ``finally`` blocks have run: temporary files are gone
    finally:
        pipe.close()
    os._exit(0)


def _die_with(parent: int) -> None:
    """Ask the kernel to send SIGTERM when the parent dies (Linux); if it already has, go."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass  # the closed pipe still stops the worker between calls
    if os.getppid() != parent:
        os._exit(0)
