#!/usr/bin/env python3
"""QEMU tests of pipes (servers/pipe, /dev/pipe): each runs a `pipetest`
check at the shell's `$ ` prompt in the full system (etc/boot.conf starts the pipe
server) and expects its PASS line and exit status 0 (see apps/pipetest).
Usage: pipe_test.py CHECK..."""
import re
import sys

from harness import Checks
from shell_test import Shell

EXPECTED = {
    "order": r"PASS order: \d+ bytes in 400 writes",
    "mib": "PASS mib: 1048576 bytes in",
    "atomic": "PASS atomic: 256 records of 4096 bytes",
    "eof": "PASS eof",
    "epipe": "PASS epipe",
    "killed": "PASS killed",
    "nonblock": "PASS nonblock",
    "malformed": "PASS malformed",
}


def pipetest(name):
    def check(m):
        out, status = Shell(m).run(f"pipetest {name}", timeout=120)
        assert "FAIL" not in out, out
        assert status == 0, f"status {status}\n{out}"
        assert re.search(EXPECTED[name], out), out
    return check


if __name__ == "__main__":
    checks = Checks()
    for name in sys.argv[1:]:
        checks.run(name, pipetest(name), config=None, console="shell")
    checks.finish()
