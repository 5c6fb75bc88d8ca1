#!/usr/bin/env python3
"""QEMU tests of IPC: each runs one `ipctest` subcommand through init and
expects its PASS line (see apps/ipctest). Usage: ipc_test.py SUBCOMMAND"""
import sys

from harness import Checks


def ipctest(name):
    def check(m):
        out = m.run(f"ipctest {name}", timeout=120)
        assert f"PASS {name}" in out and "init: ipctest exited with status 0" in out, out
    return check


if __name__ == "__main__":
    checks = Checks()
    for name in sys.argv[1:]:
        checks.run(name, ipctest(name))
    checks.finish()
