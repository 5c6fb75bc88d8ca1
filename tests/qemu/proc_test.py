#!/usr/bin/env python3
"""QEMU tests of procmgr: each runs one `proctest` subcommand from init's
console and expects its PASS line (see apps/proctest).

    proc_test.py [--system] [--mem=SIZE] SUBCOMMAND...

With --system the machine boots the full system (etc/boot.conf), so
proctest is started through the system's procmgr and loads programs from
ramfs through vfs; without, init boots bare (--config=none) and proctest
starts bin/procmgr itself over its stand-in vfs."""
import sys

from harness import Checks


def proctest(name, system):
    def check(m):
        out = m.run(f"proctest {name}", timeout=150)
        mode = "the system's procmgr and vfs" if system else "own procmgr and stand-in vfs"
        assert f"proctest: {mode}" in out, out
        assert f"PASS {name}" in out and "FAIL" not in out, out
        assert "init: proctest exited with status 0" in out, out
    return check


if __name__ == "__main__":
    args = sys.argv[1:]
    system = "--system" in args
    mem = next((a.split("=", 1)[1] for a in args if a.startswith("--mem=")), "128M")
    checks = Checks()
    for name in (a for a in args if not a.startswith("--")):
        checks.run(name, proctest(name, system), config=None if system else "none", mem=mem)
    checks.finish()
