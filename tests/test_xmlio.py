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
