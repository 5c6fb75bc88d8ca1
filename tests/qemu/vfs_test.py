#!/usr/bin/env python3
"""QEMU tests of the vfs server: each runs one `vfstest` check through init
and expects its PASS line (see apps/vfstest). vfstest starts its own vfs over
two ramfs instances. Usage: vfs_test.py CHECK"""
import sys

from harness import Checks


def vfstest(name):
    def check(m):
        out = m.run(f"vfstest {name}", timeout=120)
        assert f"PASS {name}" in out and "init: vfstest exited with status 0" in out, out
    return check


if __name__ == "__main__":
    checks = Checks()
    for name in sys.argv[1:]:
        checks.run(name, vfstest(name))
    checks.finish()
