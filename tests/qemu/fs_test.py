#!/usr/bin/env python3
"""QEMU tests of the file-system servers through apps/fstest: `fstest ramfs`
starts a ramfs of its own and drives FileSystem and File against it;
`fstest bootfs +bootfs` starts one with the boot archive. Each check expects
fstest's PASS lines and a clean exit. init runs with --config=none, so the
console holds the boot archive and starts fstest itself.

Usage: fs_test.py CHECK..."""
import sys

from harness import Checks

RAMFS_TESTS = [
    "files", "access", "bulk", "directories", "errors", "clone", "malformed", "limits", "full", "openfor", "shutdown",
    "nohandles"
]


def ramfs(m):
    out = m.run("fstest ramfs", timeout=150)
    for name in RAMFS_TESTS:
        assert f"PASS {name}" in out, f"no PASS {name}:\n{out}"
    assert "FAIL" not in out and "init: fstest exited with status 0" in out, out


def bootfs(m):
    out = m.run("fstest bootfs +bootfs", timeout=150)
    assert "ramfs: " in out and "files and" in out, out
    assert "PASS bootfs" in out and "PASS shutdown" in out, out
    assert "FAIL" not in out and "init: fstest exited with status 0" in out, out


CHECKS = {"ramfs": ramfs, "bootfs": bootfs}

if __name__ == "__main__":
    checks = Checks()
    for name in sys.argv[1:]:
        checks.run(name, CHECKS[name], append="--config=none")
    checks.finish()
