"""Reading and writing XML files safely: one hardened parser, atomic writes.

Untrusted XML never loads a DTD, expands an entity, or touches the network; output
files are written to a temporary file beside the target and renamed into place, so a
crash never leaves a half-written file and never truncates what was there.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from teipipe.diagnostics import Diagnostic, InputError
from teipipe.namespaces import TEI_NS, XML_NS

if TYPE_CHECKING:
    from lxml import etree

XML_ID = f"{{{XML_NS}}}id"
NSMAP = {"tei": TEI_NS}


# The one configuration for input we did not write: no DTD, no entities, no network.
# Also for ``etree.iterparse``, which takes these options rather than a parser.
SAFE_OPTIONS: dict[str, bool] = {
    "resolve_entities": False,
    "load_dtd": False,
    "no_network": True,
    "dtd_validation": False,
    "huge_tree": False,
    "remove_blank_text": False,
}


def safe_parser(**overrides: object) -> etree.XMLParser:
    """A parser with ``SAFE_OPTIONS`` (and any overrides the caller states)."""
    from lxml import etree  # here, so that commands that never parse XML start light

    return etree.XMLParser(**{**SAFE_OPTIONS, **overrides})


class OutputError(InputError, OSError):
    """An output that cannot or must not be written; nothing was written for it.

    ``exit_code`` is 2 when the path names the wrong kind of thing (a file where a folder
    is wanted, a parent that is a file: a usage mistake), else 1. It is an
    OSError too, so that writers of optional files (caches) that skip a failed write by
    catching OSError still do.
    """

    def __init__(self, path: str | Path, message: str, status: int = 1):
        InputError.__init__(self, [Diagnostic(str(path), 0, 0, "error", message, "output")])
        self.exit_code = status

    def __reduce__(self):  # whole, when it comes back from a worker process
        return (OutputError.of, (self.diagnostics, self.exit_code))

    @staticmethod
    def of(diagnostics: list[Diagnostic], status: int = 1) -> OutputError:
        """One error for several outputs (a batch checked before it starts)."""
        error = OutputError(diagnostics[0].path, diagnostics[0].message, status)
        error.diagnostics = list(diagnostics)
        error.args = ("\n".join(str(d) for d in diagnostics),)
        return error


class Sources:
    """The files a run reads, known by identity (device and inode), so that no output
    replaces one of them whatever path names it: ``..``, a symlink or a hard link.

    Sources are sacred: every writer checks its outputs against the run's ``Sources``
    before writing (see :func:`output_target`).
    """

    def __init__(self, paths: Iterable[str | Path] = ()):
        self._ids: set[tuple[int, int]] = set()
        self.add(paths)

    def add(self, paths: Iterable[str | Path]) -> None:
        for path in paths:
            try:
                info = os.stat(path)
            except (OSError, ValueError):
                continue  # a missing input is reported by whoever reads it
            self._ids.add((info.st_dev, info.st_ino))

    def __contains__(self, info: os.stat_result) -> bool:
        return (info.st_dev, info.st_ino) in self._ids


def output_target(path: str | Path, sources: Sources | None = None,
                  real_parent: Path | None = None) -> Path:
    """The real path to write ``path`` to, or OutputError before anything is written.

    The parent is resolved as the kernel would once its folders exist (``new/../x`` is
    ``x``). Policy: a new name, or an existing regular file, is written; a symlink to a
    regular file is followed (the file it points to is replaced, the link stays, as with a
    shell's ``>``); a device, FIFO, socket, folder, dangling symlink, or any of the run's
    ``sources`` is refused. ``real_parent`` spares a batch resolving its folder per file.
    """
    path = Path(path)
    if not path.name or path.name in (".", ".."):
        raise OutputError(path, "names a folder, not a file", 2)
    parent = real_parent or Path(os.path.realpath(path.parent))
    target = parent / path.name
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise OutputError(path, f"cannot write: {exc.strerror}", _status(exc)) from exc
    if stat.S_ISLNK(info.st_mode):
        target = Path(os.path.realpath(target))
        try:
            info = os.stat(target)
        except FileNotFoundError:
            raise OutputError(path, "is a symlink to nothing; remove it or name another "
                              "output") from None
        except OSError as exc:
            raise OutputError(path, f"cannot write: {exc.strerror}", _status(exc)) from exc
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(path, "is a folder, not a file", 2)
    if not stat.S_ISREG(info.st_mode):
        raise OutputError(path, f"is {_kind(info.st_mode)}, not a regular file; "
                          "teipipe never replaces one")
    if sources is not None and info in sources:
        raise OutputError(path, "is an input of this run; teipipe never writes over its "
                          "sources (choose another output)")
    return target


def _mode(path: Path) -> int:
    try:
        return os.stat(path).st_mode
    except OSError:
        return 0


def _kind(mode: int) -> str:
    if stat.S_ISREG(mode):
        return "a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "something else"


def _status(exc: OSError) -> int:
    """2 when a path names the wrong kind of thing (a usage mistake), else 1."""
    return 2 if isinstance(exc, (NotADirectoryError, FileExistsError, IsADirectoryError)) else 1


def prepare_folder(folder: str | Path) -> Path:
    """Make the output folder ``folder`` (and its parents), check it can be written, and
    remove the temporary files that dead teipipe runs left in it; its real path.

    Raises OutputError: a file where the folder should be (exit 2), no permission, a
    read-only file system (exit 1).
    """
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:  # mkdir's exist_ok only forgives a folder
        raise OutputError(folder, f"is {_kind(_mode(folder))}, not a folder", 2) from exc
    except OSError as exc:
        where = exc.filename or folder
        raise OutputError(where, f"cannot make the folder: {exc.strerror}",
                          _status(exc)) from exc
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(folder, "cannot write in this folder: "
                          + (os.strerror(errno.EROFS) if _read_only(folder)
                             else "Permission denied"))
    sweep_stale(folder)
    return Path(os.path.realpath(folder))


def _read_only(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


# Our temporary files: .NAME.teipipe-PID-RANDOM.tmp (folders: .teipipe-PID-RANDOM.tmp).
TEMPORARY = re.compile(r"^\.(?:.+\.)?teipipe-(\d+)-[a-z0-9_]+\.tmp$")


def is_temporary(name: str) -> bool:
    """Is ``name`` one of teipipe's temporary files or folders?"""
    return TEMPORARY.match(name) is not None


def sweep_stale(folder: str | Path) -> int:
    """Remove the temporary files and folders in ``folder`` whose teipipe process is gone
    (killed with SIGKILL, or the machine stopped); those of live runs stay. How many."""
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        found = TEMPORARY.match(entry.name)
        if found is None or _alive(int(found[1])):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
            removed += 1
        except OSError:
            pass  # another run swept it first, or it is not ours to remove
    return removed


def _alive(pid: int) -> bool:
    """Is process ``pid`` still running? A zombie is not: it has ended and will never
    remove its files (where no init reaps orphans, a killed worker stays one for good)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: alive
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat_file:
            state = stat_file.read().rsplit(b")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True  # no /proc (not Linux): kill() said it exists
    return state != b"Z"


def _temporary_prefix(name: str) -> str:
    return f".{name}.teipipe-{os.getpid()}-"


@contextmanager
def atomic_target(path: str | Path, *, durable: bool = True, sources: Sources | None = None,
                  real_parent: Path | None = None) -> Iterator[Path]:
    """A temporary file beside ``path`` that replaces it only when the block succeeds.

    For writers that want a file name rather than the data (Saxon serialising a page):
    readers see the old file or the new, never half of one; on an error (a signal too:
    see :mod:`teipipe.batch`) the old file stays and the temporary one is removed, and one
    left by a killed run is removed by the next (:func:`sweep_stale`). ``durable=False``
    skips the ``fsync`` (the rename still makes the switch atomic); a caller writing many
    files then calls ``flush_to_disk`` once at the end. The target is checked first by
    :func:`output_target` (never a device, a folder, or one of ``sources``); any failure
    is an OutputError naming the file.
    """
    target = output_target(path, sources, real_parent)
    if real_parent is None:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except FileExistsError as exc:
            raise OutputError(target.parent, "is a file, not a folder", 2) from exc
        except OSError as exc:
            raise OutputError(exc.filename or path, f"cannot make the folder: {exc.strerror}",
                              _status(exc)) from exc
    mask = _hold_signals()  # SIGTERM, Ctrl-C: not before ``partial`` is in our hands
    try:
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=_temporary_prefix(target.name),
                                    suffix=".tmp")
    except OSError as exc:
        _release_signals(mask)
        raise OutputError(path, f"cannot write: {exc.strerror}", _status(exc)) from exc
    partial = Path(name)
    try:
        _release_signals(mask)  # one that came meanwhile is raised here: the file goes
        try:  # mkstemp makes the file private (0600); give it the permissions the file
            # it replaces has, or those a plain open() would (0666 less the umask), so
            # pages and schemas stay readable by a web server or a colleague
            os.fchmod(fd, _mode_for(target))
        finally:
            os.close(fd)
        yield partial
        try:
            if durable:
                with partial.open("rb") as handle:
                    os.fsync(handle.fileno())
            os.replace(partial, target)
        except OSError as exc:
            raise OutputError(path, f"cannot write: {exc.strerror}", _status(exc)) from exc
    finally:
        mask = _hold_signals()
        try:
            partial.unlink(missing_ok=True)
        finally:
            _release_signals(mask)


def _hold_signals() -> set:
    """Make SIGTERM and SIGINT wait (a few system calls), so that the exception they become
    cannot fall between making a temporary file and the ``try`` that removes it; the mask
    to give back to :func:`_release_signals`."""
    return signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})


def _release_signals(mask: set) -> None:
    signal.pthread_sigmask(signal.SIG_SETMASK, mask)


@contextmanager
def temporary_folder(folder: str | Path) -> Iterator[Path]:
    """A private scratch folder inside ``folder``, named so that :func:`sweep_stale`
    knows it; removed when the block ends, however it ends."""
    mask = _hold_signals()
    try:
        name = tempfile.mkdtemp(dir=folder, prefix=f".teipipe-{os.getpid()}-", suffix=".tmp")
    except OSError as exc:
        _release_signals(mask)
        raise OutputError(folder, f"cannot write: {exc.strerror}", _status(exc)) from exc
    try:
        _release_signals(mask)
        yield Path(name)
    finally:
        mask = _hold_signals()
        try:
            shutil.rmtree(name, ignore_errors=True)
        finally:
            _release_signals(mask)


def _mode_for(path: Path) -> int:
    """The permissions a new version of ``path`` should have."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0o022)  # the only way to read it; put back at once
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write(path: str | Path, data: bytes | str, *, durable: bool = True,
                 sources: Sources | None = None) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new, never half."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    with atomic_target(path, durable=durable, sources=sources) as partial:
        partial.write_bytes(data)


def flush_to_disk() -> None:
    """After a batch of ``atomic_write(..., durable=False)``: put everything on disk."""
    os.sync()


@contextmanager
def locked(path: str | Path) -> Iterator[None]:
    """Hold an exclusive lock for ``path`` (a file that is read, changed and replaced by
    several runs at once, like the personography) until the block ends.

    The lock is on a sidecar ``.NAME.lock`` (the file itself is replaced by a rename, so a
    lock on it would lock the old inode); the sidecar stays, removing it would race.
    """
    import fcntl

    path = Path(path)
    sidecar = path.parent / f".{path.name}.lock"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(sidecar, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    except OSError as exc:
        raise OutputError(sidecar, f"cannot lock: {exc.strerror}", _status(exc)) from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def tei(tag: str) -> str:
    """Clark name of a TEI element: ``tei("p")`` → ``{http://www.tei-c.org/ns/1.0}p``."""
    return f"{{{TEI_NS}}}{tag}"


def tei_maker():  # -> lxml.builder.ElementMaker
    """An element builder for TEI in the default namespace (``E.p("text")``)."""
    from lxml.builder import ElementMaker

    return ElementMaker(namespace=TEI_NS, nsmap={None: TEI_NS})
