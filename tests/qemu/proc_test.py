#!/usr/bin/env python3
"""QEMU tests of procmgr: each runs one `proctest` subcommand and expects
its PASS line and status 0 (see apps/proctest).

    proc_test.py [--system] [--mem=SIZE] SUBCOMMAND...

With --system the machine boots the full system (etc/boot.conf) and
proctest runs at the shell's `$ ` prompt, started through the system's
procmgr and loading programs from ramfs through vfs; without, init boots
bare (--config=none), proctest runs from init's console and starts
bin/procmgr itself over its stand-in vfs."""
import sys

from harness import Checks
from shell_test import Shell


def proctest(name, system):
    def check(m):
        if system:
            out, status = Shell(m).run(f"proctest {name}", timeout=150)
        else:
            out = m.run(f"proctest {name}", timeout=150)
            status = 0 if "init: proctest exited with status 0" in out else None
        mode = "the system's procmgr and vfs" if system else "own procmgr and stand-in vfs"
        assert f"proctest: {mode}" in out, out
        assert f"PASS {name}" in out and "FAIL" not in out, out
        assert status == 0, f"status {status}\n{out}"
    return check


if __name__ == "__main__":
    args = sys.argv[1:]
    system = "--system" in args
    mem = next((a.split("=", 1)[1] for a in args if a.startswith("--mem=")), "128M")
    checks = Checks()
    for name in (a for a in args if not a.startswith("--")):
        machine = {"config": None, "console": "shell"} if system else {"config": "none"}
        checks.run(name, proctest(name, system), mem=mem, **machine)
    checks.finish()
