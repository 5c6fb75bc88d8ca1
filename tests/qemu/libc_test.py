#!/usr/bin/env python3
"""QEMU tests of the C library's target-only parts: each runs a `libctest`
subcommand at the shell's `$ ` prompt in the full system (etc/boot.conf: vfs,
/dev/rtc) and expects its PASS line (see apps/libctest). clock also
compares the CLOCK_REALTIME it printed with the host's clock (QEMU's RTC
starts at the host's time).
Usage: libc_test.py CHECK..."""
import re
import sys
from datetime import datetime, timedelta, timezone

from harness import Checks
from shell_test import Shell


def libctest(name):
    def check(m):
        out, status = Shell(m).run(f"libctest {name}", timeout=60)
        assert f"PASS {name}" in out and status == 0, f"status {status}\n{out}"
        return out
    return check


def clock(m):
    out = libctest("clock")(m)
    found = re.search(r"realtime: (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)", out)
    assert found, out
    guest = datetime.strptime(found.group(1), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    assert abs(guest - datetime.now(timezone.utc)) < timedelta(minutes=5), (guest, out)


def sleep(m):
    out = libctest("sleep")(m)
    sleeps = re.findall(r"nanosleep (\d+) ns: slept (\d+) ns", out)
    assert len(sleeps) == 3 and all(int(slept) >= int(asked) for asked, slept in sleeps), out


CHECKS = {
    "setjmp": libctest("setjmp"),
    "clock": clock,
    "sleep": sleep,
    "numbers": libctest("numbers"),
    "math": libctest("math"),
    "env": libctest("env"),
}

if __name__ == "__main__":
    checks = Checks()
    for name in sys.argv[1:]:
        checks.run(name, CHECKS[name], config=None, console="shell")
    checks.finish()
