"""TEI to reading editions: compile the XSLT in ``xslt/`` once, apply it to many files.

All rendering decisions live in the stylesheets; this module only loads input safely,
runs Saxon (saxonche, no Java) and writes results atomically. A :class:`Transformer`
compiles its stylesheet when it is made, so a process that renders a thousand files
pays for compilation once.

Input is untrusted: every document reaches Saxon through :mod:`teipipe.untrusted`, the
one door for XML (checked on its decoded content; Saxon reads the file itself only when
that is provably safe, which is the fast path).
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from teipipe import XSLT_DIR, untrusted
from teipipe.batch import Workers
from teipipe.batch import expand as expand_paths
from teipipe.diagnostics import Diagnostic, InputError
from teipipe.xmlio import (
    OutputError,
    Sources,
    atomic_target,
    flush_to_disk,
    output_target,
    prepare_folder,
    temporary_folder,
)

if TYPE_CHECKING:  # lxml only for files with a DOCTYPE and trees in memory, not at start-up
    from lxml import etree

STYLESHEETS = {"html": "tei-to-html.xsl", "text": "tei-to-text.xsl", "index": "index.xsl"}
SUFFIXES = {"html": ".html", "text": ".txt", "index": ".html"}
STYLES = ("reading", "source")


@dataclass(frozen=True)
class Options:
    """What to render: the format; for text the style and whether pages show; for HTML
    where the CSS comes from ("inline", so that a page opened from file:// works, or an href);
    or another stylesheet altogether, run with the same safe loading, workers and atomic writes.
    """

    to: str = "html"
    style: str = "reading"
    pages: bool = True
    css: str = "inline"
    # A project's own stylesheet instead of ours (output named by `to`). It is trusted: the
    # documents it reads come through the one door, but it can itself read any file the
    # user can (unparsed-text(), doc()), as any XSLT can.
    xslt: Path | None = None

    def __post_init__(self) -> None:
        if self.to not in STYLESHEETS:
            raise ValueError(f"unknown output format {self.to!r}: use html or text")
        if self.style not in STYLES:
            raise ValueError(f"unknown text style {self.style!r}: use reading or source")


class Transformer:
    """One compiled stylesheet, ready for many documents."""

    def __init__(self, options: Options | None = None):
        from saxonche import PySaxonApiError

        self.options = options or Options()
        self.stylesheet = Path(self.options.xslt or XSLT_DIR / STYLESHEETS[self.options.to])
        if not self.stylesheet.is_file():
            raise InputError([Diagnostic(str(self.stylesheet), 0, 0, "error",
                                         "no such stylesheet", "xslt")])
        self._error = PySaxonApiError
        self._proc = untrusted.saxon_processor()
        compiler = self._proc.new_xslt30_processor()
        try:
            self._exe = compiler.compile_stylesheet(stylesheet_file=str(self.stylesheet))
        except PySaxonApiError as exc:  # a broken stylesheet: say which and where
            raise InputError([Diagnostic(str(self.stylesheet), 0, 0, "error",
                                         _clean(exc), "xslt")]) from exc
        if self.options.xslt is None:  # another stylesheet's parameters are its own business
            self._set_parameters()
        self._exe.set_save_xsl_message(True, None)
        # where Saxon reports errors; lives as long as the transformer
        self._report = tempfile.TemporaryFile()  # noqa: SIM115

    def _set_parameters(self) -> None:
        """Our stylesheets' parameters, from the options."""
        if self.options.to == "text":
            self._exe.set_parameter("style", self._proc.make_string_value(self.options.style))
            pages = "lines" if self.options.pages else "none"
            self._exe.set_parameter("pages", self._proc.make_string_value(pages))
        elif self.options.to == "html":
            self._exe.set_parameter("css", self._proc.make_string_value(self.options.css))

    def render(self, path: Path) -> str:
        """The rendering of one TEI file; InputError names the file and what went wrong."""
        path = Path(path)
        return self._run(str(path), lambda: self._load(path))

    def render_tree(self, tree: etree._ElementTree | etree._Element, name: str) -> str:
        """The rendering of a TEI tree held in memory (``name`` is used in messages)."""
        return self._run(name, lambda: untrusted.saxon_tree(self._proc, tree, name))

    def _run(self, name: str, load, to_file: Path | None = None) -> str:
        """The rendering as a string, or "" once Saxon has written it to ``to_file``."""
        self._report.seek(0)
        self._report.truncate()
        self._exe.clear_xsl_messages()
        with _stderr_to(self._report):
            node = load()
            try:
                if to_file is None:
                    return self._exe.transform_to_string(xdm_node=node)
                self._exe.transform_to_file(xdm_node=node, output_file=str(to_file))
                return ""
            except self._error as exc:
                error = exc
        raise InputError([Diagnostic(name, 0, 0, "error",
                                     f"{self.stylesheet.name}: {self._explain(error)}",
                                     "transform")]) from error

    def _explain(self, exc: Exception) -> str:
        """The error, what the stylesheet said about it, and the template it happened in."""
        said = self._exe.get_xsl_messages()
        message = " ".join(str(said).split()) if said is not None else _clean(exc)
        self._report.seek(0)
        report = self._report.read().decode("utf-8", "replace")
        where = re.search(r"In template (\S+) on line (\d+)", report)
        if where is None:
            where = re.search(r"(xsl:template) .*?on line (\d+)", report)
        if where:
            message += f" (in template {where[1]}, line {where[2]})"
        return message

    def render_part(self, path: Path, target: Path, part: str, mark: str) -> None:
        """Half of a large HTML page into ``target``: "head" (the page until half its
        weight: divisions, persons list, notes) or "tail" (the rest), each with the comment
        ``mark`` where they join (see ``_join``).
        """
        self._exe.set_parameter("mark", self._proc.make_string_value(mark))
        self._exe.set_parameter("part", self._proc.make_string_value(part))
        try:
            self._run(str(path), lambda: self._load(path), to_file=target)
        finally:
            self._exe.set_parameter("part", self._proc.make_string_value("all"))

    def render_to(self, path: Path, out_dir: Path, *, durable: bool = True,
                  sources: Sources | None = None, real_dir: Path | None = None) -> Path:
        """Render ``path`` into ``out_dir`` (same stem, .html or .txt), atomically.

        ``durable=False`` leaves the sync to disk to the caller (one for a whole batch).
        Saxon serialises straight into the file: no copy of the page in Java, C and
        Python strings (a 50 MB document: peak memory 645 -> 303 MiB, 15 % less time).
        The page never replaces ``path`` itself nor any other of ``sources``;
        ``real_dir`` is ``out_dir`` already made and resolved (by a batch, once).
        """
        path = Path(path)
        out = Path(out_dir) / output_name(path, self.options)
        with atomic_target(out, durable=durable, sources=sources or Sources([path]),
                           real_parent=real_dir) as partial:
            self._run(str(path), lambda: self._load(path), to_file=partial)
        return out

    def _load(self, path: Path):
        """The document as a Saxon node, through the one door (InputError if refused)."""
        return untrusted.saxon_document(self._proc, path)


@contextmanager
def _stderr_to(sink) -> Iterator[None]:
    """Send the process's stderr (where Saxon prints its reports) to ``sink`` for a while."""
    sys.stderr.flush()
    saved = os.dup(2)
    os.dup2(sink.fileno(), 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _clean(exc: Exception) -> str:
    """Saxon's message on one line, without the engine's boilerplate or JDK setting names."""
    return untrusted.saxon_message(exc)


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files as given, folders as the ``*.xml`` files under them (:func:`teipipe.batch.expand`)."""
    return expand_paths(paths)


def output_name(path: Path, options: Options) -> str:
    """The file name ``path`` is rendered to: its stem and .html or .txt."""
    return Path(path).stem + SUFFIXES[options.to]


# Below this many files one process is faster than starting workers (each compiles).
PARALLEL_FROM = 64
# From this size a single HTML page is rendered by two processes, each parsing the document
# and rendering half of it (50 MB: 15.8 s -> 8.5-9.9 s on two cores, benchmarks/transform.md);
# below it the second parse and process cost more than they save.
SPLIT_FROM = 8_000_000


def transform_paths(paths: Iterable[Path], out_dir: Path, options: Options,
                    transformer: Transformer | None = None, workers: int | None = None,
                    protect: Iterable[Path] = ()) -> tuple[list[Path], list[Diagnostic]]:
    """Render every file into ``out_dir``; a bad file is reported, the others still done.

    Many files are shared out to ``workers`` processes (default: one per CPU), each of
    which compiles the stylesheet once and renders its share in order; an HTML page of
    ``SPLIT_FROM`` bytes or more is rendered by two processes, half each. Files are synced
    to disk once, at the end, not one by one (a per-file fsync cost more than the render).
    No page replaces an input, the stylesheet or a file of ``protect`` (the rest of a
    build's inputs); if one would, OutputError says so before anything is rendered.
    """
    files = expand(paths)
    sources = Sources([*files, *protect])
    if options.xslt is not None:
        sources.add([options.xslt])
    real_dir = check_outputs(files, out_dir, options, sources)
    try:
        written, problems = _share_out(files, real_dir, options, transformer, workers, sources)
    finally:
        flush_to_disk()
    return [Path(out_dir) / page.name for page in written], problems  # as the caller named it


def check_outputs(files: list[Path], out_dir: Path, options: Options,
                  sources: Sources) -> Path:
    """Before anything is rendered: make ``out_dir`` and check that no page would replace
    an input (``--to text X.txt -o .``), something not a regular file, or another page of
    the run; the folder's real path, or OutputError with one line per bad output."""
    real_dir = prepare_folder(out_dir)
    problems: list[Diagnostic] = []
    status = 1
    made: dict[str, Path] = {}
    for path in files:
        name = output_name(path, options)
        try:
            output_target(Path(out_dir) / name, sources, real_dir)
        except OutputError as exc:
            problems += exc.diagnostics
            status = max(status, exc.exit_code)
            continue
        if name in made:
            problems.append(Diagnostic(str(Path(out_dir) / name), 0, 0, "error",
                                       f"both {made[name]} and {path} would be rendered "
                                       "here; rename one or render them apart", "output"))
        made.setdefault(name, path)
    if problems:
        raise OutputError.of(problems, status)
    return real_dir


def _share_out(files: list[Path], out_dir: Path, options: Options,
               transformer: Transformer | None, workers: int | None, sources: Sources
               ) -> tuple[list[Path], list[Diagnostic]]:
    """``out_dir`` is made and real (see ``check_outputs``)."""
    cpus = workers or os.cpu_count() or 1
    if cpus >= 2 and options.to == "html" and options.xslt is None:
        large = [path for path in files if _size(path) >= SPLIT_FROM]
        if large:
            files = [path for path in files if path not in large]
            written, problems = _render_large(large, out_dir, options, transformer, sources)
            more, failed = _share_out(files, out_dir, options, transformer, workers, sources)
            return written + more, problems + failed
    workers = min(cpus, max(1, len(files) // (PARALLEL_FROM // 2)))
    if workers < 2 or len(files) < PARALLEL_FROM:
        return _render_all(files, out_dir, options, transformer, sources)
    shares = [files[i::workers] for i in range(workers)]
    # This process renders the first share while workers render the others; workers are
    # forked while Saxon is not loaded here, spawned otherwise (teipipe.batch).
    with Workers(workers - 1) as pool:
        for i, share in enumerate(shares[1:]):
            pool.submit(i, _render_all, share, out_dir, options, None, sources)
        written, problems = _render_all(shares[0], out_dir, options, transformer, sources)
        for i in range(len(pool)):
            done, failed = pool.result(i)
            written += done
            problems += failed
    return written, problems


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # reported when it is rendered


def _render_large(files: list[Path], out_dir: Path, options: Options,
                  transformer: Transformer | None, sources: Sources
                  ) -> tuple[list[Path], list[Diagnostic]]:
    """Each large document rendered by two processes at once: a worker renders the tail of
    the page while this process renders its head; the halves are joined at a mark only
    they know. The page is byte for byte the one a single process makes (tested)."""
    written: list[Path] = []
    problems: list[Diagnostic] = []
    with Workers(1) as pool:
        for path in files:
            out = Path(out_dir) / output_name(path, options)
            mark = f"teipipe-join-{uuid.uuid4().hex}"
            try:
                with temporary_folder(out_dir) as tmp:
                    head, tail = Path(tmp) / "head.html", Path(tmp) / "tail.html"
                    pool.submit(0, _render_part, path, tail, options, "tail", mark)
                    transformer = transformer or Transformer(options)
                    try:
                        transformer.render_part(path, head, "head", mark)
                    except InputError:
                        _outcome(pool)  # the worker free for the next page
                        raise
                    tail_error = _outcome(pool)
                    if tail_error is not None:
                        raise tail_error
                    with atomic_target(out, durable=False, sources=sources,
                                       real_parent=out_dir) as partial:
                        _join(head, tail, f"<!--{mark}-->".encode(), partial)
                written.append(out)
            except InputError as exc:
                problems += exc.diagnostics
    return written, problems


def _outcome(pool: Workers) -> InputError | None:
    """The worker's half done: None, or the InputError it raised (anything else raises)."""
    try:
        pool.result(0)
    except InputError as exc:
        return exc
    return None


def _render_part(path: Path, target: Path, options: Options, part: str, mark: str) -> None:
    """In a worker: one half of a large page (compiling costs little next to the render)."""
    Transformer(options).render_part(path, target, part, mark)


def _join(head: Path, tail: Path, mark: bytes, target: Path) -> None:
    """The head up to the mark, then the tail after it; the head alone when it has no mark
    (a page of fewer than two units is not shared out: the head is then the whole page)."""
    import mmap

    with target.open("wb") as out:
        with head.open("rb") as h, mmap.mmap(h.fileno(), 0, access=mmap.ACCESS_READ) as page:
            cut = page.find(mark)
            with memoryview(page) as view:
                out.write(view if cut < 0 else view[:cut])
        if cut < 0:
            return
        with tail.open("rb") as t, mmap.mmap(t.fileno(), 0, access=mmap.ACCESS_READ) as page:
            start = page.find(mark)
            if start < 0:
                raise RuntimeError(f"the tail of {head} lacks the join mark")  # our bug
            with memoryview(page) as view:
                out.write(view[start + len(mark):])


def _render_all(files: list[Path], out_dir: Path, options: Options,
                transformer: Transformer | None = None, sources: Sources | None = None
                ) -> tuple[list[Path], list[Diagnostic]]:
    """Render ``files`` in this process into ``out_dir`` (made and real)."""
    transformer = transformer or Transformer(options)
    written: list[Path] = []
    problems: list[Diagnostic] = []
    for path in files:
        try:
            written.append(transformer.render_to(path, out_dir, durable=False,
                                                 sources=sources, real_dir=out_dir))
        except InputError as exc:
            problems += exc.diagnostics
    return written, problems
