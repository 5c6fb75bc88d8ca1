#!/usr/bin/env python3
"""QEMU tests of libc's POSIX layer: each runs one `posixtest` group
(apps/posixtest) at the shell's `$ ` prompt in the full system
(etc/boot.conf) and expects its PASS line, no FAIL, and status 0.

    posix_test.py GROUP...

The console group also checks that a child's stdout and stderr, inherited
from the shell (/dev/console), reach the console."""
import sys

from harness import Checks
from shell_test import Shell


def posixtest(name):
    def check(m):
        out, status = Shell(m).run(f"posixtest {name}", timeout=150)
        assert f"PASS {name}" in out and "FAIL" not in out, out
        assert status == 0, f"posixtest {name}: status {status}\n{out}"
        if name == "console":
            assert "posixtest child: hello through stdout\n" in out, out
            assert "posixtest child: hello through stderr\n" in out, out
    return check


if __name__ == "__main__":
    checks = Checks()
    for name in sys.argv[1:]:
        checks.run(name, posixtest(name), config=None, console="shell")
    checks.finish()
