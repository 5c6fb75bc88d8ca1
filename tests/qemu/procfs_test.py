#!/usr/bin/env python3
"""QEMU tests of /proc (servers/procfs) in the full system (etc/boot.conf
mounts it), at the shell's `$ ` prompt: `procfstest` checks a running child's status, cmdline and
mounts, meminfo, uptime, /proc/self and that a reaped child is gone (see
apps/procfstest); `listing` reads /proc with fsprobe as any program would.
Usage: procfs_test.py CHECK..."""
import re
import sys

from harness import Checks
from shell_test import Shell

MACHINE_KIB = 128 * 1024  # the harness's -m 128M


def procfstest(m):
    out, status = Shell(m).run("procfstest", timeout=60)
    assert "FAIL" not in out and "PASS procfs" in out, out
    assert status == 0, f"status {status}\n{out}"
    total = int(re.search(r"^MemTotal: +(\d+) kB$", out, re.MULTILINE).group(1))
    free = int(re.search(r"^MemFree: +(\d+) kB$", out, re.MULTILINE).group(1))
    # The kernel manages the RAM past itself, the firmware and the boot
    # archive (which grows with the programs in it): more than half of it.
    assert MACHINE_KIB // 2 < total <= MACHINE_KIB and 0 < free < total, (total, free, out)


def listing(m):
    s = Shell(m)
    out, _ = s.run("fsprobe ls /proc", timeout=30)
    assert "file meminfo" in out and "file uptime" in out and re.search(r"^dir 1$", out, re.MULTILINE), out
    # The fsprobe that lists is itself a process: its pid is there too.
    assert len(re.findall(r"^dir \d+$", out, re.MULTILINE)) >= 2, out
    out, _ = s.run("fsprobe ls /proc/1", timeout=30)
    assert "file status" in out and "file cmdline" in out and "file mounts" in out, out
    out, _ = s.run("fsprobe cat /proc/1/status", timeout=30)
    assert "Name:\tinit\nState:\tR (running)\nPid:\t1\nPPid:\t0\n" in out, out
    out, status = s.run("fsprobe write /proc/uptime 1", timeout=30)
    assert "ReadOnly" in out and status == 1, f"status {status}\n{out}"


CHECKS = {"procfstest": procfstest, "listing": listing}

if __name__ == "__main__":
    checks = Checks()
    for name in sys.argv[1:]:
        checks.run(name, CHECKS[name], config=None, console="shell")
    checks.finish()
