"""Atomic writes: whole files or none, with the permissions a plain write would give."""

from __future__ import annotations

import os
import stat

import pytest

from teipipe.xmlio import atomic_target, atomic_write


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_a_new_file_gets_the_umask_permissions_not_private_ones(tmp_path, umask_022):
    target = tmp_path / "page.html"
    atomic_write(target, "<p>x</p>")
    assert target.read_text() == "<p>x</p>"
    assert mode(target) == 0o644  # readable by a web server, as open() would make it


def test_a_replaced_file_keeps_its_permissions(tmp_path, umask_022):
    target = tmp_path / "page.html"
    target.write_text("old")
    target.chmod(0o640)
    atomic_write(target, "new", durable=False)
    assert target.read_text() == "new"
    assert mode(target) == 0o640


def test_a_failed_write_keeps_the_old_file_and_leaves_nothing_behind(tmp_path):
    target = tmp_path / "page.html"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_target(target) as partial:
        partial.write_text("half")
        raise RuntimeError("the writer failed")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.html"]


def test_an_output_error_is_one_line_an_input_error_and_an_os_error(tmp_path):
    """Callers that skip an optional write (the schema caches) catch OSError: still do."""
    from teipipe.diagnostics import InputError
    from teipipe.xmlio import OutputError

    (tmp_path / "folder").mkdir()
    with pytest.raises(OutputError) as caught:
        atomic_write(tmp_path / "folder", "x")
    assert isinstance(caught.value, InputError) and isinstance(caught.value, OSError)
    assert str(caught.value) == f"{tmp_path / 'folder'}: error [output]: is a folder, not a file"
    assert caught.value.exit_code == 2
    import pickle

    again = pickle.loads(pickle.dumps(caught.value))  # from a worker process
    assert (again.diagnostics, again.exit_code) == (caught.value.diagnostics, 2)


def test_temporary_files_carry_the_name_teipipe_sweeps(tmp_path):
    from teipipe.xmlio import is_temporary

    with atomic_target(tmp_path / "page.html") as partial:
        assert partial.name.startswith(f".page.html.teipipe-{os.getpid()}-")
        assert is_temporary(partial.name)
