"""Options shared by the commands that run many files: ``-j`` and ``--executor``."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from teipipe.executors import Executor


def positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return int(text)


def add_executor_arguments(parser: argparse.ArgumentParser, jobs: bool = True) -> None:
    if jobs:
        parser.add_argument("-j", "--jobs", type=positive, metavar="N",
                            help="worker processes, or shares for --executor dask "
                            "(default: one per CPU, or per thread of the cluster)")
    parser.add_argument("--executor", default="local", metavar="WHERE",
                        help="where the per-file work runs: local (default: worker processes "
                        "here) or dask://HOST:PORT, a dask.distributed scheduler "
                        "(pip install 'teipipe[dask]'; files at the same paths on every "
                        "worker)")


@contextmanager
def executor_from(args: argparse.Namespace, jobs: bool = True) -> Iterator[Executor]:
    """The executor ``--executor`` (and ``-j``, unless it means local processes only)
    names, let go of when the command ends."""
    from teipipe.executors import close, executor_for

    executor = executor_for(args.executor, args.jobs if jobs else None)
    try:
        yield executor
    finally:
        close(executor)
